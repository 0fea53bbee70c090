/**
 * calculateStatus (pkg/controller/deployment/sync.go): the deployment's counts are sums over
 * its ReplicaSets (replicas and ready/available from their status, updated = the new
 * ReplicaSet's), and the Available condition says whether at least replicas - maxUnavailable
 * pods are available. E.g. replicas 3, maxUnavailable 25% (floor 0.75 = 0): Available is True
 * only with all 3 available; with replicas 10 (unavailable 2), 8 suffice.
 * Zero counts are omitted, as the API serialises them (omitempty).
 */
import type { KObject } from "../../api/object.ts";
import {
  actualReplicaCount,
  availableReplicaCount,
  type DeploymentCondition,
  maxUnavailable,
  newCondition,
  REASONS,
  readyReplicaCount,
  replicaCount,
  replicasOf,
  setCondition,
} from "./util.ts";

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export function calculateStatus(
  all: readonly (KObject | undefined)[],
  newRS: KObject | undefined,
  d: KObject,
  now: number,
): DeploymentStatus {
  const available = availableReplicaCount(all);
  const total = replicaCount(all);
  const unavailable = Math.max(0, total - available);
  const s: DeploymentStatus = {};
  const put = (k: keyof DeploymentStatus, v: number) => {
    if (v) (s as Record<string, number>)[k] = v;
  };
  put("observedGeneration", d.metadata.generation ?? 0);
  put("replicas", actualReplicaCount(all));
  put("updatedReplicas", actualReplicaCount([newRS]));
  put("readyReplicas", readyReplicaCount(all));
  put("availableReplicas", available);
  put("unavailableReplicas", unavailable);
  const conditions: DeploymentCondition[] = (d.status?.conditions ?? []).map((c: DeploymentCondition) => ({ ...c }));
  if (conditions.length) s.conditions = conditions;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(
      s,
      newCondition("Available", "True", REASONS.minAvailable, "Deployment has minimum availability.", now),
    );
  } else {
    setCondition(
      s,
      newCondition("Available", "False", REASONS.minUnavailable, "Deployment does not have minimum availability.", now),
    );
  }
  if (typeof d.status?.collisionCount === "number") s.collisionCount = d.status.collisionCount;
  return s;
}
