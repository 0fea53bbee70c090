/**
 * kubectl describe's PrefixWriter: text written at an indentation level (two spaces a level)
 * into one tabwriter (minwidth 0, tabwidth 8, padding 2), formatted once at the end. Alignment
 * therefore holds only within runs of consecutive lines that have the same tab columns.
 */
import { DESCRIBE_TABWRITER, tabwrite } from "../printers/tabwriter.ts";

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export class PrefixWriter {
  private buf = "";

  /** Writes `text` after `level` indents (text carries its own tabs and newlines). */
  write(level: number, text: string): void {
    this.buf += "  ".repeat(level) + escapeTerminal(text);
  }

  /** fmt.Sprintln of one value: the text and a newline, no indentation. */
  writeLine(text = ""): void {
    this.buf += `${escapeTerminal(text)}\n`;
  }

  toString(): string {
    return tabwrite(this.buf, DESCRIBE_TABWRITER);
  }
}

/** printers.WriteEscaped: terminal control characters other than \t \n \r are shown escaped. */
function escapeTerminal(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Runs `f` against a fresh writer and returns the laid-out text (describe's tabbedString). */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  f(w);
  return w.toString();
}
