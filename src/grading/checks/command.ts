/**
 * command checks: the student ran a command matching a pattern (at least `min` times, default
 * 1, or 0 when only `max` is given; at most `max`, so `max: 0` forbids a command). Lines are the replayed commands, as parsed from the submission.
 *
 *   no command matched /kubectl\s+scale/ (12 commands were run); expected at least 1
 *   2 commands matched /kubectl\s+scale/: kubectl scale deploy web --replicas=3, ...
 */
import type { Check, CheckResult } from "../types.ts";
import { type CheckContext, fail, pass } from "./context.ts";
import { clip, compileRegex, listSome, plural } from "./text.ts";

export type CommandCheck = Extract<Check, { kind: "command" }>;

export function evaluateCommand(check: CommandCheck, ctx: CheckContext): CheckResult {
  const re = compileRegex(String(check.pattern));
  if (!re.ok) return fail(re.error);
  const hits = ctx.steps.filter((s) => re.re.test(s.command)).map((s) => clip(s.command, 80));
  const min = check.min ?? (check.max !== undefined ? 0 : 1);
  const n = hits.length;
  const found =
    n === 0
      ? `no command matched /${check.pattern}/ (${plural(ctx.steps.length, "command")} ${ctx.steps.length === 1 ? "was" : "were"} run)`
      : `${plural(n, "command")} matched /${check.pattern}/: ${listSome(hits, 3)}`;
  if (n < min) return fail(`${found}; expected at least ${min}`);
  if (check.max !== undefined && n > check.max) return fail(`${found}; expected at most ${check.max}`);
  return pass(found);
}
