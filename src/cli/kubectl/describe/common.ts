/**
 * Pieces every describer shares (staging/src/k8s.io/kubectl/pkg/describe/describe.go):
 * multi-line labels/annotations, taints and tolerations, the Events table and the context a
 * describer reads the rest of the cluster through.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { parseTimestamp, translateTimestampSince } from "../printers/age.ts";
import { byString, type Json } from "../printers/format.ts";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./writer.ts";

export interface DescribeContext {
  /** Virtual now, ms since the epoch. */
  now: number;
  /** Emulated Kubernetes minor version. */
  minor: number;
  /** Objects of a resource by store key (`pods`, `replicasets.apps`, `endpoints`), optionally in one namespace. */
  list(resource: string, namespace?: string): KObject[];
  /** The events about `obj` (as `kubectl describe` searches them). */
  events(obj: KObject): KObject[];
}

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const MAX_ANNOTATION_LEN = 140;

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined): void {
  printLabelsMultilineWithIndent(w, "", title, "\t", labels);
}

export function printLabelsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  labels: Record<string, string> | undefined,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(byString);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${k}=${(labels as Record<string, string>)[k]}\n`);
  });
}

/** Sorted annotations without last-applied-configuration; long or multi-line values go below the key. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort(byString);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const indent = "\t";
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = String((annotations as Record<string, string>)[key]).replace(/\n$/, "");
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n")) {
        const short = s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s;
        w.write(LEVEL_0, `${indent}  ${short}\n`);
      }
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** `key=value:Effect`, `key:Effect` (Taint.ToString). */
export function taintString(t: Json): string {
  let s = t.key ?? "";
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Json[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const ts = [...(taints ?? [])];
  if (ts.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const key = (t: Json): string => `${t.effect ?? ""},${t.key ?? ""}`;
  ts.sort((a, b) => byString(key(a), key(b)));
  ts.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultiline(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  tolerations: Json[] | undefined,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const ts = [...(tolerations ?? [])];
  if (ts.length === 0) {
    w.writeLine("<none>");
    return;
  }
  ts.sort((a, b) => byString(a.key ?? "", b.key ?? ""));
  ts.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    let s = t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === "Exists" && !t.value) s += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (typeof t.tolerationSeconds === "number") s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/**
 * The Events section: `Events:  <none>`, or a Type/Reason/Age/From/Message table sorted by last
 * timestamp, ages like `2m (x3 over 5m)` for repeated events. Since 1.35 the message is prefixed
 * with the involved field path; not in the emulated versions.
 */
export function describeEvents(events: KObject[], w: PrefixWriter, ctx: DescribeContext): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  const when = (e: KObject): number =>
    parseTimestamp(e.lastTimestamp) ?? parseTimestamp(e.eventTime) ?? parseTimestamp(e.firstTimestamp) ?? 0;
  const sorted = [...events].sort((a, b) => when(a) - when(b));
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted) {
    const first = e.eventTime
      ? translateTimestampSince(e.eventTime, ctx.now)
      : translateTimestampSince(e.firstTimestamp, ctx.now);
    let interval: string;
    if (e.series) {
      interval = `${translateTimestampSince(e.series.lastObservedTime, ctx.now)} (x${e.series.count} over ${first})`;
    } else if ((e.count ?? 0) > 1) {
      interval = `${translateTimestampSince(e.lastTimestamp, ctx.now)} (x${e.count} over ${first})`;
    } else {
      interval = first;
    }
    const source = e.source?.component || e.reportingController || "";
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${String(e.message ?? "").trim()}\n`);
  }
}

export const printBool = (v: unknown): string => (v ? "True" : "False");
export const stringOrNone = (s: string | undefined | null): string => (s ? s : "<none>");

/** `Kind/name` of the controlling owner, or "". */
export function printController(obj: KObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

/** Objects owned (controller reference) by `owner`. */
export function controlledBy(objs: KObject[], owner: KObject): KObject[] {
  return objs.filter((o) =>
    o.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === owner.metadata.uid),
  );
}

/** Running / Waiting / Succeeded / Failed counts of the pods a controller owns and selects. */
export function podStatusCounts(pods: KObject[], owner: KObject): [number, number, number, number] {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const p of controlledBy(pods, owner)) {
    switch (p.status?.phase) {
      case "Running":
        running++;
        break;
      case "Pending":
        waiting++;
        break;
      case "Succeeded":
        succeeded++;
        break;
      case "Failed":
        failed++;
        break;
    }
  }
  return [running, waiting, succeeded, failed];
}
