/**
 * NodeAffinity (plugins/nodeaffinity): spec.nodeSelector (every label equal) and
 * requiredDuringSchedulingIgnoredDuringExecution (any term) must both match the node.
 *
 * Score: the sum of the weights of the preferred terms the node matches, normalised so the
 * best node gets 100. Example, preferences `disktype=ssd` (weight 80) and `zone=a` (weight 20):
 *   node A (ssd, zone a) raw 100, node B (ssd) raw 80, node C raw 0
 *   -> [100, 80, 0]; times the default weight (1 in 1.21, 2 in 1.33) -> [200, 160, 0] in 1.33.
 */
import { Code, defaultNormalizeScore, newStatus, type Plugin } from "../framework.ts";
import { nodeAffinityReason } from "../messages.ts";
import { nodeSelectorMatches, termMatchesNode } from "../node-selector.ts";

export const NAME = "NodeAffinity";

export function nodeAffinity(): Plugin {
  return {
    name: NAME,
    nodeStatic: true,
    filter(ctx, node) {
      const t = ctx.pod.template;
      if (t.nodeSelector) {
        for (const k in t.nodeSelector) {
          if (!Object.hasOwn(node.labels, k) || node.labels[k] !== t.nodeSelector[k]) {
            return newStatus(Code.UnschedulableAndUnresolvable, nodeAffinityReason(ctx.minor));
          }
        }
      }
      if (t.requiredNodeAffinity && !nodeSelectorMatches(t.requiredNodeAffinity, node.name, node.labels)) {
        return newStatus(Code.UnschedulableAndUnresolvable, nodeAffinityReason(ctx.minor));
      }
      return null;
    },
    score(ctx, node) {
      let sum = 0;
      for (const p of ctx.pod.template.preferredNodeAffinity) {
        if (termMatchesNode(p.term, node.name, node.labels)) sum += p.weight;
      }
      return sum;
    },
    normalizeScore(_ctx, scores, count) {
      defaultNormalizeScore(scores, count, false);
    },
  };
}
