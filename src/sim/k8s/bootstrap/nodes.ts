/**
 * Nodes as the kubelet registers them and kubeadm marks them, plus their heartbeat Leases.
 *
 * Labels/taints per version (kubeadm cmd/kubeadm/app/constants, phases/markcontrolplane):
 *   1.20-1.23  label node-role.kubernetes.io/master="" and node-role.kubernetes.io/control-plane="",
 *              taint node-role.kubernetes.io/master:NoSchedule
 *   1.24       both labels' master half gone; taints master + control-plane
 *   1.25+      label and taint node-role.kubernetes.io/control-plane only
 *   all        node.kubernetes.io/exclude-from-external-load-balancers="" on the control plane
 * Conditions and messages are the kubelet's (pkg/kubelet/nodestatus/setters.go); Calico adds
 * NetworkUnavailable=False "Calico is running on this node".
 */
import type { KObject } from "../api/object.ts";
import { type BootstrapContext, meta } from "./context.ts";
import type { NodeCapacity, NodeSpec, ResolvedNode, Taint } from "./types.ts";
import { hasControlPlaneLabel, hasControlPlaneTaint, hasMasterLabel, hasMasterTaint } from "./versions.ts";

/** The default environment: control plane `k8s-m`, workers `k8s-w1`..`k8s-w3`. */
export function defaultNodes(_minor: number): NodeSpec[] {
  return [
    { name: "k8s-m", role: "control-plane", internalIP: "192.168.0.10" },
    { name: "k8s-w1", role: "worker", internalIP: "192.168.0.11" },
    { name: "k8s-w2", role: "worker", internalIP: "192.168.0.12" },
    { name: "k8s-w3", role: "worker", internalIP: "192.168.0.13" },
  ];
}

/** The taints kubeadm puts on a control-plane node of that version. */
export function controlPlaneTaint(minor: number): Taint[] {
  const taints: Taint[] = [];
  if (hasMasterTaint(minor)) taints.push({ effect: "NoSchedule", key: "node-role.kubernetes.io/master" });
  if (hasControlPlaneTaint(minor)) taints.push({ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" });
  return taints;
}

/** The labels kubeadm adds to a control-plane node of that version (on top of the kubelet's). */
export function controlPlaneLabels(minor: number): Record<string, string> {
  const labels: Record<string, string> = {};
  if (hasControlPlaneLabel(minor)) labels["node-role.kubernetes.io/control-plane"] = "";
  if (hasMasterLabel(minor)) labels["node-role.kubernetes.io/master"] = "";
  labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  return labels;
}

export const DEFAULT_CAPACITY: Required<NodeCapacity> = {
  cpu: "2",
  memory: "4015472Ki",
  pods: "110",
  "ephemeral-storage": "30297152Ki",
};

/**
 * Gives each node its IP, its /24 of the pod network (in spec order) and a uid. Addresses run
 * on across the whole /16 rather than past the end of the last octet: node 246 of
 * 192.168.0.10 + i is 192.168.1.0. A /16 pod network has 256 blocks; a cluster with more nodes
 * has a wider one in truth, so block 256 of 10.244.0.0/16 continues as 10.245.0.0/24, wrapping
 * within 10.0.0.0/8 (block 3072 is 10.0.0.0/24). Clusters of up to 256 nodes are as before.
 */
export function resolveNodes(specs: NodeSpec[], podCidr: string, uid: () => string): ResolvedNode[] {
  const [a, b] = podCidr.split("/")[0].split(".");
  return specs.map((spec, i) => ({
    spec,
    name: spec.name,
    controlPlane: spec.role === "control-plane",
    ip: spec.internalIP ?? `192.168.${(10 + i) >> 8}.${(10 + i) & 255}`,
    podCidr: `${a}.${(Number(b) + (i >> 8)) & 255}.${i & 255}.0/24`,
    uid: uid(),
    nextPodHost: 1,
  }));
}

/** Takes the next pod IP on a node (Calico hands out addresses from the node's block). */
export function allocatePodIP(node: ResolvedNode): string {
  const base = node.podCidr.split("/")[0].split(".");
  const ip = `${base[0]}.${base[1]}.${base[2]}.${node.nextPodHost}`;
  node.nextPodHost += 1;
  return ip;
}

/** Node registration times: the control plane at init, workers joining a minute apart after. */
export function nodeJoinedAt(ctx: BootstrapContext, node: ResolvedNode): number {
  if (node.controlPlane) return 0;
  return 60 + 20 * (workerIndex(ctx).get(node) ?? -1);
}

/** Each worker's place among the workers, found once per bootstrap (asked per node by several builders). */
function workerIndex(ctx: BootstrapContext): Map<ResolvedNode, number> {
  let index = workerIndexes.get(ctx);
  if (!index) {
    index = new Map();
    for (const n of ctx.nodes) if (!n.controlPlane) index.set(n, index.size);
    workerIndexes.set(ctx, index);
  }
  return index;
}

const workerIndexes = new WeakMap<BootstrapContext, Map<ResolvedNode, number>>();

export function buildNode(ctx: BootstrapContext, node: ResolvedNode): KObject {
  const { v } = ctx;
  const joined = nodeJoinedAt(ctx, node);
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": node.name,
    "kubernetes.io/os": "linux",
    ...(node.controlPlane ? controlPlaneLabels(v.minor) : {}),
    ...node.spec.labels,
  };
  const taints = node.spec.taints ?? (node.controlPlane ? controlPlaneTaint(v.minor) : []);
  const capacity = { ...DEFAULT_CAPACITY, ...node.spec.capacity };
  const tunnel = node.podCidr.split("/")[0];
  const m = meta(ctx, {
    name: node.name,
    labels,
    annotations: {
      "kubeadm.alpha.kubernetes.io/cri-socket": v.criSocket,
      "node.alpha.kubernetes.io/ttl": "0",
      "projectcalico.org/IPv4Address": `${node.ip}/24`,
      "projectcalico.org/IPv4IPIPTunnelAddr": tunnel,
      "volumes.kubernetes.io/controller-managed-attach-detach": "true",
    },
    createdAt: joined,
  });
  // The node's uid was drawn when it was resolved, so pods can point at it before it is built.
  m.uid = node.uid;
  const spec: Record<string, unknown> = { podCIDR: node.podCidr, podCIDRs: [node.podCidr] };
  if (taints.length) spec.taints = taints;
  const heartbeat = ctx.at(CLUSTER_HEARTBEAT);
  const since = ctx.at(joined);
  const ready = ctx.at(joined + 30);
  // Ubuntu hosts run AppArmor; kubelets before 1.24 appended that to the Ready message.
  const readyMessage =
    v.minor < 24 ? "kubelet is posting ready status. AppArmor enabled" : "kubelet is posting ready status";
  const condition = (type: string, status: string, reason: string, message: string, transition = since) => ({
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: transition,
    message,
    reason,
    status,
    type,
  });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: m,
    spec,
    status: {
      addresses: [
        { address: node.ip, type: "InternalIP" },
        { address: node.name, type: "Hostname" },
      ],
      allocatable: resourceList(allocatable(capacity)),
      capacity: resourceList(capacity),
      conditions: [
        {
          lastHeartbeatTime: ctx.at(joined + 40),
          lastTransitionTime: ctx.at(joined + 40),
          message: "Calico is running on this node",
          reason: "CalicoIsUp",
          status: "False",
          type: "NetworkUnavailable",
        },
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition("Ready", "True", "KubeletReady", readyMessage, ready),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64",
        bootID: ctx.ids.uid(),
        containerRuntimeVersion: v.runtimeVersion,
        kernelVersion: v.kernelVersion,
        // Deprecated in 1.31 (DisableNodeKubeProxyVersion): the kubelet leaves it empty.
        kubeProxyVersion: v.minor >= 31 ? "" : v.gitVersion,
        kubeletVersion: v.gitVersion,
        machineID: ctx.ids.hex(32),
        operatingSystem: "linux",
        osImage: v.osImage,
        systemUUID: ctx.ids.uid(),
      },
    },
  };
}

/** The last node status heartbeat: a few seconds before the simulation starts. */
const CLUSTER_HEARTBEAT = 590;

/** Kubelet defaults: allocatable = capacity - evictionHard (memory.available<100Mi, nodefs.available<10%). */
function allocatable(capacity: Required<NodeCapacity>): Required<NodeCapacity> {
  const memKi = toKi(capacity.memory);
  const diskKi = toKi(capacity["ephemeral-storage"]);
  return {
    ...capacity,
    memory: memKi === undefined ? capacity.memory : `${memKi - 102400}Ki`,
    "ephemeral-storage": diskKi === undefined ? capacity["ephemeral-storage"] : String(Math.floor(diskKi * 1024 * 0.9)),
  };
}

function resourceList(c: Required<NodeCapacity>): Record<string, string> {
  return {
    cpu: c.cpu,
    "ephemeral-storage": c["ephemeral-storage"],
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: c.memory,
    pods: c.pods,
  };
}

function toKi(quantity: string): number | undefined {
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === "Ki") return n;
  if (m[2] === "Mi") return n * 1024;
  if (m[2] === "Gi") return n * 1024 * 1024;
  return Math.floor(n / 1024);
}

/** The kubelet's heartbeat Lease in kube-node-lease, owned by its Node. */
export function buildNodeLease(ctx: BootstrapContext, node: ResolvedNode, nodeObj: KObject): KObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: meta(ctx, {
      name: node.name,
      namespace: "kube-node-lease",
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.name, uid: nodeObj.metadata.uid! }],
      createdAt: nodeJoinedAt(ctx, node) + 1,
    }),
    spec: {
      holderIdentity: node.name,
      leaseDurationSeconds: 40,
      renewTime: `${ctx.at(595).slice(0, 19)}.000000Z`,
    },
  };
}
