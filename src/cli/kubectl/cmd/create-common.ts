/**
 * The shape every `kubectl create <generator>` shares (create_*.go): exactly one NAME, the
 * generator builds the object as the typed Go struct would serialise it (which is why
 * `creationTimestamp: null`, `resources: {}` and `status: {}` appear in `--dry-run=client -o
 * yaml`), `--save-config` adds the last-applied annotation, then the object is sent to the
 * server unless the dry run is client-side, and printed as `kind.group/name created`.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { ExecResult } from "../../types.ts";
import { DRY_RUN_FLAG, type DryRun, dryRunSuffix, type KubectlCommand, OUTPUT_FLAGS, parseDryRun } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { type KubectlError, renderError } from "../errors.ts";
import type { FlagSpec, FlagValues } from "../flags.ts";
import { bool, str } from "../flags.ts";
import { kindLabel } from "../resource-mapper.ts";
import { withLastApplied } from "./apply.ts";
import { printObjects } from "./shared.ts";
import { errorLine, failure, usageError } from "./targets.ts";

export interface GeneratorInput {
  name: string;
  /** Positional arguments after NAME (before `--`). */
  rest: string[];
  /** Arguments after `--` (the container command of `create deployment|job|cronjob`). */
  command: string[];
  flags: FlagValues;
  /** The namespace written into the object: set only when `-n` was given (EnforceNamespace). */
  enforcedNamespace: string;
  commandPath: string;
}

export type Generated = { ok: true; object: KObject } | { ok: false; result: ExecResult };

export interface GeneratorSpec {
  name: string;
  aliases?: string[];
  short: string;
  usage: string;
  flags: FlagSpec[];
  /** Flags cobra's MarkFlagRequired names. */
  required?: string[];
  /** The first minor version whose kubectl has this subcommand. */
  since?: number;
  generate(k: Kubectl, input: GeneratorInput): Generated;
  /** How the command words a failed create (`failed to create deployment: ...`); raw when absent. */
  wrapCreateError?: (message: string, object: KObject) => string;
}

export const GENERATOR_FLAGS: FlagSpec[] = [
  ...OUTPUT_FLAGS,
  DRY_RUN_FLAG,
  { name: "save-config", kind: "bool" },
  { name: "validate", kind: "string", default: "true", noOptDefault: "true" },
  { name: "field-manager", kind: "string", default: "kubectl-create" },
];

/** A `create` subcommand from its generator. */
export function generatorCommand(spec: GeneratorSpec, parentPath = "kubectl create"): KubectlCommand {
  const commandPath = `${parentPath} ${spec.name}`;
  return {
    name: spec.name,
    aliases: spec.aliases,
    short: spec.short,
    usage: `${parentPath.replace(/^kubectl /, "kubectl ")} ${spec.usage}`,
    flags: [...GENERATOR_FLAGS, ...spec.flags],
    run: (k, args, flags, afterDash) => runGenerator(k, spec, commandPath, args, flags, afterDash),
  };
}

function runGenerator(
  k: Kubectl,
  spec: GeneratorSpec,
  commandPath: string,
  args: string[],
  flags: FlagValues,
  afterDash: string[] | undefined,
): ExecResult {
  if (spec.since !== undefined && k.cluster.minor < spec.since) return createWithoutFilename(k.cluster.minor);
  const missing = (spec.required ?? []).filter((r) => !wasGiven(k, r));
  if (missing.length) return errorLine(`required flag(s) ${missing.map((m) => `"${m}"`).join(", ")} not set`);
  if (args.length !== 1) return usageError(commandPath, `exactly one NAME is required, got ${args.length}`);
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return errorLine(dry.error);
  const generated = spec.generate(k, {
    name: args[0],
    rest: args.slice(1),
    command: afterDash ?? [],
    flags,
    enforcedNamespace: k.namespaceFromFlag ? k.namespace : "",
    commandPath,
  });
  if (!generated.ok) return generated.result;
  let object = generated.object;
  if (bool(flags, "save-config")) object = withLastApplied(object);
  return createGenerated(k, object, dry.value, flags, spec.wrapCreateError);
}

function wasGiven(k: Kubectl, flag: string): boolean {
  return k.shell.argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
}

/** Sends a generated object (unless the dry run is client-side) and prints it. */
export function createGenerated(
  k: Kubectl,
  object: KObject,
  dry: DryRun,
  flags: FlagValues,
  wrap?: (message: string, object: KObject) => string,
): ExecResult {
  const type = k.cluster.discovery.forKind(object.apiVersion, object.kind);
  let shown = object;
  if (dry !== "client") {
    if (!type) return errorLine(`no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
    const toSend: KObject = { ...object, metadata: { ...object.metadata } };
    if (type.namespaced) toSend.metadata.namespace = k.namespace;
    else delete toSend.metadata.namespace;
    const created = k.cluster.api.create(type, toSend, { dryRun: dry === "server" });
    if (!created.ok) {
      const e: KubectlError = { status: created.status };
      if (wrap) return errorLine(wrap(created.status.message, object));
      return failure(renderError(e));
    }
    if (dry === "none") k.cluster.settle();
    shown = created.value;
  }
  const output = str(flags, "output");
  if (output) return printObjects(k, [shown], output, flags);
  const label = type ? kindLabel(type) : object.kind.toLowerCase();
  return { stdout: `${label}/${object.metadata.name} created${dryRunSuffix(dry)}\n`, stderr: "", exitCode: 0 };
}

/**
 * `kubectl create` with neither -f nor a known generator: cobra takes the word as an argument.
 * kubectl 1.21 complains about -f and prints its help (to stderr, exit 1); newer kubectl
 * returns the plain error (checked against kubectl 1.33).
 */
export function createWithoutFilename(minor: number): ExecResult {
  if (minor < 27) return failure(`Error: must specify one of -f and -k\n\n${CREATE_HELP}`);
  return failure("error: must specify one of -f and -k\n");
}

export const CREATE_HELP = `Create a resource from a file or from stdin.

 JSON and YAML formats are accepted.

Examples:
  # Create a pod using the data in pod.json
  kubectl create -f ./pod.json
  
  # Create a pod based on the JSON passed into stdin
  cat pod.json | kubectl create -f -
  
  # Edit the data in registry.yaml in JSON then create the resource using the edited data
  kubectl create -f registry.yaml --edit -o json

Usage:
  kubectl create -f FILENAME [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** metav1.ObjectMeta as a typed struct serialises it: `creationTimestamp: null` always. */
export function objectMeta(
  name: string | undefined,
  namespace: string,
  extra: Partial<KObject["metadata"]> = {},
): KObject["metadata"] {
  const m: KObject["metadata"] = { creationTimestamp: null };
  if (name) m.name = name;
  if (namespace) m.namespace = namespace;
  for (const [key, v] of Object.entries(extra)) {
    if (v === undefined) continue;
    if (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    m[key] = v;
  }
  return m;
}

/** Go's strconv.Atoi-style parse of a port list entry; undefined when not an integer. */
export function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
}
