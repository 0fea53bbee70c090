/**
 * The order in which a ReplicaSet gives up pods when it scales down
 * (pkg/controller/controller_utils.go, ActivePodsWithRanks.Less). Earlier in the order means
 * deleted first:
 *   1. not yet scheduled < scheduled;
 *   2. Pending < Unknown < Running;
 *   3. not ready < ready;
 *   4. lower controller.kubernetes.io/pod-deletion-cost < higher (PodDeletionCost, on from 1.22);
 *   5. more related pods on the same node < fewer ("doubled up" pods go first);
 *   6. ready for less time < longer;
 *   7. more container restarts < fewer;
 *   8. newer < older.
 * From 1.22 (LogarithmicScaleDown) steps 6 and 8 compare timestamps on a log2 scale of their
 * age, so pods of similar age are treated alike and the tie goes to the lower UID: with now =
 * 12:00:00, pods created at 11:59:00 (60 s ago: floor(log2(60e9 ns)) = 35) and 11:58:30 (90 s:
 * floor(log2(90e9)) = 36) rank differently, while 11:59:00 and 11:59:10 (50 s: 35) tie and go
 * by UID. 1.21 compares the timestamps themselves.
 * Upstream's sort is unstable; a last tie-break on the name keeps the simulation reproducible.
 */
import { parseRfc3339 } from "../../../core/clock.ts";
import type { KObject } from "../../api/object.ts";
import { isPodReady, maxContainerRestarts, podReadyTime } from "./pod-filters.ts";

export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankOptions {
  minor: number;
  now: number;
}

interface Ranked {
  pod: KObject;
  rank: number;
  ready: boolean;
  readyTime?: number;
  created?: number;
  cost: number;
  restarts: number;
}

/** helper.GetDeletionCostFromPodAnnotations: an int32, anything else counts as 0. */
export function deletionCost(pod: KObject): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** floor(log2(age in ns)), or -1 for a timestamp not in the past. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/**
 * `pods` sorted into deletion order; `ranks[i]` is the number of active related pods on the
 * node of `pods[i]` (getPodsRankedByRelatedPodsOnSameNode).
 */
export function sortForDeletion(pods: readonly KObject[], ranks: readonly number[], o: RankOptions): KObject[] {
  const logScale = o.minor >= 22;
  const withCost = o.minor >= 22;
  const withSidecars = o.minor >= 29;
  const items: Ranked[] = pods.map((pod, i) => {
    const c = pod.metadata.creationTimestamp ? parseRfc3339(pod.metadata.creationTimestamp) : Number.NaN;
    return {
      pod,
      rank: ranks[i] ?? 0,
      ready: isPodReady(pod),
      readyTime: podReadyTime(pod),
      created: Number.isNaN(c) ? undefined : c,
      cost: withCost ? deletionCost(pod) : 0,
      restarts: maxContainerRestarts(pod, withSidecars),
    };
  });
  // afterOrZero: a missing time sorts first, then the later time.
  const afterOrZero = (a: number | undefined, b: number | undefined): number => {
    if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : -1) : 1;
    return b - a;
  };
  const timeOrder = (a: Ranked, b: Ranked, ta: number | undefined, tb: number | undefined): number => {
    if (ta === tb) return 0;
    if (!logScale || ta === undefined || tb === undefined) return afterOrZero(ta, tb);
    const diff = logRank(ta, o.now) - logRank(tb, o.now);
    if (diff !== 0) return diff;
    const ua = a.pod.metadata.uid ?? "";
    const ub = b.pod.metadata.uid ?? "";
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  };
  const compare = (a: Ranked, b: Ranked): number => {
    const na = a.pod.spec?.nodeName ?? "";
    const nb = b.pod.spec?.nodeName ?? "";
    if (na !== nb && (na === "" || nb === "")) return na === "" ? -1 : 1;
    const pa = PHASE_ORDINAL[a.pod.status?.phase ?? ""] ?? 0;
    const pb = PHASE_ORDINAL[b.pod.status?.phase ?? ""] ?? 0;
    if (pa !== pb) return pa - pb;
    if (a.ready !== b.ready) return a.ready ? 1 : -1;
    if (a.cost !== b.cost) return a.cost - b.cost;
    if (a.rank !== b.rank) return b.rank - a.rank;
    if (a.ready && b.ready) {
      const t = timeOrder(a, b, a.readyTime, b.readyTime);
      if (t !== 0) return t;
    }
    if (a.restarts !== b.restarts) return b.restarts - a.restarts;
    const t = timeOrder(a, b, a.created, b.created);
    if (t !== 0) return t;
    const ka = a.pod.metadata.name ?? "";
    const kb = b.pod.metadata.name ?? "";
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  return items.sort(compare).map((r) => r.pod);
}
