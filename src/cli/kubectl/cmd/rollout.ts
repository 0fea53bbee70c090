/**
 * kubectl rollout status|history|undo|restart|pause|resume (staging/src/k8s.io/kubectl/pkg/cmd/rollout
 * and pkg/polymorphichelpers: rollout_status.go, history.go, rollback.go, objectpauser.go,
 * objectresumer.go, objectrestarter.go).
 *
 * `status` is a watch: it prints the status line for the object as first listed and again for
 * every change the store reports, advancing virtual time from one controller timer to the
 * next, until the rollout is done (exit 0), fails (`deployment "x" exceeded its progress
 * deadline`) or --timeout passes (`timed out waiting for the condition`). Lines repeat when the
 * object changes without its message changing, as on a real terminal.
 * The others print through the name printer: `deployment.apps/x paused`, `... rolled back`,
 * `... restarted`; per-object failures read `error: deployments.apps "x" is already paused`.
 */
import { rfc3339 } from "../../../sim/core/clock.ts";
import type { WatchEvent } from "../../../sim/core/store.ts";
import { clone, type KObject } from "../../../sim/k8s/api/object.ts";
import { type ResourceType, storageKey } from "../../../sim/k8s/api/resources.ts";
import { fromLabelSelector } from "../../../sim/k8s/selectors/labels.ts";
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
import { describePodTemplate } from "../describe/containers.ts";
import { PrefixWriter } from "../describe/writer.ts";
import { type KubectlError, renderError, renderErrors } from "../errors.ts";
import { type FlagValues, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { printObjects } from "./shared.ts";
import { errorLine, type LiveTarget, resolveTargets } from "./targets.ts";

const REVISION = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE = "kubernetes.io/change-cause";
const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
const POD_TEMPLATE_HASH = "pod-template-hash";
/** rollback.go annotationsToSkip: kept from the deployment, never taken from the ReplicaSet. */
const SKIP_ON_ROLLBACK = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

const ok = (stdout: string): ExecResult => ({ stdout, stderr: "", exitCode: 0 });
const qualified = (t: ResourceType) => (t.group ? `${t.resource}.${t.group}` : t.resource);
/** schema.GroupKind.String(): `Pod`, `Deployment.apps`. */
const groupKind = (t: ResourceType) => (t.group ? `${t.kind}.${t.group}` : t.kind);

/** The builder's arguments (TYPE NAME, TYPE/NAME, -f, -l) resolved; "required resource not specified" when none. */
function targets(k: Kubectl, args: string[], flags: FlagValues) {
  const files = (flags.get("filename") as string[] | undefined) ?? [];
  if (args.length === 0 && files.length === 0)
    return { ok: false as const, result: errorLine("required resource not specified") };
  return resolveTargets(k, args, flags, { selector: str(flags, "selector") });
}

// --- status ------------------------------------------------------------------------------

type Viewed = { message: string; done: boolean } | { error: string };

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** The StatusViewer of each kind (polymorphichelpers/rollout_status.go). */
function viewStatus(o: KObject, revision: number): Viewed {
  const name = o.metadata.name ?? "";
  const gen = o.metadata.generation ?? 0;
  const st = o.status ?? {};
  switch (o.kind) {
    case "Deployment": {
      if (revision > 0) {
        const v = o.metadata.annotations?.[REVISION];
        const current = v === undefined ? 0 : Number(v);
        if (v !== undefined && !/^[+-]?\d+$/.test(v))
          return {
            error: `cannot get the revision of deployment "${name}": strconv.ParseInt: parsing "${v}": invalid syntax`,
          };
        if (current !== revision)
          return { error: `desired revision (${revision}) is different from the running revision (${current})` };
      }
      if (gen > num(st.observedGeneration))
        return { message: "Waiting for deployment spec update to be observed...\n", done: false };
      const progressing = (st.conditions ?? []).find((c: { type?: string }) => c.type === "Progressing");
      if (progressing?.reason === "ProgressDeadlineExceeded")
        return { error: `deployment "${name}" exceeded its progress deadline` };
      const replicas = o.spec?.replicas;
      const wait = (s: string) => ({
        message: `Waiting for deployment "${name}" rollout to finish: ${s}...\n`,
        done: false,
      });
      if (typeof replicas === "number" && num(st.updatedReplicas) < replicas)
        return wait(`${num(st.updatedReplicas)} out of ${replicas} new replicas have been updated`);
      if (num(st.replicas) > num(st.updatedReplicas))
        return wait(`${num(st.replicas) - num(st.updatedReplicas)} old replicas are pending termination`);
      if (num(st.availableReplicas) < num(st.updatedReplicas))
        return wait(`${num(st.availableReplicas)} of ${num(st.updatedReplicas)} updated replicas are available`);
      return { message: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    case "DaemonSet": {
      if (o.spec?.updateStrategy?.type !== "RollingUpdate")
        return { error: "rollout status is only available for RollingUpdate strategy type" };
      if (gen > num(st.observedGeneration))
        return { message: "Waiting for daemon set spec update to be observed...\n", done: false };
      const desired = num(st.desiredNumberScheduled);
      if (num(st.updatedNumberScheduled) < desired)
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${num(st.updatedNumberScheduled)} out of ${desired} new pods have been updated...\n`,
          done: false,
        };
      if (num(st.numberAvailable) < desired)
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${num(st.numberAvailable)} of ${desired} updated pods are available...\n`,
          done: false,
        };
      return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    case "StatefulSet": {
      const strategy = o.spec?.updateStrategy ?? {};
      if (strategy.type !== "RollingUpdate")
        return { error: "rollout status is only available for RollingUpdate strategy type" };
      if (num(st.observedGeneration) === 0 || gen > num(st.observedGeneration))
        return { message: "Waiting for statefulset spec update to be observed...\n", done: false };
      const replicas = o.spec?.replicas;
      if (typeof replicas === "number" && num(st.readyReplicas) < replicas)
        return { message: `Waiting for ${replicas - num(st.readyReplicas)} pods to be ready...\n`, done: false };
      if (strategy.rollingUpdate) {
        const partition = strategy.rollingUpdate.partition;
        if (
          typeof replicas === "number" &&
          typeof partition === "number" &&
          num(st.updatedReplicas) < replicas - partition
        )
          return {
            message: `Waiting for partitioned roll out to finish: ${num(st.updatedReplicas)} out of ${replicas - partition} new pods have been updated...\n`,
            done: false,
          };
        return {
          message: `partitioned roll out complete: ${num(st.updatedReplicas)} new pods have been updated...\n`,
          done: true,
        };
      }
      if (st.updateRevision !== st.currentRevision)
        return {
          message: `waiting for statefulset rolling update to complete ${num(st.updatedReplicas)} pods at revision ${st.updateRevision}...\n`,
          done: false,
        };
      return {
        message: `statefulset rolling update complete ${num(st.currentReplicas)} pods at revision ${st.currentRevision}...\n`,
        done: true,
      };
    }
    default:
      return { error: "" };
  }
}

const GO_DURATION = /^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration, to milliseconds; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s.startsWith("-") ? -1 : 1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (!GO_DURATION.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/([0-9]*(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)/g)) {
    if (m[1] === "" || m[1] === ".") return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return sign * total;
}

function runStatus(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const timeoutText = str(flags, "timeout") || "0s";
  const timeout = parseGoDuration(timeoutText);
  if (timeout === undefined) {
    // pflag's parse error, reported as cobra reports flag errors.
    return {
      stdout: "",
      stderr: `error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"\nSee 'kubectl rollout status --help' for usage.\n`,
      exitCode: 1,
    };
  }
  const revision = Number(flags.get("revision") ?? 0);
  if (args.length === 0 && ((flags.get("filename") as string[] | undefined) ?? []).length === 0)
    return errorLine("required resource not specified");
  if (revision < 0) return errorLine(`revision must be a positive integer: ${revision}`);
  const resolved = targets(k, args, flags);
  if (!resolved.ok) return resolved.result;
  if (resolved.errors.length) return { stdout: "", stderr: renderErrors(resolved.errors), exitCode: 1 };
  if (resolved.targets.length !== 1) {
    return errorLine(
      `rollout status is only supported on individual resources and resource collections - ${resolved.targets.length} resources were found`,
    );
  }
  const t = resolved.targets[0];
  if (
    !["Deployment", "DaemonSet", "StatefulSet"].includes(t.type.kind) ||
    (t.type.group !== "apps" && t.type.group !== "extensions")
  ) {
    return errorLine(`no status viewer has been implemented for ${groupKind(t.type)}`);
  }
  const watch = flags.get("watch") !== false;
  const cluster = k.cluster;
  const resource = storageKey(t.type);
  const events: WatchEvent[] = [];
  const stop = cluster.store.watch((e) => {
    if (
      e.resource === resource &&
      e.object.metadata.name === t.name &&
      (e.object.metadata.namespace ?? "") === t.namespace
    )
      events.push(e);
  });
  let stdout = "";
  /** Returns a result when the watch ends. */
  const see = (o: KObject): ExecResult | undefined => {
    const v = viewStatus(o, revision);
    if ("error" in v) return { stdout, stderr: `error: ${v.error}\n`, exitCode: 1 };
    stdout += v.message;
    if (v.done || !watch) return { stdout, stderr: "", exitCode: 0 };
    return undefined;
  };
  try {
    const first = cluster.store.get(resource, t.namespace, t.name);
    if (!first) return { stdout, stderr: "error: object has been deleted\n", exitCode: 1 };
    const r0 = see(first);
    if (r0) return r0;
    const deadline = timeout > 0 ? k.now() + timeout : Number.POSITIVE_INFINITY;
    // The user would press Ctrl-C: nothing is scheduled (so nothing will change) or the
    // simulation's time bound is reached. What was printed stays; the exit status is SIGINT's.
    const interrupted = (): ExecResult => ({ stdout, stderr: "", exitCode: 130 });
    let sameInstant = 0;
    for (;;) {
      const now = k.now();
      if (now >= deadline) return { stdout, stderr: "error: timed out waiting for the condition\n", exitCode: 1 };
      const timer = cluster.reconciler.nextTimer();
      if (timer === undefined && deadline === Number.POSITIVE_INFINITY) return interrupted();
      const target = timer === undefined ? deadline : Math.min(Math.max(timer, now), deadline);
      // Timers re-armed for the very instant they fire must not hold time still forever.
      const step = target === now && ++sameInstant > 1000 ? 1 : target - now;
      if (step > 0) sameInstant = 0;
      const moved = k.advance(step);
      for (const e of events.splice(0)) {
        if (e.type === "DELETED") return { stdout, stderr: "error: object has been deleted\n", exitCode: 1 };
        const r = see(e.object);
        if (r) return r;
      }
      if (!moved) return interrupted();
    }
  } finally {
    stop();
  }
}

// --- history -----------------------------------------------------------------------------

/** describe.DescribePodTemplate into a plain buffer: tabs stay tabs, as `rollout history --revision` prints them. */
function printTemplate(k: Kubectl, template: unknown): string {
  const w = new PrefixWriter();
  describePodTemplate(template, w, {
    now: k.now(),
    minor: k.cluster.minor,
    list: (resource, ns) => k.cluster.store.list(resource, ns),
    events: () => [],
  });
  // PrefixWriter lays text out through a tabwriter on toString(); upstream writes this one raw.
  return (w as unknown as { buf: string }).buf;
}

/** The ReplicaSets a deployment controls, by revision (deploymentutil.GetAllReplicaSets). */
function deploymentRevisions(k: Kubectl, d: KObject): Map<number, KObject> {
  const out = new Map<number, KObject>();
  const sel = fromLabelSelector(d.spec?.selector);
  if (!sel.ok) return out;
  const list = k.cluster.store
    .list("replicasets.apps", d.metadata.namespace ?? "")
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
  for (const rs of list) {
    const v = rs.metadata.annotations?.[REVISION];
    const n = v === undefined ? 0 : /^[+-]?\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isNaN(n)) out.set(n, rs);
  }
  return out;
}

/** ControllerRevisions of a DaemonSet or StatefulSet, by revision. */
function controllerRevisions(k: Kubectl, o: KObject): Map<number, KObject> {
  const out = new Map<number, KObject>();
  for (const cr of k.cluster.store.list("controllerrevisions.apps", o.metadata.namespace ?? "")) {
    if (!cr.metadata.ownerReferences?.some((r) => r.controller && r.uid === o.metadata.uid)) continue;
    out.set(num(cr.revision), cr);
  }
  return out;
}

/** The pod template a ControllerRevision stores (its data is `{"spec":{"template":{... "$patch":"replace"}}}`). */
function revisionTemplate(cr: KObject): unknown {
  const t = clone(cr.data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** A two-column tabwriter table (minwidth 0, padding 2), as tabbedString lays out history. */
function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${a.padEnd(width + 2)}${b}\n`).join("");
}

function viewHistory(
  k: Kubectl,
  t: LiveTarget,
  revision: number,
): { ok: true; text: string } | { ok: false; error: string } {
  const o = t.object;
  let templates: Map<number, { template: unknown; cause?: string }>;
  if (t.type.kind === "Deployment") {
    templates = new Map();
    for (const [v, rs] of deploymentRevisions(k, o)) {
      templates.set(v, { template: rs.spec?.template, cause: rs.metadata.annotations?.[CHANGE_CAUSE] });
    }
  } else if (t.type.kind === "DaemonSet" || t.type.kind === "StatefulSet") {
    templates = new Map();
    for (const [v, cr] of controllerRevisions(k, o))
      templates.set(v, { template: revisionTemplate(cr), cause: cr.metadata.annotations?.[CHANGE_CAUSE] });
  } else return { ok: false, error: `no history viewer has been implemented for "${groupKind(t.type)}"` };
  if (templates.size === 0) return { ok: true, text: "No rollout history found." };
  if (revision > 0) {
    const h = templates.get(revision);
    if (!h) return { ok: false, error: "unable to find the specified revision" };
    const template = clone(h.template ?? {}) as { metadata?: { annotations?: Record<string, string> } };
    if (h.cause) {
      template.metadata ??= {};
      template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [CHANGE_CAUSE]: h.cause };
    }
    return { ok: true, text: printTemplate(k, template) };
  }
  const revisions = [...templates.keys()].sort((a, b) => a - b);
  if (t.type.kind === "StatefulSet") return { ok: true, text: `REVISION\n${revisions.map((r) => `${r}\n`).join("")}` };
  return {
    ok: true,
    text: table([
      ["REVISION", "CHANGE-CAUSE"],
      ...revisions.map((r) => [String(r), templates.get(r)?.cause || "<none>"] as [string, string]),
    ]),
  };
}

function runHistory(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const revision = Number(flags.get("revision") ?? 0);
  const resolved = targets(k, args, flags);
  if (!resolved.ok) return resolved.result;
  if (revision < 0) return errorLine(`revision must be a positive integer: ${revision}`);
  let stdout = "";
  const output = str(flags, "output");
  for (const t of resolved.targets) {
    if (output && k.cluster.minor >= 28 && t.type.kind === "Deployment") {
      const revs = deploymentRevisions(k, t.object);
      const chosen =
        revision > 0 ? [revs.get(revision)] : [...revs.keys()].sort((a, b) => a - b).map((r) => revs.get(r));
      if (chosen.some((x) => !x))
        return { stdout, stderr: "error: unable to find the specified revision\n", exitCode: 1 };
      const p = printObjects(k, chosen as KObject[], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) return { stdout, stderr: p.stderr, exitCode: p.exitCode };
      continue;
    }
    const h = viewHistory(k, t, revision);
    if (!h.ok) return { stdout, stderr: `error: ${h.error}\n`, exitCode: 1 };
    const withRevision = revision > 0 ? `with revision #${revision}` : "";
    stdout += `${kindLabel(t.type)}/${t.name} ${withRevision}\n${h.text}\n`;
  }
  if (resolved.errors.length) return { stdout, stderr: renderErrors(resolved.errors), exitCode: 1 };
  return ok(stdout);
}

// --- undo --------------------------------------------------------------------------------

function equalIgnoreHash(a: unknown, b: unknown): boolean {
  const strip = (t: unknown) => {
    const c = clone(t ?? {}) as { metadata?: { labels?: Record<string, string> } };
    if (c.metadata?.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return JSON.stringify(sortDeep(c));
  };
  return strip(a) === strip(b);
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[key];
      if (x === undefined || (x && typeof x === "object" && Object.keys(x).length === 0)) continue;
      out[key] = sortDeep(x);
    }
    return out;
  }
  return v;
}

type UndoResult = { ok: true; text: string } | { ok: false; error: string };

function undoDeployment(k: Kubectl, t: LiveTarget, toRevision: number, dry: string): UndoResult {
  const d = t.object;
  const name = t.name;
  if (toRevision < 0) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  const revs = deploymentRevisions(k, d);
  let rs: KObject | undefined;
  if (toRevision > 0) {
    rs = revs.get(toRevision);
    if (!rs) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  } else {
    const sorted = [...revs.keys()].sort((a, b) => b - a);
    rs = sorted.length >= 2 ? revs.get(sorted[1]) : undefined;
    if (!rs) return { ok: false, error: `no rollout history found for deployment "${name}"` };
  }
  if (dry === "client") return { ok: true, text: printTemplate(k, rs.spec?.template) };
  if (d.spec?.paused) {
    return {
      ok: false,
      error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`,
    };
  }
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) {
    return { ok: true, text: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const template = clone(rs.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const [key, v] of Object.entries(d.metadata.annotations ?? {}))
    if (SKIP_ON_ROLLBACK.has(key)) annotations[key] = v;
  for (const [key, v] of Object.entries(rs.metadata.annotations ?? {}))
    if (!SKIP_ON_ROLLBACK.has(key)) annotations[key] = v;
  const next = clone(d);
  next.spec.template = template;
  next.metadata.annotations = annotations;
  delete next.metadata.resourceVersion;
  const r = k.cluster.api.update(t.type, next, { dryRun: dry === "server" });
  if (!r.ok) return { ok: false, error: `failed restoring revision ${toRevision}: ${r.status.message}` };
  if (dry === "none") k.cluster.settle();
  return { ok: true, text: "rolled back" };
}

function undoFromHistory(k: Kubectl, t: LiveTarget, toRevision: number, dry: string): UndoResult {
  if (toRevision < 0) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  const revs = controllerRevisions(k, t.object);
  if (toRevision === 0 && revs.size <= 1) return { ok: false, error: "no last revision to roll back to" };
  let cr: KObject | undefined;
  if (toRevision > 0) cr = revs.get(toRevision);
  else {
    const sorted = [...revs.keys()].sort((a, b) => b - a);
    cr = revs.get(sorted[1]);
  }
  if (!cr) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  const template = revisionTemplate(cr);
  if (dry === "client") return { ok: true, text: printTemplate(k, template) };
  if (equalIgnoreHash(template, t.object.spec?.template)) {
    return { ok: true, text: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const next = clone(t.object);
  next.spec.template = template;
  delete next.metadata.resourceVersion;
  const r = k.cluster.api.update(t.type, next, { dryRun: dry === "server" });
  if (!r.ok) return { ok: false, error: `failed restoring revision ${toRevision}: ${r.status.message}` };
  if (dry === "none") k.cluster.settle();
  return { ok: true, text: "rolled back" };
}

function runUndo(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return errorLine(dry.error);
  const resolved = targets(k, args, flags);
  if (!resolved.ok) return resolved.result;
  const toRevision = Number(flags.get("to-revision") ?? 0);
  let stdout = "";
  for (const t of resolved.targets) {
    let r: UndoResult;
    if (t.type.kind === "Deployment") r = undoDeployment(k, t, toRevision, dry.value);
    else if (t.type.kind === "DaemonSet" || t.type.kind === "StatefulSet")
      r = undoFromHistory(k, t, toRevision, dry.value);
    else r = { ok: false, error: `no rollbacker has been implemented for "${groupKind(t.type)}"` };
    if (!r.ok) return { stdout, stderr: `error: ${r.error}\n`, exitCode: 1 };
    stdout += `${kindLabel(t.type)}/${t.name} ${r.text}${dryRunSuffix(dry.value)}\n`;
  }
  if (resolved.errors.length) return { stdout, stderr: renderErrors(resolved.errors), exitCode: 1 };
  return ok(stdout);
}

// --- pause, resume, restart --------------------------------------------------------------

/** A patch function of polymorphichelpers: the changed object, an error, or undefined when nothing changes. */
type Mutation = (o: KObject, k: Kubectl) => { next?: KObject; error?: string };

const pauser: Mutation = (o) => {
  if (o.kind !== "Deployment") return { error: "pausing is not supported" };
  if (o.spec?.paused) return { error: "is already paused" };
  const next = clone(o);
  next.spec.paused = true;
  return { next };
};

const resumer: Mutation = (o) => {
  if (o.kind !== "Deployment") return { error: "resuming is not supported" };
  if (!o.spec?.paused) return { error: "is not paused" };
  const next = clone(o);
  delete next.spec.paused;
  return { next };
};

const restarter: Mutation = (o, k) => {
  if (!["Deployment", "DaemonSet", "StatefulSet"].includes(o.kind)) return { error: "restarting is not supported" };
  if (o.kind === "Deployment" && o.spec?.paused)
    return { error: "can't restart paused deployment (run rollout resume first)" };
  const next = clone(o);
  next.spec.template ??= {};
  next.spec.template.metadata ??= {};
  const at = rfc3339(k.now());
  if (next.spec.template.metadata.annotations?.[RESTARTED_AT] === at) return {};
  next.spec.template.metadata.annotations = { ...(next.spec.template.metadata.annotations ?? {}), [RESTARTED_AT]: at };
  return { next };
};

function runMutation(
  k: Kubectl,
  args: string[],
  flags: FlagValues,
  mutate: Mutation,
  done: string,
  unchanged: (t: LiveTarget) => KubectlError,
): ExecResult {
  const dry = parseDryRun(str(flags, "dry-run") || "none");
  if (!dry.ok) return errorLine(dry.error);
  const resolved = targets(k, args, flags);
  if (!resolved.ok) return resolved.result;
  const errors: KubectlError[] = [...resolved.errors];
  let stdout = "";
  const output = str(flags, "output");
  for (const t of resolved.targets) {
    const m = mutate(t.object, k);
    if (m.error) {
      errors.push({ message: `error: ${qualified(t.type)} "${t.name}" ${m.error}` });
      continue;
    }
    if (!m.next) {
      errors.push(unchanged(t));
      continue;
    }
    let result = m.next;
    if (dry.value !== "client") {
      const next = { ...m.next, metadata: { ...m.next.metadata } };
      delete next.metadata.resourceVersion;
      const r = k.cluster.api.update(t.type, next, { dryRun: dry.value === "server" });
      if (!r.ok) {
        errors.push({ message: `failed to patch: ${renderError({ status: r.status }).trimEnd()}` });
        continue;
      }
      result = r.value;
      if (dry.value === "none") k.cluster.settle();
    }
    if (output) {
      const p = printObjects(k, [result], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) errors.push({ message: p.stderr.trimEnd() });
    } else stdout += `${kindLabel(t.type)}/${t.name} ${done}${dryRunSuffix(dry.value)}\n`;
  }
  if (errors.length) return { stdout, stderr: renderErrors(errors), exitCode: 1 };
  return ok(stdout);
}

// --- the commands ------------------------------------------------------------------------

const SELECTOR_FLAG = { name: "selector", short: "l", kind: "string" as const };
const FIELD_MANAGER = { name: "field-manager", kind: "string" as const, default: "kubectl-rollout" };

const statusCommand: KubectlCommand = {
  name: "status",
  short: "Show the status of the rollout",
  usage: "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags]",
  flags: [
    ...FILENAME_FLAGS,
    { name: "watch", short: "w", kind: "bool", default: true },
    { name: "revision", kind: "int", default: 0 },
    { name: "timeout", kind: "string", default: "0s" },
    SELECTOR_FLAG,
  ],
  run: (k, args, flags) => runStatus(k, args, flags),
};

const historyCommand: KubectlCommand = {
  name: "history",
  short: "View rollout history",
  usage: "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags]",
  flags: [...FILENAME_FLAGS, ...OUTPUT_FLAGS, { name: "revision", kind: "int", default: 0 }, SELECTOR_FLAG],
  run: (k, args, flags) => runHistory(k, args, flags),
};

const undoCommand: KubectlCommand = {
  name: "undo",
  short: "Undo a previous rollout",
  usage: "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "to-revision", kind: "int", default: 0 },
    SELECTOR_FLAG,
  ],
  run: (k, args, flags) => runUndo(k, args, flags),
};

const pauseCommand: KubectlCommand = {
  name: "pause",
  short: "Mark the provided resource as paused",
  usage: "kubectl rollout pause RESOURCE",
  flags: [...FILENAME_FLAGS, ...OUTPUT_FLAGS, SELECTOR_FLAG, FIELD_MANAGER],
  run: (k, args, flags) =>
    runMutation(k, args, flags, pauser, "paused", (t) => ({
      message: `${kindLabel(t.type)}/${t.name} already paused`,
    })),
};

const resumeCommand: KubectlCommand = {
  name: "resume",
  short: "Resume a paused resource",
  usage: "kubectl rollout resume RESOURCE",
  flags: [...FILENAME_FLAGS, ...OUTPUT_FLAGS, SELECTOR_FLAG, FIELD_MANAGER],
  run: (k, args, flags) =>
    runMutation(k, args, flags, resumer, "resumed", (t) => ({
      message: `${kindLabel(t.type)}/${t.name} already resumed`,
    })),
};

const restartCommand: KubectlCommand = {
  name: "restart",
  short: "Restart a resource",
  usage: "kubectl rollout restart RESOURCE",
  flags: [...FILENAME_FLAGS, ...OUTPUT_FLAGS, DRY_RUN_FLAG, SELECTOR_FLAG, FIELD_MANAGER],
  run: (k, args, flags) =>
    runMutation(k, args, flags, restarter, "restarted", (t) => ({
      message: `failed to create patch for ${t.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
    })),
};

export const rolloutCommand: KubectlCommand = {
  name: "rollout",
  short: "Manage the rollout of a resource",
  usage: "kubectl rollout SUBCOMMAND",
  flags: [],
  subcommands: [historyCommand, pauseCommand, restartCommand, resumeCommand, statusCommand, undoCommand],
};
