/**
 * A copy of a terminal: prompts, the commands typed after them, and what they printed.
 *
 *   Welcome to Ubuntu 22.04.3 LTS            <- before the first prompt: ignored if it reads as output
 *   root@k8s-m:~# cat <<EOF | kubectl apply -f -
 *   > apiVersion: v1                         <- `> ` continuation prompts: heredoc body, `\` lines
 *   > ...
 *   > EOF
 *   pod/web created                          <- output, up to the next prompt
 *   root@k8s-m:~# ssh k8s-w1                 <- the prompt's host: the replay's current host
 *
 * A command still open (heredoc, `\`, quote) takes the next lines, with or without `> `, up to
 * the next prompt; a line ending in `^C` abandons it, as bash does. Windows prompts take the
 * line as typed; PowerShell's continuation lines (`>> `) join it, its trailing backtick
 * becoming the `\` the replay's shell understands.
 */
import type { TranscriptCommand } from "../types.ts";
import { tooManyCommands } from "./bounds.ts";
import { END } from "./command-list.ts";
import { looksLikeCommand } from "./command-words.ts";
import { type BarePrompt, matchPrompt, type PromptMatch, stripContinuationPrompt } from "./prompts.ts";
import { continueCommand, describeOpen } from "./shell-text.ts";
import { type Failure, failure, type SourceLine } from "./source.ts";

export interface TerminalSession {
  ok: true;
  commands: TranscriptCommand[];
  /** Every top-level prompt, in order (empty ones too): the line it is on. */
  prompts: SourceLine[];
  /** `commands[i]` was typed at `prompts[promptOf[i]]`. */
  promptOf: number[];
}

const ABANDONED = /\^C\s*$/;

export function parseTerminal(
  lines: SourceLine[],
  bare: BarePrompt | undefined,
  maxCommands: number,
): TerminalSession | Failure {
  const found = lines.map((l) => matchPrompt(l.text, bare));
  const first = found.findIndex((p) => p !== undefined);
  if (first < 0)
    return failure("no shell prompt was found (such as `user@host:~$ ` or `$ `) to tell commands from output");
  for (let i = 0; i < first; i++) {
    if (looksLikeCommand(lines[i].text)) {
      return failure(
        `line ${lines[i].line} reads as a command ("${lines[i].text.trim()}") but comes before the first prompt (line ${lines[first].line}); copy the terminal from a prompt on, or submit only the commands`,
        lines[i].line,
      );
    }
  }
  const session: TerminalSession = { ok: true, commands: [], prompts: [], promptOf: [] };
  let i = first;
  while (i < lines.length) {
    const prompt = found[i] as PromptMatch;
    const start = lines[i];
    session.prompts.push(start);
    const typed = readCommand(lines, found, i, prompt);
    if (!typed.ok) return typed;
    let end = typed.next;
    while (end < lines.length && found[end] === undefined) end++;
    const output = lines.slice(typed.next, end).map((l) => l.text);
    while (output.length && output[output.length - 1].trim() === "") output.pop();
    i = end;
    if (typed.skip) continue;
    if (session.commands.length >= maxCommands) return tooManyCommands(maxCommands, start.line);
    session.promptOf.push(session.prompts.length - 1);
    session.commands.push({
      line: start.line,
      command: typed.text,
      ...(prompt.host !== undefined ? { host: prompt.host } : {}),
      ...(prompt.user !== undefined ? { user: prompt.user } : {}),
      ...(prompt.cwd !== undefined ? { cwd: prompt.cwd } : {}),
      ...(start.at !== undefined ? { at: start.at } : {}),
      output: output.join("\n"),
    });
  }
  return session;
}

/** `skip`: nothing to run (an empty or comment-only prompt, or a line abandoned with ^C). */
type Typed = { ok: true; text: string; next: number; skip: boolean } | Failure;

/** The command typed at the prompt on `lines[i]` with its continuation lines; `next` is the first line after them. */
function readCommand(lines: SourceLine[], found: (PromptMatch | undefined)[], i: number, prompt: PromptMatch): Typed {
  const line = lines[i].line;
  let text = prompt.family === "windows" ? prompt.command.trim() : prompt.command.replace(/^\s+/, "");
  let j = i + 1;
  if (ABANDONED.test(text) || text.trim() === "" || /^\s*#/.test(text)) return { ok: true, text, next: j, skip: true };
  if (prompt.family === "windows") {
    for (; j < lines.length && found[j] === undefined; j++) {
      const more = stripContinuationPrompt(lines[j].text, "windows");
      if (more === undefined) break;
      // PowerShell continues a line ending in a backtick; the replay's shell continues with `\`.
      text = `${text.replace(/`$/, "\\")}\n${more}`;
    }
    return { ok: true, text, next: j, skip: false };
  }
  const r = continueCommand(
    text,
    j,
    (k) =>
      k < lines.length && found[k] === undefined
        ? (stripContinuationPrompt(lines[k].text, "posix") ?? lines[k].text)
        : undefined,
    { abandonable: true },
  );
  if (r.kind === "complete") return { ok: true, text: r.text, next: r.next, skip: false };
  if (r.kind === "abandoned") return { ok: true, text, next: r.next, skip: true };
  const where = r.next < lines.length ? `the next prompt (line ${lines[r.next].line})` : END;
  return failure(describeOpen(r.open, line, where), line);
}
