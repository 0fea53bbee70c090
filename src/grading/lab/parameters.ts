/**
 * Per-student parameters: each student gets their own names, ports and replica counts,
 * derived from the student id (and the lab and parameter names) so the same student always
 * gets the same values and a copied answer fails another student's checks.
 */
import { createIds } from "../../sim/core/ids.ts";
import type { Lab, ParameterSpec } from "../types.ts";

export type Params = Record<string, string | number>;

/** FNV-1a, 32 bits: a stable seed from text. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function resolveParameters(lab: Pick<Lab, "id" | "parameters">, student: string): Params {
  const out: Params = { student };
  for (const name of Object.keys(lab.parameters).sort()) {
    out[name] = resolveOne(lab.parameters[name], createIds(fnv1a(`${lab.id}\u0000${student}\u0000${name}`)));
  }
  return out;
}

function resolveOne(spec: ParameterSpec, ids: ReturnType<typeof createIds>): string | number {
  if ("choose" in spec) return spec.choose[ids.int(spec.choose.length)];
  if ("range" in spec) return spec.range[0] + ids.int(spec.range[1] - spec.range[0] + 1);
  return spec.pattern.replace(/\{(hex|alpha|digits):(\d{1,2})\}/g, (_m, kind: string, n: string) => {
    const len = Number(n);
    let s = "";
    for (let i = 0; i < len; i++) {
      if (kind === "hex") s += "0123456789abcdef"[ids.int(16)];
      else if (kind === "digits") s += String(ids.int(10));
      else s += "abcdefghijklmnopqrstuvwxyz"[ids.int(26)];
    }
    return s;
  });
}

/** Replaces `{{name}}` with the parameter's value; unknown names stay as written. */
export function renderTemplate(text: string, params: Params): string {
  return text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (m, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : m,
  );
}

/** Renders every string inside a JSON value (checks, environments). */
export function renderDeep<T>(value: T, params: Params): T {
  if (typeof value === "string") return renderTemplate(value, params) as T;
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, params)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, params);
    return out as T;
  }
  return value;
}
