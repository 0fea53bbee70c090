/**
 * Pure deployment maths and bookkeeping (pkg/controller/deployment/util/deployment_util.go).
 *
 * Fenceposts. maxSurge and maxUnavailable are integers or percentages of spec.replicas;
 * surge rounds up, unavailability rounds down, so a rollout may briefly run extra pods but
 * never dips below what was promised:
 *   replicas 10, 25% / 25%: surge ceil(2.5) = 3, unavailable floor(2.5) = 2
 *     -> at most 13 pods, at least 8 available;
 *   replicas 3, 25% / 25%: surge ceil(0.75) = 1, unavailable floor(0.75) = 0
 *     -> at most 4 pods, all 3 stay available (the textbook nginx case);
 *   replicas 1, 0 / 10%: both resolve to 0, which would deadlock, so unavailable becomes 1.
 * Validation already rejects both explicitly zero.
 */
import { rfc3339 } from "../../../core/clock.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";

export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
export const ROLLBACK_TO = "deprecated.deployment.rollback.to";
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
export const POD_TEMPLATE_HASH = "pod-template-hash";
/** deployment controller's limit on the revision-history annotation (from 1.24; unlimited before). */
export const MAX_REV_HISTORY_CHARS = 2000;

export const REASONS = {
  newRSCreated: "NewReplicaSetCreated",
  foundNewRS: "FoundNewReplicaSet",
  rsUpdated: "ReplicaSetUpdated",
  newRSAvailable: "NewReplicaSetAvailable",
  timedOut: "ProgressDeadlineExceeded",
  paused: "DeploymentPaused",
  resumed: "DeploymentResumed",
  minAvailable: "MinimumReplicasAvailable",
  minUnavailable: "MinimumReplicasUnavailable",
  failedRSCreate: "ReplicaSetCreateError",
} as const;

export type IntOrString = number | string;

/**
 * intstr.GetScaledValueFromIntOrPercent: an integer as is, `N%` of total rounded up or down.
 * 25% of 10 is 2.5: 3 rounding up, 2 rounding down.
 */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) return /^-?\d+$/.test(v) ? Number(v) : 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: [surge, unavailable], never both zero. */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export const replicasOf = (o: KObject | undefined): number => (o?.spec?.replicas as number | undefined) ?? 1;

export function isRollingUpdate(d: KObject): boolean {
  return d.spec?.strategy?.type === "RollingUpdate";
}

/** MaxSurge: 0 unless rolling. */
export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d))[0];
}

/** MaxUnavailable: 0 unless rolling with replicas; never more than replicas. */
export function maxUnavailable(d: KObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  const u = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas)[1];
  return Math.min(u, replicas);
}

// --- ReplicaSet counts -------------------------------------------------------------------

const specReplicas = (rs: KObject | undefined): number => (rs ? replicasOf(rs) : 0);
const sum = (rss: readonly (KObject | undefined)[], f: (rs: KObject) => number) =>
  rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);

/** GetReplicaCountForReplicaSets: sum of spec.replicas. */
export const replicaCount = (rss: readonly (KObject | undefined)[]) => sum(rss, specReplicas);
/** GetActualReplicaCountForReplicaSets: sum of status.replicas. */
export const actualReplicaCount = (rss: readonly (KObject | undefined)[]) => sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rss: readonly (KObject | undefined)[]) =>
  sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rss: readonly (KObject | undefined)[]) =>
  sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

/** FilterActiveReplicaSets: those with spec.replicas > 0. */
export function activeReplicaSets(rss: readonly (KObject | undefined)[]): KObject[] {
  return rss.filter((rs): rs is KObject => !!rs && specReplicas(rs) > 0);
}

/**
 * NewRSNewReplicas: how far the new ReplicaSet may grow now. Rolling: up to replicas + surge
 * pods in total, never past replicas. E.g. replicas 3, surge 1, old RS at 3, new at 0:
 * 4 - 3 = 1, so the new RS goes to 1. Recreate: straight to replicas.
 */
export function newRSNewReplicas(d: KObject, all: readonly (KObject | undefined)[], newRS: KObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const replicas = replicasOf(d);
  const maxTotal = replicas + maxSurge(d);
  const current = replicaCount(all);
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** IsSaturated: the new RS has all the replicas and all of them are available. */
export function isSaturated(d: KObject, rs: KObject | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS]);
  if (!Number.isInteger(desired)) return false;
  return (
    specReplicas(rs) === replicasOf(d) &&
    desired === replicasOf(d) &&
    (rs.status?.availableReplicas ?? 0) === replicasOf(d)
  );
}

/**
 * GetProportion: the share of a scaling step that falls to one ReplicaSet, proportional to its
 * size against the deployment's size before the change (its max-replicas annotation).
 * Example: a rollout with old RS at 8 and new at 5 (replicas 10, surge 3: max 13) is scaled
 * to 20 (max 23): to add = 23 - 13 = 10; old gets round(8 * 23 / 13) - 8 = round(14.15) - 8 = 6,
 * new gets round(5 * 23 / 13) - 5 = round(8.85) - 5 = 4; 6 + 4 = 10, nothing left over.
 */
export function getProportion(rs: KObject | undefined, d: KObject, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: KObject, d: KObject): number {
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const maxNow = replicasOf(d) + maxSurge(d);
  let before = Number(rs.metadata.annotations?.[MAX_REPLICAS]);
  if (!Number.isInteger(before) || before === 0) before = d.status?.replicas ?? 0;
  const size = (specReplicas(rs) * maxNow) / before;
  return roundHalfAwayFromZero(size) - specReplicas(rs);
}

/** math.Round: halves away from zero (2.5 -> 3, -2.5 -> -3). */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// --- Revisions and annotations -----------------------------------------------------------

/** Revision: the revision annotation as an integer (0 when absent, undefined when malformed). */
export function revisionOf(o: KObject | undefined): number | undefined {
  const v = o?.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: readonly KObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second highest revision (what `undo` without --to-revision goes back to). */
export function lastRevision(rss: readonly (KObject | undefined)[]): number {
  let max = 0;
  let second = 0;
  for (const rs of rss) {
    const v = revisionOf(rs) ?? 0;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

/** Annotations a ReplicaSet never copies from its Deployment. */
export function skipCopyAnnotation(k: string): boolean {
  return (
    k === LAST_APPLIED ||
    k === REVISION ||
    k === REVISION_HISTORY ||
    k === DESIRED_REPLICAS ||
    k === MAX_REPLICAS ||
    k === ROLLBACK_TO
  );
}

/** copyDeploymentAnnotationsToReplicaSet: adds or changes, never removes. */
export function copyDeploymentAnnotations(d: KObject, rs: KObject): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  const a = rs.metadata.annotations;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations: desired-replicas and max-replicas; true when anything changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  const a = rs.metadata.annotations;
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: copy the deployment's annotations, raise the revision to
 * `newRevision` when lower (remembering the old one in revision-history: a rollback reuses a
 * ReplicaSet, so revision 1 becoming 3 leaves `revision-history: 1`), and on creation stamp
 * the replica annotations.
 */
export function setNewReplicaSetAnnotations(
  d: KObject,
  rs: KObject,
  newRevision: number,
  exists: boolean,
  minor: number,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  rs.metadata.annotations ??= {};
  const a = rs.metadata.annotations;
  const had = Object.hasOwn(a, REVISION);
  const oldText = a[REVISION] ?? "";
  let old = 0;
  if (oldText !== "") {
    if (!/^[+-]?\d+$/.test(oldText)) return false;
    old = Number(oldText);
  }
  if (old < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (had) {
      const history = a[REVISION_HISTORY] ?? "";
      if (history === "") a[REVISION_HISTORY] = oldText;
      else {
        const parts = history.split(",");
        let total = history.length + oldText.length + 1;
        let start = 0;
        const limit = minor >= 24 ? MAX_REV_HISTORY_CHARS : Number.POSITIVE_INFINITY;
        while (total > limit && start < parts.length) total -= parts[start++].length + 1;
        if (total <= limit) a[REVISION_HISTORY] = [...parts.slice(start), oldText].join(",");
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: true when the deployment's revision annotation changed. */
export function setDeploymentRevision(d: KObject, revision: string): boolean {
  d.metadata.annotations ??= {};
  const a = d.metadata.annotations;
  if (a[REVISION] === revision) return false;
  a[REVISION] = revision;
  return true;
}

// --- Templates ---------------------------------------------------------------------------

/**
 * EqualIgnoreHash: two pod templates are the same rollout if they differ at most in the
 * pod-template-hash label. Semantic equality: an empty map or list equals an absent one.
 */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return semanticEqual(stripHash(a), stripHash(b));
  }
  // Every sync compares the deployment's template with each ReplicaSet's, and they are parts
  // of stored objects, which are never changed in place: the answer for a pair stands.
  let row = templateComparisons.get(a);
  if (!row) {
    row = new WeakMap();
    templateComparisons.set(a, row);
  }
  let equal = row.get(b);
  if (equal === undefined) {
    equal = semanticEqual(stripHash(a), stripHash(b));
    row.set(b, equal);
  }
  return equal;
}

const templateComparisons = new WeakMap<object, WeakMap<object, boolean>>();

function stripHash(t: unknown): unknown {
  const o = (t ?? {}) as { metadata?: { labels?: Record<string, string> } };
  const labels = o.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH in labels)) return o;
  const { [POD_TEMPLATE_HASH]: _h, ...rest } = labels;
  return { ...o, metadata: { ...o.metadata, labels: rest } };
}

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0)
  );
}

/** apimachinery's equality.Semantic.DeepEqual for JSON: nil and empty collections are equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ao = typeof a === "object" && a !== null;
  const bo = typeof b === "object" && b !== null;
  if ((ao || a === undefined || a === null) && (bo || b === undefined || b === null) && isEmpty(a) && isEmpty(b))
    return true;
  if (!ao || !bo) return jsonEqual(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ar = a as Record<string, unknown>;
  const br = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ar), ...Object.keys(br)]);
  for (const k of keys) {
    const x = ar[k];
    const y = br[k];
    // A key absent on one side equals a zero-valued one on the other only for collections.
    if (x === undefined || y === undefined) {
      if (!(isEmpty(x) && isEmpty(y))) return false;
      continue;
    }
    if (!semanticEqual(x, y)) return false;
  }
  return true;
}

// --- Conditions --------------------------------------------------------------------------

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): DeploymentCondition {
  const t = rfc3339(now);
  return { lastTransitionTime: t, lastUpdateTime: t, message, reason, status, type };
}

export function getCondition(status: { conditions?: DeploymentCondition[] } | undefined, type: string) {
  return (status?.conditions ?? []).find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: same status and reason -> unchanged; same status, new reason ->
 * keeps lastTransitionTime; the condition moves to the end of the list.
 */
export function setCondition(status: { conditions?: DeploymentCondition[] }, c: DeploymentCondition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(status: { conditions?: DeploymentCondition[] }, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((x) => x.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** HasProgressDeadline: set and not MaxInt32. */
export function hasProgressDeadline(d: KObject): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return typeof p === "number" && p !== 2147483647;
}

// --- Ordering ----------------------------------------------------------------------------

const created = (rs: KObject) => rs.metadata.creationTimestamp ?? "";

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: KObject, b: KObject): number {
  const ca = created(a);
  const cb = created(b);
  if (ca !== cb) return ca < cb ? -1 : 1;
  const na = a.metadata.name ?? "";
  const nb = b.metadata.name ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: larger first, newer first among equals. */
export function bySizeNewer(a: KObject, b: KObject): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: larger first, older first among equals. */
export function bySizeOlder(a: KObject, b: KObject): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreation(a, b);
}

/** ReplicaSetsByRevision: lowest revision first, then creation. */
export function byRevision(a: KObject, b: KObject): number {
  const d = (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0);
  return d !== 0 ? d : byCreation(a, b);
}
