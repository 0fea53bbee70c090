/**
 * Per-student parameters in checks: every `{{name}}` in any string of a check takes the
 * student's value. A string that is exactly one placeholder of a numeric parameter becomes
 * that number (`equals: "{{replicas}}"` compares as 3, not "3"). Unknown names stay as written,
 * so a typo in a lab shows up in the explanation instead of matching nothing silently.
 */
import type { Check } from "../types.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** Fields that hold numbers (or values compared with numbers). */
const NUMERIC_FIELDS = new Set([
  "equals",
  "in",
  "gt",
  "gte",
  "lt",
  "lte",
  "min",
  "max",
  "replicas",
  "seconds",
  "status",
]);

export function substitute(check: Check, params: Record<string, string | number>): Check {
  return walk(check, params, false) as Check;
}

function walk(v: unknown, params: Record<string, string | number>, numeric: boolean): unknown {
  if (typeof v === "string") {
    const whole = WHOLE.exec(v);
    if (numeric && whole && Object.hasOwn(params, whole[1]) && typeof params[whole[1]] === "number") {
      return params[whole[1]];
    }
    return v.replace(PLACEHOLDER, (m, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : m));
  }
  if (Array.isArray(v)) return v.map((x) => walk(x, params, numeric));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, params, NUMERIC_FIELDS.has(k));
    return out;
  }
  return v;
}
