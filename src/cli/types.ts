/**
 * The contract between the sandboxed shell and the commands it runs (kubectl, docker, the
 * text tools, host commands). Commands are pure functions of their context: they never touch
 * the real machine, the network or the process.
 */
import type { VirtualFs } from "./shell/vfs.ts";

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ShellEnvironment {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** Exported variables, as `env` prints them. */
  exported(): Map<string, string>;
}

/** What a command may see of the simulated world; the simulation fills it in. */
export interface HostServices {
  /** The simulated host's name, e.g. `k8s-m`. */
  hostname: string;
  /** Advances virtual time by `ms` (sleep, waits). Returns false when the virtual-time bound is hit. */
  advance(ms: number): boolean;
  /** Virtual now, ms since the epoch. */
  now(): number;
  // biome-ignore lint/suspicious/noExplicitAny: the simulation attaches its own services (cluster, docker).
  [service: string]: any;
}

export interface CommandContext {
  /** argv[0] is the command name as typed. */
  argv: string[];
  stdin: string;
  env: ShellEnvironment;
  cwd: string;
  fs: VirtualFs;
  host: HostServices;
  /** Runs a nested command line in the same shell (used by e.g. `xargs`, `watch`). */
  exec(commandLine: string): ExecResult;
  /**
   * How the shell running the command begins its own messages (`bash: `, `s.sh: line 3: `):
   * for the commands bash has as builtins (printf), whose errors are the shell's.
   */
  shellPrologue?(): string;
}

export interface Command {
  name: string;
  /** One line for `help`. */
  summary: string;
  run(ctx: CommandContext): ExecResult;
}

export const okResult = (stdout = ""): ExecResult => ({ stdout, stderr: "", exitCode: 0 });
export const errResult = (stderr: string, exitCode = 1, stdout = ""): ExecResult => ({ stdout, stderr, exitCode });
