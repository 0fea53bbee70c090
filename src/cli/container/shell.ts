/**
 * A shell inside a container: the sandboxed interpreter of src/cli/shell over the container's
 * own filesystem, environment and hostname. The kubelet uses it to run a container's command
 * (`sh -c "..."`), exec probes and lifecycle hooks; `kubectl exec` uses it for what a student
 * types. Time inside is the caller's: the kubelet gives each run its own clock, so `sleep 30`
 * in a container script takes 30 virtual seconds of that container, not of the terminal.
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import { resolveImage } from "../../sim/k8s/images/registry.ts";
import { Shell, type ShellLimits } from "../shell/interpreter.ts";
import type { VirtualFs } from "../shell/vfs.ts";
import type { Command, HostServices } from "../types.ts";
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
}

export function createContainerShell(o: ContainerShellOptions): Shell {
  const host: HostServices = { hostname: o.hostname, ip: o.ip, now: o.now, advance: o.advance, ...o.services };
  const curlVersion = imageCurlVersion(o.services?.pod as KObject | undefined, o.services?.container as string);
  if (curlVersion) host.curlVersion = curlVersion;
  const resolve = (name: string): Command | undefined => containerCommand(name);
  const shell = new Shell({ fs: o.fs, host, resolveCommand: resolve, cwd: o.cwd, limits: o.limits });
  // A container's environment is exactly what the runtime gives the process, in its order:
  // none of the login variables a terminal session has.
  shell.vars.clear();
  for (const [k, v] of Object.entries(o.env)) shell.vars.set(k, { value: v, exported: true });
  if (o.withPwd) shell.vars.set("PWD", { value: o.cwd, exported: true });
  return shell;
}

/**
 * The curl version the container's image ships, from the image catalogue (e.g. 7.88.1 in
 * nginx:1.27, Debian bookworm's); undefined when the catalogue does not know it.
 */
function imageCurlVersion(pod: KObject | undefined, container: string | undefined): string | undefined {
  if (!pod || !container) return undefined;
  type Spec = { name: string; image?: string };
  const specs: Spec[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const image = specs.find((c) => c.name === container)?.image;
  const resolved = image ? resolveImage(image) : undefined;
  return resolved?.tag.curl ?? resolved?.entry.curl;
}

/** Quotes argv for the shell so `["echo", "a b"]` runs as one command with its two words. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
