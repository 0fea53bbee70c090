/** The text tools and host commands every simulated host has, by name. */
import type { Command } from "../../types.ts";
import { awk } from "./awk/awk.ts";
import { base64 } from "./base64.ts";
import { cat, tee } from "./cat.ts";
import { cut, tr } from "./cut-tr.ts";
import { date } from "./date.ts";
import { diff } from "./diff.ts";
import { echo, printf } from "./echo.ts";
import { cp, ls, mkdir, mv, rm, rmdir, touch } from "./files.ts";
import { egrep, fgrep, grep } from "./grep.ts";
import { headCmd, tailCmd } from "./head-tail.ts";
import { jq } from "./jq/jq.ts";
import { basename, clear, dirname, env, hostname, id, pwd, seq, whoami, xargs, yes } from "./misc.ts";
import { sed } from "./sed.ts";
import { sort, uniq } from "./sort.ts";
import { wc } from "./wc.ts";

const ALL: Command[] = [
  awk,
  base64,
  basename,
  cat,
  clear,
  cp,
  cut,
  date,
  diff,
  dirname,
  echo,
  egrep,
  env,
  fgrep,
  grep,
  headCmd,
  hostname,
  id,
  jq,
  ls,
  mkdir,
  mv,
  printf,
  pwd,
  rm,
  rmdir,
  sed,
  seq,
  sort,
  tailCmd,
  tee,
  touch,
  tr,
  uniq,
  wc,
  whoami,
  xargs,
  yes,
];

export const TOOLS: ReadonlyMap<string, Command> = new Map(ALL.map((c) => [c.name, c]));
