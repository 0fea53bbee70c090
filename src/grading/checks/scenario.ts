/**
 * scenario checks: the grader perturbs a fork of the final state the way an admin (or a
 * failure) would, then evaluates `then` on it. The graded simulation is never touched.
 *
 *   delete-pods        kubectl delete pod -n NS <the pods named or selected>
 *   cordon / drain     kubectl cordon NODE / kubectl drain NODE --ignore-daemonsets --force
 *                      --delete-emptydir-data (bounded by --timeout=300s: a drain a PDB blocks
 *                      forever would otherwise stop only at the simulation's hang limit)
 *   node-not-ready     the node's kubelet reports Ready=False (setNodeCondition "NotReady")
 *   node-unreachable   the node's kubelet stops posting; the node lifecycle controller marks it
 *                      Unknown after its grace period (setNodeCondition "Unknown")
 *   scale              kubectl scale RESOURCE NAME --replicas=N
 *   advance            virtual time passes (controllers, kubelets and timers run)
 *   run                any command, on the control plane
 *
 * The explanation says what was done, then what was found:
 *   after deleting pod web-7d4b9-x2k8p and waiting 30s: 3 pods match app=web, 2 of them Ready; expected 3 Ready
 */
import type { Simulation } from "../../cli/simulation.ts";
import { jsonEqual } from "../../sim/k8s/api/object.ts";
import { setNodeCondition } from "../../sim/k8s/controllers/node-lifecycle/index.ts";
import { parseLabelSelector } from "../../sim/k8s/selectors/labels.ts";
import type { Check, CheckResult, ScenarioStep } from "../types.ts";
import { adminHost, type CheckContext, fail, tryFork } from "./context.ts";
import { clip, duration, listSome, plural } from "./text.ts";

export type ScenarioCheck = Extract<Check, { kind: "scenario" }>;

export type Evaluate = (check: Check, ctx: CheckContext) => CheckResult;

/** Bounds: a lab cannot make the grader wait forever or run unbounded perturbations. */
export const SCENARIO_LIMITS = { steps: 20, advanceSeconds: 24 * 3600 };

const DRAIN_FLAGS = "--ignore-daemonsets --force --delete-emptydir-data --timeout=300s";

export function evaluateScenario(check: ScenarioCheck, ctx: CheckContext, evaluate: Evaluate): CheckResult {
  const steps = check.steps ?? [];
  if (steps.length > SCENARIO_LIMITS.steps) {
    return fail(`the lab's scenario has ${steps.length} steps; the limit is ${SCENARIO_LIMITS.steps}`);
  }
  const forked = tryFork(ctx);
  if (!forked.ok) return forked.result;
  const sim = forked.sim;
  const performed = performAll(sim, steps, []);
  if (!performed.ok) return performed.result;
  return evaluateThen(check, sim, performed.done, ctx, evaluate);
}

/** `then` on the perturbed simulation, its explanation prefixed with what was done. */
function evaluateThen(
  check: ScenarioCheck,
  sim: Simulation,
  done: string[],
  ctx: CheckContext,
  evaluate: Evaluate,
): CheckResult {
  const inner = evaluate(check.then, {
    sim,
    steps: ctx.steps,
    params: ctx.params,
    // A scenario inside `then` forks from the same final state and repeats these steps first.
    fork: () => {
      const again = ctx.fork();
      for (const step of check.steps ?? []) perform(again, step);
      return again;
    },
  });
  return { passed: inner.passed, explanation: `${prefix(done)}${inner.explanation}` };
}

/**
 * The steps `next` takes beyond `prev`'s, when `next` only continues `prev`: the same steps,
 * then more, or the same with a longer last wait (advancing 60s and then 90s more leaves a
 * simulation exactly where advancing 150s does: time stops at the same timers). Undefined when
 * the two part ways.
 */
export function continuation(prev: ScenarioCheck, next: ScenarioCheck): ScenarioStep[] | undefined {
  const a = prev.steps ?? [];
  const b = next.steps ?? [];
  if (a.length === 0 || b.length < a.length) return undefined;
  const last = a.length - 1;
  for (let i = 0; i < last; i++) if (!jsonEqual(a[i], b[i])) return undefined;
  const rest = b.slice(a.length);
  if (jsonEqual(a[last], b[last])) return rest;
  if (a[last].do !== "advance" || b[last].do !== "advance") return undefined;
  const more = advanceSeconds(b[last]) - advanceSeconds(a[last]);
  return more >= 0 ? [{ do: "advance", seconds: more }, ...rest] : undefined;
}

/** Whether evaluating the check leaves the simulation as it found it (it only reads). */
export function readsOnly(check: Check | undefined): boolean {
  switch (check?.kind) {
    case "resource":
    case "count":
    case "rbac":
    case "command":
    case "output":
    case "event":
      return true;
    case "all":
    case "any":
      return (check.checks ?? []).every(readsOnly);
    case "not":
      return readsOnly(check.check);
    default:
      return false;
  }
}

/**
 * Scenarios that continue one another (`continuation`), each but the last checking only by
 * reading, evaluated in order on one simulation: each performs just the steps the one before it
 * did not, so a lab's "after 60s ... / after 150s ..." pair costs one perturbed simulation, not
 * two. Each result (and explanation) is the one it would get alone on a fresh fork.
 */
export function evaluateScenarioChain(
  chain: ScenarioCheck[],
  sim: Simulation,
  ctx: CheckContext,
  evaluate: Evaluate,
): CheckResult[] {
  const results: CheckResult[] = [];
  let done: string[] = [];
  // Once a member cannot continue the shared simulation, it and those after it take forks.
  let shared = true;
  for (const [i, check] of chain.entries()) {
    const steps = check.steps ?? [];
    const todo = i === 0 ? steps : continuation(chain[i - 1], check);
    if (!shared || !todo || steps.length > SCENARIO_LIMITS.steps) {
      shared = false;
      results.push(evaluateScenario(check, ctx, evaluate));
      continue;
    }
    let rest = todo;
    if (i > 0) {
      const last = (chain[i - 1].steps ?? []).length - 1;
      if (!jsonEqual(chain[i - 1].steps?.[last], steps[last])) {
        // The longer wait: the simulation waits the difference, the explanation tells the whole.
        perform(sim, todo[0]);
        done = [...done.slice(0, -1), `waiting ${duration(advanceSeconds(steps[last]))}`];
        rest = todo.slice(1);
      }
    }
    const r = performAll(sim, rest, done);
    done = r.done;
    if (!r.ok) {
      shared = false;
      results.push(r.result);
      continue;
    }
    results.push(evaluateThen(check, sim, done, ctx, evaluate));
  }
  return results;
}

/** Performs steps in order, adding what each did to `done`; stops at the first that cannot be done. */
function performAll(
  sim: Simulation,
  steps: ScenarioStep[],
  doneBefore: string[],
): { ok: true; done: string[] } | { ok: false; done: string[]; result: CheckResult } {
  const done = [...doneBefore];
  for (const step of steps) {
    const r = perform(sim, step);
    if (!r.ok) return { ok: false, done, result: fail(`${prefix(done)}the grader could not ${r.error}`) };
    done.push(r.did);
  }
  return { ok: true, done };
}

function advanceSeconds(step: ScenarioStep): number {
  return Math.max(0, Math.min(Number((step as { seconds?: unknown }).seconds) || 0, SCENARIO_LIMITS.advanceSeconds));
}

function prefix(done: string[]): string {
  if (done.length === 0) return "";
  const list = done.length === 1 ? done[0] : `${done.slice(0, -1).join(", ")} and ${done[done.length - 1]}`;
  return `after ${list}: `;
}

type Performed = { ok: true; did: string } | { ok: false; error: string };

function perform(sim: Simulation, step: ScenarioStep): Performed {
  const host = adminHost(sim);
  const run = (line: string) => host.shell.exec(line);
  const failed = (r: { stderr: string; exitCode: number }) =>
    r.exitCode !== 0 ? ` (it failed: ${clip(r.stderr.trim().split("\n").pop() ?? "")})` : "";
  switch (step.do) {
    case "delete-pods": {
      const ns = step.namespace ?? "default";
      let names: string[];
      let which: string;
      if (step.name) {
        names = [step.name];
        which = step.name;
      } else {
        const sel = parseLabelSelector(step.selector ?? "");
        if (!sel.ok) return { ok: false, error: `select pods by "${step.selector}": ${sel.error}` };
        names = sim.cluster.store
          .list("pods", ns)
          .filter((p) => !p.metadata.deletionTimestamp && sel.selector.matches(p.metadata.labels ?? {}))
          .map((p) => p.metadata.name ?? "");
        which = step.selector ? `matching ${step.selector}` : `in namespace ${ns}`;
        if (names.length === 0) return { ok: true, did: `deleting pods ${which} (there were none)` };
      }
      const r = run(`kubectl delete pod -n ${ns} ${names.join(" ")}`);
      return { ok: true, did: `deleting ${names.length === 1 ? "pod" : "pods"} ${listSome(names)}${failed(r)}` };
    }
    case "cordon":
      return { ok: true, did: `cordoning node ${step.node}${failed(run(`kubectl cordon ${step.node}`))}` };
    case "drain":
      return { ok: true, did: `draining node ${step.node}${failed(run(`kubectl drain ${step.node} ${DRAIN_FLAGS}`))}` };
    case "node-not-ready":
    case "node-unreachable": {
      const health = step.do === "node-not-ready" ? "NotReady" : "Unknown";
      const r = setNodeCondition(sim.cluster, step.node, health);
      if (!r.ok) return { ok: false, error: `find node ${step.node}: ${r.status.message}` };
      return { ok: true, did: `making node ${step.node} ${step.do === "node-not-ready" ? "NotReady" : "unreachable"}` };
    }
    case "scale": {
      const ns = step.namespace ?? "default";
      const r = run(`kubectl scale ${step.resource} ${step.name} -n ${ns} --replicas=${Number(step.replicas)}`);
      return {
        ok: true,
        did: `scaling ${step.resource} ${step.name} to ${plural(Number(step.replicas), "replica")}${failed(r)}`,
      };
    }
    case "advance": {
      const seconds = advanceSeconds(step);
      sim.advance(seconds * 1000);
      return { ok: true, did: `waiting ${duration(seconds)}` };
    }
    case "run": {
      const r = run(step.command);
      return { ok: true, did: `running \`${clip(step.command, 60)}\`${failed(r)}` };
    }
    default:
      return { ok: false, error: `perform the scenario step "${(step as { do?: string }).do}"` };
  }
}
