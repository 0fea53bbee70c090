/** What the controllers' kinds share in their strategies: generation 1 on create, status kept on update, a fixed selector. */
import type { KObject } from "../../api/object.ts";
import { jsonEqual } from "../../api/object.ts";
import { type FieldErrors, invalid } from "../../validation/field-errors.ts";
import { goLabelSelector } from "../../validation/go-format.ts";
import { FIELD_IMMUTABLE } from "../../validation/meta.ts";
import { clearStatus } from "./shared.ts";

/** PrepareForCreate of a kind whose spec controllers react to. */
export function prepareControlledCreate(obj: KObject): void {
  clearStatus(obj);
  obj.metadata.generation = 1;
}

/** apps/v1 selectors are immutable: `spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable`. */
export function validateSelectorImmutable(obj: KObject, old: KObject, minor: number): FieldErrors {
  const a = obj.spec?.selector;
  const b = old.spec?.selector;
  return jsonEqual(a ?? null, b ?? null) ? [] : [invalid("spec.selector", goLabelSelector(a, minor), FIELD_IMMUTABLE)];
}
