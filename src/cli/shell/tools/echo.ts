/** `echo` and `printf`, with bash's builtin behaviour (echo interprets escapes only with -e). */
import type { Command } from "../../types.ts";
import { shellPrintf, unescapeC } from "./format.ts";

export const echo: Command = {
  name: "echo",
  summary: "display a line of text",
  run(ctx) {
    const args = ctx.argv;
    let newline = true;
    let escapes = false;
    let i = 1;
    for (; i < args.length; i++) {
      const a = args[i];
      if (!/^-[neE]+$/.test(a)) break;
      for (const c of a.slice(1)) {
        if (c === "n") newline = false;
        else if (c === "e") escapes = true;
        else escapes = false;
      }
    }
    let text = args.length - i === 1 ? args[i] : args.slice(i).join(" ");
    if (escapes) {
      const u = unescapeC(text, true);
      text = u.text;
      if (u.stop) return { stdout: text, stderr: "", exitCode: 0 };
    }
    return { stdout: newline ? `${text}\n` : text, stderr: "", exitCode: 0 };
  },
};

const USAGE = "printf: usage: printf [-v var] format [arguments]\n";

export const printf: Command = {
  name: "printf",
  summary: "format and print data",
  run(ctx) {
    let args = ctx.argv.slice(1);
    const prologue = ctx.shellPrologue?.() ?? "bash: ";
    // `-v var`: the output goes to the shell variable instead (printf is bash's builtin).
    let target: string | undefined;
    if (args[0] === "-v") {
      target = args[1];
      args = args.slice(2);
      if (target === undefined) {
        return { stdout: "", stderr: `${prologue}printf: -v: option requires an argument\n${USAGE}`, exitCode: 2 };
      }
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) {
        return { stdout: "", stderr: `${prologue}printf: \`${target}': not a valid identifier\n`, exitCode: 2 };
      }
    }
    if (args[0] === "--") args = args.slice(1);
    if (args.length === 0) return { stdout: "", stderr: USAGE, exitCode: 2 };
    const { out, errors } = shellPrintf(args[0], args.slice(1));
    if (target !== undefined) ctx.env.set(target, out);
    return {
      stdout: target === undefined ? out : "",
      stderr: errors.map((e) => `${prologue}${e}\n`).join(""),
      exitCode: errors.length ? 1 : 0,
    };
  },
};
