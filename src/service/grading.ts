/**
 * The grading service: a submission is stored before grading starts (status `received`), graded
 * outside any transaction, and its result, the student's progress and the grade passback are
 * written together. A failure at any step leaves the submission stored and visible with status
 * `failed` (or still `received`), ready for a regrade: nothing a student sent is lost.
 */
import type { Assignment, Student } from "../db/repos/catalog.ts";
import { assignmentRepo, studentRepo } from "../db/repos/catalog.ts";
import { integrationRepo, outboxRepo } from "../db/repos/lms.ts";
import { auditRepo } from "../db/repos/ops.ts";
import { type Result, type Submission, submissionRepo } from "../db/repos/submissions.ts";
import { withTenant } from "../db/tenant.ts";
import type { Db } from "../db/types.ts";
import { grade } from "../grading/grade.ts";
import type { Report, Submission as SubmissionPayload } from "../grading/types.ts";
import { cachedPinnedLab, pinnedLab } from "./labs.ts";

export type Source = "web" | "api" | "lms";

/** Why a student may not submit now; null when they may. */
export type Refusal =
  | { code: "closed"; detail: string }
  | { code: "attempts_exhausted"; detail: string }
  | { code: "cooldown"; detail: string; retryAfterSeconds: number };

export function refusalFor(a: Assignment, attempts: { used: number; last?: Date }, now: Date): Refusal | null {
  if (a.opensAt && now < a.opensAt)
    return { code: "closed", detail: `the assignment opens at ${a.opensAt.toISOString()}` };
  if (a.dueAt && now >= a.dueAt) return { code: "closed", detail: `the assignment closed at ${a.dueAt.toISOString()}` };
  if (a.attemptLimit !== null && attempts.used >= a.attemptLimit) {
    return { code: "attempts_exhausted", detail: `all ${a.attemptLimit} attempts are used` };
  }
  if (a.cooldownSeconds > 0 && attempts.last) {
    const wait = Math.ceil((attempts.last.getTime() + a.cooldownSeconds * 1000 - now.getTime()) / 1000);
    if (wait > 0) {
      return {
        code: "cooldown",
        detail: `wait ${wait} s before the next attempt (one attempt every ${a.cooldownSeconds} s)`,
        retryAfterSeconds: wait,
      };
    }
  }
  return null;
}

export interface SubmitInput {
  assignment: Assignment;
  student: Student;
  source: Source;
  payload: SubmissionPayload;
  idempotencyKey?: string | null;
  submittedAt?: Date;
  actor: string;
  requestId?: string;
}

export type SubmitOutcome = { ok: true; submission: Submission; created: boolean } | { ok: false; refusal: Refusal };

/**
 * Stores a submission (raw payload first, status `received`) unless the assignment refuses it.
 * A submission whose idempotency key was seen before returns the first one, refused or not now.
 */
export async function storeSubmission(db: Db, tenantId: string, now: Date, input: SubmitInput): Promise<SubmitOutcome> {
  const payloadBytes = new TextEncoder().encode(JSON.stringify(input.payload)).length;
  const key = input.idempotencyKey ?? null;
  return withTenant<SubmitOutcome>(db, tenantId, async (tx) => {
    const subs = submissionRepo(tx, tenantId);
    const seen = key ? await subs.byIdempotencyKey(key) : undefined;
    if (seen) return { ok: true, submission: seen, created: false };
    const refusal = refusalFor(input.assignment, await subs.attempts(input.assignment.id, input.student.id), now);
    if (refusal) return { ok: false, refusal };
    const { row, created } = await subs.insert({
      assignmentId: input.assignment.id,
      studentId: input.student.id,
      source: input.source,
      payload: input.payload,
      payloadBytes,
      idempotencyKey: key,
      submittedAt: input.submittedAt ?? now,
      createdAt: now,
    });
    // A concurrent request with the same key stored it first: that one is the submission.
    if (!created) return { ok: true, submission: row, created: false };
    await audit(tx, tenantId, input, row, now);
    return { ok: true, submission: row, created: true };
  });
}

async function audit(
  tx: Parameters<typeof auditRepo>[0],
  tenantId: string,
  input: SubmitInput,
  row: Submission,
  now: Date,
) {
  await auditRepo(tx, tenantId).add({
    actor: input.actor,
    action: "submission.received",
    targetType: "submission",
    targetId: row.id,
    detail: { source: input.source, assignment: input.assignment.id, student: input.student.id },
    requestId: input.requestId ?? null,
    at: now,
  });
}

export interface GradeOutcome {
  status: "graded" | "ungradable" | "failed";
  report?: Report;
  error?: string;
  /** Outbox rows enqueued for passback (deliver them soon). */
  passback: number;
  /** The submission as this grading left it, and the result it recorded (none when it failed). */
  submission?: Submission;
  result?: Result;
}

/**
 * Grades (or regrades) a stored submission and records a new result. Grading failures are
 * recorded on the submission (`failed`, with the error) instead of thrown.
 */
export async function gradeStored(
  db: Db,
  tenantId: string,
  submissionId: string,
  opts: {
    now: () => Date;
    reason: "grade" | "regrade";
    actor: string;
    requestId?: string;
    /** Rows the caller read or stored in this request (a fresh submission): not read again. */
    known?: { submission: Submission; assignment: Assignment; student: Student };
  },
): Promise<GradeOutcome> {
  const known = opts.known?.submission.id === submissionId ? opts.known : undefined;
  // A fresh submission graded in the request that stored it, with its lab already loaded, needs
  // no read: it stays `received` until its result is written (the stale sweep covers a crash).
  const cachedLab = known && cachedPinnedLab(tenantId, known.assignment);
  const loaded = cachedLab
    ? { sub: known.submission, assignment: known.assignment, student: known.student, lab: cachedLab }
    : await loadForGrading(db, tenantId, submissionId, known);
  if (!loaded) return { status: "failed", error: "no such submission", passback: 0 };
  const { sub, assignment, student } = loaded;
  let report: Report | undefined;
  let error = "error" in loaded ? loaded.error : undefined;
  if (!error && "lab" in loaded && loaded.lab) {
    try {
      report = grade(loaded.lab, sub.payload as SubmissionPayload, { student: student.externalId }).report;
    } catch (e) {
      error = `the grader failed: ${(e as Error).message}`;
    }
  }
  const now = opts.now();
  if (!report) {
    const failed = { error: error ?? "unknown error" };
    await withTenant(db, tenantId, (tx) => submissionRepo(tx, tenantId).setStatus(sub.id, "failed", failed));
    return { status: "failed", error, passback: 0, submission: { ...sub, status: "failed", ...failed } };
  }
  const status = report.gradable ? "graded" : "ungradable";
  const { passback, result } = await withTenant(db, tenantId, async (tx) => {
    const subs = submissionRepo(tx, tenantId);
    const result = await subs.addResult({
      submissionId: sub.id,
      gradable: report.gradable,
      score: report.score,
      maxScore: report.maxScore,
      report,
      graderVersion: report.grader.version,
      labId: report.lab.id,
      labVersion: report.lab.version,
      reason: opts.reason,
      createdAt: now,
    });
    await subs.setStatus(sub.id, status, { error: null, gradedAt: now });
    const progress = await subs.recomputeProgress(assignment.id, student.id, now);
    await auditRepo(tx, tenantId).add({
      actor: opts.actor,
      action: opts.reason === "grade" ? "submission.graded" : "submission.regraded",
      targetType: "submission",
      targetId: sub.id,
      detail: { status, score: report.score, maxScore: report.maxScore },
      requestId: opts.requestId ?? null,
      at: now,
    });
    if (!progress || !assignment.integrationId || !assignment.lineItemUrl) return { passback: 0, result };
    const integration = await integrationRepo(tx, tenantId).get(assignment.integrationId);
    if (!integration || integration.disabledAt) return { passback: 0, result };
    // The LMS gets the student's best score, so a weaker later attempt (or a delivery that
    // arrives out of order) never lowers the grade it shows.
    await outboxRepo(tx, tenantId).enqueue({
      integrationId: integration.id,
      submissionId: sub.id,
      kind: "lti-score",
      payload: {
        lineItemUrl: assignment.lineItemUrl,
        userId: student.externalId,
        scoreGiven: progress.bestScore,
        scoreMaximum: progress.maxScore,
        comment: `labgrader: best of ${progress.attempts} attempt(s)`,
        timestamp: now.toISOString(),
      },
      now,
    });
    return { passback: 1, result };
  });
  return { status, report, passback, submission: { ...sub, status, error: null, gradedAt: now }, result };
}

/** Reads what a grading needs and marks the submission `grading` (visible while it runs). */
function loadForGrading(
  db: Db,
  tenantId: string,
  submissionId: string,
  known: { submission: Submission; assignment: Assignment; student: Student } | undefined,
) {
  return withTenant(db, tenantId, async (tx) => {
    const sub = known?.submission ?? (await submissionRepo(tx, tenantId).get(submissionId));
    if (!sub) return undefined;
    const assignment = known?.assignment ?? (await assignmentRepo(tx, tenantId).get(sub.assignmentId))!;
    const student = known?.student ?? (await studentRepo(tx, tenantId).get(sub.studentId))!;
    await submissionRepo(tx, tenantId).setStatus(sub.id, "grading");
    try {
      return { sub, assignment, student, lab: await pinnedLab(tx, tenantId, assignment) };
    } catch (e) {
      return { sub, assignment, student, error: (e as Error).message };
    }
  });
}
