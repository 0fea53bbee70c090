/** ReplicaSets (apps/v1) and ReplicationControllers (core/v1). */
import type { KObject } from "../../api/object.ts";
import { type FieldErrors, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { goMap } from "../../validation/go-format.ts";
import { validateNonnegative } from "../../validation/meta.ts";
import { validatePodTemplateSpec } from "../../validation/pod-spec.ts";
import { selectorMatches } from "../../validation/selector.ts";
import { SELECTOR_MISMATCH, validateSpecSelector, validateTemplateForSelector } from "../../validation/workloads.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { defaultPodTemplate } from "./pod-defaults.ts";
import { type Json, keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate, validateSelectorImmutable } from "./workload-shared.ts";

function validateReplicaSetSpec(spec: Json, ctx: StrategyContext): FieldErrors {
  const s = spec ?? {};
  return [
    ...validateNonnegative(s.replicas ?? 0, "spec.replicas"),
    ...validateNonnegative(s.minReadySeconds ?? 0, "spec.minReadySeconds"),
    ...validateSpecSelector(s.selector, "spec", "deployment", ctx.minor),
    ...validateTemplateForSelector(s.template, s.selector, "spec", ctx.minor, { kindName: "ReplicaSet" }),
  ];
}

registerStrategy({
  kind: "ReplicaSet",
  tracksGeneration: true,
  defaults(obj) {
    obj.spec ??= {};
    setDefault(obj.spec, "replicas", 1);
    defaultPodTemplate(obj.spec.template);
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate(obj, ctx) {
    return [...validateMeta(obj, ctx, true), ...validateReplicaSetSpec(obj.spec, ctx)];
  },
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateReplicaSetSpec(obj.spec, ctx),
      ...validateSelectorImmutable(obj, old, ctx.minor),
    ];
  },
});

/** ValidateReplicationControllerSpec: a map selector, which must not be empty. */
function validateRCSpec(obj: KObject, ctx: StrategyContext): FieldErrors {
  const s = obj.spec ?? {};
  const errs: FieldErrors = [];
  errs.push(...validateNonnegative(s.minReadySeconds ?? 0, "spec.minReadySeconds"));
  const selector: Record<string, string> = s.selector ?? {};
  const empty = Object.keys(selector).length === 0;
  if (empty) errs.push(required("spec.selector"));
  errs.push(...validateNonnegative(s.replicas ?? 0, "spec.replicas"));
  const t = s.template;
  if (!t) {
    errs.push(required("spec.template"));
    return errs;
  }
  if (!empty && !selectorMatches({ matchLabels: selector }, t.metadata?.labels)) {
    errs.push(invalid("spec.template.metadata.labels", goMap(t.metadata?.labels), SELECTOR_MISMATCH));
  }
  errs.push(...validatePodTemplateSpec(t, "spec.template", ctx.minor));
  if (t.spec?.restartPolicy !== "Always") {
    errs.push(notSupported("spec.template.spec.restartPolicy", t.spec?.restartPolicy ?? "", ["Always"]));
  }
  if (t.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(
      invalid(
        "spec.template.spec.activeDeadlineSeconds",
        t.spec.activeDeadlineSeconds,
        "activeDeadlineSeconds in ReplicationController is not Supported",
      ),
    );
  }
  return errs;
}

registerStrategy({
  kind: "ReplicationController",
  tracksGeneration: true,
  defaults(obj) {
    obj.spec ??= {};
    // SetDefaults_ReplicationController: selector and labels from the template's labels.
    const labels = obj.spec.template?.metadata?.labels;
    if (labels) {
      if (!obj.spec.selector || Object.keys(obj.spec.selector).length === 0) obj.spec.selector = { ...labels };
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) obj.metadata.labels = { ...labels };
    }
    setDefault(obj.spec, "replicas", 1);
    defaultPodTemplate(obj.spec.template);
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate(obj, ctx) {
    return [...validateMeta(obj, ctx, true), ...validateRCSpec(obj, ctx)];
  },
  validateUpdate(obj, old, ctx) {
    return [...validateMetaUpdate(obj, old, ctx), ...validateRCSpec(obj, ctx)];
  },
});
