/**
 * kubectl replace (replace.go): PUT every object of `-f` (the live resourceVersion is used
 * when the file has none), `replaced` per object; `--force` deletes each object, waits for
 * it to be gone, and creates it again.
 */
import { clone, type KObject } from "../../../sim/k8s/api/object.ts";
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
import type { Kubectl } from "../context.ts";
import { type KubectlError, renderErrors, withSource } from "../errors.ts";
import { bool, type FlagValues, int, list, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { printObjects, resolveInfo } from "./shared.ts";
import { annotateForWrite, errorLine, recordDeprecation, usageError } from "./targets.ts";

export const replaceCommand: KubectlCommand = {
  name: "replace",
  short: "Replace a resource by file name or stdin",
  usage: "kubectl replace -f FILENAME [options]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "force", kind: "bool" },
    { name: "grace-period", kind: "int", default: -1 },
    { name: "cascade", kind: "string", default: "background", noOptDefault: "background" },
    { name: "wait", kind: "bool" },
    { name: "timeout", kind: "string", default: "0s" },
    { name: "save-config", kind: "bool" },
    { name: "record", kind: "bool" },
    { name: "validate", kind: "string", default: "true", noOptDefault: "true" },
    { name: "raw", kind: "string" },
    { name: "subresource", kind: "string" },
    { name: "field-manager", kind: "string", default: "kubectl-replace" },
  ],
  run: (k, args, flags) => runReplace(k, args, flags),
};

function runReplace(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const warning = recordDeprecation(k, flags);
  const done = (r: ExecResult): ExecResult => ({ ...r, stderr: warning + r.stderr });
  void args;
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return done(errorLine(dry.error));
  const files = list(flags, "filename");
  if (files.length === 0) return done(usageError("kubectl replace", "Must specify --filename to replace"));
  const force = bool(flags, "force");
  if (force && dry.value !== "none") return done(errorLine("--dry-run can not be used when --force is set"));
  const built = readFilenames(k, files, bool(flags, "recursive"));
  if (built.errors.length && built.infos.length === 0)
    return done({ stdout: "", stderr: built.errors.map((e) => `error: ${e}\n`).join(""), exitCode: 1 });
  const errors: KubectlError[] = built.errors.map((message) => ({ message }));
  let stdout = "";
  const output = str(flags, "output");
  for (const info of built.infos) {
    const target = resolveInfo(k, info);
    if (!target.ok) {
      errors.push({ message: target.error });
      continue;
    }
    const t = target.value;
    const object: KObject = annotateForWrite(k, t.object, flags);
    let result: KObject = object;
    if (force) {
      const deleted = k.cluster.api.delete(t.type, t.namespace, t.name, graceOption(flags));
      if (!deleted.ok) {
        if (deleted.status.reason !== "NotFound") {
          errors.push(withSource({ status: deleted.status }, "deleting", info.source));
          continue;
        }
      } else {
        k.cluster.settle();
        stdout += `${t.type.kind === "Namespace" ? "namespace" : kindLabel(t.type)} "${t.name}" deleted\n`;
        waitGone(k, t.type, t.namespace, t.name, deleted.value.metadata.uid);
      }
      const fresh = clone(object);
      delete fresh.metadata.resourceVersion;
      delete fresh.metadata.uid;
      const created = k.cluster.api.create(t.type, fresh);
      if (!created.ok) {
        errors.push(withSource({ status: created.status }, "creating", info.source));
        continue;
      }
      k.cluster.settle();
      result = created.value;
    } else if (dry.value !== "client") {
      const toSend = clone(object);
      if (!toSend.metadata.resourceVersion) {
        const live = k.cluster.api.get(t.type, t.namespace, t.name);
        if (!live.ok) {
          errors.push(withSource({ status: live.status }, "replacing", info.source));
          continue;
        }
        toSend.metadata.resourceVersion = live.value.metadata.resourceVersion;
      }
      const updated = k.cluster.api.update(t.type, toSend, { dryRun: dry.value === "server" });
      if (!updated.ok) {
        errors.push(withSource({ status: updated.status }, "replacing", info.source));
        continue;
      }
      if (dry.value === "none") k.cluster.settle();
      result = updated.value;
    }
    if (output) {
      const p = printObjects(k, [result], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) return done({ stdout, stderr: p.stderr, exitCode: 1 });
    } else stdout += `${kindLabel(t.type)}/${t.name} replaced${force ? "" : dryRunSuffix(dry.value)}\n`;
  }
  if (errors.length) return done({ stdout, stderr: renderErrors(errors), exitCode: 1 });
  return done({ stdout, stderr: "", exitCode: 0 });
}

function graceOption(flags: FlagValues): { gracePeriodSeconds?: number } {
  const g = int(flags, "grace-period", -1);
  return g >= 0 ? { gracePeriodSeconds: g } : {};
}

/** `replace --force` waits for the old object to be gone before creating the new one. */
function waitGone(
  k: Kubectl,
  type: Parameters<Kubectl["cluster"]["api"]["get"]>[0],
  ns: string,
  name: string,
  uid: string | undefined,
): void {
  for (let i = 0; i < 600; i++) {
    const cur = k.cluster.api.get(type, ns, name);
    if (!cur.ok || cur.value.metadata.uid !== uid) return;
    if (!k.advance(1000)) return;
  }
}
