/**
 * PodTopologySpread (plugins/podtopologyspread), the explicit constraints of
 * spec.topologySpreadConstraints. (The cluster-level default constraints upstream applies to
 * pods of Services and ReplicaSets are not modelled: LeastAllocated already spreads identical
 * replicas across equal nodes.)
 *
 * Filter (whenUnsatisfiable: DoNotSchedule): among the nodes the pod's nodeSelector/affinity
 * admits and that carry every constraint's topology key, count the matching pods (same
 * namespace, selector, not terminating) per domain. Placing the pod on node N must keep
 *   skew = count(domain of N) + (1 if the pod matches its own selector) - min over domains
 * at most maxSkew. Example: maxSkew 1, zones a: 2 pods, b: 1 pod; a node in zone a gives
 * 2 + 1 - 1 = 2 > 1 (rejected), one in zone b gives 1 + 1 - 1 = 1 (accepted).
 *
 * Score (ScheduleAnyway): per constraint cnt * log(domains + 2) + (maxSkew - 1), summed, then
 * normalised so the least crowded node gets 100: 100 * (max + min - s) / max.
 */
import { Code, type CycleContext, newStatus, type Plugin, SKIP, type Status } from "../framework.ts";
import { SPREAD_MISSING_LABEL_REASON, SPREAD_REASON } from "../messages.ts";
import { nodeSelectorMatches } from "../node-selector.ts";
import type { SpreadConstraint } from "../pod-info.ts";
import type { NodeInfo } from "../snapshot.ts";

export const NAME = "PodTopologySpread";

const MISSING_LABEL: Status = newStatus(Code.UnschedulableAndUnresolvable, SPREAD_MISSING_LABEL_REASON);
const SKEWED: Status = newStatus(Code.Unschedulable, SPREAD_REASON);

/** The pod's own nodeSelector and required node affinity (nodeAffinityPolicy: Honor). */
function admits(ctx: CycleContext, node: NodeInfo): boolean {
  const t = ctx.pod.template;
  if (t.nodeSelector) for (const k in t.nodeSelector) if (node.labels[k] !== t.nodeSelector[k]) return false;
  return !t.requiredNodeAffinity || nodeSelectorMatches(t.requiredNodeAffinity, node.name, node.labels);
}

function hasKeys(node: NodeInfo, cs: readonly SpreadConstraint[]): boolean {
  for (const c of cs) if (!Object.hasOwn(node.labels, c.topologyKey)) return false;
  return true;
}

function matchingPods(ctx: CycleContext, node: NodeInfo, c: SpreadConstraint): number {
  let n = 0;
  for (const p of node.pods.values()) {
    if (p.namespace !== ctx.pod.namespace || p.key === ctx.pod.key) continue;
    if (p.pod.metadata.deletionTimestamp) continue;
    if (c.selector.matches(p.template.labels)) n++;
  }
  return n;
}

/** Counts per domain (value of the topology key) for each constraint. */
function countDomains(ctx: CycleContext, cs: readonly SpreadConstraint[]): Map<string, number>[] {
  const counts = cs.map(() => new Map<string, number>());
  for (const node of ctx.snapshot.allNodes()) {
    if (!hasKeys(node, cs) || !admits(ctx, node)) continue;
    cs.forEach((c, i) => {
      const v = node.labels[c.topologyKey];
      counts[i].set(v, (counts[i].get(v) ?? 0) + matchingPods(ctx, node, c));
    });
  }
  return counts;
}

export function podTopologySpread(): Plugin {
  let hard: SpreadConstraint[] = [];
  let hardCounts: Map<string, number>[] = [];
  let hardMin: number[] = [];
  let soft: SpreadConstraint[] = [];
  let softCounts: Map<string, number>[] = [];
  let softWeights: number[] = [];

  return {
    name: NAME,
    preFilter(ctx) {
      // Most pods have no constraints: nothing to filter or count.
      if (ctx.pod.template.spread.length === 0) {
        hard = [];
        return SKIP;
      }
      hard = ctx.pod.template.spread.filter((c) => c.whenUnsatisfiable === "DoNotSchedule");
      if (hard.length === 0) return SKIP;
      hardCounts = countDomains(ctx, hard);
      hardMin = hard.map((c, i) => {
        // Fewer domains than minDomains: the global minimum is taken as 0.
        if (hardCounts[i].size < c.minDomains) return 0;
        let min = Number.POSITIVE_INFINITY;
        for (const v of hardCounts[i].values()) if (v < min) min = v;
        return min === Number.POSITIVE_INFINITY ? 0 : min;
      });
      return null;
    },
    filter(ctx, node) {
      for (let i = 0; i < hard.length; i++) {
        const c = hard[i];
        if (!Object.hasOwn(node.labels, c.topologyKey)) return MISSING_LABEL;
        const self = c.selector.matches(ctx.pod.template.labels) ? 1 : 0;
        const count = hardCounts[i].get(node.labels[c.topologyKey]) ?? 0;
        if (count + self - hardMin[i] > c.maxSkew) return SKEWED;
      }
      return null;
    },
    preScore(ctx, _feasible, count) {
      if (ctx.pod.template.spread.length === 0) {
        soft = [];
        return SKIP;
      }
      soft = ctx.pod.template.spread.filter((c) => c.whenUnsatisfiable === "ScheduleAnyway");
      if (soft.length === 0) return SKIP;
      softCounts = countDomains(ctx, soft);
      softWeights = soft.map((c, i) => {
        const size = c.topologyKey === "kubernetes.io/hostname" ? count : softCounts[i].size;
        return Math.log(size + 2);
      });
      return null;
    },
    score(ctx, node) {
      if (!hasKeys(node, soft)) return -1;
      let s = 0;
      for (let i = 0; i < soft.length; i++) {
        const c = soft[i];
        const cnt =
          c.topologyKey === "kubernetes.io/hostname"
            ? matchingPods(ctx, node, c)
            : (softCounts[i].get(node.labels[c.topologyKey]) ?? 0);
        s += cnt * softWeights[i] + (c.maxSkew - 1);
      }
      return Math.round(s);
    },
    normalizeScore(_ctx, scores, count) {
      // -1 marks nodes without the topology keys: they score 0.
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      for (let i = 0; i < count; i++) {
        if (scores[i] < 0) continue;
        if (scores[i] < min) min = scores[i];
        if (scores[i] > max) max = scores[i];
      }
      for (let i = 0; i < count; i++) {
        if (scores[i] < 0) scores[i] = 0;
        else if (max === 0) scores[i] = 100;
        else scores[i] = Math.trunc((100 * (max + min - scores[i])) / max);
      }
    },
  };
}
