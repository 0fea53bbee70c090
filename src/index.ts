/** The labgrader library: `createSimulation` and the types a caller needs. */
import { buildSimulation, type Simulation, type SimulationOptions } from "./cli/simulation.ts";

export type { Simulation, SimulationOptions } from "./cli/simulation.ts";
export type { ExecResult } from "./cli/types.ts";

export interface CreateSimulationOptions extends SimulationOptions {
  /** A lab id from the catalogue or a path to a lab folder. */
  lab?: string;
}

export async function createSimulation(opts: CreateSimulationOptions = {}): Promise<Simulation> {
  if (opts.lab !== undefined) throw new Error(`labs are not available yet: cannot load lab "${opts.lab}"`);
  const r = buildSimulation(opts);
  if (!r.ok) throw new Error(r.error);
  return r.simulation;
}
