/**
 * `test`, `[` and `[[ ]]`: file, string and integer tests. `test` follows POSIX's rules by
 * argument count and falls back to a `! -a -o ( )` precedence parser for longer lists.
 */
import type { VirtualFs } from "./vfs.ts";

export class TestError {
  constructor(readonly message: string) {}
}

export interface TestHost {
  fs: VirtualFs;
  cwd: string;
  getVar(name: string): string | undefined;
}

const UNARY = new Set([
  "-e",
  "-f",
  "-d",
  "-s",
  "-r",
  "-w",
  "-x",
  "-L",
  "-h",
  "-b",
  "-c",
  "-p",
  "-S",
  "-t",
  "-z",
  "-n",
  "-g",
  "-u",
  "-k",
  "-O",
  "-G",
  "-N",
  "-a",
  "-v",
]);
const BINARY = new Set(["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"]);

export function unaryTest(host: TestHost, op: string, arg: string): boolean {
  const path = () => host.fs.resolve(host.cwd, arg);
  switch (op) {
    case "-z":
      return arg === "";
    case "-n":
      return arg !== "";
    case "-e":
    case "-a":
    case "-r":
    case "-w":
    case "-O":
    case "-G":
      return arg !== "" && host.fs.exists(path());
    case "-x":
      return arg !== "" && host.fs.isDir(path());
    case "-f":
      return arg !== "" && host.fs.isFile(path());
    case "-d":
      return arg !== "" && host.fs.isDir(path());
    case "-s": {
      const st = host.fs.stat(path());
      return st.ok && st.value.size > 0;
    }
    case "-v":
      return host.getVar(arg) !== undefined;
    default:
      return false;
  }
}

function integer(s: string, who: string): number {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new TestError(`${who}: ${s}: integer expression expected`);
  return Number(t);
}

export function binaryTest(host: TestHost, op: string, a: string, b: string, who: string): boolean {
  switch (op) {
    case "=":
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "-eq":
      return integer(a, who) === integer(b, who);
    case "-ne":
      return integer(a, who) !== integer(b, who);
    case "-lt":
      return integer(a, who) < integer(b, who);
    case "-le":
      return integer(a, who) <= integer(b, who);
    case "-gt":
      return integer(a, who) > integer(b, who);
    case "-ge":
      return integer(a, who) >= integer(b, who);
    case "-nt":
    case "-ot": {
      const sa = host.fs.stat(host.fs.resolve(host.cwd, a));
      const sb = host.fs.stat(host.fs.resolve(host.cwd, b));
      if (op === "-nt") return sa.ok && (!sb.ok || sa.value.mtime > sb.value.mtime);
      return sb.ok && (!sa.ok || sa.value.mtime < sb.value.mtime);
    }
    case "-ef":
      return (
        host.fs.resolve(host.cwd, a) === host.fs.resolve(host.cwd, b) && host.fs.exists(host.fs.resolve(host.cwd, a))
      );
  }
  throw new TestError(`${who}: ${op}: binary operator expected`);
}

/** Runs `test` / `[` with its arguments (the closing `]` already removed). Returns the exit status. */
export function runTest(host: TestHost, args: string[], who: string): number {
  const p = new TestParser(host, args, who);
  return p.evaluate() ? 0 : 1;
}

class TestParser {
  private i = 0;
  constructor(
    private readonly host: TestHost,
    private readonly args: string[],
    private readonly who: string,
  ) {}

  evaluate(): boolean {
    const a = this.args;
    switch (a.length) {
      case 0:
        return false;
      case 1:
        return a[0] !== "";
      case 2:
        if (a[0] === "!") return a[1] === "";
        if (UNARY.has(a[0])) return unaryTest(this.host, a[0], a[1]);
        throw new TestError(`${this.who}: ${a[0]}: unary operator expected`);
      case 3:
        if (BINARY.has(a[1])) return binaryTest(this.host, a[1], a[0], a[2], this.who);
        if (a[0] === "!") return !new TestParser(this.host, a.slice(1), this.who).evaluate();
        if (a[0] === "(" && a[2] === ")") return a[1] !== "";
        break;
      case 4:
        if (a[0] === "!") return !new TestParser(this.host, a.slice(1), this.who).evaluate();
        if (a[0] === "(" && a[3] === ")") return new TestParser(this.host, a.slice(1, 3), this.who).evaluate();
        break;
    }
    const v = this.or();
    if (this.i < a.length) throw new TestError(`${this.who}: too many arguments`);
    return v;
  }

  private or(): boolean {
    let v = this.and();
    while (this.args[this.i] === "-o") {
      this.i++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.args[this.i] === "-a") {
      this.i++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }

  private not(): boolean {
    if (this.args[this.i] === "!") {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const a = this.args;
    const t = a[this.i];
    if (t === undefined) throw new TestError(`${this.who}: argument expected`);
    if (t === "(") {
      this.i++;
      const v = this.or();
      if (a[this.i] !== ")") throw new TestError(`${this.who}: \`)' expected`);
      this.i++;
      return v;
    }
    if (BINARY.has(a[this.i + 1] ?? "") && this.i + 2 < a.length) {
      this.i += 3;
      return binaryTest(this.host, a[this.i - 2], t, a[this.i - 1], this.who);
    }
    if (UNARY.has(t) && this.i + 1 < a.length) {
      this.i += 2;
      return unaryTest(this.host, t, a[this.i - 1]);
    }
    this.i++;
    return t !== "";
  }
}
