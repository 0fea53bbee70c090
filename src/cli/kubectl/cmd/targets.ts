/**
 * What the mutating commands (label, annotate, scale, set, patch, expose) share: the resource
 * builder's argument forms (`TYPE NAME...`, `TYPE/NAME...`, `TYPE -l sel`, `TYPE --all`,
 * `-f FILE`) resolved to live objects, with the builder's errors in its own words, and the
 * small helpers for flags and usage errors.
 */
import { clone, type KObject } from "../../../sim/k8s/api/object.ts";
import type { ResourceType } from "../../../sim/k8s/api/resources.ts";
import type { ExecResult } from "../../types.ts";
import { readFilenames } from "../builder.ts";
import type { Kubectl } from "../context.ts";
import type { KubectlError } from "../errors.ts";
import { bool, type FlagValues, list, str } from "../flags.ts";
import { resolveResource } from "../resource-mapper.ts";
import { withLastApplied } from "./apply.ts";
import { selectObjects } from "./select.ts";
import { resolveInfo } from "./shared.ts";

export interface LiveTarget {
  type: ResourceType;
  namespace: string;
  name: string;
  /** The live object (or, with `--local`, the object read from the file). */
  object: KObject;
  /** The file it was named in, for `error when ... "x.yaml"`. */
  source: string;
}

export type TargetsResult =
  | { ok: true; targets: LiveTarget[]; errors: KubectlError[]; single: boolean }
  | { ok: false; result: ExecResult };

export const failure = (stderr: string): ExecResult => ({ stdout: "", stderr, exitCode: 1 });
export const errorLine = (message: string): ExecResult => failure(`error: ${message}\n`);

/** cmdutil.UsageErrorf. */
export function usageError(commandPath: string, message: string): ExecResult {
  return failure(`error: ${message}\nSee '${commandPath} -h' for help and examples\n`);
}

/** A pflag StringSlice: every occurrence split on commas. */
export function slice(flags: FlagValues, name: string): string[] {
  const v = flags.get(name);
  if (v === undefined) return [];
  const raw = Array.isArray(v) ? v : [String(v)];
  return raw.flatMap((s) => (s === "" ? [] : s.split(",")));
}

export const MISSING_RESOURCE =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

/** cmdutil.GetResourcesAndPairs: `pod x a=b c-` -> resources [pod x], pairs [a=b c-]. */
export function splitResourcesAndPairs(
  args: string[],
  pairType: string,
): { ok: true; resources: string[]; pairs: string[] } | { ok: false; error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let foundPair = false;
  for (const s of args) {
    const nonResource = (s.includes("=") && s[0] !== "=") || (s.endsWith("-") && s !== "-");
    if (nonResource) {
      foundPair = true;
      pairs.push(s);
    } else if (foundPair) {
      return { ok: false, error: `all resources must be specified before ${pairType} changes: ${s}` };
    } else resources.push(s);
  }
  return { ok: true, resources, pairs };
}

export interface TargetOptions {
  /** `--all` selects every object of the types. */
  all?: boolean;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  /** `--local`: the objects of -f as read, nothing fetched. */
  local?: boolean;
}

/** Resolves the objects an argument list names, as resource.Builder with Latest() does. */
export function resolveTargets(k: Kubectl, args: string[], flags: FlagValues, opts: TargetOptions = {}): TargetsResult {
  const files = list(flags, "filename");
  const targets: LiveTarget[] = [];
  const errors: KubectlError[] = [];
  const selector = opts.selector ?? "";
  const fieldSelector = opts.fieldSelector ?? "";
  if (files.length > 0) {
    const built = readFilenames(k, files, bool(flags, "recursive"));
    if (built.errors.length > 0)
      return { ok: false, result: failure(built.errors.map((e) => `error: ${e}\n`).join("")) };
    for (const info of built.infos) {
      const t = resolveInfo(k, info);
      if (!t.ok) {
        errors.push({ message: t.error });
        continue;
      }
      const v = t.value;
      if (opts.local) {
        targets.push({ type: v.type, namespace: v.namespace, name: v.name, object: v.object, source: info.source });
        continue;
      }
      const got = k.cluster.api.get(v.type, v.namespace, v.name);
      if (got.ok)
        targets.push({ type: v.type, namespace: v.namespace, name: v.name, object: got.value, source: info.source });
      else errors.push({ status: got.status });
    }
    return { ok: true, targets, errors, single: built.infos.length === 1 };
  }
  if (args.length === 0) return { ok: false, result: failure(MISSING_RESOURCE) };
  if (args.some((a) => a.includes("/"))) {
    for (const a of args) {
      const slash = a.indexOf("/");
      if (slash < 0) {
        return {
          ok: false,
          result: errorLine(
            `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
          ),
        };
      }
      const r = resolveResource(k.cluster.discovery, a.slice(0, slash));
      if (!r.ok) return { ok: false, result: errorLine(r.error) };
      pushNamed(k, r.types[0], a.slice(slash + 1), targets, errors);
    }
    return { ok: true, targets, errors, single: args.length === 1 };
  }
  const types: ResourceType[] = [];
  for (const part of args[0].split(",")) {
    const r = resolveResource(k.cluster.discovery, part);
    if (!r.ok) return { ok: false, result: errorLine(r.error) };
    for (const t of r.types) if (!types.includes(t)) types.push(t);
  }
  const names = args.slice(1);
  const selecting = opts.all || selector !== "" || fieldSelector !== "";
  if (names.length > 0 && selecting) {
    return { ok: false, result: errorLine("name cannot be provided when a selector is specified") };
  }
  if (names.length === 0 && !selecting) {
    return { ok: false, result: errorLine("resource(s) were provided, but no name was specified") };
  }
  if (names.length > 0) {
    for (const t of types) for (const n of names) pushNamed(k, t, n, targets, errors);
    return { ok: true, targets, errors, single: types.length === 1 && names.length === 1 };
  }
  for (const t of types) {
    const sel = selectObjects(k, t, opts.allNamespaces ? undefined : k.namespace, selector, fieldSelector);
    if (!sel.ok) return { ok: false, result: failure(sel.error) };
    for (const o of sel.objects) {
      targets.push({
        type: t,
        namespace: o.metadata.namespace ?? "",
        name: o.metadata.name ?? "",
        object: o,
        source: "",
      });
    }
  }
  return { ok: true, targets, errors, single: false };
}

function pushNamed(k: Kubectl, t: ResourceType, name: string, targets: LiveTarget[], errors: KubectlError[]): void {
  const ns = t.namespaced ? k.namespace : "";
  const got = k.cluster.api.get(t, ns, name);
  if (got.ok) targets.push({ type: t, namespace: ns, name, object: got.value, source: "" });
  else errors.push({ status: got.status });
}

/** The `--record` annotation kubectl writes: the command line as typed. */
export const CHANGE_CAUSE = "kubernetes.io/change-cause";

/**
 * The annotations `create` and `replace` add before sending: the last-applied configuration
 * with `--save-config`, the change cause with `--record`. Returns a new object.
 */
export function annotateForWrite(k: Kubectl, obj: KObject, flags: FlagValues): KObject {
  let out = bool(flags, "save-config") ? withLastApplied(obj) : clone(obj);
  if (bool(flags, "record")) {
    out = out === obj ? clone(obj) : out;
    recordCommand(k, out);
  }
  return out;
}

export function recordCommand(k: Kubectl, obj: KObject): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [CHANGE_CAUSE]: k.shell.argv.join(" ") };
}

/** `--record` is deprecated from 1.22: cobra prints this before the command runs. */
export function recordDeprecation(k: Kubectl, flags: FlagValues): string {
  void flags;
  return k.cluster.minor >= 22 && recordWasSet(k)
    ? "Flag --record has been deprecated, --record will be removed in the future\n"
    : "";
}

function recordWasSet(k: Kubectl): boolean {
  return k.shell.argv.some((a) => a === "--record" || a.startsWith("--record="));
}

export { str };
