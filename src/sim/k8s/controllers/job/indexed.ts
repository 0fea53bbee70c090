/**
 * Indexed Jobs (pkg/controller/job/indexed_job_utils.go): each pod carries its completion
 * index (annotation, and label since 1.28); the Job is done when every index 0..completions-1
 * has a Succeeded pod. status.completedIndexes compresses them into ranges, e.g.
 * {0,1,2,4,6,7} -> "0-2,4,6,7" (runs of three or more become a range).
 */
import type { KObject } from "../../api/object.ts";

export const JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

export function completionIndex(pod: KObject): number | undefined {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata.labels?.[JOB_COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The lowest indexes that neither succeeded nor run, in order. */
export function missingIndexes(completions: number, succeeded: ReadonlySet<number>, running: ReadonlySet<number>) {
  const out: number[] = [];
  for (let i = 0; i < completions; i++) if (!succeeded.has(i) && !running.has(i)) out.push(i);
  return out;
}

/** orderedIntervals.String: "0-2,4,6,7"; a run of two prints as two numbers. */
export function completedIndexesString(indexes: ReadonlySet<number>): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j === i) parts.push(String(sorted[i]));
    else if (j === i + 1) parts.push(String(sorted[i]), String(sorted[j]));
    else parts.push(`${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
