import { describe, expect, it } from "vitest";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import { computeHash, safeEncodeString } from "../../../../../src/sim/k8s/controllers/controller-utils/hash.ts";
import {
  getProportion,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
  roundHalfAwayFromZero,
  scaledValue,
} from "../../../../../src/sim/k8s/controllers/deployment/util.ts";

const d = (replicas: number, maxSurge: number | string, maxUnavailable: number | string): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d" },
  spec: { replicas, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } } },
});

const rs = (name: string, replicas: number, maxReplicas?: number): KObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: {
    name,
    annotations: maxReplicas === undefined ? {} : { "deployment.kubernetes.io/max-replicas": String(maxReplicas) },
  },
  spec: { replicas },
});

describe("fenceposts", () => {
  it.each([
    ["25%/25% of 10 round surge up and unavailability down", 10, "25%", "25%", [3, 2]],
    ["25%/25% of 3 keep every pod available", 3, "25%", "25%", [1, 0]],
    ["integers are taken as they are", 5, 2, 1, [2, 1]],
    ["both resolving to zero make unavailability 1", 1, 0, "10%", [0, 1]],
    ["100% surge doubles the pods", 4, "100%", 0, [4, 0]],
  ] as const)("%s", (_name, replicas, surge, unavailable, expected) => {
    expect(resolveFenceposts(surge, unavailable, replicas)).toEqual(expected);
  });

  it("maxUnavailable never exceeds replicas and is 0 for Recreate", () => {
    expect(maxUnavailable(d(2, 0, 5))).toBe(2);
    expect(maxUnavailable({ ...d(2, 0, 5), spec: { replicas: 2, strategy: { type: "Recreate" } } })).toBe(0);
    expect(maxSurge(d(10, "25%", "25%"))).toBe(3);
  });

  it("percentages scale as intstr does", () => {
    expect(scaledValue("33%", 10, true)).toBe(4);
    expect(scaledValue("33%", 10, false)).toBe(3);
  });
});

describe("new replica set growth", () => {
  it.each([
    ["the first step of 3 replicas with surge 1 adds one pod", d(3, 1, 0), [rs("old", 3)], 0, 1],
    ["nothing is added while the total is at replicas + surge", d(3, 1, 0), [rs("old", 3)], 1, 1],
    ["the new set never passes replicas", d(3, 5, 0), [rs("old", 1)], 2, 3],
  ] as const)("%s", (_name, dep, olds, current, expected) => {
    const n = rs("new", current);
    expect(newRSNewReplicas(dep, [...olds, n], n)).toBe(expected);
  });
});

describe("proportional scaling", () => {
  it("shares 10 extra replicas between an 8- and a 5-replica set as 6 and 4", () => {
    const dep = d(20, 3, 2);
    expect(getProportion(rs("old", 8, 13), dep, 10, 0)).toBe(6);
    expect(getProportion(rs("new", 5, 13), dep, 10, 6)).toBe(4);
  });
  it("rounds halves away from zero as math.Round", () => {
    expect([2.5, -2.5, 1.4].map(roundHalfAwayFromZero)).toEqual([3, -3, 1]);
  });
});

describe("pod-template-hash", () => {
  it("encodes each decimal digit through the safe alphabet", () => {
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
  });
  it.each([
    ["the same template hashes alike", { a: 1, b: [1] }, { b: [1], a: 1 }, true],
    ["another template hashes differently", { a: 1 }, { a: 2 }, false],
  ] as const)("%s", (_name, x, y, same) => {
    expect(computeHash(x) === computeHash(y)).toBe(same);
  });
  it("a collision count moves the hash, and it has the real shape", () => {
    const h = computeHash({ a: 1 });
    expect(computeHash({ a: 1 }, 1)).not.toBe(h);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  });
});
