/**
 * RFC 6902 JSON Patch, as the API server applies `kubectl patch --type json` (evanphx/json-patch,
 * whose error messages the server passes on): add, remove, replace, move, copy, test over
 * JSON Pointers (RFC 6901: `~1` is `/`, `~0` is `~`, `-` appends to an array).
 */
import { clone, isPlainObject, jsonEqual } from "../api/object.ts";

type Json = unknown;

export type JsonPatchResult = { ok: true; value: Json } | { ok: false; error: string };
export type DecodedPatch = { ok: true; ops: Operation[] } | { ok: false; error: string };

export interface Operation {
  op: string;
  path?: string;
  from?: string;
  value?: Json;
  hasValue: boolean;
}

/** jsonpatch.DecodePatch: the patch must be a JSON array of objects. */
export function decodeJsonPatch(patch: Json): DecodedPatch {
  if (!Array.isArray(patch)) {
    const what =
      patch === null ? "null" : isPlainObject(patch) ? "object" : typeof patch === "string" ? "string" : typeof patch;
    return { ok: false, error: `json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch` };
  }
  const ops: Operation[] = [];
  for (const raw of patch) {
    if (!isPlainObject(raw)) {
      return {
        ok: false,
        error:
          "json: cannot unmarshal " +
          (Array.isArray(raw) ? "array" : typeof raw) +
          " into Go value of type jsonpatch.Operation",
      };
    }
    ops.push({
      op: typeof raw.op === "string" ? raw.op : "unknown",
      path: typeof raw.path === "string" ? raw.path : undefined,
      from: typeof raw.from === "string" ? raw.from : undefined,
      value: raw.value,
      hasValue: Object.hasOwn(raw, "value"),
    });
  }
  return { ok: true, ops };
}

/** Applies a decoded patch to a copy of `doc`. */
export function applyJsonPatch(doc: Json, ops: Operation[]): JsonPatchResult {
  let cur = clone(doc);
  for (const op of ops) {
    const r = applyOne(cur, op);
    if (!r.ok) return r;
    cur = r.value;
  }
  return { ok: true, value: cur };
}

function parsePointer(path: string): string[] | undefined {
  if (path === "") return [];
  if (!path.startsWith("/")) return undefined;
  return path
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = Record<string, Json> | Json[];

/** The parent container of a pointer and the last token, or undefined when the parent is missing. */
function findParent(doc: Json, tokens: string[]): { parent: Container; key: string } | undefined {
  let node: Json = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (Array.isArray(node)) {
      const idx = arrayIndex(t, node.length - 1);
      if (idx === undefined) return undefined;
      node = node[idx];
    } else if (isPlainObject(node)) {
      if (!Object.hasOwn(node, t)) return undefined;
      node = node[t];
    } else return undefined;
  }
  if (!Array.isArray(node) && !isPlainObject(node)) return undefined;
  return { parent: node as Container, key: tokens[tokens.length - 1] };
}

function arrayIndex(token: string, max: number): number | undefined {
  if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
  const i = Number.parseInt(token, 10);
  return i <= max ? i : undefined;
}

function get(doc: Json, path: string): { ok: true; value: Json } | { ok: false } {
  const tokens = parsePointer(path);
  if (!tokens) return { ok: false };
  let node = doc;
  for (const t of tokens) {
    if (Array.isArray(node)) {
      const i = arrayIndex(t, node.length - 1);
      if (i === undefined) return { ok: false };
      node = node[i];
    } else if (isPlainObject(node) && Object.hasOwn(node, t)) node = node[t];
    else return { ok: false };
  }
  return { ok: true, value: node };
}

function add(doc: Json, path: string, value: Json, opName: string): JsonPatchResult {
  const tokens = parsePointer(path);
  if (!tokens)
    return { ok: false, error: `${opName} operation does not apply: doc is missing path: "${path}": missing value` };
  if (tokens.length === 0) return { ok: true, value: clone(value) };
  const found = findParent(doc, tokens);
  if (!found)
    return { ok: false, error: `${opName} operation does not apply: doc is missing path: "${path}": missing value` };
  const { parent, key } = found;
  if (Array.isArray(parent)) {
    if (key === "-") {
      parent.push(clone(value));
      return { ok: true, value: doc };
    }
    const i = arrayIndex(key, parent.length);
    if (i === undefined)
      return { ok: false, error: `Unable to access invalid index: ${key}: invalid index referenced` };
    parent.splice(i, 0, clone(value));
    return { ok: true, value: doc };
  }
  parent[key] = clone(value);
  return { ok: true, value: doc };
}

function remove(doc: Json, path: string, opName = "remove"): JsonPatchResult {
  const tokens = parsePointer(path);
  const found = tokens && tokens.length > 0 ? findParent(doc, tokens) : undefined;
  if (!found)
    return { ok: false, error: `${opName} operation does not apply: doc is missing path: "${path}": missing value` };
  const { parent, key } = found;
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length - 1);
    if (i === undefined)
      return { ok: false, error: `Unable to access invalid index: ${key}: invalid index referenced` };
    parent.splice(i, 1);
    return { ok: true, value: doc };
  }
  if (!Object.hasOwn(parent, key)) {
    return { ok: false, error: `${opName} operation does not apply: doc is missing key: ${path}: missing value` };
  }
  delete parent[key];
  return { ok: true, value: doc };
}

function applyOne(doc: Json, op: Operation): JsonPatchResult {
  const path = op.path ?? "";
  switch (op.op) {
    case "add":
      if (op.path === undefined) return { ok: false, error: "add operation failed to decode path: missing value" };
      return add(doc, path, op.value ?? null, "add");
    case "remove":
      if (op.path === undefined) return { ok: false, error: "remove operation failed to decode path: missing value" };
      return remove(doc, path);
    case "replace": {
      if (op.path === undefined) return { ok: false, error: "replace operation failed to decode path: missing value" };
      if (path === "") return { ok: true, value: clone(op.value ?? null) };
      const existing = get(doc, path);
      if (!existing.ok)
        return { ok: false, error: `replace operation does not apply: doc is missing key: ${path}: missing value` };
      const tokens = parsePointer(path) as string[];
      const { parent, key } = findParent(doc, tokens) as { parent: Container; key: string };
      if (Array.isArray(parent)) parent[Number.parseInt(key, 10)] = clone(op.value ?? null);
      else parent[key] = clone(op.value ?? null);
      return { ok: true, value: doc };
    }
    case "move": {
      if (op.from === undefined) return { ok: false, error: "move operation failed to decode from: missing value" };
      const v = get(doc, op.from);
      if (!v.ok)
        return {
          ok: false,
          error: `move operation does not apply: doc is missing from path: ${op.from}: missing value`,
        };
      const value = clone(v.value);
      const removed = remove(doc, op.from, "move");
      if (!removed.ok) return removed;
      return add(removed.value, path, value, "move");
    }
    case "copy": {
      if (op.from === undefined) return { ok: false, error: "copy operation failed to decode from: missing value" };
      const v = get(doc, op.from);
      if (!v.ok)
        return {
          ok: false,
          error: `copy operation does not apply: doc is missing from path: ${op.from}: missing value`,
        };
      return add(doc, path, v.value, "copy");
    }
    case "test": {
      const v = get(doc, path);
      if (!v.ok) {
        if (op.value === null || !op.hasValue) return { ok: true, value: doc };
        return { ok: false, error: `testing value ${path} failed: test failed` };
      }
      if (!jsonEqual(v.value, op.value ?? null))
        return { ok: false, error: `testing value ${path} failed: test failed` };
      return { ok: true, value: doc };
    }
    default:
      return { ok: false, error: `Unexpected kind: ${op.op}` };
  }
}
