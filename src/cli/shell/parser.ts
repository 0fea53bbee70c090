/**
 * Recursive-descent parser for the bash subset labs use. It pulls tokens from the lexer one
 * at a time (the lexer reads heredoc bodies when it meets the newline after their command)
 * and builds the AST in `ast.ts`. Syntax errors carry bash's own wording.
 */
import type { AndOr, Assignment, CaseItem, Command, CondExpr, Pipeline, Redirect, Script, Word } from "./ast.ts";
import { Lexer, ShellSyntaxError, type Token } from "./lexer.ts";
import { LimitError } from "./limits.ts";

export { ShellSyntaxError } from "./lexer.ts";

const RESERVED = new Set([
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "for",
  "in",
  "do",
  "done",
  "while",
  "until",
  "case",
  "esac",
  "function",
  "{",
  "}",
  "!",
  "[[",
  "]]",
]);

const UNARY_TESTS = new Set("abcdefghkprstuwxzGLNOSnov".split("").map((c) => `-${c}`));
const BINARY_TESTS = new Set([
  "==",
  "=",
  "!=",
  "=~",
  "<",
  ">",
  "-eq",
  "-ne",
  "-lt",
  "-le",
  "-gt",
  "-ge",
  "-nt",
  "-ot",
  "-ef",
]);

export type ParseResult = { ok: true; script: Script } | { ok: false; message: string; limit: boolean };

export function parseScript(src: string, maxDepth = 200): ParseResult {
  try {
    const p = new Parser(src, 0, maxDepth, 0);
    const script = p.parseList(new Set());
    p.expectEof();
    return { ok: true, script };
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { ok: false, message: e.message, limit: false };
    if (e instanceof LimitError) return { ok: false, message: e.message, limit: true };
    if (e instanceof RangeError)
      return {
        ok: false,
        message: "labgrader: limit reached: script nested too deeply (parser nesting limit)",
        limit: true,
      };
    throw e;
  }
}

/** The literal text of a word made only of unquoted text, else undefined. */
export function plainText(word: Word): string | undefined {
  if (word.parts.length === 1 && word.parts[0].k === "lit") return word.parts[0].v;
  return undefined;
}

class Parser {
  readonly lx: Lexer;
  private peeked: Token | undefined;

  constructor(
    src: string,
    start: number,
    private readonly maxDepth: number,
    private depth: number,
  ) {
    this.lx = new Lexer(src, start, (s, pos, closer) => {
      const sub = new Parser(s, pos, this.maxDepth, this.depth + 1);
      sub.enter();
      const script = sub.parseList(closer === ")" ? new Set([")"]) : new Set());
      if (closer === ")") {
        const t = sub.next();
        if (t.type === "eof") throw sub.lx.eofError("(");
        if (!(t.type === "op" && t.v === ")")) throw sub.unexpected(t);
      } else sub.expectEof();
      return { script, end: sub.lx.pos };
    });
  }

  peek(): Token {
    if (!this.peeked) this.peeked = this.lx.next();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth)
      throw new LimitError(`script nested more than ${this.maxDepth} levels deep`, "parser nesting limit");
  }

  unexpected(t: Token): ShellSyntaxError {
    if (t.type === "eof") return this.lx.eofError();
    const text = t.type === "nl" ? "newline" : t.type === "op" ? t.v : t.type === "redir" ? t.op : wordSource(t.word);
    return new ShellSyntaxError(`bash: syntax error near unexpected token \`${text}'`);
  }

  expectEof(): void {
    const t = this.peek();
    if (t.type !== "eof") throw this.unexpected(t);
  }

  private reservedAt(t: Token): string | undefined {
    if (t.type !== "word") return undefined;
    const s = plainText(t.word);
    return s !== undefined && RESERVED.has(s) ? s : undefined;
  }

  private isStop(t: Token, stops: Set<string>): boolean {
    if (t.type === "eof") return true;
    if (t.type === "op") return stops.has(t.v);
    const r = this.reservedAt(t);
    return r !== undefined && stops.has(r);
  }

  skipNewlines(): void {
    while (this.peek().type === "nl") this.next();
  }

  parseList(stops: Set<string>): Script {
    const items: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (this.isStop(t, stops)) break;
      items.push(this.parseAndOr());
      const s = this.peek();
      if (s.type === "op" && (s.v === ";" || s.v === "&")) this.next();
      else if (s.type !== "nl") break;
    }
    return { items };
  }

  /** A list that must end at one of `stops` and not be empty; returns the stop word seen. */
  private parseBody(stops: Set<string>): { body: Script; stop: string } {
    const body = this.parseList(stops);
    const t = this.next();
    const stop = t.type === "op" ? t.v : this.reservedAt(t);
    if (stop === undefined || !stops.has(stop)) throw this.unexpected(t);
    if (body.items.length === 0) throw this.unexpected(t);
    return { body, stop };
  }

  parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr["rest"] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === "op" && (t.v === "&&" || t.v === "||")) {
        this.next();
        this.skipNewlines();
        rest.push({ op: t.v, p: this.parsePipeline() });
      } else break;
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    let negate = false;
    while (this.reservedAt(this.peek()) === "!") {
      this.next();
      negate = !negate;
    }
    const cmds: Command[] = [this.parseCommand()];
    for (;;) {
      const t = this.peek();
      if (t.type === "op" && (t.v === "|" || t.v === "|&")) {
        this.next();
        if (t.v === "|&") redirsOf(cmds[cmds.length - 1]).push(dupStderr());
        this.skipNewlines();
        cmds.push(this.parseCommand());
      } else break;
    }
    return { negate, cmds };
  }

  private parseCommand(): Command {
    this.enter();
    try {
      return this.parseCommandInner();
    } finally {
      this.depth--;
    }
  }

  private parseCommandInner(): Command {
    const t = this.peek();
    if (t.type === "op") {
      if (t.v === "(") {
        this.next();
        const { body } = this.parseBody(new Set([")"]));
        return { t: "subshell", body, redirs: this.parseRedirs() };
      }
      if (t.v === "((") {
        this.next();
        const expr = this.lx.readArithRaw();
        return { t: "arith", expr: { parts: [{ k: "q", v: expr }] }, redirs: this.parseRedirs() };
      }
      throw this.unexpected(t);
    }
    if (t.type === "nl" || t.type === "eof") throw this.unexpected(t);
    const r = this.reservedAt(t);
    switch (r) {
      case "if":
        return this.parseIf();
      case "for":
        return this.parseFor();
      case "while":
      case "until": {
        this.next();
        const cond = this.parseBody(new Set(["do"])).body;
        const body = this.parseBody(new Set(["done"])).body;
        return { t: "while", until: r === "until", cond, body, redirs: this.parseRedirs() };
      }
      case "case":
        return this.parseCase();
      case "{": {
        this.next();
        const { body } = this.parseBody(new Set(["}"]));
        return { t: "group", body, redirs: this.parseRedirs() };
      }
      case "[[":
        return this.parseCond();
      case "function": {
        this.next();
        const nameTok = this.next();
        const name = nameTok.type === "word" ? plainText(nameTok.word) : undefined;
        if (name === undefined) throw this.unexpected(nameTok);
        const p = this.peek();
        if (p.type === "op" && p.v === "(") {
          this.next();
          const close = this.next();
          if (!(close.type === "op" && close.v === ")")) throw this.unexpected(close);
        }
        this.skipNewlines();
        return { t: "func", name, body: this.parseCommand() };
      }
      case undefined:
        return this.parseSimple();
      default:
        throw this.unexpected(t);
    }
  }

  private parseRedirs(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type !== "redir") return out;
      this.next();
      out.push(this.parseRedirTarget(t));
    }
  }

  private parseRedirTarget(t: Token & { type: "redir" }): Redirect {
    const w = this.next();
    if (w.type === "eof") throw new ShellSyntaxError("bash: syntax error near unexpected token `newline'");
    if (w.type !== "word") throw this.unexpected(w);
    if (t.op === "<<" || t.op === "<<-") {
      const redir: Redirect = { fd: t.fd, op: "<<", target: w.word };
      this.lx.addHeredoc(redir, w.word, t.op === "<<-");
      return redir;
    }
    return { fd: t.fd, op: t.op, target: w.word };
  }

  private parseSimple(): Command {
    const assigns: Assignment[] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    const line = this.lx.lineAt(this.peek().start);
    for (;;) {
      const t = this.peek();
      if (t.type === "word") {
        this.next();
        const a = words.length === 0 ? asAssignment(t.word) : undefined;
        if (a) assigns.push(a);
        else words.push(t.word);
        if (words.length === 1 && assigns.length === 0 && redirs.length === 0) {
          const p = this.peek();
          if (p.type === "op" && p.v === "(") {
            const name = plainText(words[0]);
            this.next();
            const close = this.next();
            if (!(close.type === "op" && close.v === ")") || name === undefined) throw this.unexpected(close);
            this.skipNewlines();
            return { t: "func", name, body: this.parseCommand() };
          }
        }
      } else if (t.type === "redir") {
        this.next();
        redirs.push(this.parseRedirTarget(t));
      } else break;
    }
    return { t: "simple", assigns, words, redirs, line };
  }

  private parseIf(): Command {
    this.next();
    const clauses: { cond: Script; body: Script }[] = [];
    let otherwise: Script | undefined;
    for (;;) {
      const cond = this.parseBody(new Set(["then"])).body;
      const { body, stop } = this.parseBody(new Set(["elif", "else", "fi"]));
      clauses.push({ cond, body });
      if (stop === "fi") break;
      if (stop === "else") {
        otherwise = this.parseBody(new Set(["fi"])).body;
        break;
      }
    }
    return { t: "if", clauses, otherwise, redirs: this.parseRedirs() };
  }

  private parseFor(): Command {
    this.next();
    const n = this.next();
    if (n.type === "op" && n.v === "((") {
      const raw = this.lx.readArithRaw();
      const [init = "", cond = "", step = ""] = raw.split(";");
      const s = this.peek();
      if (s.type === "op" && s.v === ";") this.next();
      this.skipNewlines();
      const d = this.next();
      if (this.reservedAt(d) !== "do") throw this.unexpected(d);
      const body = this.parseBody(new Set(["done"])).body;
      return { t: "cfor", init, cond, step, body, redirs: this.parseRedirs() };
    }
    const name = n.type === "word" ? plainText(n.word) : undefined;
    if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      if (n.type === "word") throw new ShellSyntaxError(`bash: \`${wordSource(n.word)}': not a valid identifier`);
      throw this.unexpected(n);
    }
    let items: Word[] | undefined;
    let s = this.peek();
    if (s.type === "op" && s.v === ";") {
      this.next();
    } else {
      this.skipNewlines();
      s = this.peek();
      if (this.reservedAt(s) === "in") {
        this.next();
        items = [];
        for (;;) {
          const w = this.peek();
          if (w.type !== "word") break;
          this.next();
          items.push(w.word);
        }
        const sep = this.next();
        if (!(sep.type === "nl" || (sep.type === "op" && sep.v === ";"))) throw this.unexpected(sep);
      }
    }
    this.skipNewlines();
    const d = this.next();
    if (this.reservedAt(d) !== "do") throw this.unexpected(d);
    const body = this.parseBody(new Set(["done"])).body;
    return { t: "for", name, items, body, redirs: this.parseRedirs() };
  }

  private parseCase(): Command {
    this.next();
    const w = this.next();
    if (w.type !== "word") throw this.unexpected(w);
    this.skipNewlines();
    const inTok = this.next();
    if (this.reservedAt(inTok) !== "in") throw this.unexpected(inTok);
    const items: CaseItem[] = [];
    const ends = new Set(["esac", ";;", ";&", ";;&"]);
    for (;;) {
      this.skipNewlines();
      let t = this.next();
      if (this.reservedAt(t) === "esac") break;
      if (t.type === "op" && t.v === "(") t = this.next();
      const patterns: Word[] = [];
      for (;;) {
        if (t.type !== "word") throw this.unexpected(t);
        patterns.push(t.word);
        t = this.next();
        if (t.type === "op" && t.v === "|") {
          t = this.next();
          continue;
        }
        if (t.type === "op" && t.v === ")") break;
        throw this.unexpected(t);
      }
      const body = this.parseList(ends);
      const e = this.next();
      if (e.type === "op" && (e.v === ";;" || e.v === ";&" || e.v === ";;&")) {
        items.push({ patterns, body, term: e.v });
        continue;
      }
      if (this.reservedAt(e) === "esac") {
        items.push({ patterns, body, term: ";;" });
        break;
      }
      throw this.unexpected(e);
    }
    return { t: "case", word: w.word, items, redirs: this.parseRedirs() };
  }

  private parseCond(): Command {
    this.next();
    const expr = this.condOr();
    const end = this.next();
    if (!(end.type === "word" && plainText(end.word) === "]]")) throw this.unexpected(end);
    return { t: "cond", expr, redirs: this.parseRedirs() };
  }

  private condOr(): CondExpr {
    let a = this.condAnd();
    for (;;) {
      const t = this.peek();
      if (t.type === "op" && t.v === "||") {
        this.next();
        this.skipNewlines();
        a = { k: "or", a, b: this.condAnd() };
      } else return a;
    }
  }

  private condAnd(): CondExpr {
    let a = this.condNot();
    for (;;) {
      const t = this.peek();
      if (t.type === "op" && t.v === "&&") {
        this.next();
        this.skipNewlines();
        a = { k: "and", a, b: this.condNot() };
      } else return a;
    }
  }

  private condNot(): CondExpr {
    const t = this.peek();
    if (t.type === "word" && plainText(t.word) === "!") {
      this.next();
      return { k: "not", a: this.condNot() };
    }
    if (t.type === "op" && t.v === "(") {
      this.next();
      const e = this.condOr();
      const c = this.next();
      if (!(c.type === "op" && c.v === ")")) throw this.unexpected(c);
      return e;
    }
    const w = this.next();
    if (w.type !== "word" || plainText(w.word) === "]]") throw this.unexpected(w);
    const text = plainText(w.word);
    const n = this.peek();
    if (text !== undefined && UNARY_TESTS.has(text) && n.type === "word" && plainText(n.word) !== "]]") {
      this.next();
      return { k: "unary", op: text, a: n.word };
    }
    const op =
      n.type === "word" ? plainText(n.word) : n.type === "redir" && (n.op === "<" || n.op === ">") ? n.op : undefined;
    if (op !== undefined && BINARY_TESTS.has(op)) {
      this.next();
      const b = this.next();
      if (b.type !== "word") throw this.unexpected(b);
      return { k: "binary", op, a: w.word, b: b.word };
    }
    return { k: "word", a: w.word };
  }
}

function asAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (first?.k !== "lit") return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.v);
  if (!m) return undefined;
  const restLit = first.v.slice(m[0].length);
  const parts = restLit ? [{ k: "lit" as const, v: restLit }, ...word.parts.slice(1)] : word.parts.slice(1);
  return { name: m[1], value: { parts }, append: m[2] === "+" };
}

function redirsOf(c: Command): Redirect[] {
  if (c.t === "func") return redirsOf(c.body);
  return c.redirs;
}

const dupStderr = (): Redirect => ({ fd: 2, op: ">&", target: { parts: [{ k: "lit", v: "1" }] } });

/** A readable rendering of a word for error messages. */
function wordSource(w: Word): string {
  let s = "";
  for (const p of w.parts) {
    if (p.k === "lit" || p.k === "q") s += p.v;
    else if (p.k === "param") s += `$${p.name}`;
    else if (p.k === "tilde") s += `~${p.user}`;
    else if (p.k === "dq") s += `"${wordSource({ parts: p.parts })}"`;
  }
  return s;
}

/**
 * Splits a script into its top-level command lines, as a terminal would run them one by one:
 * a heredoc stays with its command, and so do `\` continuations, open quotes and compound
 * commands spanning lines. Blank and comment-only lines are dropped. A line with a syntax
 * error is returned alone (running it reports the error).
 */
export function splitTopLevel(script: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < script.length) {
    const p = new Parser(script, pos, 200, 0);
    let start = -1;
    try {
      p.skipNewlines();
      const first = p.peek();
      if (first.type === "eof") break;
      start = first.start;
      for (;;) {
        p.parseAndOr();
        const s = p.peek();
        if (s.type === "op" && (s.v === ";" || s.v === "&")) {
          p.next();
          const after = p.peek();
          if (after.type === "nl" || after.type === "eof") break;
          continue;
        }
        if (s.type === "nl" || s.type === "eof") break;
        throw p.unexpected(s);
      }
      const end = p.lx.pos;
      const tok = p.peek();
      const text = script.slice(start, tok.type === "nl" && !p.lx.hasPendingHeredocs() ? end : end);
      out.push(text.replace(/\n+$/, ""));
      pos = end;
    } catch {
      // Keep the bad line (or the rest, for an unterminated construct) as one step.
      const from = start >= 0 ? start : pos;
      const nl = script.indexOf("\n", from);
      const eofKind = nl < 0 || isUnterminated(script.slice(from));
      const end = eofKind ? script.length : nl + 1;
      const text = script.slice(from, end).replace(/\n+$/, "");
      if (text.trim()) out.push(text);
      pos = end;
    }
  }
  return out;
}

function isUnterminated(rest: string): boolean {
  const r = parseScript(rest);
  return !r.ok && /unexpected (end of file|EOF)/.test(r.message);
}
