import { describe, expect, it } from "vitest";
import { create, defaulted, obj, update } from "./harness.ts";

const svc = (spec: Record<string, unknown>, name = "web") => obj("v1", "Service", { name }, { spec });

describe("Service defaulting", () => {
  it("1.21: ClusterIP, session affinity None, TCP, targetPort = port, single-stack IPv4", () => {
    const r = create(svc({ selector: { app: "web" }, ports: [{ port: 80 }] }), 21);
    expect(r.errs).toEqual([]);
    expect(r.obj.spec).toEqual({
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      sessionAffinity: "None",
      type: "ClusterIP",
      ipFamilyPolicy: "SingleStack",
      ipFamilies: ["IPv4"],
    });
    expect(r.obj.status).toEqual({ loadBalancer: {} });
  });

  it("1.33 adds internalTrafficPolicy", () => {
    const d = defaulted(svc({ selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] }), 33);
    expect(d.spec).toEqual({
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP", targetPort: "http" }],
      sessionAffinity: "None",
      type: "ClusterIP",
      internalTrafficPolicy: "Cluster",
    });
  });

  it("a NodePort gets externalTrafficPolicy Cluster in both, a LoadBalancer allocateLoadBalancerNodePorts only in 1.33", () => {
    expect(defaulted(svc({ type: "NodePort", ports: [{ port: 80 }] }), 21).spec.externalTrafficPolicy).toBe("Cluster");
    expect(
      defaulted(svc({ type: "LoadBalancer", ports: [{ port: 80 }] }), 21).spec.allocateLoadBalancerNodePorts,
    ).toBeUndefined();
    expect(defaulted(svc({ type: "LoadBalancer", ports: [{ port: 80 }] }), 33).spec.allocateLoadBalancerNodePorts).toBe(
      true,
    );
  });
});

describe("Service validation", () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["ports are required", { selector: { app: "x" } }, "web", "spec.ports: Required value"],
    ["a headless service needs no ports", { clusterIP: "None", selector: { app: "x" } }, "web", ""],
    ["an ExternalName service needs no ports", { type: "ExternalName", externalName: "db.example.com" }, "web", ""],
    [
      "an ExternalName must be a DNS name",
      { type: "ExternalName", externalName: "DB_host" },
      "web",
      `spec.externalName: Invalid value: "DB_host": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [
      "ports need names when there are several",
      { ports: [{ port: 80 }, { port: 443, name: "https" }] },
      "web",
      "spec.ports[0].name: Required value",
    ],
    [
      "a service name is a DNS-1035 label",
      { ports: [{ port: 80 }] },
      "1web",
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ],
    [
      "a port must be in range",
      { ports: [{ port: 0, targetPort: 80 }] },
      "web",
      "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    ],
    [
      "a nodePort on a ClusterIP service is forbidden",
      { ports: [{ port: 80, nodePort: 30080 }] },
      "web",
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ],
    [
      "a nodePort outside the range is refused by the allocator",
      { type: "NodePort", ports: [{ port: 80, nodePort: 80 }] },
      "web",
      "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
    ],
    [
      "an unknown type is unsupported",
      { type: "Internal", ports: [{ port: 80 }] },
      "web",
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    [
      "a duplicate port is shown as upstream's %#v key",
      {
        ports: [
          { port: 80, name: "a" },
          { port: 80, name: "b" },
        ],
      },
      "web",
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
  ];
  it.each(cases)("%s", (_n, spec, name, want) => {
    expect(create(svc(spec, name), 33).text).toBe(want);
  });

  it("keeps an allocated clusterIP when an update leaves it out, and refuses to change it", () => {
    const old = create(svc({ selector: { app: "x" }, ports: [{ port: 80 }], clusterIP: "10.96.0.10" }), 33).obj;
    expect(old.spec.clusterIPs).toEqual(["10.96.0.10"]);
    const same = update(svc({ selector: { app: "x" }, ports: [{ port: 8080 }] }), old, 33);
    expect(same.errs).toEqual([]);
    expect(same.obj.spec.clusterIP).toBe("10.96.0.10");
    const changed = update(svc({ selector: { app: "x" }, ports: [{ port: 80 }], clusterIP: "10.96.0.11" }), old, 33);
    expect(changed.text).toBe('spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set');
  });
});
