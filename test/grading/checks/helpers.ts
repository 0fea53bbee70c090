/** A graded world for check tests: a fresh simulation, the commands replayed and recorded, and a fork that replays them again. */
import { buildSimulation, type Simulation } from "../../../src/cli/simulation.ts";
import { type CheckContext, evaluateCheck } from "../../../src/grading/checks/index.ts";
import { replay } from "../../../src/grading/replay.ts";
import type { Check, CheckResult, ReplayStep } from "../../../src/grading/types.ts";

export type Version = "1.21" | "1.33";

export interface World {
  /** Commands replayed (and recorded) before the checks run. */
  commands?: string[];
  files?: Record<string, string>;
  version?: Version;
  params?: Record<string, string | number>;
  /** Changes made through the API after the commands (state the concurrent controllers do not build yet). */
  tweak?: (sim: Simulation) => void;
}

function build(w: World, record: boolean): { sim: Simulation; steps: ReplayStep[] } {
  const built = buildSimulation({ kubernetesVersion: w.version ?? "1.33", seed: 1 });
  if (!built.ok) throw new Error(built.error);
  const sim = built.simulation;
  for (const [path, text] of Object.entries(w.files ?? {})) sim.writeFile(path, text);
  const steps = replay(
    sim,
    (w.commands ?? []).map((command, i) => ({ line: i + 1, command })),
    { record },
  );
  w.tweak?.(sim);
  return { sim, steps };
}

export function contextFor(w: World): CheckContext {
  const { sim, steps } = build(w, true);
  return { sim, steps, params: w.params ?? {}, fork: () => build(w, false).sim };
}

const cache = new Map<World, CheckContext>();

/** Evaluates a check in a world (each world is built once per test file). */
export function check(w: World, c: Check): CheckResult {
  let ctx = cache.get(w);
  if (!ctx) {
    ctx = contextFor(w);
    cache.set(w, ctx);
  }
  return evaluateCheck(c, ctx);
}

export interface Case {
  name: string;
  world: World;
  check: Check;
  passed: boolean;
  explanation: string | RegExp;
}

/** One vitest case per row: passed and the full explanation (or a pattern for it). */
export function expectChecks(
  it: (name: string, fn: () => void) => void,
  expect: (v: unknown) => { toEqual(x: unknown): void; toMatch(x: RegExp): void },
  cases: Case[],
): void {
  for (const c of cases) {
    it(c.name, () => {
      const r = check(c.world, c.check);
      if (c.explanation instanceof RegExp) {
        expect(r.passed).toEqual(c.passed);
        expect(r.explanation).toMatch(c.explanation);
      } else expect(r).toEqual({ passed: c.passed, explanation: c.explanation });
    });
  }
}
