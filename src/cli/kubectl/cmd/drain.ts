/**
 * kubectl drain (cmd/drain/drain.go + pkg/drain): cordon, pick the node's pods through the
 * filters (mirror pods skipped; DaemonSet-managed, emptyDir and controller-less pods refused
 * unless --ignore-daemonsets, --delete-emptydir-data, --force), then evict each through the
 * Eviction API (or delete, --disable-eviction) and wait for it to be gone.
 *
 * kubectl evicts the pods concurrently, one goroutine each; here every pod is a small state
 * machine stepped in pod order on virtual time, so the interleaving is fixed:
 *   - evict: print `evicting pod ns/name`; past --timeout -> `global timeout reached`; a 429
 *     (a PodDisruptionBudget) prints `error when evicting pods/"x" -n "ns" (will retry after
 *     5s): ...` and tries again 5 s later; NotFound -> done;
 *   - wait: polled at once and every 1 s until the pod is gone (or replaced), then `pod/x
 *     evicted` (`deleted` without eviction).
 * Example, --timeout=30s and a PDB with no disruption allowed: attempts at 0, 5, ..., 25 s each
 * print an `evicting` line and a retry line; at 30 s the 7th `evicting` line is followed by
 * the timeout, then the pending pods, the per-node error and the final error.
 *
 * A drain without --timeout that can never finish would hang a terminal until Ctrl-C; here it
 * gives up after HANG_LIMIT_MS of virtual time with exit code 130, as an interrupted command.
 *
 * Version differences: `WARNING: ` (1.21) vs `Warning: ` (the WarningPrinter, 1.26+);
 * `cannot delete Pods declare no controller` (1.21) vs `... Pods that declare no controller`;
 * `due to error:%s` vs `due to error: %s`; the pending-pods report and the waiting error.
 *
 * Also here: the Go error model kubectl's CheckErr prints (aggregates flatten as `[a, b]`; an
 * aggregate at the top prints one error per line without `error: `), shared with taint.
 */
import type { Status } from "../../../sim/core/status.ts";
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { evictPod } from "../../../sim/k8s/eviction.ts";
import { type LabelSelector, parseLabelSelector } from "../../../sim/k8s/selectors/labels.ts";
import type { ExecResult } from "../../types.ts";
import { DRY_RUN_FLAG, type DryRun, type KubectlCommand } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { renderError, standardMessage } from "../errors.ts";
import { bool, type FlagValues, int, str } from "../flags.ts";
import { cordonNodes, resolveNodes } from "./cordon.ts";
import { errorLine } from "./targets.ts";

// ---- Go errors as kubectl prints them -------------------------------------------------------

export type GoError = { message: string } | { status: Status } | { aggregate: GoError[] };

/** err.Error(): a Status error is its message; an aggregate flattens and de-duplicates. */
export function goErrorText(e: GoError): string {
  if ("message" in e) return e.message;
  if ("status" in e) return e.status.message;
  const seen: string[] = [];
  const visit = (x: GoError) => {
    if ("aggregate" in x) x.aggregate.forEach(visit);
    else if (!seen.includes(goErrorText(x))) seen.push(goErrorText(x));
  };
  visit(e);
  if (seen.length === 0) return "";
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}

function messageForError(e: GoError): string {
  return "status" in e ? standardMessage(e) : goErrorText(e);
}

/**
 * cmdutil.CheckErr: an aggregate of one is unwrapped (once); an aggregate left prints one
 * message per line with no `error: ` (MultipleErrors); anything else is one `error: ` line.
 */
export function checkErrText(err: GoError): string {
  let e = err;
  if ("aggregate" in e && e.aggregate.length === 1) e = e.aggregate[0];
  if ("aggregate" in e) return e.aggregate.map((x) => `${messageForError(x)}\n`).join("");
  if ("status" in e) return renderError(e);
  const m = e.message;
  return `${m.startsWith("error: ") ? m : `error: ${m}`}\n`;
}

/** What a builder visit with ContinueOnError returns: the one error, or an aggregate of them. */
export function printedErrors(errs: GoError[]): string {
  return checkErrText(errs.length === 1 ? errs[0] : { aggregate: errs });
}

// ---- Durations -------------------------------------------------------------------------------

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration, to milliseconds. */
export function parseGoDuration(s: string): number | undefined {
  if (s === "0") return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of s.replace(/^[-+]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number.parseFloat(part[1]) * UNITS[part[2]];
  }
  return m[1] === "-" ? -total : total;
}

/** time.Duration.String: 30s, 1m30s, 2m0s, 1h0m0s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds - h * 3600 - m * 60;
  const sec = `${Number.isInteger(s) ? s : Number(s.toFixed(9))}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

// ---- The command -----------------------------------------------------------------------------

/** How long a drain that would otherwise wait forever is left running before "Ctrl-C". */
export const HANG_LIMIT_MS = 10 * 60 * 1000;
const RETRY_MS = 5000;
const POLL_MS = 1000;

export const drainCommand: KubectlCommand = {
  name: "drain",
  short: "Drain node in preparation for maintenance",
  usage: "kubectl drain NODE [options]",
  flags: [
    DRY_RUN_FLAG,
    { name: "force", kind: "bool" },
    { name: "ignore-daemonsets", kind: "bool" },
    { name: "delete-local-data", kind: "bool" },
    { name: "delete-emptydir-data", kind: "bool" },
    { name: "grace-period", kind: "int", default: -1 },
    { name: "timeout", kind: "string", default: "0s" },
    { name: "pod-selector", kind: "string" },
    { name: "selector", short: "l", kind: "string" },
    { name: "disable-eviction", kind: "bool" },
    { name: "skip-wait-for-delete-timeout", kind: "int", default: 0 },
    { name: "chunk-size", kind: "int", default: 500 },
  ],
  run: (k, args, flags) => runDrain(k, args, flags),
};

interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDir: boolean;
  gracePeriod: number;
  timeoutMs: number;
  podSelector: LabelSelector;
  disableEviction: boolean;
  dryRun: DryRun;
}

type FilterStatus = { delete: boolean; reason: "Okay" | "Skip" | "Warning" | "Error"; message?: string };

const okay: FilterStatus = { delete: true, reason: "Okay" };
const isFinished = (p: KObject) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
const controllerRef = (p: KObject) =>
  (p.metadata.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller === true);

/** The filters, in upstream order; the last one run decides the pod's status. */
function filterPod(k: Kubectl, pod: KObject, o: DrainOptions): FilterStatus {
  const minor = k.cluster.minor;
  const filters: ((p: KObject) => FilterStatus)[] = [
    (p) => {
      const ref = controllerRef(p);
      if (ref?.kind !== "DaemonSet" || isFinished(p)) return okay;
      const ds = k.cluster.store.get("daemonsets.apps", p.metadata.namespace ?? "", ref.name);
      if (!ds) {
        const message = `daemonsets.apps "${ref.name}" not found`;
        return o.force ? { delete: true, reason: "Warning", message } : { delete: false, reason: "Error", message };
      }
      if (!o.ignoreDaemonSets)
        return {
          delete: false,
          reason: "Error",
          message: "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
        };
      return { delete: false, reason: "Warning", message: "ignoring DaemonSet-managed Pods" };
    },
    (p) =>
      p.metadata.annotations?.["kubernetes.io/config.mirror"] !== undefined ? { delete: false, reason: "Skip" } : okay,
    (p) => {
      const local = (p.spec?.volumes ?? []).some((v: { emptyDir?: unknown }) => v.emptyDir != null);
      if (!local || isFinished(p)) return okay;
      if (!o.deleteEmptyDir)
        return {
          delete: false,
          reason: "Error",
          message: "Pods with local storage (use --delete-emptydir-data to override)",
        };
      return { delete: true, reason: "Warning", message: "deleting Pods with local storage" };
    },
    (p) => {
      if (isFinished(p) || controllerRef(p)) return okay;
      if (o.force) return { delete: true, reason: "Warning", message: "deleting Pods that declare no controller" };
      const message =
        minor >= 24
          ? "cannot delete Pods that declare no controller (use --force to override)"
          : "Pods declare no controller (use --force to override)";
      return { delete: false, reason: "Error", message };
    },
  ];
  let status = okay;
  for (const f of filters) {
    status = f(pod);
    if (!status.delete) break;
  }
  return status;
}

interface PodDeleteList {
  pods: KObject[];
  warnings: string;
  errors: GoError[];
}

/** GetPodsForDeletion: the node's pods (all namespaces, --pod-selector), filtered. */
function podsForDeletion(k: Kubectl, node: string, o: DrainOptions): PodDeleteList {
  const pods = k.cluster.store
    .list("pods")
    .filter((p) => p.spec?.nodeName === node && o.podSelector.matches(p.metadata.labels ?? {}));
  const warned = new Map<string, string[]>();
  const failed = new Map<string, string[]>();
  const out: KObject[] = [];
  for (const p of pods) {
    const s = filterPod(k, p, o);
    const id = `${p.metadata.namespace}/${p.metadata.name}`;
    // Go ranges over maps in random order; first appearance keeps transcripts stable.
    if (s.reason === "Warning") warned.set(s.message ?? "", [...(warned.get(s.message ?? "") ?? []), id]);
    if (s.reason === "Error")
      failed.set(s.message || "unexpected error", [...(failed.get(s.message || "unexpected error") ?? []), id]);
    if (s.delete) out.push(p);
  }
  const warnings = [...warned].map(([m, ids]) => `${m}: ${ids.join(", ")}`).join("; ");
  const errors: GoError[] = [...failed].map(([m, ids]) => ({
    message: m.toLowerCase().startsWith("cannot delete")
      ? `${m}: ${ids.join(", ")}`
      : `cannot delete ${m}: ${ids.join(", ")}`,
  }));
  return { pods: out, warnings, errors };
}

interface PodRun {
  pod: KObject;
  state: "evict" | "wait" | "done";
  nextAt: number;
  error?: GoError;
}

interface Io {
  out: string;
  err: string;
}

/** evictPods / deletePods with their waits, on virtual time. Returns the errors, or "hang". */
function deleteOrEvict(k: Kubectl, pods: KObject[], o: DrainOptions, io: Io): GoError[] | "hang" {
  if (pods.length === 0) return [];
  const start = k.now();
  const deadline = o.timeoutMs > 0 ? start + o.timeoutMs : start + HANG_LIMIT_MS;
  const infinite = o.timeoutMs <= 0;
  const timeoutText = goDuration(o.timeoutMs);
  const grace = o.gracePeriod >= 0 ? o.gracePeriod : undefined;
  const podsType = k.cluster.discovery.forKind("v1", "Pod")!;
  const minor = k.cluster.minor;
  const gone = (p: KObject) => {
    const cur = k.cluster.store.get("pods", p.metadata.namespace ?? "", p.metadata.name ?? "");
    return !cur || cur.metadata.uid !== p.metadata.uid;
  };
  const verb = o.disableEviction ? "deleted" : "evicted";
  const runs: PodRun[] = pods.map((pod) => ({ pod, state: o.disableEviction ? "wait" : "evict", nextAt: start }));

  if (o.disableEviction) {
    for (const r of runs) {
      const del = k.cluster.api.delete(podsType, r.pod.metadata.namespace ?? "", r.pod.metadata.name ?? "", {
        gracePeriodSeconds: grace,
        dryRun: o.dryRun === "server",
      });
      if (!del.ok && del.status.reason !== "NotFound") return [{ status: del.status }];
    }
    k.cluster.settle();
    if (o.dryRun === "server") return [];
  }

  for (;;) {
    const now = k.now();
    const due = runs.filter((r) => r.state !== "done" && r.nextAt <= now);
    // Every goroutine due now announces its attempt before any answer comes back.
    for (const r of due) {
      if (r.state !== "evict") continue;
      const suffix = o.dryRun === "server" ? " (server dry run)" : "";
      io.out += `evicting pod ${r.pod.metadata.namespace}/${r.pod.metadata.name}${suffix}\n`;
    }
    for (const r of due) {
      const ns = r.pod.metadata.namespace ?? "";
      const name = r.pod.metadata.name ?? "";
      if (r.state === "evict") {
        if (now >= deadline && !infinite) {
          r.state = "done";
          r.error = {
            message: `error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${timeoutText}`,
          };
          continue;
        }
        const res = evictPod(k.cluster, ns, name, { dryRun: o.dryRun === "server", gracePeriodSeconds: grace });
        k.cluster.settle();
        if (res.ok) {
          if (o.dryRun === "server") r.state = "done";
          else r.state = "wait";
        } else if (res.status.reason === "NotFound") r.state = "done";
        else if (res.status.reason === "TooManyRequests") {
          io.err += `error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${res.status.message}\n`;
          r.nextAt = now + RETRY_MS;
          continue;
        } else {
          r.state = "done";
          r.error = { message: `error when evicting pods/"${name}" -n "${ns}": ${res.status.message}` };
          continue;
        }
      }
      if (r.state === "wait") {
        if (gone(r.pod)) {
          io.out += `pod/${name} ${verb}\n`;
          r.state = "done";
        } else if (now >= deadline && !infinite) {
          r.state = "done";
          const why = `global timeout reached: ${timeoutText}`;
          r.error = o.disableEviction
            ? { message: why }
            : {
                message:
                  minor >= 23
                    ? `error when waiting for pod "${name}" in namespace "${ns}" to terminate: ${why}`
                    : `error when waiting for pod "${name}" terminating: ${why}`,
              };
        } else r.nextAt = now + POLL_MS;
      }
    }
    const pending = runs.filter((r) => r.state !== "done");
    if (pending.length === 0) break;
    const next = Math.min(...pending.map((r) => r.nextAt));
    if (infinite && next > deadline) return "hang";
    if (!k.advance(next - now)) return "hang";
  }
  const errors = runs.filter((r) => r.error).map((r) => r.error as GoError);
  // deletePods returns the wait's error alone; evictPods aggregates.
  return errors;
}

function runDrain(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const minor = k.cluster.minor;
  let deprecation = "";
  if (k.shell.argv.some((a) => a === "--delete-local-data" || a.startsWith("--delete-local-data="))) {
    deprecation =
      "Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n";
  }
  const done = (r: ExecResult): ExecResult => ({ ...r, stderr: deprecation + r.stderr });
  const timeout = parseGoDuration(str(flags, "timeout"));
  if (timeout === undefined) {
    const v = str(flags, "timeout");
    return done({
      stdout: "",
      stderr: `error: invalid argument "${v}" for "--timeout" flag: time: invalid duration ${JSON.stringify(v)}\nSee 'kubectl drain --help' for usage.\n`,
      exitCode: 1,
    });
  }
  const nodes = resolveNodes(k, "drain", args, flags);
  if (!nodes.ok) return done(nodes.result);
  const podSelectorText = str(flags, "pod-selector");
  const podSelector = parseLabelSelector(podSelectorText);
  if (!podSelector.ok) return done(errorLine("--pod-selector=<pod_selector> must be a valid label selector"));
  const dry = nodes.dryRun;
  const o: DrainOptions = {
    force: bool(flags, "force"),
    ignoreDaemonSets: bool(flags, "ignore-daemonsets"),
    deleteEmptyDir: bool(flags, "delete-emptydir-data") || bool(flags, "delete-local-data"),
    gracePeriod: int(flags, "grace-period", -1),
    timeoutMs: timeout,
    podSelector: podSelector.selector,
    disableEviction: bool(flags, "disable-eviction"),
    dryRun: dry,
  };
  const io: Io = { out: "", err: "" };
  const cordoned = cordonNodes(k, nodes.nodes, true, dry);
  io.out += cordoned.stdout;
  io.err += cordoned.stderr;

  const suffix = dry === "client" ? " (dry run)" : dry === "server" ? " (server dry run)" : "";
  const fatal: GoError[] = [];
  const remaining: string[] = [];
  for (const node of nodes.nodes) {
    const name = node.metadata.name ?? "";
    const err = drainNode(k, name, o, io);
    if (err === "hang") return done({ stdout: io.out, stderr: io.err, exitCode: 130 });
    if (!err) {
      io.out += `node/${name} drained${suffix}\n`;
      continue;
    }
    const sep = minor >= 24 ? " " : "";
    io.err += `error: unable to drain node "${name}" due to error:${sep}${goErrorText(err)}, continuing command...\n`;
    fatal.push(err);
    remaining.push(name);
  }
  if (remaining.length > 0)
    io.err += `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join("")}`;
  if (fatal.length > 0)
    return done({ stdout: io.out, stderr: io.err + checkErrText({ aggregate: fatal }), exitCode: 1 });
  return done({ stdout: io.out, stderr: io.err, exitCode: 0 });
}

/** deleteOrEvictPodsSimple: the error for this node, none, or "hang". */
function drainNode(k: Kubectl, node: string, o: DrainOptions, io: Io): GoError | undefined | "hang" {
  const minor = k.cluster.minor;
  const list = podsForDeletion(k, node, o);
  if (list.errors.length > 0) return { aggregate: list.errors };
  if (list.warnings) io.err += `${minor >= 26 ? "Warning" : "WARNING"}: ${list.warnings}\n`;
  if (o.dryRun === "client") {
    for (const p of list.pods) io.out += `evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`;
    return undefined;
  }
  const errs = deleteOrEvict(k, list.pods, o, io);
  if (errs === "hang") return "hang";
  if (errs.length === 0) return undefined;
  const err: GoError = o.disableEviction ? errs[0] : { aggregate: errs };
  const pending = podsForDeletion(k, node, o);
  const text = goErrorText(err);
  if (minor >= 23) {
    if (pending.pods.length > 0) {
      io.err += `There are pending pods in node "${node}" when an error occurred: ${text}\n`;
      for (const p of pending.pods) io.err += `pod/${p.metadata.name}\n`;
    }
    if (pending.errors.length > 0)
      io.err += `Following errors occurred while getting the list of pods to delete:\n${goErrorText({ aggregate: pending.errors })}`;
  } else {
    io.err += `There are pending pods in node "${node}" when an error occurred: ${text}\n`;
    for (const p of pending.pods) io.err += `pod/${p.metadata.name}\n`;
    if (pending.errors.length > 0)
      io.err += `following errors also occurred:\n${goErrorText({ aggregate: pending.errors })}`;
  }
  return err;
}
