/**
 * Shell arithmetic (`$((...))`, `((...))`, `let`, `for ((...))`): C integer expressions over
 * shell variables. Numbers are JS doubles truncated to integers after every operation, which
 * is exact up to 2^53 — ample for lab scripts.
 */

export class ArithError {
  constructor(readonly message: string) {}
}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Tok = { t: "num"; v: number } | { t: "id"; v: string } | { t: "op"; v: string };

const OPS = [
  "<<=",
  ">>=",
  "**",
  "++",
  "--",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "^=",
  "|=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<",
  ">",
  "!",
  "~",
  "&",
  "^",
  "|",
  "?",
  ":",
  "=",
  "(",
  ")",
  ",",
];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n") {
      i++;
      continue;
    }
    if (c >= "0" && c <= "9") {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]+#[0-9a-zA-Z@_]+|[0-9]+)/.exec(src.slice(i))!;
      out.push({ t: "num", v: parseNumber(m[0], src) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: "id", v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op)
      throw new ArithError(`${src}: syntax error: invalid arithmetic operator (error token is "${src.slice(i)}")`);
    out.push({ t: "op", v: op });
    i += op.length;
  }
  return out;
}

function parseNumber(text: string, src: string): number {
  if (/^0[xX]/.test(text)) return Number.parseInt(text.slice(2), 16);
  const hash = text.indexOf("#");
  if (hash > 0) {
    const base = Number(text.slice(0, hash));
    const n = Number.parseInt(text.slice(hash + 1), base);
    if (base < 2 || base > 64 || Number.isNaN(n))
      throw new ArithError(`${src}: invalid number (error token is "${text}")`);
    return n;
  }
  if (text.length > 1 && text[0] === "0") {
    if (/[89]/.test(text)) throw new ArithError(`${src}: value too great for base (error token is "${text}")`);
    return Number.parseInt(text, 8);
  }
  return Number(text);
}

const BINARY: [string[], number][] = [
  [["||"], 1],
  [["&&"], 2],
  [["|"], 3],
  [["^"], 4],
  [["&"], 5],
  [["==", "!="], 6],
  [["<", "<=", ">", ">="], 7],
  [["<<", ">>"], 8],
  [["+", "-"], 9],
  [["*", "/", "%"], 10],
];
const PREC = new Map<string, number>();
for (const [ops, p] of BINARY) for (const o of ops) PREC.set(o, p);

const ASSIGN = new Set(["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="]);

export function evalArith(src: string, vars: ArithVars, depth = 0): number {
  if (depth > 20) throw new ArithError(`${src}: expression recursion level exceeded`);
  const toks = tokenize(src);
  if (toks.length === 0) return 0;
  let i = 0;
  // When false, we are in the untaken branch of && || ?: and must not assign.
  let live = true;
  const peek = (): Tok | undefined => toks[i];
  const isOp = (v: string): boolean => {
    const t = toks[i];
    return t !== undefined && t.t === "op" && t.v === v;
  };
  const fail = (): never => {
    const rest = toks
      .slice(i)
      .map((t) => String(t.v))
      .join(" ");
    throw new ArithError(`${src.trim()}: syntax error: operand expected (error token is "${rest || src.trim()}")`);
  };
  const varValue = (name: string): number => {
    const v = vars.get(name);
    if (v === undefined || v.trim() === "") return 0;
    if (/^\s*-?[0-9]+\s*$/.test(v)) return Number(v);
    return evalArith(v, vars, depth + 1);
  };
  const assign = (name: string, v: number): number => {
    if (live) vars.set(name, String(v));
    return v;
  };
  const trunc = (n: number): number => (Number.isFinite(n) ? Math.trunc(n) : 0);

  const binop = (op: string, a: number, b: number): number => {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return trunc(a * b);
      case "/":
      case "%":
        if (b === 0) {
          if (!live) return 0;
          throw new ArithError(
            `${src.trim()}: division by 0 (error token is "${String(toks[toks.length - 1]?.v ?? "")}")`,
          );
        }
        return op === "/" ? trunc(a / b) : a % b;
      case "**":
        return trunc(a ** b);
      case "<<":
        return a << b;
      case ">>":
        return a >> b;
      case "&":
        return a & b;
      case "|":
        return a | b;
      case "^":
        return a ^ b;
      case "<":
        return a < b ? 1 : 0;
      case "<=":
        return a <= b ? 1 : 0;
      case ">":
        return a > b ? 1 : 0;
      case ">=":
        return a >= b ? 1 : 0;
      case "==":
        return a === b ? 1 : 0;
      case "!=":
        return a !== b ? 1 : 0;
    }
    return fail();
  };

  const comma = (): number => {
    let v = assignment();
    while (isOp(",")) {
      i++;
      v = assignment();
    }
    return v;
  };
  const assignment = (): number => {
    const t = peek();
    const n = toks[i + 1];
    if (t?.t === "id" && n?.t === "op" && ASSIGN.has(n.v)) {
      i += 2;
      const rhs = assignment();
      if (n.v === "=") return assign(t.v, rhs);
      return assign(t.v, binop(n.v.slice(0, -1), varValue(t.v), rhs));
    }
    return ternary();
  };
  const ternary = (): number => {
    const c = binary(1);
    if (!isOp("?")) return c;
    i++;
    const saved = live;
    live = saved && c !== 0;
    const a = assignment();
    if (!isOp(":")) fail();
    i++;
    live = saved && c === 0;
    const b = ternary();
    live = saved;
    return c !== 0 ? a : b;
  };
  const binary = (minPrec: number): number => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t?.t !== "op") return left;
      const p = PREC.get(t.v);
      if (p === undefined || p < minPrec) return left;
      i++;
      if (t.v === "&&" || t.v === "||") {
        const saved = live;
        const short = t.v === "&&" ? left === 0 : left !== 0;
        live = saved && !short;
        const right = binary(p + 1);
        live = saved;
        left = t.v === "&&" ? (left !== 0 && right !== 0 ? 1 : 0) : left !== 0 || right !== 0 ? 1 : 0;
      } else left = binop(t.v, left, binary(p + 1));
    }
  };
  const unary = (): number => {
    const t = peek();
    if (t?.t === "op") {
      if (t.v === "!" || t.v === "~" || t.v === "-" || t.v === "+") {
        i++;
        const v = unary();
        return t.v === "!" ? (v === 0 ? 1 : 0) : t.v === "~" ? ~v : t.v === "-" ? -v : v;
      }
      if (t.v === "++" || t.v === "--") {
        i++;
        const id = peek();
        if (id?.t !== "id") return fail();
        i++;
        return assign(id.v, varValue(id.v) + (t.v === "++" ? 1 : -1));
      }
    }
    return power();
  };
  const power = (): number => {
    const base = postfix();
    if (isOp("**")) {
      i++;
      return binop("**", base, unary());
    }
    return base;
  };
  const postfix = (): number => {
    const t = peek();
    if (t?.t === "id" && (toks[i + 1]?.v === "++" || toks[i + 1]?.v === "--")) {
      i += 2;
      const old = varValue(t.v);
      assign(t.v, old + (toks[i - 1].v === "++" ? 1 : -1));
      return old;
    }
    return primary();
  };
  const primary = (): number => {
    const t = peek();
    if (!t) return fail();
    if (t.t === "num") {
      i++;
      return t.v;
    }
    if (t.t === "id") {
      i++;
      return varValue(t.v);
    }
    if (t.v === "(") {
      i++;
      const v = comma();
      if (!isOp(")")) fail();
      i++;
      return v;
    }
    return fail();
  };

  const result = comma();
  if (i < toks.length) fail();
  return result;
}
