/** Shared fixtures for the shell tests: a fresh session on a fixed virtual clock. */

import { Shell } from "../../../src/cli/shell/interpreter.ts";
import type { ShellLimits } from "../../../src/cli/shell/limits.ts";
import { VirtualFs } from "../../../src/cli/shell/vfs.ts";
import type { Command, ExecResult } from "../../../src/cli/types.ts";

/** 2026-01-05T09:00:00Z */
export const START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface Session {
  shell: Shell;
  fs: VirtualFs;
  clock: { now: number };
}

/** A `kubectl` stand-in for the resolveCommand hook: echoes its argv and stdin. */
const fakeKubectl: Command = {
  name: "kubectl",
  summary: "test double",
  run: (ctx) => ({ stdout: `kubectl ${ctx.argv.slice(1).join(" ")}\n${ctx.stdin}`, stderr: "", exitCode: 0 }),
};

export function session(limits?: Partial<ShellLimits>, boundMs = 24 * 3600 * 1000): Session {
  const clock = { now: START_MS };
  const fs = new VirtualFs({ now: () => clock.now });
  const shell = new Shell({
    fs,
    host: {
      hostname: "k8s-m",
      now: () => clock.now,
      advance(ms: number) {
        if (clock.now + ms > START_MS + boundMs) return false;
        clock.now += ms;
        return true;
      },
    },
    resolveCommand: (name) => (name === "kubectl" ? fakeKubectl : undefined),
    limits,
  });
  return { shell, fs, clock };
}

export interface Case {
  name: string;
  /** Commands run first (their results are not checked). */
  setup?: string[];
  run: string;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export function runCase(c: Case, limits?: Partial<ShellLimits>): { got: ExecResult; want: ExecResult } {
  const { shell } = session(limits);
  for (const s of c.setup ?? []) shell.exec(s);
  return {
    got: shell.exec(c.run),
    want: { stdout: c.stdout ?? "", stderr: c.stderr ?? "", exitCode: c.exitCode ?? 0 },
  };
}
