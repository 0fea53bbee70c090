/**
 * kubectl apply (client-side): create what does not exist, three-way-merge what does, and say
 * `created`, `configured` or `unchanged` per object; errors are collected and printed after.
 */
import { goJson } from "../../../sim/core/go-json.ts";
import { deprecationWarning } from "../../../sim/k8s/api/deprecations.ts";
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
import { type KubectlError, nestedAggregate, renderErrors, withSource } from "../errors.ts";
import { bool, list, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { formatOutput } from "./format.ts";
import { printObjects, resolveInfo, type Target, validationError } from "./shared.ts";
import { recordCommand, recordDeprecation } from "./targets.ts";

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
    // The builder (ContinueOnError) maps and validates every document before apply sends
    // anything, so its errors come first, as one aggregate. A client-side validation error
    // (1.21's schema check; any version's missing apiVersion/kind) ends the reading of its
    // file; a kind the server does not serve only skips that document.
    const builderErrs: KubectlError[] = built.errors.map((message) => ({ message }));
    const stopped = new Set<string>();
    const mapped: { info: (typeof built.infos)[number]; target: Target; serverInvalid?: KubectlError }[] = [];
    for (const info of built.infos) {
      if (stopped.has(info.source)) continue;
      const target = resolveInfo(k, info);
      if (!target.ok) {
        builderErrs.push({ message: target.error });
        if (target.error.startsWith("error validating ")) stopped.add(info.source);
        continue;
      }
      const body = () => withLastApplied(recordedObject(k, target.value, bool(flags, "record")));
      const invalid = validationError(k, info, target.value, str(flags, "validate"), body);
      if (invalid && "message" in invalid) {
        builderErrs.push(invalid);
        stopped.add(info.source);
        continue;
      }
      mapped.push({ info, target: target.value, serverInvalid: invalid });
    }
    if (mapped.length === 0 && builderErrs.length === 0) {
      return { stdout: "", stderr: "error: no objects passed to apply\n", exitCode: 1 };
    }
    const out: string[] = [];
    const requestErrs: KubectlError[] = [];
    const printed: KObject[] = [];
    const warnings: string[] = [];
    const output = str(flags, "output");
    for (const { info, target, serverInvalid } of mapped) {
      if (serverInvalid) {
        // The route of a deprecated version sends its warning before the handler decodes the body.
        const w = deprecationWarning(target.object.apiVersion, target.object.kind, k.cluster.minor);
        if (w && !warnings.includes(`Warning: ${w}\n`)) warnings.push(`Warning: ${w}\n`);
        requestErrs.push(withSource(serverInvalid, "creating", info.source));
        continue;
      }
      const r = applyOne(k, target, dry.value, bool(flags, "record"));
      for (const w of r.warnings) if (!warnings.includes(`Warning: ${w}\n`)) warnings.push(`Warning: ${w}\n`);
      if (!r.ok) {
        requestErrs.push(withSource(r.error, r.verb, info.source));
        continue;
      }
      if (output) printed.push(r.object);
      else out.push(`${kindLabel(target.type)}/${target.name} ${r.result}${dryRunSuffix(dry.value)}\n`);
    }
    // apply.go returns errs = [builder error, request errors...]; nested, the builder's
    // aggregate prints as one `[a, b]` line.
    const errs =
      requestErrs.length === 0
        ? builderErrs
        : [...(builderErrs.length ? [nestedAggregate(builderErrs)] : []), ...requestErrs];
    let stdout = out.join("");
    // cobra prints a deprecated flag's notice before the command's own output.
    let stderr = recordDeprecation(k, flags) + warnings.join("");
    if (output === "name" && printed.length) {
      const p = printObjects(k, printed, output, flags);
      stdout += p.stdout;
      stderr += p.stderr;
    } else if (output && printed.length && errs.length === 0) {
      // apply.go's post-processor (only reached without errors) prints the applied objects
      // once at the end: one object as itself, several as a `kind: List`.
      const groups = printed.map((o) => ({
        type: k.cluster.discovery.forKind(o.apiVersion, o.kind) ?? mapped[0].target.type,
        objects: [o],
      }));
      const p = formatOutput(k, groups, output, flags, printed.length === 1);
      stdout += p.stdout;
      stderr += p.stderr;
    }
    if (errs.length) stderr += renderErrors(errs);
    const result: ExecResult = { stdout, stderr, exitCode: errs.length ? 1 : 0 };
    return result;
  },
};

type ApplyOutcome = (
  | { ok: true; result: "created" | "configured" | "unchanged"; object: KObject }
  | { ok: false; error: KubectlError; verb: string }
) & { warnings: string[] };

function applyOne(
  k: Parameters<NonNullable<KubectlCommand["run"]>>[0],
  t: Target,
  dry: "none" | "client" | "server",
  record: boolean,
): ApplyOutcome {
  const api = k.cluster.api;
  // Only this request's warnings reach kubectl: forget what earlier writes left, and what the
  // controllers' own requests add while the cluster settles (a Service's v1 Endpoints on 1.33).
  api.drainWarnings();
  const settle = () => {
    k.cluster.settle();
    api.drainWarnings();
  };
  const outcome = applyRequest(k, t, dry, record);
  const warnings = api.drainWarnings();
  if (outcome.ok && dry !== "client" && outcome.result !== "unchanged") settle();
  return { ...outcome, warnings };
}

function applyRequest(
  k: Parameters<NonNullable<KubectlCommand["run"]>>[0],
  t: Target,
  dry: "none" | "client" | "server",
  record: boolean,
): DistributiveOmit<ApplyOutcome, "warnings"> {
  const api = k.cluster.api;
  const desired = recordedObject(k, t, record);
  const annotated = withLastApplied(desired);
  const live = api.get(t.type, t.namespace, t.name);
  if (!live.ok) {
    if (live.status.reason !== "NotFound")
      return { ok: false, error: { status: live.status }, verb: "retrieving current configuration of" };
    if (dry === "client") return { ok: true, result: "created", object: annotated };
    const created = api.create(t.type, annotated, { dryRun: dry === "server" });
    if (!created.ok) return { ok: false, error: { status: created.status }, verb: "creating" };
    return { ok: true, result: "created", object: created.value };
  }
  // A client dry run of an existing object sends no patch: apply.go skips the patcher and prints
  // the object as read from the file, always as `configured`, even when nothing would change.
  if (dry === "client") return { ok: true, result: "configured", object: desired };
  const original = parseLastApplied(live.value.metadata.annotations?.[LAST_APPLIED]);
  const merged = threeWay(original, annotated, live.value) as KObject;
  merged.metadata.resourceVersion = live.value.metadata.resourceVersion;
  if (jsonEqual(merged, live.value)) return { ok: true, result: "unchanged", object: live.value };
  const updated = api.update(t.type, merged, { dryRun: dry === "server" });
  if (!updated.ok) return { ok: false, error: { status: updated.status }, verb: "patching" };
  const changed = updated.value.metadata.resourceVersion !== live.value.metadata.resourceVersion;
  return { ok: true, result: changed || dry === "server" ? "configured" : "unchanged", object: updated.value };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The manifest's object, with --record's change-cause annotation when asked for. */
function recordedObject(k: Parameters<NonNullable<KubectlCommand["run"]>>[0], t: Target, record: boolean): KObject {
  const desired = clone(t.object);
  if (record) recordCommand(k, desired);
  return desired;
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
