/**
 * output checks: some replayed command (optionally one matching `command`, a regular
 * expression over the command line) printed something containing `contains` or matching
 * `matches`, on stdout or stderr. The output is the replay's, never what a transcript claims.
 *
 *   `kubectl get pods` printed "Running"
 *   no output of a command matching /kubectl get pods/ contains "Running" (2 such commands ran)
 */
import type { Check, CheckResult } from "../types.ts";
import { type CheckContext, fail, pass } from "./context.ts";
import { clip, compileRegex, plural } from "./text.ts";

export type OutputCheck = Extract<Check, { kind: "output" }>;

export function evaluateOutput(check: OutputCheck, ctx: CheckContext): CheckResult {
  let steps = ctx.steps;
  let which = "command";
  if (check.command !== undefined) {
    const re = compileRegex(String(check.command));
    if (!re.ok) return fail(re.error);
    steps = steps.filter((s) => re.re.test(s.command));
    which = `command matching /${check.command}/`;
    if (steps.length === 0) return fail(`no ${which} was run`);
  }
  let test: (text: string) => boolean = (text) => text.trim() !== "";
  let wanted = "is not empty";
  if (check.contains !== undefined) {
    const needle = String(check.contains);
    test = (text) => text.includes(needle);
    wanted = `contains ${JSON.stringify(needle)}`;
  }
  if (check.matches !== undefined) {
    const re = compileRegex(String(check.matches), "m");
    if (!re.ok) return fail(re.error);
    const before = test;
    test = (text) => before(text) && re.re.test(text);
    wanted = check.contains !== undefined ? `${wanted} and matches /${check.matches}/` : `matches /${check.matches}/`;
  }
  const hit = steps.find((s) => test(s.stdout) || test(s.stderr));
  if (hit) return pass(`\`${clip(hit.command, 80)}\` printed output that ${wanted}`);
  const ran = check.command !== undefined ? ` (${plural(steps.length, "such command")} ran)` : "";
  return fail(`no output of a ${which} ${wanted}${ran}`);
}
