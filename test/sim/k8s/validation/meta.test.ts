import { describe, expect, it } from "vitest";
import { aggregate, errorText, GoLiteral, invalid } from "../../../../src/sim/k8s/validation/field-errors.ts";
import { goIntOrString, goLabelSelector, goMap } from "../../../../src/sim/k8s/validation/go-format.ts";
import { validateObjectMeta } from "../../../../src/sim/k8s/validation/meta.ts";
import { nameIsDNSSubdomain } from "../../../../src/sim/k8s/validation/names.ts";
import { selectorMatches, validateLabelSelector } from "../../../../src/sim/k8s/validation/selector.ts";

const meta = (m: Record<string, unknown>, namespaced = true, minor = 33) =>
  validateObjectMeta(m, { namespaced, nameFn: nameIsDNSSubdomain, minor });

describe("ObjectMeta", () => {
  const cases: [string, Record<string, unknown>, boolean, number, string][] = [
    [
      "a name is required unless generateName is given",
      { namespace: "default" },
      true,
      33,
      "metadata.name: Required value: name or generateName is required",
    ],
    ["a namespaced object needs a namespace", { name: "web" }, true, 33, "metadata.namespace: Required value"],
    [
      "a cluster object may not have one",
      { name: "n1", namespace: "x" },
      false,
      33,
      "metadata.namespace: Forbidden: not allowed on this type",
    ],
    [
      "a label value is checked with the label value message",
      { name: "web", namespace: "default", labels: { app: "web-" } },
      true,
      33,
      `metadata.labels: Invalid value: "web-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
    [
      "annotations over 256 KiB are too long, worded per minor (1.21)",
      { name: "web", namespace: "default", annotations: { a: "x".repeat(262144) } },
      true,
      21,
      "metadata.annotations: Too long: must have at most 262144 bytes",
    ],
    [
      "annotations over 256 KiB are too long, worded per minor (1.33)",
      { name: "web", namespace: "default", annotations: { a: "x".repeat(262144) } },
      true,
      33,
      "metadata.annotations: Too long: may not be more than 262144 bytes",
    ],
    [
      "a finalizer without a domain must be a standard one",
      { name: "web", namespace: "default", finalizers: ["mine"] },
      true,
      33,
      `metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified`,
    ],
  ];
  it.each(cases)("%s", (_n, m, namespaced, minor, want) => {
    expect(aggregate(meta(m, namespaced, minor))).toBe(want);
  });

  it("a generateName ending in a dash is valid", () => {
    expect(meta({ generateName: "web-", name: "web-abcde", namespace: "default" })).toEqual([]);
  });
});

describe("label selectors", () => {
  it("requires values for In", () => {
    const errs = validateLabelSelector({ matchExpressions: [{ key: "app", operator: "In" }] }, "spec.selector", 33);
    expect(aggregate(errs)).toBe(
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    );
  });
  it("forbids values for Exists", () => {
    const errs = validateLabelSelector(
      { matchExpressions: [{ key: "app", operator: "Exists", values: ["a"] }] },
      "spec.selector",
      33,
    );
    expect(aggregate(errs)).toBe(
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    );
  });
  it("rejects an unknown operator", () => {
    const errs = validateLabelSelector(
      { matchExpressions: [{ key: "app", operator: "Equals", values: ["a"] }] },
      "spec.selector",
      33,
    );
    expect(aggregate(errs)).toBe(
      'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    );
  });
  const matching: [string, Parameters<typeof selectorMatches>[0], Record<string, string>, boolean][] = [
    ["matchLabels must all match", { matchLabels: { app: "web", tier: "fe" } }, { app: "web" }, false],
    [
      "In matches a listed value",
      { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "qa"] }] },
      { env: "qa" },
      true,
    ],
    [
      "NotIn matches a missing key",
      { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] },
      {},
      true,
    ],
    [
      "DoesNotExist fails on a present key",
      { matchExpressions: [{ key: "env", operator: "DoesNotExist" }] },
      { env: "x" },
      false,
    ],
    ["an empty selector selects everything", {}, { a: "b" }, true],
    ["a missing selector selects nothing", undefined, { a: "b" }, false],
  ];
  it.each(matching)("%s", (_n, sel, labels, want) => {
    expect(selectorMatches(sel, labels)).toBe(want);
  });
});

describe("Go-typed bad values", () => {
  it("prints a map the way %#v does, keys sorted", () => {
    expect(errorText(invalid("x", goMap({ tier: "fe", app: "web" }), "d"))).toBe(
      'x: Invalid value: map[string]string{"app":"web", "tier":"fe"}: d',
    );
    expect(goMap(undefined).text).toBe("map[string]string(nil)");
  });
  it("prints an IntOrString as a struct in 1.21 and through String() in 1.33", () => {
    expect(goIntOrString(0, 21).text).toBe('intstr.IntOrString{Type:0, IntVal:0, StrVal:""}');
    expect(goIntOrString("0%", 21).text).toBe('intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}');
    expect(goIntOrString(0, 33).text).toBe("0");
    expect(goIntOrString("0%", 33).text).toBe("0%");
  });
  it("prints a LabelSelector with %#v in 1.21 and gogo's String() in 1.33", () => {
    expect(goLabelSelector({ matchLabels: { app: "web" } }, 21).text).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
    expect(goLabelSelector({ matchLabels: { app: "web" } }, 33).text).toBe(
      "&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}",
    );
  });
  it("prints a GoLiteral verbatim", () => {
    expect(errorText(invalid("f", new GoLiteral("core.X{}"), ""))).toBe("f: Invalid value: core.X{}");
  });
});
