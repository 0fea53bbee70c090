/**
 * `kubectl api-resources` and `kubectl api-versions` against a kubeadm cluster of one version.
 *
 * api-resources lists, per group, the preferred version's resources plus resources served only
 * by another version of that group (discovery's ServerPreferredResources: 1.21 shows
 * `podsecuritypolicies` at policy/v1beta1 beside policy/v1), then sorts stably by group (core
 * first, as "" sorts first) and, within a group, by name; `--sort-by=name|kind` sorts by that.
 * Wide adds VERBS (and from 1.27 CATEGORIES), printed as Go prints a []string: `[get list]`.
 */
import { Discovery, type ResourceType, servedVersions } from "../../sim/k8s/api/resources.ts";
import type { ExecResult } from "../types.ts";
import { GET_TABWRITER, tabwrite } from "./printers/tabwriter.ts";

export interface ApiResourcesArgs {
  minor: number;
  wide?: boolean;
  namespaced?: boolean;
  apiGroup?: string;
  noHeaders?: boolean;
  output?: "name" | "wide";
  sortBy?: string;
  verbs?: string[];
}

interface Row {
  group: string;
  groupVersion: string;
  type: ResourceType;
}

/** One row per group/resource, at the version discovery's ServerPreferredResources picks. */
function preferredResources(discovery: Discovery): Row[] {
  const rows: Row[] = [];
  for (const type of discovery.types) {
    const versions = servedVersions(type, discovery.minor);
    // The group's preferred version is the first served version of any of its resources.
    const groupPreferred = discovery.types
      .filter((t) => t.group === type.group)
      .map((t) => servedVersions(t, discovery.minor))
      .sort((a, b) => groupVersionRank(a[0]) - groupVersionRank(b[0]))[0][0];
    const version = versions.includes(groupPreferred) ? groupPreferred : versions[0];
    rows.push({ group: type.group, groupVersion: type.group ? `${type.group}/${version}` : version, type });
  }
  return rows;
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
function groupVersionRank(v: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return 1e9;
  const major = Number(m[1]);
  const level = m[2] === undefined ? 0 : m[2] === "beta" ? 1 : 2;
  const minor = m[3] === undefined ? 0 : Number(m[3]);
  return level * 1e6 - major * 1e3 - minor;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function apiResources(args: ApiResourcesArgs): ExecResult {
  if (args.sortBy !== undefined && args.sortBy !== "name" && args.sortBy !== "kind") {
    return { stdout: "", stderr: `error: --sort-by accepts only name or kind\n`, exitCode: 1 };
  }
  const wide = args.wide || args.output === "wide";
  const discovery = new Discovery(args.minor);
  let rows = preferredResources(discovery);
  if (args.apiGroup !== undefined) rows = rows.filter((r) => r.group === args.apiGroup);
  if (args.namespaced !== undefined) rows = rows.filter((r) => r.type.namespaced === args.namespaced);
  const verbs = args.verbs ?? [];
  if (verbs.length) rows = rows.filter((r) => verbs.every((v) => r.type.verbs.includes(v)));
  const key = (r: Row) => (args.sortBy === "name" ? r.type.resource : args.sortBy === "kind" ? r.type.kind : r.group);
  rows.sort((a, b) => compare(key(a), key(b)) || compare(a.type.resource, b.type.resource));

  if (args.output === "name") {
    const names = rows.map((r) => (r.group ? `${r.type.resource}.${r.group}` : r.type.resource));
    return { stdout: names.map((n) => `${n}\n`).join(""), stderr: "", exitCode: 0 };
  }
  const withCategories = args.minor >= 27;
  const lines: string[] = [];
  if (!args.noHeaders) {
    const header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
    if (wide) header.push("VERBS", ...(withCategories ? ["CATEGORIES"] : []));
    lines.push(header.join("\t"));
  }
  for (const r of rows) {
    const cells = [
      r.type.resource,
      r.type.shortNames.join(","),
      r.groupVersion,
      String(r.type.namespaced),
      r.type.kind,
    ];
    if (wide) {
      cells.push(`[${[...r.type.verbs].sort(compare).join(" ")}]`);
      if (withCategories) cells.push(`[${r.type.categories.join(" ")}]`);
    }
    lines.push(cells.join("\t"));
  }
  return { stdout: tabwrite(lines.map((l) => `${l}\n`).join(""), GET_TABWRITER), stderr: "", exitCode: 0 };
}

/** `kubectl api-versions`: every served group/version, sorted as Go's sort.Strings does. */
export function apiVersions(minor: number): ExecResult {
  const versions = new Discovery(minor).groupVersions().sort(compare);
  return { stdout: versions.map((v) => `${v}\n`).join(""), stderr: "", exitCode: 0 };
}
