/**
 * Field matchers: does an object have the field values a checkpoint expects?
 *
 * A path may select several values (`spec.ports[*].port`); the matcher passes when one of
 * them satisfies every condition given. Values compare the way Kubernetes users think of
 * them: `3` equals `"3"`, and quantities compare as quantities, so `500m` equals `0.5`,
 * `1Gi` equals `1024Mi`, and `cpu: 250m` is `lt: 0.5`.
 *
 * Explanations say what was found and what was expected, in one clause each:
 *   has spec.replicas 2; expected 3
 *   has no spec.template.spec.containers[0].resources.limits.cpu; expected 500m
 */
import { compareQuantities, parseQuantity, type Quantity } from "../../sim/k8s/validation/quantity.ts";
import type { FieldMatcher } from "../types.ts";
import { parsePath, select } from "./field-path.ts";
import { compileRegex, listSome, showValue } from "./text.ts";

export interface MatchOutcome {
  passed: boolean;
  /** `has spec.replicas 2` / `has no spec.replicas`. */
  found: string;
  /** `expected 3`, `expected at least 2`, or "" when nothing but presence was asked. */
  expected: string;
  /** Set when the lab's matcher itself is unusable (bad path or pattern). */
  error?: string;
}

function asQuantity(v: unknown): Quantity | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  if (typeof v === "number" && !Number.isFinite(v)) return undefined;
  const q = parseQuantity(v);
  return q.ok ? q.value : undefined;
}

/** Equality as a lab author means it: same JSON, same text, or the same quantity. */
export function sameValue(found: unknown, expected: unknown): boolean {
  if (found === expected) return true;
  if (found === null || expected === null || found === undefined || expected === undefined) return false;
  if (typeof found === "object" || typeof expected === "object")
    return JSON.stringify(found) === JSON.stringify(expected);
  if (String(found) === String(expected)) return true;
  const a = asQuantity(found);
  const b = asQuantity(expected);
  return a !== undefined && b !== undefined && compareQuantities(a, b) === 0;
}

function compareNumber(found: unknown, expected: unknown): number | undefined {
  const a = asQuantity(found);
  const b = asQuantity(expected);
  return a && b ? compareQuantities(a, b) : undefined;
}

function contains(found: unknown, needle: string): boolean {
  if (typeof found === "string") return found.includes(needle);
  if (Array.isArray(found)) return found.some((x) => sameValue(x, needle));
  if (found && typeof found === "object") return Object.hasOwn(found, needle);
  return found !== undefined && found !== null && String(found).includes(needle);
}

/** The conditions of a matcher, each as a test and the words for what it expects. */
function conditions(
  m: FieldMatcher,
): { ok: true; tests: { test: (v: unknown) => boolean; words: string }[] } | { ok: false; error: string } {
  const tests: { test: (v: unknown) => boolean; words: string }[] = [];
  if (m.equals !== undefined)
    tests.push({ test: (v) => sameValue(v, m.equals), words: `expected ${showValue(m.equals)}` });
  if (m.contains !== undefined) {
    const needle = String(m.contains);
    tests.push({ test: (v) => contains(v, needle), words: `expected it to contain ${JSON.stringify(needle)}` });
  }
  if (m.matches !== undefined) {
    const re = compileRegex(String(m.matches));
    if (!re.ok) return re;
    tests.push({
      test: (v) => v !== undefined && v !== null && re.re.test(typeof v === "string" ? v : JSON.stringify(v)),
      words: `expected it to match /${m.matches}/`,
    });
  }
  if (m.in !== undefined) {
    const options = Array.isArray(m.in) ? m.in : [m.in];
    tests.push({
      test: (v) => options.some((o) => sameValue(v, o)),
      words: `expected one of ${listSome(options.map(showValue))}`,
    });
  }
  const numeric: [keyof FieldMatcher, (c: number) => boolean, string][] = [
    ["gt", (c) => c > 0, "more than"],
    ["gte", (c) => c >= 0, "at least"],
    ["lt", (c) => c < 0, "less than"],
    ["lte", (c) => c <= 0, "at most"],
  ];
  for (const [key, ok, words] of numeric) {
    const bound = m[key];
    if (bound === undefined) continue;
    const b = bound;
    tests.push({
      test: (v) => {
        const c = compareNumber(v, b);
        return c !== undefined && ok(c);
      },
      words: `expected ${words} ${showValue(bound)}`,
    });
  }
  return { ok: true, tests };
}

export function evaluateMatcher(obj: unknown, m: FieldMatcher): MatchOutcome {
  const path = parsePath(String(m.path ?? ""));
  if (!path.ok)
    return { passed: false, found: "", expected: "", error: `the lab's field path is invalid: ${path.error}` };
  const values = select(obj, path.segments);
  const present = values.filter((v) => v !== null);
  const foundWords = present.length ? `has ${m.path} ${listSome(present.map(showValue))}` : `has no ${m.path}`;
  const conds = conditions(m);
  if (!conds.ok) return { passed: false, found: foundWords, expected: "", error: conds.error };
  const wantsAbsent = m.exists === false;
  if (wantsAbsent) {
    // `exists: false` with other conditions reads "no value satisfies them".
    if (conds.tests.length === 0)
      return { passed: present.length === 0, found: foundWords, expected: "expected it to be unset" };
    const hit = present.some((v) => conds.tests.every((t) => t.test(v)));
    return {
      passed: !hit,
      found: foundWords,
      expected: `expected none to satisfy: ${conds.tests.map((t) => t.words.replace(/^expected /, "")).join(", ")}`,
    };
  }
  const expected = conds.tests.length
    ? conds.tests
        .map((t) => t.words)
        .join(" and ")
        .replace(/ and expected /g, " and ")
    : "expected it to be set";
  if (present.length === 0) {
    // `equals: null` asks for absence too.
    if (m.equals === null && conds.tests.length === 1) return { passed: true, found: foundWords, expected };
    return { passed: false, found: foundWords, expected };
  }
  const passed = conds.tests.length === 0 || present.some((v) => conds.tests.every((t) => t.test(v)));
  return { passed, found: foundWords, expected };
}

/** All matchers on one object: the first failure, or every field found (for a passing explanation). */
export function evaluateMatchers(
  obj: unknown,
  matchers: readonly FieldMatcher[],
): { passed: true; found: string[] } | { passed: false; failure: MatchOutcome } {
  const found: string[] = [];
  for (const m of matchers) {
    const r = evaluateMatcher(obj, m);
    if (!r.passed) return { passed: false, failure: r };
    found.push(r.found);
  }
  return { passed: true, found };
}
