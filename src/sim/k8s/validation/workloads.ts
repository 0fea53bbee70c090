/**
 * Shared by the controllers' kinds (apps validation): a selector that must select the
 * template's labels, a template whose pods restart Always, rolling-update parameters.
 */
import { type FieldErrors, invalid, notSupported, required } from "./field-errors.ts";
import { goIntOrString, goLabelSelector, goMap } from "./go-format.ts";
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent } from "./intstr.ts";
import { validatePodTemplateSpec } from "./pod-spec.ts";
import {
  isEmptySelector,
  type LabelSelector,
  selectorConvertible,
  selectorMatches,
  validateLabelSelector,
} from "./selector.ts";

// biome-ignore lint/suspicious/noExplicitAny: manifests are schemaless JSON.
type Json = any;

export const SELECTOR_MISMATCH = "`selector` does not match template `labels`";

/**
 * The selector checks of Deployment, ReplicaSet and StatefulSet specs: required, valid, not
 * empty (`what` names the kind in upstream's message, which says "deployment" for ReplicaSets).
 */
export function validateSpecSelector(
  sel: LabelSelector | undefined,
  fld: string,
  what: string,
  minor: number,
): FieldErrors {
  if (!sel) return [required(`${fld}.selector`)];
  const errs = validateLabelSelector(sel, `${fld}.selector`, minor);
  if (isEmptySelector(sel))
    errs.push(invalid(`${fld}.selector`, goLabelSelector(sel, minor), `empty selector is invalid for ${what}`));
  return errs;
}

/**
 * ValidatePodTemplateSpecForReplicaSet (and its StatefulSet/RC twins): the selector must
 * select the template's labels; a nil selector selects nothing, so it never matches.
 */
export function validateTemplateForSelector(
  template: Json,
  sel: LabelSelector | undefined,
  fld: string,
  minor: number,
  opts: {
    kindName: string;
    restartAlways?: boolean;
    activeDeadline?: "invalid" | "forbidden" | "none";
    /**
     * false for StatefulSets: upstream leaves their pod spec unvalidated (a volumeMount may name a
     * volumeClaimTemplate, which is no pod volume) and checks only the template's metadata.
     */
    validatePodSpec?: boolean;
  },
): FieldErrors {
  const errs: FieldErrors = [];
  if (!template) return [required(`${fld}.template`)];
  if (!selectorConvertible(sel)) {
    errs.push(invalid(`${fld}.selector`, goLabelSelector(sel, minor), "invalid label selector"));
    return errs;
  }
  const labels = template.metadata?.labels;
  if (!isEmptySelector(sel) && !selectorMatches(sel, labels)) {
    errs.push(invalid(`${fld}.template.metadata.labels`, goMap(labels), SELECTOR_MISMATCH));
  }
  if (opts.validatePodSpec !== false) errs.push(...validatePodTemplateSpec(template, `${fld}.template`, minor));
  if (opts.restartAlways !== false && template.spec?.restartPolicy !== "Always") {
    errs.push(notSupported(`${fld}.template.spec.restartPolicy`, template.spec?.restartPolicy ?? "", ["Always"]));
  }
  const ads = template.spec?.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (opts.activeDeadline === "forbidden") {
      errs.push({
        type: "FieldValueForbidden",
        field: `${fld}.template.spec.activeDeadlineSeconds`,
        badValue: "",
        detail: `activeDeadlineSeconds in ${opts.kindName} is not Supported`,
      });
    } else if (opts.activeDeadline !== "none") {
      errs.push(
        invalid(
          `${fld}.template.spec.activeDeadlineSeconds`,
          ads,
          `activeDeadlineSeconds in ${opts.kindName} is not Supported`,
        ),
      );
    }
  }
  return errs;
}

/**
 * ValidateRollingUpdateDeployment. Worked example: maxSurge 0 and maxUnavailable 0 would let
 * a rollout neither add a new pod nor remove an old one, so it could never progress.
 */
export function validateRollingUpdateDeployment(ru: Json, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${fld}.maxUnavailable`, minor));
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${fld}.maxSurge`, minor));
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(
      invalid(
        `${fld}.maxUnavailable`,
        goIntOrString(ru.maxUnavailable ?? 0, minor),
        "may not be 0 when `maxSurge` is 0",
      ),
    );
  }
  errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${fld}.maxUnavailable`, minor));
  return errs;
}
