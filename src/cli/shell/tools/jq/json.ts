/**
 * JSON for jq: a streaming reader for a sequence of values (jq reads `{"a":1} {"a":2}` as two
 * inputs) that builds null-prototype objects, and a printer matching jq 1.6's layout
 * (2-space indent, `"key": value`, `[]`/`{}` for empty containers).
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export class JsonParseError {
  constructor(readonly message: string) {}
}

export const newObject = (): JsonObject => Object.create(null) as JsonObject;

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const MAX_DEPTH = 512;

/** Parses every JSON value in `text`, in order. */
export function parseJsonStream(text: string): Json[] {
  const p = new Reader(text);
  const out: Json[] = [];
  for (;;) {
    p.ws();
    if (p.i >= text.length) return out;
    out.push(p.value(0));
  }
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    let line = 1;
    let col = 0;
    for (let k = 0; k < this.i && k < this.s.length; k++) {
      if (this.s[k] === "\n") {
        line++;
        col = 0;
      } else col++;
    }
    throw new JsonParseError(`${what} at line ${line}, column ${col}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length && (s[this.i] === " " || s[this.i] === "\n" || s[this.i] === "\t" || s[this.i] === "\r"))
      this.i++;
  }

  value(depth: number): Json {
    if (depth > MAX_DEPTH) this.fail("Exceeds depth limit for parsing");
    this.ws();
    const c = this.s[this.i];
    if (c === "{") {
      this.i++;
      const o = newObject();
      this.ws();
      if (this.s[this.i] === "}") {
        this.i++;
        return o;
      }
      for (;;) {
        this.ws();
        if (this.s[this.i] !== '"') this.fail("Object keys must be strings");
        const k = this.string();
        this.ws();
        if (this.s[this.i] !== ":") this.fail("Objects must consist of key:value pairs");
        this.i++;
        o[k] = this.value(depth + 1);
        this.ws();
        if (this.s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (this.s[this.i] === "}") {
          this.i++;
          return o;
        }
        this.fail("Expected separator between values");
      }
    }
    if (c === "[") {
      this.i++;
      const a: Json[] = [];
      this.ws();
      if (this.s[this.i] === "]") {
        this.i++;
        return a;
      }
      for (;;) {
        a.push(this.value(depth + 1));
        this.ws();
        if (this.s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (this.s[this.i] === "]") {
          this.i++;
          return a;
        }
        this.fail("Expected separator between values");
      }
    }
    if (c === '"') return this.string();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null|nan|NaN)/.exec(
      this.s.slice(this.i, this.i + 400),
    );
    if (!m) {
      if (this.i >= this.s.length) this.fail("Unfinished JSON term");
      this.i++;
      this.fail("Invalid literal");
    }
    const next = this.s[this.i + m[0].length];
    if (next !== undefined && /[A-Za-z0-9_]/.test(next)) {
      this.i += m[0].length + 1;
      this.fail(/[0-9-]/.test(m[0][0]) ? "Invalid numeric literal" : "Invalid literal");
    }
    this.i += m[0].length;
    if (m[0] === "true") return true;
    if (m[0] === "false") return false;
    if (m[0] === "null") return null;
    if (m[0] === "nan" || m[0] === "NaN") return null;
    return Number(m[0]);
  }

  string(): string {
    const s = this.s;
    this.i++;
    let out = "";
    for (;;) {
      if (this.i >= s.length) this.fail("Unfinished string");
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === "\\") {
        const n = s[this.i + 1];
        const map: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (map[n] !== undefined) {
          out += map[n];
          this.i += 2;
        } else if (n === "u") {
          const hex = s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid escape");
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.i += 6;
        } else this.fail("Invalid escape");
        continue;
      }
      out += c;
      this.i++;
    }
  }
}

export interface PrintOptions {
  compact: boolean;
  indent: number;
  tab: boolean;
  sortKeys: boolean;
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n))
    return Number.isNaN(n) ? "null" : n > 0 ? "1.7976931348623157e+308" : "-1.7976931348623157e+308";
  if (Object.is(n, -0)) return "-0";
  const s = String(n);
  return s.replace(/e\+?(-?)(\d+)$/, (_m, sign, d) => `e${sign === "-" ? "-" : "+"}${d.padStart(2, "0")}`);
}

export function stringify(v: Json, o: PrintOptions, level = 0): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return quote(v);
  const unit = o.tab ? "\t" : " ".repeat(o.indent);
  const pad = o.compact || (o.indent === 0 && !o.tab) ? "" : unit.repeat(level + 1);
  const end = o.compact || (o.indent === 0 && !o.tab) ? "" : unit.repeat(level);
  const nl = o.compact || (o.indent === 0 && !o.tab) ? "" : "\n";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${nl}${v.map((x) => pad + stringify(x, o, level + 1)).join(`,${nl}`)}${nl}${end}]`;
  }
  let keys = Object.keys(v);
  if (keys.length === 0) return "{}";
  if (o.sortKeys) keys = keys.sort(compareStrings);
  const sep = o.compact || (o.indent === 0 && !o.tab) ? ":" : ": ";
  return `{${nl}${keys.map((k) => `${pad}${quote(k)}${sep}${stringify(v[k], o, level + 1)}`).join(`,${nl}`)}${nl}${end}}`;
}

export function quote(s: string): string {
  return JSON.stringify(s).replace(/\u007f/g, "\\u007f");
}

/** Code-unit order, as jq sorts keys and strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TYPE_ORDER: Record<string, number> = { null: 0, false: 1, true: 2, number: 3, string: 4, array: 5, object: 6 };

function typeRank(v: Json): number {
  if (v === null) return 0;
  if (v === false) return 1;
  if (v === true) return 2;
  if (typeof v === "number") return 3;
  if (typeof v === "string") return 4;
  if (Array.isArray(v)) return 5;
  return TYPE_ORDER.object;
}

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
export function compareJson(a: Json, b: Json): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareJson(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort(compareStrings);
    const kb = Object.keys(b).sort(compareStrings);
    const c = compareJson(ka, kb);
    if (c !== 0) return c;
    for (const k of ka) {
      const d = compareJson(a[k], b[k]);
      if (d !== 0) return d;
    }
    return 0;
  }
  return 0;
}

export function typeName(v: Json): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  return Array.isArray(v) ? "array" : "object";
}
