/**
 * Why a pod is not running, in plain words, from what the simulation knows:
 *   - not scheduled: the scheduler's filters, node by node (explainUnschedulable), grouped as
 *     the FailedScheduling histogram groups them and reworded:
 *       pod "my-pod" is Pending: 0/4 nodes are available: it does not tolerate the taint
 *       node-role.kubernetes.io/control-plane, and 3 nodes do not match its nodeSelector disktype=ssd
 *   - scheduled but a container waits: the image cannot be pulled (ErrImagePull,
 *     ImagePullBackOff), the container keeps crashing (CrashLoopBackOff, with restarts and the
 *     last exit code), a missing ConfigMap or Secret (CreateContainerConfigError), or it is
 *     still being created;
 *   - running but not Ready, terminating, completed or failed.
 * Undefined when the pod is Running and Ready: nothing to explain.
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import { explainUnschedulable } from "../../sim/k8s/scheduler/explain.ts";
import { byteCompare, clip, plural, sentenceList, showValue } from "./text.ts";

interface ContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } };
  lastState?: { terminated?: { exitCode?: number; reason?: string } };
}

export function isPodReady(pod: KObject): boolean {
  const conds: { type: string; status: string }[] = pod.status?.conditions ?? [];
  return conds.some((c) => c.type === "Ready" && c.status === "True");
}

export function diagnosePod(cluster: Cluster, pod: KObject): string | undefined {
  const name = `pod "${pod.metadata.name ?? ""}"`;
  if (pod.metadata.deletionTimestamp) return `${name} is Terminating`;
  const phase: string = pod.status?.phase ?? "Pending";
  if (phase === "Succeeded") return `${name} has completed (Succeeded)`;
  if (phase === "Failed") {
    const reason = pod.status?.reason
      ? ` (${pod.status.reason}${pod.status.message ? `: ${clip(pod.status.message)}` : ""})`
      : "";
    return `${name} has Failed${reason}`;
  }
  if (!pod.spec?.nodeName) return `${name} is Pending: ${unschedulableWords(cluster, pod)}`;
  const statuses: ContainerStatus[] = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const c of statuses) {
    const waiting = c.state?.waiting;
    if (!waiting?.reason) continue;
    const image = c.image ?? imageOf(pod, c.name);
    switch (waiting.reason) {
      case "ErrImagePull":
      case "ImagePullBackOff":
      case "InvalidImageName":
        return `${name} is ${phase} with ${waiting.reason}: container ${c.name} cannot pull its image ${showValue(image)}`;
      case "CrashLoopBackOff": {
        const exit = c.lastState?.terminated?.exitCode;
        const restarts = c.restartCount ?? 0;
        return `${name} is in CrashLoopBackOff: container ${c.name} (image ${showValue(image)}) keeps exiting${exit !== undefined ? ` with exit code ${exit}` : ""}; it has been restarted ${plural(restarts, "time")}`;
      }
      case "ContainerCreating":
      case "PodInitializing":
        return `${name} is ${phase}: container ${c.name} is still being created (${waiting.reason})`;
      default:
        return `${name} is ${phase}: container ${c.name} is waiting (${waiting.reason}${waiting.message ? `: ${clip(waiting.message)}` : ""})`;
    }
  }
  if (phase === "Pending") return `${name} is Pending: its containers are not running yet`;
  if (!isPodReady(pod)) {
    const notReady = statuses.filter((c) => c.ready === false).map((c) => c.name);
    return `${name} is ${phase} but not Ready${notReady.length ? ` (containers not ready: ${notReady.join(", ")})` : ""}`;
  }
  return undefined;
}

function imageOf(pod: KObject, container: string): string | undefined {
  const all: { name: string; image?: string }[] = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
  ];
  return all.find((c) => c.name === container)?.image;
}

/** `0/4 nodes are available: <plain reasons>`, from the scheduler's own filters. */
export function unschedulableWords(cluster: Cluster, pod: KObject): string {
  const nodes = cluster.store.list("nodes");
  const e = explainUnschedulable(
    pod,
    nodes,
    cluster.store.list("pods"),
    cluster.minor,
    cluster.store.list("namespaces"),
  );
  if (e.feasible.length > 0) {
    return `it has not been scheduled yet (${plural(e.feasible.length, "node")} would accept it: ${e.feasible.join(", ")})`;
  }
  // Count each reason over the nodes, as FitError does, and order as its histogram sorts.
  const counts = new Map<string, number>();
  for (const v of e.rejected) for (const r of v.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const entries = [...counts].sort((a, b) => byteCompare(`${a[1]} ${a[0]}`, `${b[1]} ${b[0]}`));
  const phrases = entries.map(([reason, n]) => plainReason(reason, n, pod));
  return `0/${nodes.length} nodes are available: ${sentenceList(phrases)}`;
}

const nodesAre = (n: number, singular: string, pluralVerb: string): string =>
  `${plural(n, "node")} ${n === 1 ? singular : pluralVerb}`;

function plainReason(reason: string, n: number, pod: KObject): string {
  const taint = /taint \{([^:}]*): ?([^}]*)\}/.exec(reason);
  if (taint) {
    const t = taint[2] ? `${taint[1]}=${taint[2]}` : taint[1];
    return n === 1 ? `it does not tolerate the taint ${t}` : `it does not tolerate the taint ${t} on ${n} nodes`;
  }
  if (reason.startsWith("node(s) didn't match Pod's node affinity")) {
    const sel: Record<string, string> = pod.spec?.nodeSelector ?? {};
    const selText = Object.keys(sel)
      .sort(byteCompare)
      .map((k) => `${k}=${sel[k]}`)
      .join(",");
    const hasAffinity = pod.spec?.affinity?.nodeAffinity !== undefined;
    const what = selText
      ? `its nodeSelector ${selText}${hasAffinity ? " or its node affinity" : ""}`
      : "its node affinity";
    return `${nodesAre(n, "does not match", "do not match")} ${what}`;
  }
  if (reason === "node(s) were unschedulable") return `${nodesAre(n, "is", "are")} cordoned (unschedulable)`;
  if (reason === "Too many pods") return `${nodesAre(n, "is", "are")} full (too many pods)`;
  const insufficient = /^Insufficient (.+)$/.exec(reason);
  if (insufficient)
    return `${nodesAre(n, "does not have", "do not have")} enough free ${insufficient[1]} for its requests`;
  if (reason.startsWith("node(s) didn't have free ports"))
    return `${nodesAre(n, "does not have", "do not have")} the host port it asks for free`;
  if (reason.startsWith("node(s) didn't match the requested"))
    return `${nodesAre(n, "is not", "are not")} the node it names`;
  if (reason.startsWith("node(s) ")) return `${plural(n, "node")} ${reason.slice("node(s) ".length)}`;
  return `${plural(n, "node")}: ${reason}`;
}
