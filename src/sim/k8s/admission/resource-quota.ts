/**
 * ResourceQuota admission (staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota):
 * an object is checked against every quota of its namespace whose scope admits it.
 *
 *  - Pods must state requests/limits for each compute resource a matching quota limits:
 *      1.21   failed quota: q: must specify limits.cpu,limits.memory
 *      1.24+  failed quota: q: must specify limits.cpu for: nginx; limits.memory for: nginx
 *    (kubernetes#107210 added the container names.)
 *  - The new usage must stay within hard:
 *      exceeded quota: mem-quota, requested: requests.memory=2Gi, used: requests.memory=0, limited: requests.memory=1Gi
 *
 * Usage is measured live from the store (usage.ts), which is what status.used holds once the
 * quota controller has caught up; several pods created in one controller sync are thus counted
 * against each other, as the plugin's status update makes them upstream.
 */
import { ok } from "../../core/status.ts";
import { storageKey } from "../api/resources.ts";
import { add, fromJson, prettyPrint, type ResourceList, ZERO } from "../controllers/resourcequota/quantity-math.ts";
import { matchingResources, namespaceUsage, quotaMatches, usageOf } from "../controllers/resourcequota/usage.ts";
import { compareQuantities } from "../validation/quantity.ts";
import { type AdmissionPlugin, admissionForbidden, registerAdmissionPlugin } from "./index.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod JSON is schemaless here.
type Json = any;

const VALIDATION_SET = ["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

/** podEvaluator.Constraints: the compute resources some container leaves unstated. */
function missingConstraints(spec: Json, required: string[], minor: number): string | undefined {
  const requiredSet = required.filter((r) => VALIDATION_SET.includes(r));
  if (requiredSet.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  const containers: Json[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  for (const c of containers) {
    const has = new Set<string>();
    const requests = c?.resources?.requests ?? {};
    const limits = c?.resources?.limits ?? {};
    if (requests.cpu !== undefined) has.add("requests.cpu").add("cpu");
    if (requests.memory !== undefined) has.add("requests.memory").add("memory");
    if (limits.cpu !== undefined) has.add("limits.cpu");
    if (limits.memory !== undefined) has.add("limits.memory");
    for (const r of requiredSet) {
      if (has.has(r)) continue;
      let names = missing.get(r);
      if (!names) {
        names = new Set();
        missing.set(r, names);
      }
      names.add(c.name);
    }
  }
  if (missing.size === 0) return undefined;
  const resources = [...missing.keys()].sort();
  if (minor < 24) return `must specify ${resources.join(",")}`;
  return `must specify ${resources.map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`).join("; ")}`;
}

export const resourceQuota: AdmissionPlugin = (op, t, obj, old, api) => {
  if (t.custom || !t.namespaced) return ok(undefined);
  const resource = storageKey(t);
  const ns = obj.metadata.namespace ?? "default";
  const quotas = api.store.list("resourcequotas", ns);
  if (quotas.length === 0) return ok(undefined);
  // Pod resources are immutable; of other updates only a Service's type change moves usage.
  if (op === "UPDATE" && resource !== "services") return ok(undefined);
  const name = obj.metadata.name ?? "";
  const input = usageOf(resource, obj);
  const previous = op === "UPDATE" && old ? usageOf(resource, old) : new Map<string, never>();
  for (const quota of quotas) {
    if (!quotaMatches(quota, resource, obj)) continue;
    const hard = fromJson(quota.status?.hard ?? quota.spec?.hard);
    const restricted = matchingResources(resource, hard.keys());
    if (restricted.length === 0) continue;
    if (resource === "pods") {
      const missing = missingConstraints(obj.spec, restricted, api.minor);
      if (missing) return admissionForbidden(t, name, `failed quota: ${quota.metadata.name}: ${missing}`);
    }
    // The delta this request adds, limited to what the quota tracks, zeros dropped.
    const requested: ResourceList = new Map();
    for (const r of restricted) {
      const v = input.get(r);
      if (!v) continue;
      const before = previous.get(r);
      const delta = before ? subtractNonNegative(v, before) : v;
      if (delta.n !== 0n) requested.set(r, delta);
    }
    if (requested.size === 0) continue;
    const used = namespaceUsage(api.store, quota);
    const exceeded: string[] = [];
    for (const [r, v] of requested) {
      if (compareQuantities(add(used.get(r) ?? ZERO, v), hard.get(r)!) > 0) exceeded.push(r);
    }
    if (exceeded.length) {
      const mask = (l: ResourceList) => new Map([...l].filter(([k]) => exceeded.includes(k)));
      return admissionForbidden(
        t,
        name,
        `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested))}, used: ${prettyPrint(mask(used))}, limited: ${prettyPrint(mask(hard))}`,
      );
    }
  }
  return ok(undefined);
};

function subtractNonNegative(a: ResourceList extends Map<string, infer Q> ? Q : never, b: typeof a): typeof a {
  const negB = { ...b, n: -b.n };
  const d = add(a, negB);
  return d.n < 0n ? ZERO : d;
}

registerAdmissionPlugin(resourceQuota);
