/**
 * What a container does once started, decided from its command and image and computed ahead
 * in the container's own virtual time: the log lines it writes (with their times), when it
 * exits and with which code, the ports it serves, the filesystem changes it makes, and how it
 * reacts to SIGTERM. Nothing here loops in real time: `while true; do date; sleep 5; done`
 * is run by the sandboxed shell against a clock that jumps at each `sleep`, up to a horizon.
 *
 * Command resolution follows the runtime: `command` replaces the image ENTRYPOINT (and drops
 * its CMD), `args` replaces CMD. Shapes recognised before falling back to the shell:
 *   - the image's own server (nginx, httpd, ...): startup lines, serves its ports, exits on
 *     its stop signal;
 *   - `sleep N`, `sleep infinity`, `tail -f FILE`: silent, ignore SIGTERM as PID 1 does;
 *   - anything else, `sh -c SCRIPT` included, runs in the container shell.
 */

import { type ContainerShellOptions, createContainerShell, shellQuote } from "../../../cli/container/shell.ts";
import { Budget, Capture, InStream } from "../../../cli/shell/io.ts";
import { ExitSignal } from "../../../cli/shell/signals.ts";
import type { VirtualFs } from "../../../cli/shell/vfs.ts";
import type { ServerKind } from "../images/catalogue.ts";
import type { ResolvedImage } from "../images/registry.ts";
import { type ServerContext, servedPorts, startupLines, stopLines } from "../images/servers.ts";
import type { FsChange, RecordingFs } from "./recording-fs.ts";

export interface LogLine {
  /** Absolute virtual time, ms. */
  at: number;
  stream: "stdout" | "stderr";
  text: string;
}

export interface Program {
  kind: ServerKind | "sleep" | "script";
  /** Absolute time the process exits by itself; undefined: it runs until stopped. */
  exitAt?: number;
  exitCode: number;
  lines: LogLine[];
  ports: number[];
  /** Servers exit at once on their stop signal; a shell or `sleep` as PID 1 ignores SIGTERM and is killed. */
  stopsOnSigterm: boolean;
  stopLines(at: number): LogLine[];
  changes: FsChange[];
  /**
   * A script still running at the end of the window it was evaluated for: how far that window
   * went, and how to evaluate it again over a longer one (the same run, seen further).
   */
  horizonAt?: number;
  rerun?(spanMs: number): Program;
}

export interface ProgramContext {
  argv: string[];
  image: ResolvedImage;
  env: Record<string, string>;
  hostname: string;
  ip: string;
  cwd: string;
  startedAt: number;
  server: ServerContext;
  /** A fresh filesystem of the container (image files and mounts), to run a script against. */
  newFs(clock: () => number, recording: boolean): VirtualFs;
}

/** How far ahead a script is evaluated at first; the window doubles when time gets there. */
export const SCRIPT_WINDOW_MS = 10 * 60 * 1000;
/** Past this a script that still runs is taken to run forever. */
export const SCRIPT_HORIZON_MS = 24 * 3600 * 1000;

/** Re-evaluates a script that outlived its window until the window covers `now`. */
export function extendProgram(program: Program, startedAt: number, now: number): Program {
  let p = program;
  while (p.exitAt === undefined && p.horizonAt !== undefined && p.rerun && now >= p.horizonAt) {
    const span = Math.min(
      SCRIPT_HORIZON_MS,
      Math.max(2 * (p.horizonAt - startedAt), now - startedAt + SCRIPT_WINDOW_MS),
    );
    p = p.rerun(span);
  }
  return p;
}

/** The command a container runs: ENTRYPOINT/CMD of the image, replaced by command/args. */
export function containerArgv(spec: { command?: string[]; args?: string[] }, image: ResolvedImage): string[] {
  const command = spec.command ?? image.entry.entrypoint;
  const args = spec.args ?? (spec.command ? [] : image.entry.cmd);
  return [...command, ...args];
}

/** `$(VAR)` references in command/args, expanded from the container's environment (`$$` escapes). */
export function expandVars(s: string, env: Record<string, string>): string {
  if (!s.includes("$")) return s;
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (m === "$$") return "$";
    return name !== undefined && env[name] !== undefined ? env[name] : m;
  });
}

const SERVER_BINARIES = new Set([
  "nginx",
  "/docker-entrypoint.sh",
  "docker-entrypoint.sh",
  "httpd-foreground",
  "httpd",
  "apachectl",
  "apache2-foreground",
  "redis-server",
  "mysqld",
]);

export function startProgram(ctx: ProgramContext): Program {
  const server = ctx.image.entry.server;
  let argv = ctx.argv;
  // docker-entrypoint.sh runs its arguments when they are not the server itself.
  if (argv.length > 1 && /(^|\/)docker-entrypoint\.sh$/.test(argv[0]) && !SERVER_BINARIES.has(argv[1])) {
    argv = argv.slice(1);
  }
  if (server && (argv.length === 0 || SERVER_BINARIES.has(argv[0]) || (server === "idle" && isDefault(ctx)))) {
    return serverProgram(server, ctx);
  }
  const bare = argv[0]?.slice(argv[0].lastIndexOf("/") + 1) ?? "";
  if (bare === "sleep" && argv.length === 2) {
    const secs = parseSleep(argv[1]);
    if (secs !== undefined) return sleepProgram(ctx, secs);
  }
  if (bare === "tail" && argv.includes("-f")) return sleepProgram(ctx, Number.POSITIVE_INFINITY);
  if (["sh", "bash", "ash", "dash"].includes(bare) && argv[1] === "-c" && argv.length >= 3) {
    const shell = { name: argv[0], input: argv[3] === undefined ? "command" : "named-command" } as const;
    return scriptProgram(ctx, argv[2], argv[3] ?? argv[0], argv.slice(4), SCRIPT_WINDOW_MS, shell);
  }
  if (["sh", "bash", "ash", "dash"].includes(bare) && argv.length === 1) {
    // A shell with no terminal and no script reads an empty stdin and exits at once.
    return scriptProgram(ctx, "", argv[0], [], SCRIPT_WINDOW_MS, { name: argv[0], input: "stdin" });
  }
  return scriptProgram(ctx, shellQuote(argv), "sh", [], SCRIPT_WINDOW_MS);
}

function isDefault(ctx: ProgramContext): boolean {
  const d = [...ctx.image.entry.entrypoint, ...ctx.image.entry.cmd];
  return d.length === ctx.argv.length && d.every((a, i) => a === ctx.argv[i]);
}

function parseSleep(s: string): number | undefined {
  if (s === "infinity" || s === "inf") return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d*)?)([smhd]?)$/.exec(s);
  if (!m) return undefined;
  const unit: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };
  return Number(m[1]) * unit[m[2]];
}

function serverProgram(kind: ServerKind, ctx: ProgramContext): Program {
  const fails = kind === "mysql" && servedPorts(kind, ctx.env).length === 0;
  return new ServerProgram(kind, ctx.server, ctx.startedAt, ctx.env, fails);
}

const NO_CHANGES: FsChange[] = Object.freeze([]) as unknown as FsChange[];

/**
 * An image's own server. A class rather than a literal with closures: a cluster runs thousands
 * of them, and each then holds its few fields and nothing else (no closures, no context).
 */
class ServerProgram implements Program {
  readonly exitAt: number | undefined;
  readonly exitCode: number;
  readonly ports: number[];
  readonly stopsOnSigterm = true;
  readonly changes = NO_CHANGES;
  private startup: LogLine[] | undefined = undefined;

  constructor(
    readonly kind: ServerKind,
    private readonly server: ServerContext,
    private readonly startedAt: number,
    private readonly env: Record<string, string>,
    fails: boolean,
  ) {
    this.exitAt = fails ? startedAt + 120 : undefined;
    this.exitCode = fails ? 1 : 0;
    this.ports = servedPorts(kind, env);
  }

  // The startup lines are a pure function of the context and are read only by `kubectl logs`:
  // they are written out on first read, since most containers' logs are never read and a
  // cluster of thousands of servers would otherwise hold dozens of lines per container.
  get lines(): LogLine[] {
    this.startup ??= startupLines(this.kind, this.server, this.startedAt, this.env).map((l) => ({
      at: this.startedAt + l.offsetMs,
      stream: l.stream,
      text: l.text,
    }));
    return this.startup;
  }

  stopLines(at: number): LogLine[] {
    return stopLines(this.kind, this.server, at).map((l) => ({ at, stream: l.stream, text: l.text }));
  }
}

/** `program` with stopsOnSigterm replaced, keeping what it inherits (a server's lines). */
export function withStopsOnSigterm(program: Program, stopsOnSigterm: boolean): Program {
  return Object.assign(Object.create(Object.getPrototypeOf(program)), program, { stopsOnSigterm });
}

function sleepProgram(ctx: ProgramContext, seconds: number): Program {
  return {
    kind: "sleep",
    exitAt: Number.isFinite(seconds) ? ctx.startedAt + Math.round(seconds * 1000) : undefined,
    exitCode: 0,
    lines: [],
    ports: [],
    stopsOnSigterm: false,
    stopLines: () => [],
    changes: [],
  };
}

/**
 * Runs `script` in the container shell against a clock of its own. Output is stamped with the
 * container time at which it was written: everything printed between two sleeps shares the
 * time of the first.
 */
function scriptProgram(
  ctx: ProgramContext,
  script: string,
  arg0: string,
  positional: string[],
  spanMs: number,
  shellOf?: ContainerShellOptions["shell"],
): Program {
  let local = ctx.startedAt;
  const horizon = ctx.startedAt + spanMs;
  let reachedHorizon = false;
  const fs = ctx.newFs(() => local, true) as RecordingFs;
  const budget = new Budget(4 * 1024 * 1024);
  const out = new Capture(budget);
  const err = new Capture(budget);
  const lines: LogLine[] = [];
  const cut = { out: 0, err: 0 };
  const partial = { out: "", err: "" };
  const flush = (final: boolean) => {
    for (const [stream, cap, k] of [
      ["stdout", out, "out"],
      ["stderr", err, "err"],
    ] as const) {
      const fresh = partial[k] + cap.text.slice(cut[k]);
      cut[k] = cap.text.length;
      const parts = fresh.split("\n");
      partial[k] = final ? "" : parts.pop()!;
      if (final && parts[parts.length - 1] === "") parts.pop();
      for (const text of parts) lines.push({ at: local, stream, text });
    }
  };
  const shell = createContainerShell({
    fs,
    env: ctx.env,
    hostname: ctx.hostname,
    ip: ctx.ip,
    cwd: ctx.cwd,
    withPwd: true,
    now: () => local,
    advance: (ms) => {
      flush(false);
      if (local + ms > horizon) {
        reachedHorizon = true;
        return false;
      }
      local += ms;
      return true;
    },
    limits: { maxCommands: 60_000, maxLoopIterations: 20_000, maxOutputBytes: 4 * 1024 * 1024 },
    image: ctx.image,
    shell: shellOf,
  });
  shell.arg0 = arg0;
  shell.positional = positional;
  const text = script.replace(/\bsleep\s+infinity\b/g, "sleep 3650d").replace(/\btail\s+-f\s+\S+/g, "sleep 3650d");
  let code = 0;
  let finished = true;
  const io = { stdin: new InStream(""), out, err };
  try {
    code = shell.runText(text, io);
  } catch (e) {
    if (e instanceof ExitSignal) code = e.code;
    else finished = false;
  }
  if (finished) {
    // The script's end is the container's: an EXIT trap it set runs first.
    try {
      code = shell.exiting(code, io);
    } catch {
      finished = false;
    }
  }
  flush(true);
  const more = !finished && reachedHorizon && spanMs < SCRIPT_HORIZON_MS;
  return {
    kind: "script",
    exitAt: finished ? local : undefined,
    exitCode: code & 255,
    lines,
    ports: [],
    stopsOnSigterm: false,
    stopLines: () => [],
    changes: fs.changes,
    horizonAt: more ? horizon : undefined,
    rerun: more ? (span) => scriptProgram(ctx, script, arg0, positional, span, shellOf) : undefined,
  };
}
