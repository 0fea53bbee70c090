/**
 * kubectl get: resolve `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`, list with label and field
 * selectors, and print as a table (the server's columns) or in a -o format.
 */
import { deprecationWarning } from "../../../sim/k8s/api/deprecations.ts";
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { ResourceType } from "../../../sim/k8s/api/resources.ts";
import type { ExecResult } from "../../types.ts";
import { readFilenames } from "../builder.ts";
import { FILENAME_FLAGS, type KubectlCommand, OUTPUT_FLAGS } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { type KubectlError, renderError, standardMessage } from "../errors.ts";
import { bool, type FlagValues, list, str } from "../flags.ts";
import { kindLabel, resolveResource } from "../resource-mapper.ts";
import { formatOutput, isTableOutput, noResourcesMessage, renderHuman } from "./format.ts";
import { selectObjects } from "./select.ts";
import { resolveInfo } from "./shared.ts";

export const GET_FLAGS = [
  ...FILENAME_FLAGS,
  ...OUTPUT_FLAGS,
  { name: "all-namespaces", short: "A", kind: "bool" as const },
  { name: "selector", short: "l", kind: "string" as const },
  { name: "field-selector", kind: "string" as const },
  { name: "show-labels", kind: "bool" as const },
  { name: "label-columns", short: "L", kind: "stringArray" as const },
  { name: "no-headers", kind: "bool" as const },
  { name: "sort-by", kind: "string" as const },
  { name: "watch", short: "w", kind: "bool" as const },
  { name: "watch-only", kind: "bool" as const },
  { name: "show-kind", kind: "bool" as const },
  { name: "ignore-not-found", kind: "bool" as const },
  { name: "chunk-size", kind: "int" as const, default: 500 },
  { name: "server-print", kind: "bool" as const, default: true },
  { name: "output-watch-events", kind: "bool" as const },
  { name: "raw", kind: "string" as const },
  { name: "subresource", kind: "string" as const },
];

export const getCommand: KubectlCommand = {
  name: "get",
  short: "Display one or many resources",
  usage:
    "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
  flags: GET_FLAGS,
  run: (k, args, flags) => runGet(k, args, flags),
};

export interface Fetched {
  type: ResourceType;
  objects: KObject[];
}

/** The objects a `get`-style argument list names, in kubectl's order, with per-name errors. */
export function fetchForArgs(
  k: Kubectl,
  args: string[],
  flags: FlagValues,
): { ok: true; groups: Fetched[]; errors: KubectlError[]; named: boolean } | { ok: false; result: ExecResult } {
  const allNs = bool(flags, "all-namespaces");
  const namespace = allNs ? undefined : k.namespace;
  const errors: KubectlError[] = [];
  const groups: Fetched[] = [];
  const files = list(flags, "filename");
  if (files.length) {
    const built = readFilenames(k, files, bool(flags, "recursive"));
    if (built.errors.length)
      return {
        ok: false,
        result: { stdout: "", stderr: built.errors.map((e) => `error: ${e}\n`).join(""), exitCode: 1 },
      };
    for (const info of built.infos) {
      const t = resolveInfo(k, info);
      if (!t.ok) {
        errors.push({ message: t.error });
        continue;
      }
      const got = k.cluster.api.get(t.value.type, t.value.namespace, t.value.name);
      if (got.ok) pushObject(groups, t.value.type, got.value);
      else errors.push({ status: got.status });
    }
    return { ok: true, groups, errors, named: true };
  }
  if (args.length === 0) {
    return {
      ok: false,
      result: {
        stdout: "",
        stderr:
          'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
        exitCode: 1,
      },
    };
  }
  const slashForm = args.some((a) => a.includes("/"));
  if (slashForm) {
    if (!args.every((a) => a.includes("/"))) {
      return {
        ok: false,
        result: {
          stdout: "",
          stderr: `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n`,
          exitCode: 1,
        },
      };
    }
    for (const a of args) {
      const slash = a.indexOf("/");
      const r = resolveResource(k.cluster.discovery, a.slice(0, slash));
      if (!r.ok) return { ok: false, result: { stdout: "", stderr: `error: ${r.error}\n`, exitCode: 1 } };
      const t = r.types[0];
      const got = k.cluster.api.get(t, k.namespace, a.slice(slash + 1));
      if (got.ok) pushObject(groups, t, got.value);
      else errors.push({ status: got.status });
    }
    return { ok: true, groups, errors, named: true };
  }
  const types: ResourceType[] = [];
  for (const part of args[0].split(",")) {
    const r = resolveResource(k.cluster.discovery, part);
    if (!r.ok) return { ok: false, result: { stdout: "", stderr: `error: ${r.error}\n`, exitCode: 1 } };
    for (const t of r.types) if (!types.includes(t)) types.push(t);
  }
  const names = args.slice(1);
  if (names.length > 0) {
    if (allNs && k.cluster.minor >= 0) {
      // kubectl refuses names with --all-namespaces.
      return {
        ok: false,
        result: {
          stdout: "",
          stderr: "error: a resource cannot be retrieved by name across all namespaces\n",
          exitCode: 1,
        },
      };
    }
    for (const t of types) {
      for (const n of names) {
        const got = k.cluster.api.get(t, k.namespace, n);
        if (got.ok) pushObject(groups, t, got.value);
        else errors.push({ status: got.status });
      }
    }
    return { ok: true, groups, errors, named: true };
  }
  for (const t of types) {
    const sel = selectObjects(k, t, namespace, str(flags, "selector"), str(flags, "field-selector"));
    if (!sel.ok) return { ok: false, result: { stdout: "", stderr: sel.error, exitCode: 1 } };
    groups.push({ type: t, objects: sel.objects });
  }
  return { ok: true, groups, errors, named: false };
}

function pushObject(groups: Fetched[], type: ResourceType, o: KObject): void {
  const last = groups[groups.length - 1];
  if (last && last.type === type) last.objects.push(o);
  else groups.push({ type, objects: [o] });
}

export function runGet(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const r = runGetInner(k, args, flags);
  // The server warns on every request for a deprecated version (v1 Endpoints from 1.33).
  const warnings = new Set<string>();
  for (const t of resolvedTypes(k, args)) {
    const w = deprecationWarning(k.cluster.discovery.preferredApiVersion(t), t.kind, k.cluster.minor);
    if (w) warnings.add(`Warning: ${w}\n`);
  }
  return warnings.size ? { ...r, stderr: [...warnings].join("") + r.stderr } : r;
}

function resolvedTypes(k: Kubectl, args: string[]): ResourceType[] {
  const names = args.some((a) => a.includes("/"))
    ? args.map((a) => a.slice(0, a.indexOf("/")))
    : args.slice(0, 1).flatMap((a) => a.split(","));
  const out: ResourceType[] = [];
  for (const n of names) {
    const r = resolveResource(k.cluster.discovery, n);
    if (r.ok) out.push(...r.types);
  }
  return out;
}

function runGetInner(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const fetched = fetchForArgs(k, args, flags);
  if (!fetched.ok) return fetched.result;
  const { groups, errors, named } = fetched;
  const output = str(flags, "output");
  const allNs = bool(flags, "all-namespaces");
  let stdout = "";
  let stderr = "";
  const objects = groups.flatMap((g) => g.objects);
  // One object named (`get pod x`, `get pod/x`): its error alone, with nothing printed before it.
  const singleImplied = named && countNames(args, flags) === 1;
  if (singleImplied && errors.length > 0 && !isTableOutput(output)) {
    const ignore = bool(flags, "ignore-not-found");
    const shown = errors.filter((e) => !(ignore && "status" in e && e.status.reason === "NotFound"));
    return { stdout: "", stderr: shown.map((e) => `${standardMessage(e)}\n`).join(""), exitCode: shown.length ? 1 : 0 };
  }
  if (!isTableOutput(output)) {
    const r = formatOutput(k, groups, output, flags, singleImplied && objects.length === 1);
    stdout = r.stdout;
    stderr = r.stderr;
    if (r.exitCode !== 0) return { stdout, stderr: stderr + errors.map(renderError).join(""), exitCode: r.exitCode };
  } else if (objects.length > 0) {
    const r = renderHuman(k, groups, flags, { allNamespaces: allNs });
    stdout = r.stdout;
    stderr = r.stderr;
  } else if (errors.length === 0 && !named) {
    stderr = noResourcesMessage(
      allNs ? undefined : k.namespace,
      groups.some((g) => g.type.namespaced),
    );
  }
  if (errors.length > 0) {
    const ignore = bool(flags, "ignore-not-found");
    const shown = errors.filter((e) => !(ignore && "status" in e && e.status.reason === "NotFound"));
    stderr += shown.map((e) => `${standardMessage(e)}\n`).join("");
    return { stdout, stderr, exitCode: shown.length ? 1 : 0 };
  }
  return { stdout, stderr, exitCode: 0 };
}

/** How many objects the arguments name (`get pod a b` -> 2, `get pod/a` -> 1, `get pods` -> 0). */
function countNames(args: string[], flags: FlagValues): number {
  if (list(flags, "filename").length) return 2;
  if (args.some((a) => a.includes("/"))) return args.length;
  return args[0]?.includes(",") ? 2 : Math.max(0, args.length - 1);
}

export { kindLabel };
