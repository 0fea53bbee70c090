/**
 * TaintToleration (plugins/tainttoleration): a node's NoSchedule and NoExecute taints must all
 * be tolerated; PreferNoSchedule taints only lower the score.
 *
 * Score: the number of PreferNoSchedule taints the pod does not tolerate, normalised in
 * reverse (fewer is better). Example, three feasible nodes with 0, 1 and 2 such taints:
 *   raw [0, 1, 2] -> max 2 -> 100*raw/2 = [0, 50, 100] -> reversed [100, 50, 0]
 * and with the default weight (1 in 1.21, 3 in 1.33) that becomes [300, 150, 0] in 1.33.
 */
import { Code, defaultNormalizeScore, newStatus, type Plugin } from "../framework.ts";
import { taintReason } from "../messages.ts";
import type { Toleration } from "../pod-info.ts";
import type { Taint } from "../snapshot.ts";

export const NAME = "TaintToleration";

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerate(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

export function taintToleration(): Plugin {
  return {
    name: NAME,
    nodeStatic: true,
    filter(ctx, node) {
      const tolerations = ctx.pod.template.tolerations;
      for (const taint of node.taints) {
        if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
        if (!tolerationsTolerate(tolerations, taint)) {
          return newStatus(Code.UnschedulableAndUnresolvable, taintReason(ctx.minor, taint.key, taint.value));
        }
      }
      return null;
    },
    score(ctx, node) {
      let count = 0;
      for (const taint of node.taints) {
        if (taint.effect !== "PreferNoSchedule") continue;
        let tolerated = false;
        for (const t of ctx.pod.template.tolerations) {
          // Only tolerations that apply to PreferNoSchedule count (an empty effect matches all).
          if ((!t.effect || t.effect === "PreferNoSchedule") && toleratesTaint(t, taint)) {
            tolerated = true;
            break;
          }
        }
        if (!tolerated) count++;
      }
      return count;
    },
    normalizeScore(_ctx, scores, count) {
      defaultNormalizeScore(scores, count, true);
    },
  };
}
