/**
 * Field paths over objects, as lab authors write them:
 *   spec.template.spec.containers[0].image          an index (negative counts from the end)
 *   spec.containers[name=nginx].image               the list items whose field has that value
 *   status.conditions[type=Ready].status
 *   spec.ports[*].port                              every item (any of them may match)
 *   metadata.labels.app                             a map key
 *   metadata.labels['app.kubernetes.io/name']       a key with dots, quoted ...
 *   metadata.labels.app.kubernetes.io/name          ... or not: an absent key is retried
 *                                                   joined with the segments after it
 * A path selects zero or more values; matchers pass when any selected value satisfies them.
 */

type Segment =
  | { kind: "key"; key: string; dotted: boolean }
  | { kind: "index"; index: number }
  | { kind: "all" }
  | { kind: "where"; field: string; value: string };

export type ParsedPath = { ok: true; segments: Segment[] } | { ok: false; error: string };

const MAX_PATH = 512;

export function parsePath(path: string): ParsedPath {
  if (path.length > MAX_PATH) return { ok: false, error: `the field path is longer than ${MAX_PATH} characters` };
  let p = path.trim();
  if (p.startsWith("{") && p.endsWith("}")) p = p.slice(1, -1);
  if (p.startsWith(".")) p = p.slice(1);
  const segments: Segment[] = [];
  let i = 0;
  let dotted = false;
  while (i < p.length) {
    const c = p[i];
    if (c === ".") {
      dotted = true;
      i++;
      continue;
    }
    if (c === "[") {
      const close = findClose(p, i);
      if (close < 0) return { ok: false, error: `unclosed "[" in field path ${path}` };
      const inner = p.slice(i + 1, close).trim();
      i = close + 1;
      dotted = false;
      const quoted = /^(['"])(.*)\1$/.exec(inner);
      if (quoted) segments.push({ kind: "key", key: quoted[2], dotted: false });
      else if (inner === "*") segments.push({ kind: "all" });
      else if (/^-?\d+$/.test(inner)) segments.push({ kind: "index", index: Number(inner) });
      else if (inner.includes("=")) {
        const eq = inner.indexOf("=");
        const value = inner
          .slice(eq + 1)
          .trim()
          .replace(/^(['"])(.*)\1$/, "$2");
        segments.push({ kind: "where", field: inner.slice(0, eq).trim().replace(/^@?\./, ""), value });
      } else return { ok: false, error: `cannot read "[${inner}]" in field path ${path}` };
      continue;
    }
    let j = i;
    while (j < p.length && p[j] !== "." && p[j] !== "[") j++;
    segments.push({ kind: "key", key: p.slice(i, j), dotted });
    dotted = false;
    i = j;
  }
  if (segments.length === 0) return { ok: false, error: "the field path is empty" };
  return { ok: true, segments };
}

function findClose(p: string, open: number): number {
  let quote = "";
  for (let i = open + 1; i < p.length; i++) {
    const c = p[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "]") return i;
  }
  return -1;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The values a path selects in `root` (empty when nothing is there). */
export function select(root: unknown, segments: readonly Segment[]): unknown[] {
  const out: unknown[] = [];
  walk(root, segments, 0, out);
  return out;
}

function walk(v: unknown, segments: readonly Segment[], s: number, out: unknown[]): void {
  if (v === undefined) return;
  if (s === segments.length) {
    out.push(v);
    return;
  }
  const seg = segments[s];
  switch (seg.kind) {
    case "key": {
      if (!isObject(v)) return;
      // `app.kubernetes.io/name` may be one key: try the key alone and joined with the dotted
      // key segments after it (`metadata.labels.app` exists too when both labels are set).
      let key = seg.key;
      for (let t = s; t < segments.length; t++) {
        if (t > s) {
          const more = segments[t];
          if (more.kind !== "key" || !more.dotted) break;
          key += `.${more.key}`;
        }
        if (Object.hasOwn(v, key)) walk(v[key], segments, t + 1, out);
      }
      return;
    }
    case "index":
      if (Array.isArray(v)) {
        const i = seg.index < 0 ? v.length + seg.index : seg.index;
        if (i >= 0 && i < v.length) walk(v[i], segments, s + 1, out);
      }
      return;
    case "all":
      if (Array.isArray(v)) for (const x of v) walk(x, segments, s + 1, out);
      else if (isObject(v)) for (const x of Object.values(v)) walk(x, segments, s + 1, out);
      return;
    case "where":
      if (Array.isArray(v)) {
        const field = parsePath(seg.field);
        for (const item of v) {
          const got = field.ok ? select(item, field.segments) : [];
          if (got.some((g) => g !== null && typeof g !== "object" && String(g) === seg.value))
            walk(item, segments, s + 1, out);
        }
      }
      return;
  }
}
