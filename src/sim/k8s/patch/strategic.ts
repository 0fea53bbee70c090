/**
 * Strategic merge, as kubectl apply and `kubectl patch` (type strategic) use it: maps merge
 * recursively, lists of named things merge by their patch merge key (containers by `name`,
 * container ports by `containerPort`, service ports by `port`, ...), other lists are replaced,
 * `null` deletes a field.
 *
 * threeWay(original, modified, current): the live object after `kubectl apply` — fields the
 * previous apply set (original) but the new manifest (modified) drops are removed; fields in
 * the manifest win; fields only the cluster set (current) stay.
 */
import { clone, isPlainObject, jsonEqual } from "../api/object.ts";

type Json = unknown;
type Obj = Record<string, Json>;

/** The patchMergeKey of list fields, by field name and (where it differs) by parent field. */
function mergeKeyFor(path: string[], field: string): string | undefined {
  const parent = path[path.length - 1];
  switch (field) {
    case "containers":
    case "initContainers":
    case "ephemeralContainers":
    case "env":
    case "volumes":
    case "imagePullSecrets":
    case "secrets":
      return "name";
    case "volumeMounts":
      return "mountPath";
    case "volumeDevices":
      return "devicePath";
    case "hostAliases":
      return "ip";
    case "conditions":
      return "type";
    case "ownerReferences":
      return "uid";
    case "ports":
      // Container ports merge by containerPort; Service ports by port.
      return parent === "spec" && path.includes("spec") && !path.includes("containers") ? "port" : "containerPort";
    default:
      return undefined;
  }
}

export function threeWay(original: Json, modified: Json, current: Json): Json {
  return merge3(original, modified, current, []);
}

function merge3(original: Json, modified: Json, current: Json, path: string[]): Json {
  if (!isPlainObject(modified)) return clone(modified);
  const out: Obj = isPlainObject(current) ? clone(current) : {};
  const orig: Obj = isPlainObject(original) ? original : {};
  for (const key of Object.keys(orig)) {
    if (!(key in modified)) delete out[key];
  }
  for (const [key, mv] of Object.entries(modified)) {
    const ov = orig[key];
    const cv = out[key];
    if (mv === null) {
      delete out[key];
    } else if (isPlainObject(mv)) {
      out[key] = merge3(ov, mv, cv, [...path, key]);
    } else if (Array.isArray(mv)) {
      const mk = mergeKeyFor(path, key);
      out[key] =
        mk && mv.every((e) => isPlainObject(e) && mk in e) ? mergeList3(ov, mv, cv, mk, [...path, key]) : clone(mv);
    } else {
      out[key] = mv;
    }
  }
  return out;
}

function mergeList3(original: Json, modified: Obj[], current: Json, key: string, path: string[]): Obj[] {
  const cur = Array.isArray(current) ? (current as Obj[]) : [];
  const orig = Array.isArray(original) ? (original as Obj[]) : [];
  const id = (e: Obj) => JSON.stringify(e[key]);
  const modIds = new Set(modified.map(id));
  const dropped = new Set(orig.filter((e) => isPlainObject(e) && !modIds.has(id(e))).map(id));
  const result: Obj[] = [];
  // Elements in the manifest, in its order, merged with their live counterparts.
  for (const m of modified) {
    const c = cur.find((e) => isPlainObject(e) && id(e) === id(m));
    const o = orig.find((e) => isPlainObject(e) && id(e) === id(m));
    result.push(merge3(o, m, c, path) as Obj);
  }
  // Live elements nobody applied stay (after the applied ones), unless the last apply had them.
  for (const c of cur) {
    if (!isPlainObject(c)) continue;
    if (modIds.has(id(c)) || dropped.has(id(c))) continue;
    result.push(clone(c));
  }
  return result;
}

/** Two-way strategic merge patch (`kubectl patch --type strategic`). */
export function strategicMergePatch(current: Json, patch: Json, path: string[] = []): Json {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Obj = isPlainObject(current) ? clone(current) : {};
  for (const [key, pv] of Object.entries(patch)) {
    if (key === "$patch" || key.startsWith("$setElementOrder") || key === "$retainKeys") continue;
    if (pv === null) {
      delete out[key];
    } else if (isPlainObject(pv)) {
      if (pv.$patch === "replace") {
        const { $patch: _p, ...rest } = pv;
        out[key] = clone(rest);
      } else if (pv.$patch === "delete") {
        delete out[key];
      } else out[key] = strategicMergePatch(out[key], pv, [...path, key]);
    } else if (Array.isArray(pv)) {
      const mk = mergeKeyFor(path, key);
      if (mk && pv.every((e) => isPlainObject(e) && (mk in e || e.$patch === "replace"))) {
        const cur = Array.isArray(out[key]) ? [...(out[key] as Obj[])] : [];
        if (pv.some((e) => isPlainObject(e) && e.$patch === "replace")) {
          out[key] = pv.filter((e) => !(isPlainObject(e) && e.$patch)).map((e) => clone(e));
          continue;
        }
        for (const e of pv as Obj[]) {
          const i = cur.findIndex((c) => isPlainObject(c) && jsonEqual(c[mk], e[mk]));
          if (e.$patch === "delete") {
            if (i >= 0) cur.splice(i, 1);
          } else if (i >= 0) cur[i] = strategicMergePatch(cur[i], e, [...path, key]) as Obj;
          else cur.push(clone(e));
        }
        out[key] = cur;
      } else out[key] = clone(pv);
    } else out[key] = pv;
  }
  return out;
}

/** RFC 7386 JSON merge patch. */
export function jsonMergePatch(current: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Obj = isPlainObject(current) ? clone(current) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}
