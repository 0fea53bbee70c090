/**
 * The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go,
 * reconcileByPortMapping), for one Service and one address type: keep each existing slice's
 * endpoints in place (updated when the pod changed, dropped when it left), fill slices that
 * change anyway first, then unchanged slices with room, then new slices of at most 100
 * endpoints; a slice left empty is deleted, or reused under its name for a slice that would be
 * created. A Service with no endpoints keeps one placeholder slice (no ports, no endpoints),
 * which kubectl shows as `<unset>`.
 */
import { jsonEqual, type KObject } from "../../api/object.ts";
import { endpointKey, portMapKey } from "./endpoint.ts";

// biome-ignore lint/suspicious/noExplicitAny: endpoint JSON is schemaless here.
type Json = any;

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface DesiredGroup {
  ports: Json[];
  /** endpointKey -> endpoint, in insertion (pod name) order. */
  endpoints: Map<string, Json>;
}

export interface SlicePlan {
  /** Slices to create: ports and endpoints (metadata is the caller's). */
  create: { ports: Json[]; endpoints: Json[] }[];
  /** Existing slices (by name) with their new ports and endpoints. */
  update: { name: string; ports: Json[]; endpoints: Json[] }[];
  delete: string[];
  /** Slices whose content is unchanged but whose labels must be refreshed. */
  relabel: string[];
}

export function planSlices(
  existing: KObject[],
  desired: Map<string, DesiredGroup>,
  labelsChanged: (s: KObject) => boolean,
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [], relabel: [] };
  const byKey = new Map<string, KObject[]>();
  for (const s of existing) {
    const k = portMapKey(s.ports);
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  const toDelete: KObject[] = [];
  for (const [key, group] of desired) {
    const slices = byKey.get(key) ?? [];
    byKey.delete(key);
    reconcileGroup(slices, group, labelsChanged, plan, toDelete);
  }
  // Port sets nobody offers any more.
  for (const slices of byKey.values()) toDelete.push(...slices);

  // Placeholder: a service always has a slice, even without endpoints.
  if (existing.length === toDelete.length && plan.create.length === 0) {
    const placeholder = toDelete.length === 1 && isPlaceholder(toDelete[0]);
    if (placeholder) toDelete.length = 0;
    else plan.create.push({ ports: [], endpoints: [] });
  }
  // Creates become updates of slices that would be deleted: the name survives.
  while (toDelete.length && plan.create.length) {
    const victim = toDelete.shift()!;
    const c = plan.create.pop()!;
    plan.update.push({ name: victim.metadata.name ?? "", ports: c.ports, endpoints: c.endpoints });
  }
  plan.delete = toDelete.map((s) => s.metadata.name ?? "");
  return plan;
}

function reconcileGroup(
  slices: KObject[],
  group: DesiredGroup,
  labelsChanged: (s: KObject) => boolean,
  plan: SlicePlan,
  toDelete: KObject[],
): void {
  const remaining = new Map(group.endpoints);
  const updating: { name: string; ports: Json[]; endpoints: Json[] }[] = [];
  const unchanged: { name: string; ports: Json[]; endpoints: Json[] }[] = [];
  for (const s of slices) {
    const kept: Json[] = [];
    let changed = false;
    for (const ep of s.endpoints ?? []) {
      const k = endpointKey(ep);
      const want = remaining.get(k);
      if (!want) continue;
      kept.push(want);
      if (!jsonEqual(stripRV(want), stripRV(ep))) changed = true;
      remaining.delete(k);
    }
    const entry = { name: s.metadata.name ?? "", ports: group.ports, endpoints: kept };
    if (changed || kept.length !== (s.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.push(s);
      else updating.push(entry);
    } else if (labelsChanged(s)) {
      updating.push(entry);
    } else {
      unchanged.push(entry);
    }
  }
  // Fill the slices being written anyway, fullest first.
  const queue = [...remaining.values()];
  for (const u of [...updating].sort((a, b) => b.endpoints.length - a.endpoints.length)) {
    while (queue.length && u.endpoints.length < MAX_ENDPOINTS_PER_SLICE) u.endpoints.push(queue.shift());
  }
  while (queue.length) {
    let fill: (typeof unchanged)[number] | undefined;
    if (queue.length < MAX_ENDPOINTS_PER_SLICE && unchanged.length) {
      // getSliceToFill: the unchanged slice closest to full that still fits them all.
      let best = MAX_ENDPOINTS_PER_SLICE;
      for (const u of unchanged) {
        const diff = MAX_ENDPOINTS_PER_SLICE - (queue.length + u.endpoints.length);
        if (diff >= 0 && diff < best) {
          best = diff;
          fill = u;
        }
      }
    }
    if (fill) {
      unchanged.splice(unchanged.indexOf(fill), 1);
      fill.endpoints = [...fill.endpoints];
      while (queue.length && fill.endpoints.length < MAX_ENDPOINTS_PER_SLICE) fill.endpoints.push(queue.shift());
      updating.push(fill);
    } else {
      const created = { ports: group.ports, endpoints: [] as Json[] };
      while (queue.length && created.endpoints.length < MAX_ENDPOINTS_PER_SLICE) created.endpoints.push(queue.shift());
      plan.create.push(created);
    }
  }
  plan.update.push(...updating);
  for (const u of unchanged)
    if (labelsChanged(slices.find((s) => s.metadata.name === u.name)!)) plan.relabel.push(u.name);
}

function isPlaceholder(s: KObject): boolean {
  return (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0;
}

/** endpointsEqualBeyondHash ignores the pod's resourceVersion in targetRef. */
function stripRV(ep: Json): Json {
  if (!ep.targetRef) return ep;
  const { resourceVersion: _rv, ...ref } = ep.targetRef;
  return { ...ep, targetRef: ref };
}
