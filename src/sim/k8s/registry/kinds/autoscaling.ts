/** HorizontalPodAutoscalers (basic): a target, 1 <= minReplicas <= maxReplicas. */
import type { KObject } from "../../api/object.ts";
import { type FieldErrors, invalid, required } from "../../validation/field-errors.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate } from "./workload-shared.ts";

function validateHPA(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  const s = obj.spec ?? {};
  const ref = s.scaleTargetRef ?? {};
  if (!ref.kind) errs.push(required("spec.scaleTargetRef.kind"));
  if (!ref.name) errs.push(required("spec.scaleTargetRef.name"));
  if (typeof s.minReplicas === "number" && s.minReplicas < 1) {
    errs.push(invalid("spec.minReplicas", s.minReplicas, "must be greater than or equal to 1"));
  }
  if (!(s.maxReplicas >= 1)) errs.push(invalid("spec.maxReplicas", s.maxReplicas ?? 0, "must be greater than 0"));
  if (typeof s.minReplicas === "number" && s.maxReplicas < s.minReplicas) {
    errs.push(invalid("spec.maxReplicas", s.maxReplicas, "must be greater than or equal to `minReplicas`"));
  }
  const cpu = s.targetCPUUtilizationPercentage;
  if (typeof cpu === "number" && cpu < 1)
    errs.push(invalid("spec.targetCPUUtilizationPercentage", cpu, "must be greater than 0"));
  return errs;
}

registerStrategy({
  kind: "HorizontalPodAutoscaler",
  tracksGeneration: true,
  defaults(obj, ctx) {
    obj.spec ??= {};
    setDefault(obj.spec, "minReplicas", 1);
    if (ctx.apiVersion === "autoscaling/v2" || ctx.apiVersion === "autoscaling/v2beta2") {
      if (!obj.spec.metrics?.length) {
        obj.spec.metrics = [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
        ];
      }
      obj.spec.behavior ??= {};
      const b = obj.spec.behavior;
      b.scaleUp ??= {};
      setDefault(b.scaleUp, "stabilizationWindowSeconds", 0);
      setDefault(b.scaleUp, "selectPolicy", "Max");
      setDefault(b.scaleUp, "policies", [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ]);
      b.scaleDown ??= {};
      setDefault(b.scaleDown, "stabilizationWindowSeconds", 300);
      setDefault(b.scaleDown, "selectPolicy", "Max");
      setDefault(b.scaleDown, "policies", [{ type: "Percent", value: 100, periodSeconds: 15 }]);
    }
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate: validateHPA,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateHPA(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});
