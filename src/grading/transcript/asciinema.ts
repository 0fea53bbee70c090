/**
 * An asciinema recording (`.cast`): a JSON header line, then one event per line,
 * `[time, code, data]`: "o" output, "i" input (recorded with `--stdin`), "r" resize, "m" marker.
 *
 *   {"version": 2, "width": 100, "height": 30, "timestamp": 1700000000}
 *   [0.52, "o", "\u001b]0;root@k8s-m: ~\u0007root@k8s-m:~# "]
 *   [1.10, "o", "k"]
 *   ...
 *
 * The output is played through a small terminal (screen.ts) and the text it leaves is read as
 * a terminal copy; each command's `at` is the time of the event that drew its prompt. When the
 * recording has input events, the keys typed between one prompt and the next are the command
 * (the echo can be mangled by completion or redrawing), unless they used keys whose effect the
 * shell decides (Tab, history): then the echo stands. Version 3 files (asciinema 3: `term`
 * in the header, times as intervals since the previous event) are read the same way.
 */

import type { TranscriptCommand } from "../types.ts";
import { tooManyCommands } from "./bounds.ts";
import { END } from "./command-list.ts";
import { type BarePrompt, isFullPrompt } from "./prompts.ts";
import { Screen } from "./screen.ts";
import { describeOpen, openConstruct, readCommands } from "./shell-text.ts";
import { type Commands, failure, type SourceLine } from "./source.ts";
import { parseTerminal } from "./terminal.ts";
import { LineEditor, type TypedLine } from "./typed-lines.ts";

const MAX_WIDTH = 1000;

interface Header {
  version: 2 | 3;
  width: number;
  height: number;
}

export function parseAsciinema(lines: SourceLine[], maxCommands: number): Commands {
  const events = lines.filter((l) => l.text.trim() !== "");
  const header = parseHeader(events[0]);
  if (!header.ok) return header;
  const { version, width, height } = header.header;
  const screen = new Screen(Math.min(width, MAX_WIDTH), height);
  const editor = new LineEditor();
  let typed = false;
  let time = 0;
  let previous = events[0];
  for (const e of events.slice(1)) {
    const ev = parseEvent(e);
    if (!ev.ok) return ev;
    const [t, code, data] = ev.event;
    if (version === 2 && t < time) {
      return failure(
        `the asciinema recording's time goes backwards on line ${e.line}: ${t} comes after ${time} (line ${previous.line}); event times must never decrease`,
        e.line,
      );
    }
    time = version === 2 ? t : time + t;
    previous = e;
    if (code === "o") screen.write(data, { line: e.line, at: time });
    else if (code === "i") {
      typed = true;
      editor.type(data, time, e.line);
    } else if (code === "r") {
      const m = /^(\d+)x(\d+)$/.exec(data);
      if (m) screen.resize(Math.min(Number(m[1]), MAX_WIDTH));
    }
  }
  const text = screen.lines();
  const session = parseTerminal(text, barePrompt(text), maxCommands);
  if (!session.ok) {
    // No prompt we know (a custom PS1): the keys typed are still the commands.
    if (typed && !text.some((l) => isFullPrompt(l.text)) && session.line === undefined) {
      return typedCommands(editor.lines, maxCommands);
    }
    if (session.line === undefined) {
      return failure(
        "no shell prompt was found in the recording's output (such as `user@host:~$ ` or `$ `) and it has no input events (asciinema rec --stdin) to take the commands from",
      );
    }
    return session;
  }
  if (!typed) return { ok: true, commands: session.commands };
  const commands = session.commands.map((c, i) => {
    const p = session.promptOf[i];
    const from = session.prompts[p].at ?? 0;
    const to = session.prompts[p + 1]?.at ?? Number.POSITIVE_INFINITY;
    // An Enter pressed at the very moment a prompt appears belongs to the command before it.
    const keyed = editor.lines.filter((l) => l.at > from && l.at <= to);
    while (keyed.length && keyed[keyed.length - 1].text.trim() === "") keyed.pop();
    if (keyed.length === 0 || keyed.some((l) => !l.reliable)) return c;
    const command = keyed.map((l) => l.text).join("\n");
    return openConstruct(command) ? c : { ...c, command };
  });
  return { ok: true, commands };
}

function parseHeader(first: SourceLine | undefined): { ok: true; header: Header } | ReturnType<typeof failure> {
  const line = first?.line ?? 1;
  const bad = (why: string) => failure(`bad asciinema header on line ${line}: ${why}`, line);
  let h: unknown;
  try {
    h = JSON.parse(first?.text ?? "");
  } catch {
    return bad("it is not a JSON object");
  }
  if (h === null || typeof h !== "object" || Array.isArray(h)) return bad("it is not a JSON object");
  const o = h as Record<string, unknown>;
  if (o.version !== 2 && o.version !== 3) {
    return bad(
      `"version" is ${JSON.stringify(o.version) ?? "missing"}; only asciinema v2 (and v3) recordings are read`,
    );
  }
  const term = (o.version === 3 ? o.term : o) as Record<string, unknown> | undefined;
  const width = o.version === 3 ? term?.cols : o.width;
  const height = o.version === 3 ? term?.rows : o.height;
  const dims = o.version === 3 ? `"term": {"cols", "rows"}` : `"width" and "height"`;
  if (!isSize(width) || !isSize(height)) return bad(`${dims} must be positive whole numbers`);
  return { ok: true, header: { version: o.version, width, height } };
}

const isSize = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0;

type Event = [number, string, string];

function parseEvent(l: SourceLine): { ok: true; event: Event } | ReturnType<typeof failure> {
  const bad = failure(
    `line ${l.line} is not an asciinema event: expected [time, code, "data"], e.g. [1.5, "o", "ls\\r\\n"]`,
    l.line,
  );
  let e: unknown;
  try {
    e = JSON.parse(l.text);
  } catch {
    return bad;
  }
  if (!Array.isArray(e) || e.length < 3 || typeof e[1] !== "string" || typeof e[2] !== "string") return bad;
  if (typeof e[0] !== "number" || !Number.isFinite(e[0]) || e[0] < 0) {
    return failure(
      `line ${l.line} has an event time that is not a number of seconds (0 or more): ${JSON.stringify(e[0])}`,
      l.line,
    );
  }
  return { ok: true, event: [e[0], e[1], e[2]] };
}

/** The prompt of a recording without a user@host prompt: a bare `$ ` if any line has one, else `# `. */
function barePrompt(lines: SourceLine[]): BarePrompt | undefined {
  if (lines.some((l) => isFullPrompt(l.text))) return undefined;
  if (lines.some((l) => l.text === "$" || l.text.startsWith("$ "))) return "$";
  if (lines.some((l) => l.text === "#" || l.text.startsWith("# "))) return "#";
  return undefined;
}

/** Commands from the keys alone (no prompt recognised in the output): each at its Enter. */
function typedCommands(typed: TypedLine[], maxCommands: number): Commands {
  const lines = typed.filter((l) => l.reliable);
  const read = readCommands(lines.map((l) => l.text));
  if (!read.ok) {
    const line = lines[read.index].line;
    return failure(describeOpen(read.open, line, END), line);
  }
  const commands: TranscriptCommand[] = [];
  for (const c of read.commands) {
    const { line, at } = lines[c.index];
    if (commands.length >= maxCommands) return tooManyCommands(maxCommands, line);
    commands.push({ line, command: c.text, at });
  }
  return { ok: true, commands };
}
