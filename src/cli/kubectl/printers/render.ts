/**
 * The client side of `kubectl get` for human-readable output (cli-runtime's HumanReadablePrinter
 * and the get command's loop): decorate each kind's server table with NAMESPACE, `kind/` name
 * prefixes, `-L` label columns and LABELS, drop wide columns unless `-o wide`, and lay it out
 * with a tabwriter (minwidth 6, padding 3). Kinds are separated by a blank line; a kind with no
 * rows prints nothing, not even headers. When nothing at all was printed kubectl says
 * "No resources found in <ns> namespace." (or "No resources found") on stderr.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { splitApiVersion } from "../../../sim/k8s/api/object.ts";
import type { Column } from "./columns.ts";
import { formatLabels } from "./format.ts";
import { tableFor } from "./table.ts";
import { GET_TABWRITER, tabwrite } from "./tabwriter.ts";

export interface RenderGroup {
  /** `kind.group` lower-cased as kubectl prefixes names: "pod", "deployment.apps". Derived when absent. */
  resourceLabel?: string;
  objects: KObject[];
  /** The kind, needed only when `objects` is empty. */
  kind?: string;
  /** Whether the resource is namespaced (cluster-scoped kinds get no NAMESPACE column). Derived when absent. */
  namespaced?: boolean;
}

export interface RenderOptions {
  now: number;
  minor: number;
  wide?: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  /** `-L key` values, in order. */
  labelColumns?: string[];
  /** `-A`: prefix a NAMESPACE column on namespaced kinds. */
  allNamespaces?: boolean;
  /** Prefix names with `kind/`; kubectl does so when several kinds are requested. Default: more than one group. */
  withKind?: boolean;
  /** The request namespace, for the "No resources found in <ns> namespace." message. */
  namespace?: string;
}

export interface GetOutput {
  stdout: string;
  stderr: string;
}

/** `deployment.apps` for apps/v1 Deployment, `pod` for v1 Pod. */
export function resourceLabelOf(obj: Pick<KObject, "apiVersion" | "kind">): string {
  const [group] = splitApiVersion(obj.apiVersion ?? "");
  return (group ? `${obj.kind}.${group}` : obj.kind).toLowerCase();
}

/** Cells are cut at the first line break, as the table printer does. */
function cellText(s: string): string {
  const i = s.search(/[\n\r\f]/);
  return i < 0 ? s : `${s.slice(0, i)}...`;
}

/** -L header: the upper-cased last path segment of the key ("app.kubernetes.io/name" -> "NAME"). */
function labelHeader(key: string): string {
  const parts = key.split("/");
  return parts[parts.length - 1].toUpperCase();
}

function renderGroup(group: RenderGroup, opts: RenderOptions, withKind: boolean): string {
  const table = tableFor(group.objects, { now: opts.now, minor: opts.minor, wide: !!opts.wide }, group.kind);
  if (table.rows.length === 0) return "";
  const namespaced = group.namespaced ?? group.objects.some((o) => !!o.metadata.namespace);
  const withNamespace = !!opts.allNamespaces && namespaced;
  const label = group.resourceLabel ?? (group.objects[0] ? resourceLabelOf(group.objects[0]) : "");
  const visible = (c: Column): boolean => c.priority === 0 || !!opts.wide;
  const nameIndex = table.columns.findIndex((c) => c.format === "name");
  const labelKeys = opts.labelColumns ?? [];

  const headers: string[] = [];
  if (withNamespace) headers.push("NAMESPACE");
  for (const c of table.columns) if (visible(c)) headers.push(c.name.toUpperCase());
  for (const k of labelKeys) headers.push(labelHeader(k));
  if (opts.showLabels) headers.push("LABELS");

  const lines: string[] = [];
  if (!opts.noHeaders) lines.push(headers.join("\t"));
  table.rows.forEach((row, i) => {
    const obj = group.objects[i];
    const cells: string[] = [];
    if (withNamespace) cells.push(obj.metadata.namespace ?? "");
    row.forEach((cell, j) => {
      const c = table.columns[j];
      if (!c || !visible(c)) return;
      cells.push(j === nameIndex && withKind && label ? `${label}/${cellText(cell)}` : cellText(cell));
    });
    const labels = obj.metadata.labels ?? {};
    for (const k of labelKeys) cells.push(labels[k] ?? "");
    if (opts.showLabels) cells.push(formatLabels(labels));
    lines.push(cells.join("\t"));
  });
  return tabwrite(`${lines.join("\n")}\n`, GET_TABWRITER);
}

/** The tables of several kinds, as `kubectl get a,b` prints them (stdout only). */
export function renderTables(groups: RenderGroup[], opts: RenderOptions): string {
  const withKind = opts.withKind ?? groups.length > 1;
  let out = "";
  groups.forEach((g, i) => {
    const text = renderGroup(g, opts, withKind);
    if (text === "") return;
    if (i > 0 && out !== "" && !opts.noHeaders) out += "\n";
    out += text;
  });
  return out;
}

/** kubectl's message when a get printed nothing; it goes to stderr. */
export function noResourcesFound(opts: { namespace?: string; allNamespaces?: boolean; namespaced?: boolean }): string {
  if (!opts.allNamespaces && opts.namespaced !== false) {
    return `No resources found in ${opts.namespace ?? "default"} namespace.\n`;
  }
  return "No resources found\n";
}

/**
 * The whole human-readable `kubectl get` output: the tables on stdout, or the "No resources
 * found" message on stderr when no rows were printed. A group counts as cluster-scoped when
 * `namespaced` is false, which switches the message to the namespace-less form.
 */
export function renderGet(groups: RenderGroup[], opts: RenderOptions): GetOutput {
  const stdout = renderTables(groups, opts);
  if (stdout !== "") return { stdout, stderr: "" };
  const allNamespaced = groups.every((g) => g.namespaced !== false);
  return {
    stdout: "",
    stderr: noResourcesFound({
      namespace: opts.namespace,
      allNamespaces: opts.allNamespaces,
      namespaced: allNamespaced,
    }),
  };
}

/** `-o name`: `kind.group/name` per object, one a line. */
export function renderNames(objects: KObject[]): string {
  return objects.map((o) => `${resourceLabelOf(o)}/${o.metadata.name ?? ""}\n`).join("");
}
