/** The `awk` command: options (-F, -v, -f), operands (files and `var=value`), errors. */
import type { Command, CommandContext, ExecResult } from "../../../types.ts";
import { unescapeC } from "../format.ts";
import { readOperand } from "../util.ts";
import { AwkSyntaxError, parseAwk } from "./parse.ts";
import { AwkMachine, AwkRuntimeError } from "./run.ts";

const USAGE =
  "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] 'program' file ...\n";

function awkRun(ctx: CommandContext): ExecResult {
  const args = ctx.argv.slice(1);
  let fs: string | undefined;
  const assigns: string[] = [];
  let progText: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-F" || a === "--field-separator") fs = args[++i];
    else if (a.startsWith("-F")) fs = a.slice(2);
    else if (a === "-v" || a === "--assign") assigns.push(args[++i] ?? "");
    else if (a.startsWith("-v")) assigns.push(a.slice(2));
    else if (a === "-f" || a === "--file") {
      const r = readOperand(ctx, args[++i] ?? "");
      if (!r.ok)
        return {
          stdout: "",
          stderr: `awk: fatal: can't open source file \`${args[i]}' for reading: ${r.error.slice(r.error.indexOf(": ") + 2)}\n`,
          exitCode: 2,
        };
      progText = (progText ?? "") + r.text + "\n";
    } else if (a.startsWith("-") && a.length > 1) {
      return { stdout: "", stderr: `awk: not an option: ${a}\n${USAGE}`, exitCode: 2 };
    } else break;
  }
  if (progText === undefined) {
    if (i >= args.length) return { stdout: "", stderr: USAGE, exitCode: 2 };
    progText = args[i++];
  }
  const operands = args.slice(i);
  let prog: ReturnType<typeof parseAwk>;
  try {
    prog = parseAwk(progText);
  } catch (e) {
    if (e instanceof AwkSyntaxError) return { stdout: "", stderr: `awk: line 1: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
  const m = new AwkMachine(prog, ctx);
  if (fs !== undefined) m.setVar("FS", fs === "t" ? "\t" : unescapeC(fs).text);
  for (const a of assigns) {
    const eq = a.indexOf("=");
    if (eq <= 0) return { stdout: "", stderr: `awk: invalid -v argument: ${a}\n`, exitCode: 2 };
    m.setVar(a.slice(0, eq), unescapeC(a.slice(eq + 1)).text);
  }
  let err = "";
  const inputs = () => {
    const list: { name: string; text: string }[] = [];
    const files = operands.filter((o) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(o));
    for (const o of operands) {
      const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(o);
      if (eq) {
        m.setVar(eq[1], unescapeC(eq[2]).text);
        continue;
      }
      const r = readOperand(ctx, o);
      if (!r.ok) {
        err += `awk: cannot open ${o} (No such file or directory)\n`;
        continue;
      }
      list.push({ name: o, text: r.text });
    }
    if (files.length === 0) list.push({ name: "", text: ctx.stdin });
    return list;
  };
  try {
    const code = m.run(inputs, ["awk", ...operands]);
    return { stdout: m.out, stderr: m.err + err, exitCode: err && code === 0 ? 2 : code };
  } catch (e) {
    if (e instanceof AwkRuntimeError) {
      const msg = e.message.startsWith("labgrader:") ? e.message : `awk: run time error: ${e.message}`;
      return { stdout: m.out, stderr: `${m.err}${msg}\n`, exitCode: 2 };
    }
    throw e;
  }
}

export const awk: Command = { name: "awk", summary: "pattern scanning and text processing language", run: awkRun };
