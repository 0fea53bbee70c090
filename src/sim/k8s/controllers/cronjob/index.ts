/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go, the default since
 * 1.21), as a `sync(key)` recipe: get -> reconcile the active list with the Jobs it owns ->
 * history limits -> find the most recent missed schedule -> concurrency policy -> create the
 * Job -> status -> wake up at the next schedule.
 *
 * Time is virtual: the controller asks to be synced again at the next scheduled instant, so
 * `sleep 60` after applying a `*\/1 * * * *` CronJob runs exactly one Job. Jobs are named
 * `<cronjob>-<scheduled time in minutes since the epoch>`: 2026-01-05T09:01:00Z is
 * 1767603660 s = 29460061 min, so `cronjob-example-29460061`.
 *
 * Events (component cronjob-controller): SuccessfulCreate "Created job x", SawCompletedJob
 * "Saw completed job: x, status: Complete", SuccessfulDelete "Deleted job x", MissSchedule,
 * JobAlreadyActive (Forbid), TooManyMissedTimes, MissingJob.
 */
import { parseRfc3339, rfc3339 } from "../../../core/clock.ts";
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
import {
  controllerRef,
  controllerUids,
  type Json,
  objectKey,
  onlyStatusChanged,
  ownedObjects,
  splitKey,
} from "../controllerrevision/owned.ts";
import { findCondition, isConditionTrue, isJobFinished } from "../job/conditions.ts";
import { formatInZone, parseSchedule } from "./schedule.ts";

export const CRONJOB_CONTROLLER = "cronjob-controller";
const CRONJOBS = "cronjobs.batch";
const JOBS = "jobs.batch";
const SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
const source = { component: CRONJOB_CONTROLLER };

/** getJobName: the scheduled time in minutes since the epoch. */
export const jobNameFor = (cj: KObject, scheduledMs: number): string =>
  `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;

/** RFC1123Z as Go formats it: "Mon, 05 Jan 2026 09:01:00 +0000". */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const jobRef = (job: KObject): Json => ({
  apiVersion: job.apiVersion,
  kind: job.kind,
  name: job.metadata.name,
  namespace: job.metadata.namespace,
  resourceVersion: job.metadata.resourceVersion,
  uid: job.metadata.uid,
});

export function cronJobController(cluster: Cluster): Controller {
  const store = cluster.store;
  const owners = new Map<string, string>();
  /** The wake-up already asked for per CronJob, so repeated syncs don't pile up timers. */
  const wakeups = new Map<string, number>();

  const wakeAt = (key: string, at: number | undefined): void => {
    if (at === undefined || wakeups.get(key) === at) return;
    // An earlier wake-up still pending does the job too: sync then asks for the next one.
    const pending = wakeups.get(key);
    if (pending !== undefined && pending > cluster.clock.now() && pending < at) return;
    wakeups.set(key, at);
    cluster.reconciler.requeueAt(CRONJOB_CONTROLLER, key, at);
  };

  const onCronJob = (e: WatchEvent): string[] => {
    const uid = e.object.metadata.uid ?? "";
    if (e.type === "DELETED") {
      owners.delete(uid);
      wakeups.delete(objectKey(e.object));
      return [];
    }
    owners.set(uid, objectKey(e.object));
    if (e.type === "MODIFIED" && e.old && onlyStatusChanged(e.old, e.object)) return [];
    return [objectKey(e.object)];
  };

  const deleteJob = (cj: KObject, job: KObject): boolean => {
    const t = cluster.typeOfStorage(JOBS);
    if (!t) return false;
    const r = cluster.api.delete(t, job.metadata.namespace ?? "", job.metadata.name ?? "", {
      propagationPolicy: "Background",
    });
    if (r.ok) cluster.events.record(cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`, source);
    return r.ok;
  };

  /** cleanupFinishedJobs: keep the newest `limit` successful and failed Jobs. */
  const removeOldestJobs = (cj: KObject, jobs: KObject[], limit: number | undefined): void => {
    if (typeof limit !== "number" || jobs.length <= limit) return;
    const start = (j: KObject) => j.status?.startTime ?? j.metadata.creationTimestamp ?? "";
    const sorted = [...jobs].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
    for (const j of sorted.slice(0, sorted.length - limit)) deleteJob(cj, j);
  };

  const sync = (key: string): void => {
    const [ns, name] = splitKey(key);
    const cj = store.get(CRONJOBS, ns, name);
    if (!cj) return;
    const now = cluster.clock.now();
    const spec = cj.spec ?? {};
    const prev = cj.status ?? {};
    let active: Json[] = [...(prev.active ?? [])];
    let lastSuccessfulTime: string | undefined = prev.lastSuccessfulTime;
    let lastScheduleTime: string | undefined = prev.lastScheduleTime;

    // 1. The Jobs it owns against the active list.
    const jobs = ownedObjects(cluster, JOBS, cj);
    const children = new Set(jobs.map((j) => j.metadata.uid));
    for (const j of jobs) {
      const found = active.some((a) => a.uid === j.metadata.uid);
      if (!found && !isJobFinished(j)) {
        cluster.events.record(
          cj,
          "Warning",
          "UnexpectedJob",
          `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
          source,
        );
      } else if (found && isJobFinished(j)) {
        const status = isConditionTrue(j, "Complete") ? "Complete" : "Failed";
        active = active.filter((a) => a.uid !== j.metadata.uid);
        cluster.events.record(
          cj,
          "Normal",
          "SawCompletedJob",
          `Saw completed job: ${j.metadata.name}, status: ${status}`,
          source,
        );
      }
      const completed = findCondition(j, "Complete");
      if (completed?.status === "True" && j.status?.completionTime) {
        if (!lastSuccessfulTime || lastSuccessfulTime < j.status.completionTime)
          lastSuccessfulTime = j.status.completionTime;
      }
    }
    for (const a of [...active]) {
      if (children.has(a.uid)) continue;
      if (store.get(JOBS, a.namespace ?? ns, a.name ?? "")?.metadata.uid === a.uid) continue;
      cluster.events.record(cj, "Normal", "MissingJob", `Active job went missing: ${a.name}`, source);
      active = active.filter((x) => x !== a);
    }

    const writeStatus = (): void => {
      const fresh = store.get(CRONJOBS, ns, name);
      if (!fresh) return;
      const status: Json = {};
      if (active.length) status.active = active;
      if (lastScheduleTime) status.lastScheduleTime = lastScheduleTime;
      if (lastSuccessfulTime) status.lastSuccessfulTime = lastSuccessfulTime;
      if (jsonEqual(status, fresh.status ?? {})) return;
      const t = cluster.typeOfStorage(CRONJOBS);
      if (t) cluster.api.update(t, { ...fresh, status }, { subresource: "status" });
    };

    if (cj.metadata.deletionTimestamp) {
      writeStatus();
      return;
    }

    // 2. History limits.
    const finished = ownedObjects(cluster, JOBS, cj).filter(isJobFinished);
    removeOldestJobs(
      cj,
      finished.filter((j) => isConditionTrue(j, "Complete")),
      spec.successfulJobsHistoryLimit,
    );
    removeOldestJobs(
      cj,
      finished.filter((j) => isConditionTrue(j, "Failed")),
      spec.failedJobsHistoryLimit,
    );

    if (spec.suspend === true) {
      writeStatus();
      return;
    }

    const timeZone = cluster.minor >= 24 && typeof spec.timeZone === "string" ? spec.timeZone : "";
    const parsed = parseSchedule(String(spec.schedule ?? ""), timeZone);
    if (!parsed.ok) {
      if (timeZone && parsed.error.startsWith("unknown time zone")) {
        cluster.events.record(
          cj,
          "Warning",
          "UnknownTimeZone",
          `invalid timeZone: "${timeZone}": ${parsed.error}`,
          source,
        );
      } else {
        cluster.events.record(
          cj,
          "Warning",
          "UnparseableSchedule",
          `unparseable schedule: "${spec.schedule}" : ${parsed.error}`,
          source,
        );
      }
      writeStatus();
      return;
    }
    const schedule = parsed.schedule;

    // 3. mostRecentScheduleTime: the last activation in (earliest, now].
    let earliest = parseRfc3339(lastScheduleTime ?? cj.metadata.creationTimestamp ?? rfc3339(now));
    if (typeof spec.startingDeadlineSeconds === "number")
      earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
    let scheduled: number | undefined;
    let missed = 0;
    for (let t = schedule.next(earliest); t !== undefined && t <= now; t = schedule.next(t)) {
      scheduled = t;
      missed++;
      if (missed > 100_000) break;
    }
    if (missed > 100) {
      cluster.events.record(
        cj,
        "Warning",
        "TooManyMissedTimes",
        `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`,
        source,
      );
    }
    const nextAfterNow = schedule.next(now);
    if (scheduled === undefined) {
      wakeAt(key, nextAfterNow);
      writeStatus();
      return;
    }
    if (typeof spec.startingDeadlineSeconds === "number" && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
      cluster.events.record(
        cj,
        "Normal",
        "MissSchedule",
        `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`,
        source,
      );
      wakeAt(key, nextAfterNow);
      writeStatus();
      return;
    }
    const jobName = jobNameFor(cj, scheduled);
    if (active.some((a) => a.name === jobName)) {
      wakeAt(key, nextAfterNow);
      writeStatus();
      return;
    }
    const policy = spec.concurrencyPolicy ?? "Allow";
    if (policy === "Forbid" && active.length > 0) {
      if (cluster.minor >= 24) {
        cluster.events.record(
          cj,
          "Normal",
          "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid",
          source,
        );
      }
      wakeAt(key, nextAfterNow);
      writeStatus();
      return;
    }
    if (policy === "Replace") {
      for (const a of [...active]) {
        const j = store.get(JOBS, a.namespace ?? ns, a.name ?? "");
        if (j && j.metadata.uid === a.uid && !deleteJob(cj, j)) continue;
        active = active.filter((x) => x !== a);
      }
    }

    // 4. The Job (getJobFromTemplate2).
    const template = spec.jobTemplate ?? {};
    const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
    if (cluster.minor >= 28) annotations[SCHEDULED_TIMESTAMP] = formatInZone(scheduled, timeZone);
    const metadata: KObject["metadata"] = { name: jobName, namespace: ns };
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    if (template.metadata?.labels) metadata.labels = { ...template.metadata.labels };
    metadata.ownerReferences = [controllerRef(cj)];
    const jobType = cluster.typeOfStorage(JOBS);
    if (!jobType) return;
    const r = cluster.api.create(jobType, {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata,
      spec: structuredClone(template.spec ?? {}),
    });
    if (r.ok) {
      cluster.events.record(cj, "Normal", "SuccessfulCreate", `Created job ${jobName}`, source);
      active = [...active, jobRef(r.value)];
      lastScheduleTime = rfc3339(scheduled);
    } else if (r.status.reason === "AlreadyExists") {
      // Made by an earlier run of this controller: nothing to do for this time.
      lastScheduleTime = rfc3339(scheduled);
    } else {
      cluster.events.record(cj, "Warning", "FailedCreate", `Error creating job: ${r.status.message}`, source);
    }
    wakeAt(key, nextAfterNow);
    writeStatus();
  };

  return {
    name: CRONJOB_CONTROLLER,
    watches: {
      [CRONJOBS]: onCronJob,
      [JOBS]: (e) => {
        const keys: string[] = [];
        for (const uid of controllerUids(e)) {
          const k = owners.get(uid);
          if (k) keys.push(k);
        }
        return keys;
      },
    },
    sync(key) {
      const w = wakeups.get(key);
      if (w !== undefined && w <= cluster.clock.now()) wakeups.delete(key);
      sync(key);
    },
  };
}

registerController(cronJobController);
