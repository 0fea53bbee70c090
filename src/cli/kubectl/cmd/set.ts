/**
 * kubectl set image|env|resources|serviceaccount (set_image.go, set_env.go,
 * set_resources.go, set_serviceaccount.go): each edits the pod spec of a Pod or of a
 * workload's template, and only objects that actually change are patched and printed
 * (`deployment.apps/web image updated`); per-object failures read
 * `error: deployments.apps/web <why>`, except a missing container for `set image`, which
 * kubectl reports as `error: unable to find container named "x"` (checked against kubectl 1.33).
 */
import { clone, jsonEqual, type KObject } from "../../../sim/k8s/api/object.ts";
import { isEnvVarName } from "../../../sim/k8s/validation/names.ts";
import type { ExecResult } from "../../types.ts";
import {
  DRY_RUN_FLAG,
  dryRunSuffix,
  FILENAME_FLAGS,
  type KubectlCommand,
  OUTPUT_FLAGS,
  parseDryRun,
} from "../command.ts";
import type { Kubectl } from "../context.ts";
import { renderError } from "../errors.ts";
import { bool, type FlagValues, list, str } from "../flags.ts";
import { kindLabel, resolveResource } from "../resource-mapper.ts";
import { printObjects } from "./shared.ts";
import {
  errorLine,
  type LiveTarget,
  recordCommand,
  recordDeprecation,
  resolveTargets,
  slice,
  splitResourcesAndPairs,
} from "./targets.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON here.
type PodSpec = { containers?: any[]; initContainers?: any[]; serviceAccountName?: string; serviceAccount?: string };

/** polymorphichelpers.UpdatePodSpecForObject: where an object keeps its pod spec. */
function podSpecOf(o: KObject): PodSpec | undefined {
  switch (o.kind) {
    case "Pod":
      return o.spec;
    case "CronJob":
      return o.spec?.jobTemplate?.spec?.template?.spec;
    case "Deployment":
    case "ReplicaSet":
    case "DaemonSet":
    case "StatefulSet":
    case "Job":
    case "ReplicationController":
      return o.spec?.template?.spec;
    default:
      return undefined;
  }
}

/** `deployments.apps/web`, as info.ObjectName() names an object. */
function objectName(t: LiveTarget): string {
  return `${t.type.group ? `${t.type.resource}.${t.type.group}` : t.type.resource}/${t.name}`;
}

/** filepath.Match-style container selection (`*`, `?`). */
function matchName(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return re.test(name);
}

const SET_FLAGS = [
  ...FILENAME_FLAGS,
  ...OUTPUT_FLAGS,
  DRY_RUN_FLAG,
  { name: "all", kind: "bool" as const },
  { name: "selector", short: "l", kind: "string" as const },
  { name: "local", kind: "bool" as const },
  { name: "record", kind: "bool" as const },
];

type Mutate = (t: LiveTarget, spec: PodSpec) => string | undefined;

/** The common loop: mutate a copy, skip unchanged objects, update the rest, print `<verb>`. */
function applyToTargets(
  k: Kubectl,
  resourceArgs: string[],
  flags: FlagValues,
  verb: string,
  mutate: Mutate,
): ExecResult {
  const warning = recordDeprecation(k, flags);
  const done = (r: ExecResult): ExecResult => ({ ...r, stderr: warning + r.stderr });
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return done(errorLine(dry.error));
  const local = bool(flags, "local");
  const resolved = resolveTargets(k, resourceArgs, flags, {
    all: bool(flags, "all"),
    selector: str(flags, "selector"),
    local,
  });
  if (!resolved.ok) return done(resolved.result);
  let stdout = "";
  let stderr = resolved.errors.map((e) => renderError(e)).join("");
  for (const t of resolved.targets) {
    const next: KObject = clone(t.object);
    const spec = podSpecOf(next);
    if (!spec) {
      stderr += `error: ${objectName(t)} the object is not a pod or does not have a pod template: *${k.cluster.discovery.preferredVersion(t.type)}.${t.object.kind}\n`;
      continue;
    }
    const err = mutate(t, spec);
    if (err) {
      // kubectl set image reports a missing container without naming the object.
      stderr += err.startsWith("unable to find container named")
        ? `error: ${err}\n`
        : `error: ${objectName(t)} ${err}\n`;
      continue;
    }
    if (jsonEqual(next, t.object)) continue;
    let result = next;
    if (!(local || dry.value === "client")) {
      if (bool(flags, "record")) recordCommand(k, next);
      const updated = k.cluster.api.update(t.type, next, { dryRun: dry.value === "server" });
      if (!updated.ok) {
        const what = verb === "env updated" ? "env" : verb.split(" ")[0];
        stderr += `error: failed to patch ${what} update to pod template: ${renderError({ status: updated.status })
          .replace(/^error: /, "")
          .trimEnd()}\n`;
        continue;
      }
      if (dry.value === "none") k.cluster.settle();
      result = updated.value;
    }
    const output = str(flags, "output");
    if (output) {
      const p = printObjects(k, [result], output, flags);
      stdout += p.stdout;
      stderr += p.stderr;
    } else stdout += `${kindLabel(t.type)}/${t.name} ${verb}${local ? "" : dryRunSuffix(dry.value)}\n`;
  }
  return done({ stdout, stderr, exitCode: stderr.includes("error") ? 1 : 0 });
}

const setImage: KubectlCommand = {
  name: "image",
  short: "Update the image of a pod template",
  usage:
    "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
  flags: SET_FLAGS,
  run(k, args, flags) {
    const split = splitResourcesAndPairs(args, "image");
    if (!split.ok) return errorLine(split.error);
    const images = new Map<string, string>();
    for (const pair of split.pairs) {
      const eq = pair.indexOf("=");
      if (eq < 0) return errorLine(`invalid image update: ${pair}`);
      images.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const hasFiles = list(flags, "filename").length > 0;
    if (split.resources.length < 1 && !hasFiles)
      return errorLine("one or more resources must be specified as <resource> <name> or <resource>/<name>");
    if (images.size === 0) return errorLine("at least one image update is required");
    return applyToTargets(k, split.resources, flags, "image updated", (_t, spec) => {
      const errs: string[] = [];
      for (const [name, image] of images) {
        let found = false;
        for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
          if (name === "*" || c.name === name) {
            c.image = image;
            found = true;
          }
        }
        if (!found) errs.push(`unable to find container named ${JSON.stringify(name)}`);
      }
      if (errs.length === 0) return undefined;
      return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
    });
  },
};

type EnvVar = { name: string; value?: string; valueFrom?: Record<string, unknown> };

function parseEnv(specs: string[]): { ok: true; set: EnvVar[]; remove: string[] } | { ok: false; error: string } {
  const set: EnvVar[] = [];
  const remove: string[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq >= 0) {
      const name = spec.slice(0, eq);
      const errs = isEnvVarName(name);
      if (errs.length)
        return { ok: false, error: `${JSON.stringify(name)} is not a valid key name: ${errs.join(";")}` };
      set.push({ name, value: spec.slice(eq + 1) });
    } else if (spec.endsWith("-")) remove.push(spec.slice(0, -1));
    else return { ok: false, error: `unknown environment variable: ${spec}` };
  }
  return { ok: true, set, remove };
}

function updateEnv(existing: EnvVar[], add: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const added = new Set<string>();
  for (const e of existing) {
    if (remove.includes(e.name)) continue;
    const replacement = add.find((a) => a.name === e.name);
    if (replacement) {
      out.push(replacement);
      added.add(e.name);
    } else out.push(e);
  }
  for (const a of add)
    if (!added.has(a.name) && !remove.includes(a.name)) {
      out.push(a);
      added.add(a.name);
    }
  return out;
}

function refString(from: Record<string, unknown>): string {
  const f = from as Record<string, Record<string, string> | undefined>;
  if (f.fieldRef) return `field path ${f.fieldRef.fieldPath}`;
  if (f.resourceFieldRef) return `resource ${f.resourceFieldRef.resource}`;
  if (f.secretKeyRef) return `secret ${f.secretKeyRef.name}, key ${f.secretKeyRef.key}`;
  if (f.configMapKeyRef) return `configmap ${f.configMapKeyRef.name}, key ${f.configMapKeyRef.key}`;
  return "invalid valueFrom";
}

function envFrom(
  k: Kubectl,
  from: string,
  keys: string[],
): { ok: true; vars: EnvVar[] } | { ok: false; result: ExecResult } {
  const slash = from.indexOf("/");
  if (slash < 0)
    return { ok: false, result: errorLine(`arguments in resource/name form must have a single resource and name`) };
  const r = resolveResource(k.cluster.discovery, from.slice(0, slash));
  if (!r.ok) return { ok: false, result: errorLine(r.error) };
  const got = k.cluster.api.get(r.types[0], k.namespace, from.slice(slash + 1));
  if (!got.ok) return { ok: false, result: { stdout: "", stderr: renderError({ status: got.status }), exitCode: 1 } };
  const o = got.value;
  if (o.kind !== "Secret" && o.kind !== "ConfigMap")
    return { ok: false, result: errorLine("unsupported resource specified in --from") };
  const ref = o.kind === "Secret" ? "secretKeyRef" : "configMapKeyRef";
  const vars: EnvVar[] = [];
  for (const key of Object.keys(o.data ?? {}).sort()) {
    if (keys.length && !keys.includes(key)) continue;
    vars.push({
      name: key.replace(/[^a-zA-Z0-9_]/g, "_").toUpperCase(),
      valueFrom: { [ref]: { key, name: o.metadata.name } },
    });
  }
  return { ok: true, vars };
}

const setEnv: KubectlCommand = {
  name: "env",
  short: "Update environment variables on a pod template",
  usage: "kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
  flags: [
    ...SET_FLAGS,
    { name: "env", short: "e", kind: "stringArray" },
    { name: "containers", short: "c", kind: "string", default: "*" },
    { name: "list", kind: "bool" },
    { name: "resolve", kind: "bool" },
    { name: "from", kind: "string" },
    { name: "prefix", kind: "string" },
    { name: "keys", kind: "stringArray" },
    { name: "overwrite", kind: "bool", default: true },
  ],
  run(k, args, flags) {
    const split = splitResourcesAndPairs(args, "env");
    if (!split.ok) return errorLine(split.error);
    const hasFiles = list(flags, "filename").length > 0;
    if (split.resources.length < 1 && !hasFiles)
      return errorLine("one or more resources must be specified as <resource> <name> or <resource>/<name>");
    const listing = bool(flags, "list");
    if (listing && str(flags, "output")) return errorLine("--list and --output may not be specified together");
    const keys = slice(flags, "keys");
    const from = str(flags, "from");
    if (keys.length && !from)
      return errorLine("when specifying --keys, a configmap or secret must be provided with --from");
    const parsed = parseEnv([...list(flags, "env"), ...split.pairs]);
    if (!parsed.ok) return errorLine(parsed.error);
    const env = [...parsed.set];
    if (from) {
      const r = envFrom(k, from, keys);
      if (!r.ok) return r.result;
      env.push(...r.vars);
    }
    const prefix = str(flags, "prefix");
    if (prefix) for (const e of env) e.name = `${prefix}${e.name}`;
    const selector = str(flags, "containers");
    const overwrite = bool(flags, "overwrite");
    if (listing) return listEnv(k, split.resources, flags, selector);
    if (env.length === 0 && parsed.remove.length === 0)
      return errorLine("at least one environment variable must be provided");
    let warnings = "";
    const r = applyToTargets(k, split.resources, flags, "env updated", (t, spec) => {
      const containers = (spec.containers ?? []).filter((c) => matchName(selector, c.name));
      if (containers.length === 0) {
        warnings += `warning: ${t.object.kind}/${t.name} does not have any containers matching ${JSON.stringify(selector)}\n`;
        return undefined;
      }
      for (const c of containers) {
        if (!overwrite) {
          for (const e of env) {
            const cur = (c.env ?? []).find((x: EnvVar) => x.name === e.name);
            if (cur) return `'${e.name}' already has a value (${cur.value ?? ""}), and --overwrite is false`;
          }
        }
        const next = updateEnv(c.env ?? [], env, parsed.remove);
        if (next.length) c.env = next;
        else delete c.env;
      }
      return undefined;
    });
    return { ...r, stderr: warnings + r.stderr };
  },
};

function listEnv(k: Kubectl, resources: string[], flags: FlagValues, selector: string): ExecResult {
  const resolved = resolveTargets(k, resources, flags, {
    all: bool(flags, "all"),
    selector: str(flags, "selector"),
    local: bool(flags, "local"),
  });
  if (!resolved.ok) return resolved.result;
  let stdout = "";
  let stderr = resolved.errors.map((e) => renderError(e)).join("");
  for (const t of resolved.targets) {
    const spec = podSpecOf(t.object);
    const containers = (spec?.containers ?? []).filter((c) => matchName(selector, c.name));
    if (containers.length === 0) {
      stderr += `warning: ${t.object.kind}/${t.name} does not have any containers matching ${JSON.stringify(selector)}\n`;
      continue;
    }
    for (const c of containers) {
      stdout += `# ${t.object.kind} ${t.name}, container ${c.name}\n`;
      for (const e of (c.env ?? []) as EnvVar[]) {
        stdout += e.valueFrom ? `# ${e.name} from ${refString(e.valueFrom)}\n` : `${e.name}=${e.value ?? ""}\n`;
      }
    }
  }
  return { stdout, stderr, exitCode: resolved.errors.length ? 1 : 0 };
}

function parseResourceList(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const pair of text.split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq < 0) return undefined;
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

const setResources: KubectlCommand = {
  name: "resources",
  short: "Update resource requests/limits on objects with pod templates",
  usage: "kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]",
  flags: [
    ...SET_FLAGS,
    { name: "containers", short: "c", kind: "string", default: "*" },
    { name: "limits", kind: "string" },
    { name: "requests", kind: "string" },
  ],
  run(k, args, flags) {
    const limits = str(flags, "limits");
    const requests = str(flags, "requests");
    const hasFiles = list(flags, "filename").length > 0;
    if (args.length < 1 && !hasFiles)
      return errorLine("one or more resources must be specified as <resource> <name> or <resource>/<name>");
    if (!limits && !requests)
      return errorLine("you must specify an update to requests or limits (in the form of --requests/--limits)");
    const lim = parseResourceList(limits);
    const req = parseResourceList(requests);
    if (!lim || !req) return errorLine(`invalid resource specification`);
    const selector = str(flags, "containers");
    return applyToTargets(k, args, flags, "resource requirements updated", (_t, spec) => {
      const containers = (spec.containers ?? []).filter((c) => matchName(selector, c.name));
      if (containers.length === 0) return `unable to find container named ${selector}`;
      for (const c of containers) {
        const res = { ...(c.resources ?? {}) };
        if (Object.keys(lim).length) res.limits = { ...(res.limits ?? {}), ...lim };
        if (Object.keys(req).length) res.requests = { ...(res.requests ?? {}), ...req };
        c.resources = res;
      }
      return undefined;
    });
  },
};

const setServiceAccount: KubectlCommand = {
  name: "serviceaccount",
  aliases: ["sa"],
  short: "Update the service account of a resource",
  usage: "kubectl set serviceaccount (-f FILENAME | TYPE NAME) SERVICE_ACCOUNT [options]",
  flags: SET_FLAGS,
  run(k, args, flags) {
    const hasFiles = list(flags, "filename").length > 0;
    const sa = args[args.length - 1];
    const resources = args.slice(0, -1);
    if (args.length === 0 || (!hasFiles && resources.length === 0)) {
      return errorLine("serviceaccount is required");
    }
    return applyToTargets(k, hasFiles ? [] : resources, flags, "serviceaccount updated", (_t, spec) => {
      spec.serviceAccountName = sa;
      if (spec.serviceAccount !== undefined) spec.serviceAccount = sa;
      return undefined;
    });
  },
};

export const setCommand: KubectlCommand = {
  name: "set",
  short: "Set specific features on objects",
  usage: "kubectl set SUBCOMMAND [options]",
  flags: [],
  subcommands: [setEnv, setImage, setResources, setServiceAccount],
};
