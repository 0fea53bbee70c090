/**
 * LimitRanger admission (plugin/pkg/admission/limitranger): on pod creation, each LimitRange of
 * the namespace (by name) first fills in the `default` limits and `defaultRequest` requests a
 * container leaves out, noting it in the `kubernetes.io/limit-ranger` annotation, then checks
 * min, max and maxLimitRequestRatio per Container and per Pod. All violations of the first
 * failing LimitRange are reported together, Go's aggregate error style:
 *   pods "x" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]
 * Upstream walks each resource list in Go map order (random); here resources go in name order.
 *
 * Comparisons are in milli-units (requestLimitEnforcedValues); a ratio check divides limit by
 * request: limit 300Mi over request 100Mi is 3.000000 against a maximum of 2.
 */
import { ok } from "../../core/status.ts";
import type { KObject } from "../api/object.ts";
import { podRequestsAndLimits } from "../controllers/resourcequota/usage.ts";
import { formatQuantity, milliValue, parseQuantity, type Quantity } from "../validation/quantity.ts";
import { type AdmissionPlugin, admissionForbidden, registerAdmissionPlugin } from "./index.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod and LimitRange JSON is schemaless here.
type Json = any;

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

type List = Map<string, Quantity>;

function toList(raw: Record<string, string | number> | undefined): List {
  const out: List = new Map();
  for (const [k, v] of Object.entries(raw ?? {})) {
    const p = parseQuantity(v);
    if (p.ok) out.set(k, p.value);
  }
  return out;
}

const str = (x: Quantity) => formatQuantity(x);
const sortedEntries = (o: Record<string, string | number> | undefined) =>
  Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** mergePodResourceRequirements: defaults for what each container leaves unset. */
function applyDefaults(pod: KObject, lr: KObject): void {
  const defaults: { requests: Record<string, string>; limits: Record<string, string> } = { requests: {}, limits: {} };
  for (const item of lr.spec?.limits ?? []) {
    if (item?.type !== "Container") continue;
    for (const [k, v] of Object.entries(item.defaultRequest ?? {})) defaults.requests[k] = String(v);
    for (const [k, v] of Object.entries(item.default ?? {})) defaults.limits[k] = String(v);
  }
  const notes: string[] = [];
  const merge = (c: Json, prefix: string) => {
    c.resources ??= {};
    const setLimits: string[] = [];
    const setRequests: string[] = [];
    for (const [k, v] of Object.entries(defaults.limits)) {
      c.resources.limits ??= {};
      if (!Object.hasOwn(c.resources.limits, k)) {
        c.resources.limits[k] = v;
        setLimits.push(k);
      }
    }
    for (const [k, v] of Object.entries(defaults.requests)) {
      c.resources.requests ??= {};
      if (!Object.hasOwn(c.resources.requests, k)) {
        c.resources.requests[k] = v;
        setRequests.push(k);
      }
    }
    if (c.resources.limits && Object.keys(c.resources.limits).length === 0) delete c.resources.limits;
    if (c.resources.requests && Object.keys(c.resources.requests).length === 0) delete c.resources.requests;
    if (setRequests.length) notes.push(`${setRequests.sort().join(", ")} request for ${prefix} ${c.name}`);
    if (setLimits.length) notes.push(`${setLimits.sort().join(", ")} limit for ${prefix} ${c.name}`);
  };
  for (const c of pod.spec?.containers ?? []) merge(c, "container");
  for (const c of pod.spec?.initContainers ?? []) merge(c, "init container");
  if (notes.length) {
    pod.metadata.annotations = {
      ...(pod.metadata.annotations ?? {}),
      [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}`,
    };
  }
}

function minConstraint(type: string, r: string, enforced: Quantity, req: List, lim: List): string | undefined {
  const rq = req.get(r);
  const lm = lim.get(r);
  if (!rq) return `minimum ${r} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (milliValue(rq) < milliValue(enforced))
    return `minimum ${r} usage per ${type} is ${str(enforced)}, but request is ${str(rq)}`;
  if (lm && milliValue(lm) < milliValue(enforced))
    return `minimum ${r} usage per ${type} is ${str(enforced)}, but limit is ${str(lm)}`;
  return undefined;
}

function maxConstraint(type: string, r: string, enforced: Quantity, req: List, lim: List): string | undefined {
  const rq = req.get(r);
  const lm = lim.get(r);
  if (!lm) return `maximum ${r} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (milliValue(lm) > milliValue(enforced))
    return `maximum ${r} usage per ${type} is ${str(enforced)}, but limit is ${str(lm)}`;
  if (rq && milliValue(rq) > milliValue(enforced))
    return `maximum ${r} usage per ${type} is ${str(enforced)}, but request is ${str(rq)}`;
  return undefined;
}

function ratioConstraint(type: string, r: string, enforced: Quantity, req: List, lim: List): string | undefined {
  const rq = req.get(r);
  const lm = lim.get(r);
  if (!rq || milliValue(rq) === 0)
    return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0`;
  if (!lm || milliValue(lm) === 0)
    return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but no limit is specified or limit is 0`;
  const ratio = milliValue(lm) / milliValue(rq);
  if (ratio * 1000 > milliValue(enforced))
    return `${r} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function checkItem(item: Json, type: string, req: List, lim: List, errs: string[]): void {
  for (const [r, v] of sortedEntries(item.min)) {
    const e = minConstraint(type, r, toList({ [r]: v }).get(r)!, req, lim);
    if (e) errs.push(e);
  }
  for (const [r, v] of sortedEntries(item.max)) {
    const e = maxConstraint(type, r, toList({ [r]: v }).get(r)!, req, lim);
    if (e) errs.push(e);
  }
  for (const [r, v] of sortedEntries(item.maxLimitRequestRatio)) {
    const e = ratioConstraint(type, r, toList({ [r]: v }).get(r)!, req, lim);
    if (e) errs.push(e);
  }
}

/** PodValidateLimitFunc: every violation of one LimitRange. */
export function podLimitViolations(pod: KObject, lr: KObject): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item?.type === "Container") {
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
        checkItem(item, "Container", toList(c?.resources?.requests), toList(c?.resources?.limits), errs);
      }
    } else if (item?.type === "Pod") {
      const { requests, limits } = podRequestsAndLimits(pod.spec);
      checkItem(item, "Pod", requests, limits, errs);
    }
  }
  return errs;
}

export const limitRanger: AdmissionPlugin = (op, t, pod, _old, api) => {
  if (op !== "CREATE" || t.kind !== "Pod" || t.custom) return ok(undefined);
  const ranges = api.store.list("limitranges", pod.metadata.namespace ?? "default");
  if (ranges.length === 0) return ok(undefined);
  for (const lr of ranges) applyDefaults(pod, lr);
  for (const lr of ranges) {
    const errs = podLimitViolations(pod, lr);
    if (errs.length === 1) return admissionForbidden(t, pod.metadata.name ?? "", errs[0]);
    if (errs.length > 1) return admissionForbidden(t, pod.metadata.name ?? "", `[${errs.join(", ")}]`);
  }
  return ok(undefined);
};

registerAdmissionPlugin(limitRanger);
