/**
 * The StatefulSet controller (pkg/controller/statefulset: stateful_set.go sync,
 * stateful_set_control.go updateStatefulSet), as a `sync(key)` recipe:
 * get -> claim pods -> revisions (current and update) -> replicas by ordinal -> act -> status.
 *
 * Acting, in upstream's order, at most one step at a time with OrderedReady:
 *  1. a Failed (1.33: or Succeeded) pod is deleted and recreated;
 *  2. a missing ordinal is created (its PVCs first); OrderedReady then waits for it;
 *  3. OrderedReady waits while any lower ordinal is terminating or not Running and Ready;
 *  4. pods past `replicas` are deleted, highest ordinal first, one at a time (waiting for each
 *     to terminate) with OrderedReady; all at once with Parallel;
 *  5. RollingUpdate: from the highest ordinal down to `partition`, the first pod not on the
 *     update revision is deleted (it comes back from step 2 with the new template); the
 *     update waits for each pod to be Running and Ready again. OnDelete: only 1-2 happen, so
 *     pods pick up the new template when someone deletes them.
 *
 * Example: replicas 3, OrderedReady: web-0 is created; web-1 only once web-0 is Running and
 * Ready; scaling to 1 deletes web-2, then (after it is gone) web-1.
 *
 * Events (component statefulset-controller), in upstream's words:
 *   SuccessfulCreate "create Pod web-0 in StatefulSet web successful"
 *   SuccessfulCreate "create Claim www-web-0 Pod web-0 in StatefulSet web success"
 *   SuccessfulDelete "delete Pod web-2 in StatefulSet web successful"
 */
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
import { fromLabelSelector } from "../../selectors/labels.ts";
import { constructHistory, REVISIONS, templatePatch, truncateHistory } from "../controllerrevision/history.ts";
import {
  availableAt,
  claimChildren,
  isPodAvailable,
  isPodReady,
  type Json,
  Owners,
  objectKey,
  onlyStatusChanged,
  ownedObjects,
  splitKey,
} from "../controllerrevision/owned.ts";
import { claimsFor, newStatefulPod, ordinalOf, podRevision, revisionTemplate } from "./identity.ts";

export const STATEFULSET_CONTROLLER = "statefulset-controller";
const STATEFULSETS = "statefulsets.apps";
const PVCS = "persistentvolumeclaims";

const source = { component: STATEFULSET_CONTROLLER };

const isTerminating = (p: KObject) => !!p.metadata.deletionTimestamp;
const isRunningAndReady = (p: KObject) => p.status?.phase === "Running" && isPodReady(p);

export function statefulSetController(cluster: Cluster): Controller {
  const store = cluster.store;
  const owners = new Owners();
  const podType = () => cluster.typeOfStorage("pods");

  const onSet = (e: WatchEvent): string[] => {
    const key = owners.observe(e);
    if (e.type === "DELETED") return [];
    if (e.type === "MODIFIED" && e.old && onlyStatusChanged(e.old, e.object)) return [];
    return [key];
  };

  const ownedPods = (set: KObject): KObject[] => {
    return ownedObjects(cluster, "pods", set).filter((p) => ordinalOf(set, p) >= 0);
  };

  /** createPersistentVolumeClaims then the pod; false when something was refused. */
  const createPod = (set: KObject, pod: KObject): boolean => {
    const pvcType = cluster.typeOfStorage(PVCS);
    const ordinal = ordinalOf(set, pod);
    for (const claim of claimsFor(set, ordinal)) {
      if (!pvcType || store.get(PVCS, claim.metadata.namespace ?? "", claim.metadata.name ?? "")) continue;
      const r = cluster.api.create(pvcType, claim);
      if (r.ok) {
        cluster.events.record(
          set,
          "Normal",
          "SuccessfulCreate",
          `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
          source,
        );
      } else {
        cluster.events.record(
          set,
          "Warning",
          "FailedCreate",
          `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${r.status.message}`,
          source,
        );
        return false;
      }
    }
    const t = podType();
    if (!t) return false;
    const r = cluster.api.create(t, pod);
    const verb = `Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    if (r.ok) cluster.events.record(set, "Normal", "SuccessfulCreate", `create ${verb} successful`, source);
    else
      cluster.events.record(set, "Warning", "FailedCreate", `create ${verb} failed error: ${r.status.message}`, source);
    return r.ok;
  };

  const deletePod = (set: KObject, pod: KObject): void => {
    const t = podType();
    if (!t) return;
    const r = cluster.api.delete(t, pod.metadata.namespace ?? "", pod.metadata.name ?? "");
    const verb = `Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    if (r.ok) cluster.events.record(set, "Normal", "SuccessfulDelete", `delete ${verb} successful`, source);
    else
      cluster.events.record(set, "Warning", "FailedDelete", `delete ${verb} failed error: ${r.status.message}`, source);
  };

  /** The actions of one sync; returns when OrderedReady has to wait. */
  const act = (set: KObject, current: KObject, update: KObject): void => {
    const replicaCount: number = set.spec?.replicas ?? 1;
    const monotonic = set.spec?.podManagementPolicy !== "Parallel";
    const strategy = set.spec?.updateStrategy ?? {};
    const partition: number = strategy.type === "RollingUpdate" ? (strategy.rollingUpdate?.partition ?? 0) : 0;
    const minReady = cluster.minor >= 25 ? (set.spec?.minReadySeconds ?? 0) : 0;
    const now = cluster.clock.now();
    const healthy = (p: KObject) => isRunningAndReady(p) && isPodAvailable(p, minReady, now);
    const currentTemplate = revisionTemplate(current, set.spec?.template);
    const updateTemplate = revisionTemplate(update, set.spec?.template);
    /** newVersionedStatefulSetPod: ordinals below the partition stay on the current revision. */
    const versioned = (ordinal: number): KObject =>
      strategy.type === "RollingUpdate" && ordinal < partition
        ? newStatefulPod(set, currentTemplate, current.metadata.name ?? "", ordinal, cluster.minor)
        : newStatefulPod(set, updateTemplate, update.metadata.name ?? "", ordinal, cluster.minor);

    const replicas: (KObject | undefined)[] = new Array(replicaCount).fill(undefined);
    const condemned: KObject[] = [];
    for (const p of ownedPods(set)) {
      const ord = ordinalOf(set, p);
      if (ord < replicaCount) replicas[ord] = p;
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(set, a) - ordinalOf(set, b));
    const firstUnhealthy = [...replicas, ...condemned].find((p) => p && !isRunningAndReady(p));

    for (let i = 0; i < replicaCount; i++) {
      let pod = replicas[i];
      const finished = pod?.status?.phase === "Failed" || (cluster.minor >= 28 && pod?.status?.phase === "Succeeded");
      if (pod && finished && !isTerminating(pod)) {
        cluster.events.record(
          set,
          "Warning",
          "RecreatingFailedPod",
          `StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating failed Pod ${pod.metadata.name}`,
          source,
        );
        deletePod(set, pod);
        pod = store.get("pods", pod.metadata.namespace ?? "", pod.metadata.name ?? "");
        if (pod) {
          if (monotonic) return;
          continue;
        }
      }
      if (!pod) {
        createPod(set, versioned(i));
        if (monotonic) return;
        continue;
      }
      if (isTerminating(pod) && monotonic) return;
      if (!healthy(pod) && monotonic) {
        wakeWhenAvailable(set, pod, minReady);
        return;
      }
    }

    for (let i = condemned.length - 1; i >= 0; i--) {
      const pod = condemned[i];
      if (isTerminating(pod)) {
        if (monotonic) return;
        continue;
      }
      if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return;
      deletePod(set, pod);
      if (monotonic) return;
    }

    if (strategy.type !== "RollingUpdate") return;
    for (let target = replicaCount - 1; target >= partition; target--) {
      const pod = replicas[target];
      if (!pod) return;
      if (podRevision(pod) !== update.metadata.name && !isTerminating(pod)) {
        deletePod(set, pod);
        return;
      }
      if (!healthy(pod)) {
        wakeWhenAvailable(set, pod, minReady);
        return;
      }
    }
  };

  const wakeWhenAvailable = (set: KObject, pod: KObject, minReady: number): void => {
    if (!minReady) return;
    const at = availableAt(pod, minReady);
    if (at !== undefined) cluster.reconciler.requeueAt(STATEFULSET_CONTROLLER, objectKey(set), at);
  };

  const updateStatus = (set: KObject, current: KObject, update: KObject): void => {
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = cluster.clock.now();
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let currentReplicas = 0;
    let updatedReplicas = 0;
    for (const p of ownedPods(set)) {
      replicas++;
      if (isRunningAndReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
        else wakeWhenAvailable(set, p, minReady);
      }
      if (!isTerminating(p)) {
        if (podRevision(p) === current.metadata.name) currentReplicas++;
        if (podRevision(p) === update.metadata.name) updatedReplicas++;
      }
    }
    let currentRevision = current.metadata.name ?? "";
    const want: number = set.spec?.replicas ?? 1;
    // completeRollingUpdate: once every pod runs the update revision and is Ready, it is current.
    if (set.spec?.updateStrategy?.type === "RollingUpdate" && updatedReplicas === want && ready === want) {
      currentReplicas = updatedReplicas;
      currentRevision = update.metadata.name ?? "";
    }
    const status: Json = {};
    if (cluster.minor >= 22) status.availableReplicas = available;
    status.collisionCount = set.status?.collisionCount ?? 0;
    if (set.status?.conditions) status.conditions = set.status.conditions;
    if (currentReplicas) status.currentReplicas = currentReplicas;
    if (currentRevision) status.currentRevision = currentRevision;
    if (set.metadata.generation) status.observedGeneration = set.metadata.generation;
    if (ready) status.readyReplicas = ready;
    status.replicas = replicas;
    if (update.metadata.name) status.updateRevision = update.metadata.name;
    if (updatedReplicas) status.updatedReplicas = updatedReplicas;
    if (jsonEqual(status, set.status)) return;
    const t = cluster.typeOfStorage(STATEFULSETS);
    if (t) cluster.api.update(t, { ...set, status }, { subresource: "status" });
  };

  return {
    name: STATEFULSET_CONTROLLER,
    watches: {
      [STATEFULSETS]: onSet,
      pods: (e) => owners.concernedBy(e),
      [REVISIONS]: (e) => owners.controllersOf(e),
    },
    sync(key) {
      const [ns, name] = splitKey(key);
      const set = store.get(STATEFULSETS, ns, name);
      if (!set) return;
      const sel = fromLabelSelector(set.spec?.selector);
      if (!sel.ok || sel.selector.empty()) return;
      claimChildren(cluster, "pods", set, sel.selector, (p) => ordinalOf(set, p) >= 0);
      const template = set.spec?.template ?? {};
      const data = templatePatch(template);
      const history = constructHistory(cluster, set, {
        labels: template.metadata?.labels ?? {},
        hashInput: data,
        data,
      });
      if (!history) return;
      const update = history.current;
      const current = history.old.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
      if (!set.metadata.deletionTimestamp) act(set, current, update);
      const live = new Set(ownedPods(set).map(podRevision));
      truncateHistory(
        cluster,
        history.old.filter((r) => r !== current),
        set.spec?.revisionHistoryLimit ?? 10,
        (cr) => live.has(cr.metadata.name ?? ""),
      );
      updateStatus(store.get(STATEFULSETS, ns, name) ?? set, current, update);
    },
  };
}

registerController(statefulSetController);
