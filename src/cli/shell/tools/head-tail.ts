/** `head` and `tail` (-n, -c, `-n +K`; `tail -f` does not follow, the file is complete). */
import type { Command, CommandContext, ExecResult } from "../../types.ts";
import { localeQuote, parseArgs, parseCount, readOperand } from "./util.ts";

function headTail(tool: "head" | "tail", ctx: CommandContext): ExecResult {
  const o = parseArgs(tool, ctx.argv.slice(1), {
    bool: "qvfFz",
    value: "nc",
    numberAs: "n",
    long: {
      "lines=": "n",
      "bytes=": "c",
      quiet: "q",
      silent: "q",
      verbose: "v",
      follow: "f",
      "follow=": "f",
      retry: "F",
    },
  });
  if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
  const bytes = o.has("c");
  const raw = (bytes ? o.get("c") : o.get("n")) ?? "10";
  const plus = raw.startsWith("+");
  const minus = raw.startsWith("-");
  const n = parseCount(raw.replace(/^[+-]/, ""));
  if (n === undefined) {
    const what = bytes ? "bytes" : "lines";
    return { stdout: "", stderr: `${tool}: invalid number of ${what}: ${localeQuote(ctx.env, raw)}\n`, exitCode: 1 };
  }
  const files = o.operands.length ? o.operands : ["-"];
  const headers = o.has("v") || (files.length > 1 && !o.has("q"));
  let out = "";
  let err = "";
  let first = true;
  for (const f of files) {
    const r = readOperand(ctx, f);
    if (!r.ok) {
      err += `${tool}: cannot open '${f}' for reading: ${r.error.slice(f.length + 2)}\n`;
      continue;
    }
    if (ctx.fs.isDir(ctx.fs.resolve(ctx.cwd, f)) && f !== "-") {
      err += `${tool}: error reading '${f}': Is a directory\n`;
      continue;
    }
    if (headers) out += `${first ? "" : "\n"}==> ${f === "-" ? "standard input" : f} <==\n`;
    first = false;
    out += tool === "head" ? head(r.text, n, bytes, minus) : tail(r.text, n, bytes, plus);
  }
  return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
}

/** Offsets just past each newline: line k (0-based) ends at ends[k]. */
function lineEnds(text: string): number[] {
  const ends: number[] = [];
  let i = text.indexOf("\n");
  while (i >= 0) {
    ends.push(i + 1);
    i = text.indexOf("\n", i + 1);
  }
  if (text.length && !text.endsWith("\n")) ends.push(text.length);
  return ends;
}

function head(text: string, n: number, bytes: boolean, allBut: boolean): string {
  if (bytes) return allBut ? text.slice(0, Math.max(0, text.length - n)) : text.slice(0, n);
  const ends = lineEnds(text);
  const keep = allBut ? Math.max(0, ends.length - n) : Math.min(n, ends.length);
  return keep === 0 ? "" : text.slice(0, ends[keep - 1]);
}

function tail(text: string, n: number, bytes: boolean, fromStart: boolean): string {
  if (bytes) return fromStart ? text.slice(Math.max(0, n - 1)) : n === 0 ? "" : text.slice(-n);
  const ends = lineEnds(text);
  if (fromStart) {
    const skip = Math.max(0, n - 1);
    return skip === 0 ? text : skip >= ends.length ? "" : text.slice(ends[skip - 1]);
  }
  if (n === 0) return "";
  if (n >= ends.length) return text;
  return text.slice(ends[ends.length - n - 1]);
}

export const headCmd: Command = {
  name: "head",
  summary: "output the first part of files",
  run: (ctx) => headTail("head", ctx),
};
export const tailCmd: Command = {
  name: "tail",
  summary: "output the last part of files",
  run: (ctx) => headTail("tail", ctx),
};
