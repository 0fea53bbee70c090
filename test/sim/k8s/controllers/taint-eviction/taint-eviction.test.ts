import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../../src/index.ts";
import { minTolerationSeconds } from "../../../../../src/sim/k8s/controllers/taint-eviction/index.ts";

const pod = (name: string, toleration: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: k8s-w1
${toleration}
  containers:
  - name: nginx
    image: nginx
`;

const tolerates60 = `  tolerations:
  - key: app
    operator: Equal
    value: blue
    effect: NoExecute
    tolerationSeconds: 60`;

describe("shortest toleration", () => {
  const cases = [
    {
      name: "the smallest tolerationSeconds wins",
      used: [{ tolerationSeconds: 60 }, { tolerationSeconds: 300 }],
      want: 60,
    },
    { name: "tolerations without seconds tolerate forever", used: [{}, {}], want: -1 },
    {
      name: "zero or negative seconds evict at once",
      used: [{ tolerationSeconds: 0 }, { tolerationSeconds: 300 }],
      want: 0,
    },
    { name: "no toleration used means at once", used: [], want: 0 },
  ];
  for (const c of cases) it(c.name, () => expect(minTolerationSeconds(c.used)).toBe(c.want));
});

describe("the taint-eviction controller", () => {
  for (const [version, component] of [
    ["1.21", "taint-controller"],
    ["1.33", "taint-eviction-controller"],
  ] as const) {
    it(`evicts an untolerating pod at once and a tolerating one after its tolerationSeconds (${version})`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("a.yaml", pod("tolerant", tolerates60));
      sim.writeFile("b.yaml", pod("plain", ""));
      await sim.exec("kubectl apply -f a.yaml");
      await sim.exec("kubectl apply -f b.yaml");
      expect((await sim.exec("kubectl taint node k8s-w1 app=blue:NoExecute")).stdout).toBe("node/k8s-w1 tainted\n");
      const names = () => sim.cluster.store.list("pods", "default").map((p) => p.metadata.name);
      expect(names()).toEqual(["tolerant"]);
      await sim.exec("sleep 57");
      expect(names()).toEqual(["tolerant"]);
      await sim.exec("sleep 1");
      expect(names()).toEqual([]);
      const events = sim.cluster.store
        .list("events", "default")
        .filter((e) => e.reason === "TaintManagerEviction")
        .map((e) => `${e.source.component}: ${e.message}`);
      expect(events).toEqual([
        `${component}: Marking for deletion Pod default/plain`,
        `${component}: Marking for deletion Pod default/tolerant`,
      ]);
    });
  }

  it("cancels a scheduled deletion when the taint goes before the toleration runs out", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
    sim.writeFile("a.yaml", pod("tolerant", tolerates60));
    await sim.exec("kubectl apply -f a.yaml");
    await sim.exec("kubectl taint node k8s-w1 app=blue:NoExecute");
    await sim.exec("sleep 10");
    await sim.exec("kubectl taint node k8s-w1 app:NoExecute-");
    await sim.exec("sleep 120");
    expect(sim.cluster.store.get("pods", "default", "tolerant")).toBeDefined();
    const r = await sim.exec(
      "kubectl get events --field-selector reason=TaintManagerEviction -o custom-columns=REASON:.reason,MESSAGE:.message",
    );
    expect(r.stdout).toBe(
      "REASON                 MESSAGE\nTaintManagerEviction   Cancelling deletion of Pod default/tolerant\n",
    );
  });

  it("marks the pod with a DisruptionTarget condition before deleting it on 1.33", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
    sim.writeFile("b.yaml", pod("plain", ""));
    await sim.exec("kubectl apply -f b.yaml");
    const seen: unknown[] = [];
    sim.cluster.store.watch((e) => {
      if (e.resource === "pods" && e.type === "MODIFIED") {
        seen.push(e.object.status?.conditions?.find((c: { type: string }) => c.type === "DisruptionTarget"));
      }
    });
    await sim.exec("kubectl taint node k8s-w1 app=blue:NoExecute");
    expect(seen).toContainEqual({
      lastProbeTime: null,
      lastTransitionTime: expect.any(String),
      message: "Taint manager: deleting due to NoExecute taint",
      reason: "DeletionByTaintManager",
      status: "True",
      type: "DisruptionTarget",
    });
  });
});
