import { describe, expect, it } from "vitest";
import { cluster, createPod, createService, type Json, setPodState, slices } from "../endpoints/helpers.ts";

const web = { selector: { app: "web" }, ports: [{ name: "web-port", port: 8080, targetPort: 80 }] };

describe("the endpointslice controller", () => {
  it("creates a placeholder slice named <service>-<5 chars> for a service without pods", () => {
    const c = cluster("1.33");
    const svc = createService(c, "web", web, { tier: "front" });
    const [s, ...rest] = slices(c, "web");
    expect(rest).toEqual([]);
    expect(s.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.generateName).toBe("web-");
    expect(s.metadata.labels).toEqual({
      tier: "front",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
    expect(s.metadata.ownerReferences).toEqual([
      {
        apiVersion: "v1",
        blockOwnerDeletion: true,
        controller: true,
        kind: "Service",
        name: "web",
        uid: svc.metadata.uid,
      },
    ]);
    expect([s.addressType, s.endpoints, s.ports, s.metadata.generation]).toEqual(["IPv4", null, null, 1]);
  });

  it.each([
    ["1.33", { ready: true, serving: true, terminating: false }],
    ["1.21", { ready: true }],
  ])("fills the placeholder in place when a pod becomes ready (%s)", (version, conditions) => {
    const c = cluster(version);
    createService(c, "web", web);
    const name = slices(c, "web")[0].metadata.name;
    createPod(c, "a", { app: "web" });
    setPodState(c, "a", { ip: "10.244.1.5" });
    const [s] = slices(c, "web");
    expect(s.metadata.name).toBe(name);
    expect(s.metadata.generation).toBe(2);
    expect(s.ports).toEqual([{ name: "web-port", port: 80, protocol: "TCP" }]);
    expect(s.endpoints.map((e: Json) => ({ ...e, targetRef: e.targetRef.name }))).toEqual([
      { addresses: ["10.244.1.5"], conditions, nodeName: "k8s-w1", targetRef: "a" },
    ]);
    expect(s.metadata.annotations).toEqual({
      "endpoints.kubernetes.io/last-change-trigger-time": "2026-01-05T09:00:10Z",
    });
  });

  it("keeps a not-ready pod with ready=false and a terminating pod with terminating=true (1.33)", () => {
    const c = cluster("1.33");
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    setPodState(c, "a", { ip: "10.244.1.5", ready: false });
    expect(slices(c, "web")[0].endpoints[0].conditions).toEqual({ ready: false, serving: false, terminating: false });
  });

  it("sorts ports as the controller's port-map key does: 9153,53,53 for kube-dns", () => {
    const c = cluster("1.33");
    createService(c, "dns", {
      selector: { app: "dns" },
      ports: [
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, protocol: "TCP" },
        { name: "metrics", port: 9153, protocol: "TCP" },
      ],
    });
    createPod(c, "d", { app: "dns" });
    setPodState(c, "d", { ip: "10.244.0.2" });
    expect(slices(c, "dns")[0].ports.map((p: Json) => p.port)).toEqual([9153, 53, 53]);
  });

  it("returns to a placeholder when the last pod goes, keeping the slice's name", () => {
    const c = cluster("1.33");
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    setPodState(c, "a", { ip: "10.244.1.5" });
    const name = slices(c, "web")[0].metadata.name;
    c.api.delete(c.discovery.forKind("v1", "Pod")!, "default", "a");
    c.settle();
    const all = slices(c, "web");
    expect(all.map((s) => [s.metadata.name, s.endpoints, s.ports])).toEqual([[name, null, null]]);
  });

  it("removes the slices with their service (garbage collection)", () => {
    const c = cluster("1.33");
    createService(c, "web", web);
    c.api.delete(c.discovery.forKind("v1", "Service")!, "default", "web");
    c.settle();
    expect(slices(c, "web")).toEqual([]);
  });

  it("spreads 150 pods over two slices of at most 100", () => {
    const c = cluster("1.33");
    createService(c, "web", web);
    for (let i = 0; i < 150; i++) {
      createPod(c, `p${i}`, { app: "web" });
      setPodState(c, `p${i}`, { ip: `10.244.${1 + Math.floor(i / 200)}.${i + 2}` });
    }
    expect(
      slices(c, "web")
        .map((s) => s.endpoints.length)
        .sort(),
    ).toEqual([100, 50]);
  });
});
