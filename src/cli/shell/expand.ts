/**
 * Word expansion in bash's order: braces first (brace.ts; command words only), then tilde,
 * parameter, command substitution and arithmetic (left to right), then field splitting of
 * unquoted expansion results on IFS, then pathname expansion against the VFS (a pattern that
 * matches nothing stays as written), then quote removal. Each field is built twice in
 * parallel: its literal value and its glob pattern, where quoted characters are
 * backslash-escaped so `"*".txt` only matches a literal star.
 */
import { ArithError, evalArith } from "./arith.ts";
import type { Script, Word, WordPart } from "./ast.ts";
import { braceExpand } from "./brace.ts";
import { globMatch } from "./glob.ts";
import type { VirtualFs } from "./vfs.ts";

export class ExpansionError {
  constructor(readonly message: string) {}
}

export interface ExpandHost {
  /** Any parameter, including the special ones (`?`, `#`, `0`..`9`). Undefined when unset. */
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  positional(): string[];
  /** Runs a command substitution and returns its stdout. */
  substitute(body: Script): string;
  homeOf(user: string): string | undefined;
  readonly fs: VirtualFs;
  readonly cwd: string;
}

const DEFAULT_IFS = " \t\n";

const escapeGlob = (s: string): string => s.replace(/[*?[\]\\]/g, "\\$&");

interface Field {
  value: string;
  pattern: string;
  glob: boolean;
}

class FieldBuilder {
  readonly out: Field[] = [];
  private value = "";
  private pattern = "";
  private glob = false;
  private started = false;

  constructor(private readonly ifs: string) {}

  quoted(s: string): void {
    this.value += s;
    this.pattern += escapeGlob(s);
    this.started = true;
  }

  literal(s: string): void {
    if (!s) return;
    this.value += s;
    if (s.includes("\\")) this.pattern += s.replace(/\\/g, "\\\\");
    else this.pattern += s;
    if (!this.glob && /[*?[]/.test(s)) this.glob = true;
    this.started = true;
  }

  /** An unquoted expansion result: split on IFS. */
  split(s: string): void {
    const ifs = this.ifs;
    if (ifs === "") {
      this.literal(s);
      return;
    }
    let run = "";
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (!ifs.includes(c)) {
        run += c;
        continue;
      }
      this.literal(run);
      run = "";
      let j = i;
      while (j < s.length && (s[j] === " " || s[j] === "\t" || s[j] === "\n") && ifs.includes(s[j])) j++;
      if (j < s.length && ifs.includes(s[j]) && !(s[j] === " " || s[j] === "\t" || s[j] === "\n")) {
        // A non-whitespace IFS character delimits even an empty field: `a::b` is a, "", b.
        this.started = true;
        j++;
        while (j < s.length && (s[j] === " " || s[j] === "\t" || s[j] === "\n") && ifs.includes(s[j])) j++;
      }
      this.end();
      i = j - 1;
    }
    this.literal(run);
  }

  markStarted(): void {
    this.started = true;
  }

  end(): void {
    if (this.started) this.out.push({ value: this.value, pattern: this.pattern, glob: this.glob });
    this.value = "";
    this.pattern = "";
    this.glob = false;
    this.started = false;
  }
}

function ifsOf(host: ExpandHost): string {
  return host.getVar("IFS") ?? DEFAULT_IFS;
}

/** Expands command words into argv: split and globbed. */
export function expandArgs(host: ExpandHost, words: Word[]): string[] {
  const argv: string[] = [];
  for (const w of words.flatMap(braceExpand)) {
    // Fast path: a plain unquoted word without glob characters.
    if (w.parts.length === 1) {
      const p = w.parts[0];
      if (p.k === "lit" && !/[*?[]/.test(p.v)) {
        argv.push(p.v);
        continue;
      }
      if (p.k === "q") {
        argv.push(p.v);
        continue;
      }
    }
    const fb = new FieldBuilder(ifsOf(host));
    for (const p of w.parts) addPart(host, fb, p, false);
    fb.end();
    for (const f of fb.out) {
      if (f.glob) {
        const matches = host.fs.glob(host.cwd, f.pattern);
        if (matches.length > 0) {
          for (const m of matches) argv.push(m);
          continue;
        }
      }
      argv.push(f.value);
    }
  }
  return argv;
}

/** Expands a word to one string, without splitting or globbing (assignments, redirections, heredocs). */
export function expandString(host: ExpandHost, word: Word): string {
  if (word.parts.length === 1 && (word.parts[0].k === "lit" || word.parts[0].k === "q")) return word.parts[0].v;
  let s = "";
  for (const p of word.parts) s += partString(host, p);
  return s;
}

/** Expands a word into a shell pattern: quoted characters escaped, unquoted ones active. */
export function expandPattern(host: ExpandHost, word: Word): string {
  let s = "";
  for (const p of word.parts) {
    if (p.k === "lit") s += p.v;
    else if (p.k === "q") s += escapeGlob(p.v);
    else if (p.k === "dq") s += escapeGlob(partString(host, p));
    else s += partString(host, p);
  }
  return s;
}

function partString(host: ExpandHost, p: WordPart): string {
  switch (p.k) {
    case "lit":
    case "q":
      return p.v;
    case "dq": {
      let s = "";
      for (const q of p.parts)
        s += q.k === "param" && (q.name === "@" || q.name === "*") && !q.op ? joinStar(host) : partString(host, q);
      return s;
    }
    case "param":
      return paramValue(host, p);
    case "cmd":
      return host.substitute(p.body).replace(/\n+$/, "");
    case "arith":
      return arith(host, expandString(host, p.expr));
    case "tilde":
      return host.homeOf(p.user) ?? `~${p.user}`;
  }
}

function joinStar(host: ExpandHost): string {
  const ifs = ifsOf(host);
  return host.positional().join(ifs === "" ? "" : ifs[0]);
}

function addPart(host: ExpandHost, fb: FieldBuilder, p: WordPart, inDq: boolean): void {
  switch (p.k) {
    case "lit":
      if (inDq) fb.quoted(p.v);
      else fb.literal(p.v);
      return;
    case "q":
      fb.quoted(p.v);
      return;
    case "dq":
      fb.markStarted();
      for (const q of p.parts) {
        if (q.k === "param" && q.name === "@" && !q.op) {
          const params = host.positional();
          if (params.length === 0) continue;
          params.forEach((v, i) => {
            if (i > 0) fb.end();
            fb.quoted(v);
          });
          continue;
        }
        addPart(host, fb, q, true);
      }
      return;
    case "param":
      if ((p.name === "@" || p.name === "*") && !p.op && !inDq) {
        host.positional().forEach((v, i) => {
          if (i > 0) fb.end();
          fb.split(v);
        });
        return;
      }
      if (inDq) fb.quoted(partString(host, p));
      else fb.split(partString(host, p));
      return;
    case "cmd":
    case "arith":
      if (inDq) fb.quoted(partString(host, p));
      else fb.split(partString(host, p));
      return;
    case "tilde":
      fb.quoted(partString(host, p));
  }
}

function arith(host: ExpandHost, expr: string): string {
  try {
    return String(evalArith(expr, { get: (n) => host.getVar(n), set: (n, v) => host.setVar(n, v) }));
  } catch (e) {
    if (e instanceof ArithError) throw new ExpansionError(e.message);
    throw e;
  }
}

function paramValue(host: ExpandHost, p: WordPart & { k: "param" }): string {
  const value = host.getVar(p.name);
  const op = p.op;
  if (op === undefined) return value ?? "";
  if (op === "#len") return String([...(value ?? "")].length);
  const argStr = (): string => (p.arg ? expandString(host, p.arg) : "");
  const empty = value === undefined || value === "";
  switch (op) {
    case ":-":
      return empty ? argStr() : value;
    case "-":
      return value === undefined ? argStr() : value;
    case ":=":
    case "=":
      if (op === ":=" ? empty : value === undefined) {
        const v = argStr();
        host.setVar(p.name, v);
        return v;
      }
      return value ?? "";
    case ":+":
      return empty ? "" : argStr();
    case "+":
      return value === undefined ? "" : argStr();
    case ":?":
    case "?":
      if (op === ":?" ? empty : value === undefined) {
        const msg = argStr() || (op === ":?" ? "parameter null or not set" : "parameter not set");
        throw new ExpansionError(`${p.name}: ${msg}`);
      }
      return value ?? "";
    case "#":
    case "##":
    case "%":
    case "%%":
      return removeAffix(value ?? "", p.arg ? expandPattern(host, p.arg) : "", op);
    case "/":
    case "//":
    case "/#":
    case "/%":
      return replace(host, value ?? "", p.arg, op);
    case ":": {
      const [offExpr, lenExpr] = splitOnce(argStr(), ":");
      const s = value ?? "";
      let off = Number(arith(host, offExpr));
      if (off < 0) off = Math.max(0, s.length + off);
      if (lenExpr === undefined) return s.slice(off);
      let len = Number(arith(host, lenExpr));
      if (len < 0) len = Math.max(0, s.length + len - off);
      return s.slice(off, off + len);
    }
    case "^^":
      return (value ?? "").toUpperCase();
    case ",,":
      return (value ?? "").toLowerCase();
    case "^":
      return (value ?? "").charAt(0).toUpperCase() + (value ?? "").slice(1);
    case ",":
      return (value ?? "").charAt(0).toLowerCase() + (value ?? "").slice(1);
  }
  return value ?? "";
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function removeAffix(s: string, pattern: string, op: string): string {
  if (op === "#" || op === "##") {
    const lengths = op === "#" ? range(0, s.length) : range(s.length, 0);
    for (const n of lengths) if (globMatch(pattern, s.slice(0, n))) return s.slice(n);
    return s;
  }
  const starts = op === "%" ? range(s.length, 0) : range(0, s.length);
  for (const k of starts) if (globMatch(pattern, s.slice(k))) return s.slice(0, k);
  return s;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  if (from <= to) for (let i = from; i <= to; i++) out.push(i);
  else for (let i = from; i >= to; i--) out.push(i);
  return out;
}

/** `${v/pat/rep}`: the arg word holds `pat/rep`; split it at the first unquoted `/`. */
function replace(host: ExpandHost, s: string, arg: Word | undefined, op: string): string {
  const patParts: WordPart[] = [];
  const repParts: WordPart[] = [];
  let inRep = false;
  for (const p of arg?.parts ?? []) {
    if (!inRep && p.k === "lit" && p.v.includes("/")) {
      const i = p.v.indexOf("/");
      if (i > 0) patParts.push({ k: "lit", v: p.v.slice(0, i) });
      if (i < p.v.length - 1) repParts.push({ k: "lit", v: p.v.slice(i + 1) });
      inRep = true;
    } else (inRep ? repParts : patParts).push(p);
  }
  const pattern = expandPattern(host, { parts: patParts });
  const rep = expandString(host, { parts: repParts });
  if (pattern === "") return s;
  const matchAt = (start: number, anchoredEnd: boolean): number => {
    // Longest match starting at `start`.
    for (let end = s.length; end >= start; end--) {
      if (anchoredEnd && end !== s.length) return -1;
      if (globMatch(pattern, s.slice(start, end))) return end;
    }
    return -1;
  };
  if (op === "/#") {
    const e = matchAt(0, false);
    return e < 0 ? s : rep + s.slice(e);
  }
  if (op === "/%") {
    for (let k = 0; k <= s.length; k++) if (globMatch(pattern, s.slice(k))) return s.slice(0, k) + rep;
    return s;
  }
  let out = "";
  let i = 0;
  while (i <= s.length) {
    const e = i < s.length || pattern === "*" ? matchAt(i, false) : -1;
    if (e > i) {
      out += rep;
      i = e;
      if (op === "/") return out + s.slice(i);
      continue;
    }
    if (i < s.length) out += s[i];
    i++;
  }
  return out;
}
