/**
 * Helpers for the DaemonSet, StatefulSet, Job and CronJob controller tests. Pod templates use
 * `schedulerName: manual`, which the scheduler leaves alone and (never bound) no kubelet runs,
 * so a test scripts pod phases and readiness itself through the status subresource, as a
 * kubelet would.
 */
import { rfc3339 } from "../../../../../src/sim/core/clock.ts";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import { type Cluster, createCluster } from "../../../../../src/sim/k8s/cluster.ts";

export const MANUAL = "manual";

export function cluster(version: string): Cluster {
  const r = createCluster({ version, seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.cluster;
}

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form JSON in tests.
export type Json = any;

export function create(c: Cluster, obj: KObject): KObject {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const t = c.discovery.forKind(group ? `${group}/${version}` : version, obj.kind);
  if (!t) throw new Error(`no type for ${obj.apiVersion} ${obj.kind}`);
  const r = c.api.create(t, obj);
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
  return r.value;
}

export function update(c: Cluster, resource: string, ns: string, name: string, change: (o: Json) => void): void {
  const o = structuredClone(c.store.get(resource, ns, name));
  if (!o) throw new Error(`${resource} ${ns}/${name} not found`);
  change(o);
  const r = c.api.update(c.typeOfStorage(resource)!, o);
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
}

export function remove(c: Cluster, resource: string, ns: string, name: string): void {
  const r = c.api.delete(c.typeOfStorage(resource)!, ns, name);
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
}

export const pods = (c: Cluster, ns = "default"): KObject[] => c.store.list("pods", ns);
export const podNames = (c: Cluster, ns = "default"): string[] => pods(c, ns).map((p) => p.metadata.name ?? "");

/** What a kubelet reports: Running and Ready now, or a finished phase. */
export function setPhase(c: Cluster, name: string, phase: "Running" | "Succeeded" | "Failed", ns = "default"): void {
  const pod = c.store.get("pods", ns, name);
  if (!pod) throw new Error(`pod ${name} not found`);
  const now = rfc3339(c.clock.now());
  const ready = phase === "Running" ? "True" : "False";
  const status = {
    ...(pod.status ?? {}),
    conditions: [{ lastProbeTime: null, lastTransitionTime: now, status: ready, type: "Ready" }],
    phase,
  };
  const r = c.api.update(c.typeOfStorage("pods")!, { ...pod, status }, { subresource: "status" });
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
}

export function runAll(c: Cluster, prefix: string, ns = "default"): void {
  for (const p of pods(c, ns)) {
    if (!p.metadata.name?.startsWith(prefix) || p.metadata.deletionTimestamp) continue;
    if (p.status?.phase !== "Running") setPhase(c, p.metadata.name, "Running", ns);
  }
}

/** Events of one object: [type, reason, message]. */
export function events(c: Cluster, kind: string, name: string, ns = "default"): string[][] {
  return c.store
    .list("events", ns)
    .filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
    .map((e) => [e.type, e.reason, e.message]);
}

export const container = (name = "c", image = "busybox"): Json => ({
  name,
  image,
  args: ["sh", "-c", "sleep 3600"],
});
