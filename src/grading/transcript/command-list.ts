/**
 * A plain list of commands, one per line as a script would have them: blank lines and `#`
 * comments are skipped, a heredoc's body follows its command, `\` continues a line.
 */
import type { TranscriptCommand } from "../types.ts";
import { tooManyCommands } from "./bounds.ts";
import { describeOpen, readCommands } from "./shell-text.ts";
import { type Commands, failure, type SourceLine } from "./source.ts";

export const END = "the end of the transcript";

export function parseCommandList(lines: SourceLine[], maxCommands: number): Commands {
  if (lines.length === 0) return { ok: true, commands: [] };
  return commandsOf(lines, { maxCommands, where: END, sofar: 0 });
}

export interface CommandsOfOptions {
  maxCommands: number;
  /** What follows these lines, for a reason about an open heredoc: "the end of the transcript". */
  where: string;
  /** Commands already taken from earlier parts of the transcript (for the bound). */
  sofar: number;
  at?: number;
}

/** The commands of consecutive source lines read as one script. */
export function commandsOf(lines: SourceLine[], opts: CommandsOfOptions): Commands {
  const read = readCommands(
    lines.map((l) => l.text),
    opts.maxCommands - opts.sofar + 1,
  );
  if (!read.ok) {
    const line = lines[read.index].line;
    return failure(describeOpen(read.open, line, opts.where), line);
  }
  const commands: TranscriptCommand[] = [];
  for (const c of read.commands) {
    const line = lines[c.index].line;
    if (opts.sofar + commands.length >= opts.maxCommands) return tooManyCommands(opts.maxCommands, line);
    commands.push({ line, command: c.text, ...(opts.at !== undefined ? { at: opts.at } : {}) });
  }
  return { ok: true, commands };
}
