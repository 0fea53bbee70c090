/** The inputs of a fresh kubeadm cluster, and the context every bootstrap builder shares. */
import type { Clock } from "../../core/clock.ts";
import type { Ids } from "../../core/ids.ts";

export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  timeAdded?: string;
}

export interface NodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
  "ephemeral-storage"?: string;
}

export interface NodeSpec {
  name: string;
  role: "control-plane" | "worker";
  /** Extra labels, merged over the ones kubelet and kubeadm set. */
  labels?: Record<string, string>;
  /** Replaces the default taints (the control-plane taint on a control-plane node). */
  taints?: Taint[];
  capacity?: NodeCapacity;
  internalIP?: string;
}

export interface BootstrapOptions {
  /** Kubernetes minor version, e.g. 21 or 33. */
  minor: number;
  patch?: number;
  nodes: NodeSpec[];
  clock: Clock;
  ids: Ids;
  /** `kubeadm init --pod-network-cidr`; also Calico's CALICO_IPV4POOL_CIDR. Default 10.244.0.0/16. */
  podCidr?: string;
  /** `kubeadm init --service-cidr`. Default 10.96.0.0/12. */
  serviceCidr?: string;
}

/** A node after defaults are applied: everything the builders need to know about it. */
export interface ResolvedNode {
  spec: NodeSpec;
  name: string;
  controlPlane: boolean;
  ip: string;
  /** This node's slice of the pod network, e.g. 10.244.1.0/24. */
  podCidr: string;
  uid: string;
  /** Next free host number in podCidr for a pod IP (the .0 address is Calico's tunnel address). */
  nextPodHost: number;
}
