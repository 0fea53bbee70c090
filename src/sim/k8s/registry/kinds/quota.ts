/** LimitRanges and ResourceQuotas (basic): valid resource names and quantities, LimitRange defaults. */
import type { KObject } from "../../api/object.ts";
import { type FieldErrors, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { compareQuantities, formatQuantity, parseQuantity } from "../../validation/quantity.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { defaultResourceList } from "./pod-defaults.ts";
import { type Json, keepStatus, validateMeta, validateMetaUpdate } from "./shared.ts";

const LIMIT_TYPES = ["Container", "Pod", "PersistentVolumeClaim"];

function nonNegative(list: Json, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  for (const k of Object.keys(list ?? {}).sort()) {
    const q = parseQuantity(list[k]);
    if (q.ok && q.value.n < 0n)
      errs.push(invalid(`${fld}[${k}]`, formatQuantity(q.value), "must be greater than or equal to 0"));
  }
  return errs;
}

function validateLimitRange(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  (obj.spec?.limits ?? []).forEach((item: Json, i: number) => {
    const at = `spec.limits[${i}]`;
    if (!item.type) errs.push(required(`${at}.type`));
    else if (!LIMIT_TYPES.includes(item.type) && !String(item.type).includes("/"))
      errs.push(notSupported(`${at}.type`, item.type, LIMIT_TYPES));
    for (const k of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"])
      errs.push(...nonNegative(item[k], `${at}.${k}`));
    for (const r of Object.keys(item.min ?? {}).sort()) {
      const min = parseQuantity(item.min[r]);
      const max = parseQuantity(item.max?.[r] ?? "");
      if (min.ok && max.ok && compareQuantities(min.value, max.value) > 0) {
        errs.push(
          invalid(
            `${at}.min[${r}]`,
            formatQuantity(min.value),
            `min value ${formatQuantity(min.value)} is greater than max value ${formatQuantity(max.value)}`,
          ),
        );
      }
    }
  });
  return errs;
}

registerStrategy({
  kind: "LimitRange",
  tracksGeneration: false,
  defaults(obj) {
    for (const item of obj.spec?.limits ?? []) {
      if (!item) continue;
      for (const k of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) defaultResourceList(item[k]);
      if (item.type !== "Container") continue;
      // SetDefaults_LimitRangeItem: default limit from max, default request from default, then from min.
      item.default ??= {};
      item.defaultRequest ??= {};
      for (const [k, v] of Object.entries(item.max ?? {})) if (!Object.hasOwn(item.default, k)) item.default[k] = v;
      for (const [k, v] of Object.entries(item.default))
        if (!Object.hasOwn(item.defaultRequest, k)) item.defaultRequest[k] = v;
      for (const [k, v] of Object.entries(item.min ?? {}))
        if (!Object.hasOwn(item.defaultRequest, k)) item.defaultRequest[k] = v;
    }
  },
  validate: validateLimitRange,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateLimitRange(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});

function validateQuota(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  errs.push(...nonNegative(obj.spec?.hard, "spec.hard"));
  const scopes = [
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "CrossNamespacePodAffinity",
  ];
  (obj.spec?.scopes ?? []).forEach((s: string, i: number) => {
    if (!scopes.includes(s)) errs.push(notSupported(`spec.scopes[${i}]`, s, scopes));
  });
  return errs;
}

registerStrategy({
  kind: "ResourceQuota",
  tracksGeneration: false,
  defaults(obj) {
    defaultResourceList(obj.spec?.hard);
  },
  prepareForCreate(obj) {
    delete obj.status;
  },
  prepareForUpdate: keepStatus,
  validate: validateQuota,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateQuota(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});
