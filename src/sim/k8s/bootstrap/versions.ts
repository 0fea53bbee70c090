/**
 * Everything about a fresh kubeadm cluster that depends on the Kubernetes minor version, in one
 * table. Two eras are modelled: the textbook's (1.21: k8s.gcr.io, Docker via dockershim, Ubuntu
 * 20.04, the `master` role) and a recent one (1.33: registry.k8s.io, containerd, Ubuntu 24.04,
 * the `control-plane` role). Minors in between take the nearest era for images and runtime, and
 * the exact cut-over minor for each behaviour that changed (see the `since*` helpers).
 *
 * Image tags are kubeadm's pins for the release (cmd/kubeadm/app/constants: etcd, CoreDNS,
 * pause), as seen in `kubectl get node -o yaml` images lists of real 1.21 and 1.33 clusters.
 */

export interface VersionProfile {
  minor: number;
  patch: number;
  /** `v1.21.14` */
  gitVersion: string;
  registry: string;
  etcdImage: string;
  coreDnsImage: string;
  pauseImage: string;
  /** containerRuntimeVersion as the kubelet reports it. */
  runtime: "docker" | "containerd";
  runtimeVersion: string;
  /** kubeadm.alpha.kubernetes.io/cri-socket */
  criSocket: string;
  osImage: string;
  kernelVersion: string;
  calicoVersion: string;
  /** kubeadm's ClusterConfiguration apiVersion. */
  kubeadmApiVersion: string;
}

import { VERSIONS } from "../versions.ts";

/** The patch release of each modelled minor: the one the version table (kubectl version) names. */
const DEFAULT_PATCH: Record<number, number> = Object.fromEntries(
  Object.values(VERSIONS).map((v) => [v.minor, Number(v.gitVersion.split(".")[2])]),
);

export function versionProfile(minor: number, patch?: number): VersionProfile {
  const legacy = minor < 24;
  const p = patch ?? DEFAULT_PATCH[minor] ?? 0;
  const registry = minor >= 25 ? "registry.k8s.io" : "k8s.gcr.io";
  return {
    minor,
    patch: p,
    gitVersion: `v1.${minor}.${p}`,
    registry,
    etcdImage: `${registry}/etcd:${legacy ? "3.4.13-0" : "3.5.21-0"}`,
    coreDnsImage: `${registry}/coredns/coredns:${legacy ? "v1.8.0" : "v1.12.0"}`,
    pauseImage: `${registry}/pause:${legacy ? "3.4.1" : "3.10"}`,
    runtime: legacy ? "docker" : "containerd",
    runtimeVersion: legacy ? "docker://20.10.21" : "containerd://1.7.27",
    criSocket: legacy ? "/var/run/dockershim.sock" : "unix:///var/run/containerd/containerd.sock",
    osImage: legacy ? "Ubuntu 20.04.6 LTS" : "Ubuntu 24.04.2 LTS",
    kernelVersion: legacy ? "5.4.0-150-generic" : "6.8.0-60-generic",
    calicoVersion: legacy ? "v3.21.6" : "v3.30.3",
    kubeadmApiVersion:
      minor >= 31 ? "kubeadm.k8s.io/v1beta4" : minor >= 22 ? "kubeadm.k8s.io/v1beta3" : "kubeadm.k8s.io/v1beta2",
  };
}

/** Legacy ServiceAccount token Secrets are auto-created before 1.24 (LegacyServiceAccountTokenNoAutoGeneration). */
export const hasLegacyTokenSecrets = (minor: number): boolean => minor < 24;

/** kubeadm labels and taints control-plane nodes `node-role.kubernetes.io/master` until 1.24 (label) / 1.25 (taint). */
export const hasMasterLabel = (minor: number): boolean => minor < 24;
export const hasMasterTaint = (minor: number): boolean => minor < 25;
/** kubeadm 1.20 added the `control-plane` label; the `control-plane` taint came in 1.24. */
export const hasControlPlaneLabel = (minor: number): boolean => minor >= 20;
export const hasControlPlaneTaint = (minor: number): boolean => minor >= 24;

/** PodReadyToStartContainers pod condition: beta and on by default since 1.29. */
export const hasPodReadyToStartContainers = (minor: number): boolean => minor >= 29;

/** The kubelet-config ConfigMap lost its `-1.x` suffix in 1.24 (UnversionedKubeletConfigMap). */
export const kubeletConfigMapName = (minor: number): string =>
  minor >= 24 ? "kubelet-config" : `kubelet-config-1.${minor}`;

/** kubeadm grants `kubeadm:cluster-admins` instead of system:masters in admin.conf since 1.29. */
export const hasKubeadmClusterAdmins = (minor: number): boolean => minor >= 29;
