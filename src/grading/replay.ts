/**
 * Replay: a fresh simulation per submission, built from the lab's environment, then the
 * student's commands one by one, each recorded with its output, the virtual time, and what it
 * caused (objects created, changed, deleted; pods evicted or recreated; rollouts started and
 * finished; Kubernetes events).
 */
import { buildSimulation, type Simulation } from "../cli/simulation.ts";
import type { WatchEvent } from "../sim/core/store.ts";
import type { KObject } from "../sim/k8s/api/object.ts";
import { type Params, renderTemplate } from "./lab/parameters.ts";
import type { Effect, Lab, ReplayStep, TranscriptCommand } from "./types.ts";

export const REPLAY_LIMITS = { commands: 500, virtualSeconds: 7 * 24 * 3600 };

/**
 * Time a person takes before typing the next command, when the transcript does not record
 * it: long enough that what a student saw a moment later (a pod Running) is what the replay
 * shows too.
 */
export const THINK_MS = 4000;

export type EnvironmentResult = { ok: true; sim: Simulation } | { ok: false; error: string };

/** The lab's starting point: cluster, pre-installed objects, files and setup commands. */
export function startEnvironment(lab: Lab, params: Params): EnvironmentResult {
  const env = lab.environment;
  const built = buildSimulation({
    kubernetesVersion: env.kubernetesVersion,
    seed: env.seed ?? 1,
    nodes: env.nodes,
    maxVirtualMs: REPLAY_LIMITS.virtualSeconds * 1000,
  });
  if (!built.ok) return built;
  const sim = built.simulation;
  for (const [name, content] of Object.entries(env.files ?? {})) sim.writeFile(name, renderTemplate(content, params));
  (env.objects ?? []).forEach((manifest, i) => {
    const path = `/tmp/.labgrader/env-${i}.yaml`;
    sim.writeFile(path, renderTemplate(manifest, params));
    sim.current.shell.exec(`kubectl apply -f ${path} >/dev/null`);
  });
  if (env.objects?.length) sim.current.shell.exec("rm -rf /tmp/.labgrader");
  for (const command of env.setup ?? []) sim.current.shell.exec(renderTemplate(command, params));
  sim.cluster.settle();
  return { ok: true, sim };
}

/** Runs the commands, recording each step. */
export function replay(sim: Simulation, commands: TranscriptCommand[], opts: { record?: boolean } = {}): ReplayStep[] {
  const record = opts.record ?? true;
  const start = sim.cluster.clock.now();
  const steps: ReplayStep[] = [];
  let effects: Effect[] = [];
  const tracker = new EffectTracker();
  const unwatch = record ? sim.cluster.store.watch((e) => tracker.observe(e, effects)) : () => {};
  try {
    for (const c of commands.slice(0, REPLAY_LIMITS.commands)) {
      if (c.host && sim.hosts.has(c.host)) sim.current = sim.hosts.get(c.host)!;
      // What happens while the student waits before typing belongs to the command they then type.
      effects = [];
      if (c.at !== undefined) {
        const target = start + c.at * 1000;
        const now = sim.cluster.clock.now();
        if (target > now) sim.advance(target - now);
      } else if (steps.length > 0) {
        sim.advance(THINK_MS);
      }
      const at = (sim.cluster.clock.now() - start) / 1000;
      const r = sim.execSync(c.command);
      steps.push({
        ...(c.line !== undefined ? { line: c.line } : {}),
        command: c.command,
        host: sim.current.name,
        at,
        stdout: r.stdout,
        stderr: r.stderr,
        exitCode: r.exitCode,
        effects: tracker.finish(effects),
      });
    }
  } finally {
    unwatch();
  }
  return steps;
}

/** Turns store writes into the effects a grader talks about. */
class EffectTracker {
  observe(e: WatchEvent, out: Effect[]): void {
    const o = e.object;
    const ns = o.metadata.namespace ?? "";
    const name = o.metadata.name ?? "";
    if (e.resource === "events") {
      if (e.type === "DELETED") return;
      const involved = `${(o.involvedObject?.kind ?? "").toLowerCase()}/${o.involvedObject?.name ?? ""}`;
      out.push({ type: "event", namespace: ns, reason: o.reason ?? "", involved, message: o.message ?? "" });
      if (o.reason === "Evicted" || o.reason === "TaintManagerEviction") {
        if (o.involvedObject?.kind === "Pod")
          out.push({ type: "pod-evicted", namespace: ns, name: o.involvedObject.name });
      }
      return;
    }
    if (e.type === "ADDED") out.push({ type: "created", resource: e.resource, ...(ns ? { namespace: ns } : {}), name });
    else if (e.type === "DELETED")
      out.push({ type: "deleted", resource: e.resource, ...(ns ? { namespace: ns } : {}), name });
    else out.push({ type: "changed", resource: e.resource, ...(ns ? { namespace: ns } : {}), name });
    if (e.resource === "deployments.apps" && e.type === "MODIFIED" && e.old) this.rollout(e.old, o, out);
  }

  private rollout(old: KObject, cur: KObject, out: Effect[]): void {
    const ns = cur.metadata.namespace ?? "";
    const name = cur.metadata.name ?? "";
    const revision = cur.metadata.annotations?.["deployment.kubernetes.io/revision"];
    const oldRevision = old.metadata.annotations?.["deployment.kubernetes.io/revision"];
    if (revision && oldRevision && revision !== oldRevision) {
      out.push({ type: "rollout-started", namespace: ns, name, revision });
    }
    const done = (d: KObject) => {
      const s = d.status ?? {};
      const want = d.spec?.replicas ?? 1;
      return (
        (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
        (s.updatedReplicas ?? 0) === want &&
        (s.replicas ?? 0) === want &&
        (s.availableReplicas ?? 0) === want
      );
    };
    if (done(cur) && !done(old))
      out.push({ type: "rollout-finished", namespace: ns, name, ...(revision ? { revision } : {}) });
  }

  /**
   * Folds one command's raw effects: created+deleted of one object in the same step is
   * noise unless it's a pod (a pod deleted and a new one created by the same owner is a
   * recreation); created+changed is created; repeated changes are one.
   */
  finish(raw: Effect[]): Effect[] {
    const out: Effect[] = [];
    const seen = new Set<string>();
    const created = new Set<string>();
    for (const e of raw) {
      if (e.type === "created" || e.type === "changed" || e.type === "deleted") {
        const key = `${e.resource}|${e.namespace ?? ""}|${e.name}`;
        if (e.type === "created") created.add(key);
        if (e.type === "changed" && created.has(key)) continue;
        const k = `${e.type}|${key}`;
        if (seen.has(k)) continue;
        seen.add(k);
      }
      out.push(e);
    }
    // A controller replacing a deleted pod: the new pod's generateName matches the old one's prefix.
    const deletedPods = out.filter((e) => e.type === "deleted" && e.resource === "pods");
    const createdPods = out.filter((e) => e.type === "created" && e.resource === "pods");
    for (const d of deletedPods) {
      if (d.type !== "deleted") continue;
      const prefix = d.name.replace(/-[a-z0-9]{5}$/, "");
      if (prefix === d.name) continue;
      if (
        createdPods.some((c) => c.type === "created" && c.namespace === d.namespace && c.name.startsWith(`${prefix}-`))
      ) {
        out.push({ type: "pod-recreated", namespace: d.namespace ?? "", name: d.name, owner: prefix });
      }
    }
    return out;
  }
}
