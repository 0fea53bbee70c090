/**
 * Field selectors (`--field-selector status.phase!=Running,spec.nodeName=k8s-w1`), as
 * apimachinery's fields.ParseSelector: terms split on unescaped commas and sorted, each split
 * at its first `!=`, `==` or `=`; values may escape `\,`, `\=` and `\\`. Only equality and
 * inequality exist. The API server then converts every label through the kind's field label
 * conversion (field-labels.ts), which is where unsupported fields are refused:
 *   field label not supported: foo
 */
import type { KObject } from "../api/object.ts";
import { convertFieldLabel, selectableFields } from "./field-labels.ts";

export { convertFieldLabel, selectableFields, supportedFieldLabels } from "./field-labels.ts";

export interface FieldTerm {
  readonly field: string;
  /** `==` is kept as written; it means the same as `=`. */
  readonly operator: "=" | "==" | "!=";
  readonly value: string;
}

export type FieldSet = Readonly<Record<string, string>>;

export class FieldSelector {
  constructor(readonly terms: readonly FieldTerm[]) {}

  static everything(): FieldSelector {
    return new FieldSelector([]);
  }

  /** A field missing from the set reads as "" (fields.Set.Get). */
  matches(fields: FieldSet): boolean {
    return this.terms.every((t) => {
      const have = Object.hasOwn(fields, t.field) ? fields[t.field] : "";
      return t.operator === "!=" ? have !== t.value : have === t.value;
    });
  }

  empty(): boolean {
    return this.terms.length === 0;
  }

  /** `f=v`/`f!=v` joined by commas, values escaped again (`==` prints as `=`). */
  toString(): string {
    return this.terms.map((t) => `${t.field}${t.operator === "!=" ? "!=" : "="}${escapeValue(t.value)}`).join(",");
  }

  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.operator !== "!=")?.value;
  }
}

export type FieldParseResult = { ok: true; selector: FieldSelector } | { ok: false; error: string };

/** fields.ParseSelector: syntax only, any field name. */
export function parseFieldSelector(selector: string): FieldParseResult {
  const parts = splitTerms(selector).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const terms: FieldTerm[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (!split) return { ok: false, error: `invalid selector: '${selector}'; can't understand '${part}'` };
    const value = unescapeValue(split.rhs);
    if (!value.ok) return value;
    terms.push({ field: split.lhs, operator: split.op, value: value.value });
  }
  return { ok: true, selector: new FieldSelector(terms) };
}

/**
 * What the API server does with `?fieldSelector=` for a list of `apiVersion`/`kind`: parse,
 * then convert each label (in sorted order; the first refusal wins). The error is the
 * BadRequest message.
 */
export function parseFieldSelectorFor(
  selector: string,
  apiVersion: string,
  kind: string,
  minor: number,
): FieldParseResult {
  const parsed = parseFieldSelector(selector);
  if (!parsed.ok) return parsed;
  const terms: FieldTerm[] = [];
  for (const t of parsed.selector.terms) {
    const c = convertFieldLabel(apiVersion, kind, minor, t.field, t.value);
    if (!c.ok) return c;
    terms.push({ field: c.label, operator: t.operator, value: c.value });
  }
  return { ok: true, selector: new FieldSelector(terms) };
}

/** Does `obj` (of a namespaced kind or not) satisfy an already converted selector? */
export function matchesFields(obj: KObject, selector: FieldSelector, namespaced: boolean): boolean {
  // An empty selector (every plain `kubectl get`) matches without the object's fields.
  return selector.empty() || selector.matches(selectableFields(obj, namespaced));
}

/** Commas split terms unless escaped; the backslash stays for unescapeValue. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS = ["!=", "==", "="] as const;

/** The first position where any operator starts; no escaping on the left-hand side. */
function splitTerm(term: string): { lhs: string; op: FieldTerm["operator"]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function unescapeValue(s: string): { ok: true; value: string } | { ok: false; error: string } {
  if (!/[\\,=]/.test(s)) return { ok: true, value: s };
  let v = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === "\\" || c === "," || c === "=") v += c;
      else return { ok: false, error: `invalid field selector: invalid escape sequence: \\${c}` };
      inSlash = false;
      continue;
    }
    if (c === "\\") inSlash = true;
    // Go prints the rune with %v: its code point number ("61" for "=").
    else if (c === "," || c === "=")
      return { ok: false, error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    else v += c;
  }
  if (inSlash) return { ok: false, error: "invalid field selector: invalid escape sequence: \\" };
  return { ok: true, value: v };
}

export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}
