import { describe, expect, it } from "vitest";
import { disruptionsAllowed, expectedPodCount } from "../../../../../src/sim/k8s/controllers/disruption/index.ts";

describe("PodDisruptionBudget arithmetic", () => {
  const cases: {
    name: string;
    spec: { minAvailable?: number | string; maxUnavailable?: number | string };
    pods: number;
    scale: number;
    healthy: number;
    expected: number;
    desired: number;
    allowed: number;
  }[] = [
    {
      name: "an integer minAvailable counts the matched pods",
      spec: { minAvailable: 2 },
      pods: 3,
      scale: 0,
      healthy: 3,
      expected: 3,
      desired: 2,
      allowed: 1,
    },
    {
      name: "a percentage minAvailable rounds up over the controllers' scale",
      spec: { minAvailable: "50%" },
      pods: 3,
      scale: 3,
      healthy: 3,
      expected: 3,
      desired: 2,
      allowed: 1,
    },
    {
      name: "an integer maxUnavailable subtracts from the scale",
      spec: { maxUnavailable: 1 },
      pods: 3,
      scale: 3,
      healthy: 3,
      expected: 3,
      desired: 2,
      allowed: 1,
    },
    {
      name: "a percentage maxUnavailable rounds up what may be down",
      spec: { maxUnavailable: "50%" },
      pods: 3,
      scale: 3,
      healthy: 3,
      expected: 3,
      desired: 1,
      allowed: 2,
    },
    {
      name: "maxUnavailable 0 allows no disruption",
      spec: { maxUnavailable: 0 },
      pods: 3,
      scale: 3,
      healthy: 3,
      expected: 3,
      desired: 3,
      allowed: 0,
    },
    {
      name: "a healthy count below the desired one allows nothing",
      spec: { minAvailable: 3 },
      pods: 3,
      scale: 0,
      healthy: 2,
      expected: 3,
      desired: 3,
      allowed: 0,
    },
    {
      name: "nothing is allowed while no pods are expected",
      spec: { minAvailable: 0 },
      pods: 0,
      scale: 0,
      healthy: 0,
      expected: 0,
      desired: 0,
      allowed: 0,
    },
    {
      name: "34% of 10 rounds up to 4",
      spec: { minAvailable: "34%" },
      pods: 10,
      scale: 10,
      healthy: 10,
      expected: 10,
      desired: 4,
      allowed: 6,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = expectedPodCount(c.spec, c.pods, c.scale);
      expect(r).toEqual({ ok: true, expectedCount: c.expected, desiredHealthy: c.desired });
      expect(disruptionsAllowed(c.healthy, c.desired, c.expected)).toBe(c.allowed);
    });
  }
});
