/**
 * One label requirement (`app=nginx`, `tier in (a,b)`, `!canary`, `x>5`), as apimachinery's
 * labels.Requirement: built only through newRequirement, which validates like NewRequirement
 * and words its errors as an aggregated field.ErrorList, e.g.
 *   values[0][app]: Invalid value: "-x": a valid label must be an empty string or consist of ...
 */
import { goQuote } from "./go-quote.ts";
import { isQualifiedName, isValidLabelValue } from "./label-syntax.ts";

/** selection.Operator, with upstream's spellings. */
export type Operator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

const BINARY_OPERATORS: Operator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
const UNARY_OPERATORS: Operator[] = ["exists", "!"];
export const BINARY_OPERATOR_LIST = BINARY_OPERATORS.join(", ");

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** As given: parsed selectors hold them sorted and unique (a Go sets.String). */
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

/**
 * A field error of the label package: the path is printed as Go prints a *field.Path, which
 * is `<nil>` for a nil path. `null` values print as `[]string(nil)` (Go's %#v of a nil slice).
 */
export interface LabelFieldError {
  path: string;
  badValue: string | readonly string[] | null;
  detail: string;
}

export function labelFieldErrorText(e: LabelFieldError): string {
  return `${e.path}: Invalid value: ${formatBadValue(e.badValue)}: ${e.detail}`;
}

/** utilerrors.NewAggregate(...).Error(): one bare, several as `[a, b]`, duplicates dropped. */
export function aggregateText(errs: readonly LabelFieldError[]): string {
  const seen: string[] = [];
  for (const e of errs) {
    const t = labelFieldErrorText(e);
    if (!seen.includes(t)) seen.push(t);
  }
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}

function formatBadValue(v: string | readonly string[] | null): string {
  if (v === null) return "[]string(nil)";
  if (typeof v === "string") return goQuote(v);
  return `[]string{${v.map(goQuote).join(", ")}}`;
}

/** field.Path helpers for the label package's paths (`key`, `values[0][app]`). */
const child = (path: string | null, name: string) => (path ? `${path}.${name}` : name);

export function validateLabelKey(key: string, path: string | null): LabelFieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? { path: path ?? "<nil>", badValue: key, detail: errs.join("; ") } : undefined;
}

/** NewRequirement: the requirement, or the aggregated error text. `path` is its field path, if any. */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[] | null,
  path: string | null = null,
): { ok: true; requirement: Requirement } | { ok: false; error: string } {
  const errs: LabelFieldError[] = [];
  const keyErr = validateLabelKey(key, child(path, "key"));
  if (keyErr) errs.push(keyErr);
  const vals = values ?? [];
  const valuePath = child(path, "values");
  switch (operator) {
    case "in":
    case "notin":
      if (vals.length === 0)
        errs.push({
          path: valuePath,
          badValue: values,
          detail: "for 'in', 'notin' operators, values set can't be empty",
        });
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1)
        errs.push({ path: valuePath, badValue: values, detail: "exact-match compatibility requires one single value" });
      break;
    case "exists":
    case "!":
      if (vals.length !== 0)
        errs.push({
          path: valuePath,
          badValue: values,
          detail: "values set must be empty for exists and does not exist",
        });
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1)
        errs.push({
          path: valuePath,
          badValue: values,
          detail: "for 'Gt', 'Lt' operators, exactly one value is required",
        });
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push({
            path: `${valuePath}[${i}]`,
            badValue: v,
            detail: "for 'Gt', 'Lt' operators, the value must be an integer",
          });
      });
      break;
  }
  vals.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push({ path: `${valuePath}[${i}][${key}]`, badValue: v, detail: msgs.join("; ") });
  });
  if (errs.length) return { ok: false, error: aggregateText(errs) };
  return { ok: true, requirement: { key, operator, values: [...vals] } };
}

export const isOperator = (s: string): s is Operator =>
  (BINARY_OPERATORS as string[]).includes(s) || (UNARY_OPERATORS as string[]).includes(s);

function lookup(labels: Labels, key: string): string | undefined {
  if (labels instanceof Map) return labels.get(key);
  const rec = labels as Readonly<Record<string, string>>;
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const val = lookup(labels, r.key);
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return val !== undefined && r.values.includes(val);
    case "notin":
    case "!=":
      return val === undefined || !r.values.includes(val);
    case "exists":
      return val !== undefined;
    case "!":
      return val === undefined;
    case "gt":
    case "lt": {
      if (val === undefined || r.values.length !== 1) return false;
      const have = parseInt64(val);
      const want = parseInt64(r.values[0]);
      if (have === undefined || want === undefined) return false;
      return r.operator === "gt" ? have > want : have < want;
    }
  }
}

/** Requirement.String(): `!k`, `k`, `k=v`, `k in (a,b)` (several values sorted for display). */
export function requirementString(r: Requirement): string {
  let s = r.operator === "!" ? `!${r.key}` : r.key;
  switch (r.operator) {
    case "exists":
    case "!":
      return s;
    case "=":
    case "==":
    case "!=":
      s += r.operator;
      break;
    case "in":
    case "notin":
      s += ` ${r.operator} (`;
      break;
    case "gt":
      s += ">";
      break;
    case "lt":
      s += "<";
      break;
  }
  s += r.values.length === 1 ? r.values[0] : [...r.values].sort(byteOrder).join(",");
  if (r.operator === "in" || r.operator === "notin") s += ")";
  return s;
}

/** Go compares strings bytewise; for BMP text UTF-16 order agrees except around surrogates. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
