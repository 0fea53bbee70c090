/**
 * The garbage collector: keeps an index of owner uid -> dependents and
 *  - background: when an owner is gone, deletes its dependents;
 *  - foreground: while an owner carries `foregroundDeletion`, deletes its dependents and, once
 *    none is left, removes the finalizer (which completes the owner's deletion);
 *  - orphan: while an owner carries `orphan`, strips the owner reference from its dependents,
 *    then removes the finalizer.
 */
import type { Controller } from "../../../core/reconcile.ts";
import type { ObjectStore, WatchEvent } from "../../../core/store.ts";
import { clone, type KObject, type OwnerReference } from "../../api/object.ts";
import type { ResourceType } from "../../api/resources.ts";
import type { ApiServer } from "../../apiserver.ts";

interface Ref {
  resource: string;
  namespace: string;
  name: string;
}

const refKey = (r: Ref) => `${r.resource}|${r.namespace}|${r.name}`;

/** The answer of a write that wakes no owner (never changed: the reconciler only reads it). */
const NO_KEYS: string[] = [];

const EVENTS = "events";

/**
 * uid -> where each object lives. Events are kept apart: a cluster writes several per pod and,
 * past the recorder's bound, deletes as many, while an event owning something is unheard of.
 * So their locations are only gathered, from the store, the first time a uid that no other
 * object has is asked about; from then on they are kept like the rest. Until then the answers
 * are the same: nothing asked about is an event.
 */
class Locations {
  private readonly objects = new Map<string, Ref>();
  private events: Map<string, Ref> | undefined;

  constructor(private readonly store: ObjectStore) {}

  /** Whether objects of `resource` are recorded (events only once gathered). */
  records(resource: string): boolean {
    return resource !== EVENTS || this.events !== undefined;
  }

  set(uid: string, resource: string, namespace: string, name: string): void {
    if (!this.records(resource)) return;
    this.put(uid, { resource, namespace, name });
  }

  put(uid: string, ref: Ref): void {
    if (ref.resource !== EVENTS) this.objects.set(uid, ref);
    else this.events?.set(uid, ref);
  }

  delete(uid: string, resource: string): void {
    if (resource !== EVENTS) this.objects.delete(uid);
    else this.events?.delete(uid);
  }

  /** Where `uid` is recorded among objects of `resource`, without gathering events for it. */
  recorded(uid: string, resource: string): Ref | undefined {
    return resource !== EVENTS ? this.objects.get(uid) : this.events?.get(uid);
  }

  get(uid: string): Ref | undefined {
    return this.objects.get(uid) ?? this.eventLocations().get(uid);
  }

  has(uid: string): boolean {
    return this.objects.has(uid) || this.eventLocations().has(uid);
  }

  private eventLocations(): Map<string, Ref> {
    if (this.events === undefined) {
      this.events = new Map();
      for (const ev of this.store.list(EVENTS)) {
        const m = ev.metadata;
        this.events.set(m.uid ?? "", { resource: EVENTS, namespace: m.namespace ?? "", name: m.name ?? "" });
      }
    }
    return this.events;
  }
}

/** The same owner uids in the same order (the index is keyed by nothing else of a reference). */
function sameOwners(a: OwnerReference[] | undefined, b: OwnerReference[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].uid !== b[i].uid) return false;
  return true;
}

export function garbageCollector(
  api: ApiServer,
  typeOfStorage: (resource: string) => ResourceType | undefined,
): Controller {
  const store: ObjectStore = api.store;
  /**
   * owner uid -> dependents, by their uid: a key every object already has, where a
   * `resource|namespace|name` key was built (and kept) for each of 150,000 pods. Only an owner
   * being deleted needs its dependents in refKey order, and builds the keys then.
   */
  const dependents = new Map<string, Map<string, Ref>>();
  /** uid -> where the owner lives (for finalizer processing) */
  const located = new Locations(store);

  const index = (e: WatchEvent): string[] => {
    const o = e.object;
    const meta = o.metadata;
    const owners = meta.ownerReferences;
    const oldOwners = e.old?.metadata.ownerReferences;
    // Most writes keep the owners (status writes even share the stored owner references): the
    // index would only be emptied and refilled with the same entries, so it is left as it is.
    // Nothing else of the object is read for them: every write of the cluster comes here.
    if (e.type !== "DELETED" && sameOwners(owners, oldOwners)) {
      // A new object is recorded where it is; a rewrite of the same object (its uid never
      // changes) is already recorded there.
      if (e.type === "ADDED") {
        if (located.records(e.resource)) located.set(meta.uid ?? "", e.resource, meta.namespace ?? "", meta.name ?? "");
      } else if (e.old?.metadata.uid !== (meta.uid ?? "")) {
        const uid = meta.uid ?? "";
        const namespace = meta.namespace ?? "";
        const name = meta.name ?? "";
        const at = located.recorded(uid, e.resource);
        if (at?.resource !== e.resource || at.namespace !== namespace || at.name !== name)
          located.set(uid, e.resource, namespace, name);
      }
      return foregroundKeys(o, oldOwners);
    }
    const namespace = meta.namespace ?? "";
    const name = meta.name ?? "";
    const uid = meta.uid ?? "";
    const oldUid = e.old?.metadata.uid ?? uid;
    for (const owner of oldOwners ?? []) dependents.get(owner.uid)?.delete(oldUid);
    if (e.type === "DELETED") {
      located.delete(uid, e.resource);
      // Its dependents may now be orphans; an owner waiting in foreground deletion may now finish.
      let keys = NO_KEYS;
      if (owners?.length) {
        keys = [];
        for (const owner of owners) {
          dependents.get(owner.uid)?.delete(uid);
          if (located.has(owner.uid)) keys.push(owner.uid);
        }
      }
      // Most objects deleted (events past the recorder's bound, pods) own nothing: no array for them.
      if (dependents.get(uid)?.size) keys = [...keys, uid];
      return keys;
    }
    const ref: Ref = { resource: e.resource, namespace, name };
    located.put(uid, ref);
    for (const owner of o.metadata.ownerReferences ?? []) {
      let m = dependents.get(owner.uid);
      if (!m) {
        m = new Map();
        dependents.set(owner.uid, m);
      }
      m.set(uid, ref);
    }
    return foregroundKeys(o, oldOwners);
  };

  /**
   * `index` for events, as most are: owned by nothing, never finalized, not located (see
   * Locations). For them it would only answer who owned the deleted event's uid; anything else
   * goes to `index`. A function of its own: events are as many writes as everything else, and
   * their one shape keeps its property reads fast where `index` sees every kind of object.
   */
  const indexEvent = (e: WatchEvent): string[] => {
    const meta = e.object.metadata;
    if (
      meta.ownerReferences !== undefined ||
      e.old?.metadata.ownerReferences !== undefined ||
      meta.deletionTimestamp !== undefined ||
      located.records(EVENTS)
    ) {
      return index(e);
    }
    if (e.type !== "DELETED") return NO_KEYS;
    const uid = meta.uid ?? "";
    return dependents.get(uid)?.size ? [uid] : NO_KEYS;
  };

  /** The owners a written object wakes: itself while it waits on its dependents, and its previous owners. */
  const foregroundKeys = (o: KObject, oldOwners: KObject["metadata"]["ownerReferences"]): string[] => {
    const waiting =
      !!o.metadata.deletionTimestamp &&
      !!o.metadata.finalizers?.some((f) => f === "foregroundDeletion" || f === "orphan");
    // Most writes (an event, a first write) wake no one: no array for them.
    if (!waiting && !oldOwners?.length) return NO_KEYS;
    const keys: string[] = [];
    if (waiting) keys.push(o.metadata.uid ?? "");
    // A dependent changing may unblock its owner's foreground deletion. (An indexed loop:
    // every write to every owned pod comes here.)
    if (oldOwners) for (let i = 0; i < oldOwners.length; i++) keys.push(oldOwners[i].uid);
    return keys;
  };

  const ownerObject = (uid: string): KObject | undefined => {
    const r = located.get(uid);
    return r ? store.get(r.resource, r.namespace, r.name) : undefined;
  };

  const removeFinalizer = (owner: KObject, resource: string, finalizer: string) => {
    const t = typeOfStorage(resource);
    if (!t) return;
    const o = clone(owner);
    o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (o.metadata.finalizers.length === 0) delete o.metadata.finalizers;
    api.update(t, o);
  };

  return {
    name: "garbage-collector",
    watches: { "*": index, [EVENTS]: indexEvent },
    sync(uid) {
      const owner = ownerObject(uid);
      const finalizers = owner?.metadata.finalizers ?? [];
      // A live owner without the orphan or foregroundDeletion finalizer needs nothing: return
      // before sorting its dependents, as every write to one of 150,000 pods wakes its
      // ReplicaSet here (that wake-up is for a foreground deletion the write may unblock).
      if (owner && !finalizers.includes("orphan") && !finalizers.includes("foregroundDeletion")) return;
      // Dependents in refKey order; the map's keys are the refKeys, so no key is rebuilt per comparison.
      const deps = [...(dependents.get(uid)?.values() ?? [])]
        .map((d): [string, Ref] => [refKey(d), d])
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, d]) => d);
      if (!owner) {
        // Background: the owner is gone, so are its dependents (each still naming it).
        for (const d of deps) {
          const obj = store.get(d.resource, d.namespace, d.name);
          const t = typeOfStorage(d.resource);
          if (!obj || !t) continue;
          const others = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid && located.has(r.uid));
          if (others.length > 0) {
            const o = clone(obj);
            o.metadata.ownerReferences = o.metadata.ownerReferences!.filter((r) => r.uid !== uid);
            api.update(t, o);
          } else if (!obj.metadata.deletionTimestamp) {
            api.delete(t, d.namespace, d.name, { propagationPolicy: "Background" });
          }
        }
        return;
      }
      const ownerRef = located.get(uid)!;
      if (finalizers.includes("orphan")) {
        for (const d of deps) {
          const obj = store.get(d.resource, d.namespace, d.name);
          const t = typeOfStorage(d.resource);
          if (!obj || !t) continue;
          const o = clone(obj);
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
          api.update(t, o);
        }
        removeFinalizer(ownerObject(uid)!, ownerRef.resource, "orphan");
        return;
      }
      if (finalizers.includes("foregroundDeletion")) {
        const live = deps.filter((d) => store.get(d.resource, d.namespace, d.name));
        for (const d of live) {
          const obj = store.get(d.resource, d.namespace, d.name)!;
          const t = typeOfStorage(d.resource);
          if (t && !obj.metadata.deletionTimestamp)
            api.delete(t, d.namespace, d.name, { propagationPolicy: "Foreground" });
        }
        const blocking = deps.filter((d) => {
          const obj = store.get(d.resource, d.namespace, d.name);
          return obj?.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion);
        });
        if (blocking.length === 0) removeFinalizer(ownerObject(uid)!, ownerRef.resource, "foregroundDeletion");
      }
    },
  };
}
