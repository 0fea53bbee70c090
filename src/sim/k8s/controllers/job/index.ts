/**
 * The Job controller (pkg/controller/job/job_controller.go syncJob/manageJob), as a
 * `sync(key)` recipe: get -> skip if finished -> claim pods -> count finished pods -> failure
 * checks (backoff limit, active deadline) -> suspend -> create or delete pods -> status.
 *
 * Counting: from 1.26 every pod carries the batch.kubernetes.io/job-tracking finalizer; a
 * finished (or deleted) pod is added to status.succeeded/failed and its finalizer removed, so
 * a deleted pod still counts. On 1.21 the counts are the Succeeded and Failed pods that exist.
 *
 * How many pods run: parallelism, but never more than the completions still missing.
 * Example: completions 8, parallelism 2 (the textbook's job-comple-parallel): 2 pods; each
 * success starts another until 8 succeeded; with 7 done only 1 runs.
 * Without completions (a work queue) pods run until one succeeds, then no new one starts.
 *
 * restartPolicy Never: a failed pod stays Failed and a new one replaces it after a back-off of
 * 10 s doubling per consecutive failure (10, 20, 40 s ...; at most 6 min on 1.21, 10 min later),
 * until failed > backoffLimit. OnFailure: the kubelet restarts the container in place; the Job
 * fails once the pods' restart counts add up to backoffLimit.
 *
 * Events (component job-controller): SuccessfulCreate "Created pod: x", SuccessfulDelete
 * "Deleted pod: x", Completed "Job completed", BackoffLimitExceeded, DeadlineExceeded,
 * Suspended "Job suspended", Resumed "Job resumed".
 */
import { parseRfc3339 } from "../../../core/clock.ts";
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { clone, jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
import { fromLabelSelector } from "../../selectors/labels.ts";
import {
  claimChildren,
  controllerOf,
  controllerUids,
  isPodActive,
  isPodReady,
  isPodTerminal,
  type Json,
  nowTime,
  Owners,
  objectKey,
  onlyStatusChanged,
  ownedObjects,
  podFromTemplate,
  splitKey,
} from "../controllerrevision/owned.ts";
import {
  BACKOFF_LIMIT_EXCEEDED,
  BACKOFF_LIMIT_MESSAGE,
  COMPLETIONS_REACHED,
  COMPLETIONS_REACHED_MESSAGE,
  DEADLINE_EXCEEDED,
  DEADLINE_MESSAGE,
  findCondition,
  isConditionTrue,
  isJobFinished,
  JOB_TRACKING_FINALIZER,
  jobFeatures,
  newCondition,
  setCondition,
} from "./conditions.ts";
import { completedIndexesString, completionIndex, JOB_COMPLETION_INDEX, missingIndexes } from "./indexed.ts";
// The TTL-after-finished controller lives with the Job controller it follows.
import "./ttl-after-finished.ts";

export const JOB_CONTROLLER = "job-controller";
const JOBS = "jobs.batch";
const BACKOFF_BASE_MS = 10_000;
const source = { component: JOB_CONTROLLER };
const POD_KEY = "pod:";

interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number;
}

/** controller.ActivePods order for deletion: unscheduled, pending, not ready, newest first. */
function deletionOrder(a: KObject, b: KObject): number {
  const rank = (p: KObject) =>
    (p.spec?.nodeName ? 4 : 0) + (p.status?.phase === "Running" ? 2 : 0) + (isPodReady(p) ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const ca = a.metadata.creationTimestamp ?? "";
  const cb = b.metadata.creationTimestamp ?? "";
  return ca === cb ? 0 : ca > cb ? -1 : 1;
}

export function jobController(cluster: Cluster): Controller {
  const store = cluster.store;
  const features = jobFeatures(cluster.minor);
  const owners = new Owners();
  const backoff = new Map<string, BackoffRecord>();
  const podType = () => cluster.typeOfStorage("pods");
  const maxBackoffMs = cluster.minor >= 27 ? 10 * 60_000 : 6 * 60_000;

  const onJob = (e: WatchEvent): string[] => {
    const key = owners.observe(e);
    if (e.type === "DELETED") {
      backoff.delete(e.object.metadata.uid ?? "");
      // Pods still holding the tracking finalizer must let go of it.
      return ownedObjects(cluster, "pods", e.object).map((p) => POD_KEY + objectKey(p));
    }
    if (e.type === "MODIFIED" && e.old && onlyStatusChanged(e.old, e.object)) return [];
    return [key];
  };

  const onPod = (e: WatchEvent): string[] => {
    const keys = owners.concernedBy(e);
    // A pod whose Job is gone may still hold the tracking finalizer: it is synced on its own.
    if (e.type !== "DELETED" && e.object.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) {
      // concernedBy's answer may be shared: add to a copy.
      const own = [...keys];
      for (const uid of controllerUids(e)) if (!owners.has(uid)) own.push(POD_KEY + objectKey(e.object));
      return own;
    }
    return keys;
  };

  const removeFinalizer = (pod: KObject): void => {
    const t = podType();
    if (!t || !pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) return;
    const c = clone(pod);
    c.metadata.finalizers = (c.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    if (c.metadata.finalizers.length === 0) delete c.metadata.finalizers;
    cluster.api.update(t, c);
  };

  /** A pod whose Job is gone keeps no tracking finalizer. */
  const syncOrphanPod = (key: string): void => {
    const [ns, name] = splitKey(key);
    const pod = store.get("pods", ns, name);
    if (!pod) return;
    const ref = controllerOf(pod);
    if (ref && owners.has(ref.uid)) return;
    removeFinalizer(pod);
  };

  const createPod = (job: KObject, index: number | undefined): void => {
    const t = podType();
    if (!t) return;
    const pod = podFromTemplate(job.spec?.template, job);
    pod.metadata.generateName = index === undefined ? `${job.metadata.name}-` : `${job.metadata.name}-${index}-`;
    if (index !== undefined) {
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
      if (features.indexLabel)
        pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
      if (!pod.spec.hostname) pod.spec.hostname = `${job.metadata.name}-${index}`;
    }
    if (features.finalizers) pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
    const r = cluster.api.create(t, pod);
    if (r.ok) cluster.events.record(job, "Normal", "SuccessfulCreate", `Created pod: ${r.value.metadata.name}`, source);
    else cluster.events.record(job, "Warning", "FailedCreate", `Error creating: ${r.status.message}`, source);
  };

  const deletePod = (job: KObject, pod: KObject): void => {
    const t = podType();
    if (!t) return;
    const r = cluster.api.delete(t, pod.metadata.namespace ?? "", pod.metadata.name ?? "");
    if (r.ok) cluster.events.record(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, source);
  };

  const syncJob = (key: string): void => {
    const [ns, name] = splitKey(key);
    const job = store.get(JOBS, ns, name);
    if (!job) return;
    const sel = fromLabelSelector(job.spec?.selector);
    if (!sel.ok) return;
    const uid = job.metadata.uid ?? "";
    let owned = claimChildren(cluster, "pods", job, sel.selector);
    if (isJobFinished(job)) {
      for (const p of owned) if (!isPodActive(p)) removeFinalizer(p);
      return;
    }
    const now = cluster.clock.now();
    const nowStr = nowTime(cluster);
    const spec = job.spec ?? {};
    const status: Json = clone(job.status ?? {});
    let conditions: Json[] = status.conditions ?? [];
    const indexed = spec.completionMode === "Indexed";

    // 1. Count pods that finished since the last sync.
    let succeeded: number;
    let failed: number;
    let newFailures = 0;
    if (features.finalizers) {
      succeeded = status.succeeded ?? 0;
      failed = status.failed ?? 0;
      for (const p of owned) {
        if (!p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) continue;
        const phase = p.status?.phase;
        if (phase === "Succeeded") succeeded++;
        else if (phase === "Failed" || p.metadata.deletionTimestamp) {
          failed++;
          newFailures++;
        } else continue;
        removeFinalizer(p);
      }
    } else {
      succeeded = owned.filter((p) => p.status?.phase === "Succeeded").length;
      failed = Math.max(owned.filter((p) => p.status?.phase === "Failed").length, status.failed ?? 0);
      newFailures = failed - (status.failed ?? 0);
    }
    owned = owned.filter((p) => store.get("pods", p.metadata.namespace ?? "", p.metadata.name ?? ""));
    const succeededIndexes = indexed
      ? new Set(
          owned
            .filter((p) => p.status?.phase === "Succeeded")
            .map(completionIndex)
            .filter((i) => i !== undefined),
        )
      : undefined;
    if (indexed && succeededIndexes) succeeded = Math.max(succeeded, succeededIndexes.size);

    // 2. Back-off bookkeeping: consecutive failures since the last success.
    const rec = backoff.get(uid) ?? { failuresAfterLastSuccess: 0, lastFailureTime: 0 };
    if (succeeded > (status.succeeded ?? 0)) rec.failuresAfterLastSuccess = 0;
    if (newFailures > 0) {
      rec.failuresAfterLastSuccess += newFailures;
      rec.lastFailureTime = now;
    }
    backoff.set(uid, rec);

    const suspended = features.suspend && spec.suspend === true;
    if (!status.startTime && !suspended) {
      status.startTime = nowStr;
      if (typeof spec.activeDeadlineSeconds === "number")
        cluster.reconciler.requeueAt(JOB_CONTROLLER, key, now + spec.activeDeadlineSeconds * 1000);
    }

    let active = owned.filter(isPodActive);
    // 3. Failure: backoff limit or active deadline.
    let failure: { reason: string; message: string } | undefined;
    const interim = findCondition(job, "FailureTarget");
    if (interim?.status === "True") failure = { reason: interim.reason, message: interim.message };
    const backoffLimit: number = spec.backoffLimit ?? 6;
    const restarts = active
      .filter((p) => p.status?.phase === "Running" || p.status?.phase === "Pending")
      .reduce(
        (n, p) =>
          n +
          [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].reduce(
            (m: number, c: Json) => m + (c?.restartCount ?? 0),
            0,
          ),
        0,
      );
    const onFailure = spec.template?.spec?.restartPolicy === "OnFailure";
    if (
      !failure &&
      (failed > backoffLimit || (onFailure && (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit)))
    ) {
      failure = { reason: BACKOFF_LIMIT_EXCEEDED, message: BACKOFF_LIMIT_MESSAGE };
    }
    if (
      !failure &&
      !suspended &&
      typeof spec.activeDeadlineSeconds === "number" &&
      status.startTime &&
      parseRfc3339(status.startTime) + spec.activeDeadlineSeconds * 1000 <= now
    ) {
      failure = { reason: DEADLINE_EXCEEDED, message: DEADLINE_MESSAGE };
    }

    const completions: number | undefined = typeof spec.completions === "number" ? spec.completions : undefined;
    const complete =
      !failure &&
      (completions !== undefined ? succeeded >= completions : succeeded > 0 && (indexed || active.length === 0));

    if (failure) {
      if (features.interimConditions && interim?.status !== "True") {
        conditions = setCondition(
          conditions,
          newCondition("FailureTarget", "True", nowStr, failure.reason, failure.message),
        );
      }
      for (const p of active) deletePod(job, p);
      if (!features.finalizers) failed += active.length;
      active = [];
    } else if (complete) {
      if (features.interimConditions && !isConditionTrue(job, "SuccessCriteriaMet")) {
        conditions = setCondition(
          conditions,
          newCondition("SuccessCriteriaMet", "True", nowStr, COMPLETIONS_REACHED, COMPLETIONS_REACHED_MESSAGE),
        );
      }
      for (const p of active) deletePod(job, p);
      active = [];
    } else if (suspended) {
      for (const p of active) deletePod(job, p);
      active = [];
      if (!isConditionTrue(job, "Suspended")) {
        conditions = setCondition(
          conditions,
          newCondition("Suspended", "True", nowStr, "JobSuspended", "Job suspended"),
        );
        cluster.events.record(job, "Normal", "Suspended", "Job suspended", source);
      }
    } else {
      if (features.suspend && isConditionTrue(job, "Suspended")) {
        conditions = setCondition(conditions, newCondition("Suspended", "False", nowStr, "JobResumed", "Job resumed"));
        cluster.events.record(job, "Normal", "Resumed", "Job resumed", source);
        status.startTime = nowStr;
      }
      active = manage(job, active, succeeded, succeededIndexes, rec, key);
    }

    // 4. The terminal condition, once no pod is left running (1.31+ waits; before, at once).
    // Re-read: pods deleted above may still be terminating (a finalizer or a grace period).
    const current = ownedObjects(cluster, "pods", job);
    const terminating = current.filter((p) => p.metadata.deletionTimestamp && !isPodTerminal(p));
    const settled = !features.interimConditions || (active.length === 0 && terminating.length === 0);
    if (failure && settled) {
      conditions = setCondition(conditions, newCondition("Failed", "True", nowStr, failure.reason, failure.message));
      cluster.events.record(job, "Warning", failure.reason, failure.message, source);
    } else if (complete && settled) {
      conditions = features.interimConditions
        ? setCondition(
            conditions,
            newCondition("Complete", "True", nowStr, COMPLETIONS_REACHED, COMPLETIONS_REACHED_MESSAGE),
          )
        : setCondition(conditions, newCondition("Complete", "True", nowStr));
      status.completionTime = nowStr;
      cluster.events.record(job, "Normal", "Completed", "Job completed", source);
    }

    // 5. Status, keys in the order the API server's YAML shows them.
    const next: Json = {};
    if (active.length) next.active = active.length;
    if (indexed && succeededIndexes?.size) next.completedIndexes = completedIndexesString(succeededIndexes);
    if (status.completionTime) next.completionTime = status.completionTime;
    if (conditions.length) next.conditions = conditions;
    if (failed) next.failed = failed;
    if (features.ready) next.ready = active.filter(isPodReady).length;
    if (status.startTime) next.startTime = status.startTime;
    if (succeeded) next.succeeded = succeeded;
    if (features.terminating) {
      next.terminating = terminating.length;
    }
    if (features.finalizers) next.uncountedTerminatedPods = {};
    if (jsonEqual(next, job.status)) return;
    const t = cluster.typeOfStorage(JOBS);
    if (t) cluster.api.update(t, { ...job, status: next }, { subresource: "status" });
  };

  /** manageJob: create or delete pods so `wantActive` run; returns the active pods after. */
  const manage = (
    job: KObject,
    active: KObject[],
    succeeded: number,
    succeededIndexes: Set<number> | undefined,
    rec: BackoffRecord,
    key: string,
  ): KObject[] => {
    const spec = job.spec ?? {};
    const parallelism: number = spec.parallelism ?? 1;
    const completions: number | undefined = typeof spec.completions === "number" ? spec.completions : undefined;
    let wantActive: number;
    if (completions === undefined) wantActive = succeeded > 0 ? active.length : parallelism;
    else wantActive = Math.max(0, Math.min(completions - succeeded, parallelism));
    if (active.length > wantActive) {
      const victims = [...active].sort(deletionOrder).slice(0, active.length - wantActive);
      for (const p of victims) deletePod(job, p);
      return active.filter((p) => !victims.includes(p));
    }
    let diff = wantActive - active.length;
    if (diff <= 0) return active;
    // Back-off after failures: 10 s * 2^(n-1), capped. Example: 3rd failure -> 40 s.
    if (rec.failuresAfterLastSuccess > 0) {
      const delay = Math.min(BACKOFF_BASE_MS * 2 ** (rec.failuresAfterLastSuccess - 1), maxBackoffMs);
      const at = rec.lastFailureTime + delay;
      if (cluster.clock.now() < at) {
        cluster.reconciler.requeueAt(JOB_CONTROLLER, key, at);
        return active;
      }
    }
    if (spec.completionMode === "Indexed" && completions !== undefined) {
      const running = new Set(active.map(completionIndex).filter((i) => i !== undefined));
      for (const i of missingIndexes(completions, succeededIndexes ?? new Set(), running)) {
        if (diff-- <= 0) break;
        createPod(job, i);
      }
    } else {
      for (; diff > 0; diff--) createPod(job, undefined);
    }
    return ownedObjects(cluster, "pods", job).filter(isPodActive);
  };

  return {
    name: JOB_CONTROLLER,
    watches: { [JOBS]: onJob, pods: onPod },
    sync(key) {
      if (key.startsWith(POD_KEY)) syncOrphanPod(key.slice(POD_KEY.length));
      else syncJob(key);
    },
  };
}

registerController(jobController);
