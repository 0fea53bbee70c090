/** Pods (pkg/registry/core/pod/strategy.go): defaulted, given phase Pending and a QoS class, and nearly immutable. */
import type { FieldErrors } from "../../validation/field-errors.ts";
import { forbiddenField } from "../../validation/field-errors.ts";
import { validatePodSpec, validatePodSpecUpdate } from "../../validation/pod-spec.ts";
import { compareQuantities, parseQuantity } from "../../validation/quantity.ts";
import { registerStrategy } from "../strategy.ts";
import { defaultPodOnly, defaultPodSpec } from "./pod-defaults.ts";
import { type Json, keepStatus, validateMeta, validateMetaUpdate } from "./shared.ts";

const QOS_RESOURCES = ["cpu", "memory"] as const;

/** qos.GetPodQOS, on cpu and memory. */
export function podQOSClass(spec: Json): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers: Json[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of QOS_RESOURCES) {
      const q = req[r] ?? lim[r];
      if (q !== undefined) {
        const parsed = parseQuantity(q);
        if (parsed.ok && parsed.value.n !== 0n) any = true;
      }
      const l = parseQuantity(lim[r] ?? "");
      const rq = parseQuantity(req[r] ?? lim[r] ?? "");
      if (!l.ok || !rq.ok || compareQuantities(l.value, rq.value) !== 0) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

function validateProjectedTokens(spec: Json): FieldErrors {
  const errs: FieldErrors = [];
  if (spec?.serviceAccountName) return errs;
  (spec?.volumes ?? []).forEach((v: Json, vi: number) => {
    (v?.projected?.sources ?? []).forEach((s: Json, si: number) => {
      if (s?.serviceAccountToken) {
        errs.push(
          forbiddenField(
            `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
            "must not be specified when serviceAccountName is not set",
          ),
        );
      }
    });
  });
  return errs;
}

registerStrategy({
  kind: "Pod",
  tracksGeneration: false,
  defaults(obj) {
    obj.spec ??= {};
    defaultPodSpec(obj.spec);
    defaultPodOnly(obj.spec);
  },
  prepareForCreate(obj) {
    obj.status = { phase: "Pending", qosClass: podQOSClass(obj.spec) };
  },
  prepareForUpdate: keepStatus,
  validate(obj, ctx) {
    return [
      ...validateMeta(obj, ctx, true),
      ...validatePodSpec(obj.spec, "spec", ctx.minor),
      ...validateProjectedTokens(obj.spec),
    ];
  },
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validatePodSpec(obj.spec, "spec", ctx.minor),
      ...validatePodSpecUpdate(obj.spec, old.spec, ctx.minor),
    ];
  },
});
