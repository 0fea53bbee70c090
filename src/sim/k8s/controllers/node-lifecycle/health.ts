/**
 * What a node's kubelet reports, and the knob a lab or a grader's scenario turns to break it:
 * `setNodeCondition(cluster, "k8s-w1", "NotReady" | "Unknown" | "Ready")`.
 *
 *  - "NotReady": the kubelet keeps posting, with Ready=False (KubeletNotReady, "container
 *    runtime is down"), as when the runtime on the host stops.
 *  - "Unknown": the kubelet stops posting (host powered off, network cut). Nothing changes at
 *    once; the node lifecycle controller notices after its grace period (40 s in 1.21, 50 s
 *    since 1.32: node-monitor-grace-period) and marks every condition Unknown
 *    (NodeStatusUnknown, "Kubelet stopped posting node status."). `immediate` skips the wait.
 *  - "Ready": the kubelet posts again, Ready=True.
 *
 * Heartbeats are not written every 10 s as a real kubelet renews its Lease: the store stays
 * quiet and `lastHeartbeatTime` moves only when the kubelet posts a change. Whether a kubelet
 * is posting at all is kept here, per cluster, for the lifecycle controller and for the
 * kubelet simulation (`kubeletPosting`).
 */
import { rfc3339 } from "../../../core/clock.ts";
import { fail, notFound, ok, type Result } from "../../../core/status.ts";
import { clone, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";

export type NodeHealth = "Ready" | "NotReady" | "Unknown";

export const NODE_LIFECYCLE_CONTROLLER = "node-lifecycle";
/** The event source of the lifecycle controller (its client is named node-controller). */
export const NODE_CONTROLLER_COMPONENT = "node-controller";
/** nodeMonitorPeriod: how often the controller looks at node health. */
export const NODE_MONITOR_PERIOD_MS = 5_000;

/** --node-monitor-grace-period's default: 40 s until 1.31, 50 s from 1.32. */
export function nodeMonitorGracePeriodMs(minor: number): number {
  return minor >= 32 ? 50_000 : 40_000;
}

export const NOT_READY_REASON = "KubeletNotReady";
export const NOT_READY_MESSAGE = "container runtime is down";
export const UNKNOWN_REASON = "NodeStatusUnknown";
export const UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";

/** The conditions the lifecycle controller turns Unknown when the kubelet goes quiet. */
export const KUBELET_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const;

interface KubeletState {
  /** Virtual time the kubelet stopped posting. */
  stoppedAt: number;
}

const stoppedKubelets = new WeakMap<Cluster, Map<string, KubeletState>>();

function stateOf(cluster: Cluster): Map<string, KubeletState> {
  let m = stoppedKubelets.get(cluster);
  if (!m) {
    m = new Map();
    stoppedKubelets.set(cluster, m);
  }
  return m;
}

/** Whether the node's kubelet is posting status (false after `setNodeCondition(..., "Unknown")`). */
export function kubeletPosting(cluster: Cluster, nodeName: string): boolean {
  return !stoppedKubelets.get(cluster)?.has(nodeName);
}

/** When the kubelet of a node stopped posting, if it did. */
export function kubeletStoppedAt(cluster: Cluster, nodeName: string): number | undefined {
  return stoppedKubelets.get(cluster)?.get(nodeName)?.stoppedAt;
}

/**
 * The first monitor pass at which a kubelet silent since `stoppedAt` is overdue. Passes run on
 * a 5 s grid; e.g. 1.33, stopped at t=12 s: overdue from 12+50 = 62 s, seen at the 65 s pass.
 */
export function unknownDueAt(minor: number, stoppedAt: number): number {
  const overdue = stoppedAt + nodeMonitorGracePeriodMs(minor);
  return Math.ceil(overdue / NODE_MONITOR_PERIOD_MS) * NODE_MONITOR_PERIOD_MS;
}

export interface SetNodeConditionOptions {
  /** For "Unknown": mark the node Unknown now rather than after the grace period. */
  immediate?: boolean;
}

/** Makes a node Ready, NotReady or unreachable, as its kubelet would. Settles the cluster. */
export function setNodeCondition(
  cluster: Cluster,
  nodeName: string,
  health: NodeHealth,
  opts: SetNodeConditionOptions = {},
): Result<KObject> {
  const node = cluster.store.get("nodes", "", nodeName);
  if (!node) return fail(notFound("nodes", nodeName));
  const now = cluster.clock.now();
  const stopped = stateOf(cluster);
  if (health === "Unknown") {
    const since = opts.immediate ? now - nodeMonitorGracePeriodMs(cluster.minor) : now;
    if (!stopped.has(nodeName) || opts.immediate) stopped.set(nodeName, { stoppedAt: since });
    const due = opts.immediate ? now : unknownDueAt(cluster.minor, since);
    cluster.reconciler.requeueAt(NODE_LIFECYCLE_CONTROLLER, nodeName, due);
    if (opts.immediate) cluster.reconciler.fireTimers(now);
    cluster.settle();
    return ok(cluster.store.get("nodes", "", nodeName) ?? node);
  }
  stopped.delete(nodeName);
  const r = postKubeletStatus(cluster, node, health === "Ready");
  cluster.settle();
  return r;
}

/** The kubelet's status update: Ready True/False, the pressure conditions False, heartbeats now. */
function postKubeletStatus(cluster: Cluster, node: KObject, ready: boolean): Result<KObject> {
  const t = cluster.discovery.forKind("v1", "Node");
  if (!t) return fail(notFound("nodes", node.metadata.name ?? ""));
  const now = rfc3339(cluster.clock.now());
  const next = clone(node);
  const conditions: Record<string, unknown>[] = next.status?.conditions ?? [];
  const readyMessage =
    cluster.minor < 24 ? "kubelet is posting ready status. AppArmor enabled" : "kubelet is posting ready status";
  const wanted: Record<string, [string, string, string]> = {
    MemoryPressure: ["False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
    DiskPressure: ["False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
    PIDPressure: ["False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
    Ready: ready ? ["True", "KubeletReady", readyMessage] : ["False", NOT_READY_REASON, NOT_READY_MESSAGE],
  };
  let readyChanged = false;
  for (const [type, [status, reason, message]] of Object.entries(wanted)) {
    const i = conditions.findIndex((c) => c.type === type);
    const prev = i >= 0 ? conditions[i] : undefined;
    const changed = prev?.status !== status;
    if (type === "Ready" && changed) readyChanged = true;
    const c = {
      lastHeartbeatTime: now,
      lastTransitionTime: changed || !prev ? now : prev.lastTransitionTime,
      message,
      reason,
      status,
      type,
    };
    if (i >= 0) conditions[i] = c;
    else conditions.push(c);
  }
  next.status = { ...(next.status ?? {}), conditions };
  const r = cluster.api.update(t, next, { subresource: "status" });
  if (r.ok && readyChanged) {
    // kubelet_node_status.go recordNodeStatusEvent.
    const status = ready ? "NodeReady" : "NodeNotReady";
    cluster.events.record(r.value, "Normal", status, `Node ${node.metadata.name} status is now: ${status}`, {
      component: "kubelet",
      host: node.metadata.name,
    });
  }
  return r;
}
