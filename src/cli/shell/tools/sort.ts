/** `sort` (keys, numeric, human, unique, reverse; byte order as with LC_ALL=C) and `uniq`. */
import type { Command } from "../../types.ts";
import { joinLines, lines, localeQuote, parseArgs, readOperand } from "./util.ts";

interface Key {
  startField: number;
  startChar: number;
  endField: number;
  endChar: number;
  flags: string;
}

function parseKey(spec: string): Key | undefined {
  const m = /^(\d+)(?:\.(\d+))?([bdfghinMrRV]*)(?:,(\d+)(?:\.(\d+))?([bdfghinMrRV]*))?$/.exec(spec);
  if (!m || Number(m[1]) === 0) return undefined;
  return {
    startField: Number(m[1]),
    startChar: m[2] ? Number(m[2]) : 1,
    endField: m[4] ? Number(m[4]) : 0,
    endChar: m[5] ? Number(m[5]) : 0,
    flags: (m[3] ?? "") + (m[6] ?? ""),
  };
}

/** Fields with their start offsets; without -t a field starts at a blank-to-nonblank transition. */
function fieldSpans(line: string, sep: string | undefined): [number, number][] {
  const spans: [number, number][] = [];
  if (sep !== undefined) {
    let start = 0;
    for (;;) {
      const i = line.indexOf(sep, start);
      if (i < 0) {
        spans.push([start, line.length]);
        break;
      }
      spans.push([start, i]);
      start = i + sep.length;
    }
    return spans;
  }
  let i = 0;
  while (i < line.length) {
    const start = i;
    while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
    while (i < line.length && line[i] !== " " && line[i] !== "\t") i++;
    spans.push([start, i]);
  }
  return spans;
}

function keyText(line: string, k: Key, sep: string | undefined): string {
  const spans = fieldSpans(line, sep);
  const sf = spans[k.startField - 1];
  if (!sf) return "";
  let from = sf[0];
  if (k.flags.includes("b") || sep === undefined) {
    // Leading blanks belong to the field without -t; -b skips them before counting chars.
    if (k.flags.includes("b")) while (from < sf[1] && (line[from] === " " || line[from] === "\t")) from++;
  }
  from = Math.min(from + k.startChar - 1, line.length);
  let to = line.length;
  if (k.endField) {
    const ef = spans[k.endField - 1];
    if (ef) to = k.endChar ? Math.min(ef[0] + k.endChar, ef[1]) : ef[1];
  }
  return line.slice(from, Math.max(from, to));
}

const HUMAN: Record<string, number> = { "": 0, K: 1, k: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

function numericValue(s: string): number {
  const m = /^\s*([+-]?(\d+\.?\d*|\.\d+))/.exec(s);
  return m ? Number(m[1]) : 0;
}

function humanValue(s: string): number {
  const m = /^\s*([+-]?(\d+\.?\d*|\.\d+))([KkMGTPE]?)/.exec(s);
  if (!m) return 0;
  return Number(m[1]) * 1024 ** HUMAN[m[3]];
}

function compareBy(flags: string, a: string, b: string): number {
  if (flags.includes("b")) {
    a = a.trimStart();
    b = b.trimStart();
  }
  if (flags.includes("f")) {
    a = a.toUpperCase();
    b = b.toUpperCase();
  }
  let c: number;
  if (flags.includes("n")) c = numericValue(a) - numericValue(b);
  else if (flags.includes("g")) c = (Number.parseFloat(a) || 0) - (Number.parseFloat(b) || 0);
  else if (flags.includes("h")) c = humanValue(a) - humanValue(b);
  else if (flags.includes("V")) c = a.localeCompare(b, "en", { numeric: true });
  else c = a < b ? -1 : a > b ? 1 : 0;
  return flags.includes("r") ? -c : c;
}

export const sort: Command = {
  name: "sort",
  summary: "sort lines of text files",
  run(ctx) {
    const o = parseArgs("sort", ctx.argv.slice(1), {
      bool: "nrufbhgVsMRcC",
      value: "ktoS",
      long: {
        "numeric-sort": "n",
        reverse: "r",
        unique: "u",
        "ignore-case": "f",
        "human-numeric-sort": "h",
        "general-numeric-sort": "g",
        "version-sort": "V",
        stable: "s",
        "key=": "k",
        "field-separator=": "t",
        "output=": "o",
        check: "c",
      },
    });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 2 };
    const sep = o.get("t");
    if (sep !== undefined && sep.length !== 1)
      return { stdout: "", stderr: "sort: multi-character tab '" + sep + "'\n", exitCode: 2 };
    const keys: Key[] = [];
    for (const k of o.all("k")) {
      const key = parseKey(k);
      if (!key)
        return {
          stdout: "",
          stderr: `sort: invalid number at field start: invalid count at start of ${localeQuote(ctx.env, k)}\n`,
          exitCode: 2,
        };
      keys.push(key);
    }
    const global = ["n", "r", "f", "b", "h", "g", "V"].filter((f) => o.has(f)).join("");
    let all: string[] = [];
    for (const f of o.operands.length ? o.operands : ["-"]) {
      const r = readOperand(ctx, f);
      if (!r.ok) return { stdout: "", stderr: `sort: cannot read: ${r.error}\n`, exitCode: 2 };
      all = all.concat(lines(r.text));
    }
    const cmp = (a: string, b: string): number => {
      if (keys.length === 0) return compareBy(global, a, b);
      for (const k of keys) {
        const flags = /[bdfghinMrRV]/.test(k.flags) ? k.flags : global;
        const c = compareBy(flags, keyText(a, k, sep), keyText(b, k, sep));
        if (c !== 0) return c;
      }
      return 0;
    };
    const full = (a: string, b: string): number => {
      const c = cmp(a, b);
      if (c !== 0 || o.has("s") || o.has("u")) return c;
      const last = a < b ? -1 : a > b ? 1 : 0;
      return o.has("r") ? -last : last;
    };
    if (o.has("c") || o.has("C")) {
      for (let i = 1; i < all.length; i++) {
        if (full(all[i - 1], all[i]) > 0) {
          return { stdout: "", stderr: o.has("C") ? "" : `sort: -:${i + 1}: disorder: ${all[i]}\n`, exitCode: 1 };
        }
      }
      return { stdout: "", stderr: "", exitCode: 0 };
    }
    let sorted = all.sort(full);
    if (o.has("u")) sorted = sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1], l) !== 0);
    const text = joinLines(sorted);
    const outFile = o.get("o");
    if (outFile !== undefined) {
      const w = ctx.fs.writeFile(ctx.fs.resolve(ctx.cwd, outFile), text);
      if (!w.ok) return { stdout: "", stderr: `sort: open failed: ${outFile}: ${w.message}\n`, exitCode: 2 };
      return { stdout: "", stderr: "", exitCode: 0 };
    }
    return { stdout: text, stderr: "", exitCode: 0 };
  },
};

export const uniq: Command = {
  name: "uniq",
  summary: "report or omit repeated lines",
  run(ctx) {
    const o = parseArgs("uniq", ctx.argv.slice(1), {
      bool: "cduiD",
      value: "fsw",
      long: {
        count: "c",
        repeated: "d",
        unique: "u",
        "ignore-case": "i",
        "skip-fields=": "f",
        "skip-chars=": "s",
        "check-chars=": "w",
      },
    });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
    const input = o.operands[0] ?? "-";
    const r = readOperand(ctx, input);
    if (!r.ok) return { stdout: "", stderr: `uniq: ${r.error}\n`, exitCode: 1 };
    const skipFields = Number(o.get("f") ?? 0);
    const skipChars = Number(o.get("s") ?? 0);
    const width = o.has("w") ? Number(o.get("w")) : undefined;
    const keyOf = (l: string): string => {
      let s = l;
      for (let k = 0; k < skipFields; k++) s = s.replace(/^[ \t]*[^ \t]*/, "");
      s = s.slice(skipChars);
      if (width !== undefined) s = s.slice(0, width);
      return o.has("i") ? s.toLowerCase() : s;
    };
    const ls = lines(r.text);
    let out = "";
    for (let i = 0; i < ls.length; ) {
      let j = i + 1;
      const k = keyOf(ls[i]);
      while (j < ls.length && keyOf(ls[j]) === k) j++;
      const n = j - i;
      const show = o.has("d") || o.has("D") ? n > 1 : o.has("u") ? n === 1 : true;
      if (show) {
        if (o.has("D")) for (let x = i; x < j; x++) out += `${ls[x]}\n`;
        else out += o.has("c") ? `${String(n).padStart(7)} ${ls[i]}\n` : `${ls[i]}\n`;
      }
      i = j;
    }
    if (o.operands[1] !== undefined) {
      const w = ctx.fs.writeFile(ctx.fs.resolve(ctx.cwd, o.operands[1]), out);
      if (!w.ok) return { stdout: "", stderr: `uniq: ${o.operands[1]}: ${w.message}\n`, exitCode: 1 };
      return { stdout: "", stderr: "", exitCode: 0 };
    }
    return { stdout: out, stderr: "", exitCode: 0 };
  },
};
