/**
 * The scheduling framework (pkg/scheduler/framework/interface.go), reduced to what the
 * simulation needs: Status codes with upstream reason strings, and a plugin as
 * `{ name, preFilter?, filter?, preScore?, score?, normalizeScore? }`.
 *
 * Two departures from upstream, both for speed and both invisible in the results:
 * - a filter returns `null` for success instead of a Status, so the common path allocates
 *   nothing;
 * - a plugin may declare itself `nodeStatic`: its Filter and Score depend only on the pod's
 *   scheduling-relevant fields and on the Node object, never on the pods already placed.
 *   The scheduler then evaluates it once per equivalence class of pods (pods with identical
 *   such fields, e.g. the replicas of one ReplicaSet) and node, not once per pod;
 * - a plugin may declare itself `nodeLocal`: its Filter and Score depend on the pod's
 *   scheduling fields and on that one node with its pods (NodeResourcesFit, NodePorts,
 *   BalancedAllocation), not on other nodes. Its results are cached per class and node until
 *   a pod is added to or removed from that node. Placing one replica changes one node, so the
 *   next replica re-evaluates one node instead of all.
 * Either kind's preFilter/preScore may depend on the pod's scheduling fields only.
 */

import type { PodInfo } from "./pod-info.ts";
import type { NodeInfo, Snapshot } from "./snapshot.ts";

/** framework.Code, with upstream's numbering. */
export const Code = {
  Success: 0,
  Error: 1,
  /** The pod does not fit now, but might after preemption or a change in the cluster. */
  Unschedulable: 2,
  /** The pod does not fit and preempting pods on the node would not help. */
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  /** PreFilter/PreScore: this plugin has nothing to do for this pod; its Filter/Score are skipped. */
  Skip: 5,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export interface Status {
  readonly code: Code;
  /** The reasons as they appear in FailedScheduling messages, e.g. `Insufficient cpu`. */
  readonly reasons: readonly string[];
}

export function newStatus(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

export const SKIP: Status = Object.freeze({ code: Code.Skip, reasons: [] }) as Status;

export function isRejection(s: Status | null | undefined): s is Status {
  return (
    !!s && (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable || s.code === Code.Error)
  );
}

/** framework.MaxNodeScore: every normalised score lies in [0, 100]. */
export const MAX_NODE_SCORE = 100;

/** What plugins see of one scheduling cycle. */
export interface CycleContext {
  readonly pod: PodInfo;
  readonly snapshot: Snapshot;
  /** Kubernetes minor version: some reasons and formulas changed between 1.21 and 1.33. */
  readonly minor: number;
}

export interface Plugin {
  readonly name: string;
  /** Filter and Score depend only on the pod's scheduling fields and the Node object (see above). */
  readonly nodeStatic?: boolean;
  /** Filter and Score depend only on the pod's scheduling fields and this node with its pods. */
  readonly nodeLocal?: boolean;
  /**
   * Once per cycle before any Filter: compute per-pod state (kept in the plugin instance; the
   * scheduler is single-threaded and runs one cycle at a time). `SKIP` skips Filter; a
   * rejection fails the pod on every node.
   */
  preFilter?(ctx: CycleContext): Status | null;
  filter?(ctx: CycleContext, node: NodeInfo): Status | null;
  /**
   * Once per cycle before Score, with the feasible nodes: the first `count` of `feasible` (the
   * array is the scheduler's scratch space and may be longer). `SKIP` skips Score (all zero).
   */
  preScore?(ctx: CycleContext, feasible: readonly NodeInfo[], count: number): Status | null;
  /** A raw score; normalizeScore (if any) maps the raw scores of all feasible nodes to [0, 100]. */
  score?(ctx: CycleContext, node: NodeInfo): number;
  normalizeScore?(ctx: CycleContext, scores: Float64Array, count: number): void;
}

export type PluginFactory = () => Plugin;

/**
 * helper.DefaultNormalizeScore: scales raw scores so the highest becomes 100; `reverse` turns
 * "more is worse" counts into scores. Integer arithmetic, as Go's int64 division.
 *   raw [0, 2, 4], reverse=false -> [0, 50, 100]
 *   raw [0, 1, 2], reverse=true  (PreferNoSchedule taints) -> [100, 50, 0]
 *   raw all 0,     reverse=true  -> all 100
 */
export function defaultNormalizeScore(scores: Float64Array, count: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = MAX_NODE_SCORE;
    return;
  }
  for (let i = 0; i < count; i++) {
    let s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    if (reverse) s = MAX_NODE_SCORE - s;
    scores[i] = s;
  }
}
