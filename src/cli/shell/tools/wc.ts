/**
 * `wc`, aligned as GNU aligns it: one count of one input is printed bare; otherwise every
 * column is as wide as the digits of the total byte size of the regular files, and at least
 * 7 when stdin is among the inputs (its size is unknown in advance).
 * Example: `wc f` for a 12-byte file prints ` 1  2 12 f` (width 2).
 */
import type { Command } from "../../types.ts";
import { utf8Length } from "../vfs.ts";
import { parseArgs, readOperand } from "./util.ts";

export const wc: Command = {
  name: "wc",
  summary: "print newline, word, and byte counts",
  run(ctx) {
    const o = parseArgs("wc", ctx.argv.slice(1), {
      bool: "lwcmL",
      long: { lines: "l", words: "w", bytes: "c", chars: "m", "max-line-length": "L" },
    });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
    let keys = ["l", "w", "m", "c", "L"].filter((k) => o.has(k));
    if (keys.length === 0) keys = ["l", "w", "c"];
    const files = o.operands.length ? o.operands : ["-"];
    let err = "";
    const rows: { name: string; counts: number[] }[] = [];
    const total = keys.map(() => 0);
    let regularBytes = 0;
    let hasStdin = false;
    for (const f of files) {
      if (f !== "-" && ctx.fs.isDir(ctx.fs.resolve(ctx.cwd, f))) {
        err += `wc: ${f}: Is a directory\n`;
        rows.push({ name: f, counts: keys.map(() => 0) });
        continue;
      }
      const r = readOperand(ctx, f);
      if (!r.ok) {
        err += `wc: ${r.error}\n`;
        continue;
      }
      if (f === "-") hasStdin = true;
      const t = r.text;
      const bytes = utf8Length(t);
      if (f !== "-") regularBytes += bytes;
      const counts = keys.map((k) => {
        switch (k) {
          case "l":
            return countNewlines(t);
          case "w":
            return t.split(/[ \t\n\r\f\v]+/).filter((w) => w !== "").length;
          case "m":
            return [...t].length;
          case "c":
            return bytes;
          default:
            return Math.max(0, ...t.split("\n").map((l) => l.length));
        }
      });
      counts.forEach((c, i) => {
        total[i] = keys[i] === "L" ? Math.max(total[i], c) : total[i] + c;
      });
      rows.push({ name: f === "-" && o.operands.length === 0 ? "" : f, counts });
    }
    if (files.length > 1) rows.push({ name: "total", counts: total });
    let width = 1;
    if (!(keys.length === 1 && files.length === 1)) {
      width = Math.max(String(regularBytes).length, hasStdin ? 7 : 1);
    }
    const out = rows
      .map((r) => {
        const nums = r.counts.map((c) => String(c).padStart(width)).join(" ");
        return `${nums}${r.name ? ` ${r.name}` : ""}\n`;
      })
      .join("");
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  },
};

function countNewlines(t: string): number {
  let n = 0;
  for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) n++;
  return n;
}
