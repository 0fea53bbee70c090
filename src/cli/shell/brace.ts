/**
 * Brace expansion, bash's first expansion: `pod-{a,b}` is `pod-a pod-b`, `{1..3}` is `1 2 3`,
 * `{01..10..3}` keeps the width (`01 04 07 10`), `{a..e..2}` steps letters; braces nest and a
 * word may hold several (`{a,b}{1,2}` is four words, in order). It works on the unquoted text
 * of a word before any other expansion: quoted text, `$var` and `$(...)` inside are carried
 * along as they are (`{"a b",$x}` is two words, expanded later), and a brace that is not a
 * well-formed expansion (`{a}`, `{`, `{1..x}`) is left as it is. An alternative that leaves
 * nothing is dropped (`{a,}` is one word).
 */
import type { Word, WordPart } from "./ast.ts";
import { LimitError } from "./limits.ts";

/** An unquoted character of the word's text, or a part taken whole (quoted, an expansion). */
type Item = string | WordPart;

/** Words one brace expansion may yield before the shell stops the command. */
export const MAX_BRACE_WORDS = 10_000;

/** The words `w` brace-expands to: `[w]` itself when it has no brace expansion. */
export function braceExpand(w: Word): Word[] {
  if (!w.parts.some((p) => p.k === "lit" && p.v.includes("{"))) return [w];
  const items: Item[] = [];
  for (const p of w.parts) {
    if (p.k === "lit") items.push(...p.v);
    else items.push(p);
  }
  const out: Item[][] = [];
  expandItems(items, out);
  if (out.length === 1 && out[0] === items) return [w];
  // An alternative that leaves nothing (`{a,}`) is no word at all, as bash drops it.
  return out.filter((x) => x.length > 0).map(toWord);
}

function expandItems(items: Item[], out: Item[][]): void {
  for (let open = 0; open < items.length; open++) {
    if (items[open] !== "{") continue;
    const found = parseBrace(items, open);
    if (!found) continue;
    const pre = items.slice(0, open);
    const post = items.slice(found.close + 1);
    for (const alt of found.alternatives) {
      // The alternatives may hold braces of their own, and so may the rest of the word.
      expandItems([...pre, ...alt, ...post], out);
      if (out.length > MAX_BRACE_WORDS) {
        throw new LimitError(`a brace expansion yields more than ${MAX_BRACE_WORDS} words`, "brace expansion limit");
      }
    }
    return;
  }
  out.push(items);
}

/**
 * The expansion of the brace at `open`, if it is one: its matching close and what goes in its
 * place, one item list per word.
 */
function parseBrace(items: Item[], open: number): { close: number; alternatives: Item[][] } | undefined {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < items.length; i++) {
    const c = items[i];
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) {
        const inner = items.slice(open + 1, i);
        if (commas.length > 0) {
          const alternatives: Item[][] = [];
          let from = open + 1;
          for (const at of [...commas, i]) {
            alternatives.push(items.slice(from, at));
            from = at + 1;
          }
          return { close: i, alternatives };
        }
        const seq = sequence(inner);
        return seq ? { close: i, alternatives: seq.map((s) => [...s]) } : undefined;
      }
    } else if (c === "," && depth === 1) commas.push(i);
  }
  return undefined;
}

const INT = /^[+-]?\d+$/;

/** `x..y[..step]` of integers or of single letters: its words, or undefined if it is not one. */
function sequence(inner: Item[]): string[] | undefined {
  if (inner.some((c) => typeof c !== "string")) return undefined;
  const parts = (inner as string[]).join("").split("..");
  if (parts.length !== 2 && parts.length !== 3) return undefined;
  const [from, to, stepText = "1"] = parts;
  if (!INT.test(stepText)) return undefined;
  const step = Math.abs(Number(stepText)) || 1;
  if (INT.test(from) && INT.test(to)) {
    const a = Number(from);
    const b = Number(to);
    const count = Math.floor(Math.abs(b - a) / step) + 1;
    if (count > MAX_BRACE_WORDS) {
      throw new LimitError(`a brace expansion yields more than ${MAX_BRACE_WORDS} words`, "brace expansion limit");
    }
    // A leading zero on either end pads every number to the longer end's width.
    const padded = /^[+-]?0\d/.test(from) || /^[+-]?0\d/.test(to);
    const width = padded ? Math.max(from.length, to.length) : 0;
    const out: string[] = [];
    for (let k = 0, n = a; k < count; k++, n += a <= b ? step : -step) out.push(pad(n, width));
    return out;
  }
  if (/^[A-Za-z]$/.test(from) && /^[A-Za-z]$/.test(to)) {
    const a = from.charCodeAt(0);
    const b = to.charCodeAt(0);
    const out: string[] = [];
    for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? step : -step) out.push(String.fromCharCode(n));
    return out;
  }
  return undefined;
}

function pad(n: number, width: number): string {
  const digits = String(Math.abs(n)).padStart(n < 0 ? width - 1 : width, "0");
  return n < 0 ? `-${digits}` : digits;
}

/** Items back to a word: runs of characters become unquoted text again. */
function toWord(items: Item[]): Word {
  const parts: WordPart[] = [];
  let text = "";
  for (const it of items) {
    if (typeof it === "string") {
      text += it;
      continue;
    }
    if (text) parts.push({ k: "lit", v: text });
    text = "";
    parts.push(it);
  }
  if (text) parts.push({ k: "lit", v: text });
  return { parts };
}
