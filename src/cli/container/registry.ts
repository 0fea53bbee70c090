/**
 * Commands that exist only inside containers (or that another part of the simulation provides,
 * such as `curl` through the cluster network), by name. The text tools every shell has
 * (cat, ls, grep, ...) come from src/cli/shell/tools; this registry adds the rest. Another
 * module registers its command at import time:
 *
 *   registerContainerCommand(curlCommand);
 */
import type { Command } from "../types.ts";

const commands = new Map<string, Command>();

export function registerContainerCommand(c: Command): void {
  commands.set(c.name, c);
}

export function containerCommand(name: string): Command | undefined {
  return commands.get(name);
}
