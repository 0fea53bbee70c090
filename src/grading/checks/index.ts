/**
 * Checkpoint evaluation: one entry point, `evaluateCheck(check, ctx)`, dispatching on the
 * check's kind to one evaluator per file. Every evaluator returns a value (never throws for a
 * student's state or a lab's mistake) with an explanation in a Kubernetes user's words:
 * what was found against what was expected, deterministic and bounded.
 *
 * Parameter placeholders (`{{name}}`) are substituted in every string of the check first.
 */
import type { Check, CheckResult } from "../types.ts";
import { evaluateAll, evaluateAny, evaluateNot } from "./combinators.ts";
import { evaluateCommand } from "./command.ts";
import { type CheckContext, fail } from "./context.ts";
import { evaluateCount } from "./count.ts";
import { evaluateEvent } from "./event.ts";
import { evaluateHttp } from "./http.ts";
import { evaluateOutput } from "./output.ts";
import { substitute } from "./placeholders.ts";
import { evaluateRbac } from "./rbac.ts";
import { evaluateResource } from "./resource.ts";
import { continuation, evaluateScenario, evaluateScenarioChain, readsOnly, type ScenarioCheck } from "./scenario.ts";

export type { CheckContext } from "./context.ts";
export { diagnosePod, unschedulableWords } from "./pod-diagnosis.ts";
export { parseSubject } from "./rbac.ts";
export { SCENARIO_LIMITS } from "./scenario.ts";

/** How deep all/any/not/scenario may nest: a bound on a lab's recursion. */
export const MAX_CHECK_DEPTH = 16;

export function evaluateCheck(check: Check, ctx: CheckContext): CheckResult {
  return evaluateAt(substitute(check, ctx.params), ctx, 0);
}

/**
 * Scenario checks that continue one another, evaluated in order on `sim` (see
 * evaluateScenarioChain): what evaluating each alone on a fork of its own would give.
 */
export function evaluateChain(checks: Check[], sim: CheckContext["sim"], ctx: CheckContext): CheckResult[] {
  const chain = checks.map((c) => substitute(c, ctx.params) as ScenarioCheck);
  return evaluateScenarioChain(chain, sim, ctx, (c, x) => evaluateAt(c, x, 1));
}

/**
 * Of these checks, the longest run (in order) of scenarios each continuing the one before, all
 * but the last reading only: their indices, or none when fewer than two qualify.
 */
export function scenarioChain(checks: Check[], params: CheckContext["params"]): number[] {
  const picked: number[] = [];
  let last: ScenarioCheck | undefined;
  for (const [i, raw] of checks.entries()) {
    if (raw?.kind !== "scenario") continue;
    const check = substitute(raw, params) as ScenarioCheck;
    if (last && !(readsOnly(last.then) && continuation(last, check))) continue;
    picked.push(i);
    last = check;
  }
  return picked.length >= 2 ? picked : [];
}

function evaluateAt(check: Check, ctx: CheckContext, depth: number): CheckResult {
  if (depth > MAX_CHECK_DEPTH) return fail(`the lab's check nests deeper than ${MAX_CHECK_DEPTH} levels`);
  const next = (c: Check, x: CheckContext) => evaluateAt(c, x, depth + 1);
  if (!check || typeof check !== "object") return fail("the lab's check is empty");
  switch (check.kind) {
    case "resource":
      return evaluateResource(check, ctx);
    case "count":
      return evaluateCount(check, ctx);
    case "rbac":
      return evaluateRbac(check, ctx);
    case "http":
      return evaluateHttp(check, ctx);
    case "command":
      return evaluateCommand(check, ctx);
    case "output":
      return evaluateOutput(check, ctx);
    case "event":
      return evaluateEvent(check, ctx);
    case "scenario":
      return evaluateScenario(check, ctx, next);
    case "all":
      return evaluateAll(check.checks ?? [], ctx, next);
    case "any":
      return evaluateAny(check.checks ?? [], ctx, next);
    case "not":
      return evaluateNot(check.check, ctx, next);
    case "docker":
      return fail("docker checks are not supported by this grader yet");
    default:
      return fail(`the lab's check kind "${(check as { kind?: string }).kind}" is not one the grader knows`);
  }
}
