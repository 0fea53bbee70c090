/**
 * A port of Go's text/tabwriter column algorithm (left-aligned, space padding), which both
 * `kubectl get` (minwidth 6, padding 3) and `kubectl describe` (minwidth 0, padding 2) use.
 *
 * Text is split into lines and each line into tab-terminated cells; the text after the last
 * tab is not part of any column and is never padded. A column is aligned only within a block
 * of consecutive lines that all have a cell in that column, so a line with fewer cells ends the
 * block. Example (padding 2):
 *
 *   "Name:\tnginx\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\n"
 *   ->
 *   "Name:       nginx\nNamespace:  default\nIPs:\n  IP:  10.0.0.1\n"
 */

export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

export const GET_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

/** Display width in runes, as Go's tabwriter counts (utf8.RuneCount): a surrogate pair is one. */
function width(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Runs of spaces, made once: every padded cell takes one. */
const SPACES = Array.from({ length: 64 }, (_, i) => " ".repeat(i));
const spaces = (n: number): string => (n <= 0 ? "" : n < SPACES.length ? SPACES[n] : " ".repeat(n));

export function tabwrite(text: string, opts: TabwriterOptions): string {
  const endsWithNewline = text.endsWith("\n");
  const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split("\n");
  const lines = rawLines.map((l) => l.split("\t"));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i];
      let s = "";
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        s += c;
        if (j < widths.length) s += spaces(widths[j] - width(c));
      }
      out[i] = s;
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      // A cell exists in this column: print the lines before the block, then size the block.
      writeLines(line0, cur);
      line0 = cur;
      let w = opts.minwidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]) + opts.padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur; // `cur` has no cell in this column; the loop's increment skips it, as in Go
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join("\n") + (endsWithNewline ? "\n" : "");
}
