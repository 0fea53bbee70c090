/**
 * NodeResourcesFit (plugins/noderesources/fit.go): the pod's requests must fit in what the
 * node's allocatable leaves after the requests of the pods already there, and the node must
 * have room for one more pod. Reasons, in upstream's order: `Too many pods`, `Insufficient cpu`,
 * `Insufficient memory`, `Insufficient ephemeral-storage`, `Insufficient <extended resource>`.
 *
 * Scoring (the LeastAllocated strategy; its own plugin `NodeResourcesLeastAllocated` in 1.21)
 * favours emptier nodes, on non-zero requests (a container without a cpu request counts 100m,
 * without a memory request 200Mi), cpu and memory weighted 1 each:
 *   score(r) = (allocatable - requested) * 100 / allocatable, integer division
 * Example: a 4-cpu/8Gi node already holding 1 cpu/2Gi, the pod asking 1 cpu/2Gi:
 *   cpu (4000 - 2000) * 100 / 4000 = 50, memory (8Gi - 4Gi) * 100 / 8Gi = 50 -> (50 + 50) / 2 = 50.
 */
import { Code, newStatus, type Plugin, type Status } from "../framework.ts";
import type { PodInfo } from "../pod-info.ts";
import type { NodeInfo } from "../snapshot.ts";

export const NAME = "NodeResourcesFit";
export const LEAST_ALLOCATED_NAME = "NodeResourcesLeastAllocated";

const TOO_MANY_PODS: Status = newStatus(Code.Unschedulable, "Too many pods");
const INSUFFICIENT_CPU: Status = newStatus(Code.Unschedulable, "Insufficient cpu");
const INSUFFICIENT_MEMORY: Status = newStatus(Code.Unschedulable, "Insufficient memory");

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * 100) / capacity);
}

/** LeastAllocated over cpu and memory for the pod in `ctx` on `node`. */
export function leastAllocatedScore(node: NodeInfo, podMilliCPU: number, podMemory: number): number {
  const cpu = leastRequested(node.nonZeroMilliCPU + podMilliCPU, node.allocatable.milliCPU);
  const mem = leastRequested(node.nonZeroMemory + podMemory, node.allocatable.memory);
  return Math.trunc((cpu + mem) / 2);
}

function fits(node: NodeInfo, pod: PodInfo): Status | null {
  const r = pod.template.resources.requests;
  const a = node.allocatable;
  const used = node.requested;
  const tooMany = node.podCount + 1 > a.allowedPodNumber;
  const noRequests = r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !r.scalar;
  const cpuShort = !noRequests && r.milliCPU > 0 && r.milliCPU > a.milliCPU - used.milliCPU;
  const memShort = !noRequests && r.memory > 0 && r.memory > a.memory - used.memory;
  const ephShort =
    !noRequests && r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage;
  let scalarShort: string[] | null = null;
  if (!noRequests && r.scalar) {
    for (const [name, want] of [...r.scalar].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      if (want === 0) continue;
      const have = (a.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0);
      if (want > have) {
        scalarShort ??= [];
        scalarShort.push(`Insufficient ${name}`);
      }
    }
  }
  const count = +tooMany + +cpuShort + +memShort + +ephShort + (scalarShort?.length ?? 0);
  if (count === 0) return null;
  // The common single reasons are shared constants; the rest are built.
  if (count === 1) {
    if (tooMany) return TOO_MANY_PODS;
    if (cpuShort) return INSUFFICIENT_CPU;
    if (memShort) return INSUFFICIENT_MEMORY;
  }
  const reasons: string[] = [];
  if (tooMany) reasons.push("Too many pods");
  if (cpuShort) reasons.push("Insufficient cpu");
  if (memShort) reasons.push("Insufficient memory");
  if (ephShort) reasons.push("Insufficient ephemeral-storage");
  if (scalarShort) reasons.push(...scalarShort);
  return newStatus(Code.Unschedulable, ...reasons);
}

/** NodeResourcesFit; in 1.33 it also scores (LeastAllocated), in 1.21 `scores` is false. */
export function nodeResourcesFit(scores: boolean): Plugin {
  const plugin: Plugin = {
    name: NAME,
    nodeLocal: true,
    filter(ctx, node) {
      return fits(node, ctx.pod);
    },
  };
  if (!scores) return plugin;
  return { ...plugin, ...leastAllocated(NAME) };
}

export function leastAllocated(name = LEAST_ALLOCATED_NAME): Plugin {
  return {
    name,
    nodeLocal: true,
    score(ctx, node) {
      const r = ctx.pod.template.resources;
      return leastAllocatedScore(node, r.nonZeroMilliCPU, r.nonZeroMemory);
    },
  };
}
