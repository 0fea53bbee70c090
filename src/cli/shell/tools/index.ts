/** The text tools and host commands every simulated host has, by name. */
import type { Command } from "../../types.ts";
import { cat, tee } from "./cat.ts";
import { date } from "./date.ts";
import { echo, printf } from "./echo.ts";
import { cp, ls, mkdir, mv, rm, rmdir, touch } from "./files.ts";
import { basename, clear, dirname, env, hostname, id, pwd, seq, whoami, xargs, yes } from "./misc.ts";

const ALL: Command[] = [
  cat,
  tee,
  date,
  echo,
  printf,
  cp,
  ls,
  mkdir,
  mv,
  rm,
  rmdir,
  touch,
  basename,
  clear,
  dirname,
  env,
  hostname,
  id,
  pwd,
  seq,
  whoami,
  xargs,
  yes,
];

export const TOOLS: ReadonlyMap<string, Command> = new Map(ALL.map((c) => [c.name, c]));
