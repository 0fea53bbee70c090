/**
 * The template parser of client-go's util/jsonpath, rune for rune, so that templates parse
 * into the same nodes and fail with the same words (`unclosed action`, `unterminated array`,
 * `unrecognized character in action: U+0026 '&'`, `invalid array index 1:x` ...).
 *
 * A template is text with `{...}` actions; each action is a list of nodes:
 *   {.items[*].metadata.name}   field items, array [:], field metadata, field name
 *   {range .items[*]}...{end}   identifiers `range` / `end` around a loop body
 *   {.items[?(@.type=="Ready")]} a filter with its own left and right node lists
 */

export interface SliceParam {
  known: boolean;
  value: number;
  derived: boolean;
}

export type JpNode =
  | { type: "list"; nodes: JpNode[] }
  | { type: "text"; text: string }
  | { type: "field"; name: string }
  | { type: "array"; params: [SliceParam, SliceParam, SliceParam] }
  | { type: "filter"; left: JpList; right: JpList; operator: string }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "wildcard" }
  | { type: "recursive" }
  | { type: "union"; nodes: JpList[] }
  | { type: "identifier"; name: string };

export type JpList = Extract<JpNode, { type: "list" }>;

const EOF = -1;
const newList = (): JpList => ({ type: "list", nodes: [] });

export type ParseResult = { ok: true; root: JpList } | { ok: false; error: string };

class ParseError {
  constructor(readonly message: string) {}
}

/** jsonpath.Parse: the root list of a template, or the parse error's text. */
export function parseJsonPath(text: string): ParseResult {
  try {
    return { ok: true, root: new Parser(text).parse() };
  } catch (e) {
    // Parse errors travel as ParseError to keep the recursive descent readable; nothing else is caught.
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

/** parseAction: the action list of `{text}`. */
function parseAction(text: string): JpList {
  const root = new Parser(`{${text}}`).parse();
  return root.nodes[0] as JpList;
}

const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isLetter = (r: number) => r >= 0 && /\p{L}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || isLetter(r) || isDigit(r);
const isTerminator = (r: number) =>
  isSpace(r) || isEndOfLine(r) || r === EOF || ".,[]$@{}".includes(String.fromCodePoint(r));

const DICT_KEY_RE = /^'([^']*)'$/;
const SLICE_RE = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/;
const FILTER_RE = /^([^!<>=]+)([!<>=]+)(.+?)$/;

class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;
  private root: JpList = newList();

  constructor(private readonly input: string) {}

  parse(): JpList {
    this.root = newList();
    this.pos = 0;
    this.parseText(this.root);
    return this.root;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: JpList): void {
    for (;;) {
      if (this.input.startsWith("{", this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
  }

  private parseLeftDelim(cur: JpList): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: JpList): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith("}")) {
        this.parseRightDelim();
        return;
      }
      if (rest.startsWith("[?(")) {
        this.parseFilter(cur);
        return;
      }
      if (rest.startsWith("..")) {
        this.parseRecursive(cur);
        return;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new ParseError("unclosed action");
      if (r === 0x20 || r === 0x40 /* @ */ || r === 0x24 /* $ */) {
        this.consumeText();
        continue;
      }
      if (r === 0x5b /* [ */) {
        this.parseArray(cur);
        return;
      }
      if (r === 0x22 || r === 0x27) {
        this.parseQuote(cur, r);
        return;
      }
      if (r === 0x2e /* . */) {
        this.parseField(cur);
        return;
      }
      if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
        return;
      }
      if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
        return;
      }
      throw new ParseError(`unrecognized character in action: ${goRuneU(r)}`);
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: JpList): void {
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consumeText();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
    this.parseInsideAction(cur);
  }

  private parseRecursive(cur: JpList): void {
    if (cur.nodes.at(-1)?.type === "recursive") throw new ParseError("invalid multiple recursive descent");
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.peek())) {
      this.parseField(cur);
      return;
    }
    this.parseInsideAction(cur);
  }

  private parseNumber(cur: JpList): void {
    const r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      const c = this.next();
      if (c !== 0x2e && !isDigit(c)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?[0-9]+$/.test(value)) cur.nodes.push({ type: "int", value: Number(value) });
    else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) cur.nodes.push({ type: "float", value: Number(value) });
    else throw new ParseError(`cannot parse number ${value}`);
    this.parseInsideAction(cur);
  }

  private parseArray(cur: JpList): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new ParseError("unterminated array");
      if (r === 0x5d /* ] */) break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === "*") text = ":";

    const strs = text.split(",");
    if (strs.length > 1) {
      cur.nodes.push({ type: "union", nodes: strs.map((s) => parseAction(`[${s.replace(/^ +| +$/g, "")}]`)) });
      this.parseInsideAction(cur);
      return;
    }

    const dictKey = DICT_KEY_RE.exec(text);
    if (dictKey) {
      cur.nodes.push(...parseAction(`.${dictKey[1]}`).nodes);
      this.parseInsideAction(cur);
      return;
    }

    const m = SLICE_RE.exec(text);
    if (!m) throw new ParseError(`invalid array index ${text}`);
    const parts = [m[1] ?? "", m[2] ?? "", m[3] ?? ""];
    const params: [SliceParam, SliceParam, SliceParam] = [
      { known: false, value: 0, derived: false },
      { known: false, value: 0, derived: false },
      { known: false, value: 0, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = parts[i];
      if (v !== "") {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === "") {
          params[i].known = false;
        } else {
          if (!/^[+-]?[0-9]+$/.test(v)) throw new ParseError(`array index ${v} is not a number`);
          params[i].known = true;
          params[i].value = Number(v);
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      }
    }
    cur.nodes.push({ type: "array", params });
    this.parseInsideAction(cur);
  }

  private parseFilter(cur: JpList): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new ParseError("unterminated filter");
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === 0x29 /* ) */ && begin === end) {
        break;
      }
    }
    if (this.next() !== 0x5d) throw new ParseError("unclosed array expect ]");
    const text = this.consumeText().slice(0, -2);
    const m = FILTER_RE.exec(text);
    if (!m) cur.nodes.push({ type: "filter", left: parseAction(text), right: newList(), operator: "exists" });
    else cur.nodes.push({ type: "filter", left: parseAction(m[1]), right: parseAction(m[3]), operator: m[2] });
    this.parseInsideAction(cur);
  }

  private parseQuote(cur: JpList, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new ParseError("unterminated quoted string");
      if (r === end && this.input[this.pos - 2] !== "\\") break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new ParseError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: "text", text: s });
    this.parseInsideAction(cur);
  }

  private parseField(cur: JpList): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === 0x5c /* \ */) this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", name: value.replaceAll("\\", "") });
    this.parseInsideAction(cur);
  }
}

/** Go's %#U: `U+0026 '&'`, the character only when printable. */
function goRuneU(r: number): string {
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, "0")}`;
  const ch = String.fromCodePoint(r);
  return /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch) ? `${hex} '${ch}'` : hex;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/** UnquoteExtend: strconv.Unquote that also takes single quotes; undefined on bad syntax. */
export function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0];
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  let body = s.slice(1, -1);
  if (!body.includes("\\") && !body.includes(quote)) return body;
  let out = "";
  while (body.length > 0) {
    const c = body[0];
    if (c === quote) return undefined;
    if (c !== "\\") {
      const cp = body.codePointAt(0)!;
      const w = cp > 0xffff ? 2 : 1;
      out += body.slice(0, w);
      body = body.slice(w);
      continue;
    }
    if (body.length < 2) return undefined;
    const e = body[1];
    body = body.slice(2);
    if (Object.hasOwn(SIMPLE_ESCAPES, e)) out += SIMPLE_ESCAPES[e];
    else if (e === quote) out += e;
    else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(0, n);
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const v = Number.parseInt(hex, 16);
      if (e !== "x" && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))) return undefined;
      // \x is a byte; bytes above 0x7f would make invalid UTF-8, which a JS string cannot hold.
      if (e === "x" && v > 0x7f) return undefined;
      out += String.fromCodePoint(v);
      body = body.slice(n);
    } else if (e >= "0" && e <= "7") {
      const oct = e + body.slice(0, 2);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = Number.parseInt(oct, 8);
      if (v > 0x7f) return undefined;
      out += String.fromCharCode(v);
      body = body.slice(2);
    } else return undefined;
  }
  return out;
}
