/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go), for ReplicaSets and
 * ReplicationControllers. `sync(key)` follows syncReplicaSet:
 *   get -> active pods it owns or could adopt -> claim (adopt matching orphans, release pods
 *   whose labels stopped matching) -> manageReplicas (create or delete towards spec.replicas,
 *   when expectations are met and the owner is not being deleted) -> status.
 *
 * Watches, as the informer handlers:
 *  - the owner kind: a spec or metadata change enqueues it (its own status writes do not);
 *  - pods: a pod with a controller reference enqueues that owner; an orphan that is new or whose
 *    labels changed enqueues every owner in its namespace whose selector matches; a pod turning
 *    Ready wakes its owner after minReadySeconds + 1 s, when it will count as available.
 * A sync whose creates or deletes failed retries with the work queue's exponential back-off.
 */
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { equalButStatus, jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { type LabelSelector, selectorFromSet } from "../../selectors/labels.ts";
import { Backoff } from "../controller-utils/backoff.ts";
import { claimObjects, controllerOf } from "../controller-utils/controller-ref.ts";
import { Expectations } from "../controller-utils/expectations.ts";
import { ownerIndex } from "../controller-utils/owner-index.ts";
import { isPodActive, isPodReady } from "../controller-utils/pod-filters.ts";
import { WakeUps } from "../controller-utils/timers.ts";
import type { ReplicaKind } from "./kinds.ts";
import { type Claimed, type ManageContext, manageReplicas } from "./manage.ts";
import { type PodCounts, PodTally } from "./pod-tally.ts";
import { calculateStatus, statusFromCounts, statusUnchanged } from "./status.ts";

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

function splitKey(key: string): [string, string] {
  const slash = key.indexOf("/");
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * The template's labels as a selector: a pod carrying them all counts as fully labelled. Built
 * once per labels object: stored objects are never changed, and a sync asks up to three times.
 */
function templateSelector(rs: KObject): LabelSelector {
  const labels = rs.spec?.template?.metadata?.labels;
  if (!labels) return selectorFromSet({});
  let s = templateSelectors.get(labels);
  if (s === undefined) {
    s = selectorFromSet(labels);
    templateSelectors.set(labels, s);
  }
  return s;
}

const templateSelectors = new WeakMap<Record<string, string>, LabelSelector>();

/**
 * calculateStatus from the running counts, when minReadySeconds is 0: every Ready pod is then
 * available (isPodAvailable), so no pod needs looking at.
 */
function statusFromTally(rs: KObject, c: Readonly<PodCounts>, manageError: string | undefined, now: number) {
  const counts = { replicas: c.matching, fully: c.fully, ready: c.ready, available: c.ready };
  return statusFromCounts(rs, counts, manageError, now);
}

export function replicaController(kind: ReplicaKind): (cluster: Cluster) => Controller {
  return (cluster) => {
    const store = cluster.store;
    const podsType = cluster.discovery.forKind("v1", "Pod")!;
    const ownerType = cluster.discovery.forKind(kind.apiVersion, kind.kind)!;
    const expectations = new Expectations();
    const backoff = new Backoff();
    const wake = new WakeUps(cluster.reconciler, kind.controller);
    const pods = ownerIndex(store, "pods");
    const tally = new PodTally(store, pods);
    const ctx: ManageContext = {
      cluster,
      kind,
      podsType,
      expectations,
      pods,
      owners: ownerIndex(store, kind.resource),
    };

    /**
     * `namespace/name` of each owner, built once: every write to one of its pods names it, and
     * one string, hashed once, serves them all (the work queue hashes what it is given).
     */
    const ownerKeys = new Map<string, Map<string, string>>();
    const internedKey = (namespace: string, name: string): string => {
      let byName = ownerKeys.get(namespace);
      if (!byName) {
        byName = new Map();
        ownerKeys.set(namespace, byName);
      }
      let k = byName.get(name);
      if (k === undefined) {
        // A bound on memory: keys are cheap to rebuild.
        if (byName.size >= 10_000) byName.clear();
        k = `${namespace}/${name}`;
        byName.set(name, k);
      }
      return k;
    };

    /** The owner named by a pod's controller reference, when it is of our kind. */
    const ownerKey = (pod: KObject): string | undefined => {
      const ref = controllerOf(pod);
      if (!ref || ref.kind !== kind.kind) return undefined;
      return internedKey(pod.metadata.namespace ?? "", ref.name);
    };

    /** getPodReplicaSets: owners in the pod's namespace whose selector matches it. */
    const matchingOwners = (pod: KObject): string[] => {
      const labels = pod.metadata.labels ?? {};
      return store
        .list(kind.resource, pod.metadata.namespace ?? "")
        .filter((o) => kind.selector(o).matches(labels))
        .map(keyOf);
    };

    const wakeWhenAvailable = (key: string) => {
      const [ns, name] = splitKey(key);
      const owner = store.get(kind.resource, ns, name);
      const minReady = owner?.spec?.minReadySeconds ?? 0;
      if (minReady > 0) wake.at(key, cluster.clock.now() + (minReady + 1) * 1000, cluster.clock.now());
    };

    const onPod = (e: WatchEvent): string[] => {
      const pod = e.object;
      const key = ownerKey(pod);
      // Most writes keep the owner references (status writes share them).
      const oldKey =
        e.old === undefined
          ? undefined
          : e.old.metadata.ownerReferences === pod.metadata.ownerReferences &&
              e.old.metadata.namespace === pod.metadata.namespace
            ? key
            : ownerKey(e.old);
      const keys: string[] = [];
      if (e.type === "ADDED") {
        if (key) {
          expectations.creationObserved(key);
          return [key];
        }
        return pod.metadata.deletionTimestamp ? [] : matchingOwners(pod);
      }
      if (e.type === "DELETED") {
        if (key) {
          expectations.deletionObserved(key, keyOf(pod));
          keys.push(key);
        }
        return keys;
      }
      // MODIFIED
      if (pod.metadata.deletionTimestamp && key) expectations.deletionObserved(key, keyOf(pod));
      const labelsChanged = !jsonEqual(e.old?.metadata.labels, pod.metadata.labels);
      if (oldKey && oldKey !== key) keys.push(oldKey);
      if (key) {
        keys.push(key);
        if (e.old && !isPodReady(e.old) && isPodReady(pod)) wakeWhenAvailable(key);
        return keys;
      }
      if (labelsChanged || oldKey !== key) keys.push(...matchingOwners(pod));
      return keys;
    };

    const onOwner = (e: WatchEvent): string[] => {
      const key = keyOf(e.object);
      if (e.type === "DELETED") {
        tally.forget(e.object.metadata.uid ?? "");
        expectations.forget(key);
        backoff.forget(key);
        wake.forget(key);
        return [];
      }
      if (e.type === "MODIFIED" && e.old) {
        if (equalButStatus(e.old, e.object)) return [];
      }
      return [key];
    };

    const sync = (key: string): void => {
      const [ns, name] = splitKey(key);
      const rs = store.get(kind.resource, ns, name);
      if (!rs) {
        expectations.forget(key);
        return;
      }
      const selector = kind.selector(rs);
      const uid = rs.metadata.uid ?? "";
      const needsSync = expectations.satisfied(key);
      /** The owned active pods the selector matches, in the index's order (adopted ones last). */
      const matchingPods = (): KObject[] => {
        const out: KObject[] = [];
        for (const p of pods.owned(uid)) if (isPodActive(p) && selector.matches(p.metadata.labels ?? {})) out.push(p);
        return out;
      };
      const claimOptions = {
        api: cluster.api,
        type: podsType,
        owner: rs,
        selector,
        ownerStillLive: () => {
          const fresh = store.get(kind.resource, ns, name);
          return !!fresh && fresh.metadata.uid === uid && !fresh.metadata.deletionTimestamp;
        },
      };
      const orphans: KObject[] = [];
      for (const p of pods.orphansIn(ns)) if (isPodActive(p)) orphans.push(p);
      let claimed: Claimed;
      if (tally.counts(uid, selector, templateSelector(rs)).stray > 0) {
        // Some owned pod stopped matching: claim over every candidate, releasing it.
        const candidates = [...pods.owned(uid)].filter(isPodActive).concat(orphans);
        const list = claimObjects(candidates, claimOptions);
        claimed = { count: list.length, list: () => list };
      } else {
        // Every owned active pod matches, so claiming keeps them all: only orphans need a look.
        // Adopted pods join the owned ones (and the counts) as the store tells the index.
        if (orphans.length > 0) claimObjects(orphans, claimOptions);
        claimed = { count: tally.counts(uid, selector, templateSelector(rs)).matching, list: matchingPods };
      }
      let manageError: string | undefined;
      if (needsSync && !rs.metadata.deletionTimestamp) manageError = manageReplicas(ctx, rs, key, claimed);

      // The store is synchronous: count what the pods are now rather than wait for the echo.
      const current = store.get(kind.resource, ns, name);
      if (!current || current.metadata.uid !== uid) return;
      const now = cluster.clock.now();
      const status =
        (current.spec?.minReadySeconds ?? 0) > 0
          ? calculateStatus(current, matchingPods(), manageError, now)
          : statusFromTally(current, tally.counts(uid, selector, templateSelector(current)), manageError, now);
      let updated = current;
      if (!statusUnchanged(current, status)) {
        // statusFromCounts builds a new status (its conditions only the stored, unchanging ones).
        const r = cluster.api.update(ownerType, { ...current, status }, { subresource: "status", handOff: true });
        if (r.ok) updated = r.value;
      }
      if (manageError !== undefined) {
        cluster.reconciler.requeueAt(kind.controller, key, now + backoff.next(key));
        return;
      }
      backoff.forget(key);
      // Resync after MinReadySeconds as a last line of defence against missed readiness.
      const minReady = updated.spec?.minReadySeconds ?? 0;
      const want = updated.spec?.replicas ?? 1;
      const st = updated.status ?? {};
      if (minReady > 0 && (st.readyReplicas ?? 0) === want && (st.availableReplicas ?? 0) !== want) {
        wake.at(key, now + minReady * 1000, now);
      }
    };

    return {
      name: kind.controller,
      watches: { pods: onPod, [kind.resource]: onOwner },
      sync,
    };
  };
}
