/** `cat` and `tee`. */
import type { Command } from "../../types.ts";
import { parseArgs, readOperand } from "./util.ts";

export const cat: Command = {
  name: "cat",
  summary: "concatenate files and print on the standard output",
  run(ctx) {
    const o = parseArgs("cat", ctx.argv.slice(1), {
      bool: "nbsEAvTeu",
      long: { number: "n", "number-nonblank": "b", "squeeze-blank": "s", "show-ends": "E", "show-all": "A" },
    });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
    const files = o.operands.length ? o.operands : ["-"];
    let out = "";
    let err = "";
    for (const f of files) {
      const r = readOperand(ctx, f);
      if (!r.ok) {
        err += `cat: ${r.error}\n`;
        continue;
      }
      out += r.text;
    }
    if (o.has("n") || o.has("b") || o.has("s") || o.has("E") || o.has("A") || o.has("e")) out = decorate(out, o);
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  },
};

function decorate(text: string, o: { has(k: string): boolean }): string {
  const ends = o.has("E") || o.has("A") || o.has("e");
  const trailing = text.endsWith("\n");
  const ls = (trailing ? text.slice(0, -1) : text).split("\n");
  let n = 0;
  let out = "";
  let prevBlank = false;
  for (let i = 0; i < ls.length; i++) {
    let l = ls[i];
    const blank = l === "";
    if (o.has("s") && blank && prevBlank) continue;
    prevBlank = blank;
    if (o.has("A")) l = l.replace(/\t/g, "^I");
    let prefix = "";
    if (o.has("b") ? !blank : o.has("n")) prefix = `${String(++n).padStart(6)}\t`;
    const last = i === ls.length - 1;
    out += prefix + l + (ends && (!last || trailing) ? "$" : "") + (!last || trailing ? "\n" : "");
  }
  return out;
}

export const tee: Command = {
  name: "tee",
  summary: "read from standard input and write to standard output and files",
  run(ctx) {
    const o = parseArgs("tee", ctx.argv.slice(1), { bool: "ai", long: { append: "a", "ignore-interrupts": "i" } });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
    const input = ctx.stdin;
    let err = "";
    for (const f of o.operands) {
      if (f === "/dev/null") continue;
      const path = ctx.fs.resolve(ctx.cwd, f);
      const r = o.has("a") ? ctx.fs.appendFile(path, input) : ctx.fs.writeFile(path, input);
      if (!r.ok) err += `tee: ${f}: ${r.message}\n`;
    }
    return { stdout: input, stderr: err, exitCode: err ? 1 : 0 };
  },
};
