import { describe, expect, it } from "vitest";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { type Cluster, createCluster } from "../../../../src/sim/k8s/cluster.ts";
import "../../../../src/sim/k8s/scheduler/index.ts";

function cluster(version: string): Cluster {
  const r = createCluster({ version });
  if (!r.ok) throw new Error(r.error);
  return r.cluster;
}

// biome-ignore lint/suspicious/noExplicitAny: test specs are free-form JSON.
function createPod(c: Cluster, name: string, spec: Record<string, any> = {}, labels?: Record<string, string>): void {
  const t = c.discovery.forKind("v1", "Pod")!;
  const r = c.api.create(t, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: "nginx", image: "nginx" }], ...spec },
  });
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
}

const getPod = (c: Cluster, name: string): KObject => c.store.get("pods", "default", name)!;
const events = (c: Cluster, name: string) =>
  c.store
    .list("events", "default")
    .filter((e) => e.involvedObject?.name === name)
    .map((e) => ({ type: e.type, reason: e.reason, message: e.message, count: e.count, from: e.source?.component }));
const podScheduled = (p: KObject) => p.status?.conditions?.find((x: { type: string }) => x.type === "PodScheduled");

describe("the scheduler controller", () => {
  it("binds a pod to a worker and records Scheduled", () => {
    const c = cluster("1.33");
    createPod(c, "nginx");
    const p = getPod(c, "nginx");
    expect(p.spec.nodeName).toBe("k8s-w1");
    expect(podScheduled(p)).toEqual({
      lastProbeTime: null,
      lastTransitionTime: "2026-01-05T09:00:00Z",
      status: "True",
      type: "PodScheduled",
    });
    expect(events(c, "nginx")).toEqual([
      {
        type: "Normal",
        reason: "Scheduled",
        message: "Successfully assigned default/nginx to k8s-w1",
        count: 1,
        from: "default-scheduler",
      },
    ]);
  });

  const failing: [string, string][] = [
    [
      "1.33",
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    ],
    [
      "1.21",
      "0/4 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 3 node(s) didn't match Pod's node affinity.",
    ],
  ];
  for (const [version, message] of failing) {
    it(`explains an unmatched nodeSelector in ${version}'s words, as event and condition`, () => {
      const c = cluster(version);
      createPod(c, "ssd", { nodeSelector: { disktype: "ssd" } });
      const p = getPod(c, "ssd");
      expect(p.spec.nodeName).toBeUndefined();
      expect(p.status.phase).toBe("Pending");
      expect(podScheduled(p)).toEqual({
        lastProbeTime: null,
        lastTransitionTime: "2026-01-05T09:00:00Z",
        message,
        reason: "Unschedulable",
        status: "False",
        type: "PodScheduled",
      });
      expect(events(c, "ssd")).toEqual([
        { type: "Warning", reason: "FailedScheduling", message, count: 1, from: "default-scheduler" },
      ]);
    });
  }

  it("schedules a Pending pod once a node gets the label it asks for", () => {
    const c = cluster("1.33");
    createPod(c, "ssd", { nodeSelector: { disktype: "ssd" } });
    const n = structuredClone(c.store.get("nodes", "", "k8s-w2")!);
    n.metadata.labels = { ...n.metadata.labels, disktype: "ssd" };
    c.api.update(c.discovery.forKind("v1", "Node")!, n);
    c.settle();
    expect(getPod(c, "ssd").spec.nodeName).toBe("k8s-w2");
    expect(events(c, "ssd").map((e) => e.reason)).toEqual(["FailedScheduling", "Scheduled"]);
  });

  it("retries an unschedulable pod every five minutes, counting the repeated event", () => {
    const c = cluster("1.33");
    createPod(c, "ssd", { nodeSelector: { disktype: "ssd" } });
    c.advance(11 * 60 * 1000);
    expect(events(c, "ssd").map((e) => e.count)).toEqual([3]);
  });

  it("leaves a pod naming another scheduler Pending, with no event", () => {
    const c = cluster("1.33");
    createPod(c, "custom", { schedulerName: "my-scheduler" });
    const p = getPod(c, "custom");
    expect(p.spec.nodeName).toBeUndefined();
    expect(podScheduled(p)).toBeUndefined();
    expect(events(c, "custom")).toEqual([]);
  });

  it("does not touch a pod created with a nodeName", () => {
    const c = cluster("1.33");
    createPod(c, "pinned", { nodeName: "k8s-m" });
    const p = getPod(c, "pinned");
    expect(p.spec.nodeName).toBe("k8s-m");
    expect(events(c, "pinned")).toEqual([]);
  });

  it("schedules higher-priority pods first", () => {
    const c = cluster("1.33");
    const t = c.discovery.forKind("scheduling.k8s.io/v1", "PriorityClass")!;
    const pc = c.api.create(t, {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: "high" },
      value: 1000,
    });
    expect(pc.ok).toBe(true);
    // One free slot on one node: both pods arrive in the same round, the important one wins.
    const pt = c.discovery.forKind("v1", "Pod")!;
    for (const [name, extra] of [
      ["a-low", {}],
      ["b-high", { priorityClassName: "high" }],
    ] as const) {
      const r = c.api.create(pt, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name },
        spec: {
          containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "1500m" } } }],
          nodeSelector: { "kubernetes.io/hostname": "k8s-w1" },
          ...extra,
        },
      });
      expect(r.ok).toBe(true);
    }
    c.settle();
    expect(getPod(c, "b-high").spec.nodeName).toBe("k8s-w1");
    expect(getPod(c, "a-low").spec.nodeName).toBeUndefined();
  });

  it("places a pod freed by a deletion on the next round", () => {
    const c = cluster("1.33");
    const spec = {
      nodeSelector: { "kubernetes.io/hostname": "k8s-w1" },
      containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "1500m" } } }],
    };
    createPod(c, "first", spec);
    createPod(c, "second", spec);
    expect(getPod(c, "second").spec.nodeName).toBeUndefined();
    expect(podScheduled(getPod(c, "second")).message).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
    );
    c.api.delete(c.discovery.forKind("v1", "Pod")!, "default", "first");
    c.settle();
    expect(getPod(c, "second").spec.nodeName).toBe("k8s-w1");
  });
});
