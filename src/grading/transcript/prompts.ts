/**
 * Shell prompts as they appear in a copied terminal. A prompt gives the command typed after
 * it and, when it shows them, the user, the host (which the replay switches to) and the
 * working directory.
 *
 *   root@k8s-m:~# kubectl get pods            user@host:dir$ / #   (Debian, Ubuntu)
 *   (venv) ubuntu@ip-172-31-1-2:~/chapter6$    the same, after a virtualenv/conda marker
 *   [root@k8s-m ~]# kubectl get pods          [user@host dir]$ / #  (RHEL, CentOS, Fedora)
 *   alice@mac ~ % kubectl get pods            user@host dir %       (macOS zsh)
 *   mac:~ alice$ kubectl get pods             host:dir user$        (macOS bash)
 *   PS C:\k8s> kubectl get pods               PowerShell
 *   C:\kubernetes\chapter8>kubectl get pods   cmd.exe
 *   $ kubectl get pods / # kubectl get pods   a bare prompt (only when the transcript uses it)
 */

export type PromptFamily = "posix" | "windows";

export interface PromptMatch {
  /** Which of the formats above, e.g. `user@host:dir`. */
  format: string;
  family: PromptFamily;
  user?: string;
  host?: string;
  /** Shown only when it is a path (`~`, `~/dir`, `/etc`, `C:\k8s`); `[root@k8s-m chapter6]` shows a basename. */
  cwd?: string;
  /** What was typed after the prompt. */
  command: string;
}

interface Format {
  name: string;
  family: PromptFamily;
  re: RegExp;
  /** Capture groups: user, host, directory. */
  groups: { user?: number; host?: number; cwd?: number };
}

const VENV = String.raw`(?:\([^()\s]+\) )?`;
const USER = String.raw`([a-z_][\w.-]*)`;
const HOST = String.raw`([A-Za-z0-9][\w.-]*)`;

/** The formats that name a user and host or a drive: seen once, they make a transcript a terminal copy. */
const FULL_FORMATS: Format[] = [
  {
    name: "user@host:dir",
    family: "posix",
    re: new RegExp(`^${VENV}${USER}@${HOST}:(~[^$#]*?|/[^$#]*?)?[$#](?: |$)`),
    groups: { user: 1, host: 2, cwd: 3 },
  },
  {
    name: "[user@host dir]",
    family: "posix",
    re: new RegExp(String.raw`^${VENV}\[${USER}@${HOST}(?: ([^\]]*))?\][$#](?: |$)`),
    groups: { user: 1, host: 2, cwd: 3 },
  },
  {
    name: "user@host dir %",
    family: "posix",
    re: new RegExp(String.raw`^${VENV}${USER}@${HOST} (\S+) [%#](?: |$)`),
    groups: { user: 1, host: 2, cwd: 3 },
  },
  {
    name: "host:dir user$",
    family: "posix",
    re: new RegExp(String.raw`^${HOST}:(~\S*|/\S*) ${USER}[$#](?: |$)`),
    groups: { host: 1, cwd: 2, user: 3 },
  },
  { name: "PS dir>", family: "windows", re: /^PS ([A-Za-z]:\\[^>]*|\/[^>]*|~[^>]*)> ?/, groups: { cwd: 1 } },
  { name: "drive:\\dir>", family: "windows", re: /^([A-Za-z]:\\[^>]*)>/, groups: { cwd: 1 } },
];

export type BarePrompt = "$" | "#";

/** A prompt at the start of `line`, or undefined. Bare `$ `/`# ` prompts count only when asked for. */
export function matchPrompt(line: string, bare?: BarePrompt): PromptMatch | undefined {
  for (const f of FULL_FORMATS) {
    const m = f.re.exec(line);
    if (!m) continue;
    const cwd = f.groups.cwd !== undefined ? m[f.groups.cwd] : undefined;
    return {
      format: f.name,
      family: f.family,
      ...(f.groups.user !== undefined ? { user: m[f.groups.user] } : {}),
      ...(f.groups.host !== undefined ? { host: m[f.groups.host] } : {}),
      ...(cwd !== undefined && /^(~|\/|[A-Za-z]:\\)/.test(cwd) ? { cwd } : {}),
      command: line.slice(m[0].length),
    };
  }
  if (bare && (line === bare || line.startsWith(`${bare} `))) {
    return { format: bare, family: "posix", command: line.slice(2) };
  }
  return undefined;
}

/** Whether the line starts with a prompt that names a user@host or a drive (never a bare `$`/`#`). */
export function isFullPrompt(line: string): boolean {
  return FULL_FORMATS.some((f) => f.re.test(line));
}

/** The continuation prompt before a heredoc line or a continued line: `> ` (PowerShell: `>> `). */
export function stripContinuationPrompt(line: string, family: PromptFamily): string | undefined {
  if (family === "windows") return line.startsWith(">> ") ? line.slice(3) : line === ">>" ? "" : undefined;
  if (line.startsWith("> ")) return line.slice(2);
  if (line === ">") return "";
  return undefined;
}
