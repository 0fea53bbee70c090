/** `grep` (and egrep/fgrep): GNU options and output, exit 1 on no match and 2 on error. */
import type { Command, CommandContext } from "../../types.ts";
import { compileRegex } from "../regex.ts";
import { lines, parseArgs, readOperand } from "./util.ts";

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...";

function grepRun(ctx: CommandContext, mode: "G" | "E" | "F"): { stdout: string; stderr: string; exitCode: number } {
  const o = parseArgs(
    "grep",
    ctx.argv.slice(1),
    {
      bool: "ivcnEFGowxqsrRlLhHIaz",
      value: "ABCemf",
      numberAs: "C",
      long: {
        "ignore-case": "i",
        "invert-match": "v",
        count: "c",
        "line-number": "n",
        "extended-regexp": "E",
        "fixed-strings": "F",
        "basic-regexp": "G",
        "only-matching": "o",
        "word-regexp": "w",
        "line-regexp": "x",
        quiet: "q",
        silent: "q",
        "no-messages": "s",
        recursive: "r",
        "dereference-recursive": "R",
        "files-with-matches": "l",
        "files-without-match": "L",
        "no-filename": "h",
        "with-filename": "H",
        "after-context=": "A",
        "before-context=": "B",
        "context=": "C",
        "regexp=": "e",
        "max-count=": "m",
        "file=": "f",
        color: "color",
        "color=": "color",
        colour: "color",
        "colour=": "color",
        "include=": "include",
        "exclude=": "exclude",
      },
    },
    USAGE,
  );
  if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 2 };
  const operands = [...o.operands];
  let patterns: string[];
  if (o.has("e") || o.has("f")) {
    patterns = [...o.all("e")];
    for (const f of o.all("f")) {
      const r = readOperand(ctx, f);
      if (!r.ok) return { stdout: "", stderr: `grep: ${r.error}\n`, exitCode: 2 };
      patterns.push(...lines(r.text));
    }
  } else {
    const p = operands.shift();
    if (p === undefined)
      return { stdout: "", stderr: `${USAGE}\nTry 'grep --help' for more information.\n`, exitCode: 2 };
    patterns = [p];
  }
  patterns = patterns.flatMap((p) => p.split("\n"));
  if (o.has("E")) mode = "E";
  if (o.has("F")) mode = "F";
  if (o.has("G")) mode = "G";
  const regexes: RegExp[] = [];
  for (const p of patterns) {
    const r = compileRegex(p, {
      extended: mode === "E",
      fixed: mode === "F",
      ignoreCase: o.has("i"),
      word: o.has("w"),
      line: o.has("x"),
      global: true,
    });
    if (!r.ok) return { stdout: "", stderr: `grep: ${r.error}\n`, exitCode: 2 };
    regexes.push(r.re);
  }
  const recursive = o.has("r") || o.has("R");
  if (operands.length === 0) operands.push(recursive ? "." : "-");
  let err = "";
  const inputs: { name: string; text: string }[] = [];
  for (const op of operands) {
    if (op === "-") {
      inputs.push({ name: "(standard input)", text: ctx.stdin });
      continue;
    }
    const path = ctx.fs.resolve(ctx.cwd, op);
    if (ctx.fs.isDir(path)) {
      if (!recursive) {
        if (!o.has("s")) err += `grep: ${op}: Is a directory\n`;
        continue;
      }
      walk(ctx, path, op === "." && o.operands.length === 0 ? "" : op, inputs, o.get("include"));
      continue;
    }
    const r = readOperand(ctx, op);
    if (!r.ok) {
      if (!o.has("s")) err += `grep: ${r.error}\n`;
      continue;
    }
    inputs.push({ name: op, text: r.text });
  }
  const withName = o.has("H") || (!o.has("h") && (operands.length > 1 || recursive));
  const invert = o.has("v");
  const after = Number(o.get("A") ?? o.get("C") ?? 0);
  const before = Number(o.get("B") ?? o.get("C") ?? 0);
  const maxCount = o.has("m") ? Number(o.get("m")) : Number.POSITIVE_INFINITY;
  let out = "";
  let anyMatch = false;
  let quietHit = false;
  const matches = (line: string): boolean => {
    for (const re of regexes) {
      re.lastIndex = 0;
      if (re.test(line)) return true;
    }
    return false;
  };
  for (const input of inputs) {
    const ls = lines(input.text);
    const prefix = (n: number, sep: string) =>
      (withName ? `${input.name}${sep}` : "") + (o.has("n") ? `${n + 1}${sep}` : "");
    let count = 0;
    let lastPrinted = -1;
    let afterLeft = 0;
    for (let i = 0; i < ls.length; i++) {
      if (count >= maxCount) {
        // Trailing context after the last counted match is still printed.
        if (afterLeft > 0 && !o.has("c") && !o.has("l") && !o.has("q")) {
          out += `${prefix(i, "-")}${ls[i]}\n`;
          lastPrinted = i;
          afterLeft--;
          continue;
        }
        break;
      }
      const line = ls[i];
      const hit = matches(line) !== invert;
      if (!hit) {
        if (afterLeft > 0 && !o.has("c") && !o.has("l") && !o.has("L") && !o.has("o")) {
          out += `${prefix(i, "-")}${line}\n`;
          lastPrinted = i;
          afterLeft--;
        }
        continue;
      }
      count++;
      anyMatch = true;
      if (o.has("q")) {
        quietHit = true;
        break;
      }
      if (o.has("c") || o.has("l") || o.has("L")) continue;
      if ((before > 0 || after > 0) && lastPrinted >= 0 && i - before > lastPrinted + 1) out += "--\n";
      for (let b = Math.max(lastPrinted + 1, i - before); b < i; b++) out += `${prefix(b, "-")}${ls[b]}\n`;
      if (o.has("o") && !invert) {
        for (const re of regexes) {
          re.lastIndex = 0;
          for (const m of line.matchAll(re)) if (m[0] !== "") out += `${prefix(i, ":")}${m[0]}\n`;
        }
      } else out += `${prefix(i, ":")}${line}\n`;
      lastPrinted = i;
      afterLeft = after;
    }
    if (quietHit) break;
    if (o.has("c")) out += `${withName ? `${input.name}:` : ""}${count}\n`;
    if (o.has("l") && count > 0) out += `${input.name}\n`;
    if (o.has("L") && count === 0) out += `${input.name}\n`;
  }
  if (o.has("q")) return { stdout: "", stderr: quietHit ? "" : err, exitCode: quietHit ? 0 : err ? 2 : 1 };
  const status = err ? 2 : o.has("L") ? (out ? 0 : 1) : anyMatch ? 0 : 1;
  return { stdout: out, stderr: err, exitCode: status };
}

function walk(
  ctx: CommandContext,
  path: string,
  shown: string,
  out: { name: string; text: string }[],
  include?: string,
): void {
  const names = ctx.fs.readdir(path);
  if (!names.ok) return;
  for (const n of names.value) {
    const p = path === "/" ? `/${n}` : `${path}/${n}`;
    const s = shown === "" ? n : shown.endsWith("/") ? shown + n : `${shown}/${n}`;
    if (ctx.fs.isDir(p)) walk(ctx, p, s, out, include);
    else {
      if (
        include &&
        !new RegExp(
          `^${include
            .replace(/[.+^${}()|\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        ).test(n)
      )
        continue;
      const r = ctx.fs.readFile(p);
      if (r.ok) out.push({ name: s, text: r.value });
    }
    if (out.length > 10_000) return;
  }
}

export const grep: Command = {
  name: "grep",
  summary: "print lines that match patterns",
  run: (ctx) => grepRun(ctx, "G"),
};
export const egrep: Command = { name: "egrep", summary: "grep -E", run: (ctx) => grepRun(ctx, "E") };
export const fgrep: Command = { name: "fgrep", summary: "grep -F", run: (ctx) => grepRun(ctx, "F") };
