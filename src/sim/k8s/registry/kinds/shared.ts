/** What most kinds' strategies share: the ObjectMeta rules, and status handling on create and update. */
import type { KObject } from "../../api/object.ts";
import type { FieldErrors } from "../../validation/field-errors.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../../validation/meta.ts";
import { type NameValidator, nameIsDNSSubdomain } from "../../validation/names.ts";
import type { StrategyContext } from "../strategy.ts";

// biome-ignore lint/suspicious/noExplicitAny: manifests are schemaless JSON; strategies narrow them.
export type Json = any;

export function validateMeta(
  obj: KObject,
  ctx: StrategyContext,
  namespaced: boolean,
  nameFn: NameValidator = nameIsDNSSubdomain,
): FieldErrors {
  return validateObjectMeta(obj.metadata, { namespaced, nameFn, minor: ctx.minor });
}

export function validateMetaUpdate(obj: KObject, old: KObject, ctx: StrategyContext): FieldErrors {
  return validateObjectMetaUpdate(obj.metadata ?? {}, old.metadata ?? {}, ctx.minor);
}

/** PrepareForCreate of kinds with a status: a client may not set it. */
export function clearStatus(obj: KObject): void {
  delete obj.status;
}

/**
 * PrepareForUpdate of kinds with a status subresource: the main resource can't change it. The
 * stored status is shared, not copied: stored objects are never changed in place.
 */
export function keepStatus(obj: KObject, old: KObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
}

/** Sets `obj[key]` when it is absent (undefined or null), as the generated defaulters do. */
export function setDefault<T>(obj: Json, key: string, value: T): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}
