/**
 * JSON as Go's encoding/json writes a map[string]interface{}: keys sorted, no spaces, and
 * <, >, & escaped as \u003c, \u003e, \u0026. kubectl's last-applied-configuration uses it.
 */
export function goJson(v: unknown): string {
  return escapeHtml(JSON.stringify(sortKeys(v)));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function escapeHtml(s: string): string {
  return s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
