/**
 * The shell tokenizer. Words are read straight into their parts (quotes, `$` expansions,
 * backticks, `~`), because what a character means depends on the quoting around it. A
 * command substitution is handed back to the parser through `subparse`, which parses the
 * inner script from the same source and says where it ended, so `$(case x in a) ;; esac)`
 * finds the right `)`.
 */
import type { Redirect, Script, Word, WordPart } from "./ast.ts";

export class ShellSyntaxError {
  constructor(readonly message: string) {}
}

export type Token =
  | { type: "word"; word: Word; start: number }
  | { type: "op"; v: string; start: number }
  | { type: "redir"; op: string; fd: number; start: number }
  | { type: "nl"; start: number }
  | { type: "eof"; start: number };

export type Subparse = (src: string, pos: number, closer: ")" | "") => { script: Script; end: number };

interface PendingHeredoc {
  redir: Redirect;
  delim: string;
  quoted: boolean;
  strip: boolean;
}

const META = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);
/** Characters that end a run of plain word characters (each is looked at on its own). */
const WORD_BREAKS = new Set([...META, "\\", "'", '"', "$", "`", "="]);
/** The same inside `${name OP word}`. */
const BRACE_BREAKS = new Set(["}", "\\", "'", '"', "$", "`"]);
/** The same inside double quotes. */
const DQ_BREAKS = new Set(['"', "\\", "$", "`"]);
const OPS = ["&&", "||", ";;&", ";;", ";&", "|&", "((", ";", "&", "|", "(", ")"];
const REDIRS = ["&>>", "&>", "<<<", "<<-", "<<", "<&", "<>", "<", ">>", ">&", ">|", ">"];
const SPECIAL_PARAMS = "?#@*$!-0123456789";

export const isNameStart = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
export const isNameChar = (c: string): boolean => isNameStart(c) || (c >= "0" && c <= "9");

export class Lexer {
  pos: number;
  private pending: PendingHeredoc[] = [];

  constructor(
    readonly src: string,
    start: number,
    private readonly subparse: Subparse,
  ) {
    this.pos = start;
  }

  lineAt(pos: number): number {
    let n = 1;
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) n++;
    return n;
  }

  eofError(what?: string): ShellSyntaxError {
    const line = this.lineAt(this.src.length);
    if (what)
      return new ShellSyntaxError(`bash: -c: line ${line}: unexpected EOF while looking for matching \`${what}'`);
    return new ShellSyntaxError(`bash: -c: line ${line}: syntax error: unexpected end of file`);
  }

  addHeredoc(redir: Redirect, delimWord: Word, strip: boolean): void {
    let delim = "";
    let quoted = false;
    for (const p of delimWord.parts) {
      if (p.k === "lit") delim += p.v;
      else if (p.k === "q") {
        delim += p.v;
        quoted = true;
      } else if (p.k === "dq") {
        quoted = true;
        for (const q of p.parts) if (q.k === "lit" || q.k === "q") delim += q.v;
      } else if (p.k === "param") delim += `$${p.name}`;
    }
    this.pending.push({ redir, delim, quoted, strip });
  }

  hasPendingHeredocs(): boolean {
    return this.pending.length > 0;
  }

  next(): Token {
    const src = this.src;
    for (;;) {
      const c = src[this.pos];
      if (c === " " || c === "\t" || c === "\r") this.pos++;
      else if (c === "\\" && src[this.pos + 1] === "\n") this.pos += 2;
      else if (c === "#") {
        while (this.pos < src.length && src[this.pos] !== "\n") this.pos++;
      } else break;
    }
    const start = this.pos;
    if (this.pos >= src.length) {
      if (this.pending.length) this.readHeredocs();
      return { type: "eof", start };
    }
    const c = src[this.pos];
    if (c === "\n") {
      this.pos++;
      if (this.pending.length) this.readHeredocs();
      return { type: "nl", start };
    }
    // An IO number: digits directly followed by a redirection operator (`2>`, `2>&1`).
    if (c >= "0" && c <= "9") {
      let j = this.pos;
      while (j < src.length && src[j] >= "0" && src[j] <= "9") j++;
      if (src[j] === "<" || src[j] === ">") {
        const fd = Number(src.slice(this.pos, j));
        this.pos = j;
        const op = this.matchRedir();
        if (op) return { type: "redir", op, fd, start };
      }
    }
    if (c === "<" || c === ">" || (c === "&" && src[this.pos + 1] === ">")) {
      const op = this.matchRedir();
      if (op) return { type: "redir", op, fd: op[0] === "<" ? 0 : 1, start };
    }
    if (META.has(c)) {
      for (const op of OPS) {
        if (src.startsWith(op, this.pos)) {
          this.pos += op.length;
          return { type: "op", v: op, start };
        }
      }
    }
    return { type: "word", word: this.readWord(), start };
  }

  private matchRedir(): string | undefined {
    for (const op of REDIRS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  /** Reads raw text up to the `))` closing an arithmetic command or `for ((`. */
  readArithRaw(): string {
    const src = this.src;
    let depth = 0;
    const begin = this.pos;
    for (let i = this.pos; i < src.length; i++) {
      const c = src[i];
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth === 0 && src[i + 1] === ")") {
          this.pos = i + 2;
          return src.slice(begin, i);
        }
        depth--;
      }
    }
    throw this.eofError("((");
  }

  // --- words ---

  private readWord(): Word {
    const parts: WordPart[] = [];
    const src = this.src;
    let lit = "";
    const flush = () => {
      if (lit) {
        parts.push({ k: "lit", v: lit });
        lit = "";
      }
    };
    if (src[this.pos] === "~") {
      let j = this.pos + 1;
      while (j < src.length && /[A-Za-z0-9_.-]/.test(src[j])) j++;
      if (j >= src.length || src[j] === "/" || META.has(src[j])) {
        parts.push({ k: "tilde", user: src.slice(this.pos + 1, j) });
        this.pos = j;
      }
    }
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (META.has(c)) break;
      if (c === "\\") {
        const n = src[this.pos + 1];
        this.pos += 2;
        if (n === undefined) lit += "\\";
        else if (n !== "\n") {
          flush();
          parts.push({ k: "q", v: n });
        }
      } else if (c === "'") {
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw this.eofError("'");
        flush();
        parts.push({ k: "q", v: src.slice(this.pos + 1, end) });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        this.pos++;
        parts.push({ k: "dq", parts: this.readDq() });
      } else if (c === "$" || c === "`") {
        const p = this.readExpansion();
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.pos++;
        }
      } else if (c === "=" && src[this.pos + 1] === "~" && /^[A-Za-z_][A-Za-z0-9_]*\+?$/.test(lit) && !parts.length) {
        // `A=~/x`: tilde expansion after the `=` of an assignment.
        lit += "=";
        this.pos++;
        flush();
        let j = this.pos + 1;
        while (j < src.length && /[A-Za-z0-9_.-]/.test(src[j])) j++;
        if (j >= src.length || src[j] === "/" || src[j] === ":" || META.has(src[j])) {
          parts.push({ k: "tilde", user: src.slice(this.pos + 1, j) });
          this.pos = j;
        }
      } else {
        // A run of plain characters is taken in one slice, not a character at a time.
        let j = this.pos + 1;
        while (j < src.length && !WORD_BREAKS.has(src[j])) j++;
        lit += src.slice(this.pos, j);
        this.pos = j;
      }
    }
    flush();
    return { parts };
  }

  /** Inside double quotes, after the opening `"`; consumes the closing one. */
  private readDq(): WordPart[] {
    const src = this.src;
    const parts: WordPart[] = [];
    let lit = "";
    for (;;) {
      if (this.pos >= src.length) throw this.eofError('"');
      const c = src[this.pos];
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === "\\") {
        const n = src[this.pos + 1];
        if (n === "$" || n === "`" || n === '"' || n === "\\") {
          lit += n;
          this.pos += 2;
        } else if (n === "\n") this.pos += 2;
        else {
          lit += c;
          this.pos++;
        }
      } else if (c === "$" || c === "`") {
        const p = this.readExpansion();
        if (p) {
          if (lit) parts.push({ k: "q", v: lit });
          lit = "";
          parts.push(p);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        let j = this.pos + 1;
        while (j < src.length && !DQ_BREAKS.has(src[j])) j++;
        lit += src.slice(this.pos, j);
        this.pos = j;
      }
    }
    if (lit) parts.push({ k: "q", v: lit });
    return parts;
  }

  readExpansion(): WordPart | undefined {
    const src = this.src;
    if (src[this.pos] === "`") return this.readBacktick();
    const n = src[this.pos + 1];
    if (n === "(") {
      if (src[this.pos + 2] === "(") {
        const inner = this.scanArith(this.pos + 3);
        if (inner !== undefined) {
          const text = src.slice(this.pos + 3, inner);
          this.pos = inner + 2;
          return { k: "arith", expr: expandableText(text, this.subparse) };
        }
      }
      const { script, end } = this.subparse(src, this.pos + 2, ")");
      this.pos = end;
      return { k: "cmd", body: script };
    }
    if (n === "{") return this.readBraceParam();
    if (n !== undefined && isNameStart(n)) {
      let j = this.pos + 2;
      while (j < src.length && isNameChar(src[j])) j++;
      const name = src.slice(this.pos + 1, j);
      this.pos = j;
      return { k: "param", name };
    }
    if (n !== undefined && SPECIAL_PARAMS.includes(n)) {
      this.pos += 2;
      return { k: "param", name: n };
    }
    if (n === "'") {
      // $'...' ANSI-C quoting.
      const { text, end } = readAnsiC(src, this.pos + 2);
      if (end < 0) throw this.eofError("'");
      this.pos = end;
      return { k: "q", v: text };
    }
    return undefined;
  }

  /** Finds the `))` closing `$((`, or undefined when the parens don't balance that way. */
  private scanArith(from: number): number | undefined {
    let depth = 0;
    const src = this.src;
    for (let i = from; i < src.length; i++) {
      const c = src[i];
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth === 0) return src[i + 1] === ")" ? i : undefined;
        depth--;
      } else if (c === "\n" && depth === 0 && src[i + 1] === undefined) return undefined;
    }
    throw this.eofError("(");
  }

  private readBacktick(): WordPart {
    const src = this.src;
    let inner = "";
    let i = this.pos + 1;
    for (;;) {
      if (i >= src.length) throw this.eofError("`");
      const c = src[i];
      if (c === "`") break;
      if (c === "\\" && (src[i + 1] === "`" || src[i + 1] === "\\" || src[i + 1] === "$")) {
        inner += src[i + 1];
        i += 2;
      } else {
        inner += c;
        i++;
      }
    }
    this.pos = i + 1;
    return { k: "cmd", body: this.subparse(inner, 0, "").script };
  }

  private readBraceParam(): WordPart {
    const src = this.src;
    let i = this.pos + 2;
    let lengthOf = false;
    if (src[i] === "#" && src[i + 1] !== "}" && src[i + 1] !== undefined) {
      lengthOf = true;
      i++;
    } else if (src[i] === "!" && isNameStart(src[i + 1] ?? "")) {
      i++; // ${!name} indirection is rare; read it as the plain name.
    }
    let name: string;
    if (isNameStart(src[i] ?? "")) {
      const s = i;
      while (i < src.length && isNameChar(src[i])) i++;
      name = src.slice(s, i);
    } else if (src[i] !== undefined && SPECIAL_PARAMS.includes(src[i])) {
      const s = i;
      i++;
      if (/[0-9]/.test(src[s])) while (/[0-9]/.test(src[i] ?? "")) i++;
      name = src.slice(s, i);
    } else
      throw new ShellSyntaxError(
        `bash: ${src.slice(this.pos, src.indexOf("}", i) + 1 || undefined)}: bad substitution`,
      );
    if (lengthOf) {
      if (src[i] !== "}") throw new ShellSyntaxError(`bash: \${#${name}...}: bad substitution`);
      this.pos = i + 1;
      return { k: "param", name, op: "#len" };
    }
    if (src[i] === "}") {
      this.pos = i + 1;
      return { k: "param", name };
    }
    const ops = [
      ":-",
      ":=",
      ":+",
      ":?",
      "##",
      "%%",
      "//",
      "/#",
      "/%",
      "^^",
      ",,",
      "-",
      "=",
      "+",
      "?",
      "#",
      "%",
      "/",
      ":",
      "^",
      ",",
    ];
    const op = ops.find((o) => src.startsWith(o, i));
    if (!op) {
      const end = src.indexOf("}", i);
      throw new ShellSyntaxError(`bash: ${src.slice(this.pos, end < 0 ? undefined : end + 1)}: bad substitution`);
    }
    this.pos = i + op.length;
    const arg = this.readBraceArg();
    return { k: "param", name, op, arg };
  }

  /** The word after a `${name OP` up to the matching `}`; quotes and expansions allowed. */
  private readBraceArg(): Word {
    const src = this.src;
    const parts: WordPart[] = [];
    let lit = "";
    const flush = () => {
      if (lit) parts.push({ k: "lit", v: lit });
      lit = "";
    };
    for (;;) {
      if (this.pos >= src.length) throw this.eofError("}");
      const c = src[this.pos];
      if (c === "}") {
        this.pos++;
        break;
      }
      if (c === "\\") {
        flush();
        parts.push({ k: "q", v: src[this.pos + 1] ?? "" });
        this.pos += 2;
      } else if (c === "'") {
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw this.eofError("'");
        flush();
        parts.push({ k: "q", v: src.slice(this.pos + 1, end) });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        this.pos++;
        parts.push({ k: "dq", parts: this.readDq() });
      } else if (c === "$" || c === "`") {
        const p = this.readExpansion();
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        let j = this.pos + 1;
        while (j < src.length && !BRACE_BREAKS.has(src[j])) j++;
        lit += src.slice(this.pos, j);
        this.pos = j;
      }
    }
    flush();
    return { parts };
  }

  private readHeredocs(): void {
    const src = this.src;
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      let body = "";
      let found = false;
      while (this.pos < src.length) {
        let nl = src.indexOf("\n", this.pos);
        if (nl < 0) nl = src.length;
        let line = src.slice(this.pos, nl);
        this.pos = Math.min(nl + 1, src.length);
        if (h.strip) line = line.replace(/^\t+/, "");
        if (line === h.delim || line === `${h.delim}\r`) {
          found = true;
          break;
        }
        body += `${line}\n`;
      }
      if (!found && this.pos >= src.length && body === "" && !h.delim) found = true;
      h.redir.heredoc = { body: h.quoted ? body : expandableText(body, this.subparse) };
    }
  }
}

/**
 * Text where only `$`, backticks and backslash before `$`/`` ` ``/`\` are special: heredoc
 * bodies and arithmetic expressions.
 */
export function expandableText(text: string, subparse: Subparse): Word {
  const lx = new Lexer(text, 0, subparse);
  const parts: WordPart[] = [];
  let lit = "";
  while (lx.pos < text.length) {
    const c = text[lx.pos];
    if (c === "\\" && (text[lx.pos + 1] === "$" || text[lx.pos + 1] === "`" || text[lx.pos + 1] === "\\")) {
      lit += text[lx.pos + 1];
      lx.pos += 2;
    } else if (c === "\\" && text[lx.pos + 1] === "\n") lx.pos += 2;
    else if (c === "$" || c === "`") {
      const p = lx.readExpansion();
      if (p) {
        if (lit) parts.push({ k: "q", v: lit });
        lit = "";
        parts.push(p);
      } else {
        lit += c;
        lx.pos++;
      }
    } else {
      lit += c;
      lx.pos++;
    }
  }
  if (lit) parts.push({ k: "q", v: lit });
  return { parts: [{ k: "dq", parts }] };
}

function readAnsiC(src: string, from: number): { text: string; end: number } {
  let out = "";
  const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", f: "\f", v: "\v" };
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === "'") return { text: out, end: i + 1 };
    if (c === "\\" && i + 1 < src.length) {
      const n = src[++i];
      if (map[n] !== undefined) out += map[n];
      else if (n === "x") {
        const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(i + 1));
        if (m) {
          out += String.fromCharCode(Number.parseInt(m[0], 16));
          i += m[0].length;
        } else out += "\\x";
      } else if (n >= "0" && n <= "7") {
        const m = /^[0-7]{1,3}/.exec(src.slice(i));
        out += String.fromCharCode(Number.parseInt(m![0], 8));
        i += m![0].length - 1;
      } else out += n;
    } else out += c;
  }
  return { text: out, end: -1 };
}
