import { describe, expect, it } from "vitest";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { type Cluster, createCluster } from "../../../../src/sim/k8s/cluster.ts";

function cluster(): Cluster {
  const r = createCluster({ seed: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.cluster;
}

function createClass(c: Cluster, name: string, value: number, globalDefault = false): void {
  const t = c.discovery.forKind("scheduling.k8s.io/v1", "PriorityClass")!;
  const r = c.api.create(t, {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name },
    value,
    ...(globalDefault ? { globalDefault: true } : {}),
  } as KObject);
  expect(r.ok).toBe(true);
}

function createPod(c: Cluster, name: string, priorityClassName?: string) {
  const t = c.discovery.forKind("v1", "Pod")!;
  return c.api.create(t, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "web", image: "nginx" }], ...(priorityClassName ? { priorityClassName } : {}) },
  });
}

describe("Priority admission", () => {
  it("gives a pod without a class the global default that sorts first by name, not the first created", () => {
    const c = cluster();
    createClass(c, "zz-default", 100, true);
    createClass(c, "aa-default", 7, true);
    createClass(c, "mm-other", 50);
    const r = createPod(c, "web");
    expect(r.ok && [r.value.spec?.priorityClassName, r.value.spec?.priority]).toEqual(["aa-default", 7]);
  });

  it("gives priority 0 without a global default, and a named class its value", () => {
    const c = cluster();
    createClass(c, "high", 1000);
    const plain = createPod(c, "plain");
    expect(plain.ok && [plain.value.spec?.priorityClassName, plain.value.spec?.priority]).toEqual([undefined, 0]);
    const named = createPod(c, "named", "high");
    expect(named.ok && named.value.spec?.priority).toBe(1000);
    const system = createPod(c, "system", "system-node-critical");
    expect(system.ok && system.value.spec?.priority).toBe(2000001000);
  });

  it("rejects an unknown class with upstream's message", () => {
    const r = createPod(cluster(), "web", "nope");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.status.message).toBe('pods "web" is forbidden: no PriorityClass with name nope was found');
  });
});
