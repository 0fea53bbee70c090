/**
 * Field errors, accumulated with their paths, worded as apimachinery's field.Error:
 *   spec.containers[0].image: Required value
 *   metadata.name: Invalid value: "Nginx": a lowercase RFC 1123 subdomain must consist of ...
 *   spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"
 */
import { type Status, status } from "../../core/status.ts";

export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "InternalError"
  | "FieldValueTypeInvalid";

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

/** Marker for "no value to show" (upstream's omitValue). */
export const OMIT = Symbol("omit");

export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue: unknown;
  detail: string;
}

export type FieldErrors = FieldError[];

const make =
  (type: FieldErrorType) =>
  (field: string, badValue: unknown, detail = ""): FieldError => ({ type, field, badValue, detail });

export const invalid = make("FieldValueInvalid");
export const duplicate = make("FieldValueDuplicate");
export const notFoundField = make("FieldValueNotFound");
export const typeInvalid = make("FieldValueTypeInvalid");
export const required = (field: string, detail = ""): FieldError => ({
  type: "FieldValueRequired",
  field,
  badValue: "",
  detail,
});
export const forbiddenField = (field: string, detail: string): FieldError => ({
  type: "FieldValueForbidden",
  field,
  badValue: "",
  detail,
});
export const tooLong = (field: string, badValue: unknown, max: number, minor = 33): FieldError => ({
  type: "FieldValueTooLong",
  field,
  badValue,
  // field.TooLong's detail was reworded in 1.30.
  detail: minor >= 30 ? `may not be more than ${max} bytes` : `must have at most ${max} bytes`,
});
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: "FieldValueTooMany",
  field,
  badValue: actual,
  detail: `must have at most ${max} items`,
});
export function notSupported(field: string, badValue: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(", ")}` : "";
  return { type: "FieldValueNotSupported", field, badValue, detail };
}

/**
 * A bad value already rendered the way Go's fmt prints it. apimachinery's field.Error (up to
 * 1.33) prints int/bool bare, strings with %q, a value whose type (or pointer type, since 1.25)
 * has String() through it, and anything else with %#v: `map[string]string{"app":"web"}`,
 * `intstr.IntOrString{Type:0, IntVal:0, StrVal:""}`. Go-typed values are built by go-format.ts.
 */
export class GoLiteral {
  constructor(readonly text: string) {}
}

/** The value as upstream prints it: strings quoted, numbers bare, Go literals verbatim, objects as JSON. */
export function formatBadValue(value: unknown): string {
  if (value instanceof GoLiteral) return value.text;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return "null";
  return JSON.stringify(value);
}

/** The message without the field path (a StatusCause's message). */
export function errorBody(e: FieldError): string {
  let s: string;
  switch (e.type) {
    case "FieldValueRequired":
    case "FieldValueForbidden":
    case "FieldValueTooLong":
    case "InternalError":
      s = TYPE_TEXT[e.type];
      break;
    default:
      s = e.badValue === OMIT ? TYPE_TEXT[e.type] : `${TYPE_TEXT[e.type]}: ${formatBadValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function errorText(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/** Go's Aggregate.Error(): one message bare, several as `[a, b]`; duplicates collapse. */
export function aggregate(errs: FieldErrors): string {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errs) {
    const t = errorText(e);
    if (!seen.has(t)) {
      seen.add(t);
      msgs.push(t);
    }
  }
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
}

/**
 * apierrors.NewInvalid: `Pod "x" is invalid: ...` (kind qualified by group: `Deployment.apps`).
 */
export function invalidStatus(group: string, kind: string, name: string, errs: FieldErrors): Status {
  const qualified = group ? `${kind}.${group}` : kind;
  const message = errs.length
    ? `${qualified} "${name}" is invalid: ${aggregate(errs)}`
    : `${qualified} "${name}" is invalid`;
  return status("Invalid", 422, message, {
    name,
    group,
    kind,
    causes: errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
  });
}

/** A path builder: `path("spec").child("containers").index(0).child("image").toString()`. */
export class FieldPath {
  constructor(private readonly text: string) {}
  child(name: string, ...more: string[]): FieldPath {
    let t = this.text ? `${this.text}.${name}` : name;
    for (const m of more) t += `.${m}`;
    return new FieldPath(t);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}

export const path = (root = "", ...more: string[]): FieldPath => {
  let p = new FieldPath(root);
  for (const m of more) p = p.child(m);
  return p;
};
