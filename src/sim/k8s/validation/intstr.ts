/**
 * IntOrString fields (maxSurge, maxUnavailable, minAvailable, ports by name or number): the
 * checks apps validation applies to them.
 */
import { type FieldErrors, invalid } from "./field-errors.ts";
import { goIntOrString } from "./go-format.ts";
import { IS_NEGATIVE } from "./meta.ts";
import { isValidPercent, isValidPortName, isValidPortNum } from "./names.ts";

/** getIntOrPercentValue: 5 -> 5, "25%" -> 25, anything else -> its integer parse or 0. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === "number") return v;
  const s = String(v ?? "");
  const n = Number.parseInt(s.endsWith("%") ? s.slice(0, -1) : s, 10);
  return Number.isNaN(n) ? 0 : n;
}

export function validatePositiveIntOrPercent(v: unknown, fld: string, minor: number): FieldErrors {
  if (typeof v === "number") return v < 0 ? [invalid(fld, v, IS_NEGATIVE)] : [];
  if (typeof v === "string") return isValidPercent(v).map((m) => invalid(fld, goIntOrString(v, minor), m));
  return [invalid(fld, goIntOrString(v, minor), "must be an integer or percentage (e.g '5%')")];
}

export function isNotMoreThan100Percent(v: unknown, fld: string, minor: number): FieldErrors {
  if (typeof v !== "string" || !v.endsWith("%")) return [];
  return intOrPercentValue(v) > 100 ? [invalid(fld, goIntOrString(v, minor), "must not be greater than 100%")] : [];
}

/** ValidatePortNumOrName. */
export function validatePortNumOrName(v: unknown, fld: string): FieldErrors {
  if (typeof v === "number") return isValidPortNum(v).map((m) => invalid(fld, v, m));
  return isValidPortName(String(v ?? "")).map((m) => invalid(fld, String(v ?? ""), m));
}
