/**
 * What a kubectl invocation works with: the cluster behind the current kubeconfig context,
 * the effective namespace, the shell's filesystem and stdin, and virtual time.
 */
import { load } from "js-yaml";
import { Slot } from "../../sim/core/slots.ts";
import { clone } from "../../sim/k8s/api/object.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import type { VirtualFs } from "../shell/vfs.ts";
import type { CommandContext } from "../types.ts";
import type { FlagValues } from "./flags.ts";

export interface Kubectl {
  cluster: Cluster;
  fs: VirtualFs;
  cwd: string;
  stdin: string;
  /** Effective namespace: `-n`, else the context's, else `default`. */
  namespace: string;
  /** True when `-n/--namespace` was given. */
  namespaceFromFlag: boolean;
  now(): number;
  /** Advances virtual time; false when the simulation's time bound is reached. */
  advance(ms: number): boolean;
  /** Parsed global flags. */
  global: FlagValues;
  shell: CommandContext;
}

export interface KubeconfigView {
  path: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig is YAML data.
  config: any;
}

export function kubeconfigPath(shell: CommandContext, flag: string): string {
  if (flag) return shell.fs.resolve(shell.cwd, flag);
  const env = shell.env.get("KUBECONFIG");
  if (env) return shell.fs.resolve(shell.cwd, env.split(":")[0]);
  const home = shell.env.get("HOME") || "/root";
  return `${home}/.kube/config`;
}

/** Parsed kubeconfigs by content: every kubectl call reads the file, few change it. */
const parsedKubeconfigs = new Map<string, unknown>();
const KUBECONFIG_CACHE_SIZE = 16;

/**
 * Records the parse of a kubeconfig written by the simulation itself, so the first kubectl
 * call of a fresh simulation does not parse YAML it was built from (each simulation's
 * credentials differ, so the content cache alone would miss once per simulation).
 */
export function rememberKubeconfig(fs: VirtualFs, text: string, config: unknown): void {
  LAST_KUBECONFIG.set(fs, { text, config });
}

/**
 * The kubeconfig last parsed on each host's filesystem: the content cache above is shared and
 * small, so with many simulations alive at once each would otherwise parse its own again.
 */
const LAST_KUBECONFIG = new Slot<{ text: string; config: unknown }>();

/**
 * The kubeconfig a command uses. `copy: false` hands out the cached parse itself, for callers
 * that only read it (every kubectl invocation reads the current context); callers that edit it
 * (kubectl config) get their own copy.
 */
export function readKubeconfig(
  shell: CommandContext,
  flag: string,
  opts: { copy?: boolean } = {},
): KubeconfigView | undefined {
  const path = kubeconfigPath(shell, flag);
  const r = shell.fs.readFile(path);
  if (!r.ok) return undefined;
  const last = LAST_KUBECONFIG.get(shell.fs);
  let config = last?.text === r.value ? last.config : parsedKubeconfigs.get(r.value);
  if (config === undefined) {
    try {
      config = load(r.value) ?? {};
    } catch {
      return undefined;
    }
    if (parsedKubeconfigs.size >= KUBECONFIG_CACHE_SIZE)
      parsedKubeconfigs.delete(parsedKubeconfigs.keys().next().value!);
    parsedKubeconfigs.set(r.value, config);
  }
  if (last?.text !== r.value) LAST_KUBECONFIG.set(shell.fs, { text: r.value, config });
  // Callers may edit what they get (kubectl config ...): hand out a copy of the cached parse.
  return { path, text: r.value, config: opts.copy === false ? config : clone(config) };
}

// biome-ignore lint/suspicious/noExplicitAny: kubeconfig is YAML data.
export function currentContext(config: any, override = ""): any {
  const name = override || config?.["current-context"];
  return (config?.contexts ?? []).find((c: { name: string }) => c.name === name);
}
