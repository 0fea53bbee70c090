/**
 * kubectl label and kubectl annotate (label.go, annotate.go): `TYPE NAME k=v k-` over the
 * builder's argument forms, `--overwrite`, `--resource-version` (a single object only),
 * `--list`, `--local`, `--dry-run`, and kubectl's result words: label says `labeled`,
 * `unlabeled` or `not labeled` from comparing the object before and after; annotate always
 * says `annotated`.
 */
import { clone, type KObject } from "../../../sim/k8s/api/object.ts";
import { isValidLabelValue } from "../../../sim/k8s/validation/names.ts";
import type { ExecResult } from "../../types.ts";
import {
  DRY_RUN_FLAG,
  dryRunSuffix,
  FILENAME_FLAGS,
  type KubectlCommand,
  OUTPUT_FLAGS,
  parseDryRun,
} from "../command.ts";
import type { Kubectl } from "../context.ts";
import { type KubectlError, renderErrors } from "../errors.ts";
import { bool, type FlagValues, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { printObjects } from "./shared.ts";
import {
  CHANGE_CAUSE,
  errorLine,
  recordCommand,
  recordDeprecation,
  resolveTargets,
  splitResourcesAndPairs,
} from "./targets.ts";

type Mode = "label" | "annotate";

const COMMON_FLAGS = [
  ...FILENAME_FLAGS,
  ...OUTPUT_FLAGS,
  DRY_RUN_FLAG,
  { name: "overwrite", kind: "bool" as const },
  { name: "local", kind: "bool" as const },
  { name: "all", kind: "bool" as const },
  { name: "all-namespaces", short: "A", kind: "bool" as const },
  { name: "selector", short: "l", kind: "string" as const },
  { name: "field-selector", kind: "string" as const },
  { name: "resource-version", kind: "string" as const },
  { name: "list", kind: "bool" as const },
  { name: "record", kind: "bool" as const },
];

export const labelCommand: KubectlCommand = {
  name: "label",
  short: "Update the labels on a resource",
  usage:
    "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  flags: [...COMMON_FLAGS, { name: "field-manager", kind: "string", default: "kubectl-label" }],
  run: (k, args, flags) => runMetadataEdit(k, args, flags, "label"),
};

export const annotateCommand: KubectlCommand = {
  name: "annotate",
  short: "Update the annotations on a resource",
  usage:
    "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  flags: [...COMMON_FLAGS, { name: "field-manager", kind: "string", default: "kubectl-annotate" }],
  run: (k, args, flags) => runMetadataEdit(k, args, flags, "annotate"),
};

type Parsed = { ok: true; set: Map<string, string>; remove: string[] } | { ok: false; error: string };

function parseLabels(specs: string[]): Parsed {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes("=")) {
      const parts = spec.split("=");
      if (parts.length !== 2) return { ok: false, error: `invalid label spec: ${spec}` };
      const errs = isValidLabelValue(parts[1]);
      if (errs.length) return { ok: false, error: `invalid label value: ${JSON.stringify(spec)}: ${errs.join(";")}` };
      set.set(parts[0], parts[1]);
    } else if (spec.endsWith("-")) remove.push(spec.slice(0, -1));
    else return { ok: false, error: `unknown label spec: ${spec}` };
  }
  if (remove.some((r) => set.has(r)))
    return { ok: false, error: "can not both modify and remove a label in the same command" };
  return { ok: true, set, remove };
}

function parseAnnotations(specs: string[]): Parsed {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const spec of specs) {
    if (spec.includes("=")) {
      const eq = spec.indexOf("=");
      if (eq === 0) invalid.push(spec);
      else set.set(spec.slice(0, eq), spec.slice(eq + 1));
    } else if (spec.endsWith("-")) remove.push(spec.slice(0, -1));
    else invalid.push(spec);
  }
  if (invalid.length) return { ok: false, error: `invalid annotation format: ${invalid.join(", ")}` };
  if (remove.some((r) => set.has(r)))
    return { ok: false, error: "can not both modify and remove an annotation in the same command" };
  return { ok: true, set, remove };
}

function runMetadataEdit(k: Kubectl, args: string[], flags: FlagValues, mode: Mode): ExecResult {
  const warning = recordDeprecation(k, flags);
  const done = (r: ExecResult): ExecResult => ({ ...r, stderr: warning + r.stderr });
  const listing = bool(flags, "list");
  if (mode === "label" && listing && k.cluster.minor < 24)
    return done(errorLine("unknown flag: --list\nSee 'kubectl label --help' for usage."));
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return done(errorLine(dry.error));
  const split = splitResourcesAndPairs(args, mode);
  if (!split.ok) return done(errorLine(split.error));
  const parsed = mode === "label" ? parseLabels(split.pairs) : parseAnnotations(split.pairs);
  if (!parsed.ok) return done(errorLine(parsed.error));
  const output = str(flags, "output");
  if (listing && output) return done(errorLine("--list and --output may not be specified together"));
  const all = bool(flags, "all");
  const selector = str(flags, "selector");
  const fieldSelector = str(flags, "field-selector");
  const local = bool(flags, "local");
  const hasFiles = (flags.get("filename") as string[] | undefined)?.length ?? 0;
  if (all && selector) return done(errorLine("cannot set --all and --selector at the same time"));
  if (all && fieldSelector) return done(errorLine("cannot set --all and --field-selector at the same time"));
  if (local) {
    if (dry.value === "server")
      return done(errorLine("cannot specify --local and --dry-run=server - did you mean --dry-run=client?"));
    if (split.resources.length)
      return done(errorLine("can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set"));
    if (!hasFiles) return done(errorLine("one or more files must be specified as -f pod.yaml or --filename=pod.json"));
  } else if (split.resources.length < 1 && !hasFiles) {
    return done(errorLine("one or more resources must be specified as <resource> <name> or <resource>/<name>"));
  }
  if (parsed.set.size === 0 && parsed.remove.length === 0 && !listing) {
    return done(errorLine(`at least one ${mode === "label" ? "label" : "annotation"} update is required`));
  }
  const resolved = resolveTargets(k, split.resources, flags, {
    all,
    selector,
    fieldSelector,
    allNamespaces: bool(flags, "all-namespaces"),
    local,
  });
  if (!resolved.ok) return done(resolved.result);
  const resourceVersion = str(flags, "resource-version");
  const errors: KubectlError[] = [...resolved.errors];
  if (!resolved.single && resourceVersion) {
    return done(errorLine(`--resource-version may only be used with a single resource`));
  }
  const overwrite = bool(flags, "overwrite");
  let stdout = "";
  for (const t of resolved.targets) {
    const before: KObject = clone(t.object);
    if (resourceVersion) before.metadata.resourceVersion = undefined;
    const current = mode === "label" ? (before.metadata.labels ?? {}) : (before.metadata.annotations ?? {});
    const conflicts = overwriteConflicts(mode, current, parsed.set, overwrite);
    if (conflicts) {
      errors.push({ message: conflicts });
      continue;
    }
    const after: KObject = clone(before);
    const next: Record<string, string> = { ...current };
    for (const [key, v] of parsed.set) next[key] = v;
    for (const key of parsed.remove) delete next[key];
    if (mode === "label") after.metadata.labels = next;
    else after.metadata.annotations = next;
    if (resourceVersion) after.metadata.resourceVersion = resourceVersion;
    if (bool(flags, "record") && !local && dry.value !== "client") recordCommand(k, after);
    const message =
      mode === "annotate" ? "annotated" : changeMessage(JSON.stringify(before), JSON.stringify(after), overwrite);
    let result = after;
    if (!(dry.value === "client" || local || listing)) {
      if (mode === "label") {
        for (const key of parsed.remove) if (!(key in current)) stdout += `label ${JSON.stringify(key)} not found.\n`;
      }
      const toSend = clone(after);
      toSend.metadata.resourceVersion = resourceVersion || t.object.metadata.resourceVersion;
      const updated = k.cluster.api.update(t.type, toSend, { dryRun: dry.value === "server" });
      if (!updated.ok) {
        errors.push({ status: updated.status });
        continue;
      }
      if (dry.value === "none") k.cluster.settle();
      result = updated.value;
    }
    if (listing) {
      const values = mode === "label" ? (result.metadata.labels ?? {}) : (result.metadata.annotations ?? {});
      const indent = resolved.single ? "" : " ";
      if (!resolved.single) {
        const group = t.type.group;
        stdout += `Listing ${mode === "label" ? "labels" : "annotations"} for ${t.type.kind}.${group}/${t.name}:\n`;
      }
      for (const key of Object.keys(values).sort()) stdout += `${indent}${key}=${values[key]}\n`;
      continue;
    }
    if (output) {
      const p = printObjects(k, [result], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) return done({ stdout, stderr: p.stderr, exitCode: 1 });
      continue;
    }
    stdout += `${kindLabel(t.type)}/${t.name} ${message}${dryRunSuffix(local ? "none" : dry.value)}\n`;
  }
  if (errors.length) return done({ stdout, stderr: renderErrors(errors), exitCode: 1 });
  return done({ stdout, stderr: "", exitCode: 0 });
}

/** label: any existing key blocks; annotate: an existing key with a different value (change-cause excepted). */
function overwriteConflicts(
  mode: Mode,
  current: Record<string, string>,
  set: Map<string, string>,
  overwrite: boolean,
): string | undefined {
  if (overwrite) return undefined;
  if (mode === "label") {
    const errs = [...set.keys()]
      .filter((key) => key in current)
      .map((key) => `'${key}' already has a value (${current[key]}), and --overwrite is false`);
    if (errs.length === 0) return undefined;
    return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
  }
  const found = [...set.entries()]
    .filter(([key, v]) => key !== CHANGE_CAUSE && key in current && current[key] !== v)
    .map(([key]) => `'${key}' already has a value (${current[key]})`);
  return found.length
    ? `--overwrite is false but found the following declared annotation(s): ${found.join("; ")}`
    : undefined;
}

/** label.go updateDataChangeMsg: compares the serialised object before and after. */
function changeMessage(oldJson: string, newJson: string, overwrite: boolean): string {
  if (oldJson === newJson) return "not labeled";
  if (!overwrite && newJson.length < oldJson.length) return "unlabeled";
  return "labeled";
}
