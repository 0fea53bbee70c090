import { describe, expect, it } from "vitest";
import { create, obj } from "./harness.ts";

const backend = { service: { name: "web", port: { number: 80 } } };

describe("Ingress", () => {
  it("v1 requires a pathType", () => {
    const ing = obj(
      "networking.k8s.io/v1",
      "Ingress",
      { name: "ing" },
      { spec: { rules: [{ http: { paths: [{ path: "/", backend }] } }] } },
    );
    expect(create(ing, 33).text).toBe(
      "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
    );
  });
  it("v1beta1 defaults pathType to ImplementationSpecific (1.21)", () => {
    const ing = obj(
      "networking.k8s.io/v1beta1",
      "Ingress",
      { name: "ing" },
      {
        spec: { rules: [{ http: { paths: [{ path: "/", backend: { serviceName: "web", servicePort: 80 } }] } }] },
      },
    );
    const r = create(ing, 21);
    expect(r.errs).toEqual([]);
    expect(r.obj.spec.rules[0].http.paths[0].pathType).toBe("ImplementationSpecific");
  });
  it("needs rules or a default backend", () => {
    const ing = obj("networking.k8s.io/v1", "Ingress", { name: "ing" }, { spec: {} });
    expect(create(ing, 33).text).toBe(
      "spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified",
    );
  });
  it("a Prefix path must be absolute", () => {
    const ing = obj(
      "networking.k8s.io/v1",
      "Ingress",
      { name: "ing" },
      {
        spec: {
          rules: [{ host: "shop.example.com", http: { paths: [{ path: "api", pathType: "Prefix", backend }] } }],
        },
      },
    );
    expect(create(ing, 33).text).toBe(
      'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    );
  });
  it("a backend needs a port", () => {
    const ing = obj(
      "networking.k8s.io/v1",
      "Ingress",
      { name: "ing" },
      {
        spec: {
          rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web" } } }] } }],
        },
      },
    );
    expect(create(ing, 33).text).toBe(
      "spec.rules[0].http.paths[0].backend: Required value: port name or number is required",
    );
  });
});

describe("PodDisruptionBudget", () => {
  it("may not set both minAvailable and maxUnavailable", () => {
    const pdb = obj(
      "policy/v1",
      "PodDisruptionBudget",
      { name: "pdb" },
      {
        spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: "x" } } },
      },
    );
    expect(create(pdb, 21).text).toBe(
      "spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a1e0c0), Selector:(*v1.LabelSelector)(0xc000a1e0c0), MaxUnavailable:(*intstr.IntOrString)(0xc000a1e0c0)}: minAvailable and maxUnavailable cannot be both set",
    );
  });
  it("a percentage above 100% is refused", () => {
    const pdb = obj(
      "policy/v1",
      "PodDisruptionBudget",
      { name: "pdb" },
      { spec: { minAvailable: "120%", selector: { matchLabels: { app: "x" } } } },
    );
    expect(create(pdb, 33).text).toBe("spec.minAvailable: Invalid value: 120%: must not be greater than 100%");
  });
});
