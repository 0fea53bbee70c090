/**
 * The ServiceAccount admission plugin: a pod runs as `default` unless it names an account,
 * the account must exist, and the pod gets the projected `kube-api-access-*` volume
 * (BoundServiceAccountTokenVolume, on by default since 1.21) mounted in every container.
 */

import { deepFreeze } from "../../core/freeze.ts";
import { ok } from "../../core/status.ts";
import type { AdmissionPlugin } from "./index.ts";
import { admissionForbidden } from "./index.ts";

export const SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

export const serviceAccount: AdmissionPlugin = (op, t, pod, _old, api) => {
  if (op !== "CREATE" || t.kind !== "Pod") return ok(undefined);
  const spec = pod.spec ?? {};
  // Mirror pods (static pods) are left alone, as upstream does.
  if (pod.metadata.annotations?.["kubernetes.io/config.mirror"]) return ok(undefined);
  const name: string = spec.serviceAccountName || spec.serviceAccount || "default";
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
  const ns = pod.metadata.namespace ?? "default";
  const sa = api.store.get("serviceaccounts", ns, name);
  if (!sa) {
    return admissionForbidden(
      t,
      pod.metadata.name ?? "",
      `error looking up service account ${ns}/${name}: serviceaccount "${name}" not found`,
    );
  }
  const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
  if (!automount) return ok(undefined);
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  if (mountsToken(containers)) return ok(undefined);
  const volumeName = `kube-api-access-${api.ids.suffix(5)}`;
  // concat rather than a spread: a spread array keeps room for 17 elements, and every pod
  // stores these arrays for as long as it lives.
  spec.volumes = appended(spec.volumes, projectedTokenVolume(volumeName));
  for (const c of containers) {
    c.volumeMounts = appended(c.volumeMounts, { mountPath: SERVICE_ACCOUNT_MOUNT, name: volumeName, readOnly: true });
  }
  pod.spec = spec;
  return ok(undefined);
};

/** Whether a container mounts something at the token's path already. */
function mountsToken(containers: { volumeMounts?: { mountPath?: string }[] }[]): boolean {
  for (const c of containers) {
    const mounts: readonly { mountPath?: string }[] = c.volumeMounts ?? [];
    // A plain loop over a list: every pod created asks. Anything else answers as it always has.
    if (!Array.isArray(mounts)) {
      if (mounts.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT)) return true;
      continue;
    }
    for (let i = 0; i < mounts.length; i++) if (mounts[i].mountPath === SERVICE_ACCOUNT_MOUNT) return true;
  }
  return false;
}

/** `[...list, item]`, at its size when `list` is an array. */
function appended(list: unknown, item: unknown): unknown[] {
  return Array.isArray(list) ? list.concat([item]) : [...((list as Iterable<unknown>) ?? []), item];
}

/** The kube-api-access-<5> volume the plugin adds, with the frozen sources every pod shares. */
export function projectedTokenVolume(name: string) {
  return { name, projected: PROJECTED };
}

/**
 * The volume's sources, the same for every pod: stored objects are read-only, so one frozen
 * copy serves them all (a Deployment of 150,000 replicas held 150,000 copies of a dozen objects).
 */
const PROJECTED = deepFreeze({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
    { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
    {
      downwardAPI: {
        items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
      },
    },
  ],
});
