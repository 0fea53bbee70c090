/**
 * kubectl delete: by file, by TYPE NAME..., TYPE/NAME, `-l`, `--all`; `--cascade`
 * (background|foreground|orphan), `--grace-period`, `--now`, `--force`, `--wait`.
 * Prints `pod "x" deleted` per object (kubectl waits for each to be gone).
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { PropagationPolicy } from "../../../sim/k8s/apiserver.ts";
import type { ExecResult } from "../../types.ts";
import { readFilenames } from "../builder.ts";
import { DRY_RUN_FLAG, dryRunSuffix, FILENAME_FLAGS, type KubectlCommand, parseDryRun } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { type KubectlError, renderErrors, withSource } from "../errors.ts";
import { bool, type FlagValues, int, list, str } from "../flags.ts";
import { kindLabel, resolveResource } from "../resource-mapper.ts";
import { selectObjects } from "./select.ts";
import { resolveInfo, type Target } from "./shared.ts";

export const deleteCommand: KubectlCommand = {
  name: "delete",
  short: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
  usage: "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
  flags: [
    ...FILENAME_FLAGS,
    DRY_RUN_FLAG,
    { name: "all", kind: "bool" },
    { name: "all-namespaces", short: "A", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "field-selector", kind: "string" },
    { name: "cascade", kind: "string", default: "background", noOptDefault: "background" },
    { name: "grace-period", kind: "int", default: -1 },
    { name: "now", kind: "bool" },
    { name: "force", kind: "bool" },
    { name: "wait", kind: "bool", default: true },
    { name: "timeout", kind: "string", default: "0s" },
    { name: "ignore-not-found", kind: "bool" },
    { name: "output", short: "o", kind: "string" },
    { name: "raw", kind: "string" },
    { name: "interactive", short: "i", kind: "bool" },
  ],
  run: (k, args, flags) => runDelete(k, args, flags),
};

function cascadePolicy(v: string): { ok: true; value: PropagationPolicy } | { ok: false; error: string } {
  switch (v) {
    case "background":
    case "true":
      return { ok: true, value: "Background" };
    case "foreground":
      return { ok: true, value: "Foreground" };
    case "orphan":
    case "false":
      return { ok: true, value: "Orphan" };
    default:
      return { ok: false, error: `invalid cascade value (${v}). Must be "background", "foreground", or "orphan".` };
  }
}

export function runDelete(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const cascade = cascadePolicy(str(flags, "cascade"));
  if (!cascade.ok) return { stdout: "", stderr: `error: ${cascade.error}\n`, exitCode: 1 };
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return { stdout: "", stderr: `error: ${dry.error}\n`, exitCode: 1 };
  let grace = int(flags, "grace-period", -1);
  if (bool(flags, "now")) {
    if (grace !== -1)
      return { stdout: "", stderr: "error: --now and --grace-period cannot be specified together\n", exitCode: 1 };
    grace = 1;
  }
  const force = bool(flags, "force");
  if (force && grace === -1) grace = 0;
  const files = list(flags, "filename");
  const targets: { target: Target; source: string }[] = [];
  const errs: KubectlError[] = [];
  const all = bool(flags, "all");
  const selector = str(flags, "selector");
  const fieldSelector = str(flags, "field-selector");
  const allNs = bool(flags, "all-namespaces");

  if (files.length) {
    const built = readFilenames(k, files, bool(flags, "recursive"));
    for (const e of built.errors) errs.push({ message: e });
    for (const info of built.infos) {
      const t = resolveInfo(k, info);
      if (!t.ok) errs.push({ message: t.error });
      else targets.push({ target: t.value, source: info.source });
    }
  } else {
    if (args.length === 0) {
      return {
        stdout: "",
        stderr:
          "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
        exitCode: 1,
      };
    }
    if (args.some((a) => a.includes("/"))) {
      for (const a of args) {
        const slash = a.indexOf("/");
        if (slash < 0) {
          return {
            stdout: "",
            stderr: `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n`,
            exitCode: 1,
          };
        }
        const r = resolveResource(k.cluster.discovery, a.slice(0, slash));
        if (!r.ok) return { stdout: "", stderr: `error: ${r.error}\n`, exitCode: 1 };
        addNamed(k, r.types[0], a.slice(slash + 1), targets, errs);
      }
    } else {
      const types = [];
      for (const part of args[0].split(",")) {
        const r = resolveResource(k.cluster.discovery, part);
        if (!r.ok) return { stdout: "", stderr: `error: ${r.error}\n`, exitCode: 1 };
        types.push(...r.types);
      }
      const names = args.slice(1);
      if (names.length === 0 && !all && !selector && !fieldSelector) {
        return {
          stdout: "",
          stderr: `error: resource(s) were provided, but no name was specified\n`,
          exitCode: 1,
        };
      }
      if (names.length > 0 && (all || selector)) {
        return {
          stdout: "",
          stderr: `error: name cannot be provided when a selector is specified\n`,
          exitCode: 1,
        };
      }
      for (const t of types) {
        if (names.length) for (const n of names) addNamed(k, t, n, targets, errs);
        else {
          const sel = selectObjects(k, t, allNs ? undefined : k.namespace, selector, fieldSelector);
          if (!sel.ok) return { stdout: "", stderr: sel.error, exitCode: 1 };
          for (const o of sel.objects) {
            targets.push({
              target: { type: t, namespace: o.metadata.namespace ?? "", name: o.metadata.name!, object: o },
              source: "",
            });
          }
        }
      }
      if (targets.length === 0 && errs.length === 0) {
        const where = allNs ? "" : ` in ${k.namespace} namespace`;
        return { stdout: "", stderr: `No resources found${where}\n`, exitCode: 0 };
      }
    }
  }

  let stdout = "";
  // kubectl warns before an immediate forced deletion (the warning printer capitalises it since 1.26).
  const forceWarning =
    force && grace === 0
      ? `${k.cluster.minor >= 26 ? "Warning" : "warning"}: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n`
      : "";
  // As kubectl does: send every deletion, then wait once for all of them to be gone. Controllers
  // (the garbage collector) run only after the requests, so `delete deploy,rs,pod --all`
  // deletes the ReplicaSets and pods it listed rather than finding them already collected.
  const deleted: Target[] = [];
  for (const { target, source } of targets) {
    const opts: { propagationPolicy: PropagationPolicy; gracePeriodSeconds?: number; dryRun: boolean } = {
      propagationPolicy: cascade.value,
      dryRun: dry.value !== "none",
    };
    if (grace >= 0) opts.gracePeriodSeconds = grace;
    const r =
      dry.value === "client"
        ? k.cluster.api.get(target.type, target.namespace, target.name)
        : k.cluster.api.delete(target.type, target.namespace, target.name, opts);
    if (!r.ok) {
      if (bool(flags, "ignore-not-found") && r.status.reason === "NotFound") continue;
      errs.push(withSource({ status: r.status }, "deleting", source));
      continue;
    }
    deleted.push(target);
    if (str(flags, "output") === "name") stdout += `${kindLabel(target.type)}/${target.name}\n`;
    else
      stdout += `${deletedLine(k, kindLabel(target.type), target.name, target.namespace)}${dryRunSuffix(dry.value)}\n`;
  }
  k.cluster.settle();
  if (dry.value === "none" && bool(flags, "wait")) waitGone(k, deleted);
  return { stdout, stderr: forceWarning + (errs.length ? renderErrors(errs) : ""), exitCode: errs.length ? 1 : 0 };
}

/** kubectl 1.34 (kubernetes#126619) added the namespace: `pod "x" deleted from default namespace`. */
function deletedLine(k: Kubectl, label: string, name: string, namespace: string): string {
  const where = k.cluster.minor >= 34 && namespace ? ` from ${namespace} namespace` : "";
  return `${label} "${name}" deleted${where}`;
}

function addNamed(
  k: Kubectl,
  t: Target["type"],
  name: string,
  targets: { target: Target; source: string }[],
  errs: KubectlError[],
) {
  const got = k.cluster.api.get(t, k.namespace, name);
  if (!got.ok) {
    errs.push({ status: got.status });
    return;
  }
  targets.push({
    target: { type: t, namespace: t.namespaced ? k.namespace : "", name, object: got.value },
    source: "",
  });
}

/** kubectl delete waits until the objects are gone; virtual time passes while it waits. */
function waitGone(k: Kubectl, targets: Target[]): void {
  const present = (t: Target) => {
    const cur = k.cluster.api.get(t.type, t.namespace, t.name);
    return cur.ok && cur.value.metadata.uid === (t.object as KObject).metadata.uid;
  };
  for (let i = 0; i < 600; i++) {
    if (!targets.some(present)) return;
    if (!k.advance(1000)) return;
  }
}
