/**
 * `sed`: a stream editor with GNU's common subset — addresses (line, `$`, /regex/, ranges,
 * `first~step`, `addr,+N`, `!`), commands s d p n N q Q a i c y = { } h H g G x b t T and
 * labels, options -n -e -f -E/-r -i -s. The script is parsed once, then run per cycle.
 */
import type { Command, CommandContext, ExecResult } from "../../types.ts";
import { posixToJs } from "../regex.ts";
import { parseArgs, readOperand } from "./util.ts";

type Addr =
  | { k: "line"; n: number }
  | { k: "last" }
  | { k: "re"; re: RegExp | null }
  | { k: "step"; first: number; step: number }
  | { k: "plus"; n: number };

interface Cmd {
  a1?: Addr;
  a2?: Addr;
  negate: boolean;
  name: string;
  /** s: regex, replacement, flags */
  re?: RegExp | null;
  replacement?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  label?: string;
  /** Index of the matching `}` for `{`, or the jump target for b/t/T. */
  jump?: number;
  from?: string;
  to?: string;
  exitCode?: number;
  /** Range state. */
  active?: boolean;
  rangeEnd?: number;
}

class SedError {
  constructor(readonly message: string) {}
}

class ScriptParser {
  i = 0;
  constructor(
    readonly src: string,
    readonly extended: boolean,
  ) {}

  fail(what: string): never {
    throw new SedError(`sed: -e expression #1, char ${this.i}: ${what}`);
  }

  skipWs(): void {
    while (this.i < this.src.length && /[ \t]/.test(this.src[this.i])) this.i++;
  }

  regex(delim: string, flagsAllowed: boolean): RegExp | null {
    let body = "";
    for (;;) {
      if (this.i >= this.src.length || this.src[this.i] === "\n") this.fail(`unterminated address regex`);
      const c = this.src[this.i];
      if (c === "\\" && this.src[this.i + 1] === delim) {
        body += delim;
        this.i += 2;
        continue;
      }
      if (c === "\\") {
        body += c + (this.src[this.i + 1] ?? "");
        this.i += 2;
        continue;
      }
      if (c === "[") {
        // Copy a bracket expression verbatim: the delimiter is not special inside it.
        const start = this.i;
        let j = this.i + 1;
        if (this.src[j] === "^") j++;
        if (this.src[j] === "]") j++;
        while (j < this.src.length && this.src[j] !== "]") j++;
        body += this.src.slice(start, j + 1);
        this.i = j + 1;
        continue;
      }
      if (c === delim) {
        this.i++;
        break;
      }
      body += c;
      this.i++;
    }
    let flags = "";
    while (flagsAllowed && (this.src[this.i] === "I" || this.src[this.i] === "M")) {
      if (this.src[this.i] === "I") flags += "i";
      this.i++;
    }
    if (body === "") return null;
    try {
      return new RegExp(posixToJs(body, this.extended), flags);
    } catch (e) {
      this.fail(e instanceof Error ? e.message : "invalid regex");
    }
  }

  address(): Addr | undefined {
    const s = this.src;
    const c = s[this.i];
    if (c === undefined) return undefined;
    if (/[0-9]/.test(c)) {
      const m = /^(\d+)(~(\d+))?/.exec(s.slice(this.i))!;
      this.i += m[0].length;
      if (m[2]) return { k: "step", first: Number(m[1]), step: Number(m[3]) };
      return { k: "line", n: Number(m[1]) };
    }
    if (c === "$") {
      this.i++;
      return { k: "last" };
    }
    if (c === "/") {
      this.i++;
      return { k: "re", re: this.regex("/", true) };
    }
    if (c === "\\") {
      const d = s[this.i + 1];
      this.i += 2;
      return { k: "re", re: this.regex(d, true) };
    }
    return undefined;
  }

  /** Text for a/i/c: `a text` (GNU one-liner) or `a\` newline text lines ending in `\`. */
  text(): string {
    const s = this.src;
    this.skipWs();
    if (s[this.i] === "\\") {
      this.i++;
      if (s[this.i] === "\n") this.i++;
    }
    let out = "";
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === "\\" && this.i + 1 < s.length) {
        out += s[this.i + 1] === "\n" ? "\n" : s[this.i + 1] === "t" ? "\t" : s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === "\n") break;
      out += c;
      this.i++;
    }
    return out;
  }

  label(): string {
    this.skipWs();
    const m = /^[^;\n}]*/.exec(this.src.slice(this.i))![0];
    this.i += m.length;
    return m.trim();
  }

  parse(): Cmd[] {
    const s = this.src;
    const cmds: Cmd[] = [];
    const open: number[] = [];
    for (;;) {
      while (this.i < s.length && /[ \t\n;]/.test(s[this.i])) this.i++;
      if (this.i >= s.length) break;
      if (s[this.i] === "#") {
        while (this.i < s.length && s[this.i] !== "\n") this.i++;
        continue;
      }
      const cmd: Cmd = { negate: false, name: "" };
      cmd.a1 = this.address();
      if (cmd.a1 && s[this.i] === ",") {
        this.i++;
        if (s[this.i] === "+") {
          this.i++;
          const m = /^\d+/.exec(s.slice(this.i));
          if (!m) this.fail("expected newer version of sed");
          this.i += m[0].length;
          cmd.a2 = { k: "plus", n: Number(m[0]) };
        } else {
          cmd.a2 = this.address();
          if (!cmd.a2) this.fail("unexpected `,'");
        }
      }
      this.skipWs();
      while (s[this.i] === "!") {
        cmd.negate = true;
        this.i++;
        this.skipWs();
      }
      const name = s[this.i++];
      if (name === undefined) this.fail("missing command");
      cmd.name = name;
      switch (name) {
        case "{":
          open.push(cmds.length);
          break;
        case "}":
          if (open.length === 0) this.fail("unexpected `}'");
          cmds[open.pop()!].jump = cmds.length;
          break;
        case "s": {
          const delim = s[this.i++];
          if (delim === undefined || delim === "\n" || delim === "\\") this.fail("unterminated `s' command");
          cmd.re = this.regex(delim, false);
          let rep = "";
          for (;;) {
            if (this.i >= s.length) this.fail("unterminated `s' command");
            const c = s[this.i];
            if (c === "\\" && s[this.i + 1] === delim) {
              rep += delim;
              this.i += 2;
            } else if (c === "\\") {
              rep += c + (s[this.i + 1] ?? "");
              this.i += 2;
            } else if (c === delim) {
              this.i++;
              break;
            } else {
              rep += c;
              this.i++;
            }
          }
          cmd.replacement = rep;
          let flags = "";
          for (;;) {
            const f = s[this.i];
            if (f === "g") cmd.global = true;
            else if (f === "p") cmd.print = true;
            else if (f === "i" || f === "I") flags += "i";
            else if (f !== undefined && /[0-9]/.test(f)) {
              const m = /^\d+/.exec(s.slice(this.i))![0];
              cmd.nth = Number(m);
              this.i += m.length - 1;
            } else if (f === "m" || f === "M" || f === "e") {
              /* accepted, no effect */
            } else break;
            this.i++;
          }
          if (flags && cmd.re) cmd.re = new RegExp(cmd.re.source, "i");
          break;
        }
        case "y": {
          const delim = s[this.i++];
          const parts: string[] = ["", ""];
          for (let k = 0; k < 2; k++) {
            for (;;) {
              if (this.i >= s.length) this.fail("unterminated `y' command");
              const c = s[this.i];
              if (c === "\\" && s[this.i + 1] === delim) {
                parts[k] += delim;
                this.i += 2;
              } else if (c === "\\" && s[this.i + 1] === "n") {
                parts[k] += "\n";
                this.i += 2;
              } else if (c === delim) {
                this.i++;
                break;
              } else {
                parts[k] += c;
                this.i++;
              }
            }
          }
          if ([...parts[0]].length !== [...parts[1]].length) this.fail("strings for `y' command are different lengths");
          cmd.from = parts[0];
          cmd.to = parts[1];
          break;
        }
        case "a":
        case "i":
        case "c":
          cmd.text = this.text();
          break;
        case ":":
          cmd.label = this.label();
          if (!cmd.label) this.fail('":" lacks a label');
          break;
        case "b":
        case "t":
        case "T":
          cmd.label = this.label();
          break;
        case "q":
        case "Q": {
          this.skipWs();
          const m = /^\d+/.exec(s.slice(this.i));
          if (m) {
            cmd.exitCode = Number(m[0]);
            this.i += m[0].length;
          }
          break;
        }
        case "d":
        case "D":
        case "p":
        case "P":
        case "n":
        case "N":
        case "=":
        case "h":
        case "H":
        case "g":
        case "G":
        case "x":
        case "l":
        case "z":
          break;
        default:
          this.fail(`unknown command: \`${name}'`);
      }
      cmds.push(cmd);
      this.skipWs();
      if (this.i < s.length && !/[;\n}#]/.test(s[this.i])) this.fail(`extra characters after command`);
    }
    if (open.length) throw new SedError("sed: -e expression #1, char 0: unmatched `{'");
    for (const c of cmds) {
      if ((c.name === "b" || c.name === "t" || c.name === "T") && c.label) {
        const target = cmds.findIndex((x) => x.name === ":" && x.label === c.label);
        if (target < 0) throw new SedError(`sed: can't find label for jump to \`${c.label}'`);
        c.jump = target;
      }
    }
    return cmds;
  }
}

/** Applies an s/// replacement template: `&`, `\1`..`\9`, `\n`, `\t`, `\U` `\L` `\E`. */
function substitute(template: string, m: RegExpExecArray): string {
  let out = "";
  let mode: "" | "U" | "L" | "u" | "l" = "";
  const add = (s: string) => {
    if (mode === "U") out += s.toUpperCase();
    else if (mode === "L") out += s.toLowerCase();
    else if ((mode === "u" || mode === "l") && s.length) {
      out += (mode === "u" ? s[0].toUpperCase() : s[0].toLowerCase()) + s.slice(1);
      mode = "";
    } else out += s;
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "&") add(m[0]);
    else if (c === "\\" && i + 1 < template.length) {
      const n = template[++i];
      if (n >= "0" && n <= "9") add(m[Number(n)] ?? "");
      else if (n === "n") add("\n");
      else if (n === "t") add("\t");
      else if (n === "U" || n === "L" || n === "u" || n === "l") mode = n;
      else if (n === "E") mode = "";
      else add(n);
    } else add(c);
  }
  return out;
}

interface RunState {
  out: string;
  quit: boolean;
  exitCode: number;
}

function runSed(cmds: Cmd[], input: string, quiet: boolean, state: RunState): string {
  const ls = input === "" ? [] : input.split("\n");
  const trailingNewline = input.endsWith("\n");
  if (trailingNewline) ls.pop();
  let out = "";
  let hold = "";
  let li = 0;
  let lastRe: RegExp | null = null;
  const eol = (k: number) => (k < ls.length - 1 || trailingNewline ? "\n" : "");
  const matchRe = (re: RegExp | null, text: string): boolean => {
    const r = re ?? lastRe;
    if (re) lastRe = re;
    if (!r) return false;
    r.lastIndex = 0;
    return r.test(text);
  };
  const lineNo = () => li;
  const isLast = () => li === ls.length;
  const matchAddr = (a: Addr, ps: string): boolean => {
    switch (a.k) {
      case "line":
        return lineNo() === a.n;
      case "last":
        return isLast();
      case "re":
        return matchRe(a.re, ps);
      case "step":
        return a.step <= 0 ? lineNo() === a.first : lineNo() >= a.first && (lineNo() - a.first) % a.step === 0;
      case "plus":
        return false;
    }
  };
  const selected = (c: Cmd, ps: string): boolean => {
    let hit: boolean;
    if (!c.a1) hit = true;
    else if (!c.a2) hit = matchAddr(c.a1, ps);
    else if (c.active) {
      const a2 = c.a2;
      if (a2.k === "line") {
        if (lineNo() >= a2.n) c.active = false;
        hit = true;
      } else if (a2.k === "plus") {
        if (lineNo() >= c.rangeEnd!) c.active = false;
        hit = true;
      } else {
        if (matchAddr(a2, ps)) c.active = false;
        hit = true;
      }
    } else if (matchAddr(c.a1, ps)) {
      hit = true;
      const a2 = c.a2;
      if (a2.k === "line") c.active = a2.n > lineNo();
      else if (a2.k === "plus") {
        c.rangeEnd = lineNo() + a2.n;
        c.active = a2.n > 0;
      } else if (a2.k === "last") c.active = !isLast();
      else c.active = true;
    } else hit = false;
    return hit !== c.negate;
  };
  let cycles = 0;
  while (li < ls.length && !state.quit) {
    if (++cycles > 1_000_000) break;
    let ps = ls[li++];
    let appendQueue = "";
    let autoprint = !quiet;
    let substituted = false;
    let pc = 0;
    while (pc < cmds.length) {
      const c = cmds[pc];
      if (c.name === "}" || c.name === ":") {
        pc++;
        continue;
      }
      if (!selected(c, ps)) {
        pc = c.name === "{" ? c.jump! + 1 : pc + 1;
        continue;
      }
      pc++;
      switch (c.name) {
        case "{":
          break;
        case "s": {
          const re = c.re ?? lastRe;
          if (c.re) lastRe = c.re;
          if (!re) break;
          const g = new RegExp(re.source, `${re.flags.replace("g", "")}g`);
          let result = "";
          let last = 0;
          let n = 0;
          let changed = false;
          for (let m = g.exec(ps); m; m = g.exec(ps)) {
            n++;
            if (m[0] === "") g.lastIndex++;
            const want = c.nth ? (c.global ? n >= c.nth : n === c.nth) : c.global || n === 1;
            if (want) {
              result += ps.slice(last, m.index) + substitute(c.replacement!, m);
              last = m.index + m[0].length;
              changed = true;
              if (!c.global && (c.nth === undefined || n === c.nth)) break;
            }
            if (g.lastIndex > ps.length) break;
          }
          if (changed) {
            ps = result + ps.slice(last);
            substituted = true;
            if (c.print) out += `${ps}\n`;
          }
          break;
        }
        case "d":
          autoprint = false;
          pc = cmds.length;
          break;
        case "D": {
          const nl = ps.indexOf("\n");
          if (nl < 0) {
            autoprint = false;
            pc = cmds.length;
          } else {
            ps = ps.slice(nl + 1);
            pc = 0;
          }
          break;
        }
        case "p":
          out += `${ps}\n`;
          break;
        case "P":
          out += `${ps.split("\n")[0]}\n`;
          break;
        case "n":
          if (li >= ls.length) {
            pc = cmds.length;
            break;
          }
          if (!quiet) out += `${ps}\n`;
          out += appendQueue;
          appendQueue = "";
          ps = ls[li++];
          break;
        case "N":
          if (li >= ls.length) {
            pc = cmds.length;
            break;
          }
          ps += `\n${ls[li++]}`;
          break;
        case "=":
          out += `${lineNo()}\n`;
          break;
        case "a":
          appendQueue += `${c.text}\n`;
          break;
        case "i":
          out += `${c.text}\n`;
          break;
        case "c":
          autoprint = false;
          if (!c.a2 || !c.active || c.negate) out += `${c.text}\n`;
          pc = cmds.length;
          break;
        case "y": {
          const from = [...c.from!];
          const to = [...c.to!];
          ps = [...ps]
            .map((ch) => {
              const k = from.indexOf(ch);
              return k < 0 ? ch : to[k];
            })
            .join("");
          break;
        }
        case "h":
          hold = ps;
          break;
        case "H":
          hold += `\n${ps}`;
          break;
        case "g":
          ps = hold;
          break;
        case "G":
          ps += `\n${hold}`;
          break;
        case "x":
          [ps, hold] = [hold, ps];
          break;
        case "z":
          ps = "";
          break;
        case "l":
          out += `${ps.replace(/\\/g, "\\\\").replace(/\t/g, "\\t")}$\n`;
          break;
        case "b":
          pc = c.jump ?? cmds.length;
          break;
        case "t":
          if (substituted) {
            substituted = false;
            pc = c.jump ?? cmds.length;
          }
          break;
        case "T":
          if (!substituted) pc = c.jump ?? cmds.length;
          else substituted = false;
          break;
        case "q":
          state.quit = true;
          state.exitCode = c.exitCode ?? 0;
          pc = cmds.length;
          break;
        case "Q":
          state.quit = true;
          state.exitCode = c.exitCode ?? 0;
          autoprint = false;
          pc = cmds.length;
          break;
      }
    }
    if (autoprint) out += ps + eol(li - 1);
    out += appendQueue;
  }
  return out;
}

function sedRun(ctx: CommandContext): ExecResult {
  const o = parseArgs("sed", ctx.argv.slice(1), {
    bool: "nErsuz",
    value: "efi",
    long: {
      quiet: "n",
      silent: "n",
      "regexp-extended": "E",
      "expression=": "e",
      "file=": "f",
      "in-place": "I",
      "in-place=": "i",
      separate: "s",
      posix: "posix",
      debug: "debug",
    },
  });
  if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
  const operands = [...o.operands];
  // `-i` takes an optional attached suffix only; a following word is an operand.
  const inPlace = o.has("i") || o.has("I");
  if (o.has("i")) for (const v of o.all("i")) if (v !== "" && !/^[.~]/.test(v)) operands.unshift(v);
  let script: string;
  if (o.has("e") || o.has("f")) {
    const parts = [...o.all("e")];
    for (const f of o.all("f")) {
      const r = readOperand(ctx, f);
      if (!r.ok) return { stdout: "", stderr: `sed: couldn't open file ${r.error}\n`, exitCode: 1 };
      parts.push(r.text);
    }
    script = parts.join("\n");
  } else {
    const s = operands.shift();
    if (s === undefined)
      return {
        stdout: "",
        stderr: "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n",
        exitCode: 1,
      };
    script = s;
  }
  const extended = o.has("E") || o.has("r");
  let cmds: Cmd[];
  try {
    cmds = new ScriptParser(script, extended).parse();
  } catch (e) {
    if (e instanceof SedError) return { stdout: "", stderr: `${e.message}\n`, exitCode: 1 };
    throw e;
  }
  const files = operands.length ? operands : ["-"];
  const quiet = o.has("n");
  const state: RunState = { out: "", quit: false, exitCode: 0 };
  let err = "";
  if (inPlace) {
    for (const f of files) {
      const r = readOperand(ctx, f);
      if (!r.ok) {
        err += `sed: can't read ${r.error}\n`;
        continue;
      }
      for (const c of cmds) c.active = false;
      state.quit = false;
      const result = runSed(cmds, r.text, quiet, state);
      const w = ctx.fs.writeFile(ctx.fs.resolve(ctx.cwd, f), result);
      if (!w.ok) err += `sed: couldn't write ${f}: ${w.message}\n`;
    }
    return { stdout: "", stderr: err, exitCode: err ? 2 : state.exitCode };
  }
  let input = "";
  for (const f of files) {
    const r = readOperand(ctx, f);
    if (!r.ok) {
      err += `sed: can't read ${r.error}\n`;
      continue;
    }
    input += r.text.length && !r.text.endsWith("\n") && f !== files[files.length - 1] ? `${r.text}\n` : r.text;
  }
  const out = runSed(cmds, input, quiet, state);
  return { stdout: out, stderr: err, exitCode: err ? 2 : state.exitCode };
}

export const sed: Command = { name: "sed", summary: "stream editor for filtering and transforming text", run: sedRun };
