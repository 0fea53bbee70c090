/** `cut` (-d -f -c -b, --complement, -s) and `tr` (sets, ranges, classes, -d -s -c). */
import type { Command } from "../../types.ts";
import { lines, parseArgs, readOperand, usageError } from "./util.ts";

type Range = [number, number];

function parseList(spec: string): Range[] | undefined {
  const out: Range[] = [];
  for (const part of spec.split(",")) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || part === "" || part === "-") return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY) : a;
    if (a === 0 || b === 0 || b < a) return undefined;
    out.push([a, b]);
  }
  return out;
}

const inRanges = (n: number, rs: Range[]): boolean => rs.some(([a, b]) => n >= a && n <= b);

export const cut: Command = {
  name: "cut",
  summary: "remove sections from each line of files",
  run(ctx) {
    const o = parseArgs("cut", ctx.argv.slice(1), {
      bool: "snz",
      value: "dfcb",
      long: {
        "delimiter=": "d",
        "fields=": "f",
        "characters=": "c",
        "bytes=": "b",
        "only-delimited": "s",
        complement: "complement",
        "output-delimiter=": "od",
      },
    });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
    const modes = ["f", "c", "b"].filter((k) => o.has(k));
    if (modes.length === 0)
      return {
        stdout: "",
        stderr: usageError("cut", "you must specify a list of bytes, characters, or fields"),
        exitCode: 1,
      };
    if (modes.length > 1)
      return { stdout: "", stderr: usageError("cut", "only one type of list may be specified"), exitCode: 1 };
    const mode = modes[0];
    const spec = o.get(mode)!;
    const ranges = parseList(spec);
    if (!ranges) return { stdout: "", stderr: usageError("cut", `invalid field value '${spec}'`), exitCode: 1 };
    const delim = o.get("d") ?? "\t";
    if (delim.length !== 1)
      return { stdout: "", stderr: usageError("cut", "the delimiter must be a single character"), exitCode: 1 };
    const outDelim = o.get("od") ?? (mode === "f" ? delim : "");
    const complement = o.has("complement");
    let out = "";
    let err = "";
    for (const f of o.operands.length ? o.operands : ["-"]) {
      const r = readOperand(ctx, f);
      if (!r.ok) {
        err += `cut: ${r.error}\n`;
        continue;
      }
      for (const line of lines(r.text)) {
        if (mode === "f") {
          if (!line.includes(delim)) {
            if (!o.has("s")) out += `${line}\n`;
            continue;
          }
          const fields = line.split(delim);
          out += `${fields.filter((_, i) => inRanges(i + 1, ranges) !== complement).join(outDelim)}\n`;
        } else {
          const chars = [...line];
          const picked = chars.filter((_, i) => inRanges(i + 1, ranges) !== complement);
          out += `${picked.join(outDelim)}\n`;
        }
      }
    }
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  },
};

const CLASSES: Record<string, () => string[]> = {
  upper: () => charRange(65, 90),
  lower: () => charRange(97, 122),
  digit: () => charRange(48, 57),
  alpha: () => [...charRange(65, 90), ...charRange(97, 122)],
  alnum: () => [...charRange(48, 57), ...charRange(65, 90), ...charRange(97, 122)],
  space: () => [" ", "\t", "\n", "\r", "\f", "\v"],
  blank: () => [" ", "\t"],
  punct: () => [...charRange(33, 47), ...charRange(58, 64), ...charRange(91, 96), ...charRange(123, 126)],
  xdigit: () => [...charRange(48, 57), ...charRange(65, 70), ...charRange(97, 102)],
  cntrl: () => [...charRange(0, 31), "\x7f"],
  print: () => charRange(32, 126),
  graph: () => charRange(33, 126),
};

function charRange(a: number, b: number): string[] {
  const out: string[] = [];
  for (let c = a; c <= b; c++) out.push(String.fromCharCode(c));
  return out;
}

const ESC: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", a: "\x07", b: "\b", f: "\f", v: "\v" };

/** Expands a tr SET into its characters; `[:upper:]` positions are remembered for case mapping. */
function expandSet(set: string): string[] | string {
  const chars: string[] = [];
  const unescaped: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const c = set[i];
    if (c === "[" && set[i + 1] === ":") {
      const end = set.indexOf(":]", i + 2);
      if (end > 0) {
        const name = set.slice(i + 2, end);
        const cls = CLASSES[name];
        if (!cls) return `tr: invalid character class '${name}'\n`;
        unescaped.push(`\0class:${name}`);
        i = end + 1;
        continue;
      }
    }
    if (c === "\\" && i + 1 < set.length) {
      const n = set[++i];
      if (/[0-7]/.test(n)) {
        const m = /^[0-7]{1,3}/.exec(set.slice(i))![0];
        unescaped.push(String.fromCharCode(Number.parseInt(m, 8)));
        i += m.length - 1;
      } else unescaped.push(ESC[n] ?? n);
      continue;
    }
    unescaped.push(c);
  }
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i];
    if (c.startsWith("\0class:")) {
      chars.push(...CLASSES[c.slice(7)]());
      continue;
    }
    if (unescaped[i + 1] === "-" && i + 2 < unescaped.length && !unescaped[i + 2].startsWith("\0")) {
      const a = c.charCodeAt(0);
      const b = unescaped[i + 2].charCodeAt(0);
      if (b < a) return `tr: range-endpoints of '${c}-${unescaped[i + 2]}' are in reverse collating sequence order\n`;
      chars.push(...charRange(a, b));
      i += 2;
      continue;
    }
    chars.push(c);
  }
  return chars;
}

export const tr: Command = {
  name: "tr",
  summary: "translate or delete characters",
  run(ctx) {
    const o = parseArgs("tr", ctx.argv.slice(1), {
      bool: "dscCt",
      long: { delete: "d", "squeeze-repeats": "s", complement: "c", truncate: "t" },
    });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
    const del = o.has("d");
    const squeeze = o.has("s");
    const complement = o.has("c") || o.has("C");
    const ops = o.operands;
    if (ops.length === 0) return { stdout: "", stderr: usageError("tr", "missing operand"), exitCode: 1 };
    if (!del && !squeeze && ops.length < 2)
      return {
        stdout: "",
        stderr: usageError("tr", `missing operand after '${ops[0]}'`, "Two strings must be given when translating."),
        exitCode: 1,
      };
    if ((del && !squeeze && ops.length > 1) || ops.length > 2)
      return { stdout: "", stderr: usageError("tr", `extra operand '${ops[del && !squeeze ? 1 : 2]}'`), exitCode: 1 };
    const s1 = expandSet(ops[0]);
    if (typeof s1 === "string") return { stdout: "", stderr: s1, exitCode: 1 };
    const s2 = ops[1] !== undefined ? expandSet(ops[1]) : [];
    if (typeof s2 === "string") return { stdout: "", stderr: s2, exitCode: 1 };
    const set1 = new Set(s1);
    const inSet1 = (c: string) => set1.has(c) !== complement;
    const input = ctx.stdin;
    let out = "";
    const map = new Map<string, string>();
    if (!del && s2.length) {
      if (complement) {
        // Every character outside SET1 maps to the last character of SET2.
      } else
        s1.forEach((c, i) => {
          map.set(c, s2[Math.min(i, s2.length - 1)]);
        });
    }
    const squeezeSet = new Set(del || ops.length === 1 ? s1 : s2);
    const squeezeHas = (c: string) => (ops.length === 1 && complement ? !squeezeSet.has(c) : squeezeSet.has(c));
    let last = "";
    for (const ch of input) {
      let c = ch;
      if (del) {
        if (inSet1(c)) continue;
      } else if (s2.length) {
        if (complement) {
          if (inSet1(c)) c = s2[s2.length - 1];
        } else c = map.get(c) ?? c;
      }
      if (squeeze && c === last && squeezeHas(c)) continue;
      out += c;
      last = c;
    }
    return { stdout: out, stderr: "", exitCode: 0 };
  },
};
