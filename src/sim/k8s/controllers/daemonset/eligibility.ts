/**
 * Which nodes a DaemonSet runs on (pkg/controller/daemon: NodeShouldRunDaemonPod, predicates;
 * daemon/util: AddOrUpdateDaemonPodTolerations, ReplaceDaemonSetPodNodeNameNodeAffinity).
 *
 * The question is asked of the pod the DaemonSet would create there: its template plus the
 * tolerations the controller adds to every daemon pod. Then:
 *   - nodeName (if the template pins one) and nodeSelector/required node affinity must match,
 *     or the pod neither should run nor may keep running there;
 *   - a NoSchedule or NoExecute taint it does not tolerate means it should not run there;
 *     an existing pod may keep running past an untolerated NoSchedule taint, not NoExecute.
 *
 * Example: the textbook's daemonset-example tolerates node-role.kubernetes.io/master:NoSchedule.
 * On 1.21 kubeadm taints k8s-m with exactly that, so 4 nodes run it; on 1.33 k8s-m carries
 * node-role.kubernetes.io/control-plane:NoSchedule instead, so only the 3 workers do.
 */
import type { KObject } from "../../api/object.ts";
import { nodeSelectorMatches, parseNodeSelector } from "../../scheduler/node-selector.ts";
import { toleratesTaint } from "../../scheduler/plugins/taint-toleration.ts";
import type { Taint } from "../../scheduler/snapshot.ts";
import type { Json } from "../controllerrevision/owned.ts";

const exists = (key: string, effect: string) => ({ effect, key, operator: "Exists" });

/** The tolerations every daemon pod gets, in the order the controller appends them. */
export function daemonPodTolerations(hostNetwork: boolean): Json[] {
  const out = [
    exists("node.kubernetes.io/not-ready", "NoExecute"),
    exists("node.kubernetes.io/unreachable", "NoExecute"),
    exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
    exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
    exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
    exists("node.kubernetes.io/unschedulable", "NoSchedule"),
  ];
  if (hostNetwork) out.push(exists("node.kubernetes.io/network-unavailable", "NoSchedule"));
  return out;
}

/** AddOrUpdateTolerationInPodSpec: appends each toleration unless an identical one is there. */
export function withDaemonTolerations(spec: Json): Json[] {
  const out: Json[] = [...(spec?.tolerations ?? [])];
  for (const t of daemonPodTolerations(spec?.hostNetwork === true)) {
    const same = (x: Json) =>
      (x.key ?? "") === t.key &&
      (x.operator ?? "") === t.operator &&
      (x.value ?? "") === "" &&
      (x.effect ?? "") === t.effect;
    if (!out.some(same)) out.push(t);
  }
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: required node affinity becomes "this node only". */
export function affinityForNode(affinity: Json, nodeName: string): Json {
  const term = { matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] };
  const out = affinity ? structuredClone(affinity) : {};
  out.nodeAffinity ??= {};
  out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    ...(out.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}),
    nodeSelectorTerms: [term],
  };
  return out;
}

/** util.GetTargetNodeName: spec.nodeName, or the node the affinity pins before scheduling. */
export function targetNodeName(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length !== 1) return undefined;
  const f = terms[0]?.matchFields;
  if (!Array.isArray(f) || f.length !== 1) return undefined;
  const r = f[0];
  return r?.key === "metadata.name" && r.operator === "In" && r.values?.length === 1 ? r.values[0] : undefined;
}

export interface Eligibility {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/** A template's scheduling constraints, parsed once per sync rather than once per node. */
export interface DaemonPodShape {
  nodeName?: string;
  nodeSelector: Record<string, string>;
  affinity?: ReturnType<typeof parseNodeSelector>;
  tolerations: Json[];
}

export function daemonPodShape(templateSpec: Json): DaemonPodShape {
  const required = templateSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    nodeName: templateSpec?.nodeName || undefined,
    nodeSelector: templateSpec?.nodeSelector ?? {},
    affinity: required ? parseNodeSelector(required) : undefined,
    tolerations: withDaemonTolerations(templateSpec),
  };
}

/** NodeShouldRunDaemonPod. */
export function nodeShouldRunDaemonPod(node: KObject, shape: DaemonPodShape): Eligibility {
  const name = node.metadata.name ?? "";
  const labels = node.metadata.labels ?? {};
  const no: Eligibility = { shouldRun: false, shouldContinueRunning: false };
  if (shape.nodeName && shape.nodeName !== name) return no;
  for (const [k, v] of Object.entries(shape.nodeSelector)) if (labels[k] !== v) return no;
  if (shape.affinity && !nodeSelectorMatches(shape.affinity, name, labels)) return no;
  const taints: Taint[] = node.spec?.taints ?? [];
  let noSchedule = false;
  for (const taint of taints) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (shape.tolerations.some((t) => toleratesTaint(t, taint))) continue;
    if (taint.effect === "NoExecute") return no;
    noSchedule = true;
  }
  return noSchedule
    ? { shouldRun: false, shouldContinueRunning: true }
    : { shouldRun: true, shouldContinueRunning: true };
}
