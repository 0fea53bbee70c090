/**
 * calculateStatus (pkg/controller/replicaset/replica_set_utils.go): the counts a ReplicaSet
 * reports about the active pods it owns.
 *  - replicas: active pods;
 *  - fullyLabeledReplicas: those carrying every label of the template (a pod adopted through
 *    a narrower selector may lack some);
 *  - readyReplicas: Ready;
 *  - availableReplicas: Ready for minReadySeconds.
 * A failed create or delete sets the ReplicaFailure condition (FailedCreate when short of
 * pods, FailedDelete when over) with the API's error message; a later clean sync removes it.
 */
import { rfc3339 } from "../../../core/clock.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import { selectorFromSet } from "../../selectors/labels.ts";
import { isPodAvailable, isPodReady } from "../controller-utils/pod-filters.ts";

export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: Record<string, unknown>[];
}

export function calculateStatus(
  rs: KObject,
  pods: readonly KObject[],
  manageError: string | undefined,
  now: number,
): ReplicaStatus {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
  const counts: ReplicaCounts = { replicas: pods.length, fully: 0, ready: 0, available: 0 };
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels ?? {})) counts.fully++;
    if (isPodReady(pod)) {
      counts.ready++;
      if (isPodAvailable(pod, minReady, now)) counts.available++;
    }
  }
  return statusFromCounts(rs, counts, manageError, now);
}

/** The counts calculateStatus takes from the pods, for a caller that keeps them as it goes (pod-tally.ts). */
export interface ReplicaCounts {
  replicas: number;
  fully: number;
  ready: number;
  available: number;
}

/** calculateStatus from counts already made: the ReplicaFailure condition and the serialised field order. */
export function statusFromCounts(
  rs: KObject,
  counts: ReplicaCounts,
  manageError: string | undefined,
  now: number,
): ReplicaStatus {
  const { fully, ready, available } = counts;
  let conditions: Record<string, unknown>[] = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === "ReplicaFailure");
  if (manageError !== undefined && !failure) {
    const diff = counts.replicas - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    conditions.push({
      lastTransitionTime: rfc3339(now),
      message: manageError,
      reason,
      status: "True",
      type: "ReplicaFailure",
    });
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== "ReplicaFailure");
  }
  // Field order and omitempty as the API serialises ReplicaSetStatus: replicas always, the rest when non-zero.
  const status: ReplicaStatus = { replicas: counts.replicas };
  if (fully) status.fullyLabeledReplicas = fully;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** updateReplicaSetStatus skips the write when nothing changed and the generation was observed. */
export function statusUnchanged(rs: KObject, next: ReplicaStatus): boolean {
  const cur = rs.status ?? {};
  return (
    (cur.replicas ?? 0) === next.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (cur.observedGeneration ?? 0) === (rs.metadata.generation ?? 0) &&
    jsonEqual(cur.conditions ?? [], next.conditions ?? [])
  );
}
