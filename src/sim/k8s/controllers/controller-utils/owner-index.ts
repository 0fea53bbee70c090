/**
 * An index of one resource's objects by their controller's uid, plus the orphans of each
 * namespace, kept current from the store's watch. Workload controllers read the objects they
 * own (and the orphans they might adopt) from here instead of listing the whole namespace, so
 * a sync costs what the owner has, not what the cluster holds.
 *
 * One index per (cluster store, resource), shared by every controller that asks for it.
 */
import { Slot } from "../../../core/slots.ts";
import type { ObjectStore, WatchEvent } from "../../../core/store.ts";
import type { KObject } from "../../api/object.ts";
import { controllerOf } from "./controller-ref.ts";

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

export class OwnerIndex {
  private readonly byOwner = new Map<string, Map<string, KObject>>();
  private readonly orphans = new Map<string, Map<string, KObject>>();

  constructor(
    store: ObjectStore,
    readonly resource: string,
  ) {
    for (const o of store.list(resource)) this.add(o);
    store.watch((e) => this.onEvent(e), resource);
  }

  /** Objects whose controller reference names `uid`. */
  owned(uid: string): IterableIterator<KObject> {
    return (this.byOwner.get(uid) ?? EMPTY).values();
  }

  ownedCount(uid: string): number {
    return this.byOwner.get(uid)?.size ?? 0;
  }

  /** Objects of `namespace` without a controller. */
  orphansIn(namespace: string): IterableIterator<KObject> {
    return (this.orphans.get(namespace) ?? EMPTY).values();
  }

  private onEvent(e: WatchEvent): void {
    // Every version of an object has the same key. A write moves the object to the end of its
    // bucket (removed, then added), so buckets run from the least to the most recently written.
    const key = keyOf(e.object);
    if (e.old) this.remove(e.old, key);
    else if (e.type !== "ADDED") this.remove(e.object, key);
    if (e.type !== "DELETED") this.add(e.object, key);
  }

  private add(o: KObject, key = keyOf(o)): void {
    const ref = controllerOf(o);
    const map = ref ? this.byOwner : this.orphans;
    const k = ref ? ref.uid : (o.metadata.namespace ?? "");
    let m = map.get(k);
    if (!m) {
      m = new Map();
      map.set(k, m);
    }
    m.set(key, o);
  }

  private remove(o: KObject, key: string): void {
    const ref = controllerOf(o);
    const map = ref ? this.byOwner : this.orphans;
    const k = ref ? ref.uid : (o.metadata.namespace ?? "");
    const m = map.get(k);
    if (!m) return;
    m.delete(key);
    if (m.size === 0) map.delete(k);
  }
}

const EMPTY = new Map<string, KObject>();
const INDEXES = new Slot<Map<string, OwnerIndex>>();

/** The shared index of `resource` (`pods`, `replicasets.apps`) in `store`, created on first use. */
export function ownerIndex(store: ObjectStore, resource: string): OwnerIndex {
  const m = INDEXES.of(store, () => new Map());
  let idx = m.get(resource);
  if (!idx) {
    idx = new OwnerIndex(store, resource);
    m.set(resource, idx);
  }
  return idx;
}
