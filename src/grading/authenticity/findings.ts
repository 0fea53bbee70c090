/**
 * The authenticity check of a whole transcript: each command that carried an output in the
 * transcript, against what the replay printed for it. Commands whose output depends on the
 * moment or the machine rather than on the commands are not compared.
 */
import type { AuthenticityFinding, TranscriptCommand } from "../types.ts";
import { compareOutput } from "./compare.ts";

/** Programs whose output is the clock, the machine or a screen, not the result of the commands. */
const NOT_COMPARED = new Set([
  "date",
  "uptime",
  "ps",
  "top",
  "htop",
  "free",
  "df",
  "du",
  "history",
  "clear",
  "watch",
  "vi",
  "vim",
  "nano",
  "less",
  "more",
  "man",
  "ip",
  "ifconfig",
  "env",
  "printenv",
  "ssh",
  "exit",
  "logout",
]);

/** kubectl verbs that watch, stream or open an editor, or print the machine's versions and addresses. */
const KUBECTL_NOT_COMPARED = /^(top|edit|attach|port-forward|proxy|version|cluster-info)$/;

/** The program a command line runs (past assignments and sudo), and the words after it. */
function programOf(command: string): { program: string; rest: string[] } {
  const words = command.split("\n")[0].trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_]\w*=/.test(words[i])) i++;
  if (words[i] === "sudo") i++;
  return { program: words[i] ?? "", rest: words.slice(i + 1) };
}

export function isCompared(command: string): boolean {
  const { program, rest } = programOf(command);
  if (NOT_COMPARED.has(program)) return false;
  if (program !== "kubectl" && program !== "k") return true;
  const verb = rest.find((w) => !w.startsWith("-"));
  if (verb && KUBECTL_NOT_COMPARED.test(verb)) return false;
  if (rest.some((w) => w === "-w" || w === "--watch" || w.startsWith("--watch="))) return false;
  if (verb === "logs" && rest.some((w) => w === "-f" || w === "--follow")) return false;
  if (verb === "exec" && rest.some((w) => /^-[a-z]*t/.test(w))) return false;
  if (verb === "get" && rest.some((w) => /^(events?|ev)$/.test(w))) return false; // order and count follow timing
  return true;
}

export function findAuthenticityIssues(
  commands: TranscriptCommand[],
  replayed: { stdout: string; stderr: string }[],
  minor: number,
): AuthenticityFinding[] {
  const findings: AuthenticityFinding[] = [];
  commands.forEach((c, i) => {
    const r = replayed[i];
    if (c.output === undefined || r === undefined || !isCompared(c.command)) return;
    const printed = r.stdout && r.stderr ? `${r.stdout.replace(/\n?$/, "\n")}${r.stderr}` : r.stdout || r.stderr;
    if (notRunHere(c.command, printed)) return;
    const result = compareOutput(c.command, c.output, printed, minor);
    if (!result.same) findings.push({ line: c.line, command: c.command, message: result.message });
  });
  return findings;
}

/**
 * Whether the replay could not run the command at all (`not simulated by labgrader`, or no such
 * program in the simulation): there is nothing to compare the output shown with. The student's
 * machine may have the program (or an alias of that name), or say it has not in its own words
 * (Ubuntu's command-not-found handler).
 */
function notRunHere(command: string, printed: string): boolean {
  if (/ is not simulated by labgrader$/m.test(printed)) return true;
  const { program } = programOf(command);
  return program !== "" && printed.includes(`${program}: command not found`);
}
