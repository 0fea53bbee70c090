/**
 * Which executables an image has on its PATH, by base system. `kubectl exec` of anything else
 * fails in the runtime ("executable file not found in $PATH"); inside a shell the shell says
 * it is not found.
 */
import type { BaseSystem } from "../../sim/k8s/images/catalogue.ts";
import type { ShellDialect } from "../shell/interpreter.ts";

const COREUTILS = [
  "cat",
  "ls",
  "env",
  "hostname",
  "sleep",
  "echo",
  "head",
  "tail",
  "grep",
  "egrep",
  "fgrep",
  "sed",
  "awk",
  "wc",
  "sort",
  "uniq",
  "cut",
  "tr",
  "date",
  "id",
  "whoami",
  "mkdir",
  "rm",
  "rmdir",
  "cp",
  "mv",
  "touch",
  "tee",
  "base64",
  "printf",
  "test",
  "[",
  "true",
  "false",
  "basename",
  "dirname",
  "seq",
  "yes",
  "pwd",
  "kill",
  "uname",
  "xargs",
  "find",
  "stat",
  "df",
  "du",
  "mount",
  "diff",
  "clear",
];

const BUSYBOX = [
  ...COREUTILS,
  "sh",
  "ash",
  "wget",
  "nslookup",
  "ping",
  "ps",
  "top",
  "nc",
  "telnet",
  "ifconfig",
  "ip",
  "route",
  "netstat",
  "vi",
  "free",
  "watch",
  "less",
  "more",
  "hexdump",
  "md5sum",
  "sha256sum",
  "traceroute",
];

const SETS: Record<BaseSystem, ReadonlySet<string>> = {
  busybox: new Set(BUSYBOX),
  alpine: new Set([...BUSYBOX, "apk"]),
  debian: new Set([...COREUTILS, "sh", "bash", "dash"]),
  ubuntu: new Set([...COREUTILS, "sh", "bash", "dash", "apt", "apt-get"]),
  oraclelinux: new Set([...COREUTILS, "sh", "bash", "microdnf"]),
  distroless: new Set<string>(),
};

/** True when `name` (a bare name or a path such as /bin/sh) runs in an image of this base. */
export function hasBinary(base: BaseSystem, extra: readonly string[] | undefined, name: string): boolean {
  const bare = name.includes("/") ? name.slice(name.lastIndexOf("/") + 1) : name;
  if (extra?.includes(name) || extra?.includes(bare)) return true;
  return SETS[base].has(bare);
}

/**
 * The shell a shell program's name runs in an image of this base: `sh` is dash on Debian and
 * Ubuntu, BusyBox ash on busybox and Alpine, bash on Oracle Linux (where it runs as `sh`).
 */
export function shellDialect(base: BaseSystem, name: string): ShellDialect {
  const bare = name.slice(name.lastIndexOf("/") + 1);
  if (bare === "bash") return "bash";
  if (bare === "dash") return "dash";
  if (bare === "ash") return "ash";
  if (base === "busybox" || base === "alpine") return "ash";
  if (base === "oraclelinux") return "bash-as-sh";
  return "dash";
}
