/**
 * Toleration arithmetic of the taint-eviction controller (v1helper.GetMatchingTolerations and
 * getMinTolerationTime), over the scheduler's ToleratesTaint.
 *
 * Worked example: NoExecute taints [a, b]; tolerations [a for 60 s, b for 300 s, a forever] ->
 * used [a 60 s, b 300 s] (the first toleration matching each taint) -> min 60 s.
 * [a forever, b forever] -> -1 (never evicted); [a for 0 s] -> 0 (at once).
 */
import type { KObject } from "../../api/object.ts";
import { toleratesTaint } from "../../scheduler/plugins/taint-toleration.ts";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

type Toleration = Record<string, unknown>;

export function noExecuteTaints(node: KObject): Taint[] {
  const out: Taint[] = [];
  for (const t of node.spec?.taints ?? []) {
    if (t?.effect === "NoExecute") out.push({ key: t.key ?? "", value: t.value, effect: t.effect });
  }
  return out;
}

/** Whether every taint is tolerated, and the toleration that matched each. */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((tol) =>
      toleratesTaint(
        {
          key: tol.key as string | undefined,
          operator: tol.operator as string | undefined,
          value: tol.value as string | undefined,
          effect: tol.effect as string | undefined,
        },
        taint,
      ),
    );
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/** Seconds until eviction: the shortest tolerationSeconds (<= 0 means now), -1 for never. */
export function minTolerationSeconds(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of used) {
    if (typeof t.tolerationSeconds !== "number") continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min;
}
