/** Shared fixtures for the workload controller tests: a cluster with the fake kubelet, and writers. */
import "./fake-kubelet.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { type Cluster, createCluster } from "../../../../src/sim/k8s/cluster.ts";
import { FAKE_SCHEDULER } from "./fake-kubelet.ts";

export function cluster(version = "1.33"): Cluster {
  const r = createCluster({ version, seed: 7 });
  if (!r.ok) throw new Error(r.error);
  return r.cluster;
}

export function create(c: Cluster, obj: KObject): KObject {
  const t = c.discovery.forKind(obj.apiVersion, obj.kind)!;
  const r = c.api.create(t, obj);
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
  return r.value;
}

/** Replaces the stored object by `f(copy)` and settles. */
export function edit(c: Cluster, resource: string, name: string, f: (o: KObject) => void): KObject {
  const stored = c.store.get(resource, "default", name)!;
  const copy = structuredClone(stored);
  f(copy);
  delete copy.metadata.resourceVersion;
  const r = c.api.update(c.discovery.forKind(copy.apiVersion, copy.kind)!, copy);
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
  return r.value;
}

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form JSON in tests.
export function deployment(name: string, replicas: number, image: string, extra: Record<string, any> = {}): KObject {
  const { strategy, ...spec } = extra;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(strategy ? { strategy } : {}),
      ...spec,
      template: {
        metadata: { labels: { app: name } },
        spec: { schedulerName: FAKE_SCHEDULER, containers: [{ name: "c", image }] },
      },
    },
  };
}

/** Pods named after `prefix`, without those being deleted (Terminating). */
export function podsOf(c: Cluster, prefix: string): KObject[] {
  return allPodsOf(c, prefix).filter((p) => !p.metadata.deletionTimestamp);
}

export function allPodsOf(c: Cluster, prefix: string): KObject[] {
  return c.store.list("pods", "default").filter((p) => p.metadata.name?.startsWith(`${prefix}-`));
}

export function replicaSetsOf(c: Cluster, name: string): KObject[] {
  return c.store.list("replicasets.apps", "default").filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name);
}

export function eventsOf(c: Cluster, name: string): string[] {
  return c.store
    .list("events", "default")
    .filter((e) => e.involvedObject?.name === name)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}
