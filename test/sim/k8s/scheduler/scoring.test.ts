import { describe, expect, it } from "vitest";
import { Code, defaultNormalizeScore } from "../../../../src/sim/k8s/scheduler/framework.ts";
import { fitErrorMessage } from "../../../../src/sim/k8s/scheduler/messages.ts";
import { numFeasibleNodesToFind, Scheduler } from "../../../../src/sim/k8s/scheduler/scheduler.ts";
import { node, pod } from "./fixtures.ts";

function place(minor: number, nodes: ReturnType<typeof node>[], pods: ReturnType<typeof pod>[]): string[] {
  const s = new Scheduler(minor);
  for (const n of nodes) s.snapshot.setNode(n);
  const out: string[] = [];
  for (const p of pods) {
    const r = s.schedule(p);
    if (!r.ok) throw new Error(r.message);
    s.assume(r.pod, r.node);
    out.push(r.node);
  }
  return out;
}

describe("score normalisation", () => {
  const table: [string, number[], boolean, number[]][] = [
    ["scales the highest raw score to 100", [0, 2, 4], false, [0, 50, 100]],
    ["reverses counts where fewer is better", [0, 1, 2], true, [100, 50, 0]],
    ["gives every node 100 when no node has anything to count in reverse", [0, 0, 0], true, [100, 100, 100]],
    ["truncates like Go's integer division", [1, 3], false, [33, 100]],
  ];
  for (const [name, raw, reverse, want] of table) {
    it(name, () => {
      const a = Float64Array.from(raw);
      defaultNormalizeScore(a, a.length, reverse);
      expect([...a]).toEqual(want);
    });
  }
});

describe("node selection", () => {
  it("breaks ties by taking the node whose name sorts first", () => {
    expect(place(33, [node("k8s-w3"), node("k8s-w1"), node("k8s-w2")], [pod("web-1")])).toEqual(["k8s-w1"]);
  });

  it("spreads identical replicas across equal nodes through LeastAllocated", () => {
    const pods = [1, 2, 3, 4].map((i) => pod(`web-${i}`, {}, { labels: { app: "web" } }));
    expect(place(33, [node("k8s-w1"), node("k8s-w2"), node("k8s-w3")], pods)).toEqual([
      "k8s-w1",
      "k8s-w2",
      "k8s-w3",
      "k8s-w1",
    ]);
  });

  it("prefers the emptier node for a pod with requests", () => {
    const s = new Scheduler(33);
    s.snapshot.setNode(node("a", { cpu: "4", memory: "8Gi" }));
    s.snapshot.setNode(node("b", { cpu: "4", memory: "8Gi" }));
    s.assume(s.podInfos.get(pod("x", { requests: { cpu: "1", memory: "2Gi" } })), "a");
    const r = s.schedule(pod("y", { requests: { cpu: "1", memory: "2Gi" } }));
    expect(r.ok && r.node).toBe("b");
  });

  it("avoids PreferNoSchedule taints the pod does not tolerate", () => {
    expect(
      place(33, [node("a", { taints: [{ key: "soft", effect: "PreferNoSchedule" }] }), node("b")], [pod("web")]),
    ).toEqual(["b"]);
  });

  it("follows a preferred node affinity", () => {
    const p = pod("web", {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 80, preference: { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] } },
          ],
        },
      },
    });
    expect(place(21, [node("a"), node("b", { labels: { disktype: "ssd" } })], [p])).toEqual(["b"]);
    expect(place(33, [node("a"), node("b", { labels: { disktype: "ssd" } })], [p])).toEqual(["b"]);
  });

  it("follows a preferred pod affinity to the zone of the matching pod", () => {
    const s = new Scheduler(33);
    s.snapshot.setNode(node("a", { labels: { zone: "z1" } }));
    s.snapshot.setNode(node("b", { labels: { zone: "z2" } }));
    s.assume(s.podInfos.get(pod("cache", {}, { labels: { app: "cache" } })), "b");
    const r = s.schedule(
      pod("app", {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 50,
                podAffinityTerm: { labelSelector: { matchLabels: { app: "cache" } }, topologyKey: "zone" },
              },
            ],
          },
        },
      }),
    );
    expect(r.ok && r.node).toBe("b");
  });

  it("scores only a sample of the nodes on large clusters, as upstream", () => {
    expect([50, 99, 100, 1000, 5000, 20000].map(numFeasibleNodesToFind)).toEqual([50, 99, 100, 420, 500, 1000]);
  });
});

describe("FailedScheduling message assembly", () => {
  it("sorts the counted reasons as strings, so 10 comes before 2", () => {
    const statuses = [
      ...Array.from({ length: 10 }, () => ({ code: Code.Unschedulable, reasons: ["Insufficient cpu"] })),
      ...Array.from({ length: 2 }, () => ({
        code: Code.UnschedulableAndUnresolvable,
        reasons: ["node(s) were unschedulable"],
      })),
    ];
    expect(fitErrorMessage(33, 12, statuses)).toBe(
      "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable. preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    expect(fitErrorMessage(21, 12, statuses)).toBe(
      "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable.",
    );
  });

  it("says a pod with preemptionPolicy Never is not eligible for preemption", () => {
    expect(fitErrorMessage(33, 1, [{ code: Code.Unschedulable, reasons: ["Insufficient cpu"] }], "", true)).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
    );
  });
});
