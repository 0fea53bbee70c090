/**
 * The kube-scheduler as a controller of the simulation. Its watches play the informers and the
 * scheduling queue (internal/queue): they keep the Snapshot in step with every pod and node
 * write and sort pending pods into an active set and an unschedulable set. `sync` then runs
 * scheduling cycles over the active pods in a fixed order (priority, highest first, then
 * creation time, then namespace/name), binding each or recording why it cannot be placed.
 *
 * Pods whose spec.schedulerName is not `default-scheduler` are left alone: no event, no
 * condition; they stay Pending until their own scheduler binds them. Pods created with a
 * nodeName never enter the queue.
 *
 * An unschedulable pod is retried (emitting FailedScheduling again, counted by the event
 * recorder) when the cluster changes in a way that may help, as the real queue's event
 * handlers decide:
 *   - a node is added, or its labels, taints, unschedulable flag or allocatable change;
 *   - a placed pod goes away (frees resources, ports, anti-affinity domains);
 *   - a pod is placed or relabelled, for pods that failed on InterPodAffinity or
 *     PodTopologySpread (a new match may satisfy them);
 *   - 5 minutes have passed (podMaxInUnschedulablePodsDuration).
 */

import { rfc3339 } from "../../core/clock.ts";
import type { Controller } from "../../core/reconcile.ts";
import type { WatchEvent } from "../../core/store.ts";
import { jsonEqual, type KObject } from "../api/object.ts";
import type { Cluster } from "../cluster.ts";
import { type PodInfo, podInfo } from "./pod-info.ts";
import { Scheduler } from "./scheduler.ts";

export const SCHEDULER_NAME = "default-scheduler";
const QUEUE_KEY = "queue";
/** The source of this scheduler's events (the recorder only reads it). */
const SOURCE = Object.freeze({ component: SCHEDULER_NAME });
/** The answers of the watches, shared (the reconciler only reads them): every pod write asks. */
const QUEUE_KEYS: string[] = [QUEUE_KEY];
const NO_KEYS: string[] = [];
/** podMaxInUnschedulablePodsDuration. */
export const UNSCHEDULABLE_RETRY_MS = 5 * 60 * 1000;
/** Failures these plugins report may clear when another pod is placed or relabelled. */
const POD_ADD_HELPS = new Set(["InterPodAffinity", "PodTopologySpread"]);

interface Unschedulable {
  pod: KObject;
  /** Whether another pod being placed may help (it failed on InterPodAffinity or PodTopologySpread). */
  podAddHelps: boolean;
  since: number;
}

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;
const isTerminal = (o: KObject) => o.status?.phase === "Succeeded" || o.status?.phase === "Failed";

/** The scheduling queue's order: priority desc, then creation time, then namespace/name. */
export function queueOrder(a: KObject, b: KObject): number {
  return keyedQueueOrder([keyOf(a), a], [keyOf(b), b]);
}

/** queueOrder for pods given with their `namespace/name`, built once per pod rather than per comparison. */
function keyedQueueOrder([ka, a]: [string, KObject], [kb, b]: [string, KObject]): number {
  const pa = typeof a.spec?.priority === "number" ? a.spec.priority : 0;
  const pb = typeof b.spec?.priority === "number" ? b.spec.priority : 0;
  if (pa !== pb) return pb - pa;
  const ca = a.metadata.creationTimestamp ?? "";
  const cb = b.metadata.creationTimestamp ?? "";
  if (ca !== cb) return ca < cb ? -1 : 1;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Changes to a node that can make a pod fit where it did not (upstream's nodeSchedulingPropertiesChange). */
function nodeSchedulingChanged(old: KObject, cur: KObject): boolean {
  return (
    !jsonEqual(old.metadata.labels, cur.metadata.labels) ||
    !jsonEqual(old.spec?.taints, cur.spec?.taints) ||
    (old.spec?.unschedulable ?? false) !== (cur.spec?.unschedulable ?? false) ||
    !jsonEqual(old.status?.allocatable, cur.status?.allocatable)
  );
}

export function schedulerController(cluster: Cluster): Controller {
  const store = cluster.store;
  const scheduler = new Scheduler(cluster.minor);
  const snapshot = scheduler.snapshot;
  const active = new Map<string, KObject>();
  const unschedulable = new Map<string, Unschedulable>();
  /** How many unschedulable pods a pod placement may help: when none, placements cost nothing. */
  let podAddHelpsCount = 0;
  const timers = new Set<number>();
  const podsType = cluster.discovery.forKind("v1", "Pod")!;

  /** Moves unschedulable pods back to the active set; true when any moved. */
  const requeue = (which: (u: Unschedulable) => boolean): boolean => {
    let moved = false;
    for (const [k, u] of unschedulable) {
      if (!which(u)) continue;
      forget(k);
      active.set(k, u.pod);
      moved = true;
    }
    return moved;
  };
  const forget = (key: string): void => {
    const u = unschedulable.get(key);
    if (!u) return;
    if (u.podAddHelps) podAddHelpsCount--;
    unschedulable.delete(key);
  };

  const onPod = (e: WatchEvent): boolean => {
    const pod = e.object;
    const old = e.old;
    // A write to a placed pod that keeps its spec and labels (the kubelet's status writes)
    // changes nothing here unless it finished the pod: it stays placed where it is.
    if (
      old !== undefined &&
      old.spec === pod.spec &&
      old.metadata.labels === pod.metadata.labels &&
      pod.spec?.nodeName &&
      !isTerminal(pod) &&
      !isTerminal(old)
    ) {
      return false;
    }
    const key = keyOf(pod);
    if (e.type === "DELETED" || (pod.spec?.nodeName && isTerminal(pod))) {
      active.delete(key);
      forget(key);
      if (!snapshot.isPlaced(key)) return false;
      snapshot.removePod(key);
      return requeue(() => true);
    }
    if (pod.spec?.nodeName) {
      active.delete(key);
      forget(key);
      const labelsChanged = !jsonEqual(e.old?.metadata.labels, pod.metadata.labels);
      // Placed already, on this node (nodeOf answers only for placed pods).
      if (!labelsChanged && snapshot.nodeOf(key) === pod.spec.nodeName) return false;
      scheduler.assume(placedInfo(e), pod.spec.nodeName);
      return podAddHelpsCount > 0 && requeue((u) => u.podAddHelps);
    }
    // Not (yet) assigned.
    if (
      (pod.spec?.schedulerName ?? SCHEDULER_NAME) !== SCHEDULER_NAME ||
      pod.metadata.deletionTimestamp ||
      isTerminal(pod)
    ) {
      active.delete(key);
      forget(key);
      return false;
    }
    const waiting = unschedulable.get(key);
    if (waiting) {
      // Our own status writes change nothing that matters; a new spec or labels does.
      const changed = !jsonEqual(e.old?.spec, pod.spec) || !jsonEqual(e.old?.metadata.labels, pod.metadata.labels);
      if (!changed) {
        waiting.pod = pod;
        return false;
      }
      forget(key);
    }
    active.set(key, pod);
    return true;
  };

  /**
   * The pod this scheduler is binding, parsed when it was scheduled. Its binding changes only
   * spec.nodeName, which nothing reads of a placed pod: the placed pod keeps that template
   * rather than parsing its spec again.
   */
  let binding: PodInfo | undefined;

  const placedInfo = (e: WatchEvent): PodInfo => {
    const pod = e.object;
    const old = e.old;
    if (
      binding !== undefined &&
      old === binding.pod &&
      old.metadata.labels === pod.metadata.labels &&
      old.metadata.namespace === pod.metadata.namespace &&
      onlyNodeNameSet(old.spec, pod.spec)
    ) {
      // What the snapshot keeps of a placed pod (its key, priority, template, whether it is
      // being deleted) is as it was when scheduled: the scheduled PodInfo serves as it is.
      if (
        old.metadata.name === pod.metadata.name &&
        old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
        old.spec?.priority === pod.spec?.priority
      ) {
        return binding;
      }
      return podInfo(pod, binding.template);
    }
    return scheduler.podInfos.get(pod);
  };

  const onNode = (e: WatchEvent): boolean => {
    const name = e.object.metadata.name ?? "";
    if (e.type === "DELETED") {
      snapshot.removeNode(name);
      return false;
    }
    if (e.type === "MODIFIED" && e.old && !nodeSchedulingChanged(e.old, e.object)) return false;
    snapshot.setNode(e.object);
    return requeue(() => true);
  };

  const onNamespace = (e: WatchEvent): void => {
    const name = e.object.metadata.name ?? "";
    if (e.type === "DELETED") snapshot.namespaceLabels.delete(name);
    else snapshot.namespaceLabels.set(name, e.object.metadata.labels ?? {});
  };

  const bind = (pod: KObject, nodeName: string): boolean => {
    const ns = pod.metadata.namespace ?? "";
    const stored = store.get("pods", ns, pod.metadata.name ?? "");
    if (!stored || stored.metadata.uid !== pod.metadata.uid) return false;
    return cluster.api.bind(ns, stored.metadata.name ?? "", nodeName).ok;
  };

  const fail = (pod: KObject, message: string, plugins: ReadonlySet<string>): void => {
    const now = cluster.clock.now();
    const podAddHelps = [...plugins].some((p) => POD_ADD_HELPS.has(p));
    forget(keyOf(pod));
    unschedulable.set(keyOf(pod), { pod, podAddHelps, since: now });
    if (podAddHelps) podAddHelpsCount++;
    cluster.events.record(pod, "Warning", "FailedScheduling", message, SOURCE);
    const updated = withCondition(pod, unschedulableCondition(pod, message, rfc3339(now)));
    cluster.api.update(podsType, updated, { subresource: "status" });
    const at = now + UNSCHEDULABLE_RETRY_MS;
    if (!timers.has(at)) {
      timers.add(at);
      cluster.reconciler.requeueAt("scheduler", QUEUE_KEY, at);
    }
  };

  const runQueue = (): void => {
    const now = cluster.clock.now();
    for (const t of timers) if (t <= now) timers.delete(t);
    requeue((u) => now - u.since >= UNSCHEDULABLE_RETRY_MS);
    if (active.size === 0) return;
    // The active set is keyed by namespace/name already.
    const order = [...active].sort(keyedQueueOrder);
    active.clear();
    for (const [, queued] of order) {
      const pod = store.get("pods", queued.metadata.namespace ?? "", queued.metadata.name ?? "");
      if (!pod || pod.metadata.uid !== queued.metadata.uid || pod.spec?.nodeName || pod.metadata.deletionTimestamp) {
        continue;
      }
      const r = scheduler.schedule(pod);
      if (r.ok) {
        let bound: boolean;
        binding = r.pod;
        try {
          bound = bind(pod, r.node);
        } finally {
          binding = undefined;
        }
        if (bound) {
          cluster.events.record(pod, "Normal", "Scheduled", `Successfully assigned ${keyOf(pod)} to ${r.node}`, SOURCE);
        }
      } else {
        fail(pod, r.message, r.plugins);
      }
    }
  };

  return {
    name: "scheduler",
    watches: {
      pods: (e) => (onPod(e) ? QUEUE_KEYS : NO_KEYS),
      nodes: (e) => (onNode(e) ? QUEUE_KEYS : NO_KEYS),
      namespaces: (e) => {
        onNamespace(e);
        return NO_KEYS;
      },
    },
    sync(key) {
      if (key === QUEUE_KEY) runQueue();
    },
  };
}

/**
 * `b` is `a` with spec.nodeName set, and the fields a pod's scheduling template is parsed from
 * (pod-info.ts) are the same values, as a binding writes it.
 */
function onlyNodeNameSet(a: KObject["spec"], b: KObject["spec"]): boolean {
  return (
    !!a &&
    !!b &&
    !a.nodeName &&
    !!b.nodeName &&
    a.containers === b.containers &&
    a.initContainers === b.initContainers &&
    a.nodeSelector === b.nodeSelector &&
    a.affinity === b.affinity &&
    a.tolerations === b.tolerations &&
    a.overhead === b.overhead &&
    a.topologySpreadConstraints === b.topologySpreadConstraints
  );
}

/**
 * What the pods/binding subresource stores (pkg/registry/core/pod/storage: setPodHostAndAnnotations):
 * spec.nodeName, and the PodScheduled condition turned True.
 */
export function bindPod(pod: KObject, nodeName: string, now: string): KObject {
  // Shallow copies: stored objects are shared read-only values, and the store stamps a new
  // resourceVersion into the metadata it is given. Object.assign where a field is added: V8
  // gives each object a spread with a new field builds a hidden class of its own.
  const o: KObject = { ...pod, metadata: { ...pod.metadata }, spec: Object.assign({}, pod.spec ?? {}, { nodeName }) };
  return withCondition(o, { lastProbeTime: null, lastTransitionTime: now, status: "True", type: "PodScheduled" });
}

function unschedulableCondition(pod: KObject, message: string, now: string): Record<string, unknown> {
  const prev = (pod.status?.conditions ?? []).find((c: { type?: string }) => c?.type === "PodScheduled");
  // podutil.UpdatePodCondition keeps lastTransitionTime while the status stays the same.
  const since = prev?.status === "False" && prev.lastTransitionTime ? prev.lastTransitionTime : now;
  return {
    lastProbeTime: null,
    lastTransitionTime: since,
    message,
    reason: "Unschedulable",
    status: "False",
    type: "PodScheduled",
  };
}

/** `pod` with one condition set (replaced by type), without touching `pod`. */
function withCondition(pod: KObject, condition: Record<string, unknown>): KObject {
  const conditions = [...(pod.status?.conditions ?? [])];
  const i = conditions.findIndex((c: { type?: string }) => c?.type === condition.type);
  if (i >= 0) conditions[i] = condition;
  else conditions.push(condition);
  return { ...pod, status: Object.assign({}, pod.status ?? {}, { conditions }) };
}
