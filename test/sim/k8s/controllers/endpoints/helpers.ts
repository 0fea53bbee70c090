/** Test helpers: a cluster, pods put in a given state directly (standing in for the kubelet), services. */
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import { type Cluster, createCluster } from "../../../../../src/sim/k8s/cluster.ts";

// biome-ignore lint/suspicious/noExplicitAny: test specs are free-form JSON.
export type Json = any;

export function cluster(version: string): Cluster {
  const r = createCluster({ version });
  if (!r.ok) throw new Error(r.error);
  return r.cluster;
}

export interface PodState {
  ip?: string;
  ready?: boolean;
  node?: string;
  readyAt?: string;
  phase?: string;
}

export function createPod(c: Cluster, name: string, labels: Record<string, string>, spec: Json = {}): KObject {
  const t = c.discovery.forKind("v1", "Pod")!;
  const r = c.api.create(t, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels },
    spec: { containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80, name: "http" }] }], ...spec },
  });
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
  return c.store.get("pods", "default", name)!;
}

/** What the kubelet reports: phase, IP, the Ready condition and running containers. */
export function setPodState(c: Cluster, name: string, s: PodState): void {
  const t = c.discovery.forKind("v1", "Pod")!;
  const pod = structuredClone(c.store.get("pods", "default", name)!);
  if (!pod.spec.nodeName) {
    const b = c.api.bind("default", name, s.node ?? "k8s-w1");
    if (!b.ok) throw new Error(b.status.message);
  }
  const cur = structuredClone(c.store.get("pods", "default", name)!);
  const at = s.readyAt ?? "2026-01-05T09:00:10Z";
  const others = (cur.status?.conditions ?? []).filter((x: Json) => x.type !== "Ready");
  cur.status = {
    ...cur.status,
    phase: s.phase ?? "Running",
    conditions: [
      ...others,
      { lastProbeTime: null, lastTransitionTime: at, status: s.ready === false ? "False" : "True", type: "Ready" },
    ],
    containerStatuses: pod.spec.containers.map((ct: Json) => ({
      name: ct.name,
      image: ct.image,
      ready: s.ready !== false,
      state: { running: { startedAt: at } },
    })),
  };
  if (s.ip) {
    cur.status.podIP = s.ip;
    cur.status.podIPs = [{ ip: s.ip }];
  }
  const r = c.api.update(t, cur, { subresource: "status" });
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
}

export function createService(c: Cluster, name: string, spec: Json, labels?: Record<string, string>): KObject {
  const t = c.discovery.forKind("v1", "Service")!;
  const r = c.api.create(t, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec,
  });
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
  return c.store.get("services", "default", name)!;
}

export const endpoints = (c: Cluster, name: string): KObject | undefined => c.store.get("endpoints", "default", name);
export const slices = (c: Cluster, service: string): KObject[] =>
  c.store
    .list("endpointslices.discovery.k8s.io", "default")
    .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === service);
