/** Deployments (apps/v1): RollingUpdate 25%/25% by default, a selector fixed at creation. */
import { type FieldErrors, forbiddenField, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { goPointer, goQuote, goStruct } from "../../validation/go-format.ts";
import { validateNonnegative } from "../../validation/meta.ts";
import {
  validateRollingUpdateDeployment,
  validateSpecSelector,
  validateTemplateForSelector,
} from "../../validation/workloads.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { defaultPodTemplate } from "./pod-defaults.ts";
import { type Json, keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate, validateSelectorImmutable } from "./workload-shared.ts";

export function defaultDeploymentSpec(spec: Json): void {
  setDefault(spec, "replicas", 1);
  setDefault(spec, "strategy", {});
  const st = spec.strategy;
  if (!st.type) st.type = "RollingUpdate";
  if (st.type === "RollingUpdate") {
    setDefault(st, "rollingUpdate", {});
    setDefault(st.rollingUpdate, "maxUnavailable", "25%");
    setDefault(st.rollingUpdate, "maxSurge", "25%");
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "progressDeadlineSeconds", 600);
  defaultPodTemplate(spec.template);
}

function validateStrategy(st: Json, minor: number): FieldErrors {
  const s = st ?? {};
  switch (s.type) {
    case "Recreate":
      return s.rollingUpdate
        ? [forbiddenField("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case "RollingUpdate":
      return s.rollingUpdate
        ? validateRollingUpdateDeployment(s.rollingUpdate, "spec.strategy.rollingUpdate", minor)
        : [required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil")];
    default:
      return [
        notSupported(
          "spec.strategy",
          goStruct("apps.DeploymentStrategy", [
            ["Type", goQuote(s.type ?? "")],
            ["RollingUpdate", goPointer("apps.RollingUpdateDeployment", s.rollingUpdate)],
          ]),
          ["Recreate", "RollingUpdate"],
        ),
      ];
  }
}

export function validateDeploymentSpec(spec: Json, ctx: StrategyContext): FieldErrors {
  const s = spec ?? {};
  const errs: FieldErrors = [];
  errs.push(...validateNonnegative(s.replicas ?? 0, "spec.replicas"));
  errs.push(...validateSpecSelector(s.selector, "spec", "deployment", ctx.minor));
  errs.push(...validateTemplateForSelector(s.template, s.selector, "spec", ctx.minor, { kindName: "ReplicaSet" }));
  errs.push(...validateStrategy(s.strategy, ctx.minor));
  errs.push(...validateNonnegative(s.minReadySeconds ?? 0, "spec.minReadySeconds"));
  if (typeof s.revisionHistoryLimit === "number")
    errs.push(...validateNonnegative(s.revisionHistoryLimit, "spec.revisionHistoryLimit"));
  if (typeof s.progressDeadlineSeconds === "number") {
    errs.push(...validateNonnegative(s.progressDeadlineSeconds, "spec.progressDeadlineSeconds"));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
      errs.push(
        invalid("spec.progressDeadlineSeconds", s.progressDeadlineSeconds, "must be greater than minReadySeconds"),
      );
    }
  }
  return errs;
}

registerStrategy({
  kind: "Deployment",
  tracksGeneration: true,
  defaults(obj) {
    obj.spec ??= {};
    defaultDeploymentSpec(obj.spec);
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate(obj, ctx) {
    return [...validateMeta(obj, ctx, true), ...validateDeploymentSpec(obj.spec, ctx)];
  },
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateDeploymentSpec(obj.spec, ctx),
      ...validateSelectorImmutable(obj, old, ctx.minor),
    ];
  },
});
