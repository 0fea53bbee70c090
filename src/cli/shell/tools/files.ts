/** File commands over the VFS: ls mkdir rmdir touch rm cp mv, with coreutils' messages. */
import type { Command, CommandContext, ExecResult } from "../../types.ts";
import type { FsStat } from "../vfs.ts";
import { localeQuote, parseArgs, usageError } from "./util.ts";

const fail = (stderr: string, exitCode = 1): ExecResult => ({ stdout: "", stderr, exitCode });
const abs = (ctx: CommandContext, p: string): string => ctx.fs.resolve(ctx.cwd, p);
const baseName = (p: string): string => {
  const s = p.replace(/\/+$/, "");
  return s.slice(s.lastIndexOf("/") + 1) || "/";
};
const joinPath = (dir: string, name: string): string => (dir.endsWith("/") ? dir + name : `${dir}/${name}`);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function lsTime(mtime: number, now: number): string {
  const d = new Date(mtime);
  const mon = MONTHS[d.getUTCMonth()];
  const day = String(d.getUTCDate()).padStart(2, " ");
  const recent = Math.abs(now - mtime) < 182.5 * 86_400_000;
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`
    : ` ${d.getUTCFullYear()}`;
  return `${mon} ${day} ${tail}`;
}

export function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ["K", "M", "G", "T"];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return v < 10 ? `${(Math.ceil(v * 10) / 10).toFixed(1)}${units[u]}` : `${Math.ceil(v)}${units[u]}`;
}

interface Entry {
  name: string;
  path: string;
  stat: FsStat;
}

export const ls: Command = {
  name: "ls",
  summary: "list directory contents",
  run(ctx) {
    const o = parseArgs("ls", ctx.argv.slice(1), {
      bool: "laA1RhdtrSFp",
      long: {
        all: "a",
        "almost-all": "A",
        recursive: "R",
        "human-readable": "h",
        directory: "d",
        reverse: "r",
        color: "1",
        "color=": "1",
      },
    });
    if (typeof o === "string") return fail(o, 2);
    const operands = o.operands.length ? o.operands : ["."];
    let err = "";
    let status = 0;
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const op of operands) {
      const path = abs(ctx, op);
      const st = ctx.fs.stat(path);
      if (!st.ok) {
        err += `ls: cannot access '${op}': ${st.message}\n`;
        status = 2;
        continue;
      }
      (st.value.kind === "dir" && !o.has("d") ? dirs : files).push({ name: op, path, stat: st.value });
    }
    const now = ctx.host.now();
    const sortEntries = (es: Entry[]): Entry[] => {
      const sorted = [...es];
      if (o.has("t")) sorted.sort((a, b) => b.stat.mtime - a.stat.mtime || cmp(a.name, b.name));
      else if (o.has("S")) sorted.sort((a, b) => b.stat.size - a.stat.size || cmp(a.name, b.name));
      else sorted.sort((a, b) => cmp(a.name, b.name));
      if (o.has("r")) sorted.reverse();
      return sorted;
    };
    const render = (es: Entry[], withTotal: boolean): string => {
      const suffix = (e: Entry) => (o.has("F") || o.has("p") ? (e.stat.kind === "dir" ? "/" : "") : "");
      if (!o.has("l")) return es.map((e) => `${e.name}${suffix(e)}\n`).join("");
      const sizes = es.map((e) => (o.has("h") ? humanSize(e.stat.size) : String(e.stat.size)));
      const links = es.map((e) => String(e.stat.kind === "dir" ? 2 + countSubdirs(ctx, e.path) : 1));
      const sw = Math.max(0, ...sizes.map((s) => s.length));
      const lw = Math.max(0, ...links.map((s) => s.length));
      let out = "";
      if (withTotal) {
        const blocks = es.reduce((n, e) => n + (e.stat.kind === "dir" ? 4 : Math.ceil(e.stat.size / 4096) * 4), 0);
        out += `total ${o.has("h") ? humanSize(blocks * 1024) : blocks}\n`;
      }
      es.forEach((e, i) => {
        const mode = e.stat.kind === "dir" ? "drwxr-xr-x" : "-rw-r--r--";
        out += `${mode} ${links[i].padStart(lw)} root root ${sizes[i].padStart(sw)} ${lsTime(e.stat.mtime, now)} ${e.name}${suffix(e)}\n`;
      });
      return out;
    };
    const listDir = (d: Entry): { text: string; subdirs: Entry[] } => {
      const names = ctx.fs.readdir(d.path);
      if (!names.ok) return { text: "", subdirs: [] };
      const entries: Entry[] = [];
      if (o.has("a")) {
        entries.push({ name: ".", path: d.path, stat: d.stat });
        const parent = ctx.fs.stat(ctx.fs.resolve(d.path, ".."));
        if (parent.ok) entries.push({ name: "..", path: ctx.fs.resolve(d.path, ".."), stat: parent.value });
      }
      for (const n of names.value) {
        if (n.startsWith(".") && !o.has("a") && !o.has("A")) continue;
        const p = joinPath(d.path, n);
        const st = ctx.fs.stat(p);
        if (st.ok) entries.push({ name: n, path: p, stat: st.value });
      }
      const sorted = sortEntries(entries);
      const subdirs = sorted
        .filter((e) => e.stat.kind === "dir" && e.name !== "." && e.name !== "..")
        .map((e) => ({ ...e, name: joinPath(d.name, e.name) }));
      return { text: render(sorted, true), subdirs };
    };
    let out = render(sortEntries(files), false);
    const queue = sortEntries(dirs);
    const showHeaders = operands.length > 1 || o.has("R");
    let first = files.length === 0;
    for (let i = 0; i < queue.length; i++) {
      const d = queue[i];
      const { text, subdirs } = listDir(d);
      if (!first) out += "\n";
      first = false;
      if (showHeaders) out += `${d.name}:\n`;
      out += text;
      if (o.has("R")) queue.splice(i + 1, 0, ...subdirs);
      if (queue.length > 10_000) break;
    }
    return { stdout: out, stderr: err, exitCode: status };
  },
};

function countSubdirs(ctx: CommandContext, path: string): number {
  const names = ctx.fs.readdir(path);
  if (!names.ok) return 0;
  return names.value.filter((n) => ctx.fs.isDir(joinPath(path, n))).length;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const mkdir: Command = {
  name: "mkdir",
  summary: "make directories",
  run(ctx) {
    const o = parseArgs("mkdir", ctx.argv.slice(1), {
      bool: "pv",
      value: "m",
      long: { parents: "p", verbose: "v", "mode=": "m" },
    });
    if (typeof o === "string") return fail(o);
    if (o.operands.length === 0) return fail(usageError("mkdir", "missing operand"));
    let err = "";
    let out = "";
    for (const d of o.operands) {
      const r = ctx.fs.mkdir(abs(ctx, d), { recursive: o.has("p") });
      if (!r.ok) err += `mkdir: cannot create directory ${localeQuote(ctx.env, d)}: ${r.message}\n`;
      else if (o.has("v")) out += `mkdir: created directory '${d}'\n`;
    }
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  },
};

export const rmdir: Command = {
  name: "rmdir",
  summary: "remove empty directories",
  run(ctx) {
    const o = parseArgs("rmdir", ctx.argv.slice(1), { bool: "pv", long: { parents: "p" } });
    if (typeof o === "string") return fail(o);
    if (o.operands.length === 0) return fail(usageError("rmdir", "missing operand"));
    let err = "";
    for (const d of o.operands) {
      const r = ctx.fs.rmdir(abs(ctx, d));
      if (!r.ok) err += `rmdir: failed to remove '${d}': ${r.message}\n`;
    }
    return { stdout: "", stderr: err, exitCode: err ? 1 : 0 };
  },
};

export const touch: Command = {
  name: "touch",
  summary: "change file timestamps (creating missing files)",
  run(ctx) {
    const o = parseArgs("touch", ctx.argv.slice(1), { bool: "acm", value: "dtr" });
    if (typeof o === "string") return fail(o);
    if (o.operands.length === 0) return fail(usageError("touch", "missing file operand"));
    let err = "";
    for (const f of o.operands) {
      const r = ctx.fs.touch(abs(ctx, f));
      if (!r.ok) err += `touch: cannot touch '${f}': ${r.message}\n`;
    }
    return { stdout: "", stderr: err, exitCode: err ? 1 : 0 };
  },
};

export const rm: Command = {
  name: "rm",
  summary: "remove files or directories",
  run(ctx) {
    const o = parseArgs("rm", ctx.argv.slice(1), {
      bool: "rRfivd",
      long: { recursive: "r", force: "f", verbose: "v", "no-preserve-root": "N", dir: "d" },
    });
    if (typeof o === "string") return fail(o);
    const force = o.has("f");
    const recursive = o.has("r") || o.has("R");
    if (o.operands.length === 0)
      return force ? { stdout: "", stderr: "", exitCode: 0 } : fail(usageError("rm", "missing operand"));
    let err = "";
    let out = "";
    for (const f of o.operands) {
      const path = abs(ctx, f);
      if (path === "/" && recursive && !o.has("N")) {
        err +=
          "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n";
        continue;
      }
      if (!ctx.fs.exists(path)) {
        if (!force) err += `rm: cannot remove '${f}': No such file or directory\n`;
        continue;
      }
      if (ctx.fs.isDir(path) && !recursive) {
        if (o.has("d")) {
          const r = ctx.fs.rmdir(path);
          if (!r.ok) err += `rm: cannot remove '${f}': ${r.message}\n`;
          continue;
        }
        err += `rm: cannot remove '${f}': Is a directory\n`;
        continue;
      }
      const r = ctx.fs.rm(path, { recursive });
      if (!r.ok) err += `rm: cannot remove '${f}': ${r.message}\n`;
      else if (o.has("v")) out += ctx.fs.isDir(path) ? `removed directory '${f}'\n` : `removed '${f}'\n`;
    }
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  },
};

function copyOrMove(tool: "cp" | "mv"): Command["run"] {
  return (ctx) => {
    const o = parseArgs(tool, ctx.argv.slice(1), {
      bool: tool === "cp" ? "rRafpvinuT" : "fivnuT",
      value: "t",
      long: { recursive: "r", archive: "a", force: "f", verbose: "v", "no-clobber": "n", "target-directory=": "t" },
    });
    if (typeof o === "string") return fail(o);
    const ops = [...o.operands];
    const targetDir = o.get("t");
    if (ops.length === 0) return fail(usageError(tool, "missing file operand"));
    if (!targetDir && ops.length === 1)
      return fail(usageError(tool, `missing destination file operand after '${ops[0]}'`));
    const dest = targetDir ?? ops.pop()!;
    const destPath = abs(ctx, dest);
    const destIsDir = ctx.fs.isDir(destPath);
    if (ops.length > 1 && !destIsDir) return fail(`${tool}: target '${dest}' is not a directory\n`);
    const recursive = o.has("r") || o.has("R") || o.has("a");
    let err = "";
    let out = "";
    for (const src of ops) {
      const srcPath = abs(ctx, src);
      if (!ctx.fs.exists(srcPath)) {
        err += `${tool}: cannot stat '${src}': No such file or directory\n`;
        continue;
      }
      const to = destIsDir && !o.has("T") ? joinPath(destPath, baseName(srcPath)) : destPath;
      if (to === srcPath) {
        err += `${tool}: '${src}' and '${destIsDir ? joinPath(dest, baseName(srcPath)) : dest}' are the same file\n`;
        continue;
      }
      if (o.has("n") && ctx.fs.exists(to)) continue;
      const srcIsDir = ctx.fs.isDir(srcPath);
      if (tool === "cp" && srcIsDir && !recursive) {
        err += `cp: -r not specified; omitting directory '${src}'\n`;
        continue;
      }
      if (srcIsDir && ctx.fs.exists(to) && !ctx.fs.isDir(to)) {
        err += `${tool}: cannot overwrite non-directory '${to}' with directory '${src}'\n`;
        continue;
      }
      const r = tool === "cp" ? ctx.fs.copy(srcPath, to, { recursive }) : ctx.fs.rename(srcPath, to);
      if (!r.ok) {
        if (r.code === "EINVAL")
          err += `${tool}: cannot ${tool === "cp" ? "copy" : "move"} '${src}' to a subdirectory of itself, '${dest}'\n`;
        else err += `${tool}: cannot ${tool === "cp" ? "create regular file" : "move"} '${dest}': ${r.message}\n`;
        continue;
      }
      if (o.has("v")) out += tool === "cp" ? `'${src}' -> '${dest}'\n` : `renamed '${src}' -> '${dest}'\n`;
    }
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  };
}

export const cp: Command = { name: "cp", summary: "copy files and directories", run: copyOrMove("cp") };
export const mv: Command = { name: "mv", summary: "move (rename) files", run: copyOrMove("mv") };
