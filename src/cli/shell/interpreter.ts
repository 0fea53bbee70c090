/**
 * The sandboxed shell: a tree-walking interpreter over the AST from `parser.ts`. One `Shell`
 * is one interactive session: variables, functions, aliases, the working directory and `$?`
 * persist across `exec` calls. Every exec is bounded by `ShellLimits`; hitting a bound stops
 * the script with a message naming it (exit 125). Nothing here throws out of `exec`.
 */

import type { CommandContext, ExecResult, HostServices, ShellEnvironment, Command as ToolCommand } from "../types.ts";
import { ArithError, evalArith } from "./arith.ts";
import type { AndOr, Command, CondExpr, Pipeline, Redirect, Script, Word } from "./ast.ts";
import { BUILTINS, isBuiltinName } from "./builtins.ts";
import { type ExpandHost, ExpansionError, expandArgs, expandPattern, expandString } from "./expand.ts";
import { globMatch } from "./glob.ts";
import { Budget, Capture, FileSink, InStream, type Io, NULL_SINK, type Sink } from "./io.ts";
import { DEFAULT_LIMITS, LIMIT_EXIT_CODE, LimitError, type ShellLimits } from "./limits.ts";
import { parseScript, plainText } from "./parser.ts";
import { compileRegex } from "./regex.ts";
import { ExitSignal, LoopSignal, ReturnSignal } from "./signals.ts";
import { binaryTest, TestError, unaryTest } from "./test-expr.ts";
import { TOOLS } from "./tools/index.ts";
import type { VirtualFs } from "./vfs.ts";

export type { ShellLimits } from "./limits.ts";

/**
 * bash's `$RANDOM` generator (variables.c, bash 5.1 and later): the Park-Miller minimal standard
 * generator, 0 standing for its default seed; the value is the high half of the state xor the
 * low half, in 15 bits. `RANDOM=1; echo $RANDOM` prints 16807 here as in bash.
 */
function nextRandomSeed(last: number): number {
  const seed = last === 0 ? 123459876 : last;
  const t = 16807 * (seed % 127773) - 2836 * Math.trunc(seed / 127773);
  return t < 0 ? t + 0x7fffffff : t;
}

/** `/bin/sh` and the like: the shell a path in a standard bin directory names. */
function shellOfPath(name: string): string | undefined {
  const m = /^\/(?:usr\/)?bin\/([a-z]+)$/.exec(name);
  return m && SHELL_NAMES.has(m[1]) ? m[1] : undefined;
}

export interface ShellOptions {
  fs: VirtualFs;
  host: HostServices;
  resolveCommand: (name: string) => ToolCommand | undefined;
  env?: Record<string, string>;
  cwd?: string;
  limits?: Partial<ShellLimits>;
  /**
   * Whether a program is installed (a container's image decides: busybox has no curl, the
   * nginx image no ps). Builtins always exist, but for the programs the simulation runs as
   * builtins (the shells, sudo, su). Without it every program the simulation knows exists, as
   * on a host.
   */
  hasProgram?: (name: string) => boolean;
  /** Which shell a shell program's name runs (`sh` is dash on Debian); the host's without it. */
  dialectOf?: (name: string) => ShellDialect;
}

/**
 * Whose words the shell speaks: bash's, dash's (Debian's and Ubuntu's `sh`), BusyBox ash's
 * (busybox and Alpine), or bash's when it runs as `sh` (Oracle Linux). Every message begins
 * with the dialect's prefix (`prologue`) and a command it cannot run is reported in the
 * dialect's words; the rest of a message is worded as bash words it.
 */
export type ShellDialect = "bash" | "dash" | "ash" | "bash-as-sh";

/**
 * How the shell reads its commands, which decides whether its messages name a line: typed at a
 * prompt, a `-c` string (with a `$0` of its own: named), a script file, or a script on stdin.
 */
export type ShellInput = "interactive" | "command" | "named-command" | "file" | "stdin";

/** The names that run a shell (a program, though the simulation runs it as a builtin). */
const SHELL_NAMES: ReadonlySet<string> = new Set(["sh", "bash", "dash", "ash"]);
/** The shells a host has, Debian's or Ubuntu's: `sh` is dash. */
const HOST_SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "dash"]);
const hostDialect = (name: string): ShellDialect => (name === "bash" ? "bash" : "dash");

interface Var {
  value: string;
  exported: boolean;
}

interface Snapshot {
  vars: Map<string, Var>;
  funcs: Map<string, Command>;
  aliases: Map<string, string>;
  cwd: string;
  positional: string[];
  arg0: string;
  dialect: ShellDialect;
  input: ShellInput;
  traps: Map<string, string>;
  options: ShellOptionsState;
}

interface ShellOptionsState {
  errexit: boolean;
  xtrace: boolean;
  pipefail: boolean;
  nounset: boolean;
}

const PID = 4242;

export class Shell {
  readonly fs: VirtualFs;
  readonly host: HostServices;
  readonly limits: ShellLimits;
  readonly resolveCommand: (name: string) => ToolCommand | undefined;
  cwd: string;
  vars = new Map<string, Var>();
  funcs = new Map<string, Command>();
  aliases = new Map<string, string>();
  positional: string[] = [];
  /** `$0`: `bash`, or the script name / `bash -c` name argument. */
  arg0 = "bash";
  dialect: ShellDialect = "bash";
  input: ShellInput = "interactive";
  /** The line of the simple command running, in the text being run (messages name it). */
  line = 0;
  /**
   * `trap`'s commands by condition (`EXIT`, `SIGTERM`): EXIT runs as this shell (or subshell)
   * ends; no signal ever reaches a simulated shell, so the others are only listed.
   */
  traps = new Map<string, string>();
  /** Whether the last `exec` ended with `exit` (or `logout`): the session is over. */
  exited = false;
  /** `$RANDOM`'s generator state: the same numbers every run, bash's for a seed it was given. */
  private randomSeed = 0;
  readonly hasProgram: ((name: string) => boolean) | undefined;
  readonly dialectOf: (name: string) => ShellDialect;
  lastStatus = 0;
  options: ShellOptionsState = { errexit: false, xtrace: false, pipefail: false, nounset: false };
  /** Saved values of variables made `local`, one frame per active function call. */
  localFrames: Map<string, Var | undefined>[] = [];
  /** Files being `source`d right now (so `return` is allowed). */
  sourceDepth = 0;
  readonly env: ShellEnvironment;

  private commandCount = 0;
  private loopCount = 0;
  private callDepth = 0;
  private substDepth = 0;
  private condDepth = 0;
  private substStatus = -1;
  private curErr: Sink = NULL_SINK;
  private readonly expander: ExpandHost;

  constructor(opts: ShellOptions) {
    this.fs = opts.fs;
    this.host = opts.host;
    this.resolveCommand = opts.resolveCommand;
    this.hasProgram = opts.hasProgram;
    this.dialectOf = opts.dialectOf ?? hostDialect;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const defaults: Record<string, string> = {
      HOME: "/root",
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      USER: "root",
      LOGNAME: "root",
      SHELL: "/bin/bash",
      HOSTNAME: opts.host.hostname,
      TERM: "xterm",
      LANG: "C.UTF-8",
    };
    for (const [k, v] of Object.entries({ ...defaults, ...opts.env })) this.vars.set(k, { value: v, exported: true });
    this.cwd = opts.cwd ?? this.vars.get("HOME")?.value ?? "/";
    this.vars.set("PWD", { value: this.cwd, exported: true });
    this.env = {
      get: (name) => {
        const v = this.vars.get(name);
        return v?.exported ? v.value : undefined;
      },
      set: (name, value) => this.setVar(name, value),
      exported: () => {
        const m = new Map<string, string>();
        for (const [k, v] of this.vars) if (v.exported) m.set(k, v.value);
        return m;
      },
    };
    this.expander = new ShellExpandHost(this);
  }

  /**
   * Runs one command line (or a whole script) in this session; `asProcess`: the shell ends
   * with it (a container's `sh -c`), so its EXIT trap runs.
   */
  exec(line: string, opts: { asProcess?: boolean } = {}): ExecResult {
    this.commandCount = 0;
    this.loopCount = 0;
    this.callDepth = 0;
    this.substDepth = 0;
    this.condDepth = 0;
    const budget = new Budget(this.limits.maxOutputBytes);
    const out = new Capture(budget);
    const err = new Capture(budget);
    const io: Io = { stdin: new InStream(""), out, err };
    this.exited = false;
    try {
      this.runText(line, io);
    } catch (e) {
      this.exited = e instanceof ExitSignal;
      this.lastStatus = this.settle(e, err);
    }
    if (opts.asProcess) {
      try {
        this.lastStatus = this.exiting(this.lastStatus, io);
      } catch (e) {
        this.lastStatus = this.settle(e, err);
      }
    }
    return { stdout: out.text, stderr: err.text, exitCode: this.lastStatus };
  }

  /** Turns anything thrown by a run into an exit status, writing its message. */
  private settle(e: unknown, err: Capture): number {
    if (e instanceof ExitSignal) return e.code;
    const write = (msg: string) => {
      // The limit message must appear even when the output budget is what ran out.
      err.text += msg;
    };
    if (e instanceof LimitError) {
      write(`${e.message}\n`);
      return LIMIT_EXIT_CODE;
    }
    if (e instanceof RangeError) {
      write("labgrader: limit reached: script recursed too deeply (call depth limit)\n");
      return LIMIT_EXIT_CODE;
    }
    if (e instanceof ReturnSignal) return e.code;
    if (e instanceof LoopSignal) return this.lastStatus;
    write(`labgrader: internal error in shell: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  /** Parses and runs script text in the current context (exec, eval, source). */
  runText(text: string, io: Io): number {
    if (text.length > this.limits.maxScriptBytes)
      throw new LimitError(`command line longer than ${this.limits.maxScriptBytes} bytes`, "script size limit");
    const parsed = parseScript(text, this.limits.maxParseDepth);
    if (!parsed.ok) {
      if (parsed.limit)
        throw new LimitError(
          parsed.message.replace(/^labgrader: limit reached: | \(.*\)$/g, ""),
          "parser nesting limit",
        );
      io.err.write(`${parsed.message}\n`);
      this.lastStatus = 2;
      return 2;
    }
    return this.runScript(parsed.script, io);
  }

  /** `ctx.exec` for commands like xargs: a nested command line with its own captured output. */
  execNested(line: string, stdin = ""): ExecResult {
    if (++this.callDepth > this.limits.maxCallDepth) this.callDepthExceeded();
    const budget = new Budget(this.limits.maxOutputBytes);
    const out = new Capture(budget);
    const err = new Capture(budget);
    let code: number;
    try {
      code = this.runText(line, { stdin: new InStream(stdin), out, err });
    } catch (e) {
      if (e instanceof ExitSignal) code = e.code;
      else throw e;
    } finally {
      this.callDepth--;
    }
    return { stdout: out.text, stderr: err.text, exitCode: code };
  }

  // --- variables ---

  getVar(name: string): string | undefined {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) return name === "0" ? this.arg0 : this.positional[Number(name) - 1];
    switch (name) {
      case "?":
        return String(this.lastStatus);
      case "#":
        return String(this.positional.length);
      case "@":
      case "*":
        return this.positional.join(" ");
      case "$":
        return String(PID);
      case "!":
        return "";
      case "-":
        return `h${this.options.errexit ? "e" : ""}B${this.options.xtrace ? "x" : ""}`;
      case "LINENO":
        return String(this.line);
      case "RANDOM":
        this.randomSeed = nextRandomSeed(this.randomSeed);
        return String(((this.randomSeed >>> 16) ^ (this.randomSeed & 0xffff)) & 0x7fff);
    }
    return this.vars.get(name)?.value;
  }

  setVar(name: string, value: string, exported?: boolean): void {
    if (name === "RANDOM") {
      // Assigning RANDOM seeds it, as in bash.
      this.randomSeed = Number.parseInt(value, 10) >>> 0;
      return;
    }
    const old = this.vars.get(name);
    this.vars.set(name, { value, exported: exported ?? old?.exported ?? false });
  }

  unsetVar(name: string): void {
    this.vars.delete(name);
  }

  // --- running ---

  runScript(script: Script, io: Io): number {
    let status = this.lastStatus;
    for (const item of script.items) status = this.runAndOr(item, io);
    return status;
  }

  private runAndOr(item: AndOr, io: Io): number {
    const rest = item.rest;
    if (rest.length === 0) {
      const s = this.runPipeline(item.first, io);
      if (s !== 0 && this.options.errexit && this.condDepth === 0 && !item.first.negate) throw new ExitSignal(s);
      return s;
    }
    this.condDepth++;
    let status: number;
    let lastRun = -1;
    try {
      status = this.runPipeline(item.first, io);
      for (let i = 0; i < rest.length; i++) {
        const { op, p } = rest[i];
        if ((op === "&&") === (status === 0)) {
          if (i === rest.length - 1) {
            this.condDepth--;
            try {
              status = this.runPipeline(p, io);
            } finally {
              this.condDepth++;
            }
          } else status = this.runPipeline(p, io);
          lastRun = i;
        }
      }
    } finally {
      this.condDepth--;
    }
    if (
      status !== 0 &&
      this.options.errexit &&
      this.condDepth === 0 &&
      lastRun === rest.length - 1 &&
      !rest[rest.length - 1].p.negate
    )
      throw new ExitSignal(status);
    return status;
  }

  private runPipeline(p: Pipeline, io: Io): number {
    let status: number;
    if (p.cmds.length === 1) {
      if (p.negate) this.condDepth++;
      try {
        status = this.runCommand(p.cmds[0], io);
      } finally {
        if (p.negate) this.condDepth--;
      }
    } else {
      let stdin = io.stdin;
      let failed = 0;
      status = 0;
      for (let i = 0; i < p.cmds.length; i++) {
        const last = i === p.cmds.length - 1;
        const out = last ? io.out : new Capture(new Budget(this.limits.maxOutputBytes));
        const input = stdin;
        status = this.subshell(() => this.runCommand(p.cmds[i], { stdin: input, out, err: io.err }));
        if (status !== 0) failed = status;
        if (!last) stdin = new InStream((out as Capture).text);
      }
      if (this.options.pipefail) status = failed;
    }
    if (p.negate) status = status === 0 ? 1 : 0;
    this.lastStatus = status;
    return status;
  }

  /**
   * Runs `fn` as a subshell or a new shell process: what it changes stays inside. Traps are not
   * inherited; with `io`, an EXIT trap set inside runs as it ends (`bash -c`, a script, `( )`).
   */
  subshell(fn: () => number, io?: Io): number {
    const saved = this.snapshot();
    this.traps = new Map();
    try {
      return io ? this.exiting(this.caught(fn), io) : this.caught(fn);
    } finally {
      this.restore(saved);
    }
  }

  private caught(fn: () => number): number {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (e instanceof ReturnSignal) return e.code;
      if (e instanceof LoopSignal) return this.lastStatus;
      throw e;
    }
  }

  /**
   * The shell ends with `code`: its EXIT trap, if set, runs first, with `$?` that status, and
   * the shell still exits with it unless the trap itself calls exit.
   */
  exiting(code: number, io: Io): number {
    const trap = this.traps.get("EXIT");
    if (trap === undefined) return code;
    this.traps.delete("EXIT");
    this.lastStatus = code;
    try {
      this.runText(trap, io);
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      throw e;
    }
    return code;
  }

  private snapshot(): Snapshot {
    return {
      vars: new Map(this.vars),
      funcs: new Map(this.funcs),
      aliases: new Map(this.aliases),
      cwd: this.cwd,
      positional: this.positional,
      arg0: this.arg0,
      dialect: this.dialect,
      input: this.input,
      traps: this.traps,
      options: { ...this.options },
    };
  }

  private restore(s: Snapshot): void {
    this.vars = s.vars;
    this.funcs = s.funcs;
    this.aliases = s.aliases;
    this.cwd = s.cwd;
    this.positional = s.positional;
    this.arg0 = s.arg0;
    this.dialect = s.dialect;
    this.input = s.input;
    this.traps = s.traps;
    this.options = s.options;
  }

  private runCommand(cmd: Command, io: Io): number {
    if (cmd.t === "simple") return this.runSimple(cmd, io);
    if (cmd.t === "func") {
      this.funcs.set(cmd.name, cmd.body);
      return 0;
    }
    if (cmd.redirs.length === 0) return this.runCompound(cmd, io);
    const opened = this.openRedirs(cmd.redirs, io);
    if (typeof opened === "string") {
      io.err.write(opened);
      return 1;
    }
    try {
      return this.runCompound(cmd, opened.io);
    } finally {
      this.closeRedirs(opened.files, io);
    }
  }

  private runCompound(cmd: Command, io: Io): number {
    switch (cmd.t) {
      case "group":
        return this.runScript(cmd.body, io);
      case "subshell":
        return this.subshell(() => this.runScript(cmd.body, io), io);
      case "if": {
        for (const c of cmd.clauses) {
          if (this.runCondition(c.cond, io) === 0) return this.runScript(c.body, io);
        }
        return cmd.otherwise ? this.runScript(cmd.otherwise, io) : 0;
      }
      case "while": {
        let status = 0;
        for (;;) {
          const c = this.runCondition(cmd.cond, io);
          if ((c === 0) === cmd.until) break;
          this.tickLoop();
          const r = this.runLoopBody(cmd.body, io);
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      case "for": {
        const items = cmd.items ? this.expand(cmd.items, io) : [...this.positional];
        if (items === undefined) return 1;
        let status = 0;
        for (const v of items) {
          this.tickLoop();
          this.setVar(cmd.name, v);
          const r = this.runLoopBody(cmd.body, io);
          status = r.status;
          if (r.stop) break;
        }
        return status;
      }
      case "cfor": {
        let status = 0;
        try {
          if (cmd.init.trim()) this.arith(cmd.init);
          for (;;) {
            if (cmd.cond.trim() && this.arith(cmd.cond) === 0) break;
            this.tickLoop();
            const r = this.runLoopBody(cmd.body, io);
            status = r.status;
            if (r.stop) break;
            if (cmd.step.trim()) this.arith(cmd.step);
          }
        } catch (e) {
          if (!(e instanceof ArithError)) throw e;
          io.err.write(`${this.prologue()}${e.message}\n`);
          return 1;
        }
        return status;
      }
      case "case":
        return this.runCase(cmd, io);
      case "arith": {
        this.curErr = io.err;
        try {
          const expr = expandString(this.expander, cmd.expr);
          return this.arith(expr) !== 0 ? 0 : 1;
        } catch (e) {
          if (e instanceof ArithError || e instanceof ExpansionError) {
            io.err.write(`${this.prologue()}${e.message}\n`);
            return 1;
          }
          throw e;
        }
      }
      case "cond":
        this.curErr = io.err;
        try {
          return this.evalCond(cmd.expr) ? 0 : 1;
        } catch (e) {
          if (e instanceof TestError || e instanceof ExpansionError || e instanceof ArithError) {
            io.err.write(`${this.prologue()}${e.message}\n`);
            return 2;
          }
          throw e;
        }
      default:
        return 0;
    }
  }

  private runCondition(cond: Script, io: Io): number {
    this.condDepth++;
    try {
      return this.runScript(cond, io);
    } finally {
      this.condDepth--;
    }
  }

  private runLoopBody(body: Script, io: Io): { status: number; stop: boolean } {
    try {
      return { status: this.runScript(body, io), stop: false };
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return { status: 0, stop: e.kind === "break" };
    }
  }

  private tickLoop(): void {
    if (++this.loopCount > this.limits.maxLoopIterations)
      throw new LimitError(`more than ${this.limits.maxLoopIterations} loop iterations`, "loop iteration limit");
  }

  private runCase(cmd: Command & { t: "case" }, io: Io): number {
    this.curErr = io.err;
    let subject: string;
    try {
      subject = expandString(this.expander, cmd.word);
    } catch (e) {
      return this.expansionFailed(e, io);
    }
    let status = 0;
    let fallthrough = false;
    for (const item of cmd.items) {
      const matched = fallthrough || item.patterns.some((p) => globMatch(expandPattern(this.expander, p), subject));
      if (!matched) continue;
      status = this.runScript(item.body, io);
      if (item.term === ";;") return status;
      fallthrough = item.term === ";&";
    }
    return status;
  }

  evalCond(e: CondExpr): boolean {
    const str = (w: Word) => expandString(this.expander, w);
    switch (e.k) {
      case "and":
        return this.evalCond(e.a) && this.evalCond(e.b);
      case "or":
        return this.evalCond(e.a) || this.evalCond(e.b);
      case "not":
        return !this.evalCond(e.a);
      case "word":
        return str(e.a) !== "";
      case "unary":
        return unaryTest(this, e.op, str(e.a));
      case "binary": {
        const a = str(e.a);
        if (e.op === "==" || e.op === "=" || e.op === "!=") {
          const m = globMatch(expandPattern(this.expander, e.b), a);
          return e.op === "!=" ? !m : m;
        }
        if (e.op === "=~") {
          const re = compileRegex(str(e.b), { extended: true });
          if (!re.ok) return false;
          return re.re.test(a);
        }
        if (/^-(eq|ne|lt|le|gt|ge)$/.test(e.op)) {
          return binaryTest(this, e.op, String(this.arith(a)), String(this.arith(str(e.b))), "bash");
        }
        return binaryTest(this, e.op, a, str(e.b), "bash");
      }
    }
  }

  arith(expr: string): number {
    return evalArith(expr, { get: (n) => this.getVar(n), set: (n, v) => this.setVar(n, v) });
  }

  private expand(words: Word[], io: Io): string[] | undefined {
    try {
      return expandArgs(this.expander, words);
    } catch (e) {
      this.expansionFailed(e, io);
      return undefined;
    }
  }

  private expansionFailed(e: unknown, io: Io): number {
    if (e instanceof ExpansionError) {
      io.err.write(`${this.prologue()}${e.message}\n`);
      return 1;
    }
    throw e;
  }

  substitute(body: Script): string {
    if (++this.substDepth > this.limits.maxSubstitutionDepth) {
      this.substDepth = 0;
      throw new LimitError(
        `command substitution nested more than ${this.limits.maxSubstitutionDepth} levels`,
        "substitution depth limit",
      );
    }
    const out = new Capture(new Budget(this.limits.maxOutputBytes));
    const err = this.curErr;
    try {
      const status = this.subshell(() => this.runScript(body, { stdin: new InStream(""), out, err }));
      this.substStatus = status;
      this.lastStatus = status;
    } finally {
      this.substDepth--;
      this.curErr = err;
    }
    return out.text;
  }

  private runSimple(cmd: Command & { t: "simple" }, io: Io): number {
    if (++this.commandCount > this.limits.maxCommands)
      throw new LimitError(`more than ${this.limits.maxCommands} commands`, "command limit");
    this.line = cmd.line;
    this.curErr = io.err;
    this.substStatus = -1;
    let argv: string[];
    try {
      argv = cmd.words.length === 0 ? [] : expandArgs(this.expander, cmd.words);
    } catch (e) {
      return this.expansionFailed(e, io);
    }
    if (argv.length === 0) {
      try {
        for (const a of cmd.assigns) {
          const v = expandString(this.expander, a.value);
          this.setVar(a.name, a.append ? (this.vars.get(a.name)?.value ?? "") + v : v);
        }
      } catch (e) {
        return this.expansionFailed(e, io);
      }
      const status = Math.max(this.substStatus, 0);
      if (cmd.redirs.length) {
        const opened = this.openRedirs(cmd.redirs, io);
        if (typeof opened === "string") {
          io.err.write(opened);
          return 1;
        }
        this.closeRedirs(opened.files, io);
      }
      return status;
    }
    if (this.aliases.size > 0 && cmd.words.length > 0 && plainText(cmd.words[0]) !== undefined) {
      const alias = this.aliases.get(argv[0]);
      if (alias !== undefined && !this.inAlias.has(argv[0])) return this.runAlias(argv, alias, cmd, io);
    }
    let cio = io;
    let files: FileSink[] | undefined;
    if (cmd.redirs.length) {
      const opened = this.openRedirs(cmd.redirs, io);
      if (typeof opened === "string") {
        io.err.write(opened);
        return 1;
      }
      cio = opened.io;
      files = opened.files;
    }
    let saved: [string, Var | undefined][] | undefined;
    try {
      if (cmd.assigns.length) {
        saved = [];
        for (const a of cmd.assigns) {
          const v = expandString(this.expander, a.value);
          saved.push([a.name, this.vars.get(a.name)]);
          this.vars.set(a.name, { value: v, exported: true });
        }
      }
      if (this.options.xtrace) cio.err.write(`+ ${argv.map(traceQuote).join(" ")}\n`);
      return this.invoke(argv, cio);
    } catch (e) {
      return this.expansionFailed(e, cio);
    } finally {
      if (saved) for (const [k, v] of saved) v ? this.vars.set(k, v) : this.vars.delete(k);
      if (files) this.closeRedirs(files, io);
    }
  }

  private readonly inAlias = new Set<string>();

  private runAlias(argv: string[], alias: string, cmd: Command & { t: "simple" }, io: Io): number {
    const line = [alias, ...argv.slice(1).map(shellQuote)].join(" ");
    this.inAlias.add(argv[0]);
    try {
      if (cmd.redirs.length === 0) return this.runText(line, io);
      const opened = this.openRedirs(cmd.redirs, io);
      if (typeof opened === "string") {
        io.err.write(opened);
        return 1;
      }
      try {
        return this.runText(line, opened.io);
      } finally {
        this.closeRedirs(opened.files, io);
      }
    } finally {
      this.inAlias.delete(argv[0]);
    }
  }

  /** Runs argv: function, builtin, text tool, then the simulation's commands. */
  invoke(argv: string[], io: Io): number {
    const name = argv[0];
    const fn = this.funcs.get(name);
    if (fn) return this.callFunction(fn, argv, io);
    const shell = SHELL_NAMES.has(name) ? name : shellOfPath(name);
    if (shell !== undefined) {
      if (this.hasProgram ? !this.hasProgram(name) : !HOST_SHELLS.has(shell)) return this.cannotRun(name, io);
      return BUILTINS.get("bash")!(this, argv, io);
    }
    // sudo and su are the hosts' (a container's image has neither).
    if ((name === "sudo" || name === "su") && this.hasProgram && !this.hasProgram(name))
      return this.cannotRun(name, io);
    const builtin = BUILTINS.get(name);
    if (builtin) return builtin(this, argv, io);
    const installed = this.hasProgram === undefined || this.hasProgram(name);
    const tool = installed ? (TOOLS.get(name) ?? this.resolveCommand(name) ?? this.pathCommand(name)) : undefined;
    if (tool) return this.runTool(tool, argv, io);
    if (installed && this.hasProgram !== undefined) {
      // The image has the program, but the simulation does not run it.
      io.err.write(`error: "${name}" is not simulated by labgrader\n`);
      return 1;
    }
    if (name.includes("/")) {
      const path = this.fs.resolve(this.cwd, name);
      if (this.fs.isFile(path)) return this.runScriptFile(path, argv, io);
    }
    return this.cannotRun(name, io);
  }

  /**
   * How the shell's messages begin, in its dialect (measured on bash 5.2, dash 0.5 and BusyBox
   * 1.35): the name it runs as (`$0`) and, but for bash at a prompt, the line of the command
   * in what it reads: bash `bash: line 3: `, dash `sh: 3: `, ash only for a script file
   * (`s.sh: line 3: `).
   */
  prologue(): string {
    if (this.dialect === "dash") return `${this.arg0}: ${this.line}: `;
    const lined = this.dialect === "ash" ? this.input === "file" : this.input !== "interactive";
    return lined ? `${this.arg0}: line ${this.line}: ` : `${this.arg0}: `;
  }

  /**
   * What the shell says of a command it cannot run, in its dialect's words: 127 when there is
   * no such command, 126 for a directory.
   */
  private cannotRun(name: string, io: Io): number {
    const isPath = name.includes("/");
    const dir = isPath && this.fs.isDir(this.fs.resolve(this.cwd, name));
    const reason =
      this.dialect === "dash" || this.dialect === "ash"
        ? dir
          ? "Permission denied"
          : "not found"
        : dir
          ? "Is a directory"
          : isPath
            ? "No such file or directory"
            : "command not found";
    io.err.write(`${this.prologue()}${name}: ${reason}\n`);
    return dir ? 126 : 127;
  }

  /** `/usr/bin/grep` and friends resolve to the tool of that name. */
  private pathCommand(name: string): ToolCommand | undefined {
    const m = /^\/(?:usr\/)?(?:local\/)?s?bin\/([^/]+)$/.exec(name);
    if (!m) return undefined;
    return TOOLS.get(m[1]) ?? this.resolveCommand(m[1]);
  }

  /** `./script.sh` or `bash script.sh`: the file runs in a subshell with its arguments. */
  runScriptFile(path: string, argv: string[], io: Io): number {
    const text = this.fs.readFile(path);
    if (!text.ok) {
      io.err.write(`${this.prologue()}${argv[0]}: ${text.message}\n`);
      return 127;
    }
    return this.subshell(() => {
      this.positional = argv.slice(1);
      this.arg0 = argv[0];
      this.input = "file";
      return this.withCallDepth(() => this.runText(text.value, io));
    }, io);
  }

  withCallDepth(fn: () => number): number {
    if (++this.callDepth > this.limits.maxCallDepth) this.callDepthExceeded();
    try {
      return fn();
    } finally {
      this.callDepth--;
    }
  }

  private callDepthExceeded(): never {
    this.callDepth = 0;
    throw new LimitError(`more than ${this.limits.maxCallDepth} nested function calls`, "call depth limit");
  }

  private callFunction(body: Command, argv: string[], io: Io): number {
    const savedPositional = this.positional;
    this.positional = argv.slice(1);
    this.localFrames.push(new Map());
    try {
      return this.withCallDepth(() => this.runCommand(body, io));
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      const frame = this.localFrames.pop()!;
      for (const [k, v] of frame) v ? this.vars.set(k, v) : this.vars.delete(k);
      this.positional = savedPositional;
    }
  }

  private runTool(tool: ToolCommand, argv: string[], io: Io): number {
    const ctx = new ToolContext(this, argv, io.stdin);
    let res: ExecResult;
    try {
      res = tool.run(ctx);
    } catch (e) {
      if (e instanceof LimitError || e instanceof ExitSignal || e instanceof RangeError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      res = { stdout: "", stderr: `labgrader: internal error in ${argv[0]}: ${msg}\n`, exitCode: 1 };
    }
    if (ctx.consumed) io.stdin.consumeAll();
    io.out.write(res.stdout);
    io.err.write(res.stderr);
    return res.exitCode;
  }

  // --- redirections ---

  private openRedirs(redirs: Redirect[], io: Io): { io: Io; files: FileSink[] } | string {
    let stdin = io.stdin;
    const fds: (Sink | undefined)[] = [undefined, io.out, io.err];
    const files: FileSink[] = [];
    for (const r of redirs) {
      let target: string;
      try {
        if (r.op === "<<") {
          const body = r.heredoc?.body ?? "";
          if (r.fd === 0) stdin = new InStream(typeof body === "string" ? body : expandString(this.expander, body));
          continue;
        }
        target = expandString(this.expander, r.target);
      } catch (e) {
        if (e instanceof ExpansionError) return `${this.prologue()}${e.message}\n`;
        throw e;
      }
      if (r.op === "<<<") {
        if (r.fd === 0) stdin = new InStream(`${target}\n`);
        continue;
      }
      if (r.op === "<") {
        const path = this.fs.resolve(this.cwd, target);
        const text = this.fs.readFile(path);
        if (!text.ok) return `${this.prologue()}${target}: ${text.message}\n`;
        if (r.fd === 0) stdin = new InStream(text.value);
        continue;
      }
      if (r.op === ">&" || r.op === "<&") {
        if (target === "-") {
          fds[r.fd] = NULL_SINK;
          continue;
        }
        if (/^\d+$/.test(target)) {
          if (r.op === "<&") continue;
          const src = fds[Number(target)];
          if (!src) return `${this.prologue()}${target}: Bad file descriptor\n`;
          fds[r.fd] = src;
          continue;
        }
        if (r.op === "<&") return `${this.prologue()}${target}: ambiguous redirect\n`;
      }
      if (r.op === "<>") continue;
      const append = r.op === ">>" || r.op === "&>>";
      const sink = this.openFile(target, append, fds);
      if (typeof sink === "string") return sink;
      if (sink instanceof FileSink) files.push(sink);
      if (r.op === "&>" || r.op === "&>>" || (r.op === ">&" && r.fd === 1)) {
        fds[1] = sink;
        fds[2] = sink;
      } else fds[r.fd] = sink;
    }
    return { io: { stdin, out: fds[1] ?? NULL_SINK, err: fds[2] ?? NULL_SINK }, files };
  }

  private openFile(target: string, append: boolean, fds: (Sink | undefined)[]): Sink | string {
    if (target === "/dev/null") return NULL_SINK;
    if (target === "/dev/stdout") return fds[1] ?? NULL_SINK;
    if (target === "/dev/stderr") return fds[2] ?? NULL_SINK;
    if (target === "") return `${this.prologue()}: No such file or directory\n`;
    const path = this.fs.resolve(this.cwd, target);
    if (this.fs.isDir(path)) return `${this.prologue()}${target}: Is a directory\n`;
    if (!append || !this.fs.exists(path)) {
      const r = this.fs.writeFile(path, "");
      if (!r.ok) return `${this.prologue()}${target}: ${r.message}\n`;
    }
    return new FileSink(this.fs, path);
  }

  private closeRedirs(files: FileSink[], io: Io): void {
    for (const f of files) if (f.error) io.err.write(`${this.prologue()}${f.path}: ${f.error}\n`);
  }
}

function traceQuote(s: string): string {
  return /^[A-Za-z0-9_./=:,+@%^-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

export function shellQuote(s: string): string {
  return s !== "" && /^[A-Za-z0-9_./=:,+@%^-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

export { isBuiltinName };

// The two views below are classes rather than object literals with a getter: a literal's
// getter gives each object a map (hidden class) of its own, and maps live in the old
// generation, so through the getter's closure every shell (and the simulation it belongs to)
// stayed alive until the next full collection, copied and promoted by every minor one.

/** What word expansion needs from the shell. */
class ShellExpandHost implements ExpandHost {
  constructor(private readonly shell: Shell) {}
  get fs(): VirtualFs {
    return this.shell.fs;
  }
  get cwd(): string {
    return this.shell.cwd;
  }
  getVar(name: string): string | undefined {
    return this.shell.getVar(name);
  }
  setVar(name: string, value: string): void {
    this.shell.setVar(name, value);
  }
  positional(): string[] {
    return this.shell.positional;
  }
  substitute(body: Script): string {
    return this.shell.substitute(body);
  }
  homeOf(user: string): string | undefined {
    if (user === "") return this.shell.getVar("HOME") ?? "/root";
    if (user === "root") return "/root";
    return this.shell.fs.isDir(`/home/${user}`) ? `/home/${user}` : undefined;
  }
}

/** A tool's view of its invocation; reading `stdin` consumes the input. */
class ToolContext implements CommandContext {
  consumed = false;
  readonly env: ShellEnvironment;
  readonly cwd: string;
  readonly fs: VirtualFs;
  readonly host: HostServices;
  constructor(
    private readonly shell: Shell,
    readonly argv: string[],
    private readonly input: InStream,
  ) {
    this.env = shell.env;
    this.cwd = shell.cwd;
    this.fs = shell.fs;
    this.host = shell.host;
  }
  get stdin(): string {
    this.consumed = true;
    return this.input.rest();
  }
  exec(line: string): ExecResult {
    return this.shell.execNested(line);
  }
  shellPrologue(): string {
    return this.shell.prologue();
  }
}
