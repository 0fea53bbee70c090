/**
 * sync.go: the new ReplicaSet and revisions, scaling events, history cleanup and status.
 *
 * getAllReplicaSetsAndSyncRevision finds the new ReplicaSet (creating it when asked) and keeps
 * revisions in step: the new ReplicaSet's revision is one more than the highest old one
 * (a rollback to revision 1 of three makes that ReplicaSet revision 4, remembering 1 in
 * revision-history), and the deployment carries the new ReplicaSet's revision.
 */
import { clone, jsonEqual, type KObject } from "../../api/object.ts";
import { newControllerRef } from "../controller-utils/controller-ref.ts";
import { computeHash } from "../controller-utils/hash.ts";
import {
  copyForEdit,
  type DeploymentContext,
  event,
  now,
  scalingMessage,
  updateDeployment,
  updateDeploymentStatus,
  updateReplicaSet,
} from "./context.ts";
import { findNewReplicaSet, findOldReplicaSets } from "./replica-sets.ts";
import { scale } from "./scale.ts";
import { calculateStatus } from "./status.ts";
import {
  activeReplicaSets,
  byRevision,
  DESIRED_REPLICAS,
  equalIgnoreHash,
  getCondition,
  hasProgressDeadline,
  maxRevision,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH,
  REASONS,
  REVISION,
  replicasOf,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
} from "./util.ts";

export interface AllReplicaSets {
  newRS?: KObject;
  /** Every old ReplicaSet, oldest first. */
  oldRSs: KObject[];
  /** Set when the new ReplicaSet could not be created (the sync retries with back-off). */
  failed?: boolean;
}

export function getAllReplicaSetsAndSyncRevision(
  c: DeploymentContext,
  d: KObject,
  rsList: KObject[],
  create: boolean,
): AllReplicaSets {
  const oldRSs = findOldReplicaSets(d, rsList);
  const r = getNewReplicaSet(c, d, rsList, oldRSs, create);
  return { newRS: r.rs, oldRSs, failed: r.failed };
}

/** Writes the deployment's annotations (if changed) and its status (if changed), updating `d` in place. */
export function persistDeployment(c: DeploymentContext, d: KObject, before: KObject): void {
  if (!jsonEqual(d.metadata.annotations ?? {}, before.metadata.annotations ?? {})) {
    const u = updateDeployment(c, { ...before, metadata: { ...before.metadata, annotations: d.metadata.annotations } });
    if (u) d.metadata = clone(u.metadata);
  }
  if (!jsonEqual(d.status ?? {}, before.status ?? {})) {
    const u = updateDeploymentStatus(c, d);
    if (u) d.metadata = clone(u.metadata);
  }
}

function getNewReplicaSet(
  c: DeploymentContext,
  d: KObject,
  rsList: KObject[],
  oldRSs: KObject[],
  create: boolean,
): { rs?: KObject; failed?: boolean } {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const minor = c.cluster.minor;
  if (existing) {
    // Only annotations and spec.minReadySeconds change here; the template is shared.
    const copy: KObject = { ...existing, metadata: { ...existing.metadata }, spec: { ...existing.spec } };
    if (existing.metadata.annotations) copy.metadata.annotations = { ...existing.metadata.annotations };
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true, minor);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
      copy.spec.minReadySeconds = minReady;
      if (minReady === 0) delete copy.spec.minReadySeconds;
      const u = updateReplicaSet(c, copy);
      return { rs: u ?? existing };
    }
    const before = copyForEdit(d);
    setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? "");
    if (hasProgressDeadline(d) && !getCondition(d.status, "Progressing")) {
      d.status ??= {};
      setCondition(
        d.status,
        newCondition(
          "Progressing",
          "True",
          REASONS.foundNewRS,
          `Found new replica set "${copy.metadata.name}"`,
          now(c),
        ),
      );
    }
    persistDeployment(c, d, before);
    return { rs: copy };
  }
  if (!create) return {};

  const template = clone(d.spec?.template ?? {});
  const collisionCount: number | undefined = d.status?.collisionCount;
  const hash = computeHash(template, collisionCount);
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const selector = clone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const newRS: KObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [newControllerRef(d)],
    },
    spec: { replicas: 0, selector, template },
  };
  if (d.spec?.minReadySeconds) newRS.spec.minReadySeconds = d.spec.minReadySeconds;
  const newReplicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = newReplicas;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, minor);

  let created: KObject | undefined;
  let alreadyExists = false;
  // newRS is this call's own (template and selector cloned above): no second copy.
  const r = c.cluster.api.create(c.rsType, newRS, { handOff: true });
  if (r.ok) created = r.value;
  else if (r.status.reason === "AlreadyExists") {
    alreadyExists = true;
    const rs = c.cluster.store.get("replicasets.apps", d.metadata.namespace ?? "", name);
    const ref = rs?.metadata.ownerReferences?.find((o) => o.controller);
    if (rs && ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) created = rs;
    else {
      // A hash collision: bump collisionCount so the next attempt hashes differently.
      const before = copyForEdit(d);
      d.status = { ...(d.status ?? {}), collisionCount: (collisionCount ?? 0) + 1 };
      persistDeployment(c, d, before);
      return { failed: true };
    }
  } else {
    if (r.status.message.includes("because it is being terminated")) return { failed: true };
    const msg = `Failed to create new replica set "${name}": ${r.status.message}`;
    if (hasProgressDeadline(d)) {
      const before = copyForEdit(d);
      d.status ??= {};
      setCondition(d.status, newCondition("Progressing", "False", REASONS.failedRSCreate, msg, now(c)));
      persistDeployment(c, d, before);
    }
    event(c, d, "Warning", REASONS.failedRSCreate, msg);
    return { failed: true };
  }
  if (!alreadyExists && newReplicas > 0) {
    event(
      c,
      d,
      "Normal",
      "ScalingReplicaSet",
      scalingMessage(minor, "up", created.metadata.name ?? "", 0, newReplicas),
    );
  }
  const before = copyForEdit(d);
  setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(
      d.status,
      newCondition(
        "Progressing",
        "True",
        REASONS.newRSCreated,
        `Created new replica set "${created.metadata.name}"`,
        now(c),
      ),
    );
  }
  persistDeployment(c, d, before);
  return { rs: created };
}

/**
 * isScalingEvent: a ReplicaSet still records a desired-replicas different from the
 * deployment's replicas, so only the sizes change (no new template to roll out).
 */
export function isScalingEvent(c: DeploymentContext, d: KObject, rsList: KObject[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
  for (const rs of activeReplicaSets([...oldRSs, newRS])) {
    const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS]);
    if (!Number.isInteger(desired)) continue;
    if (desired !== replicasOf(d)) return true;
  }
  return false;
}

/** sync: scale (a scaling event, or while paused), clean up history when paused, status. */
export function syncScaling(c: DeploymentContext, d: KObject, rsList: KObject[], rollbackPending: boolean): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
  scale(c, d, newRS, oldRSs);
  if (d.spec?.paused && !rollbackPending) cleanupDeployment(c, oldRSs, d);
  syncDeploymentStatus(c, [...oldRSs, newRS], newRS, d);
}

/** syncStatusOnly: what a deployment being deleted still does. */
export function syncStatusOnly(c: DeploymentContext, d: KObject, rsList: KObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
  syncDeploymentStatus(c, [...oldRSs, newRS], newRS, d);
}

export function syncDeploymentStatus(
  c: DeploymentContext,
  all: (KObject | undefined)[],
  newRS: KObject | undefined,
  d: KObject,
): void {
  const status = calculateStatus(all, newRS, d, now(c));
  if (jsonEqual(d.status ?? {}, status)) return;
  const before = copyForEdit(d);
  d.status = status;
  persistDeployment(c, d, before);
}

/**
 * cleanupDeployment: keep at most revisionHistoryLimit old ReplicaSets, deleting the lowest
 * revisions first, and only those already scaled to zero with nothing left running.
 * With the default limit of 10 and 12 old ReplicaSets, revisions 1 and 2 go.
 */
export function cleanupDeployment(c: DeploymentContext, oldRSs: KObject[], d: KObject): void {
  const limit = d.spec?.revisionHistoryLimit;
  if (typeof limit !== "number") return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    const live = c.cluster.store.get("replicasets.apps", rs.metadata.namespace ?? "", rs.metadata.name ?? "") ?? rs;
    if (
      (live.status?.replicas ?? 0) !== 0 ||
      replicasOf(live) !== 0 ||
      (live.metadata.generation ?? 0) > (live.status?.observedGeneration ?? 0) ||
      live.metadata.deletionTimestamp
    )
      continue;
    c.cluster.api.delete(c.rsType, live.metadata.namespace ?? "", live.metadata.name ?? "");
  }
}
