import { describe, expect, it } from "vitest";
import { cluster, createPod, createService, endpoints, type Json, setPodState } from "./helpers.ts";

const web = { selector: { app: "web" }, ports: [{ name: "web-port", port: 8080, targetPort: 80 }] };

describe("the endpoints controller", () => {
  it("creates an Endpoints object with no subsets for a service whose pods do not exist yet", () => {
    const c = cluster("1.33");
    const svc = createService(c, "web", web, { tier: "front" });
    const ep = endpoints(c, "web")!;
    expect(ep.metadata.labels).toEqual({ tier: "front" });
    expect(ep.metadata.annotations).toEqual({
      "endpoints.kubernetes.io/last-change-trigger-time": svc.metadata.creationTimestamp,
    });
    expect(ep.subsets).toBeUndefined();
  });

  it.each([
    ["1.33", { kind: "Pod", name: "a", namespace: "default" }],
    ["1.21", { kind: "Pod", name: "a", namespace: "default", resourceVersion: "<rv>" }],
  ])("lists a ready pod under addresses with its node and targetRef (%s)", (version, ref) => {
    const c = cluster(version);
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    setPodState(c, "a", { ip: "10.244.1.5", node: "k8s-w1" });
    const pod = c.store.get("pods", "default", "a")!;
    const expectedRef: Json = { ...ref, uid: pod.metadata.uid };
    if (expectedRef.resourceVersion) expectedRef.resourceVersion = pod.metadata.resourceVersion;
    expect(endpoints(c, "web")!.subsets).toEqual([
      {
        addresses: [{ ip: "10.244.1.5", nodeName: "k8s-w1", targetRef: expectedRef }],
        ports: [{ name: "web-port", port: 80, protocol: "TCP" }],
      },
    ]);
    expect(endpoints(c, "web")!.metadata.annotations).toEqual({
      "endpoints.kubernetes.io/last-change-trigger-time": "2026-01-05T09:00:10Z",
    });
  });

  it("moves a pod to notReadyAddresses when readiness drops, and back", () => {
    const c = cluster("1.33");
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    createPod(c, "b", { app: "web" });
    setPodState(c, "a", { ip: "10.244.1.9", node: "k8s-w1" });
    setPodState(c, "b", { ip: "10.244.1.10", node: "k8s-w2" });
    const ips = () =>
      (endpoints(c, "web")!.subsets ?? []).map((s: Json) => ({
        ready: (s.addresses ?? []).map((a: Json) => a.ip),
        notReady: (s.notReadyAddresses ?? []).map((a: Json) => a.ip),
      }));
    // IPs sort as bytes: 10.244.1.10 before 10.244.1.9.
    expect(ips()).toEqual([{ ready: ["10.244.1.10", "10.244.1.9"], notReady: [] }]);
    setPodState(c, "a", { ip: "10.244.1.9", ready: false, readyAt: "2026-01-05T09:01:00Z" });
    expect(ips()).toEqual([{ ready: ["10.244.1.10"], notReady: ["10.244.1.9"] }]);
    expect(endpoints(c, "web")!.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toBe(
      "2026-01-05T09:01:00Z",
    );
    setPodState(c, "a", { ip: "10.244.1.9", ready: true, readyAt: "2026-01-05T09:02:00Z" });
    expect(ips()).toEqual([{ ready: ["10.244.1.10", "10.244.1.9"], notReady: [] }]);
  });

  it.each([
    ["a named targetPort resolves to the container port of that name", { targetPort: "http" }, [80]],
    ["a numeric targetPort is used as is", { targetPort: 8081 }, [8081]],
    ["a named targetPort no container declares leaves the pod out", { targetPort: "nope" }, []],
  ])("%s", (_name, portSpec, expected) => {
    const c = cluster("1.33");
    createService(c, "web", { selector: { app: "web" }, ports: [{ port: 80, ...portSpec }] });
    createPod(c, "a", { app: "web" });
    setPodState(c, "a", { ip: "10.244.1.5" });
    const ports = (endpoints(c, "web")!.subsets ?? []).flatMap((s: Json) => s.ports.map((p: Json) => p.port));
    expect(ports).toEqual(expected);
  });

  it("orders ports by their hash, as kube-dns shows dns-tcp, dns, metrics", () => {
    const c = cluster("1.33");
    createService(c, "dns", {
      selector: { app: "dns" },
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
    });
    createPod(c, "d", { app: "dns" });
    setPodState(c, "d", { ip: "10.244.0.2" });
    expect(endpoints(c, "dns")!.subsets[0].ports.map((p: Json) => p.name)).toEqual(["dns-tcp", "dns", "metrics"]);
  });

  it("leaves pods without an IP, and terminal pods, out", () => {
    const c = cluster("1.33");
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    createPod(c, "b", { app: "web" }, { restartPolicy: "Never" });
    setPodState(c, "b", { ip: "10.244.2.3", phase: "Succeeded", ready: false });
    expect(endpoints(c, "web")!.subsets).toBeUndefined();
  });

  it("labels a headless service's endpoints and sets the hostname of a pod in its subdomain", () => {
    const c = cluster("1.33");
    createService(c, "db", { clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] });
    createPod(c, "db-0", { app: "db" }, { hostname: "db-0", subdomain: "db" });
    setPodState(c, "db-0", { ip: "10.244.3.4", node: "k8s-w3" });
    const ep = endpoints(c, "db")!;
    expect(ep.metadata.labels).toEqual({ "service.kubernetes.io/headless": "" });
    expect(ep.subsets[0].addresses[0].hostname).toBe("db-0");
  });

  it("leaves services without a selector, and the kubernetes service, alone", () => {
    const c = cluster("1.33");
    const before = structuredClone(endpoints(c, "kubernetes"));
    createService(c, "manual", { ports: [{ port: 80 }] });
    expect(endpoints(c, "manual")).toBeUndefined();
    expect(endpoints(c, "kubernetes")).toEqual(before);
  });

  it("deletes the Endpoints with the service", () => {
    const c = cluster("1.21");
    createService(c, "web", web);
    c.api.delete(c.discovery.forKind("v1", "Service")!, "default", "web");
    c.settle();
    expect(endpoints(c, "web")).toBeUndefined();
  });

  it("does not rewrite the bootstrapped kube-dns endpoints", () => {
    for (const v of ["1.21", "1.33"]) {
      const c = cluster(v);
      const dns = c.store.get("endpoints", "kube-system", "kube-dns")!;
      expect(dns.subsets[0].addresses[0].targetRef.resourceVersion).toBeUndefined();
      expect(dns.subsets[0].ports.map((p: Json) => p.name)).toEqual(["dns-tcp", "dns", "metrics"]);
    }
  });
});
