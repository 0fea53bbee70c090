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

/** printers.EscapeTerminal: ESC shows as "^[" and a carriage return as "\\r". */
function escapeTerminal(s: string): string {
  return s.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

/** Runs `f` against a fresh writer and returns the laid-out text (describe's tabbedString). */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  f(w);
  return w.toString();
}
