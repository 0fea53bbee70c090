/** Drives kubectl through a fresh simulation, as a student's terminal would. */

import type { ExecResult } from "../../../../src/index.ts";
import { createSimulation } from "../../../../src/index.ts";

export type Version = "1.21" | "1.33";
export const VERSIONS: Version[] = ["1.21", "1.33"];

export interface Case {
  name: string;
  /** Commands run first; each must succeed. */
  setup?: string[];
  files?: Record<string, string>;
  command: string;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Only on these versions (default: both). */
  versions?: Version[];
}

export const lines = (...ls: string[]): string => `${ls.join("\n")}\n`;

/** Runs a case's setup and command on a fresh seeded simulation; returns the command's result. */
export async function runCase(c: Case, version: Version): Promise<ExecResult & { setupFailures: string[] }> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  for (const [path, text] of Object.entries(c.files ?? {})) sim.writeFile(path, text);
  const setupFailures: string[] = [];
  for (const s of c.setup ?? []) {
    const r = await sim.exec(s);
    if (r.exitCode !== 0) setupFailures.push(`${s}: ${r.stderr}`);
  }
  const r = await sim.exec(c.command);
  return { ...r, setupFailures };
}

export async function session(version: Version, commands: string[]): Promise<ExecResult[]> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  const out: ExecResult[] = [];
  for (const c of commands) out.push(await sim.exec(c));
  return out;
}

/** One vitest case per (case, version): stdout, stderr and exit code compared in full. */
export function expectCases(
  it: (name: string, fn: () => Promise<void>) => void,
  expect: (v: unknown) => { toEqual(x: unknown): void },
  cases: Case[],
): void {
  for (const c of cases) {
    for (const v of c.versions ?? VERSIONS) {
      it(`${c.name} (${v})`, async () => {
        const r = await runCase(c, v);
        expect(r.setupFailures).toEqual([]);
        expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({
          stdout: c.stdout ?? "",
          stderr: c.stderr ?? "",
          exitCode: c.exitCode ?? 0,
        });
      });
    }
  }
}
