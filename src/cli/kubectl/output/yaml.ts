/**
 * `kubectl get -o yaml`, byte for byte.
 *
 * kubectl's YAML printer is sigs.k8s.io/yaml: the object is marshalled to JSON, read back
 * with go-yaml v2 into plain maps (integers become int64, other numbers float64), and
 * marshalled again with go-yaml v2 (gopkg.in/yaml.v2 v2.4.0 in kubectl 1.21, the same code
 * forked into sigs.k8s.io/yaml/goyaml.v2 in 1.33). So the output is go-yaml v2's emitter on
 * the JSON data model, and this file is that emitter, cut down to what JSON data can reach:
 *
 * - block mappings with keys in go-yaml's "natural" order (digit runs compare as numbers,
 *   non-letters before letters: `a9` < `a10`, `a_b` < `aB`), 2-space indent, sequences not
 *   indented under a mapping key, `{}` and `[]` for empty collections, `null`;
 * - a string is plain unless it would read back as something else (YAML 1.1 bools such as
 *   `yes`/`on`, null, `~`, ints in any Go base, floats, timestamps, base-60 numbers), in which
 *   case it is double-quoted (`"80"`, `"true"`, `""`, `"2024-01-05T09:00:00Z"`); a string the
 *   emitter cannot write plain (`- x`, `a: b`, `#x`, leading or trailing space) is
 *   single-quoted; one with a character YAML calls non-printable (tab, control characters,
 *   anything outside the BMP such as emoji) is double-quoted with `\t`, `\x..`, `\U0001F680`;
 * - a string with "\n" is a literal block (`|`, `|-` with no final newline, `|+` with more
 *   than one, `|2` when it starts with a space), unless it cannot be one (trailing space, a
 *   space before a newline, a non-printable character): then it is double-quoted;
 * - plain and quoted scalars fold at a space once the line is past column 80 (best_width), the
 *   continuation indented one step deeper than the key; literal blocks never fold.
 */

import { compareUtf8, kubectlList } from "./json.ts";

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** One YAML document for a value of the JSON data model, ending with a newline. */
export function toYaml(value: unknown): string {
  const e: Emitter = { out: "", column: 0, indent: -1, whitespace: true, indention: true };
  emitNode(e, value, false, false);
  writeIndent(e); // document end: go-yaml closes the last line
  return e.out;
}

/** Several objects, in the `kind: List` wrapper kubectl prints them in (see kubectlList). */
export function listToYaml(items: readonly unknown[], minor: number): string {
  return toYaml(kubectlList(items, minor));
}

export type YamlResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * toYaml, or the error kubectl fails with instead (printed as `error: <error>`, exit 1, no
 * output). kubectl converts through JSON text, which go-yaml must read back:
 * - Go's JSON leaves DEL, the C1 controls and U+FFFE/U+FFFF raw, and go-yaml's reader refuses
 *   them: "yaml: control characters are not allowed";
 * - a key with a raw NEL (U+0085) spans two lines, which a flow-mapping key cannot:
 *   "yaml: line N: did not find expected ',' or '}'", N counting the NELs before its ':'.
 */
export function tryToYaml(value: unknown): YamlResult {
  const error = readBackError(value);
  return error === undefined ? { ok: true, text: toYaml(value) } : { ok: false, error };
}

/** Raw in Go's JSON output, and outside the characters go-yaml's reader accepts. */
const REFUSED_BY_READER = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;
const SUSPECT = /[\u007f-\u009f\ufffe\uffff]/;

/** Walks the value in the order of its JSON text; the first failure wins. */
function readBackError(value: unknown): string | undefined {
  let lines = 0;
  const visit = (v: unknown, depth: number): string | undefined => {
    if (typeof v === "string") {
      if (!SUSPECT.test(v)) return undefined;
      if (REFUSED_BY_READER.test(v)) return "yaml: control characters are not allowed";
      lines += countNel(v);
      return undefined;
    }
    if (v === null || typeof v !== "object" || depth > 10_000) return undefined;
    if (Array.isArray(v)) {
      for (const x of v) {
        const err = visit(x, depth + 1);
        if (err !== undefined) return err;
      }
      return undefined;
    }
    const o = v as Record<string, unknown>;
    for (const k of presentKeys(o).sort(compareUtf8)) {
      if (SUSPECT.test(k)) {
        if (REFUSED_BY_READER.test(k)) return "yaml: control characters are not allowed";
        const n = countNel(k);
        lines += n;
        if (n > 0) return `yaml: line ${lines}: did not find expected ',' or '}'`;
      }
      const err = visit(o[k], depth + 1);
      if (err !== undefined) return err;
    }
    return undefined;
  };
  return visit(value, 0);
}

function countNel(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\u0085"); i >= 0; i = s.indexOf("\u0085", i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------
// The emitter. State and moves follow go-yaml's emitterc.go so that column counting, and
// with it folding, comes out the same: `whitespace` says the last thing written was blank,
// `indention` that nothing but indentation is on the line yet.

interface Emitter {
  out: string;
  column: number;
  indent: number;
  whitespace: boolean;
  indention: boolean;
}

type Style = "plain" | "single" | "double" | "literal";

function emitNode(e: Emitter, v: unknown, mappingContext: boolean, simpleKey: boolean): void {
  if (typeof v === "string") emitString(e, v, simpleKey);
  else if (v === null || v === undefined) emitFixed(e, "null");
  else if (typeof v === "boolean") emitFixed(e, v ? "true" : "false");
  else if (typeof v === "number") emitFixed(e, goYamlNumber(v));
  else if (typeof v === "bigint") emitFixed(e, v.toString());
  else if (Array.isArray(v)) {
    if (v.length === 0) emitEmptyFlow(e, "[]");
    else emitBlockSequence(e, v, mappingContext);
  } else if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = presentKeys(o);
    if (keys.length === 0) emitEmptyFlow(e, "{}");
    else emitBlockMapping(e, o, sortedKeyPlans(keys));
  } else emitFixed(e, "null"); // functions and symbols have no JSON form
}

/** Keys whose value JSON would keep (encoding/json never sees an undefined). */
function presentKeys(o: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const v = o[k];
    if (v !== undefined && typeof v !== "function" && typeof v !== "symbol") keys.push(k);
  }
  return keys;
}

/**
 * Keys in go-yaml's order of the strings it read back. Objects of one shape (containers,
 * ports, env entries) repeat the same key list, so the order is memoised per list.
 */
const orderCache = new Map<string, ScalarPlan[]>();

function sortedKeyPlans(keys: string[]): ScalarPlan[] {
  const signature = keys.join("\u0000");
  const cached = orderCache.get(signature);
  if (cached !== undefined) return cached;
  const plans = keys.map(planScalar).sort((a, b) => compareKeysGoYaml(a.text, b.text));
  if (signature.length <= 4 * PLAN_CACHE_MAX_LENGTH) {
    if (orderCache.size >= PLAN_CACHE_LIMIT) orderCache.clear();
    orderCache.set(signature, plans);
  }
  return plans;
}

function emitBlockMapping(e: Emitter, o: Record<string, unknown>, keys: ScalarPlan[]): void {
  const saved = e.indent;
  e.indent = e.indent < 0 ? 0 : e.indent + BEST_INDENT;
  for (const key of keys) {
    const value = o[key.source];
    writeIndent(e);
    const { text, analysis: a, requested } = key;
    // yaml_emitter_check_simple_key: one line and at most 128 bytes, else the `? key` form.
    if (!a.multiline && utf8Length(text) <= 128) {
      writeScalar(e, text, a, requested, true);
      writeIndicator(e, ":", false, false, false);
    } else {
      writeIndicator(e, "?", true, false, true);
      writeScalar(e, text, a, requested, false);
      writeIndent(e);
      writeIndicator(e, ":", true, false, true);
    }
    emitNode(e, value, true, false);
  }
  e.indent = saved;
}

function emitBlockSequence(e: Emitter, items: readonly unknown[], mappingContext: boolean): void {
  const saved = e.indent;
  // A sequence that is a mapping value stays at the key's indentation ("indentless").
  if (e.indent < 0) e.indent = 0;
  else if (!(mappingContext && !e.indention)) e.indent += BEST_INDENT;
  for (const item of items) {
    writeIndent(e);
    writeIndicator(e, "-", true, false, true);
    emitNode(e, item === undefined ? null : item, false, false);
  }
  e.indent = saved;
}

function emitEmptyFlow(e: Emitter, text: "[]" | "{}"): void {
  writeIndicator(e, text[0], true, true, false);
  writeIndicator(e, text[1], false, false, false);
}

/** null, booleans and numbers: short plain scalars that never need quoting or folding. */
function emitFixed(e: Emitter, text: string): void {
  if (!e.whitespace) put(e, " ");
  put(e, text);
  e.whitespace = false;
  e.indention = false;
}

function emitString(e: Emitter, s: string, simpleKey: boolean): void {
  const plan = planScalar(s);
  writeScalar(e, plan.text, plan.analysis, plan.requested, simpleKey);
}

/** What go-yaml decides about a string before it knows where it goes. */
interface ScalarPlan {
  /** The string as given, before go-yaml's reading back changed it. */
  source: string;
  text: string;
  analysis: ScalarAnalysis;
  requested: Style;
}

/**
 * Objects repeat the same short strings (keys, "TCP", image names), and the decision is a
 * pure function of the string, so it is memoised; the cache is dropped when it fills.
 */
const planCache = new Map<string, ScalarPlan>();
const PLAN_CACHE_LIMIT = 8192;
const PLAN_CACHE_MAX_LENGTH = 256;

function planScalar(s: string): ScalarPlan {
  const cached = planCache.get(s);
  if (cached !== undefined) return cached;
  const text = readBackString(s);
  const plan: ScalarPlan = { source: s, text, analysis: analyzeScalar(text), requested: requestedStyle(text) };
  if (s.length <= PLAN_CACHE_MAX_LENGTH) {
    if (planCache.size >= PLAN_CACHE_LIMIT) planCache.clear();
    planCache.set(s, plan);
  }
  return plan;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");
const NEL = 0x85;

/**
 * The string as go-yaml reads it back out of kubectl's JSON. A lone surrogate is not UTF-8,
 * so Go's JSON encoder wrote U+FFFD. NEL (U+0085) is the one line break Go's JSON leaves raw,
 * and in a double-quoted YAML scalar a raw break folds: it eats the spaces around it and
 * becomes one space, or, followed by more breaks, those breaks as "\n"
 * ("a \u0085 b" reads "a b", "a\u0085\u0085b" reads "a\nb").
 */
function readBackString(s: string): string {
  if (LONE_SURROGATE.test(s)) s = s.replace(LONE_SURROGATES, "\uFFFD");
  if (!s.includes("\u0085")) return s;
  let out = "";
  let i = 0;
  const n = s.length;
  for (;;) {
    const start = i;
    while (i < n && s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== NEL) i++;
    out += s.slice(start, i);
    if (i === n) return out;
    let whitespaces = "";
    let leadingBlanks = false;
    let trailingBreaks = 0;
    for (; i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === NEL); i++) {
      if (s.charCodeAt(i) === 32) {
        if (!leadingBlanks) whitespaces += " ";
      } else if (!leadingBlanks) {
        whitespaces = "";
        leadingBlanks = true;
      } else trailingBreaks++;
    }
    out += leadingBlanks ? (trailingBreaks === 0 ? " " : "\n".repeat(trailingBreaks)) : whitespaces;
  }
}

/** encode.go stringv: literal for "\n", plain when it reads back as a string, else double. */
function requestedStyle(s: string): Style {
  if (s.includes("\n")) return "literal";
  return resolvesToString(s) ? "plain" : "double";
}

function writeScalar(e: Emitter, s: string, a: ScalarAnalysis, requested: Style, simpleKey: boolean): void {
  const style = selectStyle(s, a, requested, simpleKey);
  const saved = e.indent;
  e.indent = e.indent < 0 ? BEST_INDENT : e.indent + BEST_INDENT;
  const allowBreaks = !simpleKey;
  if (style === "plain") writePlain(e, s, allowBreaks);
  else if (style === "single") writeSingleQuoted(e, s, allowBreaks);
  else if (style === "double") writeDoubleQuoted(e, s, allowBreaks);
  else writeLiteral(e, s);
  e.indent = saved;
}

/** yaml_emitter_select_scalar_style, in block context (flow_level is always 0 here). */
function selectStyle(s: string, a: ScalarAnalysis, requested: Style, simpleKey: boolean): Style {
  let style = requested;
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain") {
    if (!a.blockPlainAllowed) style = "single";
    if (s.length === 0 && simpleKey) style = "single";
  }
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return style;
}

// ---------------------------------------------------------------------------------------
// Scalar analysis: yaml_emitter_analyze_scalar, by code point.

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const EMPTY_ANALYSIS: ScalarAnalysis = {
  multiline: false,
  blockPlainAllowed: true,
  singleQuotedAllowed: true,
  blockAllowed: false,
};

/** Plain-safe ASCII strings: no indicator can fire, nothing to escape, no space at the ends. */
const SIMPLE_PLAIN = /^[A-Za-z0-9_./=+$^()<;~\\](?:[A-Za-z0-9_./=+$^()<>;~\\@%!&*'"`|-]|[ ](?![ #])|:(?! ))*$/;

function analyzeScalar(s: string): ScalarAnalysis {
  if (s.length === 0) return EMPTY_ANALYSIS;
  const end = s.charCodeAt(s.length - 1);
  if (end !== 32 && end !== 58 && SIMPLE_PLAIN.test(s) && !s.startsWith("...")) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  }
  let blockIndicators = s.startsWith("---") || s.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  const n = s.length;
  for (let i = 0; i < n; ) {
    const c = s.codePointAt(i)!;
    const w = c > 0xffff ? 2 : 1;
    const last = i + w >= n;
    const followedByWhitespace = last || isBlank(s.charCodeAt(i + w));
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
        case 0x2d: // -
          if (followedByWhitespace) blockIndicators = true;
          break;
      }
    } else if ((c === 0x3a && followedByWhitespace) || (c === 0x23 && precededByWhitespace)) {
      blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 0 || isBlank(c) || isBreak(c);
    i += w;
  }
  const a: ScalarAnalysis = {
    multiline: lineBreaks,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks || blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** go-yaml's is_printable on the UTF-8 bytes: tab, DEL, C1 controls and non-BMP are not. */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---------------------------------------------------------------------------------------
// Writing. `put` appends ASCII; the scalar writers below keep `column` in code points.

function put(e: Emitter, s: string): void {
  e.out += s;
  e.column += s.length;
}

const SPACES = " ".repeat(64);

function putBreak(e: Emitter): void {
  e.out += "\n";
  e.column = 0;
}

/** yaml_emitter_write_indent: a new line unless already at the indentation, then pad. */
function writeIndent(e: Emitter): void {
  const indent = Math.max(e.indent, 0);
  if (!e.indention || e.column > indent || (e.column === indent && !e.whitespace)) putBreak(e);
  if (e.column < indent) {
    e.out += indent - e.column <= SPACES.length ? SPACES.slice(0, indent - e.column) : " ".repeat(indent - e.column);
    e.column = indent;
  }
  e.whitespace = true;
  e.indention = true;
}

function writeIndicator(e: Emitter, s: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean) {
  if (needWhitespace && !e.whitespace) put(e, " ");
  put(e, s);
  e.whitespace = isWhitespace;
  e.indention = e.indention && isIndention;
}

/**
 * A plain scalar folds at a single space once the column is past 80. Plain scalars are
 * BMP-only and single-line (anything else is not allowed plain), so index = column.
 * Worked example: at "  message: " (column 11) a 100-character sentence breaks at the first
 * space whose column is over 80, and goes on at column 4 on the next line.
 */
function writePlain(e: Emitter, s: string, allowBreaks: boolean): void {
  if (!e.whitespace) put(e, " ");
  let start = 0;
  if (allowBreaks && e.column + s.lastIndexOf(" ") > BEST_WIDTH) {
    let spaces = false;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) !== 32) {
        spaces = false;
        continue;
      }
      if (!spaces && e.column + (i - start) > BEST_WIDTH && s.charCodeAt(i + 1) !== 32) {
        put(e, s.slice(start, i));
        e.indention = false;
        writeIndent(e);
        start = i + 1;
      }
      spaces = true;
    }
  }
  put(e, s.slice(start));
  e.whitespace = false;
  e.indention = false;
}

function writeSingleQuoted(e: Emitter, s: string, allowBreaks: boolean): void {
  writeIndicator(e, "'", true, false, false);
  let spaces = false;
  let breaks = false;
  const n = s.length; // BMP only: a non-BMP character is non-printable, so never single-quoted
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && i > 0 && i < n - 1 && s.charCodeAt(i + 1) !== 32) {
        writeIndent(e);
      } else put(e, " ");
      spaces = true;
    } else if (isBreak(c)) {
      if (!breaks && c === 0x0a) putBreak(e);
      writeBreak(e, c);
      e.indention = true;
      breaks = true;
    } else {
      if (breaks) writeIndent(e);
      put(e, c === 0x27 ? "''" : s[i]);
      e.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  writeIndicator(e, "'", false, false, false);
  e.whitespace = false;
  e.indention = false;
}

function writeBreak(e: Emitter, c: number): void {
  if (c === 0x0a) putBreak(e);
  else {
    e.out += String.fromCharCode(c);
    e.column = 0;
  }
}

/** Characters a double-quoted scalar escapes, and the short escapes go-yaml knows. */
const SHORT_ESCAPES: Record<number, string> = {
  0: "0",
  7: "a",
  8: "b",
  9: "t",
  10: "n",
  11: "v",
  12: "f",
  13: "r",
  27: "e",
  34: '"',
  92: "\\",
  133: "N",
  160: "_",
  8232: "L",
  8233: "P",
};

function escapeDoubleQuoted(c: number): string {
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) return "\\" + short;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return "\\x" + hex.padStart(2, "0");
  if (c <= 0xffff) return "\\u" + hex.padStart(4, "0");
  return "\\U" + hex.padStart(8, "0");
}

function writeDoubleQuoted(e: Emitter, s: string, allowBreaks: boolean): void {
  writeIndicator(e, '"', true, false, false);
  let spaces = false;
  const n = s.length;
  // go-yaml's is_bom looks at the start of the value, not at i: a value that starts with
  // U+FEFF has every character escaped ("\uFEFF\x62\x6F\x6D").
  const escapeAll = s.charCodeAt(0) === 0xfeff;
  for (let i = 0; i < n; ) {
    const c = s.codePointAt(i)!;
    const w = c > 0xffff ? 2 : 1;
    if (escapeAll || !isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
      put(e, escapeDoubleQuoted(c));
      spaces = false;
    } else if (c === 32) {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && i > 0 && i < n - 1) {
        writeIndent(e);
        // A continuation line's leading blanks are dropped when read, so a second space
        // is kept by escaping the line start.
        if (s.charCodeAt(i + 1) === 32) put(e, "\\");
      } else put(e, " ");
      spaces = true;
    } else {
      e.out += w === 1 ? s[i] : s.slice(i, i + 2);
      e.column++;
      spaces = false;
    }
    i += w;
  }
  writeIndicator(e, '"', false, false, false);
  e.whitespace = false;
  e.indention = false;
}

/**
 * `|` with go-yaml's hints: an indentation indicator (2) when the text starts with a space or
 * newline, then chomping: `-` without a final newline, none with exactly one, `+` with more.
 */
function writeLiteral(e: Emitter, s: string): void {
  writeIndicator(e, "|", true, false, false);
  const first = s.charCodeAt(0);
  if (first === 32 || isBreak(first)) writeIndicator(e, String(BEST_INDENT), false, false, false);
  const last = s.charCodeAt(s.length - 1);
  let chomp = "";
  if (!isBreak(last)) chomp = "-";
  else if (s.length === 1 || isBreak(s.charCodeAt(s.length - 2))) chomp = "+";
  if (chomp) writeIndicator(e, chomp, false, false, false);
  putBreak(e);
  e.indention = true;
  e.whitespace = true;
  // Literal text is BMP-only (a non-BMP character is non-printable), so index = column.
  let lineStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isBreak(c)) continue;
    if (i > lineStart) {
      writeIndent(e);
      e.out += s.slice(lineStart, i);
    }
    writeBreak(e, c);
    e.indention = true;
    lineStart = i + 1;
  }
  if (lineStart < s.length) {
    writeIndent(e);
    e.out += s.slice(lineStart);
    e.column += s.length - lineStart;
    e.indention = false;
  }
}

// ---------------------------------------------------------------------------------------
// resolve.go: would this text, written plain, read back as a string?

/** Words go-yaml v2 reads as bool, null or special floats (YAML 1.1). */
const RESOLVED_WORDS = new Set([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"],
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"],
  ...["~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF"],
  ...["+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"],
]);

/** An integer in Go's base-0 syntax (strconv.ParseInt(s, 0, 64)), underscores already gone. */
const GO_INT = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat on text starting with "." (underscores only between digits). */
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function resolvesToString(s: string): boolean {
  if (s.length === 0) return false; // null
  const c = s.charCodeAt(0);
  const digitOrSign = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d;
  // resolve() only looks further when the first character hints at a non-string.
  if (!digitOrSign && c !== 0x2e && !"yYnNtTfFoO~".includes(s[0])) return true;
  if (RESOLVED_WORDS.has(s)) return false;
  if (c === 0x2e) return !(DOT_FLOAT.test(s) && Number.isFinite(Number(s.replaceAll("_", ""))));
  if (!digitOrSign) return true;
  if (isTimestamp(s) || resolvesAsNumber(s.replaceAll("_", ""))) return false;
  return !BASE60_FLOAT.test(s); // "1:20" is a YAML 1.1 sexagesimal: quoted for other parsers
}

function resolvesAsNumber(plain: string): boolean {
  const m = GO_INT.exec(plain);
  if (m) {
    // Unsigned: ParseUint, or big.Int when out of range. Signed: ParseInt, int64 only.
    if (m[1] === "") return true;
    const v = goIntValue(m[2]);
    if ((m[1] === "-" ? -v : v) >= INT64_MIN && (m[1] === "-" ? -v : v) <= INT64_MAX) return true;
  }
  if (YAML_FLOAT.test(plain) && Number.isFinite(Number(plain))) return true;
  // ParseInt(plain[2:], 2, 64) takes a sign after the prefix: "0b-101" is -5.
  const b = /^0b([+-])([01]+)$/.exec(plain);
  if (b) {
    const v = BigInt("0b" + b[2]) * (b[1] === "-" ? -1n : 1n);
    return v >= INT64_MIN && v <= INT64_MAX;
  }
  return false;
}

function goIntValue(digits: string): bigint {
  if (/^0[0-7]+$/.test(digits)) return BigInt("0o" + digits.slice(1));
  return BigInt(digits.length > 2 && /^0[XBO]/.test(digits) ? "0" + digits[1].toLowerCase() + digits.slice(2) : digits);
}

/**
 * parseTimestamp: YYYY-M-D alone, or with [Tt]H:M:S[.frac](Z|±hh:mm), or with blanks and
 * H:M:S[.frac] and no zone; fields of one or two digits, ranges checked as time.Parse does.
 */
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))|(?: +([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?))?$/;

function isTimestamp(s: string): boolean {
  if (s.length < 8 || s.charCodeAt(4) !== 0x2d) return false;
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  const hour = m[4] ?? m[7];
  if (hour === undefined) return true;
  const minute = m[5] ?? m[8];
  const second = m[6] ?? m[9];
  return Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// ---------------------------------------------------------------------------------------
// Numbers, as they come out of the JSON round trip.

const UINT64_LIMIT = 2 ** 64;
const INT64_LOWEST = -(2 ** 63);

/**
 * An integral value prints as an integer when int64 or uint64 holds it; any other number
 * went through float64 and prints as strconv.FormatFloat(f, 'g', -1, 64): shortest digits,
 * exponent form when the exponent is below -4 or at least 6 ("1.0000005e+06", "1e-05").
 */
export function goYamlNumber(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  if (Number.isInteger(n) && n >= INT64_LOWEST && n < UINT64_LIMIT) {
    return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  }
  const [mantissa, exp] = n.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(n);
}

// ---------------------------------------------------------------------------------------
// sorter.go: go-yaml orders map keys "naturally", not by bytes.

const ASCII_LETTER = /^[A-Za-z]$/;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(ch: string): boolean {
  return ch.length === 1 && ch.charCodeAt(0) < 0x80 ? ASCII_LETTER.test(ch) : LETTER.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return c < 0x80 ? c >= 0x30 && c <= 0x39 : DIGIT.test(ch);
}

/** keyList.Less for two string keys, as a comparator. */
export function compareKeysGoYaml(a: string, b: string): number {
  if (a === b) return 0;
  return keyLess(a, b) ? -1 : 1;
}

function keyLess(a: string, b: string): boolean {
  // Fast path: the common prefix is skipped identically on code units and runes.
  let p = 0;
  const lim = Math.min(a.length, b.length);
  while (p < lim && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  const ca = a.charCodeAt(p);
  const cb = b.charCodeAt(p);
  if (p > 0 && (isHighSurrogate(a.charCodeAt(p - 1)) || isLowSurrogateAt(a, p) || isLowSurrogateAt(b, p))) {
    return runeLess(Array.from(a), Array.from(b));
  }
  if (p === lim) return a.length < b.length;
  if (ca < 0x80 && cb < 0x80 && !isAsciiDigit(ca) && !isAsciiDigit(cb)) {
    const al = isAsciiLetter(ca);
    const bl = isAsciiLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    return ca < cb; // neither letter nor digit: numbers are both 0 and the runs empty
  }
  return runeLess(Array.from(a), Array.from(b));
}

function runeLess(ar: string[], br: string[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai].codePointAt(0)! - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi].codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogateAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}
