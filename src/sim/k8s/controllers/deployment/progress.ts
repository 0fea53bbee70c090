/**
 * progress.go: the Progressing condition while a rollout runs, and the progress deadline.
 *  - complete (all replicas updated and available, generation observed): NewReplicaSetAvailable
 *    `ReplicaSet "x" has successfully progressed.`;
 *  - progress since the last status (more updated, ready or available pods, fewer old ones):
 *    ReplicaSetUpdated `ReplicaSet "x" is progressing.`, lastUpdateTime refreshed;
 *  - no progress for progressDeadlineSeconds since that lastUpdateTime: False,
 *    ProgressDeadlineExceeded `ReplicaSet "x" has timed out progressing.`.
 * A stuck deployment asks to be woken just after its deadline: last update 12:00:00,
 * deadline 600 s, checked at 12:03:00 -> woken 7 min + 1 s later, at 12:10:01, and times out.
 */
import { parseRfc3339 } from "../../../core/clock.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import { copyForEdit, type DeploymentContext, now } from "./context.ts";
import { calculateStatus, type DeploymentStatus } from "./status.ts";
import { persistDeployment } from "./sync.ts";
import {
  type DeploymentCondition,
  getCondition,
  hasProgressDeadline,
  newCondition,
  REASONS,
  removeCondition,
  replicasOf,
  setCondition,
} from "./util.ts";

export function deploymentComplete(d: KObject, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === r &&
    (s.replicas ?? 0) === r &&
    (s.availableReplicas ?? 0) === r &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

function deploymentProgressing(d: KObject, s: DeploymentStatus): boolean {
  const old: DeploymentStatus = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

function deadlineOf(d: KObject, cond: DeploymentCondition | undefined): number | undefined {
  if (!cond?.lastUpdateTime) return undefined;
  return parseRfc3339(cond.lastUpdateTime) + (d.spec.progressDeadlineSeconds as number) * 1000;
}

function timedOut(d: KObject, s: DeploymentStatus, at: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(s, "Progressing");
  if (!cond) return false;
  if (cond.reason === REASONS.newRSAvailable) return false;
  if (cond.reason === REASONS.timedOut) return true;
  const deadline = deadlineOf(d, cond);
  return deadline !== undefined && deadline < at;
}

export function syncRolloutStatus(
  c: DeploymentContext,
  all: (KObject | undefined)[],
  newRS: KObject | undefined,
  d: KObject,
): void {
  const at = now(c);
  const s = calculateStatus(all, newRS, d, at);
  if (!hasProgressDeadline(d)) removeCondition(s, "Progressing");
  const current = getCondition(d.status, "Progressing");
  const isComplete = s.replicas === s.updatedReplicas && current?.reason === REASONS.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, s)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(s, newCondition("Progressing", "True", REASONS.newRSAvailable, msg, at));
    } else if (deploymentProgressing(d, s)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newCondition("Progressing", "True", REASONS.rsUpdated, msg, at);
      if (current) {
        if (current.status === "True") cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(s, "Progressing");
      }
      setCondition(s, cond);
    } else if (timedOut(d, s, at)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has timed out progressing.`
        : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(s, newCondition("Progressing", "False", REASONS.timedOut, msg, at));
    }
  }
  replicaFailure(s, all, newRS);
  if (jsonEqual(d.status ?? {}, s)) {
    requeueStuckDeployment(c, d, s);
    return;
  }
  const before = copyForEdit(d);
  d.status = s;
  persistDeployment(c, d, before);
}

/** getReplicaFailures: the new ReplicaSet's (else an old one's) ReplicaFailure condition, as the deployment's. */
function replicaFailure(s: DeploymentStatus, all: (KObject | undefined)[], newRS: KObject | undefined): void {
  const find = (rs: KObject | undefined) =>
    (rs?.status?.conditions ?? []).find((x: { type?: string }) => x.type === "ReplicaFailure");
  let cond = find(newRS);
  for (const rs of all) if (!cond && rs !== newRS) cond = find(rs);
  if (cond) {
    const t = cond.lastTransitionTime;
    setCondition(s, {
      lastTransitionTime: t,
      lastUpdateTime: t,
      message: cond.message,
      reason: cond.reason,
      status: cond.status,
      type: "ReplicaFailure",
    });
  } else removeCondition(s, "ReplicaFailure");
}

function requeueStuckDeployment(c: DeploymentContext, d: KObject, s: DeploymentStatus): void {
  const cond = getCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !cond) return;
  if (deploymentComplete(d, s) || cond.reason === REASONS.timedOut) return;
  const deadline = deadlineOf(d, cond);
  if (deadline === undefined) return;
  const at = now(c);
  const key = `${d.metadata.namespace ?? ""}/${d.metadata.name ?? ""}`;
  const after = deadline - at;
  // A second past the deadline ("to avoid milliseconds skew"); with less than a second left upstream
  // re-adds the key rate limited, which lands just past the deadline too.
  c.wake.at(key, after < 1000 ? Math.max(at, deadline) + 1 : deadline + 1000, at);
}
