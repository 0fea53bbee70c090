import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../../../src/sim/k8s/cluster.ts";
import { cluster, createPod, createService, type Json } from "../endpoints/helpers.ts";

function createQuota(c: Cluster, hard: Record<string, string>, extra: Json = {}): void {
  const t = c.discovery.forKind("v1", "ResourceQuota")!;
  const r = c.api.create(t, {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "q" },
    spec: { hard, ...extra },
  });
  if (!r.ok) throw new Error(r.status.message);
  c.settle();
}

const status = (c: Cluster) => c.store.get("resourcequotas", "default", "q")!.status;

describe("the resource-quota controller", () => {
  it("mirrors hard and starts every used value at 0", () => {
    const c = cluster("1.33");
    createQuota(c, { pods: "2", "requests.cpu": "1" });
    expect(status(c)).toEqual({ hard: { pods: "2", "requests.cpu": "1" }, used: { pods: "0", "requests.cpu": "0" } });
  });

  it("sums requests in the format of the first term and counts pods", () => {
    const c = cluster("1.33");
    createQuota(c, { pods: "5", "requests.memory": "1Gi", "count/pods": "5" });
    const res = (mem: string) => ({
      containers: [{ name: "c", image: "nginx", resources: { requests: { memory: mem } } }],
    });
    createPod(c, "a", {}, res("128Mi"));
    createPod(c, "b", {}, res("128Mi"));
    expect(status(c).used).toEqual({ "count/pods": "2", pods: "2", "requests.memory": "256Mi" });
  });

  it("gives usage back when a pod is deleted", () => {
    const c = cluster("1.21");
    createQuota(c, { pods: "5" });
    createPod(c, "a", {});
    c.api.delete(c.discovery.forKind("v1", "Pod")!, "default", "a", { gracePeriodSeconds: 0 });
    c.advance(60_000);
    expect(status(c).used).toEqual({ pods: "0" });
  });

  // The default namespace already holds the `kubernetes` Service, which counts too.
  it.each([
    [
      "services and their node ports",
      { services: "3", "services.nodeports": "4" },
      { services: "2", "services.nodeports": "2" },
    ],
    [
      "object counts by resource and group",
      { "count/services": "3", "count/deployments.apps": "2" },
      { "count/deployments.apps": "0", "count/services": "2" },
    ],
  ])("counts %s", (_name, hard, used) => {
    const c = cluster("1.33");
    createQuota(c, hard);
    createService(c, "np", {
      type: "NodePort",
      selector: { a: "b" },
      ports: [
        { name: "a", port: 80 },
        { name: "b", port: 81 },
      ],
    });
    expect(status(c).used).toEqual(used);
  });

  it("counts only best-effort pods in a BestEffort-scoped quota", () => {
    const c = cluster("1.33");
    createQuota(c, { pods: "3" }, { scopes: ["BestEffort"] });
    createPod(c, "plain", {});
    createPod(
      c,
      "sized",
      {},
      { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m" } } }] },
    );
    expect(status(c).used).toEqual({ pods: "1" });
  });
});
