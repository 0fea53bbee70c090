/**
 * awk program text -> AST. A hand-written lexer (a `/` starts a regex literal where an
 * operand is expected) and a precedence-climbing parser following the POSIX grammar:
 * ternary < || < && < in < ~ < comparison < concatenation < additive < multiplicative <
 * unary < ^ < ++/-- < $ < grouping. Inside `print` a bare `>` is a redirection.
 */

export type Expr =
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "re"; src: string }
  | { k: "var"; name: string }
  | { k: "field"; e: Expr }
  | { k: "index"; name: string; subs: Expr[] }
  | { k: "assign"; op: string; target: Expr; e: Expr }
  | { k: "cond"; c: Expr; a: Expr; b: Expr }
  | { k: "and" | "or"; a: Expr; b: Expr }
  | { k: "in"; subs: Expr[]; name: string }
  | { k: "match"; neg: boolean; a: Expr; re: Expr }
  | { k: "bin"; op: string; a: Expr; b: Expr }
  | { k: "concat"; a: Expr; b: Expr }
  | { k: "unary"; op: string; e: Expr }
  | { k: "incdec"; op: string; prefix: boolean; target: Expr }
  | { k: "call"; name: string; args: Expr[] }
  | { k: "builtin"; name: string; args: Expr[] }
  | { k: "getline"; target?: Expr; file?: Expr; cmd?: Expr }
  | { k: "group"; list: Expr[] };

export interface Dest {
  mode: ">" | ">>" | "|";
  e: Expr;
}

export type Stmt =
  | { k: "expr"; e: Expr }
  | { k: "print"; args: Expr[]; dest?: Dest }
  | { k: "printf"; args: Expr[]; dest?: Dest }
  | { k: "if"; c: Expr; t: Stmt; f?: Stmt }
  | { k: "while"; c: Expr; body: Stmt }
  | { k: "do"; body: Stmt; c: Expr }
  | { k: "for"; init?: Stmt; c?: Expr; step?: Stmt; body: Stmt }
  | { k: "forin"; v: string; arr: string; body: Stmt }
  | { k: "block"; body: Stmt[] }
  | { k: "next" | "nextfile" | "break" | "continue" }
  | { k: "exit" | "return"; e?: Expr }
  | { k: "delete"; name: string; subs?: Expr[] };

export interface Rule {
  pattern?: Expr;
  pattern2?: Expr;
  begin?: boolean;
  end?: boolean;
  action?: Stmt[];
}

export interface AwkFunction {
  name: string;
  params: string[];
  body: Stmt[];
}

export interface Program {
  rules: Rule[];
  funcs: Map<string, AwkFunction>;
}

export class AwkSyntaxError {
  constructor(readonly message: string) {}
}

type Tok =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "re"; v: string }
  | { t: "name"; v: string }
  | { t: "func"; v: string }
  | { t: "kw"; v: string }
  | { t: "op"; v: string }
  | { t: "nl" }
  | { t: "eof" };

const KEYWORDS = new Set([
  "BEGIN",
  "END",
  "function",
  "func",
  "if",
  "else",
  "while",
  "for",
  "do",
  "break",
  "continue",
  "next",
  "nextfile",
  "exit",
  "return",
  "delete",
  "in",
  "getline",
  "print",
  "printf",
]);
export const BUILTIN_FUNCS = new Set([
  "length",
  "substr",
  "index",
  "split",
  "sub",
  "gsub",
  "match",
  "sprintf",
  "sin",
  "cos",
  "atan2",
  "exp",
  "log",
  "sqrt",
  "int",
  "rand",
  "srand",
  "tolower",
  "toupper",
  "system",
  "close",
  "fflush",
]);
const OPS = [
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "^=",
  "**=",
  "==",
  "<=",
  ">=",
  "!=",
  "++",
  "--",
  "&&",
  "||",
  ">>",
  "!~",
  "**",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ";",
  ",",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "!",
  ">",
  "<",
  "|",
  "?",
  ":",
  "~",
  "$",
  "=",
];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const p = out[out.length - 1];
    if (!p) return true;
    if (p.t === "num" || p.t === "str" || p.t === "name" || p.t === "re") return false;
    if (p.t === "kw") return p.v !== "getline";
    if (p.t === "op") return !(p.v === ")" || p.v === "]" || p.v === "$" || p.v === "++" || p.v === "--");
    return true;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === "\n") {
      out.push({ t: "nl" });
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(src.slice(i))!;
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0];
      i += m.length;
      if (KEYWORDS.has(m)) out.push({ t: "kw", v: m === "func" ? "function" : m });
      else if (BUILTIN_FUNCS.has(m)) out.push({ t: "func", v: m });
      else if (src[i] === "(") out.push({ t: "func", v: m });
      else out.push({ t: "name", v: m });
      continue;
    }
    if (c === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length || src[i] === "\n") throw new AwkSyntaxError("runaway string constant");
        const d = src[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === "\\" && i + 1 < src.length) {
          const n = src[++i];
          const map: Record<string, string> = {
            n: "\n",
            t: "\t",
            r: "\r",
            "\\": "\\",
            '"': '"',
            "/": "/",
            a: "\x07",
            b: "\b",
            f: "\f",
            v: "\v",
          };
          if (map[n] !== undefined) s += map[n];
          else if (/[0-7]/.test(n)) {
            const m = /^[0-7]{1,3}/.exec(src.slice(i))![0];
            s += String.fromCharCode(Number.parseInt(m, 8));
            i += m.length - 1;
          } else if (n === "\n") {
            /* line continuation */
          } else s += `\\${n}`;
          i++;
          continue;
        }
        s += d;
        i++;
      }
      out.push({ t: "str", v: s });
      continue;
    }
    if (c === "/" && regexAllowed()) {
      let s = "";
      i++;
      let inBracket = false;
      for (;;) {
        if (i >= src.length || src[i] === "\n") throw new AwkSyntaxError("runaway regular expression");
        const d = src[i];
        if (d === "\\" && i + 1 < src.length) {
          s += src[i + 1] === "/" ? "/" : d + src[i + 1];
          i += 2;
          continue;
        }
        if (d === "[") inBracket = true;
        else if (d === "]") inBracket = false;
        else if (d === "/" && !inBracket) {
          i++;
          break;
        }
        s += d;
        i++;
      }
      out.push({ t: "re", v: s });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntaxError(`syntax error at or near ${c}`);
    out.push({ t: "op", v: op });
    i += op.length;
  }
  out.push({ t: "eof" });
  return out;
}

export function parseAwk(src: string): Program {
  return new AwkParser(lex(src)).program();
}

const describe = (t: Tok): string => (t.t === "eof" ? "end of file" : t.t === "nl" ? "end of line" : String(t.v));

class AwkParser {
  private i = 0;
  private noGt = 0;
  private noIn = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(o = 0): Tok {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)];
  }
  private next(): Tok {
    return this.toks[this.i++] ?? { t: "eof" };
  }
  private isOp(v: string, o = 0): boolean {
    const t = this.peek(o);
    return t.t === "op" && t.v === v;
  }
  private isKw(v: string): boolean {
    const t = this.peek();
    return t.t === "kw" && t.v === v;
  }
  private fail(): never {
    throw new AwkSyntaxError(`syntax error at or near ${describe(this.peek())}`);
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail();
    this.i++;
  }
  private nls(): void {
    while (this.peek().t === "nl") this.i++;
  }
  private terminators(): void {
    while (this.peek().t === "nl" || this.isOp(";")) this.i++;
  }

  program(): Program {
    const rules: Rule[] = [];
    const funcs = new Map<string, AwkFunction>();
    this.terminators();
    while (this.peek().t !== "eof") {
      if (this.isKw("function")) {
        this.i++;
        const n = this.next();
        if (n.t !== "name" && n.t !== "func") this.fail();
        this.expectOp("(");
        const params: string[] = [];
        while (!this.isOp(")")) {
          const p = this.next();
          if (p.t !== "name") this.fail();
          params.push(p.v);
          if (this.isOp(",")) {
            this.i++;
            this.nls();
          }
        }
        this.i++;
        this.nls();
        funcs.set(n.v, { name: n.v, params, body: this.block() });
      } else if (this.isKw("BEGIN") || this.isKw("END")) {
        const which = (this.next() as { v: string }).v;
        this.nls();
        if (!this.isOp("{")) this.fail();
        rules.push(which === "BEGIN" ? { begin: true, action: this.block() } : { end: true, action: this.block() });
      } else {
        const rule: Rule = {};
        if (!this.isOp("{")) {
          rule.pattern = this.expr();
          if (this.isOp(",")) {
            this.i++;
            this.nls();
            rule.pattern2 = this.expr();
          }
        }
        if (this.isOp("{")) rule.action = this.block();
        rules.push(rule);
      }
      this.terminators();
    }
    return { rules, funcs };
  }

  private block(): Stmt[] {
    this.expectOp("{");
    const body: Stmt[] = [];
    this.terminators();
    while (!this.isOp("}")) {
      if (this.peek().t === "eof") this.fail();
      body.push(this.statement());
      this.terminators();
    }
    this.i++;
    return body;
  }

  private simpleEnd(): void {
    const t = this.peek();
    if (t.t === "nl" || (t.t === "op" && (t.v === ";" || t.v === "}")) || t.t === "eof") {
      if (t.t !== "op" || t.v === ";") this.i++;
      return;
    }
    this.fail();
  }

  private bodyStmt(): Stmt {
    this.nls();
    if (this.isOp(";")) {
      this.i++;
      return { k: "block", body: [] };
    }
    return this.statement();
  }

  private statement(): Stmt {
    const t = this.peek();
    if (t.t === "op" && t.v === "{") return { k: "block", body: this.block() };
    if (t.t === "kw") {
      switch (t.v) {
        case "if": {
          this.i++;
          this.expectOp("(");
          const c = this.expr();
          this.expectOp(")");
          const th = this.bodyStmt();
          const save = this.i;
          this.terminators();
          if (this.isKw("else")) {
            this.i++;
            return { k: "if", c, t: th, f: this.bodyStmt() };
          }
          this.i = save;
          return { k: "if", c, t: th };
        }
        case "while": {
          this.i++;
          this.expectOp("(");
          const c = this.expr();
          this.expectOp(")");
          if (this.isOp(";")) {
            this.i++;
            return { k: "while", c, body: { k: "block", body: [] } };
          }
          return { k: "while", c, body: this.bodyStmt() };
        }
        case "do": {
          this.i++;
          const body = this.bodyStmt();
          this.terminators();
          if (!this.isKw("while")) this.fail();
          this.i++;
          this.expectOp("(");
          const c = this.expr();
          this.expectOp(")");
          this.simpleEnd();
          return { k: "do", body, c };
        }
        case "for": {
          this.i++;
          this.expectOp("(");
          const n = this.peek();
          if (
            n.t === "name" &&
            this.peek(1).t === "kw" &&
            (this.peek(1) as { v: string }).v === "in" &&
            this.peek(2).t === "name" &&
            this.isOp(")", 3)
          ) {
            const arr = (this.peek(2) as { v: string }).v;
            this.i += 4;
            return { k: "forin", v: n.v, arr, body: this.bodyStmt() };
          }
          const init = this.isOp(";") ? undefined : this.simple();
          this.expectOp(";");
          this.nls();
          const c = this.isOp(";") ? undefined : this.expr();
          this.expectOp(";");
          this.nls();
          const step = this.isOp(")") ? undefined : this.simple();
          this.expectOp(")");
          if (this.isOp(";")) {
            this.i++;
            return { k: "for", init, c, step, body: { k: "block", body: [] } };
          }
          return { k: "for", init, c, step, body: this.bodyStmt() };
        }
        case "next":
        case "nextfile":
        case "break":
        case "continue":
          this.i++;
          this.simpleEnd();
          return { k: t.v };
        case "exit":
        case "return": {
          this.i++;
          const p = this.peek();
          const e =
            p.t === "nl" || p.t === "eof" || (p.t === "op" && (p.v === ";" || p.v === "}")) ? undefined : this.expr();
          this.simpleEnd();
          return { k: t.v, e };
        }
      }
    }
    const s = this.simple();
    this.simpleEnd();
    return s;
  }

  private simple(): Stmt {
    const t = this.peek();
    if (t.t === "kw" && (t.v === "print" || t.v === "printf")) {
      this.i++;
      let args: Expr[] = [];
      this.noGt++;
      const p = this.peek();
      const ends =
        p.t === "nl" ||
        p.t === "eof" ||
        (p.t === "op" && (p.v === ";" || p.v === "}" || p.v === ">" || p.v === ">>" || p.v === "|"));
      if (!ends) {
        args.push(this.expr());
        while (this.isOp(",")) {
          this.i++;
          this.nls();
          args.push(this.expr());
        }
      }
      this.noGt--;
      if (args.length === 1 && args[0].k === "group") args = args[0].list;
      let dest: Dest | undefined;
      if (this.isOp(">") || this.isOp(">>") || this.isOp("|")) {
        const mode = (this.next() as { v: string }).v as Dest["mode"];
        dest = { mode, e: this.concat() };
      }
      return { k: t.v, args, dest };
    }
    if (t.t === "kw" && t.v === "delete") {
      this.i++;
      const n = this.next();
      if (n.t !== "name") this.fail();
      if (this.isOp("[")) {
        this.i++;
        const subs = this.exprList("]");
        return { k: "delete", name: n.v, subs };
      }
      return { k: "delete", name: n.v };
    }
    return { k: "expr", e: this.expr() };
  }

  private exprList(close: string): Expr[] {
    const out: Expr[] = [this.expr()];
    while (this.isOp(",")) {
      this.i++;
      this.nls();
      out.push(this.expr());
    }
    this.expectOp(close);
    return out;
  }

  expr(): Expr {
    return this.ternary();
  }

  private ternary(): Expr {
    const c = this.or();
    if (this.isOp("?")) {
      this.i++;
      this.nls();
      const a = this.ternary();
      this.nls();
      this.expectOp(":");
      this.nls();
      const b = this.ternary();
      return { k: "cond", c, a, b };
    }
    const t = this.peek();
    if (t.t === "op" && ["=", "+=", "-=", "*=", "/=", "%=", "^=", "**="].includes(t.v) && isLvalue(c)) {
      this.i++;
      this.nls();
      return { k: "assign", op: t.v === "**=" ? "^=" : t.v, target: c, e: this.ternary() };
    }
    return c;
  }

  private or(): Expr {
    let a = this.and();
    while (this.isOp("||")) {
      this.i++;
      this.nls();
      a = { k: "or", a, b: this.and() };
    }
    return a;
  }

  private and(): Expr {
    let a = this.inExpr();
    while (this.isOp("&&")) {
      this.i++;
      this.nls();
      a = { k: "and", a, b: this.inExpr() };
    }
    return a;
  }

  private inExpr(): Expr {
    let a = this.matchExpr();
    while (this.isKw("in") && !this.noIn) {
      this.i++;
      const n = this.next();
      if (n.t !== "name") this.fail();
      a = { k: "in", subs: a.k === "group" ? a.list : [a], name: n.v };
    }
    return a;
  }

  private matchExpr(): Expr {
    let a = this.comparison();
    while (this.isOp("~") || this.isOp("!~")) {
      const neg = (this.next() as { v: string }).v === "!~";
      a = { k: "match", neg, a, re: this.comparison() };
    }
    return a;
  }

  private comparison(): Expr {
    let a = this.concat();
    // `cmd | getline [var]`
    while (this.isOp("|") && this.peek(1).t === "kw" && (this.peek(1) as { v: string }).v === "getline") {
      this.i += 2;
      const target = this.peek().t === "name" || this.isOp("$") ? this.primaryLvalue() : undefined;
      a = { k: "getline", target, cmd: a };
    }
    const t = this.peek();
    if (t.t === "op" && ["<", "<=", "!=", "==", ">=", ">"].includes(t.v) && !(t.v === ">" && this.noGt)) {
      this.i++;
      return { k: "bin", op: t.v, a, b: this.concat() };
    }
    return a;
  }

  private concat(): Expr {
    let a = this.additive();
    for (;;) {
      const t = this.peek();
      const starts =
        t.t === "num" ||
        t.t === "str" ||
        t.t === "re" ||
        t.t === "name" ||
        t.t === "func" ||
        (t.t === "op" &&
          (t.v === "$" || t.v === "(" || t.v === "!" || t.v === "++" || t.v === "--" || t.v === "-" || t.v === "+"));
      if (!starts || (t.t === "op" && (t.v === "-" || t.v === "+" || t.v === "!"))) break;
      a = { k: "concat", a, b: this.additive() };
    }
    return a;
  }

  private additive(): Expr {
    let a = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.next() as { v: string }).v;
      a = { k: "bin", op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Expr {
    let a = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const op = (this.next() as { v: string }).v;
      a = { k: "bin", op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Expr {
    if (this.isOp("!")) {
      this.i++;
      return { k: "unary", op: "!", e: this.unary() };
    }
    if (this.isOp("-") || this.isOp("+")) {
      const op = (this.next() as { v: string }).v;
      return { k: "unary", op, e: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.postfix();
    if (this.isOp("^") || this.isOp("**")) {
      this.i++;
      // Right-associative, and binds tighter than unary minus on its left only.
      const isNeg = this.isOp("-");
      if (isNeg) this.i++;
      const exp = this.power();
      return { k: "bin", op: "^", a: base, b: isNeg ? { k: "unary", op: "-", e: exp } : exp };
    }
    return base;
  }

  private postfix(): Expr {
    if (this.isOp("++") || this.isOp("--")) {
      const op = (this.next() as { v: string }).v;
      const target = this.postfix();
      if (!isLvalue(target)) this.fail();
      return { k: "incdec", op, prefix: true, target };
    }
    const e = this.primary();
    if (isLvalue(e) && (this.isOp("++") || this.isOp("--"))) {
      const op = (this.next() as { v: string }).v;
      return { k: "incdec", op, prefix: false, target: e };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.t) {
      case "num":
        return { k: "num", v: t.v };
      case "str":
        return { k: "str", v: t.v };
      case "re":
        return { k: "re", src: t.v };
      case "name":
        if (this.isOp("[")) {
          this.i++;
          return { k: "index", name: t.v, subs: this.exprList("]") };
        }
        return { k: "var", name: t.v };
      case "func": {
        if (!this.isOp("(")) {
          if (t.v === "length") return { k: "builtin", name: "length", args: [] };
          this.fail();
        }
        this.i++;
        this.nls();
        const args: Expr[] = [];
        this.noIn = 0;
        const savedGt = this.noGt;
        this.noGt = 0;
        while (!this.isOp(")")) {
          args.push(this.expr());
          this.nls();
          if (this.isOp(",")) {
            this.i++;
            this.nls();
          } else if (!this.isOp(")")) this.fail();
        }
        this.noGt = savedGt;
        this.i++;
        return BUILTIN_FUNCS.has(t.v) ? { k: "builtin", name: t.v, args } : { k: "call", name: t.v, args };
      }
      case "kw":
        if (t.v === "getline") {
          const target = this.peek().t === "name" || this.isOp("$") ? this.primaryLvalue() : undefined;
          if (this.isOp("<")) {
            this.i++;
            return { k: "getline", target, file: this.primaryNoConcat() };
          }
          return { k: "getline", target };
        }
        break;
      case "op":
        if (t.v === "$") return { k: "field", e: this.fieldOperand() };
        if (t.v === "(") {
          const savedGt = this.noGt;
          this.noGt = 0;
          this.nls();
          const list = [this.expr()];
          while (this.isOp(",")) {
            this.i++;
            this.nls();
            list.push(this.expr());
          }
          this.nls();
          this.expectOp(")");
          this.noGt = savedGt;
          return list.length === 1 ? list[0] : { k: "group", list };
        }
        break;
    }
    this.i--;
    return this.fail();
  }

  private fieldOperand(): Expr {
    if (this.isOp("++") || this.isOp("--") || this.isOp("-")) return this.unary();
    const t = this.peek();
    if (t.t === "op" && t.v === "$") {
      this.i++;
      return { k: "field", e: this.fieldOperand() };
    }
    return this.primary();
  }

  private primaryLvalue(): Expr {
    let e: Expr;
    if (this.isOp("$")) {
      this.i++;
      e = { k: "field", e: this.fieldOperand() };
    } else e = this.primary();
    if (!isLvalue(e)) this.fail();
    return e;
  }

  private primaryNoConcat(): Expr {
    return this.primary();
  }
}

function isLvalue(e: Expr): boolean {
  return e.k === "var" || e.k === "field" || e.k === "index";
}
