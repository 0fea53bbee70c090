/**
 * explainUnschedulable: why a pod cannot be placed, node by node, for graders and feedback
 * ("k8s-w1: node(s) didn't match Pod's node affinity/selector"). Pure: it builds a scheduler
 * snapshot from the given nodes and pods and runs every filter on every node.
 */
import type { KObject } from "../api/object.ts";
import type { NodeVerdict } from "./scheduler.ts";
import { Scheduler } from "./scheduler.ts";

export interface Explanation {
  /** The FailedScheduling message the scheduler of that version would print. */
  message: string;
  /** Rejected nodes, in name order, with the plugin that rejected each and its reasons. */
  rejected: NodeVerdict[];
  /** Nodes that would accept the pod. */
  feasible: string[];
  /** One line per node: `k8s-m: node(s) had untolerated taint {...}` or `k8s-w1: fits`. */
  lines: string[];
}

export function explainUnschedulable(
  pod: KObject,
  nodes: readonly KObject[],
  pods: readonly KObject[],
  minor: number,
  namespaces: readonly KObject[] = [],
): Explanation {
  const s = new Scheduler(minor);
  for (const n of nodes) s.snapshot.setNode(n);
  for (const ns of namespaces) s.snapshot.namespaceLabels.set(ns.metadata.name ?? "", ns.metadata.labels ?? {});
  const self = `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (!p.spec?.nodeName || phase === "Succeeded" || phase === "Failed") continue;
    if (`${p.metadata.namespace ?? ""}/${p.metadata.name ?? ""}` === self) continue;
    s.assume(s.podInfos.get(p), p.spec.nodeName);
  }
  const d = s.diagnose(pod);
  const byNode = new Map(d.verdicts.map((v) => [v.node, v]));
  const lines = s.snapshot.allNodes().map((n) => {
    const v = byNode.get(n.name);
    return v ? `${n.name}: ${v.reasons.join(", ")}` : `${n.name}: fits`;
  });
  return { message: d.message, rejected: d.verdicts, feasible: d.feasible, lines };
}
