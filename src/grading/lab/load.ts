/**
 * Loading and linting a lab: lab.yaml (plus the files it references) parsed once at the edge
 * into a Lab, with every problem reported as `file:line:column: path: message` so an
 * instructor can fix it from the terminal or an editor. Pure: the caller reads the files.
 */
import { Validator } from "@cfworker/json-schema";
import { load } from "js-yaml";
import schema from "../../../labs/lab.schema.json" with { type: "json" };
import { lookupVersion } from "../../sim/k8s/versions.ts";
import type { Check, Lab, Solution } from "../types.ts";
import { type Position, positionOf, yamlPositions } from "./positions.ts";

export interface LabSource {
  /** How messages name the lab folder, e.g. `labs/single-pod`. */
  dir: string;
  /** Files of the lab folder by relative path; must include `lab.yaml`. */
  files: Record<string, string>;
}

export interface LintError {
  file: string;
  line: number;
  column: number;
  /** Where in the document, as a dotted path (`checkpoints[2].check.kind`). */
  path: string;
  message: string;
}

export type LoadResult = { ok: true; lab: Lab } | { ok: false; errors: LintError[] };

export const LAB_LIMITS = { labYamlBytes: 1024 * 1024, files: 200, fileBytes: 1024 * 1024 };

const validator = new Validator(schema as object, "2020-12", false);

/** Keywords whose failure only says "something inside failed": the inner error says what. */
const WRAPPERS = new Set([
  "properties",
  "items",
  "allOf",
  "$ref",
  "then",
  "if",
  "prefixItems",
  "additionalItems",
  "contains",
]);

export function formatLintError(e: LintError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ""}${e.message}`;
}

export async function loadLab(src: LabSource): Promise<LoadResult> {
  const file = `${src.dir.replace(/\/$/, "")}/lab.yaml`;
  const text = src.files["lab.yaml"];
  const err = (pos: Position, path: string, message: string): LintError => ({ file, ...pos, path, message });
  if (text === undefined) return { ok: false, errors: [err({ line: 1, column: 1 }, "", "lab.yaml is missing")] };
  if (new TextEncoder().encode(text).length > LAB_LIMITS.labYamlBytes) {
    return {
      ok: false,
      errors: [err({ line: 1, column: 1 }, "", `lab.yaml is larger than ${LAB_LIMITS.labYamlBytes} bytes`)],
    };
  }
  const fileCount = Object.keys(src.files).length;
  if (fileCount > LAB_LIMITS.files) {
    return {
      ok: false,
      errors: [err({ line: 1, column: 1 }, "", `the lab has ${fileCount} files; the limit is ${LAB_LIMITS.files}`)],
    };
  }
  let data: unknown;
  try {
    data = load(text, { maxDepth: 64, maxAliases: 100 });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? String(e);
    return {
      ok: false,
      errors: [err({ line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 }, "", `YAML: ${reason}`)],
    };
  }
  const positions = yamlPositions(text);
  const result = validator.validate(data);
  if (!result.valid) {
    const errors = schemaErrors(result.errors).map((e) =>
      err(positionOf(positions, e.pointer), dotted(e.pointer), e.message),
    );
    return { ok: false, errors: dedupe(errors) };
  }
  const raw = data as RawLab;
  const errors: LintError[] = [];
  const at = (pointer: string, message: string) =>
    errors.push(err(positionOf(positions, pointer), dotted(pointer), message));
  semanticChecks(raw, src, at);
  if (errors.length) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, lab: await toLab(raw, src, text) };
}

type RawLab = Omit<Lab, "version" | "files" | "parameters" | "environment"> & {
  parameters?: Lab["parameters"];
  environment?: Lab["environment"];
};

function semanticChecks(raw: RawLab, src: LabSource, at: (pointer: string, message: string) => void): void {
  const ids = new Map<string, number>();
  raw.checkpoints.forEach((c, i) => {
    if (ids.has(c.id))
      at(`/checkpoints/${i}/id`, `duplicate checkpoint id "${c.id}" (first at checkpoints[${ids.get(c.id)}])`);
    else ids.set(c.id, i);
  });
  raw.checkpoints.forEach((c, i) => {
    (c.requires ?? []).forEach((r, j) => {
      if (!ids.has(r)) at(`/checkpoints/${i}/requires/${j}`, `no checkpoint with id "${r}"`);
      else if ((ids.get(r) ?? 0) >= i) at(`/checkpoints/${i}/requires/${j}`, `"${r}" must come before "${c.id}"`);
    });
    for (const re of regexesOf(c.check)) {
      try {
        new RegExp(re.value);
      } catch (e) {
        at(
          `/checkpoints/${i}/check`,
          `invalid regular expression ${JSON.stringify(re.value)}: ${(e as Error).message}`,
        );
      }
    }
  });
  const version = raw.environment?.kubernetesVersion;
  if (version !== undefined) {
    const v = lookupVersion(version);
    if (!v.ok) at("/environment/kubernetesVersion", v.error);
  }
  for (const [name, p] of Object.entries(raw.parameters ?? {})) {
    if ("range" in p && p.range[0] > p.range[1])
      at(`/parameters/${name}/range`, `range is empty: ${p.range[0]} > ${p.range[1]}`);
  }
  const declared = new Set(Object.keys(raw.parameters ?? {}));
  for (const m of raw.instructions.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
    if (!declared.has(m[1]) && m[1] !== "student")
      at("/instructions", `instructions use {{${m[1]}}}, which is not a parameter`);
  }
  const refs: [string, string][] = [];
  const collect = (pointer: string, v: string | undefined) => {
    if (v?.startsWith("@")) refs.push([pointer, v.slice(1)]);
  };
  for (const [i, o] of (raw.environment?.objects ?? []).entries()) collect(`/environment/objects/${i}`, o);
  for (const [k, v] of Object.entries(raw.environment?.files ?? {})) collect(`/environment/files/${k}`, v);
  const solutionRefs = (pointer: string, s: Solution) => {
    collect(`${pointer}/transcript`, s.transcript);
    for (const [k, v] of Object.entries(s.manifests ?? {})) collect(`${pointer}/manifests/${k}`, v);
  };
  solutionRefs("/solutions/reference", raw.solutions.reference);
  raw.solutions.wrong.forEach((w, i) => {
    solutionRefs(`/solutions/wrong/${i}`, w);
    w.fails.forEach((f, j) => {
      if (!ids.has(f)) at(`/solutions/wrong/${i}/fails/${j}`, `no checkpoint with id "${f}"`);
    });
  });
  for (const [pointer, path] of refs) {
    if (src.files[path] === undefined) at(pointer, `file "${path}" is not in the lab folder`);
    else if (new TextEncoder().encode(src.files[path]).length > LAB_LIMITS.fileBytes) {
      at(pointer, `file "${path}" is larger than ${LAB_LIMITS.fileBytes} bytes`);
    }
  }
}

function regexesOf(c: Check): { value: string }[] {
  const out: { value: string }[] = [];
  const walk = (x: Check) => {
    if (x.kind === "command") out.push({ value: x.pattern });
    if (x.kind === "output") {
      if (x.command) out.push({ value: x.command });
      if (x.matches) out.push({ value: x.matches });
    }
    if ((x.kind === "resource" || x.kind === "count") && "fields" in x)
      for (const f of x.fields ?? []) if (f.matches) out.push({ value: f.matches });
    if (x.kind === "count") for (const f of x.where ?? []) if (f.matches) out.push({ value: f.matches });
    if (x.kind === "all" || x.kind === "any") x.checks.forEach(walk);
    if (x.kind === "not") walk(x.check);
    if (x.kind === "scenario") walk(x.then);
  };
  walk(c);
  return out;
}

async function toLab(raw: RawLab, src: LabSource, text: string): Promise<Lab> {
  const deref = (v: string) => (v.startsWith("@") ? src.files[v.slice(1)] : v);
  const env = raw.environment ?? {};
  const files: Record<string, string> = {};
  for (const k of Object.keys(src.files).sort()) if (k !== "lab.yaml") files[k] = src.files[k];
  const solution = <T extends Solution>(s: T): T => ({
    ...s,
    ...(s.transcript !== undefined ? { transcript: deref(s.transcript) } : {}),
    ...(s.manifests
      ? { manifests: Object.fromEntries(Object.entries(s.manifests).map(([k, v]) => [k, deref(v)])) }
      : {}),
  });
  return {
    id: raw.id,
    title: raw.title,
    version: await contentHash(text, files),
    instructions: raw.instructions,
    environment: {
      ...env,
      ...(env.objects ? { objects: env.objects.map(deref) } : {}),
      ...(env.files ? { files: Object.fromEntries(Object.entries(env.files).map(([k, v]) => [k, deref(v)])) } : {}),
    },
    parameters: raw.parameters ?? {},
    checkpoints: raw.checkpoints,
    solutions: { reference: solution(raw.solutions.reference), wrong: raw.solutions.wrong.map(solution) },
    files,
  };
}

/** `sha256:` and the first 16 hex digits of SHA-256 over lab.yaml and the lab's files in path order. */
export async function contentHash(labYaml: string, files: Record<string, string>): Promise<string> {
  let all = `lab.yaml\u0000${labYaml}\u0000`;
  for (const k of Object.keys(files).sort()) all += `${k}\u0000${files[k]}\u0000`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(all));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `sha256:${hex.slice(0, 16)}`;
}

interface SchemaError {
  instanceLocation: string;
  keyword: string;
  keywordLocation: string;
  error: string;
}

/** The schema node an error's keywordLocation points at (`#/$defs/check/properties/kind/enum`). */
function schemaAt(location: string): unknown {
  let node: unknown = schema;
  for (const part of location.replace(/^#\/?/, "").split("/")) {
    if (!part) continue;
    const n = node as Record<string, unknown> | undefined;
    // The location runs through references: `.../check/$ref/properties/kind`.
    node =
      part === "$ref" && typeof n?.$ref === "string"
        ? schemaAt(n.$ref)
        : n?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

/** The leaf errors of a JSON Schema validation, in the words an instructor needs. */
function schemaErrors(errors: SchemaError[]): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  for (const e of errors) {
    if (WRAPPERS.has(e.keyword)) continue;
    // `additionalProperties: false` reports twice; the "does not match additional properties" line says it better.
    if (e.keyword === "false") continue;
    let pointer = e.instanceLocation.replace(/^#/, "");
    let message = e.error;
    const extra = /^Property "(.*)" does not match additional properties schema\.$/.exec(message);
    if (extra) {
      pointer = `${pointer}/${extra[1]}`;
      message = `unknown field "${extra[1]}"`;
    }
    const req = /^Instance does not have required property "(.*)"\.$/.exec(message);
    if (req) message = `missing required field "${req[1]}"`;
    const type = /^Instance type "(.*)" is invalid\. Expected "(.*)"\.$/.exec(message);
    if (type) message = `must be ${article(type[2])}, not ${article(type[1])}`;
    if (e.keyword === "pattern") message = `must match ${String(schemaAt(e.keywordLocation))}`;
    const allowed = schemaAt(e.keywordLocation);
    if (e.keyword === "enum" && Array.isArray(allowed))
      message = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    if (e.keyword === "const") message = `must be ${JSON.stringify(schemaAt(e.keywordLocation))}`;
    if (e.keyword === "minimum" || e.keyword === "exclusiveMinimum" || e.keyword === "maximum") {
      const bound = schemaAt(e.keywordLocation);
      message = `must be ${e.keyword === "minimum" ? "at least" : e.keyword === "maximum" ? "at most" : "more than"} ${bound}`;
    }
    if (e.keyword === "anyOf" && pointer.includes("/solutions/")) message = "needs a transcript or manifests";
    if (e.keyword === "oneOf" && pointer.includes("/parameters/"))
      message = "must be one of {choose: [...]}, {range: [min, max]} or {pattern: ...}";
    out.push({ pointer, message });
  }
  return out;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** `/checkpoints/2/check/kind` -> `checkpoints[2].check.kind` */
function dotted(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

function dedupe(errors: LintError[]): LintError[] {
  const byText = new Map<string, LintError>();
  for (const e of errors) {
    const text = formatLintError(e);
    if (!byText.has(text)) byText.set(text, e);
  }
  return sortErrors([...byText.values()]);
}

function sortErrors(errors: LintError[]): LintError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : 1));
}
