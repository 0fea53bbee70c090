/**
 * count checks: how many objects of a type (in a namespace, or all with `*`) match a label
 * selector, a field selector and `where` matchers; optionally how many of those have a
 * condition (`Ready=True`; `Ready` alone means True). Compared with equals / min / max.
 *
 *   3 pods match app=web, 2 of them Ready; expected 3 Ready; pod "web-7d4b9-x2k8p" is Pending: ...
 *
 * Selectors are parsed exactly as the API server parses `?labelSelector=` and
 * `?fieldSelector=` (unsupported field labels are refused in its words).
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import { matchesFields, parseFieldSelectorFor } from "../../sim/k8s/selectors/fields.ts";
import { parseLabelSelector } from "../../sim/k8s/selectors/labels.ts";
import type { Check, CheckResult, FieldMatcher } from "../types.ts";
import { type CheckContext, fail, pass } from "./context.ts";
import { countWords, listObjects, lookupType, namespaceOf, whereWords } from "./lookup.ts";
import { evaluateMatchers } from "./matchers.ts";
import { diagnosePod } from "./pod-diagnosis.ts";

export type CountCheck = Extract<Check, { kind: "count" }>;

/** How many diagnoses of objects without the condition a failure adds. */
const MAX_DIAGNOSES = 2;

export function parseCondition(text: string): { type: string; status: string } {
  const eq = text.indexOf("=");
  return eq < 0
    ? { type: text.trim(), status: "True" }
    : { type: text.slice(0, eq).trim(), status: text.slice(eq + 1).trim() };
}

export function hasCondition(o: KObject, c: { type: string; status: string }): boolean {
  const conds: { type?: string; status?: string }[] = Array.isArray(o.status?.conditions) ? o.status.conditions : [];
  return conds.some((x) => x.type === c.type && x.status === c.status);
}

export function evaluateCount(check: CountCheck, ctx: CheckContext): CheckResult {
  const cluster = ctx.sim.cluster;
  const found = lookupType(cluster, check.resource);
  if (!found.ok) return fail(found.error);
  const t = found.type;
  const ns = namespaceOf(t, check.namespace);
  let objs = listObjects(cluster, t, ns);
  const criteria: string[] = [];
  if (check.selector) {
    const sel = parseLabelSelector(check.selector);
    if (!sel.ok) return fail(`the lab's label selector is invalid: ${sel.error}`);
    objs = objs.filter((o) => sel.selector.matches(o.metadata.labels ?? {}));
    criteria.push(check.selector);
  }
  if (check.fieldSelector) {
    const sel = parseFieldSelectorFor(
      check.fieldSelector,
      cluster.discovery.preferredApiVersion(t),
      t.kind,
      cluster.minor,
    );
    if (!sel.ok) return fail(`the lab's field selector is invalid: ${sel.error}`);
    objs = objs.filter((o) => matchesFields(o, sel.selector, t.namespaced));
    criteria.push(check.fieldSelector);
  }
  if (check.where?.length) {
    const where = check.where;
    const bad = objs.map((o) => evaluateMatchers(o, where)).find((r) => !r.passed && r.failure.error);
    if (bad && !bad.passed) return fail(bad.failure.error!);
    objs = objs.filter((o) => evaluateMatchers(o, where).passed);
    criteria.push(where.map((w) => describeWhere(w)).join(", "));
  }
  const matched = objs.length;
  const condition = check.condition ? parseCondition(check.condition) : undefined;
  const withCondition = condition ? objs.filter((o) => hasCondition(o, condition)) : objs;
  const n = withCondition.length;
  const condWords = condition
    ? condition.status === "True"
      ? condition.type
      : `${condition.type}=${condition.status}`
    : "";

  const where = whereWords(t, ns);
  let text = criteria.length
    ? `${countWords(matched, t)}${ns === "default" ? "" : where} ${matched === 1 ? "matches" : "match"} ${criteria.join(" and ")}`
    : `there ${matched === 1 ? "is" : "are"} ${countWords(matched, t)}${where}`;
  if (condition) text += `, ${n} of them ${condWords}`;

  const problems: string[] = [];
  const suffix = condWords ? ` ${condWords}` : "";
  if (check.equals !== undefined && n !== Number(check.equals)) problems.push(`expected ${check.equals}${suffix}`);
  if (check.min !== undefined && n < Number(check.min)) problems.push(`expected at least ${check.min}${suffix}`);
  if (check.max !== undefined && n > Number(check.max)) problems.push(`expected at most ${check.max}${suffix}`);
  if (check.equals === undefined && check.min === undefined && check.max === undefined && n === 0) {
    problems.push(`expected at least 1${suffix}`);
  }
  if (problems.length === 0) return pass(text);
  let explanation = `${text}; ${problems.join(" and ")}`;
  if (t.kind === "Pod") {
    const lacking = condition ? objs.filter((o) => !hasCondition(o, condition)) : [];
    const diagnoses = lacking
      .map((p) => diagnosePod(cluster, p))
      .filter((d): d is string => d !== undefined)
      .slice(0, MAX_DIAGNOSES);
    if (diagnoses.length) explanation += `; ${diagnoses.join("; ")}`;
  }
  return fail(explanation);
}

function describeWhere(w: FieldMatcher): string {
  for (const op of ["equals", "contains", "matches", "in", "gt", "gte", "lt", "lte", "exists"] as const) {
    if (w[op] !== undefined) return `${w.path} ${op} ${JSON.stringify(w[op])}`;
  }
  return w.path;
}
