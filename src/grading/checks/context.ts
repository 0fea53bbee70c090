/**
 * What a check sees: the simulation in its final state (read it, never change it), the
 * replayed steps (commands, outputs, effects), the student's parameters, and `fork()`, a
 * fresh simulation in the same final state for checks that must change something (scenarios,
 * HTTP requests), so one check never influences another.
 */
import type { Simulation } from "../../cli/simulation.ts";
import type { CheckResult, ReplayStep } from "../types.ts";

export interface CheckContext {
  sim: Simulation;
  steps: ReplayStep[];
  fork(): Simulation;
  params: Record<string, string | number>;
}

export const pass = (explanation: string): CheckResult => ({ passed: true, explanation });
export const fail = (explanation: string): CheckResult => ({ passed: false, explanation });

/** ctx.fork(), with a failure to build the fork reported as the check's failure. */
export function tryFork(ctx: CheckContext): { ok: true; sim: Simulation } | { ok: false; result: CheckResult } {
  try {
    return { ok: true, sim: ctx.fork() };
  } catch (e) {
    return {
      ok: false,
      result: fail(`the grader could not rebuild the final state to test it: ${(e as Error).message}`),
    };
  }
}

/** The host an admin works on: the control-plane node (the one with the admin kubeconfig). */
export function adminHost(sim: Simulation): Simulation["current"] {
  for (const h of sim.hosts.values()) if (h.fs.exists("/root/.kube/config")) return h;
  return sim.current;
}
