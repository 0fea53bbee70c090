/** The object model: Kubernetes objects as plain JSON values, exactly as kubectl sees them. */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [extra: string]: unknown;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // biome-ignore lint/suspicious/noExplicitAny: objects are schemaless JSON; strategies narrow them.
  [field: string]: any;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** A deep copy of a JSON value (objects here are always plain JSON: no Dates, Maps or cycles). */
export function clone<T>(v: T): T {
  return cloneJson(v) as T;
}

function cloneJson(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneJson(v[i]);
    return out;
  }
  // for-in over own keys visits them in Object.keys order without allocating the key array
  // (objects are cloned and compared on every write, so those arrays were much of the garbage).
  const out: Record<string, unknown> = {};
  for (const k in v) {
    if (k !== "__proto__" && Object.hasOwn(v, k)) out[k] = cloneJson((v as Record<string, unknown>)[k]);
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `apps/v1` -> ["apps", "v1"]; `v1` -> ["", "v1"]. */
export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

export function joinApiVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Deep structural equality for JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let n = 0;
  for (const k in a as object) {
    if (!Object.hasOwn(a as object, k)) continue;
    n++;
    if (!Object.hasOwn(b as object, k)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  for (const k in b as object) if (Object.hasOwn(b as object, k)) n--;
  return n === 0;
}

/**
 * jsonEqual of two objects leaving out one or two of their keys (a write's status, a
 * resourceVersion), without the copies that leave them out: writes compare this way on
 * every call.
 */
export function jsonEqualExcept(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
  skip: string,
  skip2: string = skip,
): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (!Object.hasOwn(a, k) || k === skip || k === skip2) continue;
    n++;
    if (!Object.hasOwn(b, k) || !jsonEqual(a[k], b[k])) return false;
  }
  for (const k in b) if (Object.hasOwn(b, k) && k !== skip && k !== skip2) n--;
  return n === 0;
}

/** Equal but for status and metadata.resourceVersion: a status write, or an echo of the same object. */
export function equalButStatus(a: KObject, b: KObject): boolean {
  return jsonEqualExcept(a, b, "status", "metadata") && jsonEqualExcept(a.metadata, b.metadata, "resourceVersion");
}
