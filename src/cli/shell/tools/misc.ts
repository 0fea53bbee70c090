/** Small host commands: pwd env hostname whoami id basename dirname yes clear seq xargs. */
import type { Command, ExecResult } from "../../types.ts";
import { formatNumber, parseSpec } from "./format.ts";
import { localeQuote, parseArgs, usageError } from "./util.ts";

const ok = (stdout: string): ExecResult => ({ stdout, stderr: "", exitCode: 0 });
const fail = (stderr: string, exitCode = 1): ExecResult => ({ stdout: "", stderr, exitCode });

export const pwd: Command = {
  name: "pwd",
  summary: "print name of current/working directory",
  run: (ctx) => ok(`${ctx.cwd}\n`),
};

export const hostname: Command = {
  name: "hostname",
  summary: "show the system's host name",
  run(ctx) {
    if (ctx.argv[1] === "-i" || ctx.argv[1] === "-I") return ok(`${ctx.host.ip ?? "10.0.0.10"}\n`);
    return ok(`${ctx.host.hostname}\n`);
  },
};

export const whoami: Command = { name: "whoami", summary: "print effective user name", run: () => ok("root\n") };

export const id: Command = {
  name: "id",
  summary: "print real and effective user and group IDs",
  run(ctx) {
    const flags = ctx.argv.slice(1).join("");
    if (flags.includes("u") || flags.includes("g")) return ok(flags.includes("n") ? "root\n" : "0\n");
    if (flags.includes("G")) return ok(flags.includes("n") ? "root\n" : "0\n");
    return ok("uid=0(root) gid=0(root) groups=0(root)\n");
  },
};

export const clear: Command = { name: "clear", summary: "clear the terminal screen", run: () => ok("") };

export const basename: Command = {
  name: "basename",
  summary: "strip directory and suffix from filenames",
  run(ctx) {
    const o = parseArgs("basename", ctx.argv.slice(1), {
      bool: "az",
      value: "s",
      long: { multiple: "a", "suffix=": "s", zero: "z" },
    });
    if (typeof o === "string") return fail(o);
    if (o.operands.length === 0) return fail(usageError("basename", "missing operand"));
    const multiple = o.has("a") || o.has("s");
    if (!multiple && o.operands.length > 2) return fail(usageError("basename", `extra operand '${o.operands[2]}'`));
    const suffix = o.get("s") ?? (multiple ? undefined : o.operands[1]);
    const names = multiple ? o.operands : [o.operands[0]];
    return ok(names.map((n) => `${base(n, suffix)}\n`).join(""));
  },
};

function base(p: string, suffix?: string): string {
  if (p === "") return "";
  let s = p.replace(/\/+$/, "");
  if (s === "") return "/";
  s = s.slice(s.lastIndexOf("/") + 1);
  if (suffix && s !== suffix && s.endsWith(suffix)) s = s.slice(0, -suffix.length);
  return s;
}

export const dirname: Command = {
  name: "dirname",
  summary: "strip last component from file name",
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => a !== "--");
    if (args.length === 0) return fail(usageError("dirname", "missing operand"));
    return ok(args.map((a) => `${dir(a)}\n`).join(""));
  },
};

function dir(p: string): string {
  let s = p.replace(/\/+$/, "");
  if (s === "") return p.startsWith("/") ? "/" : ".";
  const i = s.lastIndexOf("/");
  if (i < 0) return ".";
  s = s.slice(0, i).replace(/\/+$/, "");
  return s === "" ? "/" : s;
}

/** Bounded: `yes` stops after 512 KiB, enough for any `yes | head`. */
const YES_BYTES = 512 * 1024;

export const yes: Command = {
  name: "yes",
  summary: "output a string repeatedly (bounded)",
  run(ctx) {
    const line = `${ctx.argv.length > 1 ? ctx.argv.slice(1).join(" ") : "y"}\n`;
    return ok(line.repeat(Math.max(1, Math.floor(YES_BYTES / line.length))));
  },
};

export const env: Command = {
  name: "env",
  summary: "run a program in a modified environment",
  run(ctx) {
    const args = ctx.argv.slice(1);
    const assigns: string[] = [];
    let i = 0;
    let ignore = false;
    for (; i < args.length; i++) {
      if (args[i] === "-i" || args[i] === "-") ignore = true;
      else if (args[i] === "-u") i++;
      else if (args[i].includes("=") && !args[i].startsWith("=")) assigns.push(args[i]);
      else break;
    }
    if (i >= args.length) {
      const base = ignore ? [] : [...ctx.env.exported()].map(([k, v]) => `${k}=${v}`);
      return ok([...base, ...assigns].map((l) => `${l}\n`).join(""));
    }
    const line = [...assigns.map(quote), ...args.slice(i).map(quote)].join(" ");
    return ctx.exec(line);
  },
};

export function quote(s: string): string {
  return s !== "" && /^[A-Za-z0-9_./=:,+@%^-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

const MAX_SEQ_BYTES = 2 * 1024 * 1024;

export const seq: Command = {
  name: "seq",
  summary: "print a sequence of numbers",
  run(ctx) {
    const args = ctx.argv.slice(1);
    let sep = "\n";
    let width = false;
    let format: string | undefined;
    const nums: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-s") sep = args[++i] ?? "\n";
      else if (a.startsWith("-s") && a.length > 2) sep = a.slice(2);
      else if (a === "-w") width = true;
      else if (a === "-f") format = args[++i];
      else if (/^-[a-zA-Z]/.test(a)) return fail(usageError("seq", `invalid option -- '${a[1]}'`));
      else nums.push(a);
    }
    if (nums.length === 0) return fail(usageError("seq", "missing operand"));
    if (nums.length > 3) return fail(usageError("seq", `extra operand '${nums[3]}'`));
    for (const n of nums) {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(n))
        return fail(usageError("seq", `invalid floating point argument: ${localeQuote(ctx.env, n)}`));
    }
    const [first, inc, last] =
      nums.length === 1
        ? ["1", "1", nums[0]]
        : nums.length === 2
          ? [nums[0], "1", nums[1]]
          : [nums[0], nums[1], nums[2]];
    const f = Number(first);
    const step = Number(inc);
    const l = Number(last);
    if (step === 0) return fail(usageError("seq", `invalid Zero increment value: '${inc}'`));
    const decimals = Math.max(...[first, inc].map((s) => (s.includes(".") ? s.length - s.indexOf(".") - 1 : 0)));
    const render = (v: number): string => {
      if (format) {
        const p = parseSpec(format, format.indexOf("%"));
        if (p) {
          const spec = {
            flags: p.flags,
            width: p.width ? Number(p.width) : undefined,
            precision: p.precision !== undefined ? Number(p.precision || "0") : undefined,
            conv: p.conv,
          };
          return format.slice(0, format.indexOf("%")) + formatNumber(spec, v) + format.slice(p.end);
        }
      }
      return decimals > 0 ? v.toFixed(decimals) : String(v);
    };
    const out: string[] = [];
    let bytes = 0;
    for (let k = 0; ; k++) {
      const v = f + k * step;
      if (step > 0 ? v > l + 1e-10 : v < l - 1e-10) break;
      const s = render(v);
      out.push(s);
      bytes += s.length + 1;
      if (bytes > MAX_SEQ_BYTES) break;
    }
    if (width) {
      const w = Math.max(...out.map((s) => s.length));
      for (let k = 0; k < out.length; k++)
        out[k] = out[k].startsWith("-") ? `-${out[k].slice(1).padStart(w - 1, "0")}` : out[k].padStart(w, "0");
    }
    return ok(out.length ? `${out.join(sep)}\n` : "");
  },
};

export const xargs: Command = {
  name: "xargs",
  summary: "build and execute command lines from standard input",
  run(ctx) {
    const o = parseArgs("xargs", ctx.argv.slice(1), {
      bool: "rt0p",
      value: "nIiLdPs",
      long: {
        "no-run-if-empty": "r",
        verbose: "t",
        null: "0",
        "max-args=": "n",
        "replace=": "I",
        "delimiter=": "d",
        "max-procs=": "P",
      },
      stopAtOperand: true,
    });
    if (typeof o === "string") return fail(o);
    const command = o.operands.length ? o.operands : ["echo"];
    const input = ctx.stdin;
    let items: string[];
    if (o.has("0")) items = input.split("\0").filter((s) => s !== "");
    else if (o.has("d")) items = input.split(o.get("d")!).filter((s, i, a) => !(i === a.length - 1 && s === ""));
    else if (o.has("I") || o.has("i"))
      items = input
        .split("\n")
        .filter((s) => s.trim() !== "")
        .map((s) => s.trim());
    else {
      const parsed = splitXargs(input);
      if (typeof parsed === "string") return fail(parsed);
      items = parsed;
    }
    const replace = o.get("I") ?? (o.has("i") ? o.get("i") || "{}" : undefined);
    const perCall =
      replace !== undefined
        ? 1
        : o.has("n")
          ? Math.max(1, Number(o.get("n")))
          : o.has("L")
            ? Math.max(1, Number(o.get("L")))
            : items.length || 1;
    if (items.length === 0 && (o.has("r") || replace !== undefined)) return ok("");
    let stdout = "";
    let stderr = "";
    let status = 0;
    const batches: string[][] = [];
    if (items.length === 0) batches.push([]);
    for (let k = 0; k < items.length; k += perCall) batches.push(items.slice(k, k + perCall));
    for (const batch of batches) {
      const argv = replace !== undefined ? command.map((c) => c.split(replace).join(batch[0])) : [...command, ...batch];
      if (o.has("t")) stderr += `${argv.join(" ")}\n`;
      const r = ctx.exec(argv.map(quote).join(" "));
      stdout += r.stdout;
      stderr += r.stderr;
      if (r.exitCode === 127 || r.exitCode === 126) return { stdout, stderr, exitCode: r.exitCode };
      if (r.exitCode === 255)
        return { stdout, stderr: `${stderr}xargs: ${command[0]}: exited with status 255; aborting\n`, exitCode: 124 };
      if (r.exitCode !== 0) status = 123;
    }
    return { stdout, stderr, exitCode: status };
  },
};

/** xargs' own quoting: blanks separate, single/double quotes and backslash group. */
function splitXargs(input: string): string[] | string {
  const out: string[] = [];
  let cur = "";
  let has = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === " " || c === "\t" || c === "\n") {
      if (has) out.push(cur);
      cur = "";
      has = false;
    } else if (c === "'" || c === '"') {
      const end = input.indexOf(c, i + 1);
      const nl = input.indexOf("\n", i + 1);
      if (end < 0 || (nl >= 0 && nl < end))
        return `xargs: unmatched ${c === "'" ? "single" : "double"} quote; by default quotes are special to xargs unless you use the -0 option\n`;
      cur += input.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === "\\" && i + 1 < input.length) {
      cur += input[++i];
      has = true;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}
