/**
 * Everything that depends on the emulated Kubernetes version lives in this table or is keyed
 * by `minor` (API versions served: api/resources.ts; control-plane taint and label:
 * bootstrap/). kubectl is the same version as the cluster, as on a kubeadm install.
 */
export interface KubernetesVersion {
  minor: number;
  gitVersion: string;
  gitCommit: string;
  buildDate: string;
  goVersion: string;
  /** kubectl 1.24+ prints a Kustomize line in `kubectl version`. */
  kustomizeVersion?: string;
  /** The container runtime kubeadm clusters of this era ran. */
  containerRuntime: string;
}

export const VERSIONS: Record<string, KubernetesVersion> = {
  "1.21": {
    minor: 21,
    gitVersion: "v1.21.14",
    gitCommit: "0f77da5bd4809927e15d1658fb4aa8f13ad890a5",
    buildDate: "2022-06-15T14:17:29Z",
    goVersion: "go1.16.15",
    containerRuntime: "docker://20.10.21",
  },
  "1.33": {
    minor: 33,
    gitVersion: "v1.33.1",
    gitCommit: "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
    buildDate: "2025-05-15T08:19:08Z",
    goVersion: "go1.24.2",
    kustomizeVersion: "v5.6.0",
    containerRuntime: "containerd://1.7.27",
  },
};

export const DEFAULT_VERSION = "1.33";

export type VersionLookup = { ok: true; version: KubernetesVersion } | { ok: false; error: string };

/** Accepts `1.33`, `v1.33`, `1.33.1`. */
export function lookupVersion(text: string | undefined): VersionLookup {
  const raw = (text ?? DEFAULT_VERSION).trim().replace(/^v/, "");
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(raw);
  const key = m ? `${m[1]}.${m[2]}` : raw;
  const version = VERSIONS[key];
  if (!version) {
    return {
      ok: false,
      error: `unsupported Kubernetes version "${text}": supported versions are ${Object.keys(VERSIONS).join(", ")}`,
    };
  }
  return { ok: true, version };
}
