/**
 * Shell builtins: the commands that read or change the session itself (cd, export, set,
 * read, source, exit ...). Each writes to the command's sinks and returns its exit status,
 * with bash's own wording for errors.
 */
import { ArithError } from "./arith.ts";
import type { Shell, ShellInput } from "./interpreter.ts";
import type { Io } from "./io.ts";
import { LimitError } from "./limits.ts";
import { ExitSignal, LoopSignal, ReturnSignal } from "./signals.ts";
import { runTest, TestError } from "./test-expr.ts";
import { TOOLS } from "./tools/index.ts";
import { localeQuote } from "./tools/util.ts";

export type Builtin = (sh: Shell, argv: string[], io: Io) => number;

const KEYWORDS = new Set([
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "case",
  "esac",
  "for",
  "while",
  "until",
  "do",
  "done",
  "in",
  "function",
  "{",
  "}",
  "!",
  "[[",
  "]]",
  "time",
  "select",
]);
/** Builtins that also exist as files in /usr/bin, so `which` finds them. */
const ALSO_BINARIES = new Set([
  "echo",
  "printf",
  "pwd",
  "true",
  "false",
  "test",
  "[",
  "sleep",
  "kill",
  "env",
  "which",
  "bash",
  "sh",
  "dash",
  "sudo",
  "su",
]);
/** Programs the simulation runs as builtins, which `type` and `command -v` show as files. */
const PROGRAMS_RUN_AS_BUILTINS = new Set(["which", "sleep", "bash", "sh", "dash", "ash", "sudo", "su"]);
const TYPE_AS_BUILTIN = new Set(["echo", "printf", "pwd", "test", "[", "kill"]);

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function cd(sh: Shell, argv: string[], io: Io): number {
  const args = argv.slice(1).filter((a, i) => !(i === 0 && (a === "-L" || a === "-P" || a === "--")));
  if (args.length > 1) {
    io.err.write(`${sh.prologue()}cd: too many arguments\n`);
    return 1;
  }
  let target: string | undefined = args[0];
  let print = false;
  if (target === undefined || target === "") {
    target = sh.getVar("HOME");
    if (target === undefined) {
      io.err.write(`${sh.prologue()}cd: HOME not set\n`);
      return 1;
    }
  } else if (target === "-") {
    target = sh.getVar("OLDPWD");
    if (target === undefined) {
      io.err.write(`${sh.prologue()}cd: OLDPWD not set\n`);
      return 1;
    }
    print = true;
  }
  const path = sh.fs.resolve(sh.cwd, target);
  if (!sh.fs.isDir(path)) {
    const why = sh.fs.exists(path) ? "Not a directory" : "No such file or directory";
    io.err.write(`${sh.prologue()}cd: ${args[0]}: ${why}\n`);
    return 1;
  }
  sh.setVar("OLDPWD", sh.cwd, true);
  sh.cwd = path;
  sh.setVar("PWD", path, true);
  if (print) io.out.write(`${path}\n`);
  return 0;
}

function quoteValue(v: string): string {
  return v.replace(/(["\\$`])/g, "\\$1");
}

function exportCmd(sh: Shell, argv: string[], io: Io): number {
  let unexport = false;
  let status = 0;
  const names = argv.slice(1).filter((a) => {
    if (a === "-n") unexport = true;
    return !a.startsWith("-") || a.includes("=");
  });
  if (names.length === 0) {
    const lines = [...sh.vars.entries()]
      .filter(([, v]) => v.exported)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `declare -x ${k}="${quoteValue(v.value)}"\n`);
    io.out.write(lines.join(""));
    return 0;
  }
  for (const a of names) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME_RE.test(name)) {
      io.err.write(`${sh.prologue()}export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    const value = eq < 0 ? sh.vars.get(name)?.value : a.slice(eq + 1);
    if (value === undefined) {
      if (!unexport) sh.vars.set(name, { value: "", exported: true });
      continue;
    }
    sh.setVar(name, value, !unexport);
  }
  return status;
}

function unset(sh: Shell, argv: string[], io: Io): number {
  let funcs = false;
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a === "-f") funcs = true;
    else if (a === "-v") funcs = false;
    else if (funcs) sh.funcs.delete(a);
    else if (!NAME_RE.test(a)) {
      io.err.write(`${sh.prologue()}unset: \`${a}': not a valid identifier\n`);
      status = 1;
    } else sh.unsetVar(a);
  }
  return status;
}

const SET_FLAGS: Record<string, "errexit" | "xtrace" | "nounset" | undefined> = {
  e: "errexit",
  x: "xtrace",
  u: "nounset",
};

function set(sh: Shell, argv: string[], io: Io): number {
  const args = argv.slice(1);
  if (args.length === 0) {
    const lines = [...sh.vars.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(
        ([k, v]) =>
          `${k}=${/^[A-Za-z0-9_./:@%+,-]*$/.test(v.value) ? v.value : `'${v.value.replace(/'/g, "'\\''")}'`}\n`,
      );
    io.out.write(lines.join(""));
    return 0;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      sh.positional = args.slice(i + 1);
      return 0;
    }
    if ((a[0] === "-" || a[0] === "+") && a.length > 1) {
      const on = a[0] === "-";
      for (const f of a.slice(1)) {
        if (f === "o") {
          const opt = args[++i];
          if (opt === "pipefail") sh.options.pipefail = on;
          else if (opt === "errexit") sh.options.errexit = on;
          else if (opt === "xtrace") sh.options.xtrace = on;
          else if (opt === "nounset") sh.options.nounset = on;
          else if (opt !== undefined && !["vi", "emacs", "noclobber", "history", "posix", "noglob"].includes(opt)) {
            io.err.write(`${sh.prologue()}set: ${opt}: invalid option name\n`);
            return 1;
          }
        } else {
          const key = SET_FLAGS[f];
          if (key) sh.options[key] = on;
          else if (!"abfhkmnptvBCHP".includes(f)) {
            io.err.write(`${sh.prologue()}set: ${a[0]}${f}: invalid option\n`);
            return 2;
          }
        }
      }
      continue;
    }
    sh.positional = args.slice(i);
    return 0;
  }
  return 0;
}

function alias(sh: Shell, argv: string[], io: Io): number {
  const args = argv.slice(1).filter((a) => a !== "-p");
  const show = (name: string, v: string) => `alias ${name}='${v.replace(/'/g, "'\\''")}'\n`;
  if (args.length === 0) {
    for (const name of [...sh.aliases.keys()].sort()) io.out.write(show(name, sh.aliases.get(name)!));
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq > 0) sh.aliases.set(a.slice(0, eq), a.slice(eq + 1));
    else if (sh.aliases.has(a)) io.out.write(show(a, sh.aliases.get(a)!));
    else {
      io.err.write(`${sh.prologue()}alias: ${a}: not found\n`);
      status = 1;
    }
  }
  return status;
}

function unalias(sh: Shell, argv: string[], io: Io): number {
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a === "-a") sh.aliases.clear();
    else if (!sh.aliases.delete(a)) {
      io.err.write(`${sh.prologue()}unalias: ${a}: not found\n`);
      status = 1;
    }
  }
  return status;
}

function source(sh: Shell, argv: string[], io: Io): number {
  const file = argv[1];
  if (file === undefined) {
    io.err.write(
      `${sh.prologue()}${argv[0]}: filename argument required\n${argv[0]}: usage: ${argv[0]} filename [arguments]\n`,
    );
    return 2;
  }
  const path = sh.fs.resolve(sh.cwd, file);
  const text = sh.fs.readFile(path);
  if (!text.ok) {
    io.err.write(`${sh.prologue()}${file}: ${text.message}\n`);
    return 1;
  }
  const savedPositional = sh.positional;
  if (argv.length > 2) sh.positional = argv.slice(2);
  sh.sourceDepth++;
  try {
    return sh.withCallDepth(() => sh.runText(text.value, io));
  } catch (e) {
    if (e instanceof ReturnSignal) return e.code;
    throw e;
  } finally {
    sh.sourceDepth--;
    if (argv.length > 2) sh.positional = savedPositional;
  }
}

function numericArg(sh: Shell, argv: string[], io: Io): number | undefined {
  const a = argv[1];
  if (a === undefined) return sh.lastStatus;
  if (!/^[+-]?\d+$/.test(a)) {
    io.err.write(`${sh.prologue()}${argv[0]}: ${a}: numeric argument required\n`);
    return undefined;
  }
  return ((Number(a) % 256) + 256) % 256;
}

function exit(sh: Shell, argv: string[], io: Io): number {
  const code = numericArg(sh, argv, io);
  throw new ExitSignal(code ?? 2);
}

function returnCmd(sh: Shell, argv: string[], io: Io): number {
  if (sh.localFrames.length === 0 && sh.sourceDepth === 0) {
    io.err.write(`${sh.prologue()}return: can only \`return' from a function or sourced file\n`);
    return 1;
  }
  const code = numericArg(sh, argv, io);
  throw new ReturnSignal(code ?? 2);
}

function loopControl(kind: "break" | "continue"): (sh: Shell, argv: string[], io: Io) => number {
  return (sh, argv, io) => {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    if (!Number.isInteger(n) || n < 1) {
      io.err.write(`${sh.prologue()}${kind}: ${argv[1]}: loop count out of range\n`);
      return 1;
    }
    throw new LoopSignal(kind, n);
  };
}

function read(sh: Shell, argv: string[], io: Io): number {
  let raw = false;
  const names: string[] = [];
  let delim = "\n";
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-r") raw = true;
    else if (a === "-p" || a === "-t" || a === "-n" || a === "-N" || a === "-u") i++;
    else if (a === "-d") delim = argv[++i] ?? "\n";
    else if (a === "-s" || a === "-e") continue;
    else if (/^-[rse]+$/.test(a)) raw = raw || a.includes("r");
    else names.push(a);
  }
  let line = "";
  let complete = false;
  const s = io.stdin;
  for (;;) {
    let chunk: string;
    if (delim === "\n") {
      const l = s.readLine();
      if (!l) break;
      chunk = l.line;
      complete = l.newline;
    } else {
      const rest = s.rest();
      if (rest === "") break;
      const at = delim === "" ? rest.indexOf("\0") : rest.indexOf(delim[0]);
      chunk = at < 0 ? rest : rest.slice(0, at);
      complete = at >= 0;
      s.pos += at < 0 ? rest.length : at + 1;
    }
    if (!raw && chunk.endsWith("\\") && complete) {
      line += chunk.slice(0, -1);
      continue;
    }
    line += chunk;
    break;
  }
  if (!complete && line === "") {
    for (const n of names.length ? names : ["REPLY"]) sh.setVar(n, "");
    return 1;
  }
  if (!raw) line = line.replace(/\\(.)/g, "$1");
  if (names.length === 0) {
    sh.setVar("REPLY", line);
    return complete ? 0 : 1;
  }
  const ifs = sh.getVar("IFS") ?? " \t\n";
  const isWs = (c: string) => ifs.includes(c) && (c === " " || c === "\t" || c === "\n");
  let rest = line;
  const trimStart = (t: string) => {
    let i = 0;
    while (i < t.length && isWs(t[i])) i++;
    return t.slice(i);
  };
  rest = trimStart(rest);
  for (let k = 0; k < names.length; k++) {
    if (k === names.length - 1) {
      let end = rest.length;
      while (end > 0 && isWs(rest[end - 1])) end--;
      sh.setVar(names[k], rest.slice(0, end));
      break;
    }
    let i = 0;
    while (i < rest.length && !ifs.includes(rest[i])) i++;
    sh.setVar(names[k], rest.slice(0, i));
    rest = rest.slice(i);
    rest = trimStart(rest);
    if (rest.length && ifs.includes(rest[0]) && !isWs(rest[0])) rest = trimStart(rest.slice(1));
  }
  return complete ? 0 : 1;
}

function shift(sh: Shell, argv: string[], io: Io): number {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0) {
    io.err.write(`${sh.prologue()}shift: ${argv[1]}: numeric argument required\n`);
    return 1;
  }
  if (n > sh.positional.length) return 1;
  sh.positional = sh.positional.slice(n);
  return 0;
}

function declareLike(name: string): (sh: Shell, argv: string[], io: Io) => number {
  return (sh, argv, io) => {
    const inFunction = sh.localFrames.length > 0;
    if (name === "local" && !inFunction) {
      io.err.write(`${sh.prologue()}local: can only be used in a function\n`);
      return 1;
    }
    let exported = false;
    let status = 0;
    const makeLocal = name === "local" || ((name === "declare" || name === "typeset") && inFunction);
    for (const a of argv.slice(1)) {
      if (/^[-+][a-zA-Z]+$/.test(a)) {
        if (a.includes("x")) exported = a[0] === "-";
        continue;
      }
      const eq = a.indexOf("=");
      const v = eq < 0 ? undefined : a.slice(eq + 1);
      const n = eq < 0 ? a : a.slice(0, eq).replace(/\+$/, "");
      if (!NAME_RE.test(n)) {
        io.err.write(`${sh.prologue()}${name}: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (makeLocal) {
        const frame = sh.localFrames[sh.localFrames.length - 1];
        if (!frame.has(n)) frame.set(n, sh.vars.get(n));
        if (v === undefined) {
          sh.vars.delete(n);
          continue;
        }
      }
      if (v !== undefined) sh.setVar(n, v, exported || undefined);
      else if (exported) sh.setVar(n, sh.vars.get(n)?.value ?? "", true);
    }
    return status;
  };
}

function typeCmd(sh: Shell, argv: string[], io: Io): number {
  let status = 0;
  let terse = false;
  for (const name of argv.slice(1)) {
    if (name === "-t") {
      terse = true;
      continue;
    }
    if (name.startsWith("-")) continue;
    const alias = sh.aliases.get(name);
    const kind =
      alias !== undefined
        ? "alias"
        : KEYWORDS.has(name)
          ? "keyword"
          : sh.funcs.has(name)
            ? "function"
            : isBuiltinName(name)
              ? "builtin"
              : isFileCommand(sh, name)
                ? "file"
                : undefined;
    if (!kind) {
      if (!terse) io.err.write(`${sh.prologue()}type: ${name}: not found\n`);
      status = 1;
      continue;
    }
    if (terse) io.out.write(`${kind}\n`);
    else if (kind === "alias") io.out.write(`${name} is aliased to \`${alias}'\n`);
    else if (kind === "keyword") io.out.write(`${name} is a shell keyword\n`);
    else if (kind === "function") io.out.write(`${name} is a function\n`);
    else if (kind === "builtin") io.out.write(`${name} is a shell builtin\n`);
    else io.out.write(`${name} is ${binaryPath(name)}\n`);
  }
  return status;
}

/** Whether `name` is a program on the PATH: in a container, whether its image has it. */
function isFileCommand(sh: Shell, name: string): boolean {
  if (sh.hasProgram) return sh.hasProgram(name);
  return TOOLS.has(name) || sh.resolveCommand(name) !== undefined || ALSO_BINARIES.has(name);
}

function binaryPath(name: string): string {
  return `/usr/bin/${name}`;
}

function which(sh: Shell, argv: string[], io: Io): number {
  let status = 0;
  for (const name of argv.slice(1)) {
    if (name.startsWith("-")) continue;
    if (isFileCommand(sh, name)) io.out.write(`${binaryPath(name)}\n`);
    else status = 1;
  }
  return status;
}

function command(sh: Shell, argv: string[], io: Io): number {
  if (argv[1] === "-v" || argv[1] === "-V") {
    let status = 0;
    for (const name of argv.slice(2)) {
      if (sh.aliases.has(name)) io.out.write(`alias ${name}='${sh.aliases.get(name)}'\n`);
      else if (sh.funcs.has(name) || isBuiltinName(name) || KEYWORDS.has(name)) io.out.write(`${name}\n`);
      else if (isFileCommand(sh, name)) io.out.write(`${binaryPath(name)}\n`);
      else status = 1;
    }
    return status;
  }
  const rest = argv.slice(1);
  if (rest.length === 0) return 0;
  const b = BUILTINS.get(rest[0]);
  if (b) return b(sh, rest, io);
  const fn = sh.funcs.get(rest[0]);
  if (fn) sh.funcs.delete(rest[0]);
  try {
    return sh.invoke(rest, io);
  } finally {
    if (fn) sh.funcs.set(rest[0], fn);
  }
}

function evalCmd(sh: Shell, argv: string[], io: Io): number {
  const text = argv.slice(1).join(" ");
  if (text.trim() === "") return 0;
  return sh.withCallDepth(() => sh.runText(text, io));
}

const DURATION_RE = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/;
const UNIT_MS: Record<string, number> = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function sleep(sh: Shell, argv: string[], io: Io): number {
  const args = argv.slice(1);
  if (args.length === 0) {
    io.err.write("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let ms = 0;
  for (const a of args) {
    const m = DURATION_RE.exec(a);
    if (!m) {
      io.err.write(
        `sleep: invalid time interval ${localeQuote(sh.env, a)}\nTry 'sleep --help' for more information.\n`,
      );
      return 1;
    }
    ms += Number(m[1]) * UNIT_MS[m[2]];
  }
  if (!sh.host.advance(Math.round(ms))) throw new LimitError("virtual time bound exceeded", "virtual time limit");
  return 0;
}

function let_(sh: Shell, argv: string[], io: Io): number {
  if (argv.length < 2) {
    io.err.write(`${sh.prologue()}let: expression expected\n`);
    return 1;
  }
  let v = 0;
  try {
    for (const a of argv.slice(1)) v = sh.arith(a);
  } catch (e) {
    if (e instanceof ArithError) {
      io.err.write(`${sh.prologue()}let: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  return v !== 0 ? 0 : 1;
}

function test(sh: Shell, argv: string[], io: Io): number {
  let args = argv.slice(1);
  if (argv[0] === "[") {
    if (args[args.length - 1] !== "]") {
      io.err.write(`${sh.prologue()}[: missing \`]'\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return runTest(sh, args, argv[0]);
  } catch (e) {
    if (e instanceof TestError) {
      io.err.write(`${sh.prologue()}${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * `bash -c 'cmd' [name args]`, `bash file args`, or a script on stdin (and `sh`, `dash`, `ash`
 * alike, each speaking its own dialect): runs in a subshell, `$0` the shell's name as typed, the
 * script's or the name given.
 */
function bash(sh: Shell, argv: string[], io: Io): number {
  const dialect = sh.dialectOf(argv[0].slice(argv[0].lastIndexOf("/") + 1));
  let i = 1;
  const flags: string[] = [];
  while (i < argv.length && /^[-+][a-zA-Z]+$/.test(argv[i]) && argv[i] !== "-c") flags.push(argv[i++]);
  const withFlags = (input: ShellInput, arg0: string, fn: () => number) =>
    sh.subshell(() => {
      for (const f of flags) if (f.includes("e")) sh.options.errexit = f[0] === "-";
      for (const f of flags) if (f.includes("x")) sh.options.xtrace = f[0] === "-";
      sh.dialect = dialect;
      sh.input = input;
      sh.arg0 = arg0;
      return sh.withCallDepth(fn);
    }, io);
  if (argv[i] === "-c") {
    const text = argv[i + 1];
    if (text === undefined) {
      io.err.write(`${argv[0]}: -c: option requires an argument\n`);
      return 2;
    }
    const name = argv[i + 2];
    return withFlags(name === undefined ? "command" : "named-command", name ?? argv[0], () => {
      sh.positional = argv.slice(i + 3);
      return sh.runText(text, io);
    });
  }
  if (argv[i] !== undefined) {
    const path = sh.fs.resolve(sh.cwd, argv[i]);
    const text = sh.fs.readFile(path);
    if (!text.ok) {
      io.err.write(`${argv[0]}: ${argv[i]}: ${text.message}\n`);
      return 127;
    }
    return withFlags("file", argv[i], () => {
      sh.positional = argv.slice(i + 1);
      return sh.runText(text.value, io);
    });
  }
  const script = io.stdin.rest();
  io.stdin.consumeAll();
  return withFlags("stdin", argv[0], () => sh.runText(script, io));
}

/** Signals `trap` knows, by number, as bash names them. */
const SIGNALS: ReadonlyMap<number, string> = new Map([
  [1, "SIGHUP"],
  [2, "SIGINT"],
  [3, "SIGQUIT"],
  [6, "SIGABRT"],
  [9, "SIGKILL"],
  [10, "SIGUSR1"],
  [12, "SIGUSR2"],
  [13, "SIGPIPE"],
  [14, "SIGALRM"],
  [15, "SIGTERM"],
  [17, "SIGCHLD"],
]);

/** A trap condition as `trap` lists it (`EXIT`, `SIGINT`), or undefined if it is not one. */
function trapCondition(spec: string): string | undefined {
  const upper = spec.toUpperCase();
  if (upper === "EXIT" || spec === "0") return "EXIT";
  if (/^\d+$/.test(spec)) return SIGNALS.get(Number(spec));
  const name = upper.startsWith("SIG") ? upper : `SIG${upper}`;
  return [...SIGNALS.values()].includes(name) ? name : undefined;
}

/** The order bash lists traps in: EXIT, then by signal number. */
function trapOrder(condition: string): number {
  if (condition === "EXIT") return 0;
  for (const [n, name] of SIGNALS) if (name === condition) return n;
  return 99;
}

/**
 * `trap [-p] [command condition...]`: sets, resets (`-`) or lists what runs on a condition.
 * EXIT runs as the shell ends (see Shell.exiting); signals are kept and listed.
 */
function trap(sh: Shell, argv: string[], io: Io): number {
  let args = argv.slice(1);
  if (args[0] === "--") args = args.slice(1);
  const list = (only?: string[]) => {
    const shown = [...sh.traps].filter(([c]) => !only || only.includes(c));
    shown.sort((a, b) => trapOrder(a[0]) - trapOrder(b[0]));
    for (const [c, cmd] of shown) io.out.write(`trap -- '${cmd.replace(/'/g, "'\\''")}' ${c}\n`);
  };
  if (args.length === 0) {
    list();
    return 0;
  }
  if (args[0] === "-p") {
    const conditions = args.slice(1).map(trapCondition);
    list(conditions.length ? conditions.filter((c): c is string => c !== undefined) : undefined);
    return 0;
  }
  if (args[0] === "-l") return 0;
  // One argument that is a condition resets it, as `trap - condition` does.
  const reset = args.length === 1 || args[0] === "-";
  const command = args.length === 1 ? "-" : args[0];
  let status = 0;
  for (const spec of args.length === 1 ? args : args.slice(1)) {
    const condition = trapCondition(spec);
    if (condition === undefined) {
      io.err.write(`${sh.prologue()}trap: ${spec}: invalid signal specification\n`);
      status = 1;
      continue;
    }
    if (reset || command === "-") sh.traps.delete(condition);
    else sh.traps.set(condition, command);
  }
  return status;
}

const SUDO_USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
`;

/** What sudo 1.9 adds when asked to run `cd`. */
const SUDO_CD_HINT = `sudo: "cd" is a shell built-in command, it cannot be run directly.
sudo: the -s option may be used to run a privileged shell.
sudo: the -D option may be used to run a command in a specific directory.
`;

/** sudo's flags that take a value (`-u user`). */
const SUDO_VALUED = new Set(["u", "g", "h", "p", "r", "t", "C", "D", "R", "T", "U"]);

/**
 * `sudo [-i | -s] [-u user] [VAR=value] [command]` on a host, whose shell is already root's:
 * the command runs as it would without sudo; `-i` (a login shell) starts from root's home;
 * bare `-i`/`-s` leave the student at a root prompt, as they were. Only root exists.
 */
function sudo(sh: Shell, argv: string[], io: Io): number {
  let i = 1;
  let login = false;
  let shell = false;
  while (i < argv.length && argv[i].startsWith("-") && argv[i] !== "-") {
    const a = argv[i++];
    if (a === "--") break;
    for (let k = 1; k < a.length; k++) {
      const f = a[k];
      if (f === "i") login = true;
      else if (f === "s") shell = true;
      else if (SUDO_VALUED.has(f)) {
        const value = k + 1 < a.length ? a.slice(k + 1) : argv[i++];
        if (f === "u" && value !== "root" && value !== "#0") {
          io.err.write(`sudo: unknown user ${value}\nsudo: error initializing audit plugin sudoers_audit\n`);
          return 1;
        }
        break;
      } else if (!"ABbEHkNnPSKV".includes(f)) {
        io.err.write(`sudo: invalid option -- '${f}'\n${SUDO_USAGE}`);
        return 1;
      }
    }
  }
  const assigns: string[] = [];
  while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i])) assigns.push(argv[i++]);
  const command = argv.slice(i);
  if (command.length === 0 && !login && !shell) {
    if (argv.length === 1) {
      io.err.write(SUDO_USAGE);
      return 1;
    }
    return 0;
  }
  const home = sh.getVar("HOME") ?? "/root";
  if (command.length === 0) {
    // A root shell for what the student types next: a login shell starts at home.
    if (login) sh.cwd = home;
    return 0;
  }
  const name = command[0];
  // sudo runs programs, not the shell's builtins (`sudo cd` is refused, `sudo echo` is /usr/bin/echo).
  const known = isFileCommand(sh, name) || (name.includes("/") && sh.fs.isFile(sh.fs.resolve(sh.cwd, name)));
  if (!known) {
    io.err.write(`sudo: ${name}: command not found\n`);
    if (name === "cd") io.err.write(SUDO_CD_HINT);
    return 1;
  }
  if (assigns.length === 0 && !login) return sh.invoke(command, io);
  return sh.subshell(() => {
    if (login) sh.cwd = home;
    for (const a of assigns) {
      const eq = a.indexOf("=");
      sh.setVar(a.slice(0, eq), a.slice(eq + 1), true);
    }
    return sh.invoke(command, io);
  });
}

/** `su [-] [root] [-c command]`: root's shell again (`-`: from its home); no other user exists. */
function su(sh: Shell, argv: string[], io: Io): number {
  let login = false;
  let command: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-" || a === "-l" || a === "--login") login = true;
    else if (a === "-c" || a === "--command") command = argv[++i];
    else if (a !== "root") {
      io.err.write(`su: user ${a} does not exist or the user entry does not contain all the required fields\n`);
      return 1;
    }
  }
  const home = sh.getVar("HOME") ?? "/root";
  if (command === undefined) {
    if (login) sh.cwd = home;
    return 0;
  }
  return sh.subshell(() => {
    if (login) sh.cwd = home;
    return sh.runText(command, io);
  }, io);
}

const noop: Builtin = () => 0;

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ["cd", cd],
  ["export", exportCmd],
  ["unset", unset],
  ["set", set],
  ["alias", alias],
  ["unalias", unalias],
  ["source", source],
  [".", source],
  ["exit", exit],
  ["logout", exit],
  ["return", returnCmd],
  ["break", loopControl("break")],
  ["continue", loopControl("continue")],
  ["read", read],
  ["shift", shift],
  ["local", declareLike("local")],
  ["declare", declareLike("declare")],
  ["typeset", declareLike("typeset")],
  ["readonly", declareLike("readonly")],
  ["type", typeCmd],
  ["which", which],
  ["command", command],
  ["eval", evalCmd],
  ["sleep", sleep],
  ["let", let_],
  ["test", test],
  ["[", test],
  ["true", () => 0],
  [":", () => 0],
  ["false", () => 1],
  ["bash", bash],
  ["sh", bash],
  ["builtin", (sh, argv, io): number => BUILTINS.get(argv[1] ?? "")?.(sh, argv.slice(1), io) ?? 0],
  ["hash", noop],
  ["shopt", noop],
  ["trap", trap],
  ["sudo", sudo],
  ["su", su],
  ["wait", noop],
  ["history", noop],
  ["ulimit", noop],
  ["disown", noop],
  ["jobs", noop],
  [
    "umask",
    (_sh, argv, io) => {
      if (argv.length === 1) io.out.write("0022\n");
      return 0;
    },
  ],
]);

const BUILTIN_NAMES = new Set([...BUILTINS.keys(), ...TYPE_AS_BUILTIN].filter((n) => !PROGRAMS_RUN_AS_BUILTINS.has(n)));

export function isBuiltinName(name: string): boolean {
  return BUILTIN_NAMES.has(name);
}
