/**
 * The remaining generators: `create namespace`, `create quota`, `create priorityclass`,
 * `create poddisruptionbudget`, `create ingress` (networking.k8s.io/v1, 1.19+) and
 * `create token` (TokenRequest, kubectl 1.24+).
 */
import { encodeBase64Url } from "../../../sim/core/base64.ts";
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { parseQuantity } from "../../../sim/k8s/validation/quantity.ts";
import type { ExecResult } from "../../types.ts";
import { bool, int, list, str } from "../flags.ts";
import { type Generated, type GeneratorSpec, objectMeta } from "./create-common.ts";
import { errorLine, slice } from "./targets.ts";

export const createNamespace: GeneratorSpec = {
  name: "namespace",
  aliases: ["ns"],
  short: "Create a namespace with the specified name",
  usage: "namespace NAME [--dry-run=server|client|none] [options]",
  flags: [],
  generate(_k, input): Generated {
    return {
      ok: true,
      object: { apiVersion: "v1", kind: "Namespace", metadata: objectMeta(input.name, ""), spec: {}, status: {} },
    };
  },
};

export const createQuota: GeneratorSpec = {
  name: "quota",
  aliases: ["resourcequota"],
  short: "Create a quota with the specified name",
  usage:
    "quota NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none] [options]",
  flags: [
    { name: "hard", kind: "string" },
    { name: "scopes", kind: "string" },
  ],
  generate(_k, input): Generated {
    const hard: Record<string, string> = {};
    const text = str(input.flags, "hard");
    for (const pair of text ? text.split(",") : []) {
      const eq = pair.indexOf("=");
      if (eq < 0)
        return {
          ok: false,
          result: errorLine(`invalid input ${JSON.stringify(pair)}. must be in the form of key=value`),
        };
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const q = parseQuantity(value);
      if (!q.ok) return { ok: false, result: errorLine(q.error) };
      hard[key] = value;
    }
    const spec: Record<string, unknown> = {};
    if (Object.keys(hard).length) spec.hard = hard;
    const scopes = str(input.flags, "scopes");
    if (scopes) spec.scopes = scopes.split(",").filter((s) => s !== "");
    return {
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "ResourceQuota",
        metadata: objectMeta(input.name, input.enforcedNamespace),
        spec,
        status: {},
      },
    };
  },
  wrapCreateError: (m) => `failed to create quota: ${m}`,
};

export const createPriorityClass: GeneratorSpec = {
  name: "priorityclass",
  aliases: ["pc"],
  short: "Create a priority class with the specified name",
  usage: "priorityclass NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none] [options]",
  flags: [
    { name: "value", kind: "int", default: 0 },
    { name: "global-default", kind: "bool" },
    { name: "description", kind: "string" },
    { name: "preemption-policy", kind: "string", default: "PreemptLowerPriority" },
  ],
  generate(_k, input): Generated {
    const object: KObject = {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: objectMeta(input.name, ""),
    };
    const description = str(input.flags, "description");
    if (description) object.description = description;
    if (bool(input.flags, "global-default")) object.globalDefault = true;
    object.preemptionPolicy = str(input.flags, "preemption-policy");
    object.value = int(input.flags, "value", 0);
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create priorityclasses: ${m}`,
};

/** metav1.ParseToLabelSelector for the equality and set forms students use. */
function labelSelector(text: string): Record<string, unknown> {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Record<string, unknown>[] = [];
  for (const raw of text.match(/(?:[^,(]|\([^)]*\))+/g) ?? []) {
    const part = raw.trim();
    const set = /^(!?)([^\s!=]+)\s*(?:(in|notin)\s*\(([^)]*)\))?$/.exec(part);
    const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (eq) {
      if (eq[2] === "!=") matchExpressions.push({ key: eq[1], operator: "NotIn", values: [eq[3]] });
      else matchLabels[eq[1]] = eq[3];
    } else if (set?.[3]) {
      const values = set[4]
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      matchExpressions.push({ key: set[2], operator: set[3] === "in" ? "In" : "NotIn", values });
    } else if (set) {
      matchExpressions.push({ key: set[2], operator: set[1] ? "DoesNotExist" : "Exists" });
    }
  }
  const out: Record<string, unknown> = {};
  if (Object.keys(matchLabels).length) out.matchLabels = matchLabels;
  if (matchExpressions.length) out.matchExpressions = matchExpressions;
  return out;
}

/** intstr.Parse: digits are an int, anything else a string. */
function intOrString(v: string): number | string {
  return /^-?\d+$/.test(v) ? Number.parseInt(v, 10) : v;
}

export const createPodDisruptionBudget: GeneratorSpec = {
  name: "poddisruptionbudget",
  aliases: ["pdb"],
  short: "Create a pod disruption budget with the specified name",
  usage: "poddisruptionbudget NAME --selector=SELECTOR --min-available=N [--dry-run=server|client|none] [options]",
  flags: [
    { name: "min-available", kind: "string" },
    { name: "max-unavailable", kind: "string" },
    { name: "selector", kind: "string" },
  ],
  generate(k, input): Generated {
    const min = str(input.flags, "min-available");
    const max = str(input.flags, "max-unavailable");
    const selector = str(input.flags, "selector");
    if (selector === "") return { ok: false, result: errorLine("a selector must be specified") };
    if (min === "" && max === "")
      return { ok: false, result: errorLine("one of min-available or max-unavailable must be specified") };
    if (min !== "" && max !== "")
      return { ok: false, result: errorLine("min-available and max-unavailable cannot be both specified") };
    if (min !== "" && !/^[0-9]+%?$/.test(min))
      return { ok: false, result: errorLine("invalid format specified for min-available") };
    if (max !== "" && !/^[0-9]+%?$/.test(max))
      return { ok: false, result: errorLine("invalid format specified for max-unavailable") };
    const spec: Record<string, unknown> = { selector: labelSelector(selector) };
    if (min !== "") spec.minAvailable = intOrString(min);
    else spec.maxUnavailable = intOrString(max);
    const object: KObject = {
      // kubectl 1.21 still generated policy/v1beta1 budgets; policy/v1 from 1.22.
      apiVersion: k.cluster.minor >= 22 ? "policy/v1" : "policy/v1beta1",
      kind: "PodDisruptionBudget",
      metadata: objectMeta(input.name, input.enforcedNamespace),
      spec,
      status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
    };
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create poddisruptionbudgets: ${m}`,
};

const RULE = /^([\w*\-.]*)(\/[^=]*)=([\w\-.]+):([\w-]+)(,tls(=[\w\-.]+)?)?$/;

function backend(service: string): Record<string, unknown> {
  const [name, port = ""] = service.split(":");
  const p = intOrString(port);
  return { service: { name, port: typeof p === "number" ? { number: p } : { name: p } } };
}

export const createIngress: GeneratorSpec = {
  name: "ingress",
  aliases: ["ing"],
  short: "Create an ingress with the specified name",
  usage: "ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]",
  since: 19,
  flags: [
    { name: "class", kind: "string" },
    { name: "rule", kind: "stringArray" },
    { name: "default-backend", kind: "string" },
    { name: "annotation", kind: "stringArray" },
  ],
  generate(_k, input): Generated {
    const rules = list(input.flags, "rule");
    const defaultBackend = str(input.flags, "default-backend");
    const annotationArgs = list(input.flags, "annotation");
    if (defaultBackend === "" && rules.length === 0) {
      return {
        ok: false,
        result: errorLine(
          "not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)",
        ),
      };
    }
    for (const r of rules) {
      if (!RULE.test(r))
        return {
          ok: false,
          result: errorLine(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`),
        };
    }
    const annotations: Record<string, string> = {};
    for (const a of annotationArgs) {
      const eq = a.indexOf("=");
      if (eq < 0)
        return { ok: false, result: errorLine(`annotation ${a} is invalid and should be in format key=[value]`) };
      annotations[a.slice(0, eq)] = a.slice(eq + 1);
    }
    if (defaultBackend && defaultBackend.split(":").length !== 2) {
      return { ok: false, result: errorLine("default-backend should be in format servicename:serviceport") };
    }
    const spec: Record<string, unknown> = {};
    const cls = str(input.flags, "class");
    if (cls) spec.ingressClassName = cls;
    if (defaultBackend) spec.defaultBackend = backend(defaultBackend);
    // TLS entries: one per secret, a host listed once.
    const tls: { hosts?: string[]; secretName?: string }[] = [];
    const seenHosts = new Set<string>();
    for (const rule of rules) {
      const parts = rule.split(",");
      if (parts.length !== 2) continue;
      const host = rule.split("/")[0];
      const secret = parts[1].split("=")[1] ?? "";
      if (seenHosts.has(host)) continue;
      const existing = tls.find((t) => (t.secretName ?? "") === secret);
      seenHosts.add(host);
      if (existing) {
        existing.hosts = [...(existing.hosts ?? []), host];
        continue;
      }
      const entry: { hosts?: string[]; secretName?: string } = {};
      if (host) entry.hosts = [host];
      if (secret) entry.secretName = secret;
      if (entry.hosts || entry.secretName) tls.push(entry);
    }
    const ingressRules: { host?: string; http: { paths: Record<string, unknown>[] } }[] = [];
    for (const rule of rules) {
      const noTls = rule.split(",")[0];
      const slash = noTls.indexOf("/");
      const host = noTls.slice(0, slash);
      const [pathPart, service] = noTls.slice(slash + 1).split("=");
      let path = `/${pathPart}`;
      let pathType = "Exact";
      if (path.endsWith("*")) {
        pathType = "Prefix";
        path = path.slice(0, -1);
      }
      const entry = { backend: backend(service), path, pathType };
      const same = ingressRules.find((r) => (r.host ?? "") === host);
      if (same) {
        same.http.paths.push(entry);
        continue;
      }
      ingressRules.push(host ? { host, http: { paths: [entry] } } : { http: { paths: [entry] } });
    }
    if (ingressRules.length) spec.rules = ingressRules;
    if (tls.length) spec.tls = tls;
    const object: KObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: objectMeta(input.name, input.enforcedNamespace, { annotations }),
      spec,
      status: { loadBalancer: {} },
    };
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create ingress: ${m}`,
};

/**
 * `kubectl create token SA` (1.24+): a TokenRequest against the ServiceAccount; prints the
 * bound token (a JWT whose claims a student can decode).
 */
export function runCreateToken(
  k: Parameters<GeneratorSpec["generate"]>[0],
  name: string,
  flags: Parameters<typeof str>[0],
): ExecResult {
  const saType = k.cluster.discovery.forKind("v1", "ServiceAccount");
  if (!saType) return errorLine('the server doesn\'t have a resource type "serviceaccounts"');
  const sa = k.cluster.api.get(saType, k.namespace, name);
  if (!sa.ok) return errorLine(`failed to create token: ${sa.status.message}`);
  const durationText = str(flags, "duration");
  const seconds = durationText ? parseDurationSeconds(durationText) : 3600;
  if (seconds === undefined) {
    return errorLine(
      `invalid argument "${durationText}" for "--duration" flag: time: invalid duration "${durationText}"`,
    );
  }
  const now = Math.floor(k.now() / 1000);
  const audiences = slice(flags, "audience");
  const issuer = "https://kubernetes.default.svc.cluster.local";
  const claims: Record<string, unknown> = {
    aud: audiences.length ? audiences : [issuer],
    exp: now + seconds,
    iat: now,
    iss: issuer,
  };
  if (k.cluster.minor >= 29) claims.jti = k.cluster.ids.uid();
  claims["kubernetes.io"] = {
    namespace: k.namespace,
    serviceaccount: { name, uid: sa.value.metadata.uid ?? "" },
  };
  claims.nbf = now;
  claims.sub = `system:serviceaccount:${k.namespace}:${name}`;
  const header = { alg: "RS256", kid: randomBase64Url(k, 43) };
  const token = `${encodeBase64Url(JSON.stringify(header))}.${encodeBase64Url(JSON.stringify(claims))}.${randomBase64Url(k, 342)}`;
  return { stdout: `${token}\n`, stderr: "", exitCode: 0 };
}

function randomBase64Url(k: Parameters<GeneratorSpec["generate"]>[0], n: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[k.cluster.ids.int(64)];
  return out;
}

/** Go's time.ParseDuration for the units token durations use. */
function parseDurationSeconds(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    consumed += m[0].length;
    const v = Number.parseFloat(m[1]);
    total += m[2] === "h" ? v * 3600 : m[2] === "m" ? v * 60 : m[2] === "s" ? v : v / 1000;
  }
  return consumed === text.length && consumed > 0 ? Math.floor(total) : undefined;
}
