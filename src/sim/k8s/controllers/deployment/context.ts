/**
 * What every step of a deployment sync works with: the cluster, the resource types, the shared
 * owner indexes, and the writes the controller makes (a ReplicaSet scaled with its event, the
 * deployment's annotations and status). Writes drop resourceVersion: within one synchronous
 * sync nobody else writes, and the steps re-read what they changed.
 */
import { clone, type KObject } from "../../api/object.ts";
import type { ResourceType } from "../../api/resources.ts";
import type { Cluster } from "../../cluster.ts";
import type { OwnerIndex } from "../controller-utils/owner-index.ts";
import type { WakeUps } from "../controller-utils/timers.ts";
import { maxSurge, replicasAnnotationsNeedUpdate, replicasOf, setReplicasAnnotations } from "./util.ts";

export const COMPONENT = "deployment-controller";
export const CONTROLLER_NAME = "deployment";

export interface DeploymentContext {
  cluster: Cluster;
  deployType: ResourceType;
  rsType: ResourceType;
  podsType: ResourceType;
  replicaSets: OwnerIndex;
  pods: OwnerIndex;
  /** Deduplicated wake-ups of the deployment controller (progress deadlines). */
  wake: WakeUps;
}

/**
 * A copy of a deployment whose annotations and status may be edited in place: the sync's
 * working copy of the stored object, and the "before" a step keeps for persistDeployment to
 * compare with. Steps edit only those two in place (and replace other parts whole, as a
 * rollback does on its own deep copy), so the rest, the template above all, stays shared
 * instead of being cloned at every sync.
 */
export function copyForEdit(d: KObject): KObject {
  const before: KObject = { ...d, metadata: { ...d.metadata } };
  if (d.metadata.annotations) before.metadata.annotations = { ...d.metadata.annotations };
  if (d.status !== undefined) before.status = clone(d.status);
  return before;
}

export function now(c: DeploymentContext): number {
  return c.cluster.clock.now();
}

export function event(
  c: DeploymentContext,
  d: KObject,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
): void {
  c.cluster.events.record(d, type, reason, message, { component: COMPONENT });
}

/**
 * The ScalingReplicaSet message of the emulated version: 1.21 `Scaled up replica set x to 3`;
 * kubernetes PR #101142 added the old size (`to 3 from 1`), PR #125118 (1.31) put it first:
 * `Scaled up replica set x from 1 to 3`.
 */
export function scalingMessage(minor: number, op: string, name: string, from: number, to: number): string {
  if (minor < 23) return `Scaled ${op} replica set ${name} to ${to}`;
  if (minor < 31) return `Scaled ${op} replica set ${name} to ${to} from ${from}`;
  return `Scaled ${op} replica set ${name} from ${from} to ${to}`;
}

/**
 * A spec write is handed off to the API server instead of copied whole: its top level,
 * metadata and annotations (the parts a sync edits in place afterwards) are new here, and the
 * rest (the template above all) is shared with stored objects, which nobody changes.
 */
function write(c: DeploymentContext, t: ResourceType, obj: KObject, status = false): KObject | undefined {
  const o = { ...obj, metadata: { ...obj.metadata } };
  if (o.metadata.annotations) o.metadata.annotations = { ...o.metadata.annotations };
  delete o.metadata.resourceVersion;
  const r = c.cluster.api.update(t, o, status ? { subresource: "status" } : { handOff: true });
  return r.ok ? r.value : undefined;
}

export function updateReplicaSet(c: DeploymentContext, rs: KObject): KObject | undefined {
  return write(c, c.rsType, rs);
}

/** The deployment's metadata (revision annotation, rollback annotation removal) and spec. */
export function updateDeployment(c: DeploymentContext, d: KObject): KObject | undefined {
  return write(c, c.deployType, d);
}

export function updateDeploymentStatus(c: DeploymentContext, d: KObject): KObject | undefined {
  return write(c, c.deployType, d, true);
}

/**
 * scaleReplicaSet: sets spec.replicas and the desired/max annotations; a change of size is
 * recorded as ScalingReplicaSet on the deployment. Returns [scaled, the ReplicaSet now].
 */
export function scaleReplicaSet(
  c: DeploymentContext,
  rs: KObject,
  newScale: number,
  d: KObject,
  op: string,
): [boolean, KObject] {
  const oldScale = replicasOf(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return [false, rs];
  // Only spec.replicas and annotations change: the template is shared with the stored object.
  const copy: KObject = { ...rs, metadata: { ...rs.metadata }, spec: { ...rs.spec } };
  if (rs.metadata.annotations) copy.metadata.annotations = { ...rs.metadata.annotations };
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const updated = updateReplicaSet(c, copy);
  if (!updated) return [false, rs];
  if (sizeNeedsUpdate) {
    event(
      c,
      d,
      "Normal",
      "ScalingReplicaSet",
      scalingMessage(c.cluster.minor, op, rs.metadata.name ?? "", oldScale, newScale),
    );
  }
  return [sizeNeedsUpdate, updated];
}

/** scaleReplicaSetAndRecordEvent: scale only when the size differs; the direction names the event. */
export function scaleReplicaSetAndRecordEvent(
  c: DeploymentContext,
  rs: KObject,
  newScale: number,
  d: KObject,
): [boolean, KObject] {
  if (replicasOf(rs) === newScale) return [false, rs];
  return scaleReplicaSet(c, rs, newScale, d, replicasOf(rs) < newScale ? "up" : "down");
}
