/**
 * The two text-wrapping algorithms `kubectl explain` uses; lengths are Go byte/rune counts.
 */

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/**
 * kubectl <= 1.26 explain (pkg/explain/formatter.go wrapString): words are re-flowed to `width`
 * bytes, but a line break is kept after a word ending in ":", before a bullet (`- `, `* `,
 * `1. `), around blank lines (after the first line) and for lines indented 4+ spaces.
 *
 * Example (width 20): "Possible values:\n - a\n - b c" -> ["Possible values:", "- a", "- b c"].
 */
export function wrapStringV1(text: string, width: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = "";
  const lineLen = (ws: string[]) => byteLength(ws.join(" "));
  const flush = () => {
    if (words.length) {
      lastWord = "";
      wrapped.push(words.join(" "));
      words = [];
    }
  };
  const shouldStartNewLine = (str: string): boolean => {
    if (lastWord.endsWith(":")) return true;
    if (str.startsWith("    ")) return true;
    const t = str.trim();
    if (t.length === 0) return true;
    return /^(\d+\.?|-|\*)\s/.test(t);
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("    ")) {
      flush();
      wrapped.push(line);
      continue;
    }
    if (wrapped.length > 0 && line.trim().length === 0) {
      flush();
      wrapped.push("");
      continue;
    }
    if (shouldStartNewLine(line)) flush();
    for (const word of line.split(/\s+/).filter((w) => w !== "")) {
      lastWord = word;
      if (words.length === 0 || lineLen([...words, word]) <= width) words.push(word);
      else {
        flush();
        words.push(word);
      }
    }
  }
  flush();
  return wrapped;
}

const NBSP = "\u00a0";

function isGoSpace(ch: string): boolean {
  return /^\s$/u.test(ch) && ch !== NBSP;
}

/**
 * kubectl >= 1.27 explain: github.com/mitchellh/go-wordwrap v1.0.1 WrapString. Existing line
 * breaks are kept; a word that would pass `limit` (runes) starts a new line, its preceding
 * spaces dropped; a word longer than the limit is left to overflow.
 */
export function goWordWrap(s: string, limit: number): string {
  let out = "";
  let current = 0;
  let word = "";
  let wordLen = 0;
  let space = "";
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === "\n") {
      if (wordLen === 0) {
        if (current + spaceLen > limit) current = 0;
        else {
          current += spaceLen;
          out += space;
        }
        space = "";
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        out += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      out += ch;
      current = 0;
    } else if (isGoSpace(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > limit && wordLen < limit) {
        out += "\n";
        current = 0;
        space = "";
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space;
  } else out += space + word;
  return out;
}

/** The explain template's `indent`: pad the first line and every line after a "\n". */
export function goIndent(amount: number, s: string): string {
  const pad = " ".repeat(amount);
  return pad + s.replaceAll("\n", `\n${pad}`);
}
