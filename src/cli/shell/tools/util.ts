/**
 * What the text tools share: a GNU-style option parser (permuted operands, clustered short
 * flags, `--long[=value]`, `--`) whose failures are values in the tool's own wording, and
 * reading operands (`-` is stdin) with coreutils' error lines.
 */
import type { CommandContext, ExecResult, ShellEnvironment } from "../../types.ts";

export interface OptSpec {
  /** Short flags without a value, e.g. "ivcn". */
  bool?: string;
  /** Short flags taking a value, e.g. "ABCe". */
  value?: string;
  /** Long names mapped to a short key (or their own name); a trailing `=` means it takes a value. */
  long?: Record<string, string>;
  /** Accept `-5` as `-n 5` (head, tail). */
  numberAs?: string;
  /** Stop at the first operand (no permutation), as for xargs and env. */
  stopAtOperand?: boolean;
}

export class Opts {
  readonly flags = new Set<string>();
  readonly values = new Map<string, string[]>();
  operands: string[] = [];

  has(k: string): boolean {
    return this.flags.has(k) || this.values.has(k);
  }

  get(k: string): string | undefined {
    const v = this.values.get(k);
    return v ? v[v.length - 1] : undefined;
  }

  all(k: string): string[] {
    return this.values.get(k) ?? [];
  }

  private add(k: string, v: string): void {
    const list = this.values.get(k);
    if (list) list.push(v);
    else this.values.set(k, [v]);
  }

  /** Internal: record a parsed option. */
  record(k: string, v: string | undefined): void {
    if (v === undefined) this.flags.add(k);
    else this.add(k, v);
  }
}

export function usageError(tool: string, what: string, usage?: string): string {
  return `${tool}: ${what}\n${usage ? `${usage}\n` : ""}Try '${tool} --help' for more information.\n`;
}

export function parseArgs(tool: string, args: string[], spec: OptSpec, usage?: string): Opts | string {
  const o = new Opts();
  const bool = spec.bool ?? "";
  const value = spec.value ?? "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      o.operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const long = spec.long ?? {};
      const key = long[name] ?? long[`${name}=`];
      if (key === undefined) return usageError(tool, `unrecognized option '${a}'`, usage);
      const takes = `${name}=` in long;
      if (takes) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return usageError(tool, `option '--${name}' requires an argument`, usage);
        o.record(key, v);
      } else o.record(key, undefined);
      continue;
    }
    if (a.length > 1 && a[0] === "-") {
      if (spec.numberAs && /^-\d+$/.test(a)) {
        o.record(spec.numberAs, a.slice(1));
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (value.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return usageError(tool, `option requires an argument -- '${c}'`, usage);
          o.record(c, v);
          break;
        }
        if (bool.includes(c)) o.record(c, undefined);
        else return usageError(tool, `invalid option -- '${c}'`, usage);
      }
      continue;
    }
    if (spec.stopAtOperand) {
      o.operands.push(...args.slice(i));
      break;
    }
    o.operands.push(a);
  }
  return o;
}

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

/** Reads an operand; `-` is stdin. The error is coreutils' wording without the tool prefix. */
export function readOperand(ctx: CommandContext, name: string): ReadResult {
  if (name === "-") return { ok: true, text: ctx.stdin };
  const r = ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, name));
  if (!r.ok) return { ok: false, error: `${name}: ${r.message}` };
  return { ok: true, text: r.value };
}

/** Splits text into lines, dropping the empty string after a final newline. */
export function lines(text: string): string[] {
  if (text === "") return [];
  const ls = text.split("\n");
  if (ls[ls.length - 1] === "") ls.pop();
  return ls;
}

export const joinLines = (ls: string[]): string => (ls.length ? `${ls.join("\n")}\n` : "");

export const result = (stdout: string, stderr: string, exitCode: number): ExecResult => ({ stdout, stderr, exitCode });

/** Parses a decimal count as GNU does for -n / -c, with K/M/G suffixes. */
export function parseCount(s: string): number | undefined {
  const m = /^(\d+)(b|K|KB|KiB|k|M|MB|MiB|G|GB|GiB)?$/.exec(s);
  if (!m) return undefined;
  const mult: Record<string, number> = {
    b: 512,
    K: 1024,
    k: 1024,
    KiB: 1024,
    KB: 1000,
    M: 1024 ** 2,
    MiB: 1024 ** 2,
    MB: 1000 ** 2,
    G: 1024 ** 3,
    GiB: 1024 ** 3,
    GB: 1000 ** 3,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]] : 1);
}

/**
 * How GNU tools quote what they complain about (gnulib's quote()): ‘x’ in a UTF-8 locale (the
 * nodes' LANG=C.UTF-8), 'x' in the C locale (a container that sets no LANG). LC_ALL, then
 * LC_MESSAGES, then LANG decide, as setlocale does.
 */
export function localeQuote(env: ShellEnvironment, s: string): string {
  const locale = env.get("LC_ALL") || env.get("LC_MESSAGES") || env.get("LANG") || "";
  return /utf-?8/i.test(locale) ? `\u2018${s}\u2019` : `'${s}'`;
}
