/**
 * kubectl scale (scale.go): sets spec.replicas through the scale subresource of Deployments,
 * ReplicaSets, StatefulSets and ReplicationControllers, with the `--current-replicas` and
 * `--resource-version` preconditions; `deployment.apps/web scaled`.
 */
import { status } from "../../../sim/core/status.ts";
import { clone } from "../../../sim/k8s/api/object.ts";
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
import { bool, type FlagValues, int, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { printObjects } from "./shared.ts";
import { errorLine, recordCommand, recordDeprecation, resolveTargets } from "./targets.ts";

/** Resources with a `scale` subresource. */
const SCALABLE = new Set([
  "deployments.apps",
  "replicasets.apps",
  "statefulsets.apps",
  "replicationcontrollers",
  "deployments.extensions",
  "replicasets.extensions",
]);

export const scaleCommand: KubectlCommand = {
  name: "scale",
  short: "Set a new size for a deployment, replica set, or replication controller",
  usage:
    "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "replicas", kind: "int", default: -1 },
    { name: "current-replicas", kind: "int", default: -1 },
    { name: "resource-version", kind: "string" },
    { name: "all", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "timeout", kind: "string", default: "0s" },
    { name: "record", kind: "bool" },
  ],
  run: (k, args, flags) => runScale(k, args, flags),
};

function runScale(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const warning = recordDeprecation(k, flags);
  const done = (r: ExecResult): ExecResult => ({ ...r, stderr: warning + r.stderr });
  if (!k.shell.argv.some((a) => a === "--replicas" || a.startsWith("--replicas="))) {
    return done(errorLine(`required flag(s) "replicas" not set`));
  }
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return done(errorLine(dry.error));
  const replicas = int(flags, "replicas", -1);
  const currentReplicas = int(flags, "current-replicas", -1);
  if (replicas < 0)
    return done(errorLine("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"));
  if (currentReplicas < -1) return done(errorLine("The --current-replicas must specify an integer of -1 or greater"));
  const resolved = resolveTargets(k, args, flags, { all: bool(flags, "all"), selector: str(flags, "selector") });
  if (!resolved.ok) return done(resolved.result);
  const infos = resolved.targets;
  const resourceVersion = str(flags, "resource-version");
  if (resourceVersion && infos.length > 1)
    return done(errorLine("cannot use --resource-version with multiple resources"));
  const infoErr = resolved.errors;
  if (infos.length === 0) {
    if (infoErr.length) return done({ stdout: "", stderr: renderErrors(infoErr), exitCode: 1 });
    return done(errorLine("no objects passed to scale"));
  }
  let stdout = "";
  const output = str(flags, "output");
  for (const t of infos) {
    let result = clone(t.object);
    if (dry.value === "client") {
      if (t.type.group === "apps" || t.type.group === "") result.spec = { ...(result.spec ?? {}), replicas };
    } else {
      const qualified = t.type.group ? `${t.type.resource}.${t.type.group}` : t.type.resource;
      if (!SCALABLE.has(qualified)) {
        return done({
          stdout,
          stderr: renderError({ status: status("NotFound", 404, "the server could not find the requested resource") }),
          exitCode: 1,
        });
      }
      const live = t.object;
      const actual = (live.spec?.replicas as number | undefined) ?? 1;
      if (currentReplicas !== -1 && currentReplicas !== actual) {
        return done({
          stdout,
          stderr: `error: Expected replicas to be ${currentReplicas}, was ${actual}\n`,
          exitCode: 1,
        });
      }
      if (resourceVersion && resourceVersion !== live.metadata.resourceVersion) {
        return done({
          stdout,
          stderr: renderError(conflictFor(qualified, t.name)),
          exitCode: 1,
        });
      }
      const next = clone(live);
      next.spec = { ...(next.spec ?? {}), replicas };
      if (bool(flags, "record")) recordCommand(k, next);
      const updated = k.cluster.api.update(t.type, next, { dryRun: dry.value === "server" });
      if (!updated.ok) return done({ stdout, stderr: renderError({ status: updated.status }), exitCode: 1 });
      if (dry.value === "none") k.cluster.settle();
      result = updated.value;
    }
    if (output) {
      const p = printObjects(k, [result], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) return done({ stdout, stderr: p.stderr, exitCode: 1 });
    } else stdout += `${kindLabel(t.type)}/${t.name} scaled${dryRunSuffix(dry.value)}\n`;
  }
  if (infoErr.length) return done({ stdout, stderr: renderErrors(infoErr), exitCode: 1 });
  return done({ stdout, stderr: "", exitCode: 0 });
}

function conflictFor(qualified: string, name: string): KubectlError {
  return {
    status: status(
      "Conflict",
      409,
      `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    ),
  };
}
