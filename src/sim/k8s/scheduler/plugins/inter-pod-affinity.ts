/**
 * InterPodAffinity (plugins/interpodaffinity). Filter, for the incoming pod P on node N:
 *   1. every required podAffinity term of P must find a matching pod in N's topology domain
 *      (N's value of the term's topologyKey) — unless no pod anywhere matches and P matches
 *      its own terms (the first replica of a self-affine group);
 *   2. no required podAntiAffinity term of P may find a matching pod in N's domain;
 *   3. no pod already placed may have a required anti-affinity term matching P whose domain
 *      contains N (the symmetric rule: "existing pods anti-affinity").
 * Pods without any affinity term skip all of it unless some placed pod has required
 * anti-affinity, so the common case costs nothing.
 *
 * Score: per topology domain, +weight for each placed pod matching one of P's preferred
 * affinity terms, -weight for preferred anti-affinity, and the symmetric contributions of
 * placed pods' terms that match P (their required affinity counts hardPodAffinityWeight = 1).
 * A node's raw score is the sum over its domains; normalisation maps min..max to 0..100.
 * Example: P prefers (weight 50) nodes in the zone of `app=cache` pods; zone a holds two such
 * pods, zone b none: raw a = 100, b = 0 -> normalised a = 100, b = 0.
 */
import { Code, newStatus, type Plugin, SKIP, type Status } from "../framework.ts";
import {
  AFFINITY_NOT_MATCH_1_21,
  AFFINITY_RULES_REASON,
  ANTI_AFFINITY_RULES_REASON,
  EXISTING_ANTI_AFFINITY_REASON,
} from "../messages.ts";
import { type AffinityTerm, type PodInfo, termMatches } from "../pod-info.ts";
import type { NodeInfo, Snapshot } from "../snapshot.ts";

export const NAME = "InterPodAffinity";

const HARD_POD_AFFINITY_WEIGHT = 1;

/** No topology scored yet: shared, never written to (a scoring cycle makes its own map). */
const NO_SCORES: Map<string, Map<string, number>> = new Map();

const pairKey = (key: string, value: string) => `${key}\u0000${value}`;

function matchesAll(terms: readonly AffinityTerm[], p: PodInfo, s: Snapshot): boolean {
  if (terms.length === 0) return false;
  for (const t of terms)
    if (!termMatches(t, p.namespace, p.template.labels, (ns) => s.namespaceLabels.get(ns))) return false;
  return true;
}

function add(m: Map<string, number>, node: NodeInfo, key: string, by: number): void {
  if (!Object.hasOwn(node.labels, key)) return;
  const k = pairKey(key, node.labels[key]);
  m.set(k, (m.get(k) ?? 0) + by);
}

export function interPodAffinity(): Plugin {
  // Per-cycle state (one cycle at a time).
  let existingAnti = new Map<string, number>();
  let affinityCounts = new Map<string, number>();
  let antiCounts = new Map<string, number>();
  let topoScore = NO_SCORES;
  /** The snapshot of the cycle being scored, for the helpers below (made once, not per cycle). */
  let scoring: Snapshot | undefined;
  const scoringNsLabels = (ns: string) => scoring?.namespaceLabels.get(ns);
  const bump = (term: AffinityTerm, node: NodeInfo, by: number) => {
    if (!Object.hasOwn(node.labels, term.topologyKey)) return;
    if (topoScore === NO_SCORES) topoScore = new Map();
    let m = topoScore.get(term.topologyKey);
    if (!m) {
      m = new Map();
      topoScore.set(term.topologyKey, m);
    }
    const v = node.labels[term.topologyKey];
    m.set(v, (m.get(v) ?? 0) + by);
  };

  const reasons = (minor: number, specific: string) => (minor < 22 ? [AFFINITY_NOT_MATCH_1_21, specific] : [specific]);

  return {
    name: NAME,
    preFilter(ctx) {
      const t = ctx.pod.template;
      const s = ctx.snapshot;
      if (
        t.requiredAffinity.length === 0 &&
        t.requiredAntiAffinity.length === 0 &&
        s.podsWithRequiredAntiAffinity === 0
      ) {
        return SKIP;
      }
      existingAnti = new Map();
      affinityCounts = new Map();
      antiCounts = new Map();
      const nsLabels = (ns: string) => s.namespaceLabels.get(ns);
      const needAll = t.requiredAffinity.length > 0 || t.requiredAntiAffinity.length > 0;
      for (const node of needAll ? s.allNodes() : s.nodesWithRequiredAntiAffinity()) {
        for (const existing of node.pods.values()) {
          if (existing.key === ctx.pod.key) continue;
          for (const term of existing.template.requiredAntiAffinity) {
            if (termMatches(term, ctx.pod.namespace, t.labels, nsLabels)) add(existingAnti, node, term.topologyKey, 1);
          }
          if (!needAll) continue;
          if (matchesAll(t.requiredAffinity, existing, s)) {
            for (const term of t.requiredAffinity) add(affinityCounts, node, term.topologyKey, 1);
          }
          for (const term of t.requiredAntiAffinity) {
            if (termMatches(term, existing.namespace, existing.template.labels, nsLabels))
              add(antiCounts, node, term.topologyKey, 1);
          }
        }
      }
      return null;
    },
    filter(ctx, node): Status | null {
      const t = ctx.pod.template;
      if (t.requiredAffinity.length > 0) {
        let podsExist = true;
        for (const term of t.requiredAffinity) {
          if (!Object.hasOwn(node.labels, term.topologyKey)) {
            return newStatus(Code.UnschedulableAndUnresolvable, ...reasons(ctx.minor, AFFINITY_RULES_REASON));
          }
          if ((affinityCounts.get(pairKey(term.topologyKey, node.labels[term.topologyKey])) ?? 0) <= 0)
            podsExist = false;
        }
        if (!podsExist && !(affinityCounts.size === 0 && matchesAll(t.requiredAffinity, ctx.pod, ctx.snapshot))) {
          return newStatus(Code.UnschedulableAndUnresolvable, ...reasons(ctx.minor, AFFINITY_RULES_REASON));
        }
      }
      for (const term of t.requiredAntiAffinity) {
        if (!Object.hasOwn(node.labels, term.topologyKey)) continue;
        if ((antiCounts.get(pairKey(term.topologyKey, node.labels[term.topologyKey])) ?? 0) > 0) {
          return newStatus(Code.Unschedulable, ...reasons(ctx.minor, ANTI_AFFINITY_RULES_REASON));
        }
      }
      if (existingAnti.size > 0) {
        for (const k in node.labels) {
          if ((existingAnti.get(pairKey(k, node.labels[k])) ?? 0) > 0) {
            return newStatus(Code.Unschedulable, ...reasons(ctx.minor, EXISTING_ANTI_AFFINITY_REASON));
          }
        }
      }
      return null;
    },
    preScore(ctx) {
      const t = ctx.pod.template;
      const s = ctx.snapshot;
      const own = t.preferredAffinity.length > 0 || t.preferredAntiAffinity.length > 0;
      if (!own && s.podsWithAffinity === 0) return SKIP;
      // A map only once some term scores: every pod of a cluster whose DNS pods prefer
      // anti-affinity comes here, and nearly always nothing matches.
      topoScore = NO_SCORES;
      scoring = s;
      const nsLabels = scoringNsLabels;
      for (const node of own ? s.allNodes() : s.nodesWithAffinity()) {
        for (const e of node.pods.values()) {
          if (e.key === ctx.pod.key) continue;
          const et = e.template;
          for (const term of t.preferredAffinity)
            if (termMatches(term, e.namespace, et.labels, nsLabels)) bump(term, node, term.weight);
          for (const term of t.preferredAntiAffinity)
            if (termMatches(term, e.namespace, et.labels, nsLabels)) bump(term, node, -term.weight);
          for (const term of et.requiredAffinity)
            if (termMatches(term, ctx.pod.namespace, t.labels, nsLabels)) bump(term, node, HARD_POD_AFFINITY_WEIGHT);
          for (const term of et.preferredAffinity)
            if (termMatches(term, ctx.pod.namespace, t.labels, nsLabels)) bump(term, node, term.weight);
          for (const term of et.preferredAntiAffinity)
            if (termMatches(term, ctx.pod.namespace, t.labels, nsLabels)) bump(term, node, -term.weight);
        }
      }
      return topoScore.size === 0 ? SKIP : null;
    },
    score(_ctx, node) {
      let sum = 0;
      for (const [key, values] of topoScore) {
        if (Object.hasOwn(node.labels, key)) sum += values.get(node.labels[key]) ?? 0;
      }
      return sum;
    },
    normalizeScore(_ctx, scores, count) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < count; i++) {
        if (scores[i] < min) min = scores[i];
        if (scores[i] > max) max = scores[i];
      }
      const diff = max - min;
      for (let i = 0; i < count; i++) scores[i] = diff > 0 ? Math.trunc((100 * (scores[i] - min)) / diff) : 0;
    },
  };
}
