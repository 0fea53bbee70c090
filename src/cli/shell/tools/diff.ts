/**
 * `diff` in normal format (`2c2`, `< old`, `---`, `> new`) and unified format (`-u`), from an
 * LCS table over lines. Exit 0 when equal, 1 when different, 2 on trouble.
 */
import type { Command, CommandContext } from "../../types.ts";
import { lines, parseArgs, readOperand } from "./util.ts";

/** Bound on the LCS table (lines of a × lines of b). */
const MAX_CELLS = 16_000_000;

type Op = { k: "=" | "-" | "+"; a: number; b: number };

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const t = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      t[i * w + j] = a[i] === b[j] ? t[(i + 1) * w + j + 1] + 1 : Math.max(t[(i + 1) * w + j], t[i * w + j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ k: "=", a: i++, b: j++ });
    else if (i < n && (j >= m || t[(i + 1) * w + j] >= t[i * w + j + 1])) ops.push({ k: "-", a: i++, b: j });
    else ops.push({ k: "+", a: i, b: j++ });
  }
  return ops;
}

const range = (from: number, count: number): string =>
  count <= 1 ? String(from + (count === 0 ? 0 : 1)) : `${from + 1},${from + count}`;

function normal(a: string[], b: string[], ops: Op[]): string {
  let out = "";
  for (let k = 0; k < ops.length; ) {
    if (ops[k].k === "=") {
      k++;
      continue;
    }
    const start = k;
    while (k < ops.length && ops[k].k !== "=") k++;
    const chunk = ops.slice(start, k);
    const dels = chunk.filter((o) => o.k === "-");
    const adds = chunk.filter((o) => o.k === "+");
    const a0 = chunk[0].a;
    const b0 = chunk[0].b;
    if (dels.length && adds.length) {
      out += `${range(a0, dels.length)}c${range(b0, adds.length)}\n`;
      out += dels.map((o) => `< ${a[o.a]}\n`).join("") + "---\n" + adds.map((o) => `> ${b[o.b]}\n`).join("");
    } else if (dels.length) {
      out += `${range(a0, dels.length)}d${b0}\n${dels.map((o) => `< ${a[o.a]}\n`).join("")}`;
    } else {
      out += `${a0}a${range(b0, adds.length)}\n${adds.map((o) => `> ${b[o.b]}\n`).join("")}`;
    }
  }
  return out;
}

function unified(a: string[], b: string[], ops: Op[], nameA: string, nameB: string, context: number): string {
  let out = `--- ${nameA}\n+++ ${nameB}\n`;
  const changes = ops.map((o, i) => (o.k !== "=" ? i : -1)).filter((i) => i >= 0);
  let k = 0;
  while (k < changes.length) {
    let end = k;
    while (end + 1 < changes.length && changes[end + 1] - changes[end] <= 2 * context + 1) end++;
    const from = Math.max(0, changes[k] - context);
    const to = Math.min(ops.length - 1, changes[end] + context);
    const hunk = ops.slice(from, to + 1);
    const aLines = hunk.filter((o) => o.k !== "+").length;
    const bLines = hunk.filter((o) => o.k !== "-").length;
    const aStart = hunk[0].a + (aLines ? 1 : 0);
    const bStart = hunk[0].b + (bLines ? 1 : 0);
    const fmt = (s: number, c: number) => (c === 1 ? `${s}` : `${s},${c}`);
    out += `@@ -${fmt(aStart, aLines)} +${fmt(bStart, bLines)} @@\n`;
    for (const o of hunk) out += o.k === "=" ? ` ${a[o.a]}\n` : o.k === "-" ? `-${a[o.a]}\n` : `+${b[o.b]}\n`;
    k = end + 1;
  }
  return out;
}

function diffRun(ctx: CommandContext) {
  const o = parseArgs("diff", ctx.argv.slice(1), {
    bool: "uqsbwBia",
    value: "U",
    long: {
      unified: "u",
      brief: "q",
      "report-identical-files": "s",
      "ignore-all-space": "w",
      "ignore-case": "i",
      text: "a",
      "unified=": "U",
      color: "color",
      "color=": "color",
    },
  });
  if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 2 };
  if (o.operands.length < 2)
    return {
      stdout: "",
      stderr: `diff: missing operand after '${o.operands[0] ?? "diff"}'\ndiff: Try 'diff --help' for more information.\n`,
      exitCode: 2,
    };
  if (o.operands.length > 2)
    return {
      stdout: "",
      stderr: `diff: extra operand '${o.operands[2]}'\ndiff: Try 'diff --help' for more information.\n`,
      exitCode: 2,
    };
  const [fa, fb] = o.operands;
  const ra = readOperand(ctx, fa);
  const rb = readOperand(ctx, fb);
  if (!ra.ok || !rb.ok)
    return { stdout: "", stderr: `diff: ${(!ra.ok ? ra : (rb as { error: string })).error}\n`, exitCode: 2 };
  const norm = (s: string) => {
    let t = s;
    if (o.has("w")) t = t.replace(/\s+/g, "");
    else if (o.has("b")) t = t.replace(/\s+/g, " ").trimEnd();
    if (o.has("i")) t = t.toLowerCase();
    return t;
  };
  const a = lines(ra.text);
  const b = lines(rb.text);
  const na = a.map(norm);
  const nb = b.map(norm);
  const same = na.length === nb.length && na.every((l, i) => l === nb[i]);
  if (same) return { stdout: o.has("s") ? `Files ${fa} and ${fb} are identical\n` : "", stderr: "", exitCode: 0 };
  if (o.has("q")) return { stdout: `Files ${fa} and ${fb} differ\n`, stderr: "", exitCode: 1 };
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS)
    return {
      stdout: "",
      stderr: `diff: files too large to compare (more than ${MAX_CELLS} line pairs)\n`,
      exitCode: 2,
    };
  const opsRaw = lcsOps(na, nb);
  const out =
    o.has("u") || o.has("U")
      ? unified(a, b, opsRaw, fa, fb, o.has("U") ? Number(o.get("U")) : 3)
      : normal(a, b, opsRaw);
  return { stdout: out, stderr: "", exitCode: 1 };
}

export const diff: Command = { name: "diff", summary: "compare files line by line", run: diffRun };
