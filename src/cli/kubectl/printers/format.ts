/**
 * Small formatters shared by the table printers and the describers, each mirroring the
 * apimachinery helper of the same name (labels.FormatLabels, metav1.FormatLabelSelector, ...).
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";

// biome-ignore lint/suspicious/noExplicitAny: objects are schemaless JSON.
export type Json = any;

/** labels.FormatLabels: sorted `k=v,k2=v2`, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(",");
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * labels.Selector.String() of metav1.LabelSelectorAsSelector: requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. An empty or missing selector is "".
 */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return "";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(",");
    switch (e.operator) {
      case "In":
        reqs.push({ key: e.key, text: `${e.key} in (${values})` });
        break;
      case "NotIn":
        reqs.push({ key: e.key, text: `${e.key} notin (${values})` });
        break;
      case "Exists":
        reqs.push({ key: e.key, text: e.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(",");
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when it selects by nothing. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  return s === "" ? "<none>" : s;
}

/** intstr.IntOrString.String(). */
export function intOrString(v: unknown): string {
  return v === undefined || v === null ? "" : String(v);
}

/** `Kind/name` of the controller owner reference, or "". */
export function controllerOf(
  obj: KObject,
): { kind: string; name: string; uid: string; apiVersion: string } | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** Container names and images joined with commas (layoutContainerCells). */
export function layoutContainerCells(containers: Json[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name ?? "").join(","), cs.map((c) => c.image ?? "").join(",")];
}

/** Strings compare as Go's sort.Strings does (byte order for ASCII). */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
