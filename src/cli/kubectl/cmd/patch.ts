/**
 * kubectl patch (patch.go): the patch text is YAML or JSON, converted to JSON, and applied by
 * the server as a strategic merge patch (default), an RFC 7386 merge patch or an RFC 6902
 * JSON patch. The result is `patched`, or `patched (no change)` when the server's object is
 * unchanged; validation (immutable fields) answers with the server's Invalid error.
 */
import { load } from "js-yaml";
import { status } from "../../../sim/core/status.ts";
import { isPlainObject, jsonEqual, type KObject } from "../../../sim/k8s/api/object.ts";
import { applyJsonPatch, decodeJsonPatch } from "../../../sim/k8s/patch/json-patch.ts";
import { jsonMergePatch, strategicMergePatch } from "../../../sim/k8s/patch/strategic.ts";
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
import { type KubectlError, renderError, renderErrors } from "../errors.ts";
import { bool, type FlagValues, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { printObjects } from "./shared.ts";
import { errorLine, recordCommand, recordDeprecation, resolveTargets } from "./targets.ts";

const PATCH_TYPES = ["json", "merge", "strategic"];

export const patchCommand: KubectlCommand = {
  name: "patch",
  short: "Update fields of a resource",
  usage: "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "patch", short: "p", kind: "string" },
    { name: "patch-file", kind: "string" },
    { name: "type", kind: "string", default: "strategic" },
    { name: "local", kind: "bool" },
    { name: "record", kind: "bool" },
    { name: "subresource", kind: "string" },
    { name: "field-manager", kind: "string", default: "kubectl-patch" },
  ],
  run: (k, args, flags) => runPatch(k, args, flags),
};

type PatchText = { ok: true; value: unknown } | { ok: false; result: ExecResult };

/** yaml.ToJSON as kubectl calls it on the patch text. */
function patchJson(text: string): PatchText {
  try {
    return { ok: true, value: load(text) ?? null };
  } catch (e) {
    const reason = ((e as { reason?: string }).reason ?? (e as Error).message).split("\n")[0];
    const line = ((e as { mark?: { line?: number } }).mark?.line ?? 0) + 1;
    return { ok: false, result: errorLine(`unable to parse ${JSON.stringify(text)}: yaml: line ${line}: ${reason}`) };
  }
}

function runPatch(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const warning = recordDeprecation(k, flags);
  const done = (r: ExecResult): ExecResult => ({ ...r, stderr: warning + r.stderr });
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return done(errorLine(dry.error));
  const type = str(flags, "type");
  if (!PATCH_TYPES.includes(type))
    return done(errorLine(`--type must be one of [${PATCH_TYPES.join(" ")}], not ${JSON.stringify(type)}`));
  let text = str(flags, "patch");
  const patchFile = str(flags, "patch-file");
  if (text && patchFile) return done(errorLine("cannot specify --patch and --patch-file together"));
  if (patchFile) {
    const r = k.fs.readFile(k.fs.resolve(k.cwd, patchFile));
    if (!r.ok) return done(errorLine(`unable to read patch file: open ${patchFile}: no such file or directory`));
    text = r.value;
  }
  if (!text) return done(errorLine("must specify --patch or --patch-file containing the contents of the patch"));
  const local = bool(flags, "local");
  if (local && dry.value === "server")
    return done(errorLine("cannot specify --local and --dry-run=server - did you mean --dry-run=client?"));
  const patch = patchJson(text);
  if (!patch.ok) return done(patch.result);
  const resolved = resolveTargets(k, args, flags, { local });
  if (!resolved.ok) return done(resolved.result);
  const errors: KubectlError[] = [...resolved.errors];
  let stdout = "";
  let count = 0;
  for (const t of resolved.targets) {
    count++;
    const applied = applyPatch(t.object, patch.value, type);
    if (!applied.ok) {
      errors.push(applied.error);
      continue;
    }
    let result = applied.value;
    if (bool(flags, "record") && !local) recordCommand(k, result);
    if (!(local || dry.value === "client")) {
      const toSend = { ...result, metadata: { ...result.metadata } };
      toSend.metadata.resourceVersion ||= t.object.metadata.resourceVersion;
      const updated = k.cluster.api.update(t.type, toSend, { dryRun: dry.value === "server" });
      if (!updated.ok) {
        errors.push({ status: updated.status });
        continue;
      }
      if (dry.value === "none") k.cluster.settle();
      result = updated.value;
    }
    const output = str(flags, "output");
    if (output) {
      const p = printObjects(k, [result], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) return done({ stdout, stderr: p.stderr, exitCode: 1 });
      continue;
    }
    const changed = !jsonEqual(t.object, result);
    const suffix = local ? "" : dryRunSuffix(dry.value);
    stdout += `${kindLabel(t.type)}/${t.name} ${changed || local || dry.value === "client" ? "patched" : "patched (no change)"}${suffix}\n`;
  }
  if (count === 0 && errors.length === 0) return done(errorLine("no objects passed to patch"));
  if (errors.length)
    return done({ stdout, stderr: errors.length === 1 ? renderError(errors[0]) : renderErrors(errors), exitCode: 1 });
  return done({ stdout, stderr: "", exitCode: 0 });
}

function applyPatch(
  live: KObject,
  patch: unknown,
  type: string,
): { ok: true; value: KObject } | { ok: false; error: KubectlError } {
  const badRequest = (message: string): KubectlError => ({ status: status("BadRequest", 400, message) });
  if (type === "json") {
    const decoded = decodeJsonPatch(patch);
    if (!decoded.ok) return { ok: false, error: badRequest(decoded.error) };
    const r = applyJsonPatch(live, decoded.ops);
    if (!r.ok) {
      return {
        ok: false,
        error: {
          status: status("Invalid", 422, "the server rejected our request due to an error in our request", {
            causes: [{ reason: "", message: r.error }],
          }),
        },
      };
    }
    if (!isPlainObject(r.value))
      return { ok: false, error: badRequest("json: cannot unmarshal into Go value of type map[string]interface {}") };
    return { ok: true, value: r.value as KObject };
  }
  if (!isPlainObject(patch)) {
    const what = Array.isArray(patch)
      ? "array"
      : patch === null
        ? "null"
        : typeof patch === "number"
          ? "number"
          : typeof patch === "boolean"
            ? "bool"
            : "string";
    return {
      ok: false,
      error: badRequest(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`),
    };
  }
  const merged = type === "merge" ? jsonMergePatch(live, patch) : strategicMergePatch(live, patch);
  return { ok: true, value: merged as KObject };
}
