/**
 * A bash history, in either of the two shapes students have:
 *
 * - the file `~/.bash_history`; with `HISTTIMEFORMAT` set, bash writes `#<epoch>` before each
 *   entry, and an entry's lines (a heredoc's body) run until the next `#<epoch>` line:
 *       #1700000000
 *       kubectl create deployment web --image=nginx
 *       #1700000042
 *       kubectl get pods
 *   Each command's `at` is its epoch minus the first one (0 and 42 here); bash appends the
 *   histories of parallel shells, so a time that goes back is held at the previous one.
 * - the output of the `history` builtin: `  12  kubectl get pods`, an entry's further lines
 *   unnumbered; with `HISTTIMEFORMAT="%F %T "`, `  12  2023-11-14 22:13:20 kubectl get pods`.
 *   A line starts an entry when its number is greater than the previous entry's (see below).
 */
import type { TranscriptCommand } from "../types.ts";
import { commandsOf, END } from "./command-list.ts";
import type { Commands, SourceLine } from "./source.ts";

export const EPOCH_LINE = /^#(\d{9,11})\s*$/;
export const NUMBERED_LINE = /^\s*(\d+)\*?\s+(.*)$/;
const HISTTIMEFORMAT_F_T = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (.*)$/;

interface Entry {
  lines: SourceLine[];
  /** Seconds since the epoch, if the history recorded it. */
  epoch?: number;
}

export function parseBashHistory(lines: SourceLine[], numbered: boolean, maxCommands: number): Commands {
  const entries = numbered ? numberedEntries(lines) : epochEntries(lines);
  const commands: TranscriptCommand[] = [];
  let base: number | undefined;
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.epoch !== undefined) {
      base ??= e.epoch;
      at = Math.max(at, e.epoch - base);
    }
    const next = entries[i + 1];
    const where = next ? `the next history entry (line ${next.lines[0].line - (numbered ? 0 : 1)})` : END;
    const r = commandsOf(e.lines, {
      maxCommands,
      where,
      sofar: commands.length,
      ...(e.epoch !== undefined ? { at } : {}),
    });
    if (!r.ok) return r;
    commands.push(...r.commands);
  }
  return { ok: true, commands };
}

function epochEntries(lines: SourceLine[]): Entry[] {
  const entries: Entry[] = [];
  let current: Entry = { lines: [] };
  for (const l of lines) {
    const m = EPOCH_LINE.exec(l.text);
    if (m) {
      if (current.lines.length) entries.push(current);
      current = { lines: [], epoch: Number(m[1]) };
    } else current.lines.push(l);
  }
  if (current.lines.length) entries.push(current);
  return entries;
}

/**
 * bash prints each entry as `%5d%c %s` (the number right-aligned in five columns, then `*` for
 * an edited entry or a space, then a space). When the first line has exactly that shape, every
 * entry must (so a heredoc body line like `  3 replicas` is not taken for entry 3); a paste
 * that lost its leading spaces is read loosely.
 */
const BASH_NUMBERED = /^(?: {4}\d| {3}\d\d| {2}\d{3}| \d{4}|\d{5,})[* ] (.*)$/;

function numberedEntries(lines: SourceLine[]): Entry[] {
  const entries: Entry[] = [];
  let last = -1;
  const first = lines.find((l) => l.text.trim() !== "");
  const strict = first !== undefined && BASH_NUMBERED.test(first.text);
  for (const l of lines) {
    const m = NUMBERED_LINE.exec(l.text);
    const n = m ? Number(m[1]) : -1;
    if (m && n > last && (!strict || BASH_NUMBERED.test(l.text))) {
      last = n;
      const t = HISTTIMEFORMAT_F_T.exec(m[2]);
      if (t) {
        const ms = Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +t[6]);
        entries.push({ lines: [{ ...l, text: t[7] }], epoch: ms / 1000 });
      } else entries.push({ lines: [{ ...l, text: m[2] }] });
    } else if (entries.length) entries[entries.length - 1].lines.push(l);
  }
  return entries;
}
