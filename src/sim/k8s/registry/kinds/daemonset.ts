/** DaemonSets (apps/v1): RollingUpdate with maxUnavailable 1 and maxSurge 0 by default. */
import { type FieldErrors, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { goIntOrString, goLabelSelector, goPointer, goQuote, goStruct } from "../../validation/go-format.ts";
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "../../validation/intstr.ts";
import { validateNonnegative } from "../../validation/meta.ts";
import { isEmptySelector, validateLabelSelector } from "../../validation/selector.ts";
import { validateTemplateForSelector } from "../../validation/workloads.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { defaultPodTemplate } from "./pod-defaults.ts";
import { type Json, keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate, validateSelectorImmutable } from "./workload-shared.ts";

function validateRollingUpdate(ru: Json, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${fld}.maxUnavailable`, minor));
  if (minor < 22) {
    // DaemonSetUpdateSurge was alpha (off) in 1.21: maxUnavailable alone drives the rollout.
    if (intOrPercentValue(ru.maxUnavailable) === 0) {
      errs.push(invalid(`${fld}.maxUnavailable`, goIntOrString(ru.maxUnavailable ?? 0, minor), "cannot be 0"));
    }
    errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${fld}.maxUnavailable`, minor));
    return errs;
  }
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${fld}.maxSurge`, minor));
  errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${fld}.maxUnavailable`, minor));
  errs.push(...isNotMoreThan100Percent(ru.maxSurge, `${fld}.maxSurge`, minor));
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(
      invalid(`${fld}.maxSurge`, goIntOrString(ru.maxSurge, minor), "may not be set when maxUnavailable is non-zero"),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(`${fld}.maxUnavailable`, "cannot be 0 when maxSurge is 0"));
  }
  return errs;
}

function validateUpdateStrategy(st: Json, minor: number): FieldErrors {
  const s = st ?? {};
  switch (s.type) {
    case "OnDelete":
      return [];
    case "RollingUpdate":
      return s.rollingUpdate
        ? validateRollingUpdate(s.rollingUpdate, "spec.updateStrategy.rollingUpdate", minor)
        : [required("spec.updateStrategy.rollingUpdate")];
    default:
      return [
        notSupported(
          "spec.updateStrategy",
          goStruct("apps.DaemonSetUpdateStrategy", [
            ["Type", goQuote(s.type ?? "")],
            ["RollingUpdate", goPointer("apps.RollingUpdateDaemonSet", s.rollingUpdate)],
          ]),
          ["RollingUpdate", "OnDelete"],
        ),
      ];
  }
}

function validateDaemonSetSpec(spec: Json, ctx: StrategyContext): FieldErrors {
  const s = spec ?? {};
  const errs: FieldErrors = [];
  errs.push(...validateLabelSelector(s.selector, "spec.selector", ctx.minor));
  // Template labels, then the empty-selector rule, then the template itself.
  const tmpl = validateTemplateForSelector(s.template, s.selector, "spec", ctx.minor, { kindName: "DaemonSet" });
  const mismatch = tmpl.filter((e) => e.field === "spec.template.metadata.labels");
  errs.push(...mismatch);
  if (isEmptySelector(s.selector)) {
    errs.push(
      invalid("spec.selector", goLabelSelector(s.selector, ctx.minor), "empty selector is invalid for daemonset"),
    );
  }
  errs.push(...tmpl.filter((e) => !mismatch.includes(e)));
  errs.push(...validateNonnegative(s.minReadySeconds ?? 0, "spec.minReadySeconds"));
  errs.push(...validateUpdateStrategy(s.updateStrategy, ctx.minor));
  if (typeof s.revisionHistoryLimit === "number")
    errs.push(...validateNonnegative(s.revisionHistoryLimit, "spec.revisionHistoryLimit"));
  return errs;
}

registerStrategy({
  kind: "DaemonSet",
  tracksGeneration: true,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    setDefault(s, "updateStrategy", {});
    if (!s.updateStrategy.type) s.updateStrategy.type = "RollingUpdate";
    if (s.updateStrategy.type === "RollingUpdate") {
      setDefault(s.updateStrategy, "rollingUpdate", {});
      setDefault(s.updateStrategy.rollingUpdate, "maxUnavailable", 1);
      setDefault(s.updateStrategy.rollingUpdate, "maxSurge", 0);
    }
    setDefault(s, "revisionHistoryLimit", 10);
    defaultPodTemplate(s.template);
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate(obj, ctx) {
    return [...validateMeta(obj, ctx, true), ...validateDaemonSetSpec(obj.spec, ctx)];
  },
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateDaemonSetSpec(obj.spec, ctx),
      ...validateSelectorImmutable(obj, old, ctx.minor),
    ];
  },
});
