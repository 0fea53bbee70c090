/**
 * kubectl auth (staging/src/k8s.io/kubectl/pkg/cmd/auth): `can-i` asks the API server a
 * SelfSubjectAccessReview (or, with `--list`, a SelfSubjectRulesReview) for the identity the
 * kubeconfig (or `--as`) names; `whoami` (kubectl 1.27+) shows that identity.
 *
 * can-i, as cani.go:
 *   yes                                    allowed (exit 0)
 *   no                                     denied (exit 1); ` - <reason>` when the authorizer
 *                                          gave one, e.g. a binding to a missing role
 *   Warning: the server doesn't have a resource type 'x'      (the RESTMapper failed; not for
 *                                          users/groups, which only `impersonate` knows)
 *   Warning: resource 'nodes' is not namespace scoped
 *   Warning: verb 'x' is not a known verb
 * Until 1.26 warnings are printed with Fprintf; later through the WarningPrinter, which adds
 * its own newline after messages that already end in one (an empty line follows).
 * --list breaks rules down to one verb/resource/name each, compacts simple ones back per
 * resource, and sorts them by PolicyRule.String() (which starts with the verbs).
 */

import { authenticateToken, impersonate, kubeadmAdmin } from "../../../sim/k8s/auth/authenticate.ts";
import { authorize, reviewRules } from "../../../sim/k8s/auth/authorizer.ts";
import type { Attributes } from "../../../sim/k8s/auth/rule-matching.ts";
import { AUTHENTICATED_GROUP, type UserInfo } from "../../../sim/k8s/auth/user.ts";
import type { ExecResult } from "../../types.ts";
import type { KubectlCommand } from "../command.ts";
import { currentContext, type Kubectl, readKubeconfig } from "../context.ts";
import { bool, type FlagValues, list, str } from "../flags.ts";
import { toYaml } from "../output/yaml.ts";
import { GET_TABWRITER, tabwrite } from "../printers/tabwriter.ts";
import { resolveResource } from "../resource-mapper.ts";
import { errorLine } from "./targets.ts";

const RESOURCE_VERBS_OLD = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const RESOURCE_VERBS_21 = [...RESOURCE_VERBS_OLD, "use", "bind", "impersonate", "*"];
const RESOURCE_VERBS_LATER = [...RESOURCE_VERBS_21, "approve", "sign", "escalate", "attest"];
const NON_RESOURCE_VERBS = ["get", "put", "post", "head", "options", "delete", "patch", "*"];
/** Resources the server knows but discovery does not list (only `impersonate` uses them). */
const NON_STANDARD_RESOURCES = ["users", "groups"];

/** kubectl's WarningPrinter (1.27+) vs plain Fprintf before. */
const usesWarningPrinter = (minor: number): boolean => minor >= 27;

// ---------------------------------------------------------------------------------------------
// Identity

export type Identity = { ok: true; user: UserInfo } | { ok: false; result: ExecResult };

/** Who this kubectl is: the kubeconfig's credentials, then `--as`/`--as-group` impersonation. */
export function kubectlIdentity(k: Kubectl): Identity {
  const store = k.cluster.store;
  let real: UserInfo = kubeadmAdmin(k.cluster.minor);
  const token = str(k.global, "token") || credentials(k).token;
  if (token) {
    const u = authenticateToken(store, token);
    if (!u) return { ok: false, result: errorLine("You must be logged in to the server (Unauthorized)") };
    real = u;
  } else {
    const name = credentials(k).name;
    if (name && name !== "kubernetes-admin") real = { name, groups: [AUTHENTICATED_GROUP] };
  }
  const as = str(k.global, "as");
  const asGroups = list(k.global, "as-group");
  if (!as) {
    if (asGroups.length) {
      // clientcmd's validation of the impersonation config (`uid` joined the list in 1.28).
      const what = k.cluster.minor >= 28 ? "uid, groups or user-extra" : "groups or user-extra";
      return {
        ok: false,
        result: errorLine(
          `invalid configuration: requesting ${what} for ${credentials(k).name} without impersonating a user`,
        ),
      };
    }
    return { ok: true, user: real };
  }
  const imp = impersonate(store, real, as, asGroups);
  if (!imp.ok)
    return {
      ok: false,
      result: { stdout: "", stderr: `Error from server (Forbidden): ${imp.message}\n`, exitCode: 1 },
    };
  return { ok: true, user: imp.user };
}

/** The kubeconfig user of the current context: its name, a bearer token, or a basic-auth username. */
function credentials(k: Kubectl): { name: string; token: string } {
  const kc = readKubeconfig(k.shell, str(k.global, "kubeconfig"));
  const ctx = kc ? currentContext(kc.config, str(k.global, "context")) : undefined;
  const userName: string = str(k.global, "user") || ctx?.context?.user || "";
  const entry = (kc?.config?.users ?? []).find((u: { name: string }) => u.name === userName)?.user ?? {};
  return { name: (entry.username as string | undefined) || userName, token: (entry.token as string | undefined) ?? "" };
}

// ---------------------------------------------------------------------------------------------
// can-i

interface CanIRequest {
  verb: string;
  group: string;
  resource: string;
  name: string;
  nonResourceURL: string;
}

function runCanI(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const minor = k.cluster.minor;
  let stderr = "";
  const warn = (msg: string, endsWithNewline: boolean) => {
    stderr += `Warning: ${msg}\n${endsWithNewline && usesWarningPrinter(minor) ? "\n" : ""}`;
  };
  const fail = (message: string): ExecResult => ({ stdout: "", stderr: `${stderr}error: ${message}\n`, exitCode: 1 });
  const listMode = bool(flags, "list");
  const quiet = bool(flags, "quiet");
  const allNamespaces = bool(flags, "all-namespaces");
  const subresource = str(flags, "subresource");
  const req: CanIRequest = { verb: "", group: "", resource: "", name: "", nonResourceURL: "" };

  // Complete
  if (listMode) {
    if (args.length !== 0) return fail("list option must be specified with no arguments");
  } else {
    if (args.length !== 2) {
      return fail(
        "you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
      );
    }
    req.verb = args[0];
    if (args[1].startsWith("/")) req.nonResourceURL = args[1];
    else {
      const slash = args[1].indexOf("/");
      const resourceArg = slash < 0 ? args[1] : args[1].slice(0, slash);
      if (slash >= 0) req.name = args[1].slice(slash + 1);
      const r = resourceFor(k, resourceArg, warn);
      req.group = r.group;
      req.resource = r.resource;
    }
  }
  const namespace = allNamespaces ? "" : k.namespace;

  // Validate
  if (listMode) {
    if (quiet || allNamespaces || subresource) {
      return fail("list option can't be specified with neither quiet, all-namespaces nor subresource options");
    }
  } else if (req.nonResourceURL) {
    if (subresource) return fail("--subresource can not be used with NonResourceURL");
    if (!NON_RESOURCE_VERBS.includes(req.verb)) warn(`verb '${req.verb}' is not a known verb`, true);
  } else if (req.resource && !allNamespaces) {
    const t =
      req.resource === "*"
        ? undefined
        : k.cluster.discovery.types.find((x) => x.group === req.group && x.resource === req.resource);
    if (t && !t.namespaced) {
      warn(
        req.group
          ? `resource '${req.resource}' is not namespace scoped in group '${req.group}'`
          : `resource '${req.resource}' is not namespace scoped`,
        true,
      );
    }
    const verbs = minor >= 26 ? RESOURCE_VERBS_LATER : RESOURCE_VERBS_21;
    if (!verbs.includes(req.verb)) warn(`verb '${req.verb}' is not a known verb`, true);
  }
  if (bool(flags, "no-headers") && !listMode) return fail("--no-headers cannot be set without --list specified");

  const who = kubectlIdentity(k);
  if (!who.ok) return { ...who.result, stderr: stderr + who.result.stderr };

  if (listMode) {
    const stdout = printRules(k, who.user, namespace, bool(flags, "no-headers"), (m) => warn(m, false));
    return { stdout, stderr, exitCode: 0 };
  }
  const attrs: Attributes = req.nonResourceURL
    ? { resourceRequest: false, verb: req.verb, path: req.nonResourceURL }
    : {
        resourceRequest: true,
        verb: req.verb,
        namespace,
        apiGroup: req.group,
        resource: req.resource,
        subresource,
        name: req.name,
      };
  const d = authorize(k.cluster.store, who.user, attrs);
  const line = d.allowed ? "yes\n" : `no${d.reason ? ` - ${d.reason}` : ""}\n`;
  return { stdout: quiet ? "" : line, stderr, exitCode: d.allowed ? 0 : 1 };
}

/** resourceFor: the RESTMapper's answer, or the argument as typed with a warning. */
function resourceFor(
  k: Kubectl,
  arg: string,
  warn: (msg: string, endsWithNewline: boolean) => void,
): { group: string; resource: string } {
  if (arg === "*") return { group: "", resource: "*" };
  const lower = arg.toLowerCase();
  const r = resolveResource(k.cluster.discovery, lower);
  if (r.ok) return { group: r.types[0].group, resource: r.types[0].resource };
  const dot = lower.indexOf(".");
  const gr = dot < 0 ? { group: "", resource: lower } : { group: lower.slice(dot + 1), resource: lower.slice(0, dot) };
  const groupResource = gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
  if (!NON_STANDARD_RESOURCES.includes(groupResource)) {
    warn(
      gr.group
        ? `the server doesn't have a resource type '${gr.resource}' in group '${gr.group}'`
        : `the server doesn't have a resource type '${gr.resource}'`,
      true,
    );
  }
  return { group: "", resource: arg };
}

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

function printRules(
  k: Kubectl,
  user: UserInfo,
  namespace: string,
  noHeaders: boolean,
  warn: (m: string) => void,
): string {
  const review = reviewRules(k.cluster.store, user, namespace);
  if (review.incomplete) warn(`the list may be incomplete: ${review.evaluationError}`);
  const rules: Rule[] = [
    ...review.resourceRules.map((r) => ({ ...r, nonResourceURLs: [] })),
    ...review.nonResourceRules.map((r) => ({
      verbs: r.verbs,
      apiGroups: [],
      resources: [],
      resourceNames: [],
      nonResourceURLs: r.nonResourceURLs,
    })),
  ];
  const compact = compactRules(rules.flatMap(breakdownRule));
  const sorted = compact
    .map((r, i) => ({ r, i, key: ruleString(r) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((x) => x.r);
  let text = noHeaders ? "" : "Resources\tNon-Resource URLs\tResource Names\tVerbs\n";
  for (const r of sorted) {
    text += `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`;
  }
  return text ? tabwrite(text, GET_TABWRITER) : "";
}

/** rbacutil.BreakdownRule: one rule per group x resource x verb (x name); URLs per verb. */
function breakdownRule(r: Rule): Rule[] {
  const out: Rule[] = [];
  for (const g of r.apiGroups)
    for (const res of r.resources)
      for (const v of r.verbs) {
        if (r.resourceNames.length) {
          for (const n of r.resourceNames)
            out.push({ verbs: [v], apiGroups: [g], resources: [res], resourceNames: [n], nonResourceURLs: [] });
        } else out.push({ verbs: [v], apiGroups: [g], resources: [res], resourceNames: [], nonResourceURLs: [] });
      }
  for (const u of r.nonResourceURLs)
    for (const v of r.verbs)
      out.push({ verbs: [v], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [u] });
  return out;
}

/** rbacutil.CompactRules: simple rules (one group, one resource, at most one name) merge their verbs. */
function compactRules(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple =
      r.resourceNames.length <= 1 &&
      r.nonResourceURLs.length === 0 &&
      r.apiGroups.length === 1 &&
      r.resources.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? ""]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

/** PolicyRule.String() (gogo-generated): the sort key of `can-i --list`. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

const goList = (xs: readonly string[]): string => `[${xs.join(" ")}]`;

/** describe.CombineResourceGroup: `deployments.apps`, `pods/log`, `*.*`. */
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return "";
  const slash = resources[0].indexOf("/");
  let out = slash < 0 ? resources[0] : resources[0].slice(0, slash);
  if (groups.length > 0 && groups[0] !== "") out += `.${groups[0]}`;
  if (slash >= 0) out += `/${resources[0].slice(slash + 1)}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// whoami

function runWhoAmI(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  if (k.cluster.minor < 27) {
    return {
      stdout: "",
      stderr: `error: unknown command "whoami"\nSee 'kubectl auth -h' for help and examples\n`,
      exitCode: 1,
    };
  }
  if (args.length > 0) return errorLine(`unexpected arguments: ${JSON.stringify(args)}`);
  const who = kubectlIdentity(k);
  if (!who.ok) return who.result;
  const output = str(flags, "output");
  const review = {
    kind: "SelfSubjectReview",
    apiVersion: k.cluster.minor >= 28 ? "authentication.k8s.io/v1" : "authentication.k8s.io/v1beta1",
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: who.user.name, groups: who.user.groups } },
  };
  if (output === "json") return { stdout: `${JSON.stringify(review, null, 4)}\n`, stderr: "", exitCode: 0 };
  if (output === "yaml") return { stdout: toYaml(review), stderr: "", exitCode: 0 };
  if (output !== "") {
    return errorLine(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`,
    );
  }
  let text = "ATTRIBUTE\tVALUE\nUsername\t" + who.user.name + "\n";
  if (who.user.groups.length) text += `Groups\t${goList(who.user.groups)}\n`;
  return { stdout: tabwrite(text, GET_TABWRITER), stderr: "", exitCode: 0 };
}

// ---------------------------------------------------------------------------------------------

const canICommand: KubectlCommand = {
  name: "can-i",
  short: "Check whether an action is allowed",
  usage: "kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]",
  flags: [
    {
      name: "all-namespaces",
      short: "A",
      kind: "bool",
      help: "If true, check the specified action in all namespaces.",
    },
    { name: "quiet", short: "q", kind: "bool", help: "If true, suppress output and just return the exit code." },
    { name: "subresource", kind: "string", help: "SubResource such as pod/log or deployment/scale" },
    { name: "list", kind: "bool", help: "If true, prints all allowed actions." },
    { name: "no-headers", kind: "bool", help: "If true, prints allowed actions without headers" },
  ],
  run: (k, args, flags) => runCanI(k, args, flags),
};

const whoAmICommand: KubectlCommand = {
  name: "whoami",
  short: "Experimental: Check self subject attributes",
  usage: "kubectl auth whoami",
  flags: [{ name: "output", short: "o", kind: "string" }],
  run: (k, args, flags) => runWhoAmI(k, args, flags),
};

export const authCommand: KubectlCommand = {
  name: "auth",
  short: "Inspect authorization",
  usage: "kubectl auth [flags] [options]",
  flags: [],
  subcommands: [canICommand, whoAmICommand],
};
