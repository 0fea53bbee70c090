/**
 * What every transcript reader works on: the submitted text cut into lines that remember
 * where they came from (the 1-based line of the submission; for an asciinema recording, the
 * line of the event that drew them) and, for recordings, when they were drawn.
 */
import type { TranscriptCommand } from "../types.ts";

export interface SourceLine {
  text: string;
  /** 1-based line of the submitted text. */
  line: number;
  /** Seconds since the recording started (asciinema only). */
  at?: number;
}

export type Failure = { ok: false; reason: string; line?: number };

export type Commands = { ok: true; commands: TranscriptCommand[] } | Failure;

export const failure = (reason: string, line?: number): Failure =>
  line === undefined ? { ok: false, reason } : { ok: false, reason, line };

/** Lines of a text with CRLF and a final newline handled: `a\r\nb\n` -> ["a", "b"]. */
export function sourceLines(text: string): SourceLine[] {
  const body = text.replace(/\r\n/g, "\n").replace(/\n$/, "");
  if (body === "") return [];
  return body.split("\n").map((t, i) => ({ text: t, line: i + 1 }));
}
