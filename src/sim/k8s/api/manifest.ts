/**
 * Manifest parsing at the edge: YAML (several documents) or JSON, read the way kubectl reads
 * it (sigs.k8s.io/yaml on go-yaml v2: YAML 1.1 booleans and `<<` merge keys; timestamps stay
 * strings), bounded in size, documents, nesting and alias expansion, and turned into plain
 * JSON values with no shared references.
 */
import { boolYaml11Tag, CORE_SCHEMA, floatYaml11Tag, intYaml11Tag, loadAll, mergeTag, nullYaml11Tag } from "js-yaml";
import { clone, isPlainObject } from "./object.ts";

export interface ManifestLimits {
  maxBytes: number;
  maxDocuments: number;
  maxDepth: number;
  maxAliases: number;
  /** Total JSON nodes after alias expansion (the "billion laughs" bound). */
  maxNodes: number;
}

export const MANIFEST_LIMITS: ManifestLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxDocuments: 1000,
  maxDepth: 64,
  maxAliases: 1000,
  maxNodes: 500_000,
};

const SCHEMA = CORE_SCHEMA.withTags(boolYaml11Tag, intYaml11Tag, floatYaml11Tag, nullYaml11Tag, mergeTag);

export type ParsedDocuments = { ok: true; documents: unknown[] } | { ok: false; error: string; line?: number };

/**
 * Documents of recently parsed manifests by their text, with the default limits only. The same
 * file is read again and again (`kubectl apply -f web.yaml` then `kubectl get -f web.yaml`, every
 * submission of a lab), and copying JSON is many times cheaper than parsing YAML. Each caller
 * gets its own copy, as from a fresh parse.
 */
const parsedManifests = new Map<string, unknown[]>();
const MANIFEST_CACHE_SIZE = 32;
const MANIFEST_CACHE_MAX_CHARS = 64 * 1024;

export function parseManifestText(text: string, limits: ManifestLimits = MANIFEST_LIMITS): ParsedDocuments {
  const cacheable = limits === MANIFEST_LIMITS && text.length <= MANIFEST_CACHE_MAX_CHARS;
  const cached = cacheable ? parsedManifests.get(text) : undefined;
  if (cached) return { ok: true, documents: clone(cached) };
  const r = parseUncached(text, limits);
  if (cacheable && r.ok) {
    if (parsedManifests.size >= MANIFEST_CACHE_SIZE) parsedManifests.delete(parsedManifests.keys().next().value!);
    parsedManifests.set(text, clone(r.documents));
  }
  return r;
}

function parseUncached(text: string, limits: ManifestLimits): ParsedDocuments {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: shorter texts need no exact count.
  const bytes = text.length * 3 <= limits.maxBytes ? 0 : new TextEncoder().encode(text).length;
  if (bytes > limits.maxBytes) {
    return { ok: false, error: `the manifest is ${bytes} bytes; the limit is ${limits.maxBytes} bytes` };
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return bounded([JSON.parse(text)], limits);
    } catch {
      // Not plain JSON: YAML is a superset, let the YAML parser report it.
    }
  }
  const docs: unknown[] = [];
  try {
    loadAll(
      text,
      (d) => {
        if (docs.length >= limits.maxDocuments) {
          throw new BoundError(`more than ${limits.maxDocuments} YAML documents (document limit)`);
        }
        docs.push(d);
      },
      { schema: SCHEMA, maxDepth: limits.maxDepth, maxAliases: limits.maxAliases, json: true },
    );
  } catch (e) {
    if (e instanceof BoundError) return { ok: false, error: e.message };
    const err = e as { reason?: string; message?: string; mark?: { line?: number; column?: number } };
    const goYaml = goYamlError(text, err.reason, err.mark);
    if (goYaml) return { ok: false, ...goYaml };
    const line = err.mark?.line !== undefined ? err.mark.line + 1 : undefined;
    const reason = err.reason ?? err.message ?? String(e);
    return { ok: false, error: line !== undefined ? `yaml: line ${line}: ${reason}` : `yaml: ${reason}`, line };
  }
  return bounded(docs, limits);
}

/**
 * kubectl reports YAML errors in go-yaml v2's words, and go-yaml numbers lines oddly: a parser
 * error prints the 0-based line of the offending token, a scanner error the 1-based line, and
 * neither prints a line when the 0-based line is 0. js-yaml's "bad indentation of a mapping
 * entry" is one of two go-yaml errors (checked against kubectl 1.33's client):
 * - the key starts a line, indented deeper than its mapping allows (`spec:\nmaxUnavailable: 1\n  selector:`
 *   with `selector` on 1-based line 8): the parser's `yaml: line 7: did not find expected key`;
 * - a second `key:` inside a value on one line (`x: 1\na: b: c`, 1-based line 2): the scanner's
 *   `yaml: line 2: mapping values are not allowed in this context` (`a: b: c` on line 1: no line).
 */
function goYamlError(
  text: string,
  reason: string | undefined,
  mark: { line?: number; column?: number } | undefined,
): { error: string; line: number } | undefined {
  if (reason !== "bad indentation of a mapping entry" || mark?.line === undefined || mark.column === undefined)
    return undefined;
  const lines = text.split(/\r?\n/);
  const lineText = lines[mark.line] ?? "";
  const indent = lineText.length - lineText.trimStart().length;
  // kubectl splits the stream at `---` lines first, so go-yaml counts from the document's start.
  let start = 0;
  for (let i = mark.line - 1; i >= 0; i--) {
    if (/^---\s*$/.test(lines[i])) {
      start = i + 1;
      break;
    }
  }
  const docLine = mark.line - start;
  if (mark.column <= indent) {
    const where = docLine === 0 ? "" : `line ${docLine}: `;
    return { error: `yaml: ${where}did not find expected key`, line: mark.line + 1 };
  }
  const where = docLine === 0 ? "" : `line ${docLine + 1}: `;
  return { error: `yaml: ${where}mapping values are not allowed in this context`, line: mark.line + 1 };
}

class BoundError extends Error {}

function bounded(docs: unknown[], limits: ManifestLimits): ParsedDocuments {
  const budget = { nodes: 0 };
  try {
    const out = docs.filter((d) => d !== null && d !== undefined).map((d) => toJson(d, budget, limits, 0));
    return { ok: true, documents: out };
  } catch (e) {
    if (e instanceof BoundError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Copies a parsed value into plain JSON, counting every node so aliases cannot explode. */
function toJson(v: unknown, budget: { nodes: number }, limits: ManifestLimits, depth: number): unknown {
  if (++budget.nodes > limits.maxNodes) {
    throw new BoundError(`the manifest expands to more than ${limits.maxNodes} values (alias expansion limit)`);
  }
  if (depth > limits.maxDepth)
    throw new BoundError(`the manifest nests deeper than ${limits.maxDepth} levels (depth limit)`);
  if (Array.isArray(v)) return v.map((x) => toJson(x, budget, limits, depth + 1));
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[String(k)] = toJson(x, budget, limits, depth + 1);
    return o;
  }
  if (isPlainObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k === "__proto__") continue;
      o[k] = toJson(v[k], budget, limits, depth + 1);
    }
    return o;
  }
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return String.fromCharCode(...v);
  return v;
}

/** Flattens `kind: List` (and `*List`) documents into their items, as kubectl's builder does. */
export function flattenLists(docs: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const d of docs) {
    if (isPlainObject(d) && typeof d.kind === "string" && d.kind.endsWith("List") && Array.isArray(d.items)) {
      out.push(...d.items);
    } else out.push(d);
  }
  return out;
}
