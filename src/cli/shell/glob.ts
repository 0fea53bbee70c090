/**
 * Shell pattern matching: `*`, `?` and bracket expressions, used for pathname expansion
 * against the VFS, `case` patterns and `[[ x == pat ]]`. Patterns arrive with quoted
 * characters backslash-escaped by the expander, so `"*".txt` matches only a literal star.
 */
import type { VirtualFs } from "./vfs.ts";

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const POSIX_CLASSES: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  word: "A-Za-z0-9_",
  cntrl: "\\x00-\\x1f\\x7f",
  print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e",
};

/** Translates a bracket expression starting at `pattern[i] === "["`; returns the JS class and the index after `]`. */
export function bracketToJs(pattern: string, i: number, negators: string): { js: string; end: number } | undefined {
  let j = i + 1;
  let negate = false;
  if (j < pattern.length && negators.includes(pattern[j])) {
    negate = true;
    j++;
  }
  let body = "";
  let first = true;
  while (j < pattern.length) {
    const c = pattern[j];
    if (c === "]" && !first) return { js: `[${negate ? "^" : ""}${body}]`, end: j + 1 };
    first = false;
    if (c === "[" && pattern[j + 1] === ":") {
      const close = pattern.indexOf(":]", j + 2);
      if (close > 0) {
        const cls = POSIX_CLASSES[pattern.slice(j + 2, close)];
        if (cls !== undefined) {
          body += cls;
          j = close + 2;
          continue;
        }
      }
    }
    if (c === "\\" && negators.includes("!") && j + 1 < pattern.length) {
      // In shell patterns a backslash quotes the next character.
      body += escapeClassChar(pattern[j + 1]);
      j += 2;
      continue;
    }
    body += c === "-" ? "-" : escapeClassChar(c);
    j++;
  }
  return undefined;
}

function escapeClassChar(c: string): string {
  return c === "\\" || c === "]" || c === "[" || c === "^" ? `\\${c}` : c;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/;

/** `pathMode`: `*` and `?` do not match `/` (pathname expansion). */
export function globToRegExpSource(pattern: string, pathMode: boolean): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      if (i < pattern.length) out += REGEX_SPECIAL.test(pattern[i]) ? `\\${pattern[i]}` : pattern[i];
      else out += "\\\\";
    } else if (c === "*") out += pathMode ? "[^/]*" : "[\\s\\S]*";
    else if (c === "?") out += pathMode ? "[^/]" : "[\\s\\S]";
    else if (c === "[") {
      const b = bracketToJs(pattern, i, "!^");
      if (b) {
        out += b.js;
        i = b.end - 1;
      } else out += "\\[";
    } else out += REGEX_SPECIAL.test(c) ? `\\${c}` : c;
  }
  return out;
}

const cache = new Map<string, RegExp>();

export function globMatch(pattern: string, text: string, pathMode = false): boolean {
  const key = (pathMode ? "p" : "s") + pattern;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(`^${globToRegExpSource(pattern, pathMode)}$`);
    if (cache.size > 500) cache.clear();
    cache.set(key, re);
  }
  return re.test(text);
}

/** True when the (escaped) pattern has an unquoted `*`, `?` or `[`. */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?" || c === "[") return true;
  }
  return false;
}

export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, "$1");
}

/**
 * Pathname expansion. Returns the sorted matches written as the user wrote the pattern
 * (relative stays relative), or an empty list when nothing matches.
 */
export function expandGlob(fs: VirtualFs, cwd: string, pattern: string, maxResults = 10_000): string[] {
  const absolute = pattern.startsWith("/");
  const segs = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  let results: { shown: string; real: string }[] = [{ shown: absolute ? "/" : "", real: absolute ? "/" : cwd }];
  for (let k = absolute ? 1 : 0; k < segs.length; k++) {
    const seg = segs[k];
    const last = k === segs.length - 1;
    const next: { shown: string; real: string }[] = [];
    for (const r of results) {
      const join = (name: string) => ({
        shown: r.shown === "" ? name : r.shown.endsWith("/") ? r.shown + name : `${r.shown}/${name}`,
        real: r.real.endsWith("/") ? r.real + name : `${r.real}/${name}`,
      });
      if (!hasGlobChars(seg)) {
        const j = join(unescapeGlob(seg));
        if (last ? fs.exists(j.real) : fs.isDir(j.real)) next.push(j);
        continue;
      }
      const names = fs.readdir(r.real);
      if (!names.ok) continue;
      const dotOk = seg.startsWith(".") || seg.startsWith("\\.");
      for (const name of names.value) {
        if (name.startsWith(".") && !dotOk) continue;
        if (!globMatch(seg, name, true)) continue;
        const j = join(name);
        if (last || fs.isDir(j.real)) next.push(j);
        if (next.length > maxResults) break;
      }
    }
    results = next;
    if (results.length === 0) return [];
  }
  if (pattern.endsWith("/")) return results.map((r) => `${r.shown}/`).sort(byteOrder);
  return results.map((r) => r.shown).sort(byteOrder);
}
