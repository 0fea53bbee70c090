/**
 * Label selectors: the string form (`kubectl get -l`, `?labelSelector=`) and the API form
 * (metav1.LabelSelector in Deployments, Services' map selectors, PDBs ...).
 *
 * Semantics as apimachinery: an empty selector matches everything, `nothing()` (what a nil
 * metav1.LabelSelector converts to) matches nothing; requirements are ANDed and kept sorted
 * by key, so `String()` is canonical: `app=nginx,tier in (a,b)`, as `kubectl describe` shows.
 */

import { sortedCopy } from "../../core/sorted.ts";
import { type FieldErrors, forbiddenField, invalid, required } from "../validation/field-errors.ts";
import { goQuote } from "./go-quote.ts";
import { parseRequirements } from "./label-parser.ts";
import {
  byteOrder,
  type Labels,
  newRequirement,
  type Operator,
  type Requirement,
  requirementMatches,
  requirementString,
} from "./label-requirement.ts";
import { isQualifiedName, isValidLabelValue } from "./label-syntax.ts";

export type { Labels, Operator, Requirement } from "./label-requirement.ts";
export { newRequirement, requirementMatches, requirementString } from "./label-requirement.ts";

export class LabelSelector {
  /** `null` is labels.Nothing(); `[]` is labels.Everything(). */
  private constructor(readonly requirements: readonly Requirement[] | null) {}

  private static readonly EVERYTHING = new LabelSelector([]);
  private static readonly NOTHING = new LabelSelector(null);

  static everything(): LabelSelector {
    return LabelSelector.EVERYTHING;
  }
  static nothing(): LabelSelector {
    return LabelSelector.NOTHING;
  }
  /** Sorted by key, stably (Go's sort.Sort is an insertion sort at selector sizes). */
  static of(requirements: readonly Requirement[]): LabelSelector {
    return new LabelSelector(sortedCopy(requirements, byKey));
  }

  matches(labels: Labels): boolean {
    if (this.requirements === null) return false;
    return this.requirements.every((r) => requirementMatches(r, labels));
  }

  /** Does not restrict the selection (Everything). Nothing is not empty. */
  empty(): boolean {
    return this.requirements !== null && this.requirements.length === 0;
  }

  matchesNothing(): boolean {
    return this.requirements === null;
  }

  toString(): string {
    return (this.requirements ?? []).map(requirementString).join(",");
  }

  /** RequiresExactMatch: the single value `key` must have, if the selector pins one. */
  requiresExactMatch(key: string): string | undefined {
    const r = (this.requirements ?? []).find((x) => x.key === key);
    if (r?.values.length !== 1) return undefined;
    return r.operator === "=" || r.operator === "==" || r.operator === "in" ? r.values[0] : undefined;
  }
}

const byKey = (a: Requirement, b: Requirement): number => byteOrder(a.key, b.key);

export type ParseResult = { ok: true; selector: LabelSelector } | { ok: false; error: string };

/**
 * labels.Parse. The error is the text the API server puts in its BadRequest Status, e.g.
 * `unable to parse requirement: found '', expected: identifier`; see list-error.ts for how
 * kubectl frames it.
 */
export function parseLabelSelector(selector: string): ParseResult {
  const parsed = parseRequirements(selector);
  if (!parsed.ok) return parsed;
  return { ok: true, selector: LabelSelector.of(parsed.requirements) };
}

/** labels.SelectorFromSet (a Service's or ReplicationController's map selector). */
export function selectorFromSet(set: Readonly<Record<string, string>> | null | undefined): LabelSelector {
  if (!set) return LabelSelector.everything();
  return LabelSelector.of(Object.entries(set).map(([key, v]) => ({ key, operator: "=" as Operator, values: [v] })));
}

/** metav1.LabelSelector as manifests carry it. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirementSpec[] | null;
}

export interface LabelSelectorRequirementSpec {
  key: string;
  operator: string;
  values?: string[] | null;
}

const EXPRESSION_OPERATORS: Record<string, Operator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * metav1.LabelSelectorAsSelector: nil -> nothing, empty -> everything. Errors are Go's text,
 * e.g. `"Foo" is not a valid label selector operator` or `values: Invalid value: []string(nil):
 * for 'in', 'notin' operators, values set can't be empty`.
 */
export function fromLabelSelector(ps: LabelSelectorSpec | null | undefined): ParseResult {
  if (ps === null || ps === undefined) return { ok: true, selector: LabelSelector.nothing() };
  // Controllers parse their owners' selectors on every sync and every orphan pod; results are
  // immutable, so the same selector text shares one (validating it is the cost).
  const text = JSON.stringify(ps);
  let r = parsedSelectors.get(text);
  if (r === undefined) {
    if (parsedSelectors.size >= MAX_PARSED_SELECTORS) parsedSelectors.clear();
    r = parseLabelSelectorSpec(ps);
    parsedSelectors.set(text, r);
  }
  return r;
}

const parsedSelectors = new Map<string, ParseResult>();
const MAX_PARSED_SELECTORS = 4096;

function parseLabelSelectorSpec(ps: LabelSelectorSpec): ParseResult {
  const labels = ps.matchLabels ?? {};
  const exprs = ps.matchExpressions ?? [];
  if (Object.keys(labels).length + exprs.length === 0) return { ok: true, selector: LabelSelector.everything() };
  const reqs: Requirement[] = [];
  // Go ranges over a map in random order; only the first failure shows, so use a fixed order.
  for (const k of Object.keys(labels).sort(byteOrder)) {
    const r = newRequirement(k, "=", [labels[k]]);
    if (!r.ok) return { ok: false, error: r.error };
    reqs.push(r.requirement);
  }
  for (const expr of exprs) {
    const op = Object.hasOwn(EXPRESSION_OPERATORS, expr.operator) ? EXPRESSION_OPERATORS[expr.operator] : undefined;
    if (!op) return { ok: false, error: `${goQuote(expr.operator)} is not a valid label selector operator` };
    const values = expr.values && expr.values.length > 0 ? [...expr.values] : null;
    const r = newRequirement(expr.key, op, values);
    if (!r.ok) return { ok: false, error: r.error };
    reqs.push(r.requirement);
  }
  return { ok: true, selector: LabelSelector.of(reqs) };
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when it cannot convert. */
export function formatLabelSelector(ps: LabelSelectorSpec | null | undefined): string {
  const r = fromLabelSelector(ps);
  if (!r.ok) return "<error>";
  const s = r.selector.toString();
  return s.length === 0 ? "<none>" : s;
}

export interface LabelSelectorValidationOptions {
  /**
   * Newer API servers also check matchExpressions values are valid label values, unless the
   * stored object already had invalid ones (upstream's AllowInvalidLabelValueInSelector).
   * Defaults to not checking, as 1.21 did.
   */
  validateExpressionValues?: boolean;
}

/**
 * metav1validation.ValidateLabelSelector: the field errors a create/update gets for a bad
 * selector, with paths under `path` (e.g. `spec.selector`).
 */
export function validateLabelSelector(
  ps: LabelSelectorSpec | null | undefined,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldErrors {
  const errs: FieldErrors = [];
  if (!ps) return errs;
  errs.push(...validateLabels(ps.matchLabels ?? {}, `${path}.matchLabels`));
  (ps.matchExpressions ?? []).forEach((sr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = sr.values ?? [];
    switch (sr.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0)
          errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0)
          errs.push(
            forbiddenField(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
          );
        break;
      default:
        errs.push(invalid(`${p}.operator`, sr.operator, "not a valid selector operator"));
    }
    if (opts.validateExpressionValues) {
      values.forEach((v, vi) => {
        for (const msg of isValidLabelValue(v)) errs.push(invalid(`${p}.values[${vi}]`, v, msg));
      });
    }
    for (const msg of isQualifiedName(sr.key)) errs.push(invalid(`${p}.key`, sr.key, msg));
  });
  return errs;
}

/** metav1validation.ValidateLabels: one error per problem, the path without the key. */
export function validateLabels(labels: Readonly<Record<string, string>>, path: string): FieldErrors {
  const errs: FieldErrors = [];
  for (const k of Object.keys(labels).sort(byteOrder)) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    for (const msg of isValidLabelValue(labels[k])) errs.push(invalid(path, labels[k], msg));
  }
  return errs;
}
