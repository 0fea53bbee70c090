/**
 * The object store: one per cluster, like etcd behind the API server. It owns the
 * resourceVersion counter and tells watchers about every write. It does no validation;
 * the API server (src/sim/k8s/apiserver.ts) decides what may be written.
 *
 * Objects handed out are the stored values: treat them as read-only and clone before
 * changing (the API server does).
 */
import type { KObject } from "../k8s/api/object.ts";

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

export class ObjectStore {
  private readonly resources = new Map<string, Map<string, KObject>>();
  private readonly watchers: Watcher[] = [];
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

  watch(w: Watcher): () => void {
    this.watchers.push(w);
    return () => {
      const i = this.watchers.indexOf(w);
      if (i >= 0) this.watchers.splice(i, 1);
    };
  }

  get(resource: string, namespace: string, name: string): KObject | undefined {
    return this.resources.get(resource)?.get(key(namespace, name));
  }

  /** Objects of one resource, optionally one namespace, sorted by namespace then name. */
  list(resource: string, namespace?: string): KObject[] {
    const m = this.resources.get(resource);
    if (!m) return [];
    const out: KObject[] = [];
    for (const o of m.values()) if (namespace === undefined || (o.metadata.namespace ?? "") === namespace) out.push(o);
    out.sort(byNamespaceName);
    return out;
  }

  /** Resources that currently hold any object. */
  resourceNames(): string[] {
    return [...this.resources.keys()].filter((k) => (this.resources.get(k)?.size ?? 0) > 0);
  }

  /** Writes an object (insert or replace), stamping a new resourceVersion. */
  put(resource: string, object: KObject): KObject {
    let m = this.resources.get(resource);
    if (!m) {
      m = new Map();
      this.resources.set(resource, m);
    }
    const k = key(object.metadata.namespace ?? "", object.metadata.name ?? "");
    const old = m.get(k);
    if (!old && this.count >= this.limits.maxObjects) {
      throw new StoreLimitError(`the simulation holds ${this.limits.maxObjects} objects, its limit`);
    }
    object.metadata.resourceVersion = this.nextResourceVersion();
    m.set(k, object);
    if (!old) this.count += 1;
    this.emit({ type: old ? "MODIFIED" : "ADDED", resource, object, old });
    return object;
  }

  remove(resource: string, namespace: string, name: string): KObject | undefined {
    const m = this.resources.get(resource);
    const k = key(namespace, name);
    const old = m?.get(k);
    if (!m || !old) return undefined;
    m.delete(k);
    this.count -= 1;
    this.revision += 1;
    this.emit({ type: "DELETED", resource, object: old });
    return old;
  }

  private emit(e: WatchEvent): void {
    for (const w of this.watchers) w(e);
  }
}

/** Raised only when a runaway script exceeds the object bound; the shell turns it into a message. */
export class StoreLimitError extends Error {}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function byNamespaceName(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? "";
  const bn = b.metadata.namespace ?? "";
  if (an !== bn) return an < bn ? -1 : 1;
  const a1 = a.metadata.name ?? "";
  const b1 = b.metadata.name ?? "";
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}
