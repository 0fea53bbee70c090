/** The shape of a kubectl subcommand: declarative flags and help, a run function. */
import type { ExecResult } from "../types.ts";
import type { Kubectl } from "./context.ts";
import type { FlagSpec, FlagValues } from "./flags.ts";

export interface KubectlCommand {
  name: string;
  aliases?: string[];
  /** One line for `kubectl --help`. */
  short: string;
  /** `kubectl get [(-o|--output=)json|yaml|...] (TYPE[.VERSION][.GROUP] ...) [flags]` */
  usage: string;
  flags: FlagSpec[];
  /** Subcommands (`create deployment`, `config view`, `rollout status`). */
  subcommands?: KubectlCommand[];
  run?(k: Kubectl, args: string[], flags: FlagValues, afterDash: string[] | undefined): ExecResult;
}

/** Flags every command that reads manifests accepts. */
export const FILENAME_FLAGS: FlagSpec[] = [
  { name: "filename", short: "f", kind: "stringArray" },
  { name: "recursive", short: "R", kind: "bool" },
  { name: "kustomize", short: "k", kind: "string" },
];

export const OUTPUT_FLAGS: FlagSpec[] = [
  { name: "output", short: "o", kind: "string" },
  { name: "template", kind: "string" },
  { name: "show-managed-fields", kind: "bool" },
  { name: "allow-missing-template-keys", kind: "bool", default: true },
];

export const DRY_RUN_FLAG: FlagSpec = { name: "dry-run", kind: "string", default: "none", noOptDefault: "unchanged" };

export type DryRun = "none" | "client" | "server";

/** `--dry-run` values as kubectl validates them. */
export function parseDryRun(v: string): { ok: true; value: DryRun } | { ok: false; error: string } {
  if (v === "" || v === "none" || v === "false") return { ok: true, value: "none" };
  if (v === "client" || v === "server") return { ok: true, value: v };
  if (v === "unchanged" || v === "true") {
    // kubectl: a bare --dry-run is deprecated and means client.
    return { ok: true, value: "client" };
  }
  return { ok: false, error: `Invalid dry-run value (${v}). Must be "none", "server", or "client".` };
}

export function dryRunSuffix(d: DryRun): string {
  return d === "client" ? " (dry run)" : d === "server" ? " (server dry run)" : "";
}
