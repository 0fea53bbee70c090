import { describe, expect, it } from "vitest";
import { createSimulation, type Simulation } from "../../../../../src/index.ts";
import { evictPod } from "../../../../../src/sim/k8s/eviction.ts";
import { makePodsReady } from "./ready-pods.ts";

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
`;

const pdb = (apiVersion: string, budget: string) => `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  ${budget}
  selector:
    matchLabels:
      app: web
`;

async function withBudget(version: "1.21" | "1.33", budget: string): Promise<Simulation> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  sim.writeFile("d.yaml", deployment);
  sim.writeFile("pdb.yaml", pdb(version === "1.21" ? "policy/v1beta1" : "policy/v1", budget));
  expect((await sim.exec("kubectl apply -f d.yaml")).exitCode).toBe(0);
  makePodsReady(sim.cluster);
  expect((await sim.exec("kubectl apply -f pdb.yaml")).exitCode).toBe(0);
  return sim;
}

const statusOf = (sim: Simulation) => {
  const s = sim.cluster.store.get("poddisruptionbudgets.policy", "default", "web-pdb")?.status ?? {};
  return {
    currentHealthy: s.currentHealthy,
    desiredHealthy: s.desiredHealthy,
    expectedPods: s.expectedPods,
    disruptionsAllowed: s.disruptionsAllowed,
    reason: s.conditions?.[0]?.reason,
  };
};

describe("the disruption controller", () => {
  const cases = [
    { name: "minAvailable 2 of 3 Ready pods allows one disruption", budget: "minAvailable: 2", desired: 2, allowed: 1 },
    {
      name: "minAvailable 50% rounds up to 2 of the Deployment's 3",
      budget: 'minAvailable: "50%"',
      desired: 2,
      allowed: 1,
    },
    { name: "maxUnavailable 1 wants 2 healthy", budget: "maxUnavailable: 1", desired: 2, allowed: 1 },
    { name: "maxUnavailable 0 allows none", budget: "maxUnavailable: 0", desired: 3, allowed: 0 },
  ];
  for (const version of ["1.21", "1.33"] as const) {
    for (const c of cases) {
      it(`${c.name} (${version})`, async () => {
        const sim = await withBudget(version, c.budget);
        expect(statusOf(sim)).toEqual({
          currentHealthy: 3,
          desiredHealthy: c.desired,
          expectedPods: 3,
          disruptionsAllowed: c.allowed,
          reason: c.allowed > 0 ? "SufficientPods" : "InsufficientPods",
        });
      });
    }
  }

  it("prints the status in kubectl get pdb (1.33)", async () => {
    const sim = await withBudget("1.33", "maxUnavailable: 1");
    const r = await sim.exec("kubectl get pdb");
    expect(r.stdout).toBe(
      "NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb-pdb   N/A             1                 1                     1s\n",
    );
  });
});

describe("the Eviction API", () => {
  it("evicts while the budget allows, then answers 429 with the DisruptionBudget cause", async () => {
    const sim = await withBudget("1.33", "minAvailable: 2");
    const pods = sim.cluster.store.list("pods", "default").map((p) => p.metadata.name ?? "");
    const first = evictPod(sim.cluster, "default", pods[0]);
    expect(first.ok).toBe(true);
    sim.cluster.settle();
    const second = evictPod(sim.cluster, "default", pods[1]);
    expect(second).toEqual({
      ok: false,
      status: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        reason: "TooManyRequests",
        code: 429,
        details: {
          causes: [
            {
              reason: "DisruptionBudget",
              message: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently",
            },
          ],
        },
      },
    });
  });

  it("answers NotFound for a pod that is not there", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.21", seed: 1 });
    const r = evictPod(sim.cluster, "default", "ghost");
    expect(r.ok ? "" : r.status.message).toBe('pods "ghost" not found');
  });

  it("deletes a Pending pod without consulting the budget", async () => {
    const sim = await withBudget("1.21", "maxUnavailable: 0");
    await sim.exec("kubectl run lone --image=nginx --labels=app=web");
    const pending = sim.cluster.store.get("pods", "default", "lone");
    expect(pending?.status?.phase).toBe("Pending");
    expect(evictPod(sim.cluster, "default", "lone").ok).toBe(true);
  });
});
