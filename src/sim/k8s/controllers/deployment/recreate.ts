/**
 * recreate.go: the Recreate strategy. Scale every old ReplicaSet to zero; wait until none of
 * their pods is left (terminating ones included: `oldPodsRunning`); only then create (or
 * reuse) the new ReplicaSet at full size. There is a window with no pod at all: that is the
 * point of Recreate.
 */
import type { KObject } from "../../api/object.ts";
import { type DeploymentContext, scaleReplicaSetAndRecordEvent } from "./context.ts";
import { deploymentComplete, syncRolloutStatus } from "./progress.ts";
import { podMapForDeployment } from "./replica-sets.ts";
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from "./sync.ts";
import { activeReplicaSets, actualReplicaCount, replicasOf } from "./util.ts";

export function rolloutRecreate(c: DeploymentContext, d: KObject, rsList: KObject[]): boolean {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
  let all: (KObject | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) if (scaleReplicaSetAndRecordEvent(c, rs, 0, d)[0]) scaledDown = true;
  if (scaledDown) {
    syncRolloutStatus(c, all, newRS, d);
    return true;
  }
  if (oldPodsRunning(c, newRS, oldRSs, rsList)) {
    syncRolloutStatus(c, all, newRS, d);
    return true;
  }
  if (!newRS) {
    const r = getAllReplicaSetsAndSyncRevision(c, d, rsList, true);
    if (r.failed || !r.newRS) return false;
    newRS = r.newRS;
    oldRSs = r.oldRSs;
    all = [...oldRSs, newRS];
  }
  scaleReplicaSetAndRecordEvent(c, newRS, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(c, oldRSs, d);
  syncRolloutStatus(c, all, newRS, d);
  return true;
}

/** Old pods still exist, or an old ReplicaSet still reports some. Finished pods do not count. */
function oldPodsRunning(
  c: DeploymentContext,
  newRS: KObject | undefined,
  oldRSs: KObject[],
  rsList: KObject[],
): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMapForDeployment(c, rsList)) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === "Failed" || phase === "Succeeded") continue;
      return true;
    }
  }
  return false;
}
