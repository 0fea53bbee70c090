/**
 * Which kind of transcript a submission is, from its content alone. The rules are tried in
 * this order and the first that holds decides (so the same text always reads the same way):
 *
 * 1. asciinema: the first non-blank line opens a JSON object (`{"version": 2, ...}`). A bad
 *    header is then reported as such, not read as commands.
 * 2. terminal: a line starts with a prompt naming a user and host or a drive
 *    (`root@k8s-m:~# `, `[root@k8s-m ~]# `, `alice@mac ~ % `, `mac:~ alice$ `, `PS C:\k8s> `,
 *    `C:\kubernetes\chapter8>`). No command list has such a line.
 * 3. bash-history: a line is `#<epoch>` (9 to 11 digits, `HISTTIMEFORMAT`), or the first
 *    non-blank line is a numbered `history` line (`  12  kubectl get pods`).
 * 4. terminal with a bare `$ ` prompt: the first non-blank line starts with `$ ` (or is `$`),
 *    or two lines do. (A command list cannot start a command with `$`.)
 * 5. terminal with a bare `# ` root prompt: the first non-blank line, or two lines, are `# `
 *    followed by a command (`# kubectl get pods`), and read as a script, one of the first 50
 *    commands reads as output (`NAME   READY   STATUS`, `pod/web created`). Otherwise the
 *    `# ` lines are comments of a command list.
 * 6. Otherwise: a plain command list.
 */
import type { TranscriptStyle } from "../types.ts";
import { EPOCH_LINE, NUMBERED_LINE } from "./bash-history.ts";
import { looksLikeCommand, looksLikeShell } from "./command-words.ts";
import { type BarePrompt, isFullPrompt } from "./prompts.ts";
import { readCommands } from "./shell-text.ts";
import type { SourceLine } from "./source.ts";

export type Detected =
  | { style: Exclude<TranscriptStyle, "terminal" | "bash-history"> }
  | { style: "terminal"; bare?: BarePrompt }
  | { style: "bash-history"; numbered: boolean };

const DETECTION_COMMANDS = 50;

export function detectStyle(lines: SourceLine[]): Detected {
  const firstText = lines.find((l) => l.text.trim() !== "")?.text ?? "";
  if (/^\s*\{\s*"/.test(firstText)) return { style: "asciinema" };
  if (lines.some((l) => isFullPrompt(l.text))) return { style: "terminal" };
  if (lines.some((l) => EPOCH_LINE.test(l.text))) return { style: "bash-history", numbered: false };
  if (NUMBERED_LINE.test(firstText)) return { style: "bash-history", numbered: true };
  const dollar = (t: string) => t === "$" || t.startsWith("$ ");
  if (dollar(firstText) || lines.filter((l) => dollar(l.text)).length >= 2) return { style: "terminal", bare: "$" };
  const rootPrompt = (t: string) => t.startsWith("# ") && looksLikeCommand(t.slice(2));
  if (rootPrompt(firstText) || lines.filter((l) => rootPrompt(l.text)).length >= 2) {
    const read = readCommands(
      lines.map((l) => l.text),
      DETECTION_COMMANDS,
    );
    const readsAsOutput = !read.ok || read.commands.some((c) => !looksLikeShell(c.text.split("\n")[0]));
    if (readsAsOutput) return { style: "terminal", bare: "#" };
  }
  return { style: "commands" };
}
