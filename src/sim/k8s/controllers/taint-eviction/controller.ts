/**
 * The taint-eviction controller (pkg/controller/tainteviction, 1.29+; before that the
 * NoExecuteTaintManager inside the node lifecycle controller): pods on a node with NoExecute
 * taints they do not all tolerate are deleted at once; pods that tolerate them all for a
 * bounded time are deleted when the shortest tolerationSeconds runs out, counted from when the
 * controller first saw the taint (a later, shorter toleration does not restart the clock).
 *
 * Worked example: taint added at 10:00:00; a pod tolerates it with tolerationSeconds 60 and
 * another NoExecute taint with 300 -> deleted at 10:01:00. With a toleration without
 * tolerationSeconds for every taint it stays forever; with tolerationSeconds <= 0, at once.
 *
 * Deleting a pod records `TaintManagerEviction` "Marking for deletion Pod ns/name"; removing
 * the taint (or the toleration winning) before then records "Cancelling deletion of Pod
 * ns/name". From 1.26 (PodDisruptionConditions) the pod first gets a DisruptionTarget
 * condition, reason DeletionByTaintManager.
 *
 * Timers are requeueAt(`fire:<ns>/<name>`) at the deletion time; an entry replaced or
 * cancelled since is recognised by its fire time and ignored.
 */
import { rfc3339 } from "../../../core/clock.ts";
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { PodsByNode } from "../controller-utils/pods-by-node.ts";
import { matchingTolerations, minTolerationSeconds, noExecuteTaints, type Taint } from "./tolerations.ts";

export const TAINT_EVICTION_CONTROLLER = "taint-eviction";

/** The event source: taint-eviction-controller since 1.29, the node controller's taint manager before. */
export function taintEvictionComponent(minor: number): string {
  return minor >= 29 ? "taint-eviction-controller" : "taint-controller";
}

interface Scheduled {
  createdAt: number;
  fireAt: number;
}

/** The answer of a write that concerns nothing: shared, so never written to (the reconciler only reads it). */
const NO_KEYS: string[] = [];

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

export function taintEvictionController(cluster: Cluster): Controller {
  const store = cluster.store;
  const podsType = cluster.discovery.forKind("v1", "Pod")!;
  const component = taintEvictionComponent(cluster.minor);
  /** node name -> its NoExecute taints (only nodes that have some). */
  const taintedNodes = new Map<string, Taint[]>();
  const podsByNode = new PodsByNode();
  const scheduled = new Map<string, Scheduled>();

  const podRef = (key: string): KObject => {
    const slash = key.indexOf("/");
    return { apiVersion: "v1", kind: "Pod", metadata: { name: key.slice(slash + 1), namespace: key.slice(0, slash) } };
  };
  const getPod = (key: string): KObject | undefined => {
    const slash = key.indexOf("/");
    return store.get("pods", key.slice(0, slash), key.slice(slash + 1));
  };

  const cancel = (key: string): void => {
    if (!scheduled.delete(key)) return;
    cluster.events.record(podRef(key), "Normal", "TaintManagerEviction", `Cancelling deletion of Pod ${key}`, {
      component,
    });
  };

  const schedule = (key: string, createdAt: number, fireAt: number): void => {
    scheduled.set(key, { createdAt, fireAt });
    if (fireAt <= cluster.clock.now()) evict(key);
    else cluster.reconciler.requeueAt(TAINT_EVICTION_CONTROLLER, `fire:${key}`, fireAt);
  };

  /** processPodOnNode. */
  const processPod = (key: string, tolerations: readonly Record<string, unknown>[], taints: Taint[]): void => {
    const now = cluster.clock.now();
    if (taints.length === 0) {
      cancel(key);
      return;
    }
    const match = matchingTolerations(taints, tolerations);
    if (!match.allTolerated) {
      cancel(key);
      schedule(key, now, now);
      return;
    }
    const seconds = minTolerationSeconds(match.used);
    if (seconds < 0) {
      cancel(key);
      return;
    }
    const existing = scheduled.get(key);
    let start = now;
    if (existing) {
      start = existing.createdAt;
      // A deletion scheduled earlier stands (upstream keeps work created before now, even if
      // the shortest toleration changed since); one made this instant is simply kept if equal.
      if (start < now || existing.fireAt === start + seconds * 1000) return;
      cancel(key);
    }
    schedule(key, start, start + seconds * 1000);
  };

  /** deletePodHandler: the event, the DisruptionTarget condition (1.26+), the delete. */
  const evict = (key: string): void => {
    scheduled.delete(key);
    cluster.events.record(podRef(key), "Normal", "TaintManagerEviction", `Marking for deletion Pod ${key}`, {
      component,
    });
    const pod = getPod(key);
    if (!pod) return;
    if (cluster.minor >= 26) {
      const conditions: Record<string, unknown>[] = [...(pod.status?.conditions ?? [])];
      if (!conditions.some((c) => c.type === "DisruptionTarget" && c.status === "True")) {
        const condition = {
          lastProbeTime: null,
          lastTransitionTime: rfc3339(cluster.clock.now()),
          message: "Taint manager: deleting due to NoExecute taint",
          reason: "DeletionByTaintManager",
          status: "True",
          type: "DisruptionTarget",
        };
        const i = conditions.findIndex((c) => c.type === "DisruptionTarget");
        if (i >= 0) conditions[i] = condition;
        else conditions.push(condition);
        cluster.api.update(
          podsType,
          { ...pod, status: { ...(pod.status ?? {}), conditions } },
          { subresource: "status" },
        );
      }
    }
    const current = getPod(key);
    if (current && !current.metadata.deletionTimestamp) {
      cluster.api.delete(podsType, current.metadata.namespace ?? "", current.metadata.name ?? "");
    }
  };

  const onNode = (e: WatchEvent): string[] => {
    const name = e.object.metadata.name ?? "";
    const before = e.old ? noExecuteTaints(e.old) : [];
    if (e.type === "DELETED") {
      taintedNodes.delete(name);
      return [];
    }
    const after = noExecuteTaints(e.object);
    if (e.type === "MODIFIED" && jsonEqual(before, after)) return [];
    if (e.type === "ADDED" && after.length === 0) return [];
    return [`node:${name}`];
  };

  const onPod = (e: WatchEvent): string[] => {
    podsByNode.observe(e);
    if (e.type === "DELETED") {
      const key = keyOf(e.object);
      return scheduled.has(key) ? [`pod:${key}`] : NO_KEYS;
    }
    const oldNode: string | undefined = e.old?.spec?.nodeName;
    const node: string | undefined = e.object.spec?.nodeName;
    if (!node || !taintedNodes.has(node)) return NO_KEYS;
    if (
      e.type === "MODIFIED" &&
      oldNode === node &&
      jsonEqual(e.old?.spec?.tolerations ?? [], e.object.spec?.tolerations ?? [])
    ) {
      return NO_KEYS;
    }
    return [`pod:${keyOf(e.object)}`];
  };

  const syncNode = (name: string): void => {
    const node = store.get("nodes", "", name);
    const taints = node ? noExecuteTaints(node) : [];
    if (!node || taints.length === 0) taintedNodes.delete(name);
    else taintedNodes.set(name, taints);
    if (!node) return;
    for (const key of podsByNode.keysOn(name)) {
      const pod = getPod(key);
      if (!pod || pod.spec?.nodeName !== name) continue;
      processPod(key, pod.spec?.tolerations ?? [], taints);
    }
  };

  const syncPod = (key: string): void => {
    const pod = getPod(key);
    if (!pod) {
      cancel(key);
      return;
    }
    const node: string | undefined = pod.spec?.nodeName;
    const taints = node ? taintedNodes.get(node) : undefined;
    if (!node || !taints) return;
    processPod(key, pod.spec?.tolerations ?? [], taints);
  };

  return {
    name: TAINT_EVICTION_CONTROLLER,
    watches: { nodes: onNode, pods: onPod },
    sync(key) {
      if (key.startsWith("node:")) return syncNode(key.slice(5));
      if (key.startsWith("pod:")) return syncPod(key.slice(4));
      if (key.startsWith("fire:")) {
        const podKey = key.slice(5);
        const s = scheduled.get(podKey);
        if (s && s.fireAt <= cluster.clock.now()) evict(podKey);
      }
    },
  };
}
