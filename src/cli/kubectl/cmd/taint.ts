/**
 * kubectl taint (staging/src/k8s.io/kubectl/pkg/cmd/taint): `taint nodes NAME... key=value:Effect
 * key:Effect key:Effect- key-`, `-l`, `--all`, `--overwrite`, `--dry-run`, `-o`.
 *
 * Order of checks, as upstream: split resources from taint specs (`all resources must be
 * specified before taint changes: x`), at least one resource and one taint, parse the specs
 * (a usage error: `invalid taint effect: X, unsupported taint effect`), the resource type
 * (1.21: `invalid resource type pods, only ["node" "nodes"] are supported`; later through the
 * REST mapper, so `no` works and pods are `only node types are supported`), conflicts between
 * adding and removing, --all vs -l vs names. Then per node: without --overwrite a taint with
 * the same key and effect is an error (`node k8s-w1 already has dedicated taint(s) with same
 * effect(s) and --overwrite is false`); removing a taint that is not there is `taint "x" not
 * found`. The result word is `tainted`, `untainted`, or `modified` (--overwrite, or adding and
 * removing at once).
 */
import { clone, type KObject } from "../../../sim/k8s/api/object.ts";
import { isQualifiedName, isValidLabelValue } from "../../../sim/k8s/validation/names.ts";
import type { ExecResult } from "../../types.ts";
import { DRY_RUN_FLAG, dryRunSuffix, type KubectlCommand, OUTPUT_FLAGS, parseDryRun } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { bool, type FlagValues, str } from "../flags.ts";
import { resolveResource } from "../resource-mapper.ts";
import { type GoError, printedErrors } from "./drain.ts";
import { selectObjects } from "./select.ts";
import { printObjects } from "./shared.ts";
import { errorLine, usageError } from "./targets.ts";

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export const taintCommand: KubectlCommand = {
  name: "taint",
  short: "Update the taints on one or more nodes",
  usage: "kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]",
  flags: [
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "all", kind: "bool" },
    { name: "overwrite", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "validate", kind: "string", default: "true", noOptDefault: "true" },
    { name: "field-manager", kind: "string", default: "kubectl-taint" },
  ],
  run: (k, args, flags) => runTaint(k, args, flags),
};

/** Taint.ToString: `key=value:effect`, `key:effect`, `key=value:`, `key`. */
function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** Go's %v of a v1.Taint value: `{key value effect <nil>}`. */
function taintGoValue(t: Taint): string {
  return `{${t.key} ${t.value ?? ""} ${t.effect} <nil>}`;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** parseTaint: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`. */
function parseTaint(st: string): Parsed<Taint> {
  const parts = st.split(":");
  let key: string;
  let value = "";
  let effect = "";
  if (parts.length === 1) key = parts[0];
  else if (parts.length === 2) {
    effect = parts[1];
    if (!EFFECTS.includes(effect))
      return { ok: false, error: `invalid taint effect: ${effect}, unsupported taint effect` };
    const kv = parts[0].split("=");
    if (kv.length > 2) return { ok: false, error: `invalid taint spec: ${st}` };
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length) return { ok: false, error: `invalid taint spec: ${st}, ${errs.join("; ")}` };
    }
  } else return { ok: false, error: `invalid taint spec: ${st}` };
  const errs = isQualifiedName(key);
  if (errs.length) return { ok: false, error: `invalid taint spec: ${st}, ${errs.join("; ")}` };
  const t: Taint = { key, effect };
  if (value) t.value = value;
  return { ok: true, value: t };
}

/** parseTaints: specs ending in `-` remove (key and effect only); the others add and need an effect. */
function parseTaints(specs: string[]): Parsed<{ add: Taint[]; remove: Taint[] }> {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  const unique = new Set<string>();
  for (const spec of specs) {
    if (spec.endsWith("-")) {
      const t = parseTaint(spec.slice(0, -1));
      if (!t.ok) return t;
      remove.push({ key: t.value.key, effect: t.value.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.ok) return t;
    if (!t.value.effect) return { ok: false, error: `invalid taint spec: ${spec}` };
    const id = `${t.value.effect}\u0000${t.value.key}`;
    if (unique.has(id))
      return { ok: false, error: `duplicated taints with the same key and effect: ${taintGoValue(t.value)}` };
    unique.add(id);
    add.push(t.value);
  }
  return { ok: true, value: { add, remove } };
}

/** Taint.MatchTaint: same key and effect. */
const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/** reorganizeTaints: the new list (added first, then the old ones kept), the word, the errors. */
function reorganizeTaints(
  old: Taint[],
  overwrite: boolean,
  add: Taint[],
  remove: Taint[],
): { operation: string; taints: Taint[]; errors: string[] } {
  let taints: Taint[] = [...add];
  for (const o of old) if (!taints.some((t) => sameTaint(t, o))) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => (r.effect ? !sameTaint(r, t) : t.key !== r.key));
    removed = taints.length !== before;
    if (!removed) errors.push(`taint ${JSON.stringify(taintString(r))} not found`);
  }
  const operation = (added && removed) || overwrite ? "modified" : added ? "tainted" : "untainted";
  return { operation, taints, errors };
}

function runTaint(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return errorLine(dry.error);
  const resources: string[] = [];
  const specs: string[] = [];
  for (const s of args) {
    // 1.21 and later treat `key:Effect` as a taint too.
    const isTaint = s.includes("=") || s.includes(":") || s.endsWith("-");
    if (isTaint) specs.push(s);
    else if (specs.length > 0) return errorLine(`all resources must be specified before taint changes: ${s}`);
    else resources.push(s);
  }
  if (resources.length < 1) return errorLine("one or more resources must be specified as <resource> <name>");
  if (specs.length < 1) return errorLine("at least one taint update is required");
  const parsed = parseTaints(specs);
  if (!parsed.ok) return usageError("kubectl taint", parsed.error);
  const { add, remove } = parsed.value;

  const typeArg = resources[0].toLowerCase();
  if (k.cluster.minor < 23) {
    if (typeArg !== "node" && typeArg !== "nodes")
      return errorLine(`invalid resource type ${resources[0]}, only ["node" "nodes"] are supported`);
  } else {
    const r = resolveResource(k.cluster.discovery, typeArg);
    if (!r.ok) return errorLine(r.error);
    if (r.types[0].kind !== "Node") return errorLine(`invalid resource type ${typeArg}, only node types are supported`);
  }
  const conflicts: string[] = [];
  for (const a of add) {
    for (const r of remove) {
      if (a.key === r.key && (!r.effect || a.effect === r.effect)) conflicts.push(`{"${r.key}":"${r.effect}"}`);
    }
  }
  if (conflicts.length) {
    return errorLine(
      `can not both modify and remove the following taint(s) in the same command: ${conflicts.join(", ")}`,
    );
  }
  const all = bool(flags, "all");
  const selector = str(flags, "selector");
  if (all && selector) {
    return errorLine("setting 'all' parameter with a non empty selector is prohibited");
  }
  if (!all && !selector && resources.length < 2)
    return errorLine("at least one resource name must be specified since 'all' parameter is not set");

  const nodesType = k.cluster.discovery.forKind("v1", "Node")!;
  const errors: GoError[] = [];
  const nodes: KObject[] = [];
  if (all || selector) {
    const sel = selectObjects(k, nodesType, undefined, selector, "");
    if (!sel.ok) return { stdout: "", stderr: sel.error, exitCode: 1 };
    nodes.push(...sel.objects);
  } else {
    for (const name of resources.slice(1)) {
      const got = k.cluster.api.get(nodesType, "", name);
      if (got.ok) nodes.push(got.value);
      else errors.push({ status: got.status });
    }
  }

  const overwrite = bool(flags, "overwrite");
  const output = str(flags, "output");
  let stdout = "";
  for (const node of nodes) {
    const old: Taint[] = node.spec?.taints ?? [];
    if (!overwrite) {
      const exists = add.flatMap((a) => old.filter((o) => o.key === a.key && o.effect === a.effect).map(() => a.key));
      if (exists.length) {
        errors.push({
          message: `node ${node.metadata.name} already has ${exists.join(",")} taint(s) with same effect(s) and --overwrite is false`,
        });
        continue;
      }
    }
    const re = reorganizeTaints(old, overwrite, add, remove);
    if (re.errors.length) {
      errors.push({ aggregate: re.errors.map((message) => ({ message })) });
      continue;
    }
    const next: KObject = clone(node);
    next.spec = { ...(next.spec ?? {}), taints: re.taints };
    if (re.taints.length === 0) delete next.spec.taints;
    let result = next;
    if (dry.value !== "client") {
      const updated = k.cluster.api.update(nodesType, next, { dryRun: dry.value === "server" });
      if (!updated.ok) {
        errors.push({ status: updated.status });
        continue;
      }
      if (dry.value === "none") k.cluster.settle();
      result = updated.value;
    }
    if (output) {
      const p = printObjects(k, [result], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) return { stdout, stderr: p.stderr, exitCode: 1 };
    } else stdout += `node/${node.metadata.name} ${re.operation}${dryRunSuffix(dry.value)}\n`;
  }
  if (errors.length) return { stdout, stderr: printedErrors(errors), exitCode: 1 };
  return { stdout, stderr: "", exitCode: 0 };
}
