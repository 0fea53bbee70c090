/** The labgrader library: `createSimulation` and the types a caller needs. */
import { buildSimulation, type Simulation, type SimulationOptions } from "./cli/simulation.ts";
import { formatLintError, loadLab } from "./grading/lab/load.ts";
import { resolveParameters } from "./grading/lab/parameters.ts";
import { startEnvironment } from "./grading/replay.ts";

export type { Simulation, SimulationOptions } from "./cli/simulation.ts";
export type { ExecResult } from "./cli/types.ts";

export interface CreateSimulationOptions extends SimulationOptions {
  /** A lab id from the catalogue or a path to a lab folder: the simulation starts from its environment. */
  lab?: string;
  /** With a lab: the student whose parameters fill the environment (default "anonymous"). */
  student?: string;
}

export async function createSimulation(opts: CreateSimulationOptions = {}): Promise<Simulation> {
  if (opts.lab !== undefined) {
    const { readLab } = await import("./node/labs.ts");
    const read = readLab(opts.lab);
    if (!read.ok) throw new Error(read.error);
    const loaded = await loadLab(read.source);
    if (!loaded.ok) throw new Error(`lab ${opts.lab} is invalid:\n${loaded.errors.map(formatLintError).join("\n")}`);
    const lab = loaded.lab;
    const environment = {
      ...lab.environment,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.kubernetesVersion ? { kubernetesVersion: opts.kubernetesVersion } : {}),
    };
    const env = startEnvironment({ ...lab, environment }, resolveParameters(lab, opts.student ?? "anonymous"));
    if (!env.ok) throw new Error(env.error);
    return env.sim;
  }
  const r = buildSimulation(opts);
  if (!r.ok) throw new Error(r.error);
  return r.simulation;
}
