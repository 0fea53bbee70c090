import { describe, expect, it } from "vitest";
import { createSimulation, type Simulation } from "../../../../../src/index.ts";
import { setNodeCondition } from "../../../../../src/sim/k8s/controllers/node-lifecycle/index.ts";
import { makePodsReady } from "../disruption/ready-pods.ts";

const taintsOf = (sim: Simulation, node: string): string[] =>
  (sim.cluster.store.get("nodes", "", node)?.spec?.taints ?? []).map(
    (t: { key: string; effect: string }) => `${t.key}:${t.effect}`,
  );

describe("the node lifecycle controller", () => {
  for (const [version, graceSeconds] of [
    ["1.21", 40],
    ["1.33", 50],
  ] as const) {
    it(`marks a silent node Unknown after the ${graceSeconds}s grace period, taints it, then deletes its pods after 300s (${version})`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      await sim.exec("kubectl run web --image=nginx");
      makePodsReady(sim.cluster);
      const node = sim.cluster.store.get("pods", "default", "web")?.spec?.nodeName as string;
      expect(setNodeCondition(sim.cluster, node, "Unknown").ok).toBe(true);
      sim.cluster.advance((graceSeconds - 5) * 1000);
      expect(taintsOf(sim, node)).toEqual([]);
      sim.cluster.advance(10_000);
      expect(taintsOf(sim, node)).toEqual([
        "node.kubernetes.io/unreachable:NoSchedule",
        "node.kubernetes.io/unreachable:NoExecute",
      ]);
      const ready = sim.cluster.store
        .get("nodes", "", node)
        ?.status?.conditions?.find((c: { type: string }) => c.type === "Ready");
      expect([ready.status, ready.reason, ready.message]).toEqual([
        "Unknown",
        "NodeStatusUnknown",
        "Kubelet stopped posting node status.",
      ]);
      const pod = sim.cluster.store.get("pods", "default", "web");
      expect(pod?.status?.conditions?.find((c: { type: string }) => c.type === "Ready")?.status).toBe("False");
      expect((await sim.exec("kubectl get nodes " + node)).stdout).toContain(" NotReady ");
      sim.cluster.advance(290_000);
      expect(sim.cluster.store.get("pods", "default", "web")).toBeDefined();
      sim.cluster.advance(10_000);
      // Deleted, but nobody on the unreachable node confirms it: the pod stays Terminating.
      expect(sim.cluster.store.get("pods", "default", "web")?.metadata.deletionTimestamp).toBeDefined();
    });
  }

  it("taints a NotReady node not-ready and clears the taints when it is Ready again", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
    setNodeCondition(sim.cluster, "k8s-w2", "NotReady");
    expect(taintsOf(sim, "k8s-w2")).toEqual([
      "node.kubernetes.io/not-ready:NoSchedule",
      "node.kubernetes.io/not-ready:NoExecute",
    ]);
    setNodeCondition(sim.cluster, "k8s-w2", "Ready");
    expect(taintsOf(sim, "k8s-w2")).toEqual([]);
  });

  it("adds the unschedulable taint to a cordoned node and removes it on uncordon", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.21", seed: 1 });
    await sim.exec("kubectl cordon k8s-w3");
    expect(taintsOf(sim, "k8s-w3")).toEqual(["node.kubernetes.io/unschedulable:NoSchedule"]);
    await sim.exec("kubectl uncordon k8s-w3");
    expect(taintsOf(sim, "k8s-w3")).toEqual([]);
  });

  it("leaves the control-plane taint of the emulated version alone", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
    await sim.exec("kubectl cordon k8s-m");
    expect(taintsOf(sim, "k8s-m")).toEqual([
      "node-role.kubernetes.io/control-plane:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
  });
});
