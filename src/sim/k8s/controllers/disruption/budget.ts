/**
 * PodDisruptionBudget arithmetic (pkg/controller/disruption: getExpectedPodCount,
 * countHealthyPods, updatePdbStatus), kept pure so it reads like the upstream recipe.
 *
 *   minAvailable: N (integer)  expected = pods matched,           desired = N
 *   minAvailable: P%           expected = sum of controllers' scale, desired = ceil(P% * expected)
 *   maxUnavailable: N or P%    expected = sum of controllers' scale, desired = expected - ceil(...)
 *   disruptionsAllowed = max(0, currentHealthy - desired), and 0 while expected is 0.
 *
 * Worked examples, a Deployment of 3 Ready replicas:
 *   minAvailable 2    -> expected 3, desired 2, allowed 3-2 = 1
 *   minAvailable 50%  -> desired ceil(1.5) = 2, allowed 1
 *   maxUnavailable 1  -> desired 3-1 = 2, allowed 1
 *   maxUnavailable 50% -> ceil(1.5) = 2 may be down -> desired 1, allowed 2
 *   maxUnavailable 0  -> desired 3, allowed 0: every eviction is refused (429)
 */

/** intstr.GetScaledValueFromIntOrPercent with roundUp: `"34%"` of 10 -> ceil(3.4) = 4. */
export function scaledValue(
  v: number | string,
  total: number,
): { ok: true; value: number } | { ok: false; error: string } {
  if (typeof v === "number") return { ok: true, value: v };
  const m = /^(-?\d+)%$/.exec(v);
  if (!m)
    return {
      ok: false,
      error: `invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${v.replace(/%$/, "")}": invalid syntax`,
    };
  // Integer arithmetic as Go does it: ceil(p * total / 100).
  const p = Number.parseInt(m[1], 10);
  return { ok: true, value: Math.ceil((p * total) / 100) };
}

export interface BudgetSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

/** Whether the expected count comes from the controllers' scale rather than the pods matched. */
export function needsScale(spec: BudgetSpec): boolean {
  return spec.maxUnavailable != null || typeof spec.minAvailable === "string";
}

export type Expected = { ok: true; expectedCount: number; desiredHealthy: number } | { ok: false; error: string };

/**
 * getExpectedPodCount given the matched pod count and (when needed) the summed scale.
 * With neither field set (allowed through validation) both stay 0.
 */
export function expectedPodCount(spec: BudgetSpec, matchedPods: number, scale: number): Expected {
  if (spec.maxUnavailable != null) {
    const r = scaledValue(spec.maxUnavailable, scale);
    if (!r.ok) return r;
    return { ok: true, expectedCount: scale, desiredHealthy: Math.max(0, scale - r.value) };
  }
  if (spec.minAvailable != null) {
    if (typeof spec.minAvailable === "number") {
      return { ok: true, expectedCount: matchedPods, desiredHealthy: spec.minAvailable };
    }
    const r = scaledValue(spec.minAvailable, scale);
    if (!r.ok) return r;
    return { ok: true, expectedCount: scale, desiredHealthy: r.value };
  }
  return { ok: true, expectedCount: 0, desiredHealthy: 0 };
}

/** updatePdbStatus: no disruption while nothing is expected or the healthy count is short. */
export function disruptionsAllowed(currentHealthy: number, desiredHealthy: number, expectedCount: number): number {
  const allowed = currentHealthy - desiredHealthy;
  return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
}
