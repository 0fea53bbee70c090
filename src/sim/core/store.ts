/**
 * The object store: one per cluster, like etcd behind the API server. It owns the
 * resourceVersion counter and tells watchers about every write. It does no validation;
 * the API server (src/sim/k8s/apiserver.ts) decides what may be written.
 *
 * Objects handed out are the stored values: treat them as read-only and clone before
 * changing (the API server does).
 */
import type { KObject } from "../k8s/api/object.ts";
import type { HasSlots, Slot } from "./slots.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: WatchEventType;
  /** Storage key of the resource, e.g. `pods`, `deployments.apps`. */
  resource: string;
  object: KObject;
  old?: KObject;
}

export type Watcher = (event: WatchEvent) => void;

export interface StoreLimits {
  maxObjects: number;
}

/** One resource's objects: namespace -> name -> object (cluster-scoped objects under ""). */
interface ResourceObjects {
  byNamespace: Map<string, Map<string, KObject>>;
  size: number;
}

interface Subscription {
  watcher: Watcher;
  /** Only this resource's writes, or every write. */
  resource: string | undefined;
}

const NO_OBJECTS = new Map<string, KObject>();

export class ObjectStore implements HasSlots {
  /** What modules keep per store (slots.ts). */
  readonly slots = new Map<Slot<unknown>, unknown>();
  // Two levels rather than one `namespace/name` key: a lookup builds no string, and a
  // namespace's objects are listed without visiting every other namespace's.
  private readonly resources = new Map<string, ResourceObjects>();
  private readonly subscriptions: Subscription[] = [];
  /**
   * The watchers each resource's writes go to, in subscription order, worked out once per
   * resource: a watcher of pods alone is not called for each of the events written beside them.
   */
  private readonly routes = new Map<string, Watcher[]>();
  private revision = 0;
  private count = 0;

  constructor(readonly limits: StoreLimits = { maxObjects: 500_000 }) {}

  get resourceVersion(): number {
    return this.revision;
  }

  get size(): number {
    return this.count;
  }

  nextResourceVersion(): string {
    this.revision += 1;
    return String(this.revision);
  }

  /** Calls `w` after every write (of `resource` only, when given); returns the unsubscribe. */
  watch(w: Watcher, resource?: string): () => void {
    const sub: Subscription = { watcher: w, resource };
    this.subscriptions.push(sub);
    this.routes.clear();
    return () => {
      const i = this.subscriptions.indexOf(sub);
      if (i >= 0) this.subscriptions.splice(i, 1);
      this.routes.clear();
    };
  }

  get(resource: string, namespace: string, name: string): KObject | undefined {
    return this.resources.get(resource)?.byNamespace.get(namespace)?.get(name);
  }

  /** Objects of one resource, optionally one namespace, sorted by namespace then name. */
  list(resource: string, namespace?: string): KObject[] {
    const r = this.resources.get(resource);
    if (!r) return [];
    if (namespace !== undefined) {
      const m = r.byNamespace.get(namespace);
      return m ? [...m.values()].sort(byName) : [];
    }
    const out: KObject[] = [];
    for (const m of r.byNamespace.values()) for (const o of m.values()) out.push(o);
    out.sort(byNamespaceName);
    return out;
  }

  /**
   * The objects of one resource in one namespace, unsorted, as stored: a view for indexes that
   * only filter or count. It must not be held across writes.
   */
  objects(resource: string, namespace: string): IterableIterator<KObject> {
    return (this.resources.get(resource)?.byNamespace.get(namespace) ?? NO_OBJECTS).values();
  }

  /** Resources that currently hold any object. */
  resourceNames(): string[] {
    return [...this.resources.keys()].filter((k) => (this.resources.get(k)?.size ?? 0) > 0);
  }

  /** Writes an object (insert or replace), stamping a new resourceVersion. */
  put(resource: string, object: KObject): KObject {
    let r = this.resources.get(resource);
    if (!r) {
      r = { byNamespace: new Map(), size: 0 };
      this.resources.set(resource, r);
    }
    const ns = object.metadata.namespace ?? "";
    let m = r.byNamespace.get(ns);
    if (!m) {
      m = new Map();
      r.byNamespace.set(ns, m);
    }
    const name = object.metadata.name ?? "";
    const old = m.get(name);
    if (!old && this.count >= this.limits.maxObjects) {
      throw new StoreLimitError(`the simulation holds ${this.limits.maxObjects} objects, its limit`);
    }
    object.metadata.resourceVersion = this.nextResourceVersion();
    m.set(name, object);
    if (!old) {
      this.count += 1;
      r.size += 1;
    }
    this.emit({ type: old ? "MODIFIED" : "ADDED", resource, object, old });
    return object;
  }

  remove(resource: string, namespace: string, name: string): KObject | undefined {
    const r = this.resources.get(resource);
    const m = r?.byNamespace.get(namespace);
    const old = m?.get(name);
    if (!r || !m || !old) return undefined;
    m.delete(name);
    if (m.size === 0) r.byNamespace.delete(namespace);
    r.size -= 1;
    this.count -= 1;
    this.revision += 1;
    this.emit({ type: "DELETED", resource, object: old });
    return old;
  }

  private emit(e: WatchEvent): void {
    let route = this.routes.get(e.resource);
    if (route === undefined) {
      route = [];
      for (const s of this.subscriptions)
        if (s.resource === undefined || s.resource === e.resource) route.push(s.watcher);
      this.routes.set(e.resource, route);
    }
    for (let i = 0; i < route.length; i++) route[i](e);
  }
}

/** Raised only when a runaway script exceeds the object bound; the shell turns it into a message. */
export class StoreLimitError extends Error {}

function byName(a: KObject, b: KObject): number {
  const a1 = a.metadata.name ?? "";
  const b1 = b.metadata.name ?? "";
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}

export function byNamespaceName(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? "";
  const bn = b.metadata.namespace ?? "";
  if (an !== bn) return an < bn ? -1 : 1;
  const a1 = a.metadata.name ?? "";
  const b1 = b.metadata.name ?? "";
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}
