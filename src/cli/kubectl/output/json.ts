/**
 * `kubectl get -o json`, byte for byte: cli-runtime's JSONPrinter is
 * `json.MarshalIndent(obj, "", "    ")` plus a newline, on an Unstructured object, so
 *
 * - map keys are sorted by their UTF-8 bytes (encoding/json sorts map keys);
 * - 4-space indentation, `"key": value`, and `{}` / `[]` for empty collections;
 * - strings escape `"`, `\`, `\n`, `\r`, `\t`, other control characters as `\u00XX`
 *   (lowercase hex), and, HTML-safe, `<` `>` `&` U+2028 U+2029 as `\u003c` `\u003e`
 *   `\u0026` `\u2028` `\u2029`; from Go 1.22 `\b` and `\f` get their short escapes too;
 * - integral numbers print as int64 does, others as Go's float64 encoder, which matches
 *   JavaScript's shortest round-trip form (exponent below 1e-6 and from 1e21, same thresholds).
 */

/**
 * kubectl builds with the Go of its day: 1.21 with Go 1.16, 1.33 with Go 1.24. Go 1.22
 * changed encoding/json to write \b and \f; the last patch releases of kubectl 1.27 and later
 * were built with it (1.27.16: go1.22.5, 1.29.14: go1.22.12).
 */
const FIRST_MINOR_WITH_GO_1_22 = 27;
const LATEST_MINOR = 33;

/** One object as `kubectl get -o json` prints it, ending with a newline. */
export function toJson(value: unknown, minor: number = LATEST_MINOR): string {
  const shortBF = minor >= FIRST_MINOR_WITH_GO_1_22;
  return writeValue(value, "", shortBF) + "\n";
}

/** Several objects, in the `kind: List` wrapper kubectl prints them in. */
export function listToJson(items: readonly unknown[], minor: number): string {
  return toJson(kubectlList(items, minor), minor);
}

/**
 * The List kubectl prints several objects in (`kubectl get pods -o yaml|json`). kubectl
 * builds its metadata by hand in printGeneric; up to 1.23 that map also held an empty
 * `selfLink`, dropped with the RemoveSelfLink graduation in 1.24.
 */
export function kubectlList(items: readonly unknown[], minor: number): Record<string, unknown> {
  const metadata: Record<string, string> = { resourceVersion: "" };
  if (minor < 24) metadata.selfLink = "";
  return { apiVersion: "v1", items, kind: "List", metadata };
}

const STEP = "    ";

function writeValue(v: unknown, indent: string, shortBF: boolean): string {
  if (typeof v === "string") return quote(v, shortBF);
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return goJsonNumber(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inner = indent + STEP;
    let out = "[";
    for (let i = 0; i < v.length; i++) {
      out += (i === 0 ? "\n" : ",\n") + inner + writeValue(v[i], inner, shortBF);
    }
    return out + "\n" + indent + "]";
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys: string[] = [];
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (x !== undefined && typeof x !== "function" && typeof x !== "symbol") keys.push(k);
    }
    if (keys.length === 0) return "{}";
    keys.sort(compareUtf8);
    const inner = indent + STEP;
    let out = "{";
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      out += (i === 0 ? "\n" : ",\n") + inner + quote(k, shortBF) + ": " + writeValue(o[k], inner, shortBF);
    }
    return out + "\n" + indent + "}";
  }
  return "null"; // functions and symbols have no JSON form
}

/**
 * Go compares map keys as UTF-8 bytes, which is code point order. UTF-16 code units agree
 * except that surrogates (U+10000 and up) sort below U+E000..U+FFFF; fix that one case.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && cb >= 0xd800) {
      if (ca >= 0xe000) ca -= 0x800;
      else ca += 0x2000;
      if (cb >= 0xe000) cb -= 0x800;
      else cb += 0x2000;
    }
    return ca - cb;
  }
  return a.length - b.length;
}

/** Anything encoding/json (HTML-safe) would not copy through as is. */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

function quote(s: string, shortBF: boolean): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20) esc = controlEscape(c, shortBF);
    else if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = "\\\\";
    else if (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) esc = unicodeEscape(c);
    else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      esc = "\\ufffd"; // a lone surrogate is invalid UTF-8 to Go
    }
    if (esc === undefined) continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

function controlEscape(c: number, shortBF: boolean): string {
  if (c === 0x0a) return "\\n";
  if (c === 0x0d) return "\\r";
  if (c === 0x09) return "\\t";
  if (shortBF && c === 0x08) return "\\b";
  if (shortBF && c === 0x0c) return "\\f";
  return unicodeEscape(c);
}

function unicodeEscape(c: number): string {
  return "\\u" + c.toString(16).padStart(4, "0");
}

const INT64_LOWEST = -(2 ** 63);
const INT64_LIMIT = 2 ** 63;

/**
 * An integral value is an int64 in an Unstructured object and prints exactly; others are
 * float64, which Go writes in the shortest form that reads back, switching to exponent form
 * below 1e-6 and from 1e21 ("1e-7", "1e+21"), as JavaScript does. NaN and infinities have no
 * JSON form (Go fails to marshal them); they print as null.
 */
export function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return "null";
  if (Number.isInteger(n) && n >= INT64_LOWEST && n < INT64_LIMIT) {
    return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  }
  return String(n);
}
