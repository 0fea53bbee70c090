/**
 * Job conditions and status fields per version (pkg/controller/job/job_controller.go,
 * pkg/apis/batch types), e.g. a finished Job on 1.21:
 *   conditions: [{type: Complete, status: "True", lastProbeTime, lastTransitionTime}]
 * and on 1.33 (JobSuccessPolicy and the delayed terminal condition are on since 1.31):
 *   conditions: [{type: SuccessCriteriaMet, reason: CompletionsReached,
 *                 message: Reached expected number of succeeded pods, ...}, {type: Complete, ...same}]
 *   ready: 0, terminating: 0, uncountedTerminatedPods: {}
 * A failing Job gets FailureTarget (1.31+) and then Failed, both with the same reason:
 *   BackoffLimitExceeded "Job has reached the specified backoff limit"
 *   DeadlineExceeded     "Job was active longer than specified deadline"
 */
import type { KObject } from "../../api/object.ts";
import type { Json } from "../controllerrevision/owned.ts";

export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

export const COMPLETIONS_REACHED = "CompletionsReached";
export const COMPLETIONS_REACHED_MESSAGE = "Reached expected number of succeeded pods";
export const BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
export const BACKOFF_LIMIT_MESSAGE = "Job has reached the specified backoff limit";
export const DEADLINE_EXCEEDED = "DeadlineExceeded";
export const DEADLINE_MESSAGE = "Job was active longer than specified deadline";

/** Which optional parts of the Job API the emulated version has (feature gates on by default). */
export function jobFeatures(minor: number) {
  return {
    /** JobTrackingWithFinalizers (GA 1.26): pod finalizer and status.uncountedTerminatedPods. */
    finalizers: minor >= 26,
    /** JobReadyPods (beta 1.24): status.ready. */
    ready: minor >= 24,
    /** JobPodReplacementPolicy (beta 1.29): status.terminating. */
    terminating: minor >= 29,
    /** SuccessCriteriaMet / FailureTarget before the terminal condition, with reasons (1.31). */
    interimConditions: minor >= 31,
    /** suspend (beta 1.22). */
    suspend: minor >= 22,
    /** PodIndexLabel (beta 1.28): the completion index as a pod label too. */
    indexLabel: minor >= 28,
  };
}

export function findCondition(job: KObject, type: string): Json | undefined {
  return (job.status?.conditions ?? []).find((c: Json) => c?.type === type);
}

export const isConditionTrue = (job: KObject, type: string): boolean => findCondition(job, type)?.status === "True";

/** IsJobFinished: a Complete or Failed condition that is True. */
export const isJobFinished = (job: KObject): boolean =>
  isConditionTrue(job, "Complete") || isConditionTrue(job, "Failed");

/** newCondition, with reason and message only when given (1.21's Complete has neither). */
export function newCondition(type: string, status: string, now: string, reason?: string, message?: string): Json {
  const c: Json = { lastProbeTime: now, lastTransitionTime: now };
  if (message) c.message = message;
  if (reason) c.reason = reason;
  c.status = status;
  c.type = type;
  return c;
}

/**
 * ensureJobConditionStatus: sets a condition, keeping its lastTransitionTime when the status
 * does not change (only lastProbeTime, reason and message move).
 */
export function setCondition(conditions: Json[], c: Json): Json[] {
  const i = conditions.findIndex((x) => x?.type === c.type);
  if (i < 0) return [...conditions, c];
  const prev = conditions[i];
  if (prev.status === c.status && prev.reason === c.reason && prev.message === c.message) return conditions;
  const next = { ...c, lastTransitionTime: prev.status === c.status ? prev.lastTransitionTime : c.lastTransitionTime };
  return conditions.map((x, j) => (j === i ? next : x));
}

/** When a Job finished (its Complete or Failed condition), for the TTL controller. */
export function jobFinishTime(job: KObject): string | undefined {
  for (const type of ["Complete", "Failed"]) {
    const c = findCondition(job, type);
    if (c?.status === "True") return c.lastTransitionTime;
  }
  return undefined;
}
