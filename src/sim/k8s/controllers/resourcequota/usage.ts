/**
 * Quota evaluators (pkg/quota/v1/evaluator/core): what one object consumes of the resources a
 * ResourceQuota can limit, and which quotas (by scope) it counts against.
 *
 *  - pods: `pods` (only pods not yet terminal), `count/pods` (every pod), and compute resources
 *    summed over containers, init containers taking the max: `requests.cpu` (alias `cpu`),
 *    `requests.memory` (alias `memory`), `limits.cpu`, `limits.memory`, ephemeral storage.
 *    Example: two containers requesting 100m and 400m cpu, an init container 300m: 500m.
 *  - services: `services`, `count/services`, `services.nodeports` (one per port of a NodePort
 *    or LoadBalancer service), `services.loadbalancers`.
 *  - everything else: `count/<resource>.<group>` (`count/deployments.apps`), and the legacy
 *    names `configmaps`, `secrets`, `persistentvolumeclaims`, `replicationcontrollers`,
 *    `resourcequotas`.
 */
import type { ObjectStore } from "../../../core/store.ts";
import type { KObject } from "../../api/object.ts";
import { podQOSClass } from "../../registry/kinds/pod.ts";
import { add, max, q, type ResourceList, ZERO } from "./quantity-math.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod JSON is schemaless here.
type Json = any;

const LEGACY_COUNTS: Record<string, string> = {
  configmaps: "configmaps",
  secrets: "secrets",
  persistentvolumeclaims: "persistentvolumeclaims",
  replicationcontrollers: "replicationcontrollers",
  resourcequotas: "resourcequotas",
  services: "services",
  pods: "pods",
};

const COMPUTE = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "cpu", "memory"];
const POD_RESOURCES = new Set([
  "pods",
  "count/pods",
  ...COMPUTE,
  "ephemeral-storage",
  "requests.ephemeral-storage",
  "limits.ephemeral-storage",
]);
const SERVICE_RESOURCES = new Set(["services", "count/services", "services.nodeports", "services.loadbalancers"]);

/** The store resource (`pods`, `deployments.apps`) a quota resource name is counted from. */
export function storageFor(resourceName: string): string | undefined {
  if (POD_RESOURCES.has(resourceName)) return "pods";
  if (SERVICE_RESOURCES.has(resourceName)) return "services";
  if (resourceName.startsWith("count/")) return resourceName.slice("count/".length);
  return LEGACY_COUNTS[resourceName];
}

/** The resource names of `hard` an object of `resource` is counted against. */
export function matchingResources(resource: string, hard: Iterable<string>): string[] {
  return [...hard].filter((r) => storageFor(r) === resource).sort();
}

/** A pod that finished (or whose grace period ran out) no longer holds compute resources. */
function podIsLive(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed";
}

/** Requests and limits of a pod: containers summed, each init container as a floor. */
export function podRequestsAndLimits(spec: Json): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const c of spec?.containers ?? []) {
    for (const [k, v] of Object.entries(c?.resources?.requests ?? {}))
      requests.set(k, add(requests.get(k) ?? ZERO, q(v as string)));
    for (const [k, v] of Object.entries(c?.resources?.limits ?? {}))
      limits.set(k, add(limits.get(k) ?? ZERO, q(v as string)));
  }
  for (const c of spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries(c?.resources?.requests ?? {}))
      requests.set(k, max(requests.get(k) ?? ZERO, q(v as string)));
    for (const [k, v] of Object.entries(c?.resources?.limits ?? {}))
      limits.set(k, max(limits.get(k) ?? ZERO, q(v as string)));
  }
  return { requests, limits };
}

/** Usage of one object of `resource`, over every quota resource name it can consume. */
export function usageOf(resource: string, obj: KObject): ResourceList {
  const out: ResourceList = new Map();
  const one = q(1);
  if (resource === "pods") {
    out.set("count/pods", one);
    if (!podIsLive(obj)) return out;
    out.set("pods", one);
    const { requests, limits } = podRequestsAndLimits(obj.spec);
    for (const r of ["cpu", "memory", "ephemeral-storage"]) {
      const req = requests.get(r);
      if (req) {
        out.set(`requests.${r}`, req);
        out.set(r, req);
      }
      const lim = limits.get(r);
      if (lim) out.set(`limits.${r}`, lim);
    }
    return out;
  }
  out.set(`count/${resource}`, one);
  if (LEGACY_COUNTS[resource]) out.set(resource, one);
  if (resource === "services") {
    const type = obj.spec?.type;
    if (type === "NodePort" || type === "LoadBalancer")
      out.set("services.nodeports", q((obj.spec?.ports ?? []).length));
    if (type === "LoadBalancer") out.set("services.loadbalancers", one);
  }
  return out;
}

interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

function scopeSelectors(quota: KObject): ScopeRequirement[] {
  const out: ScopeRequirement[] = (quota.spec?.scopes ?? []).map((s: string) => ({ scopeName: s, operator: "Exists" }));
  out.push(...(quota.spec?.scopeSelector?.matchExpressions ?? []));
  return out;
}

/** Does the quota's scope admit this object? Scopes only concern pods. */
export function quotaMatches(quota: KObject, resource: string, obj: KObject): boolean {
  const selectors = scopeSelectors(quota);
  if (selectors.length === 0) return true;
  if (resource !== "pods") return false;
  return selectors.every((s) => podMatchesScope(obj, s));
}

function podMatchesScope(pod: KObject, s: ScopeRequirement): boolean {
  let matched: boolean;
  switch (s.scopeName) {
    case "Terminating":
      matched = typeof pod.spec?.activeDeadlineSeconds === "number" && pod.spec.activeDeadlineSeconds >= 0;
      break;
    case "NotTerminating":
      matched = !(typeof pod.spec?.activeDeadlineSeconds === "number" && pod.spec.activeDeadlineSeconds >= 0);
      break;
    case "BestEffort":
      matched = podQOSClass(pod.spec) === "BestEffort";
      break;
    case "NotBestEffort":
      matched = podQOSClass(pod.spec) !== "BestEffort";
      break;
    case "PriorityClass": {
      const pc: string = pod.spec?.priorityClassName ?? "";
      if (s.operator === "Exists") return pc !== "";
      if (s.operator === "DoesNotExist") return pc === "";
      const inValues = (s.values ?? []).includes(pc);
      return s.operator === "NotIn" ? !inValues : inValues;
    }
    default:
      matched = false;
  }
  return s.operator === "DoesNotExist" ? !matched : matched;
}

/** The usage of the quota's hard resources in its namespace, as the controller computes it. */
export function namespaceUsage(
  store: ObjectStore,
  quota: KObject,
  exclude?: { resource: string; name: string },
): ResourceList {
  const ns = quota.metadata.namespace ?? "";
  const hard = Object.keys(quota.spec?.hard ?? {});
  const used: ResourceList = new Map();
  for (const r of hard) used.set(r, ZERO);
  const resources = new Set(hard.map(storageFor).filter((r): r is string => !!r));
  for (const resource of resources) {
    for (const obj of store.list(resource, ns)) {
      if (exclude && exclude.resource === resource && exclude.name === obj.metadata.name) continue;
      if (!quotaMatches(quota, resource, obj)) continue;
      for (const [k, v] of usageOf(resource, obj)) if (used.has(k)) used.set(k, add(used.get(k)!, v));
    }
  }
  return used;
}
