/**
 * The awk interpreter: walks the AST from `parse.ts` over the input records. Values are
 * numbers, strings, or "strnums" (input-derived strings that compare numerically when they
 * look numeric), as POSIX specifies. Loops and recursion are bounded so a student's
 * `while (1)` ends with a message instead of a hang.
 */
import type { CommandContext } from "../../../types.ts";
import { posixToJs } from "../../regex.ts";
import { formatNumber, formatString, parseSpec, type Spec } from "../format.ts";
import type { AwkFunction, Dest, Expr, Program, Stmt } from "./parse.ts";

export class StrNum {
  constructor(readonly s: string) {}
}
type Scalar = number | string | StrNum | undefined;
type AwkArray = Map<string, Scalar>;
type Cell = Scalar | AwkArray;

export class AwkRuntimeError {
  constructor(readonly message: string) {}
}

const MAX_LOOP = 1_000_000;
const MAX_DEPTH = 500;
const MAX_OUTPUT = 4 * 1024 * 1024;

class NextSignal {}
class NextFileSignal {}
class ExitSignal {
  constructor(readonly code: number) {}
}
class BreakSignal {}
class ContinueSignal {}
class ReturnSignal {
  constructor(readonly value: Scalar) {}
}

const NUM_RE = /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)\s*$/;
const NUM_PREFIX = /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/;

export function toNum(v: Scalar): number {
  if (typeof v === "number") return v;
  if (v === undefined) return 0;
  const s = typeof v === "string" ? v : v.s;
  const m = NUM_PREFIX.exec(s);
  return m ? Number(m[0]) : 0;
}

function looksNumeric(v: Scalar): boolean {
  if (typeof v === "number" || v === undefined) return true;
  return v instanceof StrNum && NUM_RE.test(v.s);
}

export interface AwkIo {
  ctx: CommandContext;
  inputs: { name: string; text: string }[];
}

export class AwkMachine {
  out = "";
  err = "";
  private globals = new Map<string, Cell>();
  private frames: Map<string, Cell>[] = [];
  private fields: string[] = [""];
  private nf = 0;
  private record = "";
  private regexCache = new Map<string, RegExp>();
  private files = new Map<string, { mode: string; buf: string }>();
  private readers = new Map<string, { lines: string[]; pos: number }>();
  private rangeActive: boolean[] = [];
  private loops = 0;
  private depth = 0;
  private seed = 0;
  private randState = 0;
  private input: { lines: string[]; pos: number } = { lines: [], pos: 0 };

  constructor(
    private readonly prog: Program,
    private readonly ctx: CommandContext,
  ) {
    const g = this.globals;
    g.set("FS", " ");
    g.set("OFS", " ");
    g.set("ORS", "\n");
    g.set("RS", "\n");
    g.set("NR", 0);
    g.set("NF", 0);
    g.set("FNR", 0);
    g.set("SUBSEP", "\x1c");
    g.set("CONVFMT", "%.6g");
    g.set("OFMT", "%.6g");
    g.set("RSTART", 0);
    g.set("RLENGTH", -1);
    g.set("FILENAME", "");
    const env: AwkArray = new Map();
    for (const [k, v] of ctx.env.exported()) env.set(k, new StrNum(v));
    g.set("ENVIRON", env);
  }

  setVar(name: string, value: string): void {
    this.globals.set(name, new StrNum(value));
  }

  /** Runs BEGIN, the main loop over the inputs, and END. Returns the exit status. */
  run(inputs: () => { name: string; text: string }[], argv: string[]): number {
    const argvArr: AwkArray = new Map();
    argv.forEach((a, i) => {
      argvArr.set(String(i), new StrNum(a));
    });
    this.globals.set("ARGV", argvArr);
    this.globals.set("ARGC", argv.length);
    let code = 0;
    const begins = this.prog.rules.filter((r) => r.begin);
    const ends = this.prog.rules.filter((r) => r.end);
    const mains = this.prog.rules.filter((r) => !r.begin && !r.end);
    this.rangeActive = mains.map(() => false);
    let exiting = false;
    try {
      for (const r of begins) this.execBlock(r.action ?? []);
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
      code = e.code;
      exiting = true;
    }
    if (!exiting && (mains.length > 0 || ends.length > 0)) {
      try {
        for (const input of inputs()) {
          this.globals.set("FILENAME", input.name);
          this.globals.set("FNR", 0);
          this.input = { lines: this.splitRecords(input.text), pos: 0 };
          try {
            while (this.input.pos < this.input.lines.length) {
              this.nextRecord();
              try {
                this.runMain(mains);
              } catch (e) {
                if (!(e instanceof NextSignal)) throw e;
              }
            }
          } catch (e) {
            if (!(e instanceof NextFileSignal)) throw e;
          }
        }
      } catch (e) {
        if (!(e instanceof ExitSignal)) throw e;
        code = e.code;
      }
    }
    try {
      for (const r of ends) this.execBlock(r.action ?? []);
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
      code = e.code;
    }
    this.flushFiles();
    return code;
  }

  private nextRecord(): void {
    const rec = this.input.lines[this.input.pos++];
    this.globals.set("NR", toNum(this.g("NR")) + 1);
    this.globals.set("FNR", toNum(this.g("FNR")) + 1);
    this.setRecord(rec);
  }

  private runMain(mains: Program["rules"]): void {
    for (let i = 0; i < mains.length; i++) {
      const r = mains[i];
      let hit: boolean;
      if (!r.pattern) hit = true;
      else if (r.pattern2) {
        if (this.rangeActive[i]) {
          hit = true;
          if (this.truthy(this.eval(r.pattern2))) this.rangeActive[i] = false;
        } else if (this.truthy(this.eval(r.pattern))) {
          hit = true;
          this.rangeActive[i] = !this.truthy(this.eval(r.pattern2));
        } else hit = false;
      } else hit = this.truthy(this.eval(r.pattern));
      if (!hit) continue;
      if (r.action) this.execBlock(r.action);
      else this.emit(`${this.record}${this.str(this.g("ORS"))}`, undefined);
    }
  }

  private splitRecords(text: string): string[] {
    const rs = this.str(this.g("RS"));
    if (rs === "\n") {
      const ls = text.split("\n");
      if (ls[ls.length - 1] === "") ls.pop();
      return ls;
    }
    if (rs === "")
      return text
        .split(/\n\n+/)
        .map((s) => s.replace(/^\n+|\n+$/g, ""))
        .filter((s) => s !== "");
    const parts = rs.length === 1 ? text.split(rs) : text.split(this.regex(rs));
    if (parts[parts.length - 1] === "" || parts[parts.length - 1] === "\n") parts.pop();
    return parts;
  }

  // --- fields ---

  private setRecord(rec: string): void {
    this.record = rec;
    this.fields = [rec, ...this.splitFields(rec, this.str(this.g("FS")))];
    this.nf = this.fields.length - 1;
    this.globals.set("NF", this.nf);
  }

  splitFields(s: string, fs: string): string[] {
    if (fs === " ") {
      const t = s.trim();
      return t === "" ? [] : t.split(/[ \t\n]+/);
    }
    if (s === "") return [];
    if (this.str(this.g("RS")) === "" && fs !== "\n") {
      return s.split("\n").flatMap((line) => this.splitFields(line, fs));
    }
    if (fs.length === 1 && fs !== "\\") return s.split(fs === "\t" ? "\t" : fs);
    return s.split(this.regex(fs));
  }

  private getField(i: number): Scalar {
    if (i < 0) throw new AwkRuntimeError(`trying to access out of range field ${i}`);
    if (i === 0) return new StrNum(this.record);
    return i <= this.nf ? new StrNum(this.fields[i]) : undefined;
  }

  private setField(i: number, v: string): void {
    if (i === 0) {
      this.setRecord(v);
      return;
    }
    if (i > 100_000) throw new AwkRuntimeError(`field index ${i} too large`);
    while (this.nf < i) this.fields[++this.nf] = "";
    this.fields[i] = v;
    this.rebuild();
  }

  private rebuild(): void {
    this.fields.length = this.nf + 1;
    for (let k = 1; k <= this.nf; k++) if (this.fields[k] === undefined) this.fields[k] = "";
    this.record = this.fields.slice(1).join(this.str(this.g("OFS")));
    this.fields[0] = this.record;
    this.globals.set("NF", this.nf);
  }

  // --- variables ---

  private g(name: string): Scalar {
    const v = this.globals.get(name);
    return v instanceof Map ? undefined : v;
  }

  private lookup(name: string): { scope: Map<string, Cell>; cell: Cell } {
    const frame = this.frames[this.frames.length - 1];
    if (frame?.has(name)) return { scope: frame, cell: frame.get(name) };
    return { scope: this.globals, cell: this.globals.get(name) };
  }

  private getVar(name: string): Scalar {
    if (name === "NF") return this.nf;
    const { cell } = this.lookup(name);
    if (cell instanceof Map) throw new AwkRuntimeError(`attempt to use array \`${name}' in a scalar context`);
    return cell;
  }

  private setVarValue(name: string, v: Scalar): void {
    if (name === "NF") {
      this.nf = Math.max(0, Math.trunc(toNum(v)));
      this.rebuild();
      return;
    }
    const { scope, cell } = this.lookup(name);
    if (cell instanceof Map) throw new AwkRuntimeError(`attempt to use array \`${name}' in a scalar context`);
    scope.set(name, v);
  }

  private array(name: string): AwkArray {
    const { scope, cell } = this.lookup(name);
    if (cell instanceof Map) return cell;
    if (cell !== undefined) throw new AwkRuntimeError(`attempt to use scalar \`${name}' as an array`);
    const a: AwkArray = new Map();
    scope.set(name, a);
    return a;
  }

  private subscript(subs: Expr[]): string {
    if (subs.length === 1) return this.str(this.eval(subs[0]));
    return subs.map((s) => this.str(this.eval(s))).join(this.str(this.g("SUBSEP")));
  }

  // --- conversions ---

  str(v: Scalar): string {
    if (typeof v === "string") return v;
    if (v === undefined) return "";
    if (v instanceof StrNum) return v.s;
    return this.numStr(v, "CONVFMT");
  }

  private numStr(n: number, fmtVar: string): string {
    if (Number.isInteger(n))
      return Math.abs(n) < 1e16 ? String(n) : formatNumber({ flags: "", conv: "g", precision: 6 }, n);
    if (Number.isNaN(n)) return "nan";
    if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
    return this.sprintf(this.str(this.g(fmtVar)), [n]);
  }

  private outStr(v: Scalar): string {
    return typeof v === "number" ? this.numStr(v, "OFMT") : this.str(v);
  }

  truthy(v: Scalar): boolean {
    if (typeof v === "number") return v !== 0;
    if (v === undefined) return false;
    if (v instanceof StrNum) return looksNumeric(v) ? toNum(v) !== 0 : v.s !== "";
    return v !== "";
  }

  regex(src: string): RegExp {
    let re = this.regexCache.get(src);
    if (!re) {
      try {
        re = new RegExp(posixToJs(src, true));
      } catch {
        throw new AwkRuntimeError(`regular expression compile failed (missing operand)\n${src}`);
      }
      if (this.regexCache.size > 200) this.regexCache.clear();
      this.regexCache.set(src, re);
    }
    return re;
  }

  private regexOf(e: Expr): RegExp {
    return e.k === "re" ? this.regex(e.src) : this.regex(this.str(this.eval(e)));
  }

  // --- statements ---

  private tick(): void {
    if (++this.loops > MAX_LOOP)
      throw new AwkRuntimeError(`labgrader: limit reached: more than ${MAX_LOOP} awk loop iterations (awk loop limit)`);
  }

  execBlock(body: Stmt[]): void {
    for (const s of body) this.exec(s);
  }

  private exec(s: Stmt): void {
    switch (s.k) {
      case "expr":
        this.eval(s.e);
        return;
      case "print": {
        const ofs = this.str(this.g("OFS"));
        const text = s.args.length === 0 ? this.record : s.args.map((a) => this.outStr(this.eval(a))).join(ofs);
        this.emit(text + this.str(this.g("ORS")), s.dest);
        return;
      }
      case "printf": {
        if (s.args.length === 0) throw new AwkRuntimeError("printf: no format");
        const vals = s.args.map((a) => this.eval(a));
        this.emit(this.sprintf(this.str(vals[0]), vals.slice(1)), s.dest);
        return;
      }
      case "if":
        if (this.truthy(this.eval(s.c))) this.exec(s.t);
        else if (s.f) this.exec(s.f);
        return;
      case "block":
        this.execBlock(s.body);
        return;
      case "while":
        while (this.truthy(this.eval(s.c))) {
          this.tick();
          if (this.loopBody(s.body)) break;
        }
        return;
      case "do":
        do {
          this.tick();
          if (this.loopBody(s.body)) break;
        } while (this.truthy(this.eval(s.c)));
        return;
      case "for":
        if (s.init) this.exec(s.init);
        while (!s.c || this.truthy(this.eval(s.c))) {
          this.tick();
          if (this.loopBody(s.body)) break;
          if (s.step) this.exec(s.step);
        }
        return;
      case "forin": {
        const arr = this.array(s.arr);
        for (const key of [...arr.keys()]) {
          if (!arr.has(key)) continue;
          this.tick();
          this.setVarValue(s.v, new StrNum(key));
          if (this.loopBody(s.body)) break;
        }
        return;
      }
      case "next":
        throw new NextSignal();
      case "nextfile":
        throw new NextFileSignal();
      case "break":
        throw new BreakSignal();
      case "continue":
        throw new ContinueSignal();
      case "exit":
        throw new ExitSignal(s.e ? Math.trunc(toNum(this.eval(s.e))) & 255 : 0);
      case "return":
        throw new ReturnSignal(s.e ? this.eval(s.e) : undefined);
      case "delete":
        if (s.subs) this.array(s.name).delete(this.subscript(s.subs));
        else this.array(s.name).clear();
        return;
    }
  }

  /** Runs a loop body; true when the loop must stop (break). */
  private loopBody(body: Stmt): boolean {
    try {
      this.exec(body);
    } catch (e) {
      if (e instanceof BreakSignal) return true;
      if (e instanceof ContinueSignal) return false;
      throw e;
    }
    return false;
  }

  private emit(text: string, dest: Dest | undefined): void {
    if (!dest) {
      this.out += text;
      if (this.out.length > MAX_OUTPUT)
        throw new AwkRuntimeError(
          `labgrader: limit reached: more than ${MAX_OUTPUT} bytes of awk output (output limit)`,
        );
      return;
    }
    const target = this.str(this.eval(dest.e));
    if (target === "/dev/stdout" || target === "-") {
      this.out += text;
      return;
    }
    if (target === "/dev/stderr") {
      this.err += text;
      return;
    }
    const key = `${dest.mode}${target}`;
    let f = this.files.get(key);
    if (!f) {
      f = { mode: dest.mode, buf: "" };
      this.files.set(key, f);
      if (dest.mode === ">") this.ctx.fs.writeFile(this.ctx.fs.resolve(this.ctx.cwd, target), "");
    }
    if (dest.mode === "|") f.buf += text;
    else {
      const r = this.ctx.fs.appendFile(this.ctx.fs.resolve(this.ctx.cwd, target), text);
      if (!r.ok) throw new AwkRuntimeError(`can't redirect to \`${target}' (${r.message})`);
    }
  }

  private closeStream(key: string): number {
    const f = this.files.get(key);
    if (!f) return -1;
    this.files.delete(key);
    if (f.mode === "|") {
      const cmd = key.slice(1);
      const r = this.ctx.exec(`printf '%s' '${f.buf.replace(/'/g, "'\\''")}' | ${cmd}`);
      this.out += r.stdout;
      this.err += r.stderr;
      return r.exitCode;
    }
    return 0;
  }

  private flushFiles(): void {
    for (const key of [...this.files.keys()]) this.closeStream(key);
  }

  // --- expressions ---

  eval(e: Expr): Scalar {
    switch (e.k) {
      case "num":
        return e.v;
      case "str":
        return e.v;
      case "re":
        return this.regex(e.src).test(this.record) ? 1 : 0;
      case "group":
        return this.eval(e.list[e.list.length - 1]);
      case "var":
        return this.getVar(e.name);
      case "field":
        return this.getField(Math.trunc(toNum(this.eval(e.e))));
      case "index": {
        const arr = this.array(e.name);
        const key = this.subscript(e.subs);
        if (!arr.has(key)) arr.set(key, undefined);
        return arr.get(key);
      }
      case "assign": {
        let v: Scalar;
        if (e.op === "=") {
          v = this.eval(e.e);
          if (v instanceof StrNum) v = new StrNum(v.s);
        } else {
          const cur = toNum(this.eval(e.target));
          v = arith(e.op[0], cur, toNum(this.eval(e.e)));
        }
        this.assign(e.target, v);
        return v;
      }
      case "cond":
        return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case "and":
        return this.truthy(this.eval(e.a)) && this.truthy(this.eval(e.b)) ? 1 : 0;
      case "or":
        return this.truthy(this.eval(e.a)) || this.truthy(this.eval(e.b)) ? 1 : 0;
      case "in":
        return this.array(e.name).has(this.subscript(e.subs)) ? 1 : 0;
      case "match": {
        const m = this.regexOf(e.re).test(this.str(this.eval(e.a)));
        return m !== e.neg ? 1 : 0;
      }
      case "bin": {
        const a = this.eval(e.a);
        const b = this.eval(e.b);
        switch (e.op) {
          case "<":
          case "<=":
          case ">":
          case ">=":
          case "==":
          case "!=":
            return compare(e.op, a, b, this) ? 1 : 0;
        }
        return arith(e.op, toNum(a), toNum(b));
      }
      case "concat":
        return this.str(this.eval(e.a)) + this.str(this.eval(e.b));
      case "unary": {
        const v = this.eval(e.e);
        if (e.op === "!") return this.truthy(v) ? 0 : 1;
        return e.op === "-" ? -toNum(v) : toNum(v);
      }
      case "incdec": {
        const old = toNum(this.eval(e.target));
        const nv = e.op === "++" ? old + 1 : old - 1;
        this.assign(e.target, nv);
        return e.prefix ? nv : old;
      }
      case "call":
        return this.call(e.name, e.args);
      case "builtin":
        return this.builtin(e.name, e.args);
      case "getline":
        return this.getline(e);
    }
  }

  private assign(target: Expr, v: Scalar): void {
    if (target.k === "var") this.setVarValue(target.name, v);
    else if (target.k === "field") this.setField(Math.trunc(toNum(this.eval(target.e))), this.str(v));
    else if (target.k === "index") this.array(target.name).set(this.subscript(target.subs), v);
  }

  private getline(e: Expr & { k: "getline" }): Scalar {
    let line: string | undefined;
    if (e.file || e.cmd) {
      const src = this.str(this.eval((e.file ?? e.cmd)!));
      const key = `${e.cmd ? "|" : "<"}${src}`;
      let r = this.readers.get(key);
      if (!r) {
        let text: string;
        if (e.cmd) {
          const res = this.ctx.exec(src);
          this.err += res.stderr;
          text = res.stdout;
        } else {
          if (src === "-" || src === "/dev/stdin") text = this.ctx.stdin;
          else {
            const f = this.ctx.fs.readFile(this.ctx.fs.resolve(this.ctx.cwd, src));
            if (!f.ok) return -1;
            text = f.value;
          }
        }
        r = { lines: this.splitRecords(text), pos: 0 };
        this.readers.set(key, r);
      }
      if (r.pos >= r.lines.length) return 0;
      line = r.lines[r.pos++];
      if (e.target) this.assign(e.target, new StrNum(line));
      else {
        this.setRecord(line);
        this.globals.set("NR", toNum(this.g("NR")) + 1);
      }
      return 1;
    }
    if (this.input.pos >= this.input.lines.length) return 0;
    line = this.input.lines[this.input.pos++];
    this.globals.set("NR", toNum(this.g("NR")) + 1);
    this.globals.set("FNR", toNum(this.g("FNR")) + 1);
    if (e.target) this.assign(e.target, new StrNum(line));
    else this.setRecord(line);
    return 1;
  }

  private call(name: string, args: Expr[]): Scalar {
    const fn: AwkFunction | undefined = this.prog.funcs.get(name);
    if (!fn) throw new AwkRuntimeError(`function \`${name}' not defined`);
    if (args.length > fn.params.length)
      throw new AwkRuntimeError(`function \`${name}' called with more arguments than declared`);
    if (++this.depth > MAX_DEPTH)
      throw new AwkRuntimeError(
        `labgrader: limit reached: more than ${MAX_DEPTH} nested awk function calls (awk call depth limit)`,
      );
    const frame = new Map<string, Cell>();
    fn.params.forEach((p, i) => {
      const a = args[i];
      if (!a) {
        frame.set(p, undefined);
        return;
      }
      if (a.k === "var") {
        const { cell } = this.lookup(a.name);
        if (cell instanceof Map) {
          frame.set(p, cell);
          return;
        }
        if (cell === undefined && this.usedAsArray(fn, p)) {
          frame.set(p, this.array(a.name));
          return;
        }
      }
      const v = this.eval(a);
      frame.set(p, v);
    });
    this.frames.push(frame);
    try {
      this.execBlock(fn.body);
      return undefined;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.frames.pop();
      this.depth--;
    }
  }

  private usedAsArray(fn: AwkFunction, param: string): boolean {
    const text = JSON.stringify(fn.body);
    return (
      text.includes(`"name":"${param}","subs"`) ||
      text.includes(`"arr":"${param}"`) ||
      text.includes(`"k":"delete","name":"${param}"`) ||
      new RegExp(`"k":"var","name":"${param}"\\}\\]`).test(text)
    );
  }

  private builtin(name: string, args: Expr[]): Scalar {
    const s = (i: number): string => (args[i] ? this.str(this.eval(args[i])) : "");
    const n = (i: number): number => (args[i] ? toNum(this.eval(args[i])) : 0);
    switch (name) {
      case "length": {
        if (args.length === 0) return [...this.record].length;
        const a = args[0];
        if (a.k === "var") {
          const { cell } = this.lookup(a.name);
          if (cell instanceof Map) return cell.size;
        }
        return [...s(0)].length;
      }
      case "substr": {
        const str = s(0);
        const len = str.length;
        // POSIX: characters from position round(m) to round(m)+round(n)-1, clipped to [1, len].
        const m = Math.round(n(1) || 0);
        let start = m;
        let end = args.length > 2 ? m + Math.round(n(2)) : len + 1;
        if (Number.isNaN(end)) end = start;
        start = Math.max(start, 1);
        end = Math.min(end, len + 1);
        return end <= start ? "" : str.slice(start - 1, end - 1);
      }
      case "index": {
        return s(0).indexOf(s(1)) + 1;
      }
      case "split": {
        const a = args[1];
        if (a?.k !== "var") throw new AwkRuntimeError("split: second argument is not an array");
        const arr = this.array(a.name);
        arr.clear();
        const sep = args[2]
          ? args[2].k === "re"
            ? args[2].src
            : this.str(this.eval(args[2]))
          : this.str(this.g("FS"));
        const parts =
          args[2]?.k === "re" ? (s(0) === "" ? [] : s(0).split(this.regex(sep))) : this.splitFields(s(0), sep);
        parts.forEach((p, i) => {
          arr.set(String(i + 1), new StrNum(p));
        });
        return parts.length;
      }
      case "sub":
      case "gsub": {
        const re = this.regexOf(args[0]);
        const repl = s(1);
        const target: Expr = args[2] ?? { k: "field", e: { k: "num", v: 0 } };
        const text = this.str(this.eval(target));
        const g = new RegExp(re.source, `${re.flags}g`);
        let count = 0;
        let out = "";
        let last = 0;
        for (let m = g.exec(text); m; m = g.exec(text)) {
          count++;
          out += text.slice(last, m.index) + awkReplacement(repl, m[0]);
          last = m.index + m[0].length;
          if (m[0] === "") {
            if (m.index < text.length) out += text[m.index];
            last = m.index + 1;
            g.lastIndex = m.index + 1;
            if (m.index >= text.length) break;
          }
          if (name === "sub") break;
        }
        if (count > 0) this.assign(target, out + text.slice(last));
        return count;
      }
      case "match": {
        const m = this.regexOf(args[1]).exec(s(0));
        const start = m ? m.index + 1 : 0;
        const len = m ? m[0].length : -1;
        this.globals.set("RSTART", start);
        this.globals.set("RLENGTH", len);
        return start;
      }
      case "sprintf":
        if (args.length === 0) return "";
        return this.sprintf(
          s(0),
          args.slice(1).map((a) => this.eval(a)),
        );
      case "sin":
        return Math.sin(n(0));
      case "cos":
        return Math.cos(n(0));
      case "atan2":
        return Math.atan2(n(0), n(1));
      case "exp":
        return Math.exp(n(0));
      case "log":
        return Math.log(n(0));
      case "sqrt":
        return Math.sqrt(n(0));
      case "int":
        return Math.trunc(n(0));
      case "rand": {
        // Deterministic LCG: grades must be reproducible.
        this.randState = (Math.imul(this.randState, 1103515245) + 12345) >>> 0;
        return this.randState / 4294967296;
      }
      case "srand": {
        const prev = this.seed;
        this.seed = args.length ? n(0) : Math.floor(this.ctx.host.now() / 1000);
        this.randState = this.seed >>> 0;
        return prev;
      }
      case "tolower":
        return s(0).toLowerCase();
      case "toupper":
        return s(0).toUpperCase();
      case "system": {
        this.flushFiles();
        const r = this.ctx.exec(s(0));
        this.out += r.stdout;
        this.err += r.stderr;
        return r.exitCode;
      }
      case "close": {
        const t = s(0);
        this.readers.delete(`<${t}`);
        this.readers.delete(`|${t}`);
        const c = this.closeStream(`|${t}`);
        this.files.delete(`>${t}`);
        this.files.delete(`>>${t}`);
        return c === -1 ? 0 : c;
      }
      case "fflush":
        return 0;
    }
    throw new AwkRuntimeError(`function \`${name}' not defined`);
  }

  sprintf(fmt: string, vals: Scalar[]): string {
    let out = "";
    let vi = 0;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c !== "%") {
        out += c;
        continue;
      }
      if (fmt[i + 1] === "%") {
        out += "%";
        i++;
        continue;
      }
      const p = parseSpec(fmt, i);
      if (!p) {
        out += c;
        continue;
      }
      i = p.end - 1;
      const spec: Spec = { flags: p.flags, conv: p.conv };
      if (p.width === "*") spec.width = toNum(vals[vi++]);
      else if (p.width) spec.width = Number(p.width);
      if (spec.width !== undefined && spec.width < 0) {
        spec.flags += "-";
        spec.width = -spec.width;
      }
      if (p.precision === "*") spec.precision = toNum(vals[vi++]);
      else if (p.precision !== undefined) spec.precision = Number(p.precision || "0");
      const v = vals[vi++];
      switch (p.conv) {
        case "s":
          out += formatString(spec, this.outStr(v));
          break;
        case "c": {
          const ch = typeof v === "number" ? String.fromCodePoint(Math.trunc(v)) : this.str(v).charAt(0);
          out += formatString(spec, ch);
          break;
        }
        case "d":
        case "i":
        case "o":
        case "x":
        case "X":
        case "u":
        case "e":
        case "E":
        case "f":
        case "F":
        case "g":
        case "G":
          out += formatNumber(spec, toNum(v));
          break;
        default:
          out += fmt.slice(i - (p.end - 1 - i), p.end);
      }
    }
    return out;
  }
}

function awkReplacement(repl: string, matched: string): string {
  let out = "";
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === "\\" && repl[i + 1] === "&") {
      out += "&";
      i++;
    } else if (c === "\\" && repl[i + 1] === "\\") {
      out += "\\";
      i++;
    } else if (c === "&") out += matched;
    else out += c;
  }
  return out;
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0) throw new AwkRuntimeError("division by zero");
      return a / b;
    case "%":
      if (b === 0) throw new AwkRuntimeError("division by zero in %");
      return a % b;
    case "^":
      return a ** b;
  }
  return 0;
}

function compare(op: string, a: Scalar, b: Scalar, m: AwkMachine): boolean {
  let c: number;
  if (looksNumeric(a) && looksNumeric(b)) c = toNum(a) - toNum(b);
  else {
    const x = m.str(a);
    const y = m.str(b);
    c = x < y ? -1 : x > y ? 1 : 0;
  }
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "==":
      return c === 0;
    default:
      return c !== 0;
  }
}
