/**
 * all / any / not: checks combined, with explanations that say which parts decided.
 *   all   passes when every check passes; fails with the failing parts' explanations
 *   any   passes with the first passing part's explanation; fails with all of them
 *   not   inverts: a passing inner check fails with why it passed ("expected this not to be
 *         so, but ..."), a failing one passes with why it failed
 */
import type { Check, CheckResult } from "../types.ts";
import type { CheckContext } from "./context.ts";
import type { Evaluate } from "./scenario.ts";
import { MAX_LISTED } from "./text.ts";

function joinBounded(parts: string[]): string {
  if (parts.length <= MAX_LISTED) return parts.join("; ");
  return `${parts.slice(0, MAX_LISTED).join("; ")}; and ${parts.length - MAX_LISTED} more`;
}

export function evaluateAll(checks: Check[], ctx: CheckContext, evaluate: Evaluate): CheckResult {
  const results = checks.map((c) => evaluate(c, ctx));
  const failed = results.filter((r) => !r.passed);
  if (failed.length === 0) return { passed: true, explanation: joinBounded(results.map((r) => r.explanation)) };
  return { passed: false, explanation: joinBounded(failed.map((r) => r.explanation)) };
}

export function evaluateAny(checks: Check[], ctx: CheckContext, evaluate: Evaluate): CheckResult {
  const results: CheckResult[] = [];
  for (const c of checks) {
    const r = evaluate(c, ctx);
    if (r.passed) return r;
    results.push(r);
  }
  if (results.length === 0)
    return { passed: false, explanation: "none of the alternatives is satisfied (there are none)" };
  if (results.length === 1) return results[0];
  return {
    passed: false,
    explanation: `none of the alternatives holds: ${joinBounded(results.map((r) => r.explanation))}`,
  };
}

export function evaluateNot(check: Check, ctx: CheckContext, evaluate: Evaluate): CheckResult {
  const r = evaluate(check, ctx);
  return r.passed
    ? { passed: false, explanation: `expected this not to be so, but ${r.explanation}` }
    : { passed: true, explanation: r.explanation };
}
