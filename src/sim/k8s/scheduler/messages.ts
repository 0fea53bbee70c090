/**
 * The words students read in `kubectl describe pod`: filter reasons per plugin and the
 * FailedScheduling message (framework.FitError.Error), as each emulated version prints them.
 *
 * What changed between 1.21 and 1.33:
 *   taint      1.21 `node(s) had taint {k: v}, that the pod didn't tolerate`
 *              1.25+ `node(s) had untolerated taint {k: v}`
 *   affinity   1.21 `node(s) didn't match Pod's node affinity`
 *              1.22+ `node(s) didn't match Pod's node affinity/selector`
 *   node name  1.21 `node(s) didn't match the requested hostname`
 *              1.22+ `node(s) didn't match the requested node name`
 *   inter-pod  1.21 adds `node(s) didn't match pod affinity/anti-affinity` to every inter-pod
 *              rejection; later versions only give the specific reason
 *   suffix     1.23+ append what preemption (the PostFilter) found:
 *              ` preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.`
 *
 * Assembly (FitError.Error): count each reason over the nodes, print `<count> <reason>`, sort
 * those strings as Go's sort.Strings does (bytewise: "10 Insufficient cpu" sorts before
 * "2 node(s) ..."), join with ", ", wrap as `0/<n> nodes are available: <list>.`.
 */
import { Code, type Status } from "./framework.ts";

export function taintReason(minor: number, key: string, value: string | undefined): string {
  return minor >= 25
    ? `node(s) had untolerated taint {${key}: ${value ?? ""}}`
    : `node(s) had taint {${key}: ${value ?? ""}}, that the pod didn't tolerate`;
}

export function nodeAffinityReason(minor: number): string {
  return minor >= 22 ? "node(s) didn't match Pod's node affinity/selector" : "node(s) didn't match Pod's node affinity";
}

export function nodeNameReason(minor: number): string {
  return minor >= 22 ? "node(s) didn't match the requested node name" : "node(s) didn't match the requested hostname";
}

export const UNSCHEDULABLE_REASON = "node(s) were unschedulable";
export const PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";
export const AFFINITY_NOT_MATCH_1_21 = "node(s) didn't match pod affinity/anti-affinity";
export const AFFINITY_RULES_REASON = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_RULES_REASON = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
export const SPREAD_REASON = "node(s) didn't match pod topology spread constraints";
export const SPREAD_MISSING_LABEL_REASON =
  "node(s) didn't match pod topology spread constraints (missing required label)";

/** Go's sort.Strings: bytewise, which for these ASCII strings is UTF-16 order. */
function goSort(list: string[]): string[] {
  return list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function histogram(statuses: Iterable<Status>, text: (s: Status) => readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of text(s)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return goSort([...counts].map(([r, n]) => `${n} ${r}`)).join(", ");
}

/**
 * What DefaultPreemption's PostFilter says when it finds nothing to do. Nodes rejected as
 * UnschedulableAndUnresolvable are "not helpful"; on the others evicting lower-priority pods
 * could help, but the simulation does not preempt, so it reports that no victims were found
 * (true whenever no lower-priority pod would free enough, the usual case in labs).
 */
export function preemptionMessage(numAllNodes: number, statuses: Iterable<Status>): string {
  const body = histogram(statuses, (s) =>
    s.code === Code.UnschedulableAndUnresolvable
      ? ["Preemption is not helpful for scheduling"]
      : ["No preemption victims found for incoming pod"],
  );
  return `preemption: 0/${numAllNodes} nodes are available: ${body}.`;
}

/** The full FailedScheduling message (FitError.Error) for a pod no node accepted. */
export function fitErrorMessage(
  minor: number,
  numAllNodes: number,
  statuses: readonly Status[],
  preFilterMsg = "",
  preemptionNotEligible = false,
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const list = histogram(statuses, (s) => s.reasons);
    if (list) msg += ` ${list}.`;
  }
  if (minor >= 23) {
    if (preemptionNotEligible) msg += " preemption: not eligible due to preemptionPolicy=Never.";
    else if (numAllNodes > 0) msg += ` ${preemptionMessage(numAllNodes, statuses)}`;
  }
  return msg;
}
