/**
 * v1.NodeSelector matching (component-helpers/scheduling/corev1/nodeaffinity): terms are ORed;
 * inside a term, matchExpressions (on labels) and matchFields (only `metadata.name`) are ANDed.
 * A term with neither matches nothing, and so does a term that does not parse (an unknown
 * operator, Gt with a non-integer): upstream skips such terms.
 */
import { type Operator, type Requirement, requirementMatches } from "../selectors/labels.ts";

// biome-ignore lint/suspicious/noExplicitAny: manifests are schemaless JSON.
type Json = any;

interface ParsedTerm {
  labels: Requirement[];
  fields: Requirement[];
}

export interface NodeSelectorMatcher {
  readonly terms: readonly ParsedTerm[];
}

export interface PreferredTerm {
  readonly weight: number;
  readonly term: ParsedTerm;
}

const OPERATORS: Record<string, Operator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
  Gt: "gt",
  Lt: "lt",
};

function parseRequirements(list: Json, fields: boolean): Requirement[] | undefined {
  const out: Requirement[] = [];
  for (const e of Array.isArray(list) ? list : []) {
    const op = Object.hasOwn(OPERATORS, e?.operator) ? OPERATORS[e.operator] : undefined;
    if (!op || typeof e.key !== "string") return undefined;
    const values: string[] = Array.isArray(e.values) ? e.values.map(String) : [];
    if (fields) {
      // Only metadata.name, with In/NotIn and exactly one value, is a valid field requirement.
      if (e.key !== "metadata.name" || (op !== "in" && op !== "notin") || values.length !== 1) return undefined;
    } else if ((op === "gt" || op === "lt") && (values.length !== 1 || !/^[+-]?\d+$/.test(values[0]))) {
      return undefined;
    } else if ((op === "in" || op === "notin") && values.length === 0) {
      return undefined;
    }
    out.push({ key: e.key, operator: op, values });
  }
  return out;
}

function parseTerm(t: Json): ParsedTerm | undefined {
  if (!t || typeof t !== "object") return undefined;
  const labels = parseRequirements(t.matchExpressions, false);
  const fields = parseRequirements(t.matchFields, true);
  if (!labels || !fields) return undefined;
  return { labels, fields };
}

export function parseNodeSelector(ns: Json): NodeSelectorMatcher {
  const terms: ParsedTerm[] = [];
  for (const t of Array.isArray(ns?.nodeSelectorTerms) ? ns.nodeSelectorTerms : []) {
    const p = parseTerm(t);
    if (p) terms.push(p);
  }
  return { terms };
}

export function parsePreferredTerms(list: Json): PreferredTerm[] {
  const out: PreferredTerm[] = [];
  for (const p of Array.isArray(list) ? list : []) {
    const term = parseTerm(p?.preference);
    const weight = Number(p?.weight ?? 0);
    if (term && weight !== 0) out.push({ weight, term });
  }
  return out;
}

export function termMatchesNode(t: ParsedTerm, nodeName: string, labels: Readonly<Record<string, string>>): boolean {
  if (t.labels.length === 0 && t.fields.length === 0) return false;
  for (const r of t.labels) if (!requirementMatches(r, labels)) return false;
  for (const r of t.fields) if (!requirementMatches(r, { "metadata.name": nodeName })) return false;
  return true;
}

export function nodeSelectorMatches(
  m: NodeSelectorMatcher,
  nodeName: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const t of m.terms) if (termMatchesNode(t, nodeName, labels)) return true;
  return false;
}
