/**
 * scale (pkg/controller/deployment/sync.go): what a change of spec.replicas does.
 *  - One active ReplicaSet (or none: the newest): it takes the whole count.
 *  - The new ReplicaSet is saturated: old ones go to zero.
 *  - Mid-rollout: the extra (or missing) replicas are shared among the active ReplicaSets in
 *    proportion to their size (util.getProportion), largest first; rounding leftovers go to
 *    the first. Scaling up, newer ReplicaSets go first among equals; scaling down, older ones.
 * Worked example: replicas 10 -> 20 while old=8, new=5 (maxSurge 3: allowed 13 -> 23): to add
 * 10; old +6 -> 14, new +4 -> 9; 14 + 9 = 23 = 20 + 3.
 */

import { sortedCopy } from "../../../core/sorted.ts";
import type { KObject } from "../../api/object.ts";
import { type DeploymentContext, scaleReplicaSet, scaleReplicaSetAndRecordEvent } from "./context.ts";
import {
  activeReplicaSets,
  byCreation,
  bySizeNewer,
  bySizeOlder,
  getProportion,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  replicaCount,
  replicasOf,
} from "./util.ts";

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active. */
function activeOrLatest(newRS: KObject | undefined, oldRSs: KObject[]): KObject | undefined | null {
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  if (all.length === 0) return undefined;
  const active = activeReplicaSets(all);
  if (active.length === 0) return newRS ?? sortedCopy(all, byCreation)[all.length - 1];
  if (active.length === 1) return active[0];
  return null;
}

export function scale(c: DeploymentContext, d: KObject, newRS: KObject | undefined, oldRSs: KObject[]): void {
  const target = activeOrLatest(newRS, oldRSs);
  if (target) {
    if (replicasOf(target) !== replicasOf(d)) scaleReplicaSetAndRecordEvent(c, target, replicasOf(d), d);
    return;
  }
  if (target === undefined) return;
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(c, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(all);
  let op = "";
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    op = "up";
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    op = "down";
  }
  let added = 0;
  const sizes = new Map<KObject, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = getProportion(rs, d, toAdd, added);
      sizes.set(rs, replicasOf(rs) + p);
      added += p;
    } else sizes.set(rs, replicasOf(rs));
  }
  all.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) sizes.set(rs, Math.max(0, (sizes.get(rs) ?? 0) + toAdd - added));
    scaleReplicaSet(c, rs, sizes.get(rs) ?? replicasOf(rs), d, op);
  });
}
