import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../src/index.ts";

describe("scheduler regressions", () => {
  it("a taint added before the first scheduling cycle keeps untolerating pods off the node", async () => {
    const sim = await createSimulation({ seed: 1 });
    await sim.exec("kubectl taint nodes k8s-w1 dedicated=gpu:NoSchedule");
    for (const p of ["a", "b", "c"]) await sim.exec(`kubectl run ${p} --image=nginx:1.25`);
    const r = await sim.exec("kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --no-headers");
    expect(r.stdout).not.toContain("k8s-w1");
    expect(r.stdout.trim().split("\n")).toHaveLength(3);
  });
});
