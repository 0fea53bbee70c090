/** PodDisruptionBudgets: minAvailable or maxUnavailable, never both. */
import type { KObject } from "../../api/object.ts";
import { type FieldErrors, invalid } from "../../validation/field-errors.ts";
import { goPointer, goStruct } from "../../validation/go-format.ts";
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from "../../validation/intstr.ts";
import { validateLabelSelector } from "../../validation/selector.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { type Json, keepStatus, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate } from "./workload-shared.ts";

function validatePDBSpec(spec: Json, ctx: StrategyContext): FieldErrors {
  const s = spec ?? {};
  const errs: FieldErrors = [];
  if (s.minAvailable != null && s.maxUnavailable != null) {
    const fields: [string, string][] = [
      ["MinAvailable", goPointer("intstr.IntOrString", s.minAvailable)],
      ["Selector", goPointer("v1.LabelSelector", s.selector)],
      ["MaxUnavailable", goPointer("intstr.IntOrString", s.maxUnavailable)],
    ];
    if (ctx.minor >= 26)
      fields.push([
        "UnhealthyPodEvictionPolicy",
        goPointer("policy.UnhealthyPodEvictionPolicyType", s.unhealthyPodEvictionPolicy),
      ]);
    errs.push(
      invalid(
        "spec",
        goStruct("policy.PodDisruptionBudgetSpec", fields),
        "minAvailable and maxUnavailable cannot be both set",
      ),
    );
  }
  for (const k of ["minAvailable", "maxUnavailable"]) {
    if (s[k] == null) continue;
    errs.push(...validatePositiveIntOrPercent(s[k], `spec.${k}`, ctx.minor));
    errs.push(...isNotMoreThan100Percent(s[k], `spec.${k}`, ctx.minor));
  }
  errs.push(...validateLabelSelector(s.selector, "spec.selector", ctx.minor));
  if (
    s.unhealthyPodEvictionPolicy != null &&
    !["IfHealthyBudget", "AlwaysAllow"].includes(s.unhealthyPodEvictionPolicy)
  ) {
    errs.push({
      type: "FieldValueNotSupported",
      field: "spec.unhealthyPodEvictionPolicy",
      badValue: s.unhealthyPodEvictionPolicy,
      detail: 'supported values: "AlwaysAllow", "IfHealthyBudget"',
    });
  }
  return errs;
}

function validatePDB(obj: KObject, ctx: StrategyContext): FieldErrors {
  return [...validateMeta(obj, ctx, true), ...validatePDBSpec(obj.spec, ctx)];
}

registerStrategy({
  kind: "PodDisruptionBudget",
  tracksGeneration: true,
  defaults(obj, ctx) {
    // policy/v1beta1 (served until 1.25): an empty selector selects no pods, recorded as such.
    if (ctx.apiVersion === "policy/v1beta1") return;
    obj.spec ??= {};
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate: validatePDB,
  validateUpdate: (obj, old, ctx) => [...validateMetaUpdate(obj, old, ctx), ...validatePDBSpec(obj.spec, ctx)],
});
