/**
 * NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): favours
 * nodes whose cpu and memory would be used in similar proportions after placing the pod.
 *
 * 1.21: on non-zero requests; a fraction of 1 or more scores 0, otherwise
 *   score = (1 - |cpuFraction - memoryFraction|) * 100
 * 1.33: on actual requests, fractions capped at 1, the standard deviation of the two:
 *   score = (1 - |cpuFraction - memoryFraction| / 2) * 100
 *   and BestEffort pods (no requests) skip this plugin.
 * Example, a 4-cpu/8Gi node with 1 cpu/1Gi requested, the pod asking 1 cpu/1Gi:
 *   fractions cpu 2/4 = 0.5, memory 2Gi/8Gi = 0.25
 *   1.21: (1 - 0.25) * 100 = 75        1.33: (1 - 0.125) * 100 = 87 (truncated)
 */
import { type Plugin, SKIP } from "../framework.ts";

export const NAME = "NodeResourcesBalancedAllocation";

export function balancedAllocation(): Plugin {
  return {
    name: NAME,
    nodeLocal: true,
    preScore(ctx) {
      if (ctx.minor < 30) return null;
      const r = ctx.pod.template.resources.requests;
      return r.milliCPU === 0 && r.memory === 0 ? SKIP : null;
    },
    score(ctx, node) {
      const t = ctx.pod.template.resources;
      const a = node.allocatable;
      if (ctx.minor < 24) {
        const cpu = a.milliCPU === 0 ? 1 : (node.nonZeroMilliCPU + t.nonZeroMilliCPU) / a.milliCPU;
        const mem = a.memory === 0 ? 1 : (node.nonZeroMemory + t.nonZeroMemory) / a.memory;
        if (cpu >= 1 || mem >= 1) return 0;
        return Math.trunc((1 - Math.abs(cpu - mem)) * 100);
      }
      // Two resources, so the standard deviation is half their difference; a resource the
      // node does not have drops out (one left: deviation 0).
      if (a.milliCPU === 0 || a.memory === 0) return 100;
      const cpu = Math.min(1, (node.requested.milliCPU + t.requests.milliCPU) / a.milliCPU);
      const mem = Math.min(1, (node.requested.memory + t.requests.memory) / a.memory);
      const std = Math.abs((cpu - mem) / 2);
      return Math.trunc((1 - std) * 100);
    },
  };
}
