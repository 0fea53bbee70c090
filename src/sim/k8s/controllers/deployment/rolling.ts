/**
 * rolling.go: the RollingUpdate strategy. Each sync does one of: scale the new ReplicaSet up
 * (within replicas + maxSurge pods in total), or scale old ones down (keeping at least
 * replicas - maxUnavailable pods available), then reports progress.
 *
 * Worked example, replicas 3, maxSurge 1, maxUnavailable 0 (the default 25%/25% at 3):
 *   new 0 -> 1 (4 pods); wait until it is available (4 available > 3 minimum);
 *   old 3 -> 2 (scale down by available - minimum = 1); new 1 -> 2; ... until new 3, old 0.
 * With maxUnavailable 1 as well, the first step also takes an old pod down at once
 * (available 3 > minimum 2), so the rollout moves two pods at a time.
 */

import { sortedCopy } from "../../../core/sorted.ts";
import type { KObject } from "../../api/object.ts";
import { type DeploymentContext, scaleReplicaSetAndRecordEvent } from "./context.ts";
import { deploymentComplete, syncRolloutStatus } from "./progress.ts";
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from "./sync.ts";
import {
  activeReplicaSets,
  availableReplicaCount,
  byCreation,
  maxUnavailable,
  newRSNewReplicas,
  replicaCount,
  replicasOf,
} from "./util.ts";

/** Returns false when the new ReplicaSet could not be created (retry later). */
export function rolloutRolling(c: DeploymentContext, d: KObject, rsList: KObject[]): boolean {
  const { newRS, oldRSs, failed } = getAllReplicaSetsAndSyncRevision(c, d, rsList, true);
  if (failed || !newRS) return false;
  const all = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(c, all, newRS, d)) {
    syncRolloutStatus(c, all, fresh(c, newRS), d);
    return true;
  }
  if (reconcileOldReplicaSets(c, all, activeReplicaSets(oldRSs), newRS, d)) {
    syncRolloutStatus(c, refreshAll(c, all), newRS, d);
    return true;
  }
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(c, oldRSs, d);
  syncRolloutStatus(c, all, newRS, d);
  return true;
}

function fresh(c: DeploymentContext, rs: KObject): KObject {
  return c.cluster.store.get("replicasets.apps", rs.metadata.namespace ?? "", rs.metadata.name ?? "") ?? rs;
}

function refreshAll(c: DeploymentContext, all: KObject[]): KObject[] {
  return all.map((rs) => fresh(c, rs));
}

function reconcileNewReplicaSet(c: DeploymentContext, all: KObject[], newRS: KObject, d: KObject): boolean {
  const want = replicasOf(d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) return scaleReplicaSetAndRecordEvent(c, newRS, want, d)[0];
  return scaleReplicaSetAndRecordEvent(c, newRS, newRSNewReplicas(d, all, newRS), d)[0];
}

/**
 * reconcileOldReplicaSets: how far old pods may go is
 *   maxScaledDown = allPods - minAvailable - newRSUnavailable,
 * so pods the new ReplicaSet has not yet made available still count against the budget.
 * E.g. replicas 10, maxUnavailable 2, maxSurge 3: old 8 + new 5 = 13 pods, new all crashing:
 * 13 - 8 - 5 = 0, nothing more is taken down.
 */
function reconcileOldReplicaSets(
  c: DeploymentContext,
  all: KObject[],
  oldRSs: KObject[],
  newRS: KObject,
  d: KObject,
): boolean {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const [cleaned, cleanupCount] = cleanupUnhealthyReplicas(c, oldRSs, d, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(c, [...cleaned, newRS], cleaned, d);
  return cleanupCount + scaledDown > 0;
}

/** Old pods that are not available go first: removing them costs no availability. */
function cleanupUnhealthyReplicas(
  c: DeploymentContext,
  oldRSs: KObject[],
  d: KObject,
  maxCleanup: number,
): [KObject[], number] {
  const sorted = sortedCopy(oldRSs, byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i];
    const replicas = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const down = Math.min(maxCleanup - total, replicas - available);
    const [, updated] = scaleReplicaSetAndRecordEvent(c, rs, replicas - down, d);
    sorted[i] = updated;
    total += down;
  }
  return [sorted, total];
}

/** Scale old ReplicaSets down by what availability allows beyond the minimum, oldest first. */
function scaleDownOldReplicaSetsForRollingUpdate(
  c: DeploymentContext,
  all: KObject[],
  oldRSs: KObject[],
  d: KObject,
): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicaCount(all);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of sortedCopy(oldRSs, byCreation)) {
    if (total >= target) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), target - total);
    scaleReplicaSetAndRecordEvent(c, rs, replicasOf(rs) - down, d);
    total += down;
  }
  return total;
}
