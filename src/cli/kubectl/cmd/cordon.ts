/**
 * kubectl cordon / uncordon (cmd/drain/drain.go RunCordonOrUncordon, pkg/drain/cordon.go):
 * set or clear spec.unschedulable on each node named (or selected with -l), printing
 * `node/k8s-w1 cordoned`, or `node/k8s-w1 already cordoned` when there is nothing to do. The
 * node lifecycle controller then adds (or removes) the node.kubernetes.io/unschedulable:NoSchedule
 * taint, and `kubectl get nodes` shows `Ready,SchedulingDisabled`.
 *
 * The node arguments are shared with drain: no argument and no -l is `USAGE: cordon NODE
 * [flags]`; names and -l together are refused; names may be `k8s-w1` or `node/k8s-w1`.
 */
import { clone, type KObject } from "../../../sim/k8s/api/object.ts";
import type { ExecResult } from "../../types.ts";
import { DRY_RUN_FLAG, type DryRun, type KubectlCommand, parseDryRun } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { renderError } from "../errors.ts";
import { type FlagValues, str } from "../flags.ts";
import { resolveResource } from "../resource-mapper.ts";
import { selectObjects } from "./select.ts";
import { errorLine, usageError } from "./targets.ts";

const flags = [DRY_RUN_FLAG, { name: "selector", short: "l", kind: "string" as const }];

export const cordonCommand: KubectlCommand = {
  name: "cordon",
  short: "Mark node as unschedulable",
  usage: "kubectl cordon NODE [options]",
  flags,
  run: (k, args, f) => runCordon(k, args, f, true),
};

export const uncordonCommand: KubectlCommand = {
  name: "uncordon",
  short: "Mark node as schedulable",
  usage: "kubectl uncordon NODE [options]",
  flags,
  run: (k, args, f) => runCordon(k, args, f, false),
};

export type NodesResult = { ok: true; nodes: KObject[]; dryRun: DryRun } | { ok: false; result: ExecResult };

/** DrainCmdOptions.Complete: the nodes a cordon, uncordon or drain acts on. */
export function resolveNodes(k: Kubectl, command: string, args: string[], f: FlagValues): NodesResult {
  const selector = str(f, "selector");
  const selectorSet = k.shell.argv.some((a) => a === "-l" || a.startsWith("--selector") || /^-l./.test(a));
  if (args.length === 0 && !selectorSet) {
    return { ok: false, result: usageError(`kubectl ${command}`, `USAGE: ${command} NODE [flags]`) };
  }
  if (args.length > 0 && selector) {
    return {
      ok: false,
      result: usageError(`kubectl ${command}`, "cannot specify both a node name and a --selector option"),
    };
  }
  const dry = parseDryRun(str(f, "dry-run"));
  if (!dry.ok) return { ok: false, result: errorLine(dry.error) };
  const nodesType = k.cluster.discovery.forKind("v1", "Node")!;
  const nodes: KObject[] = [];
  for (const arg of args) {
    let name = arg;
    const slash = arg.indexOf("/");
    if (slash >= 0) {
      const r = resolveResource(k.cluster.discovery, arg.slice(0, slash));
      if (!r.ok) return { ok: false, result: errorLine(r.error) };
      if (r.types[0].kind !== "Node") {
        return {
          ok: false,
          result: {
            stdout: "",
            stderr: `error: expected resource of type node, got "/v1, Resource=${r.types[0].resource}"\n`,
            exitCode: 1,
          },
        };
      }
      name = arg.slice(slash + 1);
    }
    const got = k.cluster.api.get(nodesType, "", name);
    if (!got.ok) return { ok: false, result: { stdout: "", stderr: renderError({ status: got.status }), exitCode: 1 } };
    nodes.push(got.value);
  }
  if (selector) {
    const sel = selectObjects(k, nodesType, undefined, selector, "");
    if (!sel.ok) return { ok: false, result: { stdout: "", stderr: sel.error, exitCode: 1 } };
    nodes.push(...sel.objects);
  }
  return { ok: true, nodes, dryRun: dry.value };
}

/** RunCordonOrUncordon: the lines it prints, and the per-node errors. */
export function cordonNodes(k: Kubectl, nodes: KObject[], desired: boolean, dry: DryRun): ExecResult {
  const nodesType = k.cluster.discovery.forKind("v1", "Node")!;
  const verb = desired ? "cordon" : "uncordon";
  const suffix = dry === "client" ? " (dry run)" : dry === "server" ? " (server dry run)" : "";
  let stdout = "";
  let stderr = "";
  for (const node of nodes) {
    const name = node.metadata.name ?? "";
    const current = k.cluster.store.get("nodes", "", name) ?? node;
    if ((current.spec?.unschedulable ?? false) === desired) {
      stdout += `node/${name} already ${verb}ed${suffix}\n`;
      continue;
    }
    if (dry !== "client") {
      const next: KObject = clone(current);
      next.spec = { ...(next.spec ?? {}) };
      // The patch sets unschedulable: true, or removes the field (omitempty) when false.
      if (desired) next.spec.unschedulable = true;
      else delete next.spec.unschedulable;
      const r = k.cluster.api.update(nodesType, next, { dryRun: dry === "server" });
      if (!r.ok) {
        stderr += `error: unable to ${verb} node "${name}": ${r.status.message}\n`;
        continue;
      }
      if (dry === "none") k.cluster.settle();
    }
    stdout += `node/${name} ${verb}ed${suffix}\n`;
  }
  return { stdout, stderr, exitCode: 0 };
}

function runCordon(k: Kubectl, args: string[], f: FlagValues, desired: boolean): ExecResult {
  const nodes = resolveNodes(k, desired ? "cordon" : "uncordon", args, f);
  if (!nodes.ok) return nodes.result;
  return cordonNodes(k, nodes.nodes, desired, nodes.dryRun);
}
