// biome-ignore-all lint/suspicious/noThenProperty: a scenario check's `then` is the lab format's field name (src/grading/types.ts).
import { describe, expect, it } from "vitest";
import { evaluateChain, evaluateCheck, scenarioChain } from "../../../src/grading/checks/index.ts";
import { continuation, readsOnly } from "../../../src/grading/checks/scenario.ts";
import type { Check } from "../../../src/grading/types.ts";
import { contextFor, type World } from "./helpers.ts";

const DEPLOYMENT = `apiVersion: apps/v1
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
      tolerations:
      - key: node.kubernetes.io/unreachable
        operator: Exists
        effect: NoExecute
        tolerationSeconds: 90
      containers:
      - name: nginx
        image: nginx:1.25
`;

const world: World = { files: { "web.yaml": DEPLOYMENT }, commands: ["kubectl apply -f web.yaml", "sleep 30"] };

const onW1 = (min: number): Check => ({
  kind: "count",
  resource: "pods",
  selector: "app=web",
  fieldSelector: "spec.nodeName=k8s-w1",
  where: [{ path: "metadata.deletionTimestamp", exists: false }],
  min,
});
const readyElsewhere: Check = {
  kind: "count",
  resource: "pods",
  selector: "app=web",
  fieldSelector: "spec.nodeName!=k8s-w1",
  condition: "Ready=True",
  equals: 3,
};
const unreachableFor = (seconds: number, then: Check): Check => ({
  kind: "scenario",
  steps: [
    { do: "node-unreachable", node: "k8s-w1" },
    { do: "advance", seconds },
  ],
  then,
});

describe("scenarios that continue one another", () => {
  it("knows a continuation: the same steps, then more, or a longer last wait", () => {
    const a = unreachableFor(60, onW1(1)) as Extract<Check, { kind: "scenario" }>;
    const b = unreachableFor(150, readyElsewhere) as Extract<Check, { kind: "scenario" }>;
    expect(continuation(a, b)).toEqual([{ do: "advance", seconds: 90 }]);
    expect(continuation(b, a)).toBeUndefined();
    const more = { ...a, steps: [...a.steps, { do: "cordon", node: "k8s-w2" }] } as typeof a;
    expect(continuation(a, more)).toEqual([{ do: "cordon", node: "k8s-w2" }]);
    const other = { ...a, steps: [{ do: "node-not-ready", node: "k8s-w1" }, a.steps[1]] } as typeof a;
    expect(continuation(a, other)).toBeUndefined();
  });

  it("chains only behind checks that read", () => {
    expect(readsOnly(onW1(1))).toBe(true);
    expect(readsOnly({ kind: "all", checks: [onW1(1), { kind: "not", check: readyElsewhere }] })).toBe(true);
    expect(readsOnly({ kind: "http", url: "http://web" } as Check)).toBe(false);
    expect(readsOnly(unreachableFor(1, onW1(1)))).toBe(false);
    expect(
      scenarioChain([unreachableFor(60, onW1(1)), readyElsewhere, unreachableFor(150, readyElsewhere)], {}),
    ).toEqual([0, 2]);
    expect(scenarioChain([unreachableFor(150, onW1(1)), unreachableFor(60, readyElsewhere)], {})).toEqual([]);
    const httpFirst = {
      ...(unreachableFor(60, onW1(1)) as object),
      then: { kind: "http", url: "http://web" },
    } as Check;
    expect(scenarioChain([httpFirst, unreachableFor(150, readyElsewhere)], {})).toEqual([]);
  });

  it("gives each scenario the result it gets alone on a fork of its own", () => {
    const checks = [
      unreachableFor(60, onW1(1)),
      unreachableFor(150, readyElsewhere),
      unreachableFor(150, onW1(1)),
      unreachableFor(200, onW1(3)),
    ];
    const alone = checks.map((c) => evaluateCheck(c, contextFor(world)));
    const ctx = contextFor(world);
    const chained = evaluateChain(checks, ctx.sim, ctx);
    expect(chained).toEqual(alone);
    expect(chained.map((r) => r.passed)).toEqual([true, true, false, false]);
    expect(chained[1].explanation).toMatch(/^after making node k8s-w1 unreachable and waiting 2m30s: /);
  });
});
