/**
 * Identity and RBAC generators: `create serviceaccount`, `create role|clusterrole`
 * (one rule per API group, resources resolved through discovery as the RESTMapper does) and
 * `create rolebinding|clusterrolebinding`.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { Kubectl } from "../context.ts";
import { list, str } from "../flags.ts";
import { resolveResource } from "../resource-mapper.ts";
import { type Generated, type GeneratorInput, type GeneratorSpec, objectMeta } from "./create-common.ts";
import { errorLine, slice } from "./targets.ts";

const RBAC = "rbac.authorization.k8s.io";

export const createServiceAccount: GeneratorSpec = {
  name: "serviceaccount",
  aliases: ["sa"],
  short: "Create a service account with the specified name",
  usage: "serviceaccount NAME [--dry-run=server|client|none] [options]",
  flags: [],
  generate(_k, input): Generated {
    return {
      ok: true,
      object: { apiVersion: "v1", kind: "ServiceAccount", metadata: objectMeta(input.name, input.enforcedNamespace) },
    };
  },
  wrapCreateError: (m) => `failed to create serviceaccount: ${m}`,
};

const VALID_VERBS = [
  "*",
  "get",
  "delete",
  "list",
  "create",
  "update",
  "patch",
  "watch",
  "proxy",
  "deletecollection",
  "use",
  "bind",
  "escalate",
  "impersonate",
];

/** Verbs that only make sense on particular resources. */
const SPECIAL_VERBS: Record<string, { group: string; resource: string }[]> = {
  use: [
    { group: "policy", resource: "podsecuritypolicies" },
    { group: "extensions", resource: "podsecuritypolicies" },
  ],
  bind: [
    { group: RBAC, resource: "roles" },
    { group: RBAC, resource: "clusterroles" },
  ],
  escalate: [
    { group: RBAC, resource: "roles" },
    { group: RBAC, resource: "clusterroles" },
  ],
  impersonate: [
    { group: "", resource: "users" },
    { group: "", resource: "serviceaccounts" },
    { group: "", resource: "groups" },
    { group: "authentication.k8s.io", resource: "userextras" },
  ],
};

interface ResourceOption {
  resource: string;
  group: string;
  subresource: string;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

function parseResources(raw: string[]): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of raw) {
    const [main, sub = ""] = splitN(r, "/", 2);
    const [resource, group = ""] = splitN(main, ".", 2);
    const opt = { resource, group, subresource: sub };
    if (resource === "*" && !main.includes(".") && !r.includes("/")) return [opt];
    out.push(opt);
  }
  return out;
}

function splitN(s: string, sep: string, n: number): string[] {
  const i = s.indexOf(sep);
  return n === 2 && i >= 0 ? [s.slice(0, i), s.slice(i + 1)] : [s];
}

/** Mapper.ResourceFor with kubectl's short-name expansion. */
function resourceFor(k: Kubectl, r: ResourceOption): { resource: string; group: string } | { error: string } {
  const text = r.group ? `${r.resource}.${r.group}` : r.resource;
  const m = resolveResource(k.cluster.discovery, text);
  if (!m.ok) return { error: m.error };
  return { resource: m.types[0].resource, group: m.types[0].group };
}

function buildRules(
  k: Kubectl,
  input: GeneratorInput,
  nonResourceURLs: string[],
): { ok: true; rules: Record<string, unknown>[] } | { ok: false; error: string; warnings: string } {
  let verbs: string[] = [];
  for (const v of slice(input.flags, "verb")) {
    if (v === "*") {
      verbs = ["*"];
      break;
    }
    if (!verbs.includes(v)) verbs.push(v);
  }
  const resources = parseResources(slice(input.flags, "resource"));
  const resourceNames = dedupe(list(input.flags, "resource-name"));
  let warnings = "";
  if (verbs.length === 0) return { ok: false, error: "at least one verb must be specified", warnings };
  for (const v of verbs) if (!VALID_VERBS.includes(v)) warnings += `Warning: '${v}' is not a standard resource verb\n`;
  if (resources.length === 0 && nonResourceURLs.length === 0) {
    const what = input.commandPath.endsWith("clusterrole")
      ? "one of resource or nonResourceURL must be specified"
      : "at least one resource must be specified";
    return { ok: false, error: what, warnings };
  }
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    if (r.resource === "")
      return { ok: false, error: "resource must be specified if apiGroup/subresource specified", warnings };
    let resolved = { resource: r.resource, group: r.group };
    if (r.resource !== "*") {
      const m = resourceFor(k, r);
      if ("error" in m) return { ok: false, error: m.error, warnings };
      resolved = m;
      for (const v of verbs) {
        const allowed = SPECIAL_VERBS[v];
        if (allowed && !allowed.some((a) => a.resource === resolved.resource && a.group === resolved.group)) {
          return {
            ok: false,
            error: `can not perform '${v}' on '${resolved.resource}' in group '${resolved.group}'`,
            warnings,
          };
        }
      }
    }
    const name = r.subresource ? `${resolved.resource}/${r.subresource}` : resolved.resource;
    const names = byGroup.get(resolved.group) ?? [];
    if (!names.includes(name)) names.push(name);
    byGroup.set(resolved.group, names);
  }
  const rules: Record<string, unknown>[] = [];
  for (const g of [...byGroup.keys()].sort()) {
    const rule: Record<string, unknown> = { apiGroups: [g], resources: byGroup.get(g), verbs };
    if (resourceNames.length) rule.resourceNames = resourceNames;
    rules.push(rule);
  }
  if (nonResourceURLs.length) rules.push({ nonResourceURLs, verbs });
  return { ok: true, rules };
}

const RULE_FLAGS = [
  { name: "verb", kind: "stringArray" as const },
  { name: "resource", kind: "stringArray" as const },
  { name: "resource-name", kind: "stringArray" as const },
];

function withWarnings(r: Generated, warnings: string): Generated {
  if (r.ok || !warnings) return r;
  return { ok: false, result: { ...r.result, stderr: warnings + r.result.stderr } };
}

export const createRole: GeneratorSpec = {
  name: "role",
  short: "Create a role with single rule",
  usage:
    "role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  flags: RULE_FLAGS,
  generate(k, input): Generated {
    const built = buildRules(k, input, []);
    if (!built.ok) return withWarnings({ ok: false, result: errorLine(built.error) }, built.warnings);
    const object: KObject = {
      apiVersion: `${RBAC}/v1`,
      kind: "Role",
      metadata: objectMeta(input.name, input.enforcedNamespace),
      rules: built.rules,
    };
    return { ok: true, object };
  },
};

export const createClusterRole: GeneratorSpec = {
  name: "clusterrole",
  short: "Create a cluster role",
  usage:
    "clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  flags: [
    ...RULE_FLAGS,
    { name: "non-resource-url", kind: "stringArray" },
    { name: "aggregation-rule", kind: "string" },
  ],
  generate(k, input): Generated {
    const aggregation = str(input.flags, "aggregation-rule");
    if (aggregation) {
      const matchLabels: Record<string, string> = {};
      for (const pair of aggregation.split(",")) {
        const [key, value = ""] = splitN(pair, "=", 2);
        matchLabels[key] = value;
      }
      const object: KObject = {
        aggregationRule: { clusterRoleSelectors: [{ matchLabels }] },
        apiVersion: `${RBAC}/v1`,
        kind: "ClusterRole",
        metadata: objectMeta(input.name, ""),
        rules: [],
      };
      return { ok: true, object };
    }
    const urls = slice(input.flags, "non-resource-url");
    const built = buildRules(k, input, urls);
    if (!built.ok) return withWarnings({ ok: false, result: errorLine(built.error) }, built.warnings);
    const object: KObject = {
      apiVersion: `${RBAC}/v1`,
      kind: "ClusterRole",
      metadata: objectMeta(input.name, ""),
      rules: built.rules,
    };
    return { ok: true, object };
  },
};

function subjects(
  input: GeneratorInput,
): { ok: true; value: Record<string, unknown>[] } | { ok: false; error: string } {
  const out: Record<string, unknown>[] = [];
  for (const user of list(input.flags, "user")) out.push({ apiGroup: RBAC, kind: "User", name: user });
  for (const group of list(input.flags, "group")) out.push({ apiGroup: RBAC, kind: "Group", name: group });
  for (const sa of list(input.flags, "serviceaccount")) {
    const parts = sa.split(":");
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "")
      return { ok: false, error: "serviceaccount must be <namespace>:<name>" };
    out.push({ kind: "ServiceAccount", name: parts[1], namespace: parts[0] });
  }
  return { ok: true, value: out };
}

const SUBJECT_FLAGS = [
  { name: "user", kind: "stringArray" as const },
  { name: "group", kind: "stringArray" as const },
  { name: "serviceaccount", kind: "stringArray" as const },
];

export const createRoleBinding: GeneratorSpec = {
  name: "rolebinding",
  short: "Create a role binding for a particular role or cluster role",
  usage:
    "rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  flags: [{ name: "role", kind: "string" }, { name: "clusterrole", kind: "string" }, ...SUBJECT_FLAGS],
  generate(_k, input): Generated {
    const role = str(input.flags, "role");
    const clusterRole = str(input.flags, "clusterrole");
    if ((role === "") === (clusterRole === ""))
      return { ok: false, result: errorLine("exactly one of clusterrole or role must be specified") };
    const s = subjects(input);
    if (!s.ok) return { ok: false, result: errorLine(s.error) };
    const object: KObject = {
      apiVersion: `${RBAC}/v1`,
      kind: "RoleBinding",
      metadata: objectMeta(input.name, input.enforcedNamespace),
      roleRef: { apiGroup: RBAC, kind: role ? "Role" : "ClusterRole", name: role || clusterRole },
    };
    if (s.value.length) object.subjects = s.value;
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create rolebinding: ${m}`,
};

export const createClusterRoleBinding: GeneratorSpec = {
  name: "clusterrolebinding",
  short: "Create a cluster role binding for a particular cluster role",
  usage:
    "clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  required: ["clusterrole"],
  flags: [{ name: "clusterrole", kind: "string" }, ...SUBJECT_FLAGS],
  generate(_k, input): Generated {
    const s = subjects(input);
    if (!s.ok) return { ok: false, result: errorLine(s.error) };
    const object: KObject = {
      apiVersion: `${RBAC}/v1`,
      kind: "ClusterRoleBinding",
      metadata: objectMeta(input.name, ""),
      roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: str(input.flags, "clusterrole") },
    };
    if (s.value.length) object.subjects = s.value;
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create clusterrolebinding: ${m}`,
};
