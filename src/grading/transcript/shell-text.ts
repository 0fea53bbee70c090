/**
 * Where a command ends, decided by the sandboxed shell's own parser (so a transcript is cut
 * exactly where the replay will cut it): heredocs belong to their command, and so do `\`
 * continuations, open quotes and compound commands spanning lines. Here also: whether a
 * command is still open (it needs more lines), and how to say so to a student.
 */
import type { Redirect, Word } from "../../cli/shell/ast.ts";
import { parseScript } from "../../cli/shell/parser.ts";

export type OpenConstruct =
  /** `cat <<EOF` without its `EOF` line. */
  | { kind: "heredoc"; delimiter: string }
  /** A line ending in `\`. */
  | { kind: "continuation" }
  /** An open quote, `$(`, `if`/`for`/`{` without its end, a trailing `|` or `&&`: bash's own words. */
  | { kind: "unclosed"; message: string };

/** Why `text` cannot run yet, or undefined when it is a complete command. */
export function openConstruct(text: string): OpenConstruct | undefined {
  const parsed = parseScript(text);
  if (!parsed.ok) {
    if (/unexpected (end of file|EOF)/.test(parsed.message)) {
      return { kind: "unclosed", message: parsed.message.replace(/^bash: -c: line \d+: /, "") };
    }
    return undefined; // A syntax error: the command is complete, and running it reports the error.
  }
  const delimiters: string[] = [];
  collectHeredocs(parsed.script, delimiters);
  // The lexer takes a missing terminator as the end of input (bash warns and goes on); a
  // transcript must show it, so look for each delimiter line in order after the first line.
  const lines = text.split("\n");
  let from = 1;
  for (const delimiter of delimiters) {
    let found = -1;
    for (let i = from; i < lines.length; i++) {
      const l = lines[i].replace(/\r$/, "");
      if (l === delimiter || l.replace(/^\t+/, "") === delimiter) {
        found = i;
        break;
      }
    }
    if (found < 0) return { kind: "heredoc", delimiter };
    from = found + 1;
  }
  if (/(^|[^\\])(\\\\)*\\$/.test(text)) return { kind: "continuation" };
  return undefined;
}

/** Every heredoc redirect in a parsed script, in source order (a plain walk of the AST data). */
function collectHeredocs(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectHeredocs(n, out);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const r = node as Partial<Redirect>;
  if (r.op === "<<" && r.target && r.heredoc) out.push(delimiterOf(r.target));
  for (const v of Object.values(node)) collectHeredocs(v, out);
}

/** The delimiter as the lexer compares it: quotes removed (`<<'EOF'` ends at `EOF`). */
function delimiterOf(word: Word): string {
  let d = "";
  for (const p of word.parts) {
    if (p.k === "lit" || p.k === "q") d += p.v;
    else if (p.k === "dq") for (const q of p.parts) d += q.k === "lit" || q.k === "q" ? q.v : "";
    else if (p.k === "param") d += `$${p.name}`;
  }
  return d;
}

/**
 * What is open, for a reason; `where` is what came instead of the missing line: "the end of
 * the transcript", "the next prompt (line 9)".
 */
export function describeOpen(open: OpenConstruct, line: number, where: string): string {
  switch (open.kind) {
    case "heredoc":
      return `the heredoc started on line ${line} is not terminated: no line "${open.delimiter}" comes before ${where}`;
    case "continuation":
      return `the command on line ${line} ends with a \\ continuation, but ${where} comes next`;
    case "unclosed":
      return `the command on line ${line} is still open at ${where} (${open.message})`;
  }
}

/** A command read from lines: its text, the index of its first line and of the line after it. */
export type Continued =
  | { kind: "complete"; text: string; next: number }
  /** A line ending in `^C` (terminal copies): bash drops the command. */
  | { kind: "abandoned"; next: number }
  /** No line could continue it (`next`: where it stopped: the end, or a prompt). */
  | { kind: "open"; open: OpenConstruct; next: number };

/**
 * Upper bound on the text parsed again while one command stays open (a heredoc re-parses only
 * at its delimiter, a quote only at a line holding the quote), so a hostile submission of one
 * endless open quote costs a bounded time.
 */
const REPARSE_BUDGET = 4 * 1024 * 1024;

/**
 * The command starting with `text`, taking the lines `lineAt(next)`, `lineAt(next + 1)`, ...
 * while it is open; `lineAt` answers undefined where nothing can continue it.
 *
 * Why not `splitTopLevel` on the whole text: it re-counts lines from the start for every
 * command, which is quadratic in a 256 KiB submission; reading command by command with the
 * same parser is linear in practice and gives the same cuts.
 */
export function continueCommand(
  text: string,
  next: number,
  lineAt: (k: number) => string | undefined,
  opts: { abandonable: boolean },
): Continued {
  let open = openConstruct(text);
  let spent = text.length;
  while (open) {
    const line = lineAt(next);
    if (line === undefined) return { kind: "open", open, next };
    next++;
    if (opts.abandonable && /\^C\s*$/.test(line)) return { kind: "abandoned", next };
    const before = text;
    text = `${text}\n${line}`;
    if (!mightClose(open, line, before)) continue;
    spent += text.length;
    if (spent > REPARSE_BUDGET) return { kind: "open", open, next };
    open = openConstruct(text);
  }
  return { kind: "complete", text, next };
}

const CLOSERS: Record<string, string> = { "'": "'", '"': '"', "`": "`", "(": ")", "{": "}", "[": "]" };

/** Whether adding `line` can end the open construct (else parsing again would say the same). */
function mightClose(open: OpenConstruct, line: string, before: string): boolean {
  switch (open.kind) {
    case "heredoc":
      return line.replace(/^\t+/, "").replace(/\r$/, "") === open.delimiter;
    case "continuation":
      return true;
    case "unclosed": {
      const m = /matching `(.)'/.exec(open.message);
      if (m) return line.includes(CLOSERS[m[1]] ?? m[1]);
      return /\b(done|fi|esac)\b|[})]/.test(line) || /(\||&&|\bdo|\bthen|\belse|\bin)\s*$/.test(before);
    }
  }
}

export type ReadCommands =
  | { ok: true; commands: { text: string; index: number }[] }
  | { ok: false; open: OpenConstruct; index: number; stop: number };

/**
 * Lines read as a script: blank and comment-only lines between commands skipped, each command
 * with the index of its first line; reading stops after `limit` commands. Several commands on one line (`cd x; ls`) stay one, as a
 * terminal runs them.
 */
export function readCommands(texts: string[], limit = Number.POSITIVE_INFINITY): ReadCommands {
  const commands: { text: string; index: number }[] = [];
  let k = 0;
  while (k < texts.length && commands.length < limit) {
    const t = texts[k];
    if (t.trim() === "" || /^\s*#/.test(t)) {
      k++;
      continue;
    }
    const r = continueCommand(t.replace(/^\s+/, ""), k + 1, (m) => texts[m], { abandonable: false });
    if (r.kind === "open") return { ok: false, open: r.open, index: k, stop: r.next };
    if (r.kind === "complete") commands.push({ text: r.text, index: k });
    k = r.next;
  }
  return { ok: true, commands };
}
