/**
 * metav1.LabelSelector: validation (ValidateLabelSelector) and matching
 * (LabelSelectorAsSelector + Matches). A nil selector selects nothing; an empty one selects
 * everything.
 */
import { type FieldErrors, forbiddenField, invalid, required } from "./field-errors.ts";
import { validateLabelName, validateLabels } from "./meta.ts";
import { isValidLabelValue } from "./names.ts";

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

const OPERATORS = new Set(["In", "NotIn", "Exists", "DoesNotExist"]);

export function validateLabelSelectorRequirement(r: LabelSelectorRequirement, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0)
        errs.push(required(`${fld}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(
          forbiddenField(`${fld}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
      break;
    default:
      errs.push(invalid(`${fld}.operator`, r.operator ?? "", "not a valid selector operator"));
  }
  errs.push(...validateLabelName(r.key ?? "", `${fld}.key`));
  // Values are checked as label values since 1.27.
  if (minor >= 27) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(String(v))) errs.push(invalid(`${fld}.values[${i}]`, v, m));
    });
  }
  return errs;
}

export function validateLabelSelector(sel: LabelSelector | null | undefined, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  if (!sel) return errs;
  errs.push(...validateLabels(sel.matchLabels, `${fld}.matchLabels`));
  (sel.matchExpressions ?? []).forEach((r, i) => {
    errs.push(...validateLabelSelectorRequirement(r, `${fld}.matchExpressions[${i}]`, minor));
  });
  return errs;
}

/** Whether a selector converts to a labels.Selector (LabelSelectorAsSelector without error). */
export function selectorConvertible(sel: LabelSelector | null | undefined): boolean {
  if (!sel) return true;
  return (sel.matchExpressions ?? []).every((r) => OPERATORS.has(r.operator));
}

export function isEmptySelector(sel: LabelSelector | null | undefined): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** Matches: nil selects nothing, {} selects everything. */
export function selectorMatches(
  sel: LabelSelector | null | undefined,
  labels: Record<string, string> | null | undefined,
): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(l, r.key);
    const vals = r.values ?? [];
    switch (r.operator) {
      case "In":
        if (!has || !vals.includes(l[r.key])) return false;
        break;
      case "NotIn":
        if (has && vals.includes(l[r.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
