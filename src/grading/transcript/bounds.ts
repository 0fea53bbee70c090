/**
 * The bounds on a submitted transcript, and the two checks made before anything is parsed:
 * size (in UTF-8 bytes, as it was uploaded) and "is this text at all".
 */
import { type Failure, failure } from "./source.ts";

export interface TranscriptLimits {
  /** Size of the submitted text in UTF-8 bytes. */
  maxBytes: number;
  /** Commands in the parsed transcript. */
  maxCommands: number;
}

export const DEFAULT_TRANSCRIPT_LIMITS: TranscriptLimits = { maxBytes: 256 * 1024, maxCommands: 500 };

/** `262144 bytes (256 KiB)`: how a bound on size reads in a reason. */
function bytesText(n: number): string {
  return n % 1024 === 0 ? `${n} bytes (${n / 1024} KiB)` : `${n} bytes`;
}

/** Whether the text passes `maxBytes` (counted in UTF-8), and on which line. */
export function checkSize(text: string, maxBytes: number): Failure | undefined {
  // Cheap exit: a UTF-16 unit is at most 3 UTF-8 bytes (surrogate pairs: 4 bytes for 2 units).
  if (text.length * 3 <= maxBytes) return undefined;
  let bytes = 0;
  let line = 1;
  let passedOn = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > maxBytes && passedOn === 0) passedOn = line;
    if (c === 10) line++;
  }
  if (passedOn === 0) return undefined;
  return failure(
    `the transcript is ${bytes} bytes, over the limit of ${bytesText(maxBytes)}, which it passes on line ${passedOn}; submit only the commands of the lab`,
    passedOn,
  );
}

/**
 * Control characters a terminal copy may legitimately hold: tab, newline, carriage return,
 * escape (colours), backspace, bell, form feed, vertical tab, shift out/in (`tput sgr0`).
 * DEL (0x7f) is allowed too: JSON encoders leave it raw, and it is the backspace key in an
 * asciinema input event.
 */
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0d, 0x1b, 0x08, 0x07, 0x0c, 0x0b, 0x0e, 0x0f]);

/** A NUL, another control character, or U+FFFD (bytes that were not UTF-8) marks binary data. */
export function checkText(text: string): Failure | undefined {
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    let what: string | undefined;
    if (c === 0) what = "a NUL byte";
    else if (c < 0x20 && !ALLOWED_CONTROLS.has(c))
      what = `the control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
    else if (c === 0xfffd) what = "bytes that are not valid UTF-8";
    if (what) {
      return failure(
        `the transcript looks like binary data, not text: line ${line} has ${what}; submit the commands or the terminal text as plain text (an asciinema recording as its .cast file)`,
        line,
      );
    }
  }
  return undefined;
}

export function tooManyCommands(maxCommands: number, line: number): Failure {
  return failure(
    `the transcript has more than ${maxCommands} commands (the limit): command ${maxCommands + 1} starts on line ${line}`,
    line,
  );
}
