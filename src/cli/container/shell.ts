/**
 * A shell inside a container: the sandboxed interpreter of src/cli/shell over the container's
 * own filesystem, environment and hostname. The kubelet uses it to run a container's command
 * (`sh -c "..."`), exec probes and lifecycle hooks; `kubectl exec` uses it for what a student
 * types. Time inside is the caller's: the kubelet gives each run its own clock, so `sleep 30`
 * in a container script takes 30 virtual seconds of that container, not of the terminal.
 */
import type { ResolvedImage } from "../../sim/k8s/images/registry.ts";
import { Shell, type ShellInput, type ShellLimits } from "../shell/interpreter.ts";
import type { VirtualFs } from "../shell/vfs.ts";
import type { Command, HostServices } from "../types.ts";
import { hasBinary, shellDialect } from "./binaries.ts";
import { containerCommand } from "./registry.ts";

export interface ContainerShellOptions {
  fs: VirtualFs;
  env: Record<string, string>;
  hostname: string;
  /** The pod IP, for `hostname -i`. */
  ip: string;
  cwd: string;
  now(): number;
  /** Returns false when the run may not go further in time (its horizon). */
  advance(ms: number): boolean;
  /** Further services for container commands (e.g. the cluster, the pod, for curl). */
  services?: Record<string, unknown>;
  limits?: Partial<ShellLimits>;
  /** A shell sets PWD; a process exec'd directly (`kubectl exec POD -- env`) has none. */
  withPwd?: boolean;
  /** The image: which programs it has, and which shell `sh` is. */
  image: ResolvedImage;
  /**
   * The shell the script runs in, as typed (`sh`, `/bin/bash`), and how it reads the script;
   * none for a command run without a shell (a probe's, `kubectl exec POD -- ls`).
   */
  shell?: { name: string; input: ShellInput; arg0?: string };
}

export function createContainerShell(o: ContainerShellOptions): Shell {
  const host: HostServices = { hostname: o.hostname, ip: o.ip, now: o.now, advance: o.advance, ...o.services };
  host.image = o.image;
  const curlVersion = o.image.tag.curl ?? o.image.entry.curl;
  if (curlVersion) host.curlVersion = curlVersion;
  const resolve = (name: string): Command | undefined => containerCommand(name);
  const { base, entry } = o.image;
  const shell = new Shell({
    fs: o.fs,
    host,
    resolveCommand: resolve,
    cwd: o.cwd,
    limits: o.limits,
    hasProgram: (name) => hasBinary(base, entry.extraBinaries, name),
    dialectOf: (name) => shellDialect(base, name),
  });
  if (o.shell) {
    shell.dialect = shellDialect(base, o.shell.name);
    shell.input = o.shell.input;
    shell.arg0 = o.shell.arg0 ?? o.shell.name;
  }
  // A container's environment is exactly what the runtime gives the process, in its order:
  // none of the login variables a terminal session has.
  shell.vars.clear();
  for (const [k, v] of Object.entries(o.env)) shell.vars.set(k, { value: v, exported: true });
  if (o.withPwd) shell.vars.set("PWD", { value: o.cwd, exported: true });
  return shell;
}

/** Quotes argv for the shell so `["echo", "a b"]` runs as one command with its two words. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
