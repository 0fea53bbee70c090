/**
 * ObjectMeta validation (apimachinery's api/validation/objectmeta.go and meta/v1/validation):
 * name or generateName, namespace presence, labels, annotations, finalizers, and what an
 * update may not change.
 */

import { byCodeUnits, sortInPlace } from "../../core/sorted.ts";
import type { ObjectMeta } from "../api/object.ts";
import { jsonEqual } from "../api/object.ts";
import { type FieldErrors, type FieldPath, forbiddenField, invalid, path, required, tooLong } from "./field-errors.ts";
import { isDNS1123Label, isQualifiedName, isValidLabelValue, type NameValidator } from "./names.ts";

/** 256 KiB across all annotation keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;
export const FIELD_IMMUTABLE = "field is immutable";
export const IS_NEGATIVE = "must be greater than or equal to 0";

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

const sortedKeys = (m: Record<string, unknown>) => sortInPlace(Object.keys(m), byCodeUnits);

/** ValidateLabelName: a label key (also toleration keys, topology keys). */
export function validateLabelName(key: string, fld: FieldPath | string): FieldErrors {
  const msgs = isQualifiedName(key);
  return msgs.length === 0 ? [] : msgs.map((m) => invalid(String(fld), key, m));
}

/** ValidateLabels: keys then value, per label (sorted: Go's map order is random). */
export function validateLabels(
  labels: Record<string, string> | undefined | null,
  fld: FieldPath | string,
): FieldErrors {
  const errs: FieldErrors = [];
  if (!labels) return errs;
  // Labels are nearly always valid: find that out without sorting or building errors.
  let valid = true;
  for (const k in labels) {
    if (!Object.hasOwn(labels, k)) continue;
    if (isQualifiedName(k).length !== 0 || isValidLabelValue(String(labels[k])).length !== 0) {
      valid = false;
      break;
    }
  }
  if (valid) return errs;
  for (const k of sortedKeys(labels)) {
    errs.push(...validateLabelName(k, fld));
    for (const m of isValidLabelValue(String(labels[k]))) errs.push(invalid(String(fld), labels[k], m));
  }
  return errs;
}

export function annotationsSize(annotations: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(annotations)) n += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return n;
}

export function validateAnnotations(
  annotations: Record<string, string> | undefined | null,
  fld: FieldPath | string,
  minor: number,
): FieldErrors {
  const errs: FieldErrors = [];
  if (!annotations) return errs;
  for (const k of sortedKeys(annotations)) {
    // QualifiedName, except that case does not matter.
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(String(fld), k, m));
  }
  if (annotationsSize(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT_B) {
    errs.push(tooLong(String(fld), "", TOTAL_ANNOTATION_SIZE_LIMIT_B, minor));
  }
  return errs;
}

export function validateFinalizerName(name: string, fld: FieldPath | string): FieldErrors {
  const errs = isQualifiedName(name).map((m) => invalid(String(fld), name, m));
  if (errs.length) return errs;
  if (!name.includes("/") && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalid(String(fld), name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

export function validateNonnegative(value: number, fld: FieldPath | string): FieldErrors {
  return value < 0 ? [invalid(String(fld), value, IS_NEGATIVE)] : [];
}

export function validateImmutable(
  newVal: unknown,
  oldVal: unknown,
  fld: FieldPath | string,
  shown: unknown = newVal,
): FieldErrors {
  return jsonEqual(newVal ?? null, oldVal ?? null) ? [] : [invalid(String(fld), shown, FIELD_IMMUTABLE)];
}

export interface MetaRules {
  namespaced: boolean;
  nameFn: NameValidator;
  minor: number;
}

/** ValidateObjectMeta. */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  rules: MetaRules,
  fld = path("metadata"),
): FieldErrors {
  const m = meta ?? {};
  const errs: FieldErrors = [];
  if (m.generateName) {
    for (const msg of rules.nameFn(m.generateName, true))
      errs.push(invalid(`${fld}.generateName`, m.generateName, msg));
  }
  if (!m.name) errs.push(required(`${fld}.name`, "name or generateName is required"));
  else for (const msg of rules.nameFn(m.name, false)) errs.push(invalid(`${fld}.name`, m.name, msg));

  if (rules.namespaced) {
    if (!m.namespace) errs.push(required(`${fld}.namespace`));
    else
      for (const msg of isDNS1123Label(m.namespace, rules.minor))
        errs.push(invalid(`${fld}.namespace`, m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbiddenField(`${fld}.namespace`, "not allowed on this type"));
  }
  if (typeof m.generation === "number") errs.push(...validateNonnegative(m.generation, `${fld}.generation`));
  // Every object written comes here: what it does not have builds no path.
  if (m.labels) errs.push(...validateLabels(m.labels, `${fld}.labels`));
  if (m.annotations) errs.push(...validateAnnotations(m.annotations, `${fld}.annotations`, rules.minor));
  if (m.ownerReferences) errs.push(...validateOwnerReferences(m, `${fld}.ownerReferences`));
  (m.finalizers ?? []).forEach((f, i) => {
    errs.push(...validateFinalizerName(f, `${fld}.finalizers[${i}]`));
  });
  return errs;
}

function validateOwnerReferences(m: ObjectMeta, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  let controllers = 0;
  const refs = m.ownerReferences ?? [];
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    if (!ref.apiVersion)
      errs.push(invalid(`${fld}[${i}].apiVersion`, ref.apiVersion ?? "", "version must not be empty"));
    if (!ref.kind) errs.push(invalid(`${fld}[${i}].kind`, ref.kind ?? "", "kind must not be empty"));
    if (!ref.name) errs.push(invalid(`${fld}[${i}].name`, ref.name ?? "", "name must not be empty"));
    if (!ref.uid) errs.push(invalid(`${fld}[${i}].uid`, ref.uid ?? "", "uid must not be empty"));
    if (ref.controller) controllers++;
  }
  if (controllers > 1) errs.push(invalid(fld, controllers, "Only one reference can have Controller set to true"));
  return errs;
}

/** ValidateObjectMetaUpdate: identity fields are fixed once the object exists. */
export function validateObjectMetaUpdate(
  meta: ObjectMeta,
  old: ObjectMeta,
  minor: number,
  fld = path("metadata"),
): FieldErrors {
  const errs: FieldErrors = [];
  errs.push(...validateImmutable(meta.name ?? "", old.name ?? "", `${fld}.name`));
  errs.push(...validateImmutable(meta.namespace ?? "", old.namespace ?? "", `${fld}.namespace`));
  if (meta.uid !== undefined && old.uid !== undefined) errs.push(...validateImmutable(meta.uid, old.uid, `${fld}.uid`));
  if (meta.creationTimestamp && old.creationTimestamp) {
    errs.push(...validateImmutable(meta.creationTimestamp, old.creationTimestamp, `${fld}.creationTimestamp`));
  }
  errs.push(...validateLabels(meta.labels, `${fld}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${fld}.annotations`, minor));
  (meta.finalizers ?? []).forEach((f, i) => {
    errs.push(...validateFinalizerName(f, `${fld}.finalizers[${i}]`));
  });
  return errs;
}
