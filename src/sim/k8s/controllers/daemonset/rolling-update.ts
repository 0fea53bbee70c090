/**
 * The RollingUpdate strategy (pkg/controller/daemon/update.go rollingUpdate): which old pods
 * to delete and on which nodes to start a new pod, given each node's pods.
 *
 * maxSurge 0 (the default): delete old pods while fewer than maxUnavailable nodes lack an
 * available new pod; an old pod that is not available anyway is replaced for free. Example,
 * 4 nodes, maxUnavailable 1, all old pods available: one old pod is deleted; the manage loop
 * creates its replacement; nothing more happens until that pod is available.
 *
 * maxSurge > 0 (1.22+): start a new pod next to an available old one on up to maxSurge nodes;
 * delete the old pod once the new one is available. Example, maxSurge 1: node A gets a new
 * pod (numSurge 1), the others wait; when A's new pod is available A's old pod is deleted and
 * the next node surges.
 *
 * Budgets are integers or percentages of desiredNumberScheduled: maxSurge rounds up,
 * maxUnavailable rounds up too (intstr.GetScaledValueFromIntOrPercent(..., true)); e.g. 25% of
 * 3 nodes -> ceil(0.75) = 1. Both zero never happens: validation refuses it (1.21 made
 * maxUnavailable 0 invalid; it then was the only budget).
 */
import type { KObject } from "../../api/object.ts";
import { isPodAvailable, type Json } from "../controllerrevision/owned.ts";

export const DAEMONSET_TEMPLATE_GENERATION = "pod-template-generation";

/** util.IsPodUpdated: the pod runs the current hash or the current template generation. */
export function isPodUpdated(pod: KObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  const templateMatches = generation !== undefined && labels[DAEMONSET_TEMPLATE_GENERATION] === generation;
  const hashMatches = hash.length > 0 && labels["controller-revision-hash"] === hash;
  return hashMatches || templateMatches;
}

/** findUpdatedPodsOnNode: at most one new and one old live pod; otherwise the node is ambiguous. */
export function updatedPodsOnNode(
  pods: KObject[],
  hash: string,
  generation: string | undefined,
): { newPod?: KObject; oldPod?: KObject; ok: boolean } {
  let newPod: KObject | undefined;
  let oldPod: KObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true). */
export function scaledValue(v: Json, total: number): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.endsWith("%")) {
    const p = Number.parseInt(v.slice(0, -1), 10);
    return Number.isNaN(p) ? 0 : Math.ceil((p * total) / 100);
  }
  const n = Number.parseInt(String(v ?? 0), 10);
  return Number.isNaN(n) ? 0 : n;
}

export interface RolloutPlan {
  deletePods: string[];
  createOnNodes: string[];
}

/**
 * One step of the rollout. `nodeToPods` is sorted by node name (upstream ranges over a map;
 * we keep a fixed order), `shouldRun` says which nodes the DaemonSet wants.
 */
export function planRollingUpdate(
  ds: KObject,
  nodeToPods: Map<string, KObject[]>,
  shouldRun: ReadonlySet<string>,
  hash: string,
  generation: string | undefined,
  now: number,
  minor: number,
): RolloutPlan {
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const desired = shouldRun.size;
  const maxSurge = minor >= 22 ? scaledValue(ru.maxSurge ?? 0, desired) : 0;
  const maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: KObject) => isPodAvailable(p, minReady, now);
  // updatedDesiredNodeCounts: wanted nodes without pods take part too (with no pods).
  const nodes = [...new Set([...nodeToPods.keys(), ...shouldRun])].sort();

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacement: string[] = [];
    const candidates: string[] = [];
    for (const node of nodes) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(nodeToPods.get(node) ?? [], hash, generation);
      if (!ok) {
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) continue;
      if (newPod) {
        if (!available(newPod)) numUnavailable++;
        continue;
      }
      if (!oldPod) continue;
      if (!available(oldPod)) allowedReplacement.push(oldPod.metadata.name ?? "");
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod.metadata.name ?? "");
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { deletePods: [...allowedReplacement, ...candidates.slice(0, remaining)], createOnNodes: [] };
  }

  let numSurge = 0;
  const deletePods: string[] = [];
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  for (const node of nodes) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(nodeToPods.get(node) ?? [], hash, generation);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (!shouldRun.has(node)) {
      if (oldPod) deletePods.push(oldPod.metadata.name ?? "");
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) allowedNew.push(node);
      else if (numSurge < maxSurge) candidateNew.push(node);
      continue;
    }
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    deletePods.push(oldPod.metadata.name ?? "");
  }
  const remaining = Math.min(Math.max(maxSurge - numSurge, 0), candidateNew.length);
  return { deletePods, createOnNodes: [...allowedNew, ...candidateNew.slice(0, remaining)] };
}
