/**
 * The node lifecycle controller (pkg/controller/nodelifecycle), the parts a lab sees:
 *
 *  1. monitorNodeHealth: a node whose kubelet stopped posting for longer than the grace period
 *     gets Ready, MemoryPressure, DiskPressure and PIDPressure set to Unknown
 *     (NodeStatusUnknown, "Kubelet stopped posting node status."), keeping their heartbeats.
 *  2. When Ready leaves True: a `NodeNotReady` event on the node ("Node k8s-w1 status is now:
 *     NodeNotReady") and every pod on it gets Ready=False with a `NodeNotReady` warning
 *     ("Node is not ready") — MarkPodsNotReady. Pods updated later on such a node get the same
 *     (processPod).
 *  3. Taints in line with conditions and cordoning (taints.ts): not-ready/unreachable NoExecute
 *     (which the taint-eviction controller acts on, after the pods' 300 s default toleration)
 *     and their NoSchedule twins, and node.kubernetes.io/unschedulable for `kubectl cordon`.
 *
 * Work is keyed by node name (`node:<name>`) and, for a pod updated on a not-ready node, by
 * pod (`pod:<ns>/<name>`). The pods-by-node index keeps a node's pass proportional to its pods.
 */
import { rfc3339 } from "../../../core/clock.ts";
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { clone, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { PodsByNode } from "../controller-utils/pods-by-node.ts";
import {
  KUBELET_CONDITIONS,
  kubeletStoppedAt,
  NODE_CONTROLLER_COMPONENT,
  NODE_LIFECYCLE_CONTROLLER,
  UNKNOWN_MESSAGE,
  UNKNOWN_REASON,
  unknownDueAt,
} from "./health.ts";
import { readyStatus, reconcileTaints } from "./taints.ts";

/** The answer of a write that concerns nothing: shared, so never written to (the reconciler only reads it). */
const NO_KEYS: string[] = [];

const podKey = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

function podReadyStatus(pod: KObject): string | undefined {
  return (pod.status?.conditions ?? []).find((c: { type?: string }) => c.type === "Ready")?.status;
}

export function nodeLifecycleController(cluster: Cluster): Controller {
  const store = cluster.store;
  const nodesType = cluster.discovery.forKind("v1", "Node")!;
  const podsType = cluster.discovery.forKind("v1", "Pod")!;
  const podsByNode = new PodsByNode();
  /** Nodes whose Ready condition is not True, as last seen. */
  const notReady = new Set<string>();

  const indexPod = (e: WatchEvent): string[] => {
    podsByNode.observe(e);
    const node: string | undefined = e.type === "DELETED" ? undefined : e.object.spec?.nodeName;
    // processPod: a pod on a not-ready node is marked not ready when it changes.
    if (node && notReady.has(node) && podReadyStatus(e.object) === "True") return [`pod:${podKey(e.object)}`];
    return NO_KEYS;
  };

  const onNode = (e: WatchEvent): string[] => {
    const name = e.object.metadata.name ?? "";
    if (e.type === "DELETED") {
      notReady.delete(name);
      podsByNode.forgetNode(name);
      return NO_KEYS;
    }
    return [`node:${name}`];
  };

  /** MarkPodsNotReady for one pod: Ready -> False (reason and message kept), a warning event. */
  const markPodNotReady = (pod: KObject): void => {
    const conditions: Record<string, unknown>[] = [...(pod.status?.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === "Ready");
    if (i < 0 || conditions[i].status === "False") return;
    conditions[i] = { ...conditions[i], status: "False", lastTransitionTime: rfc3339(cluster.clock.now()) };
    const next: KObject = { ...pod, status: { ...pod.status, conditions } };
    const r = cluster.api.update(podsType, next, { subresource: "status" });
    if (r.ok) {
      cluster.events.record(r.value, "Warning", "NodeNotReady", "Node is not ready", {
        component: NODE_CONTROLLER_COMPONENT,
      });
    }
  };

  /** tryUpdateNodeHealth for a silent kubelet: every kubelet condition Unknown. */
  const markUnknown = (node: KObject): KObject => {
    const now = rfc3339(cluster.clock.now());
    const next = clone(node);
    const conditions: Record<string, unknown>[] = next.status?.conditions ?? [];
    let changed = false;
    for (const type of KUBELET_CONDITIONS) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({
          lastHeartbeatTime: node.metadata.creationTimestamp,
          lastTransitionTime: now,
          message: "Kubelet never posted node status.",
          reason: "NodeStatusNeverUpdated",
          status: "Unknown",
          type,
        });
        changed = true;
      } else if (c.status !== "Unknown") {
        c.status = "Unknown";
        c.reason = UNKNOWN_REASON;
        c.message = UNKNOWN_MESSAGE;
        c.lastTransitionTime = now;
        changed = true;
      }
    }
    if (!changed) return node;
    next.status = { ...(next.status ?? {}), conditions };
    const r = cluster.api.update(nodesType, next, { subresource: "status" });
    return r.ok ? r.value : node;
  };

  const syncNode = (name: string): void => {
    let node = store.get("nodes", "", name);
    if (!node) return;
    const stoppedAt = kubeletStoppedAt(cluster, name);
    if (stoppedAt !== undefined && readyStatus(node) !== "Unknown") {
      const due = unknownDueAt(cluster.minor, stoppedAt);
      if (cluster.clock.now() >= due) node = markUnknown(node);
      else cluster.reconciler.requeueAt(NODE_LIFECYCLE_CONTROLLER, `node:${name}`, due);
    }
    const ready = readyStatus(node);
    const wasNotReady = notReady.has(name);
    if (ready !== undefined && ready !== "True") {
      notReady.add(name);
      if (!wasNotReady) {
        cluster.events.record(node, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`, {
          component: NODE_CONTROLLER_COMPONENT,
        });
        for (const key of podsByNode.keysOn(name)) {
          const slash = key.indexOf("/");
          const pod = store.get("pods", key.slice(0, slash), key.slice(slash + 1));
          if (pod?.spec?.nodeName === name) markPodNotReady(pod);
        }
      }
    } else {
      notReady.delete(name);
    }
    const taints = reconcileTaints(node, rfc3339(cluster.clock.now()));
    if (taints) {
      const next = clone(store.get("nodes", "", name) ?? node);
      next.spec = { ...(next.spec ?? {}), taints };
      if (taints.length === 0) delete next.spec.taints;
      cluster.api.update(nodesType, next);
    }
  };

  return {
    name: NODE_LIFECYCLE_CONTROLLER,
    watches: { nodes: onNode, pods: indexPod },
    sync(key) {
      if (key.startsWith("node:")) return syncNode(key.slice(5));
      if (key.startsWith("pod:")) {
        const rest = key.slice(4);
        const slash = rest.indexOf("/");
        const pod = store.get("pods", rest.slice(0, slash), rest.slice(slash + 1));
        if (pod?.spec?.nodeName && notReady.has(pod.spec.nodeName)) markPodNotReady(pod);
        return;
      }
      // A bare node name: the timer set by setNodeCondition(..., "Unknown").
      syncNode(key);
    },
  };
}
