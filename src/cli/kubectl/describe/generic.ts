/**
 * The generic describer kubectl uses for kinds without their own (custom resources and the
 * like): Name, Namespace, Labels, Annotations, then every other field by sorted key with
 * "smart" labels ("apiVersion" -> "API Version"), then Events.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { byString, type Json } from "../printers/format.ts";
import { type DescribeContext, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./common.ts";
import { LEVEL_0, type PrefixWriter, tabbedString } from "./writer.ts";

const ACRONYMS = new Set(["API", "URL", "UID", "OSB", "GUID"]);

/** fatih/camelcase.Split: runs of lower case, upper case, digits and other characters. */
function camelSplit(s: string): string[] {
  const kind = (c: string): number => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = kind(c);
    if (k === last) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = k;
  }
  // An upper-case run followed by a lower-case run gives its last letter to the lower run:
  // "HTTPServer" -> HTTP Server, and "apiVersion" -> api Version (a run of one is emptied).
  for (let i = 0; i < runs.length - 1; i++) {
    if (kind(runs[i][0]) === 2 && kind(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop() as string);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== "_")
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(" ");
}

const SKIP = new Set([
  ".metadata.managedFields",
  ".metadata.name",
  ".metadata.namespace",
  ".metadata.labels",
  ".metadata.annotations",
]);

function goValue(v: Json): string {
  if (v === null || v === undefined) return "<nil>";
  return String(v);
}

function printContent(w: PrefixWriter, level: number, content: Record<string, Json>, prefix: string): void {
  for (const field of Object.keys(content).sort(byString)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === "object" && !Array.isArray(child))
          printContent(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export function describeGeneric(obj: KObject, ctx: DescribeContext): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", obj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
    printContent(w, LEVEL_0, obj as Record<string, Json>, "");
    describeEvents(ctx.events(obj), w, ctx);
  });
}
