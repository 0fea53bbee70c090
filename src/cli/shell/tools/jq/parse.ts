/**
 * jq program text -> AST, with jq's precedence (lowest first): `|` (and `as $x |`), `,`,
 * `//`, assignment operators, `or`, `and`, comparisons, `+ -`, `* / %`, unary minus,
 * postfix (`.foo`, `[e]`, `[]`, `[a:b]`, `?`). String interpolation `"\(e)"` is parsed by a
 * nested parser over the interpolated text.
 */
import type { Json } from "./json.ts";

export type Ast =
  | { k: "identity" }
  | { k: "recurse" }
  | { k: "field"; target: Ast; name: string; opt: boolean }
  | { k: "index"; target: Ast; index: Ast; opt: boolean }
  | { k: "slice"; target: Ast; from?: Ast; to?: Ast; opt: boolean }
  | { k: "iterate"; target: Ast; opt: boolean }
  | { k: "pipe"; a: Ast; b: Ast }
  | { k: "comma"; a: Ast; b: Ast }
  | { k: "literal"; v: Json }
  | { k: "string"; parts: (string | Ast)[]; format?: string }
  | { k: "format"; name: string }
  | { k: "array"; e?: Ast }
  | { k: "object"; entries: { key: Ast; value?: Ast; keyVar?: string }[] }
  | { k: "neg"; e: Ast }
  | { k: "bin"; op: string; a: Ast; b: Ast }
  | { k: "and" | "or" | "alt"; a: Ast; b: Ast }
  | { k: "assign"; op: string; lhs: Ast; rhs: Ast }
  | { k: "if"; cond: Ast; then: Ast; otherwise?: Ast }
  | { k: "try"; body: Ast; handler?: Ast }
  | { k: "reduce"; source: Ast; pattern: Pattern; init: Ast; update: Ast }
  | { k: "foreach"; source: Ast; pattern: Pattern; init: Ast; update: Ast; extract?: Ast }
  | { k: "call"; name: string; args: Ast[] }
  | { k: "var"; name: string }
  | { k: "as"; source: Ast; pattern: Pattern; body: Ast }
  | { k: "def"; name: string; params: string[]; body: Ast; rest: Ast };

export type Pattern =
  | { k: "var"; name: string }
  | { k: "array"; items: Pattern[] }
  | { k: "object"; entries: { key: string; pattern: Pattern }[] };

export class JqSyntaxError {
  constructor(readonly message: string) {}
}

type Tok =
  | { t: "dot" }
  | { t: "recurse" }
  | { t: "field"; v: string }
  | { t: "var"; v: string }
  | { t: "format"; v: string }
  | { t: "ident"; v: string }
  | { t: "num"; v: number }
  | { t: "str"; parts: (string | Ast)[] }
  | { t: "op"; v: string }
  | { t: "eof" };

const OPS = [
  "?//",
  "|=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "//=",
  "==",
  "!=",
  "<=",
  ">=",
  "//",
  "|",
  ",",
  "+",
  "-",
  "*",
  "/",
  "%",
  "=",
  "<",
  ">",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ":",
  ";",
  "?",
];
const KEYWORDS = new Set([
  "if",
  "then",
  "elif",
  "else",
  "end",
  "as",
  "def",
  "reduce",
  "foreach",
  "try",
  "catch",
  "label",
  "import",
  "include",
  "and",
  "or",
  "__loc__",
]);

function lex(src: string, depth: number): Tok[] {
  if (depth > 32) throw new JqSyntaxError("string interpolation nested too deeply");
  const out: Tok[] = [];
  let i = 0;
  const identAt = (j: number) => /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(j))?.[0];
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === ".") {
      if (src[i + 1] === ".") {
        out.push({ t: "recurse" });
        i += 2;
        continue;
      }
      const id = identAt(i + 1);
      if (id) {
        out.push({ t: "field", v: id });
        i += 1 + id.length;
        continue;
      }
      if (src[i + 1] === '"') {
        const s = readString(src, i + 1, depth);
        out.push({ t: "dot" });
        out.push({ t: "op", v: "[" });
        out.push({ t: "str", parts: s.parts });
        out.push({ t: "op", v: "]" });
        i = s.end;
        continue;
      }
      if (/[0-9]/.test(src[i + 1] ?? "")) {
        const m = /^\.\d+([eE][+-]?\d+)?/.exec(src.slice(i))!;
        out.push({ t: "num", v: Number(m[0]) });
        i += m[0].length;
        continue;
      }
      out.push({ t: "dot" });
      i++;
      continue;
    }
    if (c === "$") {
      const id = identAt(i + 1);
      if (!id) throw new JqSyntaxError("syntax error, unexpected '$'");
      out.push({ t: "var", v: id });
      i += 1 + id.length;
      continue;
    }
    if (c === "@") {
      const id = identAt(i + 1);
      if (!id) throw new JqSyntaxError("syntax error, unexpected '@'");
      out.push({ t: "format", v: id });
      i += 1 + id.length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d*)?([eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      const s = readString(src, i, depth);
      out.push({ t: "str", parts: s.parts });
      i = s.end;
      continue;
    }
    const id = identAt(i);
    if (id) {
      out.push({ t: "ident", v: id });
      i += id.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new JqSyntaxError(`syntax error, unexpected INVALID_CHARACTER`);
    out.push({ t: "op", v: op });
    i += op.length;
  }
  out.push({ t: "eof" });
  return out;
}

function readString(src: string, start: number, depth: number): { parts: (string | Ast)[]; end: number } {
  const parts: (string | Ast)[] = [];
  let cur = "";
  let i = start + 1;
  for (;;) {
    if (i >= src.length) throw new JqSyntaxError("syntax error, unexpected end of file, unterminated string");
    const c = src[i];
    if (c === '"') {
      if (cur || parts.length === 0) parts.push(cur);
      return { parts, end: i + 1 };
    }
    if (c === "\\") {
      const n = src[i + 1];
      if (n === "(") {
        let d = 1;
        let j = i + 2;
        let inStr = false;
        for (; j < src.length && d > 0; j++) {
          const x = src[j];
          if (inStr) {
            if (x === "\\") j++;
            else if (x === '"') inStr = false;
          } else if (x === '"') inStr = true;
          else if (x === "(") d++;
          else if (x === ")") d--;
        }
        if (d !== 0) throw new JqSyntaxError("syntax error, unterminated string interpolation");
        if (cur) parts.push(cur);
        cur = "";
        parts.push(new JqParser(lex(src.slice(i + 2, j - 1), depth + 1)).program());
        i = j;
        continue;
      }
      const map: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (map[n] !== undefined) {
        cur += map[n];
        i += 2;
        continue;
      }
      if (n === "u") {
        cur += String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      throw new JqSyntaxError(`syntax error, invalid escape`);
    }
    cur += c;
    i++;
  }
}

export function parseJq(src: string): Ast {
  return new JqParser(lex(src, 0)).program();
}

const describe = (t: Tok): string => {
  switch (t.t) {
    case "eof":
      return "end of file";
    case "op":
      return `'${t.v}'`;
    case "ident":
      return KEYWORDS.has(t.v) ? t.v : "IDENT";
    case "num":
      return "LITERAL";
    case "str":
      return "QQSTRING_START";
    case "field":
      return "FIELD";
    default:
      return t.t;
  }
};

class JqParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(o = 0): Tok {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)];
  }
  private next(): Tok {
    return this.toks[this.i++] ?? { t: "eof" };
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  private isIdent(v: string): boolean {
    const t = this.peek();
    return t.t === "ident" && t.v === v;
  }
  private fail(): never {
    throw new JqSyntaxError(`syntax error, unexpected ${describe(this.peek())}`);
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail();
    this.i++;
  }
  private expectIdent(v: string): void {
    if (!this.isIdent(v)) this.fail();
    this.i++;
  }

  program(): Ast {
    const e = this.pipe();
    if (this.peek().t !== "eof") this.fail();
    return e;
  }

  private pipe(): Ast {
    if (this.isIdent("def")) {
      this.i++;
      const n = this.next();
      if (n.t !== "ident") this.fail();
      const params: string[] = [];
      if (this.isOp("(")) {
        this.i++;
        for (;;) {
          const p = this.next();
          if (p.t === "ident") params.push(p.v);
          else if (p.t === "var") params.push(`$${p.v}`);
          else this.fail();
          if (this.isOp(";")) {
            this.i++;
            continue;
          }
          this.expectOp(")");
          break;
        }
      }
      this.expectOp(":");
      const body = this.pipe();
      this.expectOp(";");
      return { k: "def", name: n.v, params, body, rest: this.pipe() };
    }
    const a = this.comma();
    if (this.isOp("|")) {
      this.i++;
      return { k: "pipe", a, b: this.pipe() };
    }
    return a;
  }

  private comma(): Ast {
    let a = this.alt();
    while (this.isOp(",")) {
      this.i++;
      a = { k: "comma", a, b: this.alt() };
    }
    return a;
  }

  private alt(): Ast {
    const a = this.assign();
    if (this.isOp("//")) {
      this.i++;
      return { k: "alt", a, b: this.alt() };
    }
    return a;
  }

  private assign(): Ast {
    const a = this.or();
    const t = this.peek();
    if (t.t === "op" && ["=", "|=", "+=", "-=", "*=", "/=", "%=", "//="].includes(t.v)) {
      this.i++;
      return { k: "assign", op: t.v, lhs: a, rhs: this.alt() };
    }
    return a;
  }

  private or(): Ast {
    let a = this.and();
    while (this.isIdent("or")) {
      this.i++;
      a = { k: "or", a, b: this.and() };
    }
    return a;
  }

  private and(): Ast {
    let a = this.compare();
    while (this.isIdent("and")) {
      this.i++;
      a = { k: "and", a, b: this.compare() };
    }
    return a;
  }

  private compare(): Ast {
    const a = this.additive();
    const t = this.peek();
    if (t.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.v)) {
      this.i++;
      return { k: "bin", op: t.v, a, b: this.additive() };
    }
    return a;
  }

  private additive(): Ast {
    let a = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.next() as { v: string }).v;
      a = { k: "bin", op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Ast {
    let a = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const op = (this.next() as { v: string }).v;
      a = { k: "bin", op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Ast {
    if (this.isOp("-")) {
      this.i++;
      return { k: "neg", e: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Ast {
    let e = this.term();
    for (;;) {
      const t = this.peek();
      if (t.t === "field") {
        this.i++;
        e = { k: "field", target: e, name: t.v, opt: this.optional() };
      } else if (t.t === "dot" && this.peek(1).t === "op" && (this.peek(1) as { v: string }).v === "[") {
        this.i++;
      } else if (t.t === "op" && t.v === "[") {
        e = this.bracketSuffix(e);
      } else if (t.t === "op" && t.v === "?") {
        this.i++;
        e = { k: "try", body: e };
      } else if (t.t === "ident" && t.v === "as") {
        this.i++;
        const pattern = this.pattern();
        this.expectOp("|");
        return { k: "as", source: e, pattern, body: this.pipe() };
      } else return e;
    }
  }

  private optional(): boolean {
    if (this.isOp("?")) {
      this.i++;
      return true;
    }
    return false;
  }

  private bracketSuffix(target: Ast): Ast {
    this.expectOp("[");
    if (this.isOp("]")) {
      this.i++;
      return { k: "iterate", target, opt: this.optional() };
    }
    if (this.isOp(":")) {
      this.i++;
      const to = this.pipe();
      this.expectOp("]");
      return { k: "slice", target, to, opt: this.optional() };
    }
    const index = this.pipe();
    if (this.isOp(":")) {
      this.i++;
      const to = this.isOp("]") ? undefined : this.pipe();
      this.expectOp("]");
      return { k: "slice", target, from: index, to, opt: this.optional() };
    }
    this.expectOp("]");
    return { k: "index", target, index, opt: this.optional() };
  }

  private pattern(): Pattern {
    const t = this.next();
    if (t.t === "var") return { k: "var", name: t.v };
    if (t.t === "op" && t.v === "[") {
      const items: Pattern[] = [];
      for (;;) {
        items.push(this.pattern());
        if (this.isOp(",")) {
          this.i++;
          continue;
        }
        this.expectOp("]");
        return { k: "array", items };
      }
    }
    if (t.t === "op" && t.v === "{") {
      const entries: { key: string; pattern: Pattern }[] = [];
      for (;;) {
        const k = this.next();
        if (k.t === "var") entries.push({ key: k.v, pattern: { k: "var", name: k.v } });
        else if (k.t === "ident" || (k.t === "str" && k.parts.length === 1 && typeof k.parts[0] === "string")) {
          const key = k.t === "ident" ? k.v : (k.parts[0] as string);
          this.expectOp(":");
          entries.push({ key, pattern: this.pattern() });
        } else this.fail();
        if (this.isOp(",")) {
          this.i++;
          continue;
        }
        this.expectOp("}");
        return { k: "object", entries };
      }
    }
    this.i--;
    return this.fail();
  }

  private term(): Ast {
    const t = this.next();
    switch (t.t) {
      case "dot":
        if (this.isOp("[")) return this.bracketSuffix({ k: "identity" });
        if (this.peek().t === "str") {
          const s = this.next() as { parts: (string | Ast)[] };
          return {
            k: "index",
            target: { k: "identity" },
            index: { k: "string", parts: s.parts },
            opt: this.optional(),
          };
        }
        return { k: "identity" };
      case "recurse":
        return { k: "recurse" };
      case "field":
        return { k: "field", target: { k: "identity" }, name: t.v, opt: this.optional() };
      case "num":
        return { k: "literal", v: t.v };
      case "str":
        return stringAst(t.parts);
      case "format":
        if (this.peek().t === "str") {
          const s = this.next() as { parts: (string | Ast)[] };
          return { k: "string", parts: s.parts, format: t.v };
        }
        return { k: "format", name: t.v };
      case "var":
        return { k: "var", name: t.v };
      case "op":
        if (t.v === "(") {
          const e = this.pipe();
          this.expectOp(")");
          return e;
        }
        if (t.v === "[") {
          if (this.isOp("]")) {
            this.i++;
            return { k: "array" };
          }
          const e = this.pipe();
          this.expectOp("]");
          return { k: "array", e };
        }
        if (t.v === "{") return this.object();
        break;
      case "ident":
        return this.identTerm(t.v);
    }
    this.i--;
    return this.fail();
  }

  private identTerm(name: string): Ast {
    switch (name) {
      case "if": {
        const cond = this.pipe();
        this.expectIdent("then");
        const then = this.pipe();
        if (this.isIdent("elif")) {
          this.toks[this.i] = { t: "ident", v: "if" };
          return { k: "if", cond, then, otherwise: this.identTerm((this.next() as { v: string }).v) };
        }
        let otherwise: Ast | undefined;
        if (this.isIdent("else")) {
          this.i++;
          otherwise = this.pipe();
        }
        this.expectIdent("end");
        return { k: "if", cond, then, otherwise };
      }
      case "try": {
        const body = this.postfixNoAs();
        if (this.isIdent("catch")) {
          this.i++;
          return { k: "try", body, handler: this.postfixNoAs() };
        }
        return { k: "try", body };
      }
      case "reduce":
      case "foreach": {
        const source = this.postfixNoAs();
        this.expectIdent("as");
        const pattern = this.pattern();
        this.expectOp("(");
        const init = this.pipe();
        this.expectOp(";");
        const update = this.pipe();
        let extract: Ast | undefined;
        if (name === "foreach" && this.isOp(";")) {
          this.i++;
          extract = this.pipe();
        }
        this.expectOp(")");
        return name === "reduce"
          ? { k: "reduce", source, pattern, init, update }
          : { k: "foreach", source, pattern, init, update, extract };
      }
      case "true":
        return { k: "literal", v: true };
      case "false":
        return { k: "literal", v: false };
      case "null":
        return { k: "literal", v: null };
    }
    if (KEYWORDS.has(name)) {
      this.i--;
      this.fail();
    }
    const args: Ast[] = [];
    if (this.isOp("(")) {
      this.i++;
      for (;;) {
        args.push(this.pipe());
        if (this.isOp(";")) {
          this.i++;
          continue;
        }
        this.expectOp(")");
        break;
      }
    }
    return { k: "call", name, args };
  }

  /** A postfix term that does not swallow a following `as` (for reduce/foreach/try). */
  private postfixNoAs(): Ast {
    let e = this.term();
    for (;;) {
      const t = this.peek();
      if (t.t === "field") {
        this.i++;
        e = { k: "field", target: e, name: t.v, opt: this.optional() };
      } else if (t.t === "op" && t.v === "[") e = this.bracketSuffix(e);
      else if (t.t === "dot" && this.peek(1).t === "op" && (this.peek(1) as { v: string }).v === "[") this.i++;
      else if (t.t === "op" && t.v === "?") {
        this.i++;
        e = { k: "try", body: e };
      } else return e;
    }
  }

  private object(): Ast {
    const entries: { key: Ast; value?: Ast; keyVar?: string }[] = [];
    if (this.isOp("}")) {
      this.i++;
      return { k: "object", entries };
    }
    for (;;) {
      const t = this.next();
      let key: Ast;
      if (t.t === "var") {
        entries.push({ key: { k: "literal", v: t.v }, keyVar: t.v });
      } else {
        if (t.t === "ident") key = { k: "literal", v: t.v };
        else if (t.t === "str") key = stringAst(t.parts);
        else if (t.t === "format" && this.peek().t === "str")
          key = { k: "string", parts: (this.next() as { parts: (string | Ast)[] }).parts, format: t.v };
        else if (t.t === "num") key = { k: "literal", v: t.v };
        else if (t.t === "op" && t.v === "(") {
          key = this.pipe();
          this.expectOp(")");
        } else {
          this.i--;
          this.fail();
        }
        if (this.isOp(":")) {
          this.i++;
          let value = this.objectValue();
          while (this.isOp("|")) {
            this.i++;
            value = { k: "pipe", a: value, b: this.objectValue() };
          }
          entries.push({ key, value });
        } else entries.push({ key });
      }
      if (this.isOp(",")) {
        this.i++;
        continue;
      }
      this.expectOp("}");
      return { k: "object", entries };
    }
  }

  private objectValue(): Ast {
    return this.alt();
  }
}

function stringAst(parts: (string | Ast)[]): Ast {
  if (parts.length === 1 && typeof parts[0] === "string") return { k: "literal", v: parts[0] };
  return { k: "string", parts };
}
