/**
 * The grading service: a submission is stored before grading starts (status `received`), graded
 * outside any transaction, and its result, the student's progress and the grade passback are
 * written together. A failure at any step leaves the submission stored and visible with status
 * `failed` (or still `received`), ready for a regrade: nothing a student sent is lost.
 */
import type { Assignment, Student } from "../db/repos/catalog.ts";
import { assignmentRepo, studentRepo } from "../db/repos/catalog.ts";
import { integrationRepo, outboxRepo } from "../db/repos/lms.ts";
import { type Result, type Submission, submissionRepo } from "../db/repos/submissions.ts";
import { withTenant } from "../db/tenant.ts";
import type { Db, Tx } from "../db/types.ts";
import { grade } from "../grading/grade.ts";
import type { Lab, Report, Submission as SubmissionPayload } from "../grading/types.ts";
import { cachedPinnedLab, pinnedLab } from "./labs.ts";

export type Source = "web" | "api" | "lms";

/**
 * Grades a submission somewhere other than the calling thread (the Node server's grading
 * threads): the same report `grade()` gives, or its error.
 */
export type Grader = (lab: Lab, payload: SubmissionPayload, student: string) => Promise<Report>;

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

export type SubmitOutcome =
  | { ok: true; submission: Submission; created: boolean; assignment: Assignment; student: Student }
  | { ok: false; refusal: Refusal };

/**
 * Stores a submission (raw payload first, status `received`) unless the assignment refuses it.
 * A submission whose idempotency key was seen before returns the first one, refused or not now.
 * `input` may be a lookup run in the same transaction (the assignment and student a request
 * names): one transaction from reading them to storing, and what it throws stores nothing.
 */
export function storeSubmission(
  db: Db,
  tenantId: string,
  now: Date,
  input: SubmitInput | ((tx: Tx) => Promise<SubmitInput>),
): Promise<SubmitOutcome> {
  return withTenant<SubmitOutcome>(db, tenantId, (tx) => storeSubmissionIn(tx, tenantId, now, input));
}

/** `storeSubmission` in a transaction the caller holds, acting as the tenant. */
export async function storeSubmissionIn(
  tx: Tx,
  tenantId: string,
  now: Date,
  input: SubmitInput | ((tx: Tx) => Promise<SubmitInput>),
): Promise<SubmitOutcome> {
  const i = typeof input === "function" ? await input(tx) : input;
  const { assignment, student } = i;
  const key = i.idempotencyKey ?? null;
  const subs = submissionRepo(tx, tenantId);
  const seen = key ? await subs.byIdempotencyKey(key) : undefined;
  if (seen) return { ok: true, submission: seen, created: false, assignment, student };
  // Without an attempt limit or a cooldown the attempts so far cannot refuse anything.
  const limited = assignment.attemptLimit !== null || assignment.cooldownSeconds > 0;
  const refusal = refusalFor(assignment, limited ? await subs.attempts(assignment.id, student.id) : { used: 0 }, now);
  if (refusal) return { ok: false, refusal };
  const { row, created } = await subs.insert(
    {
      assignmentId: assignment.id,
      studentId: student.id,
      source: i.source,
      payload: i.payload,
      payloadBytes: new TextEncoder().encode(JSON.stringify(i.payload)).length,
      idempotencyKey: key,
      submittedAt: i.submittedAt ?? now,
      createdAt: now,
    },
    {
      actor: i.actor,
      action: "submission.received",
      targetType: "submission",
      detail: { source: i.source, assignment: assignment.id, student: student.id },
      requestId: i.requestId ?? null,
      at: now,
    },
  );
  // A concurrent request with the same key stored it first: that one is the submission.
  return { ok: true, submission: row, created, assignment, student };
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
    /** Where to grade; in this thread without one. */
    grade?: Grader;
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
      const payload = sub.payload as SubmissionPayload;
      report = opts.grade
        ? await opts.grade(loaded.lab, payload, student.externalId)
        : grade(loaded.lab, payload, { student: student.externalId }).report;
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
    const { result, first } = await subs.recordResult(
      {
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
      },
      status,
      { error: null, gradedAt: now },
      {
        actor: opts.actor,
        action: opts.reason === "grade" ? "submission.graded" : "submission.regraded",
        targetType: "submission",
        targetId: sub.id,
        detail: { status, score: report.score, maxScore: report.maxScore },
        requestId: opts.requestId ?? null,
        at: now,
      },
    );
    // A first result adds to the progress; one that replaces another (a regrade) may lower the
    // submission's score, and the progress is tallied again from every current result.
    const progress = first
      ? await subs.advanceProgress(sub, result, now)
      : await subs.recomputeProgress(assignment.id, student.id, now);
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
