import { describe, expect, it } from "vitest";
import { equalButStatus, jsonEqual, jsonEqualExcept, type KObject } from "../../../../src/sim/k8s/api/object.ts";

describe("jsonEqualExcept", () => {
  it("is jsonEqual of the objects without the skipped keys", () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { a: 1, s: 1 },
        { a: 1, s: 2 },
      ],
      [{ a: 1, s: 1 }, { a: 1 }],
      [{ a: 1 }, { a: 2 }],
      [{ a: 1 }, { a: 1, b: 1 }],
      [{ a: undefined }, {}],
      [
        { a: { x: [1, 2] }, t: "x" },
        { a: { x: [1, 2] }, t: "y" },
      ],
      [{ a: { x: [1, 2] } }, { a: { x: [2, 1] } }],
    ];
    for (const [a, b] of cases) {
      const without = (o: Record<string, unknown>) => {
        const { s: _s, t: _t, ...rest } = o;
        return rest;
      };
      expect(jsonEqualExcept(a, b, "s", "t")).toBe(jsonEqual(without(a), without(b)));
      expect(jsonEqualExcept(b, a, "s", "t")).toBe(jsonEqual(without(b), without(a)));
    }
  });

  it("equalButStatus ignores status and resourceVersion, and nothing else", () => {
    const pod: KObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", resourceVersion: "1", labels: { app: "a" } },
      spec: { nodeName: "n1" },
      status: { phase: "Pending" },
    };
    expect(equalButStatus(pod, { ...pod, status: { phase: "Running" } })).toBe(true);
    expect(equalButStatus(pod, { ...pod, metadata: { ...pod.metadata, resourceVersion: "2" } })).toBe(true);
    expect(equalButStatus(pod, { ...pod, metadata: { ...pod.metadata, labels: { app: "b" } } })).toBe(false);
    expect(equalButStatus(pod, { ...pod, spec: { nodeName: "n2" } })).toBe(false);
    const { status: _s, ...noStatus } = pod;
    expect(equalButStatus(pod, noStatus as KObject)).toBe(true);
  });
});
