/**
 * kubectl apply (client-side): create what does not exist, three-way-merge what does, and say
 * `created`, `configured` or `unchanged` per object; errors are collected and printed after.
 */
import { goJson } from "../../../sim/core/go-json.ts";
import { clone, jsonEqual, type KObject } from "../../../sim/k8s/api/object.ts";
import { threeWay } from "../../../sim/k8s/patch/strategic.ts";
import type { ExecResult } from "../../types.ts";
import { readFilenames } from "../builder.ts";
import {
  DRY_RUN_FLAG,
  dryRunSuffix,
  FILENAME_FLAGS,
  type KubectlCommand,
  OUTPUT_FLAGS,
  parseDryRun,
} from "../command.ts";
import { type KubectlError, renderErrors, withSource } from "../errors.ts";
import { bool, list, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { printObjects, resolveInfo, type Target, validationError } from "./shared.ts";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export const applyCommand: KubectlCommand = {
  name: "apply",
  short: "Apply a configuration to a resource by file name or stdin",
  usage: "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "record", kind: "bool" },
    { name: "validate", kind: "string", default: "true", noOptDefault: "true" },
    { name: "force", kind: "bool" },
    { name: "server-side", kind: "bool" },
    { name: "prune", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "overwrite", kind: "bool", default: true },
    { name: "field-manager", kind: "string", default: "kubectl-client-side-apply" },
    { name: "wait", kind: "bool" },
  ],
  run(k, args, flags) {
    const files = list(flags, "filename");
    if (files.length === 0 && !str(flags, "kustomize")) {
      return { stdout: "", stderr: "error: must specify one of -f and -k\n", exitCode: 1 };
    }
    void args;
    const dry = parseDryRun(str(flags, "dry-run"));
    if (!dry.ok) return { stdout: "", stderr: `error: ${dry.error}\n`, exitCode: 1 };
    const built = readFilenames(k, files, bool(flags, "recursive"));
    if (built.errors.length > 0 && built.infos.length === 0) {
      return { stdout: "", stderr: built.errors.map((e) => `error: ${e}\n`).join(""), exitCode: 1 };
    }
    if (built.infos.length === 0) {
      return { stdout: "", stderr: "error: no objects passed to apply\n", exitCode: 1 };
    }
    const out: string[] = [];
    const errs: KubectlError[] = built.errors.map((message) => ({ message }));
    const printed: KObject[] = [];
    const warnings: string[] = [];
    const output = str(flags, "output");
    for (const info of built.infos) {
      const target = resolveInfo(k, info);
      if (!target.ok) {
        errs.push({ message: target.error });
        continue;
      }
      const invalid = validationError(k, info, target.value, str(flags, "validate"));
      if (invalid) {
        errs.push("status" in invalid ? withSource(invalid, "creating", info.source) : invalid);
        continue;
      }
      const r = applyOne(k, target.value, dry.value, bool(flags, "record"), k.shell.argv);
      for (const w of k.cluster.api.drainWarnings())
        if (!warnings.includes(`Warning: ${w}\n`)) warnings.push(`Warning: ${w}\n`);
      if (!r.ok) {
        errs.push(withSource(r.error, r.verb, info.source));
        continue;
      }
      if (output) printed.push(r.object);
      else out.push(`${kindLabel(target.value.type)}/${target.value.name} ${r.result}${dryRunSuffix(dry.value)}\n`);
    }
    let stdout = out.join("");
    let stderr = warnings.join("");
    if (output && printed.length) {
      const p = printObjects(k, printed, output, flags);
      stdout += p.stdout;
      stderr += p.stderr;
    }
    if (errs.length) stderr += renderErrors(errs);
    const result: ExecResult = { stdout, stderr, exitCode: errs.length ? 1 : 0 };
    return result;
  },
};

type ApplyOutcome =
  | { ok: true; result: "created" | "configured" | "unchanged"; object: KObject }
  | { ok: false; error: KubectlError; verb: string };

function applyOne(
  k: Parameters<NonNullable<KubectlCommand["run"]>>[0],
  t: Target,
  dry: "none" | "client" | "server",
  record: boolean,
  argv: string[],
): ApplyOutcome {
  const api = k.cluster.api;
  const desired = clone(t.object);
  if (record) {
    desired.metadata.annotations = {
      ...(desired.metadata.annotations ?? {}),
      "kubernetes.io/change-cause": argv.join(" "),
    };
  }
  const annotated = withLastApplied(desired);
  const live = api.get(t.type, t.namespace, t.name);
  if (!live.ok) {
    if (live.status.reason !== "NotFound")
      return { ok: false, error: { status: live.status }, verb: "retrieving current configuration of" };
    if (dry === "client") return { ok: true, result: "created", object: annotated };
    const created = api.create(t.type, annotated, { dryRun: dry === "server" });
    if (!created.ok) return { ok: false, error: { status: created.status }, verb: "creating" };
    k.cluster.settle();
    return { ok: true, result: "created", object: created.value };
  }
  const original = parseLastApplied(live.value.metadata.annotations?.[LAST_APPLIED]);
  const merged = threeWay(original, annotated, live.value) as KObject;
  merged.metadata.resourceVersion = live.value.metadata.resourceVersion;
  if (jsonEqual(merged, live.value)) return { ok: true, result: "unchanged", object: live.value };
  if (dry === "client") return { ok: true, result: "configured", object: merged };
  const updated = api.update(t.type, merged, { dryRun: dry === "server" });
  if (!updated.ok) return { ok: false, error: { status: updated.status }, verb: "patching" };
  k.cluster.settle();
  const changed = updated.value.metadata.resourceVersion !== live.value.metadata.resourceVersion;
  return { ok: true, result: changed || dry === "server" ? "configured" : "unchanged", object: updated.value };
}

/** The object as applied, carrying its own serialisation (without the annotation) in the annotation. */
export function withLastApplied(obj: KObject): KObject {
  const o = clone(obj);
  const annotations = { ...(o.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  o.metadata.annotations = annotations;
  const text = `${goJson(o)}\n`;
  o.metadata.annotations = { ...annotations, [LAST_APPLIED]: text };
  return o;
}

function parseLastApplied(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
