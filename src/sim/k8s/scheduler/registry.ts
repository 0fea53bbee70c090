/**
 * The plugin registry (framework/plugins/registry.go) and the default profile of each
 * version: which plugins filter, in which order, and the weight of each score plugin.
 *
 * Default score weights (pkg/scheduler/apis/config/v1beta1 in 1.21, v1 in 1.33):
 *   plugin                            1.21  1.33
 *   TaintToleration                     1     3
 *   NodeAffinity                        1     2
 *   PodTopologySpread                   2     2
 *   InterPodAffinity                    1     2
 *   NodeResourcesLeastAllocated/Fit     1     1
 *   NodeResourcesBalancedAllocation     1     1
 * Left out: ImageLocality (the simulation does not track images on nodes, so it would score
 * every node alike), NodePreferAvoidPods (1.21; the same 100 on every node without its
 * annotation), the volume plugins (no volume topology is modelled), DefaultPreemption.
 */
import type { Plugin, PluginFactory } from "./framework.ts";
import { balancedAllocation } from "./plugins/balanced-allocation.ts";
import { interPodAffinity } from "./plugins/inter-pod-affinity.ts";
import { nodeAffinity } from "./plugins/node-affinity.ts";
import { nodeName } from "./plugins/node-name.ts";
import { nodePorts } from "./plugins/node-ports.ts";
import { LEAST_ALLOCATED_NAME, leastAllocated, nodeResourcesFit } from "./plugins/node-resources-fit.ts";
import { nodeUnschedulable } from "./plugins/node-unschedulable.ts";
import { podTopologySpread } from "./plugins/pod-topology-spread.ts";
import { taintToleration } from "./plugins/taint-toleration.ts";

/** Plugin factories by name, for a version. */
export function registry(minor: number): ReadonlyMap<string, PluginFactory> {
  return new Map<string, PluginFactory>([
    ["NodeUnschedulable", nodeUnschedulable],
    ["NodeName", nodeName],
    ["TaintToleration", taintToleration],
    ["NodeAffinity", nodeAffinity],
    ["NodePorts", nodePorts],
    // In 1.21 LeastAllocated was its own score plugin; since 1.23 it is NodeResourcesFit's scoring strategy.
    ["NodeResourcesFit", () => nodeResourcesFit(minor >= 23)],
    [LEAST_ALLOCATED_NAME, () => leastAllocated()],
    ["NodeResourcesBalancedAllocation", balancedAllocation],
    ["PodTopologySpread", podTopologySpread],
    ["InterPodAffinity", interPodAffinity],
  ]);
}

export interface Profile {
  schedulerName: string;
  /** Filter plugins in the order they run: the first rejection decides a node's reason. */
  filters: string[];
  scores: { name: string; weight: number }[];
}

export function defaultProfile(minor: number): Profile {
  const filters = [
    "NodeUnschedulable",
    "NodeName",
    "TaintToleration",
    "NodeAffinity",
    "NodePorts",
    "NodeResourcesFit",
    "PodTopologySpread",
    "InterPodAffinity",
  ];
  const scores =
    minor >= 23
      ? [
          { name: "TaintToleration", weight: 3 },
          { name: "NodeAffinity", weight: 2 },
          { name: "NodeResourcesFit", weight: 1 },
          { name: "PodTopologySpread", weight: 2 },
          { name: "InterPodAffinity", weight: 2 },
          { name: "NodeResourcesBalancedAllocation", weight: 1 },
        ]
      : [
          { name: "NodeResourcesBalancedAllocation", weight: 1 },
          { name: "InterPodAffinity", weight: 1 },
          { name: LEAST_ALLOCATED_NAME, weight: 1 },
          { name: "NodeAffinity", weight: 1 },
          { name: "PodTopologySpread", weight: 2 },
          { name: "TaintToleration", weight: 1 },
        ];
  return { schedulerName: "default-scheduler", filters, scores };
}

export interface Plugins {
  filters: Plugin[];
  scores: { plugin: Plugin; weight: number }[];
}

/** One instance per plugin name, shared by its filter and score roles. */
export function instantiate(minor: number, profile: Profile): Plugins {
  const reg = registry(minor);
  const instances = new Map<string, Plugin>();
  const get = (name: string): Plugin => {
    let p = instances.get(name);
    if (!p) {
      const f = reg.get(name);
      if (!f) throw new Error(`scheduler: no plugin named ${name} in the registry`);
      p = f();
      instances.set(name, p);
    }
    return p;
  };
  return {
    filters: profile.filters.map(get).filter((p) => p.filter),
    scores: profile.scores.map((s) => ({ plugin: get(s.name), weight: s.weight })).filter((s) => s.plugin.score),
  };
}
