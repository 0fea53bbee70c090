/**
 * The `jq` command (jq 1.6 behaviour and messages): options -r -j -c -n -s -e -S --tab
 * --indent --arg --argjson, multiple JSON inputs, exit 2 on bad input, 3 on a compile error,
 * 5 on a runtime error, `-e` 1 when the last output is false/null and 4 when there is none.
 */
import type { Command, CommandContext, ExecResult } from "../../../types.ts";
import { readOperand } from "../util.ts";
import { Env, Interp, JqError } from "./eval.ts";
import { type Json, JsonParseError, parseJsonStream, stringify } from "./json.ts";
import { JqSyntaxError, parseJq } from "./parse.ts";

const USAGE = "Usage:\tjq [OPTIONS] FILTER [FILES...]\n";

function jqRun(ctx: CommandContext): ExecResult {
  const args = ctx.argv.slice(1);
  let raw = false;
  let join = false;
  let compact = false;
  let nullInput = false;
  let slurp = false;
  let exitStatus = false;
  let sortKeys = false;
  let tab = false;
  let indent = 2;
  let rawInput = false;
  let filter: string | undefined;
  const files: string[] = [];
  const env = new Env(undefined);
  const named: Record<string, Json> = Object.create(null);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--arg" || a === "--argjson") {
      const name = args[i + 1];
      const value = args[i + 2];
      if (name === undefined || value === undefined)
        return {
          stdout: "",
          stderr: `jq: error: ${a} takes two parameters (e.g. ${a} varname value)\n${USAGE}`,
          exitCode: 2,
        };
      let v: Json = value;
      if (a === "--argjson") {
        try {
          const parsed = parseJsonStream(value);
          if (parsed.length !== 1) throw new JsonParseError("");
          v = parsed[0];
        } catch {
          return { stdout: "", stderr: `jq: invalid JSON text passed to --argjson\n${USAGE}`, exitCode: 2 };
        }
      }
      env.vars.set(name, v);
      named[name] = v;
      i += 2;
      continue;
    }
    if (a === "--indent") {
      indent = Math.min(7, Math.max(0, Number(args[++i] ?? 2)));
      continue;
    }
    if (a === "--tab") tab = true;
    else if (a === "--raw-output") raw = true;
    else if (a === "--join-output") raw = join = true;
    else if (a === "--compact-output") compact = true;
    else if (a === "--null-input") nullInput = true;
    else if (a === "--slurp") slurp = true;
    else if (a === "--exit-status") exitStatus = true;
    else if (a === "--sort-keys") sortKeys = true;
    else if (a === "--raw-input") rawInput = true;
    else if (a === "--color-output" || a === "--monochrome-output" || a === "--ascii-output") continue;
    else if (a.startsWith("-") && a.length > 1 && !a.startsWith("--")) {
      for (const c of a.slice(1)) {
        if (c === "r") raw = true;
        else if (c === "j") raw = join = true;
        else if (c === "c") compact = true;
        else if (c === "n") nullInput = true;
        else if (c === "s") slurp = true;
        else if (c === "e") exitStatus = true;
        else if (c === "S") sortKeys = true;
        else if (c === "R") rawInput = true;
        else if (c === "M" || c === "C" || c === "a") continue;
        else return { stdout: "", stderr: `jq: Unknown option: ${a}\n${USAGE}`, exitCode: 2 };
      }
    } else if (a.startsWith("--")) return { stdout: "", stderr: `jq: Unknown option: ${a}\n${USAGE}`, exitCode: 2 };
    else if (filter === undefined) filter = a;
    else files.push(a);
  }
  if (filter === undefined)
    return {
      stdout: "",
      stderr: `${USAGE}Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n`,
      exitCode: 2,
    };
  const namedObj = Object.assign(Object.create(null), { positional: [], named });
  env.vars.set("__prog_args", namedObj as Json);
  let ast: ReturnType<typeof parseJq>;
  try {
    ast = parseJq(filter);
  } catch (e) {
    if (e instanceof JqSyntaxError)
      return {
        stdout: "",
        stderr: `jq: error: ${e.message} at <top-level>, line 1:\n${filter}\njq: 1 compile error\n`,
        exitCode: 3,
      };
    throw e;
  }
  let text = "";
  let err = "";
  for (const f of files.length ? files : ["-"]) {
    const r = readOperand(ctx, f);
    if (!r.ok) {
      err += `jq: error: Could not open ${r.error}\n`;
      continue;
    }
    text += r.text;
  }
  if (err && !text) return { stdout: "", stderr: err, exitCode: 2 };
  let inputs: Json[];
  let parseError: string | undefined;
  if (rawInput) {
    const ls = text.split("\n");
    if (ls[ls.length - 1] === "") ls.pop();
    inputs = slurp ? [text] : ls;
  } else {
    try {
      inputs = parseJsonStream(text);
    } catch (e) {
      if (!(e instanceof JsonParseError)) throw e;
      parseError = `parse error: ${e.message}`;
      inputs = [];
    }
    if (slurp) inputs = [inputs];
  }
  const queue = { queue: inputs };
  const ip = new Interp(queue, ctx.env.exported(), () => ctx.host.now());
  const opts = { compact, indent: tab ? 1 : indent, tab, sortKeys };
  let out = "";
  let last: Json | undefined;
  let any = false;
  let status = 0;
  const lineCount = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  const runOne = (input: Json): boolean => {
    try {
      for (const v of ip.eval(ast, input, env)) {
        any = true;
        last = v;
        out += raw && typeof v === "string" ? v : stringify(v, opts);
        if (!join) out += "\n";
        if (out.length > 4 * 1024 * 1024)
          throw new JqError("labgrader: limit reached: more than 4194304 bytes of jq output (jq output limit)");
      }
    } catch (e) {
      if (!(e instanceof JqError)) throw e;
      const limit = e.message.startsWith("labgrader:");
      err += `${limit ? e.message : `jq: error (at <stdin>:${lineCount}): ${e.message}`}\n`;
      status = 5;
      return !limit;
    }
    return true;
  };
  if (nullInput) runOne(null);
  else while (queue.queue.length > 0 && runOne(queue.queue.shift()!)) {}
  if (parseError) {
    err += `${parseError}\n`;
    status = 2;
  }
  if (exitStatus && status === 0) status = !any ? 4 : last === null || last === false ? 1 : 0;
  return { stdout: out, stderr: ip.stderr + err, exitCode: status };
}

export const jq: Command = { name: "jq", summary: "command-line JSON processor", run: jqRun };
