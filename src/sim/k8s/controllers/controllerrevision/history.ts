/**
 * ControllerRevisions, the history of a DaemonSet's or StatefulSet's pod template
 * (pkg/controller/history, daemon/update.go constructHistory/cleanupHistory,
 * statefulset getStatefulSetRevisions/truncateHistory).
 *
 * A revision stores the patch that restores the template:
 *   data: {spec: {template: {$patch: replace, ...template}}}
 * and is named `<owner>-<hash>`, the hash being controller-utils' computeHash (fnv32a, then
 * rand.SafeEncodeString) of the template (DaemonSet) or of the revision data (StatefulSet).
 *
 * A template equal to an existing revision's reuses it (a rollback bumps its `revision` to
 * the next number instead of creating a duplicate), which is also how the bootstrap's
 * kube-proxy and calico-node revisions, hashed at random, are recognised and kept.
 */
import { clone, jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { computeHash } from "../controller-utils/index.ts";
import { controllerRef, type Json, ownedObjects } from "./owned.ts";

export const CONTROLLER_REVISION_HASH = "controller-revision-hash";
export const REVISIONS = "controllerrevisions.apps";

/**
 * The patch a revision stores: the whole template, replacing what is there. It shares the
 * owner's (stored, never mutated) template: it is only compared and hashed, and the API server
 * copies it when a revision is created.
 */
export function templatePatch(template: Json): Json {
  return { spec: { template: { $patch: "replace", ...(template ?? {}) } } };
}

export interface HistoryOptions {
  /** Labels of the revision besides controller-revision-hash (the template's labels). */
  labels: Record<string, string>;
  /** DaemonSet revisions carry their owner's annotations; StatefulSet ones don't. */
  annotations?: Record<string, string>;
  /** Hash input: DaemonSets hash the template, StatefulSets the revision's data. */
  hashInput: unknown;
  data: Json;
}

export interface History {
  current: KObject;
  old: KObject[];
}

/** The revisions `owner` controls, by revision number. */
export function ownedRevisions(cluster: Cluster, owner: KObject): KObject[] {
  return ownedObjects(cluster, REVISIONS, owner).sort(
    (a, b) => (a.revision ?? 0) - (b.revision ?? 0) || cmp(a.metadata.name, b.metadata.name),
  );
}

const cmp = (a = "", b = ""): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * constructHistory: finds the revision equal to the owner's template or creates it (bumping
 * the collision count past a name taken by different content), and makes its revision number
 * the newest. Returns undefined only if the API refuses the write.
 */
export function constructHistory(cluster: Cluster, owner: KObject, opts: HistoryOptions): History | undefined {
  const type = cluster.typeOfStorage(REVISIONS);
  if (!type) return undefined;
  const all = ownedRevisions(cluster, owner);
  const matching = all.filter((r) => jsonEqual(r.data, opts.data));
  const old = all.filter((r) => !matching.includes(r));
  const next = old.reduce((m, r) => Math.max(m, r.revision ?? 0), 0) + 1;
  let current = matching[matching.length - 1];
  // Duplicates (dedupCurHistories): keep the newest, drop the rest.
  for (const dup of matching.slice(0, -1))
    cluster.api.delete(type, dup.metadata.namespace ?? "", dup.metadata.name ?? "");
  if (!current) {
    let collisions = owner.status?.collisionCount ?? 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      const hash = computeHash(opts.hashInput, collisions || undefined);
      const cr: KObject = {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: {
          name: `${(owner.metadata.name ?? "").slice(0, 223)}-${hash}`,
          namespace: owner.metadata.namespace,
          labels: { ...opts.labels, [CONTROLLER_REVISION_HASH]: hash },
          ...(opts.annotations && Object.keys(opts.annotations).length ? { annotations: { ...opts.annotations } } : {}),
          ownerReferences: [controllerRef(owner)],
        },
        data: opts.data,
        revision: next,
      };
      const r = cluster.api.create(type, cr);
      if (r.ok) {
        current = r.value;
        break;
      }
      const existing = cluster.store.get(REVISIONS, owner.metadata.namespace ?? "", cr.metadata.name ?? "");
      if (existing && jsonEqual(existing.data, opts.data) && controllerOf(existing) === owner.metadata.uid) {
        current = existing;
        break;
      }
      collisions++;
    }
    if (!current) return undefined;
  } else if ((current.revision ?? 0) < next) {
    const c = clone(current);
    c.revision = next;
    const r = cluster.api.update(type, c);
    if (r.ok) current = r.value;
  }
  return { current, old };
}

const controllerOf = (o: KObject): string | undefined =>
  o.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;

/**
 * cleanupHistory / truncateHistory: keep at most `limit` old revisions, deleting the oldest
 * first, never one that a live pod still runs (`inUse`: its hash or name).
 */
export function truncateHistory(cluster: Cluster, old: KObject[], limit: number, inUse: (cr: KObject) => boolean) {
  const type = cluster.typeOfStorage(REVISIONS);
  if (!type) return;
  const candidates = old.filter((r) => !inUse(r));
  let toKill = old.length - limit;
  for (const r of candidates) {
    if (toKill <= 0) break;
    cluster.api.delete(type, r.metadata.namespace ?? "", r.metadata.name ?? "");
    toKill--;
  }
}
