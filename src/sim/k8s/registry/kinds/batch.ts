/**
 * Jobs and CronJobs (batch/v1). A Job's selector is generated from its uid at validation
 * time (as upstream does, after the uid is assigned), with label names that changed in 1.27:
 *   1.21: controller-uid, job-name
 *   1.27+: batch.kubernetes.io/controller-uid, batch.kubernetes.io/job-name, plus the legacy two
 */
import type { KObject } from "../../api/object.ts";
import { parseCronSchedule } from "../../validation/cron.ts";
import { type FieldErrors, GoLiteral, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { goLabelSelector, goMap } from "../../validation/go-format.ts";
import { validateImmutable, validateNonnegative } from "../../validation/meta.ts";
import { validatePodTemplateSpec } from "../../validation/pod-spec.ts";
import {
  type LabelSelector,
  selectorConvertible,
  selectorMatches,
  validateLabelSelector,
} from "../../validation/selector.ts";
import { SELECTOR_MISMATCH } from "../../validation/workloads.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { defaultPodTemplate } from "./pod-defaults.ts";
import { type Json, keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate } from "./workload-shared.ts";

const MAX_PARALLELISM_INDEXED = 100000;

/** The labels a generated selector relies on, per minor: [uid labels], [name labels]; the selector uses the first uid label. */
export function jobLabelNames(minor: number): { uid: string[]; name: string[] } {
  return minor >= 27
    ? {
        uid: ["batch.kubernetes.io/controller-uid", "controller-uid"],
        name: ["batch.kubernetes.io/job-name", "job-name"],
      }
    : { uid: ["controller-uid"], name: ["job-name"] };
}

export function defaultJobSpec(spec: Json, minor: number, isTemplate: boolean): void {
  if (!isTemplate) {
    if (spec.completions == null && spec.parallelism == null) {
      spec.completions = 1;
      spec.parallelism = 1;
    }
    setDefault(spec, "parallelism", 1);
    setDefault(spec, "backoffLimit", 6);
    if (minor >= 22) setDefault(spec, "completionMode", "NonIndexed");
    if (minor >= 22) setDefault(spec, "suspend", false);
    if (minor >= 29) setDefault(spec, "podReplacementPolicy", spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed");
  }
  defaultPodTemplate(spec.template);
}

/** generateSelector: labels on the template and a selector on the uid. */
function generateSelector(obj: KObject, minor: number): void {
  obj.spec.template ??= {};
  const t = obj.spec.template;
  t.metadata ??= {};
  t.metadata.labels ??= {};
  const labels = t.metadata.labels;
  const names = jobLabelNames(minor);
  for (const k of [...names.name].reverse()) if (!Object.hasOwn(labels, k)) labels[k] = obj.metadata.name ?? "";
  for (const k of [...names.uid].reverse()) if (!Object.hasOwn(labels, k)) labels[k] = obj.metadata.uid ?? "";
  obj.spec.selector ??= {};
  obj.spec.selector.matchLabels ??= {};
  if (!Object.hasOwn(obj.spec.selector.matchLabels, names.uid[0]))
    obj.spec.selector.matchLabels[names.uid[0]] = obj.metadata.uid ?? "";
}

function validateGeneratedSelector(obj: KObject, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  if (obj.spec?.manualSelector === true) return errs;
  if (!obj.metadata.uid) errs.push(required("metadata.uid"));
  const labels: Record<string, string> = obj.spec?.template?.metadata?.labels ?? {};
  const names = jobLabelNames(minor);
  const expected: Record<string, string> = {};
  const has = (key: string, value: string) => {
    expected[key] = value;
    if (!Object.hasOwn(labels, key)) errs.push(required(`spec.template.metadata.labels[${key}]`, `must be '${value}'`));
    else if (labels[key] !== value)
      errs.push(invalid(`spec.template.metadata.labels[${key}]`, goMap(labels), `must be '${value}'`));
  };
  has(names.uid[0], obj.metadata.uid ?? "");
  has(names.name[0], obj.metadata.name ?? "");
  const sel: LabelSelector | undefined = obj.spec?.selector;
  if (selectorConvertible(sel) && !selectorMatches(sel, expected)) {
    errs.push(invalid("spec.selector", goLabelSelector(sel, minor), "`selector` not auto-generated"));
  }
  return errs;
}

/** validateJobSpec: the part shared with a CronJob's jobTemplate. */
function validateJobSpecCommon(spec: Json, fld: string, minor: number): FieldErrors {
  const s = spec ?? {};
  const errs: FieldErrors = [];
  for (const k of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"]) {
    if (typeof s[k] === "number") errs.push(...validateNonnegative(s[k], `${fld}.${k}`));
  }
  if (s.completionMode !== undefined) {
    if (s.completionMode !== "NonIndexed" && s.completionMode !== "Indexed") {
      errs.push(notSupported(`${fld}.completionMode`, s.completionMode, ["NonIndexed", "Indexed"]));
    }
    if (s.completionMode === "Indexed") {
      if (s.completions == null) errs.push(required(`${fld}.completions`, "when completion mode is Indexed"));
      if (typeof s.parallelism === "number" && s.parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push(
          invalid(
            `${fld}.parallelism`,
            s.parallelism,
            `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`,
          ),
        );
      }
    }
  }
  errs.push(...validatePodTemplateSpec(s.template, `${fld}.template`, minor));
  const rp = s.template?.spec?.restartPolicy;
  if (rp !== "OnFailure" && rp !== "Never")
    errs.push(notSupported(`${fld}.template.spec.restartPolicy`, rp ?? "", ["OnFailure", "Never"]));
  return errs;
}

function validateJobSpec(spec: Json, minor: number): FieldErrors {
  const s = spec ?? {};
  const errs = validateJobSpecCommon(s, "spec", minor);
  if (!s.selector) errs.push(required("spec.selector"));
  else errs.push(...validateLabelSelector(s.selector, "spec.selector", minor));
  if (selectorConvertible(s.selector) && !selectorMatches(s.selector, s.template?.metadata?.labels)) {
    errs.push(invalid("spec.template.metadata.labels", goMap(s.template?.metadata?.labels), SELECTOR_MISMATCH));
  }
  return errs;
}

function validateJob(obj: KObject, ctx: StrategyContext): FieldErrors {
  return [
    ...validateMeta(obj, ctx, true),
    ...validateGeneratedSelector(obj, ctx.minor),
    ...validateJobSpec(obj.spec, ctx.minor),
  ];
}

/** %#v of a whole PodTemplateSpec is pages long upstream; we print its type and JSON. */
const templateValue = (t: Json) => new GoLiteral(`core.PodTemplateSpec${JSON.stringify(t ?? {})}`);

registerStrategy({
  kind: "Job",
  tracksGeneration: true,
  defaults(obj, ctx) {
    obj.spec ??= {};
    defaultJobSpec(obj.spec, ctx.minor, false);
    const labels = obj.spec.template?.metadata?.labels;
    if (labels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate(obj, ctx) {
    obj.spec ??= {};
    if (obj.spec.manualSelector !== true) generateSelector(obj, ctx.minor);
    return validateJob(obj, ctx);
  },
  validateUpdate(obj, old, ctx) {
    const s = obj.spec ?? {};
    const o = old.spec ?? {};
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateGeneratedSelector(obj, ctx.minor),
      ...validateJobSpec(s, ctx.minor),
      ...validateImmutable(s.completions, o.completions, "spec.completions", s.completions ?? null),
      ...validateImmutable(s.selector, o.selector, "spec.selector", goLabelSelector(s.selector, ctx.minor)),
      ...validateImmutable(s.template, o.template, "spec.template", templateValue(s.template)),
      ...validateImmutable(s.completionMode, o.completionMode, "spec.completionMode", s.completionMode ?? null),
    ];
  },
});

const CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"];

function validateCronJob(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  const name = obj.metadata.name ?? "";
  if (name.length > 52) errs.push(invalid("metadata.name", name, "must be no more than 52 characters"));
  const s = obj.spec ?? {};
  if (!s.schedule) errs.push(required("spec.schedule"));
  else {
    const r = parseCronSchedule(String(s.schedule));
    if (!r.ok) errs.push(invalid("spec.schedule", s.schedule, r.error));
  }
  if (typeof s.startingDeadlineSeconds === "number")
    errs.push(...validateNonnegative(s.startingDeadlineSeconds, "spec.startingDeadlineSeconds"));
  if (!s.concurrencyPolicy) errs.push(required("spec.concurrencyPolicy"));
  else if (!CONCURRENCY_POLICIES.includes(s.concurrencyPolicy)) {
    errs.push(notSupported("spec.concurrencyPolicy", s.concurrencyPolicy, CONCURRENCY_POLICIES));
  }
  const jt = s.jobTemplate ?? {};
  errs.push(...validateJobSpecCommon(jt.spec, "spec.jobTemplate.spec", ctx.minor));
  if (jt.spec?.selector) {
    errs.push(
      invalid(
        "spec.jobTemplate.spec.selector",
        goLabelSelector(jt.spec.selector, ctx.minor),
        "`selector` will be auto-generated",
      ),
    );
  }
  if (jt.spec?.manualSelector === true)
    errs.push(notSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]));
  for (const k of ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"]) {
    if (typeof s[k] === "number") errs.push(...validateNonnegative(s[k], `spec.${k}`));
  }
  return errs;
}

registerStrategy({
  kind: "CronJob",
  tracksGeneration: true,
  defaults(obj, ctx) {
    obj.spec ??= {};
    const s = obj.spec;
    if (!s.concurrencyPolicy) s.concurrencyPolicy = "Allow";
    setDefault(s, "suspend", false);
    setDefault(s, "successfulJobsHistoryLimit", 3);
    setDefault(s, "failedJobsHistoryLimit", 1);
    s.jobTemplate ??= {};
    s.jobTemplate.metadata ??= {};
    if (s.jobTemplate.metadata.creationTimestamp === undefined) s.jobTemplate.metadata.creationTimestamp = null;
    s.jobTemplate.spec ??= {};
    defaultJobSpec(s.jobTemplate.spec, ctx.minor, true);
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate: validateCronJob,
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateCronJob(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
    ];
  },
});
