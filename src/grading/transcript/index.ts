/**
 * Transcripts as students really have them, parsed once at the edge into commands:
 * a plain command list, a bash history, a copy of a terminal, or an asciinema recording
 * (detect.ts says how the style is told from the content). A malformed submission is a value,
 * `{ ok: false, reason, line }`, never a throw: the grader reports it as not gradable and the
 * student loses no attempt.
 */
import type { ParsedTranscript } from "../types.ts";
import { parseAsciinema } from "./asciinema.ts";
import { parseBashHistory } from "./bash-history.ts";
import { checkSize, checkText, DEFAULT_TRANSCRIPT_LIMITS, type TranscriptLimits } from "./bounds.ts";
import { parseCommandList } from "./command-list.ts";
import { type Detected, detectStyle } from "./detect.ts";
import { Screen } from "./screen.ts";
import { type Commands, type SourceLine, sourceLines } from "./source.ts";
import { parseTerminal } from "./terminal.ts";

export { DEFAULT_TRANSCRIPT_LIMITS, type TranscriptLimits } from "./bounds.ts";
export { type Detected, detectStyle } from "./detect.ts";

export function parseTranscript(text: string, opts: Partial<TranscriptLimits> = {}): ParsedTranscript {
  const limits = { ...DEFAULT_TRANSCRIPT_LIMITS, ...opts };
  const bad = checkSize(text, limits.maxBytes) ?? checkText(text);
  if (bad) return bad;
  const raw = sourceLines(text);
  const detected = detectStyle(raw);
  const lines = detected.style === "asciinema" ? raw : rendered(raw);
  return parseText(lines, lines === raw ? detected : detectStyle(lines), limits);
}

function parseText(lines: SourceLine[], detected: Detected, limits: TranscriptLimits): ParsedTranscript {
  let r: Commands;
  switch (detected.style) {
    case "asciinema":
      r = parseAsciinema(lines, limits.maxCommands);
      break;
    case "terminal":
      r = parseTerminal(lines, detected.bare, limits.maxCommands);
      break;
    case "bash-history":
      r = parseBashHistory(lines, detected.numbered, limits.maxCommands);
      break;
    case "commands":
      r = parseCommandList(lines, limits.maxCommands);
      break;
  }
  return r.ok ? { ok: true, style: detected.style, commands: r.commands } : r;
}

/**
 * A terminal copy saved with its escape sequences, carriage returns or backspaces (`script`,
 * a tmux log) reads as the screen showed it; text without them is taken as is (tabs included:
 * a `<<-` heredoc needs them).
 */
function rendered(lines: SourceLine[]): SourceLine[] {
  if (!lines.some((l) => /[\x1b\r\b]/.test(l.text))) return lines;
  const screen = new Screen(4096, 1_000_000);
  for (const l of lines) screen.write(`${l.text}\n`, { line: l.line });
  return screen.lines();
}
