/**
 * POSIX regular expressions (BRE for grep/sed, ERE for grep -E, sed -E, awk, `[[ =~ ]]`)
 * translated to JavaScript RegExp source. The translation follows GNU: in a BRE `\(`, `\{`,
 * `\|`, `\+` and `\?` are the operators and the bare characters are literals; a leading `*`
 * is literal; `^`/`$` anchor only at the ends of a BRE; in brackets a backslash is literal.
 *
 * Catastrophic backtracking is bounded by the inputs: files are at most 1 MiB and tools
 * match line by line.
 */
import { bracketToJs } from "./glob.ts";

export type RegexResult = { ok: true; re: RegExp } | { ok: false; error: string };

const JS_SPECIAL = new Set([..."\\^$.|?*+()[]{}/"]);
const lit = (c: string): string => (JS_SPECIAL.has(c) ? `\\${c}` : c);

const ESCAPES: Record<string, string> = {
  w: "\\w",
  W: "\\W",
  s: "\\s",
  S: "\\S",
  b: "\\b",
  B: "\\B",
  "<": "\\b(?=\\w)",
  ">": "\\b(?<=\\w)",
  "`": "^",
  "'": "$",
  n: "\\n",
  t: "\\t",
};

export function posixToJs(pattern: string, extended: boolean): string {
  let out = "";
  // True where a `*` would be literal (start of the expression or of a group/alternative).
  let atStart = true;
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const wasStart = atStart;
    atStart = false;
    if (c === "\\") {
      const n = pattern[++i];
      if (n === undefined) {
        out += "\\\\";
        break;
      }
      if (!extended && n === "(") {
        out += "(";
        depth++;
        atStart = true;
      } else if (!extended && n === ")") {
        out += ")";
        depth--;
      } else if (!extended && n === "|") {
        out += "|";
        atStart = true;
      } else if (!extended && (n === "{" || n === "+" || n === "?")) {
        if (n === "{") {
          const close = pattern.indexOf("\\}", i);
          if (close < 0) throw new Error("Unmatched \\{");
          out += interval(pattern.slice(i + 1, close));
          i = close + 1;
        } else out += n;
      } else if (!extended && n === "}") out += "\\}";
      else if (n >= "1" && n <= "9") out += `\\${n}`;
      else if (ESCAPES[n] !== undefined) out += ESCAPES[n];
      else out += lit(n);
      continue;
    }
    if (c === "[") {
      const b = bracketToJs(pattern, i, "^");
      if (!b) throw new Error("Unmatched [, [^, [:, [., or [=");
      out += b.js;
      i = b.end - 1;
      continue;
    }
    if (c === "*") {
      out += wasStart ? "\\*" : "*";
      continue;
    }
    if (c === "^") {
      if (extended || wasStart) {
        out += "^";
        atStart = true;
      } else out += "\\^";
      continue;
    }
    if (c === "$") {
      const atEnd =
        extended || i === pattern.length - 1 || pattern.startsWith("\\)", i + 1) || pattern.startsWith("\\|", i + 1);
      out += atEnd ? "$" : "\\$";
      continue;
    }
    if (extended) {
      if (c === "(") {
        depth++;
        out += "(";
        atStart = true;
        continue;
      }
      if (c === ")") {
        if (depth === 0) {
          out += "\\)";
          continue;
        }
        depth--;
        out += ")";
        continue;
      }
      if (c === "|") {
        out += "|";
        atStart = true;
        continue;
      }
      if (c === "+" || c === "?") {
        out += wasStart ? `\\${c}` : c;
        continue;
      }
      if (c === "{") {
        const close = pattern.indexOf("}", i);
        const body = close < 0 ? "" : pattern.slice(i + 1, close);
        if (!wasStart && /^\d*(,\d*)?$/.test(body) && body !== "" && body !== ",") {
          out += interval(body);
          i = close;
        } else out += "\\{";
        continue;
      }
      if (c === "}") {
        out += "\\}";
        continue;
      }
    }
    out += c === "." ? "." : lit(c);
  }
  if (depth > 0) throw new Error("Unmatched ( or \\(");
  return out;
}

function interval(body: string): string {
  if (!/^\d*(,\d*)?$/.test(body)) throw new Error("Invalid content of \\{\\}");
  return `{${body.startsWith(",") ? `0${body}` : body}}`;
}

export interface RegexOptions {
  extended: boolean;
  ignoreCase?: boolean;
  global?: boolean;
  /** Match whole words only (grep -w). */
  word?: boolean;
  /** Match whole lines only (grep -x). */
  line?: boolean;
  /** Treat the pattern as a fixed string (grep -F). */
  fixed?: boolean;
}

export function compileRegex(pattern: string, opts: RegexOptions): RegexResult {
  let src: string;
  try {
    src = opts.fixed ? pattern.replace(/[\\^$.|?*+()[\]{}/]/g, "\\$&") : posixToJs(pattern, opts.extended);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  if (opts.word) src = `(?<![\\w])(?:${src})(?![\\w])`;
  if (opts.line) src = `^(?:${src})$`;
  try {
    return { ok: true, re: new RegExp(src, (opts.ignoreCase ? "i" : "") + (opts.global ? "g" : "")) };
  } catch {
    return { ok: false, error: "Invalid regular expression" };
  }
}
