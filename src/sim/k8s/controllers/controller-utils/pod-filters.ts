/**
 * Which pods count, as pkg/api/v1/pod (podutil) and pkg/controller (FilterActivePods) decide:
 *  - active: not Succeeded, not Failed, not being deleted;
 *  - ready: the Ready condition is True (the kubelet sets it);
 *  - available: ready for at least minReadySeconds, measured from the Ready condition's
 *    lastTransitionTime, strictly: with minReadySeconds 10 and Ready since 12:00:00, the pod
 *    is available from just after 12:00:10 (IsPodAvailable uses `Before(now)`).
 */
import { parseRfc3339 } from "../../../core/clock.ts";
import type { KObject } from "../../api/object.ts";

interface Condition {
  type?: string;
  status?: string;
  lastTransitionTime?: string;
}

export function isPodActive(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** The pod's Ready condition, if the kubelet has reported one. */
export function readyCondition(pod: KObject): Condition | undefined {
  const conditions: Condition[] | null | undefined = pod.status?.conditions;
  if (conditions == null) return undefined;
  for (let i = 0; i < conditions.length; i++) if (conditions[i]?.type === "Ready") return conditions[i];
  return undefined;
}

export function isPodReady(pod: KObject): boolean {
  return readyCondition(pod)?.status === "True";
}

/** When the pod last became Ready (ms), or undefined when it is not ready or the time is unknown. */
export function podReadyTime(pod: KObject): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== "True" || !c.lastTransitionTime) return undefined;
  const t = parseRfc3339(c.lastTransitionTime);
  return Number.isNaN(t) ? undefined : t;
}

export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadyTime(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/**
 * The first instant at which a ready but not yet available pod becomes available, so a
 * controller can ask to be woken then: Ready at 12:00:00 with minReadySeconds 10 gives
 * 12:00:10.001 (the comparison is strict; one millisecond is the clock's grain).
 */
export function availableAt(pod: KObject, minReadySeconds: number): number | undefined {
  const since = podReadyTime(pod);
  return since === undefined ? undefined : since + minReadySeconds * 1000 + 1;
}

/** Highest restart count among the pod's containers (and, with sidecars, restartable init containers). */
export function maxContainerRestarts(pod: KObject, withSidecars: boolean): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) max = Math.max(max, s?.restartCount ?? 0);
  if (withSidecars) {
    const sidecars = new Set(
      (pod.spec?.initContainers ?? [])
        .filter((c: { restartPolicy?: string }) => c?.restartPolicy === "Always")
        .map((c: { name?: string }) => c.name),
    );
    for (const s of pod.status?.initContainerStatuses ?? [])
      if (sidecars.has(s?.name)) max = Math.max(max, s?.restartCount ?? 0);
  }
  return max;
}
