/**
 * The RESTMapper as kubectl uses it: `pods`, `pod`, `po`, `Pod`, `deployments.apps`,
 * `deploy.v1.apps`, and categories (`all`) resolve to resource types served by the cluster.
 */
import type { Discovery, ResourceType } from "../../sim/k8s/api/resources.ts";

export type Resolved = { ok: true; types: ResourceType[] } | { ok: false; error: string };

/** Groups kubectl prefers when a name is served by several (core first, extensions last). */
function groupRank(g: string): number {
  if (g === "") return 0;
  if (g === "extensions") return 3;
  if (g === "events.k8s.io") return 2;
  return 1;
}

export function resolveResource(d: Discovery, text: string): Resolved {
  const raw = text.trim();
  const lower = raw.toLowerCase();
  if (lower === "") return { ok: false, error: `the server doesn't have a resource type ""` };
  const byCategory = d.types.filter((t) => t.categories.includes(lower));
  if (byCategory.length > 0 && !d.types.some((t) => matchesName(t, lower))) {
    return { ok: true, types: dedupe(byCategory) };
  }
  // name[.version].group
  const dot = lower.indexOf(".");
  const name = dot < 0 ? lower : lower.slice(0, dot);
  let group = dot < 0 ? undefined : lower.slice(dot + 1);
  let version: string | undefined;
  if (group) {
    const m = /^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/.exec(group);
    if (m && d.types.some((t) => t.group === m[2])) {
      version = m[1];
      group = m[2];
    }
  }
  let candidates = d.types.filter((t) => matchesName(t, name) && (group === undefined || t.group === group));
  if (version) candidates = candidates.filter((t) => t.versions.some((v) => v.version === version));
  if (candidates.length === 0) return { ok: false, error: `the server doesn't have a resource type "${raw}"` };
  candidates.sort((a, b) => groupRank(a.group) - groupRank(b.group));
  return { ok: true, types: [candidates[0]] };
}

function matchesName(t: ResourceType, name: string): boolean {
  return t.resource === name || t.singular === name || t.shortNames.includes(name) || t.kind.toLowerCase() === name;
}

function dedupe(ts: ResourceType[]): ResourceType[] {
  const seen = new Set<string>();
  const out: ResourceType[] = [];
  for (const t of [...ts].sort((a, b) => groupRank(a.group) - groupRank(b.group))) {
    if (seen.has(t.resource)) continue;
    seen.add(t.resource);
    out.push(t);
  }
  // Discovery order: core first, then groups alphabetically, resources alphabetically.
  return out.sort((a, b) =>
    a.group === b.group
      ? cmp(a.resource, b.resource)
      : a.group === ""
        ? -1
        : b.group === ""
          ? 1
          : cmp(a.group, b.group),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How kubectl names a resource in `kind/name` output: `pod`, `deployment.apps`. */
export function kindLabel(t: ResourceType): string {
  const k = t.kind.toLowerCase();
  return t.group ? `${k}.${t.group}` : k;
}
