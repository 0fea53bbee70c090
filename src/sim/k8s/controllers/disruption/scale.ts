/**
 * getExpectedScale: the denominator of a percentage budget is the sum of the scales of the
 * controllers behind the selected pods, each counted once. The finders, in upstream order:
 * ReplicationController; ReplicaSet owned by a Deployment -> the Deployment's replicas;
 * a ReplicaSet of its own; StatefulSet. Example: 3 pods of Deployment web (replicas 3) and 2 of
 * StatefulSet db (replicas 2) -> 5.
 *
 * A pod with no controller: in 1.21 an error ("found no controller ref for pod"); from 1.26 the
 * pod is left out and reported as unmanaged. A pod whose controller is of another kind (a Job,
 * a DaemonSet) or is gone: "found no controllers for pod".
 */
import type { KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";

export type ScaleResult =
  | { ok: true; scale: number; unmanaged: string[] }
  | { ok: false; error: string; event?: string };

interface OwnerRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

export function controllerOf(o: KObject): OwnerRef | undefined {
  return (o.metadata.ownerReferences ?? []).find((r: OwnerRef) => r.controller === true);
}

const replicas = (o: KObject): number => (typeof o.spec?.replicas === "number" ? o.spec.replicas : 1);

/** The controller's uid and scale for one pod's controller reference, if a finder knows it. */
function findScale(cluster: Cluster, ns: string, ref: OwnerRef): { uid: string; scale: number } | undefined {
  const group = (ref.apiVersion ?? "").split("/")[0];
  const same = (o: KObject | undefined) => (o && o.metadata.uid === ref.uid ? o : undefined);
  if (ref.kind === "ReplicationController" && !(ref.apiVersion ?? "").includes("/")) {
    const rc = same(cluster.store.get("replicationcontrollers", ns, ref.name ?? ""));
    if (rc) return { uid: rc.metadata.uid ?? "", scale: replicas(rc) };
  }
  if (ref.kind === "ReplicaSet" && group === "apps") {
    const rs = same(cluster.store.get("replicasets.apps", ns, ref.name ?? ""));
    if (!rs) return undefined;
    const owner = controllerOf(rs);
    if (owner?.kind === "Deployment" && (owner.apiVersion ?? "").startsWith("apps/")) {
      const d = cluster.store.get("deployments.apps", ns, owner.name ?? "");
      if (d && d.metadata.uid === owner.uid) return { uid: d.metadata.uid ?? "", scale: replicas(d) };
      return undefined;
    }
    return { uid: rs.metadata.uid ?? "", scale: replicas(rs) };
  }
  if (ref.kind === "StatefulSet" && group === "apps") {
    const ss = same(cluster.store.get("statefulsets.apps", ns, ref.name ?? ""));
    if (ss) return { uid: ss.metadata.uid ?? "", scale: replicas(ss) };
  }
  return undefined;
}

export function expectedScale(cluster: Cluster, pods: readonly KObject[]): ScaleResult {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      if (cluster.minor < 26) {
        return { ok: false, error: `found no controller ref for pod "${pod.metadata.name}"`, event: "NoControllerRef" };
      }
      unmanaged.push(pod.metadata.name ?? "");
      continue;
    }
    if (ref.uid && scales.has(ref.uid)) continue;
    const found = findScale(cluster, pod.metadata.namespace ?? "", ref);
    if (!found) {
      const error = `found no controllers for pod "${pod.metadata.name}"`;
      return cluster.minor < 26 ? { ok: false, error, event: "NoControllers" } : { ok: false, error };
    }
    scales.set(found.uid, found.scale);
  }
  let scale = 0;
  for (const s of scales.values()) scale += s;
  return { ok: true, scale, unmanaged };
}
