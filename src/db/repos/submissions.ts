/** Submissions, their results (one per grading, history kept) and each student's progress. */
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { auditLog, progress, results, type SubmissionStatus, submissions } from "../schema.ts";
import { statement } from "../statement.ts";
import type { Tx } from "../types.ts";
import type { AuditInput } from "./ops.ts";

export type Submission = typeof submissions.$inferSelect;
export type Result = typeof results.$inferSelect;
export type Progress = typeof progress.$inferSelect;
export type NewSubmission = Omit<typeof submissions.$inferInsert, "tenantId" | "id" | "status">;
export type NewResult = Omit<typeof results.$inferInsert, "tenantId" | "id" | "seq">;

export interface SubmissionFilter {
  assignmentId?: string;
  studentId?: string;
  status?: SubmissionStatus;
  since?: Date;
  until?: Date;
  /** Newest first; the cursor is the last row of the previous page. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** Statuses that use up an attempt: an ungradable submission (or our own failure) does not. */
const COUNTED: SubmissionStatus[] = ["received", "grading", "graded"];

const p = sql.placeholder;
/** A placeholder whose value the column encodes (a Date as a timestamp), where a builder takes only SQL. */
const encoded = (name: string, column: AnyPgColumn) => sql`${sql.param(p(name), column)}`;

/** A submission's columns but its payload, which the caller has (up to megabytes, not sent back). */
const { payload: _payload, ...submissionColumnsButPayload } = getTableColumns(submissions);

/**
 * A submission and, when it is stored, its audit entry (`targetId` is the new id), in one
 * statement; nothing when its idempotency key was used before. The row comes back without
 * its payload.
 */
const insertSubmission = statement((tx) => {
  const inserted = tx.$with("inserted").as(
    tx
      .insert(submissions)
      .values({
        tenantId: p("tenantId"),
        assignmentId: p("assignmentId"),
        studentId: p("studentId"),
        source: p("source"),
        payload: p("payload"),
        payloadBytes: p("payloadBytes"),
        idempotencyKey: p("idempotencyKey"),
        submittedAt: p("submittedAt"),
        createdAt: p("createdAt"),
      })
      .onConflictDoNothing({ target: [submissions.tenantId, submissions.idempotencyKey] })
      .returning(submissionColumnsButPayload),
  );
  const audited = tx.$with("audited", {}).as(
    sql`insert into ${auditLog} (tenant_id, actor, action, target_type, target_id, detail, request_id, at)
      select ${p("tenantId")}::uuid, ${p("actor")}, ${p("action")}, ${p("targetType")}, inserted.id::text,
        ${p("detail")}::jsonb, ${p("requestId")}::text,
        ${sql.param(p("at"), auditLog.at)}::timestamptz
      from inserted`,
  );
  return tx.with(inserted, audited).select().from(inserted);
});

/** An audit entry's values, as the statements that write one with what they audit name them. */
function auditValues(a: AuditInput) {
  return {
    actor: a.actor,
    action: a.action,
    targetType: a.targetType,
    targetId: a.targetId ?? null,
    // Encoded here: a placeholder's column encoder would store a missing detail as JSON `null`.
    detail: a.detail === undefined || a.detail === null ? null : JSON.stringify(a.detail),
    requestId: a.requestId ?? null,
    at: a.at,
  };
}

/** The audit entry of `auditValues`, as a statement of its own to run with another. */
function auditInsert(tx: Tx, targetId: SQL) {
  return tx.insert(auditLog).values({
    tenantId: p("tenantId"),
    actor: p("actor"),
    action: p("action"),
    targetType: p("targetType"),
    targetId,
    detail: sql`${p("detail")}::jsonb`,
    requestId: p("requestId"),
    at: p("at"),
  });
}

/**
 * A grading in one statement: the result, the submission's new status and the audit entry. The
 * result comes back without its report, and `first` says whether it is the submission's first
 * result (no earlier one in the statement's snapshot).
 */
const insertResult = statement((tx) => {
  const marked = tx.$with("marked").as(
    tx
      .update(submissions)
      .set({
        status: sql`${p("status")}`,
        error: sql`${p("error")}`,
        gradedAt: encoded("gradedAt", submissions.gradedAt),
      })
      .where(and(eq(submissions.tenantId, p("tenantId")), eq(submissions.id, p("submissionId"))))
      .returning({ id: submissions.id }),
  );
  const audited = tx.$with("audited").as(auditInsert(tx, sql`${p("targetId")}`).returning({ id: auditLog.id }));
  const { report: _, ...columns } = getTableColumns(results);
  return tx
    .with(marked, audited)
    .insert(results)
    .values({
      tenantId: p("tenantId"),
      submissionId: p("submissionId"),
      gradable: p("gradable"),
      score: p("score"),
      maxScore: p("maxScore"),
      report: p("report"),
      graderVersion: p("graderVersion"),
      labId: p("labId"),
      labVersion: p("labVersion"),
      reason: p("reason"),
      createdAt: p("createdAt"),
    })
    .returning({
      ...columns,
      first: sql<boolean>`not exists (select 1 from ${results} as earlier
        where earlier.tenant_id = ${p("tenantId")} and earlier.submission_id = ${p("submissionId")})`,
    });
});

/** The attempts a student has used on an assignment, counted in the statement that writes them. */
const attemptsUsed = sql<number>`(select count(*) from ${submissions}
  where ${submissions.tenantId} = ${p("tenantId")} and ${submissions.assignmentId} = ${p("assignmentId")}
    and ${submissions.studentId} = ${p("studentId")} and ${inArray(submissions.status, COUNTED)})::int`;

/** Whether the progress row's best is still its submission's current result (see `advanceProgress`). */
const bestIsCurrent = sql`exists (select 1 from (select ${results.gradable} as gradable, ${results.score} as score
    from ${results} where ${results.tenantId} = ${progress.tenantId}
      and ${results.submissionId} = ${progress.bestSubmissionId}
    order by ${results.seq} desc limit 1) as best_result
  where best_result.gradable and best_result.score = ${progress.bestScore})`;

const progressOfStudent = and(
  eq(progress.tenantId, p("tenantId")),
  eq(progress.assignmentId, p("assignmentId")),
  eq(progress.studentId, p("studentId")),
);

/** `advanceProgress` for an ungradable first result: only the attempts change. */
const advanceUngradable = statement((tx) =>
  tx
    .update(progress)
    .set({ attempts: attemptsUsed, updatedAt: encoded("now", progress.updatedAt) })
    .where(and(progressOfStudent, bestIsCurrent))
    .returning(),
);

/** `advanceProgress` for a gradable first result: the new result is `excluded`; the best so far is the row's. */
const advanceGraded = statement((tx) => {
  const better = sql`(excluded.best_score > ${progress.bestScore} or (excluded.best_score = ${progress.bestScore}
    and (excluded.last_submitted_at, excluded.best_submission_id) < ((select ${submissions.submittedAt}
      from ${submissions} where ${submissions.tenantId} = ${progress.tenantId}
        and ${submissions.id} = ${progress.bestSubmissionId}), ${progress.bestSubmissionId})))`;
  return tx
    .insert(progress)
    .values({
      tenantId: p("tenantId"),
      assignmentId: p("assignmentId"),
      studentId: p("studentId"),
      bestScore: p("score"),
      maxScore: p("maxScore"),
      bestSubmissionId: p("submissionId"),
      attempts: attemptsUsed,
      lastSubmittedAt: p("submittedAt"),
      updatedAt: p("now"),
    })
    .onConflictDoUpdate({
      target: [progress.tenantId, progress.assignmentId, progress.studentId],
      set: {
        bestScore: sql`case when ${better} then excluded.best_score else ${progress.bestScore} end`,
        maxScore: sql`case when ${better} then excluded.max_score else ${progress.maxScore} end`,
        bestSubmissionId: sql`case when ${better} then excluded.best_submission_id else ${progress.bestSubmissionId} end`,
        attempts: sql`excluded.attempts`,
        lastSubmittedAt: sql`greatest(${progress.lastSubmittedAt}, excluded.last_submitted_at)`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: bestIsCurrent,
    })
    .returning();
});

export const submissionRepo = (tx: Tx, tenantId: string) => ({
  /**
   * Stores a submission and, when it is stored, its audit entry (`targetId` is the new id), in
   * one statement; with an idempotency key already used, returns the first one instead.
   */
  async insert(
    s: NewSubmission & { createdAt: Date },
    audit: Omit<AuditInput, "targetId">,
  ): Promise<{ row: Submission; created: boolean }> {
    const rows = await insertSubmission(tx, {
      tenantId,
      assignmentId: s.assignmentId,
      studentId: s.studentId,
      source: s.source,
      payload: s.payload,
      payloadBytes: s.payloadBytes,
      idempotencyKey: s.idempotencyKey ?? null,
      submittedAt: s.submittedAt,
      createdAt: s.createdAt,
      ...auditValues(audit),
    });
    if (rows.length > 0) return { row: { ...rows[0], payload: s.payload }, created: true };
    return { row: (await this.byIdempotencyKey(s.idempotencyKey!))!, created: false };
  },
  async byIdempotencyKey(key: string): Promise<Submission | undefined> {
    const [row] = await tx
      .select()
      .from(submissions)
      .where(and(eq(submissions.tenantId, tenantId), eq(submissions.idempotencyKey, key)));
    return row;
  },
  async get(id: string): Promise<Submission | undefined> {
    const [row] = await tx
      .select()
      .from(submissions)
      .where(and(eq(submissions.tenantId, tenantId), eq(submissions.id, id)));
    return row;
  },
  list(f: SubmissionFilter): Promise<Submission[]> {
    const conds = [eq(submissions.tenantId, tenantId)];
    if (f.assignmentId) conds.push(eq(submissions.assignmentId, f.assignmentId));
    if (f.studentId) conds.push(eq(submissions.studentId, f.studentId));
    if (f.status) conds.push(eq(submissions.status, f.status));
    if (f.since) conds.push(gte(submissions.createdAt, f.since));
    if (f.until) conds.push(lte(submissions.createdAt, f.until));
    if (f.after) {
      conds.push(
        or(
          lt(submissions.createdAt, f.after.createdAt),
          and(eq(submissions.createdAt, f.after.createdAt), lt(submissions.id, f.after.id)),
        )!,
      );
    }
    return tx
      .select()
      .from(submissions)
      .where(and(...conds))
      .orderBy(desc(submissions.createdAt), desc(submissions.id))
      .limit(f.limit);
  },
  /** Attempts used and the newest attempt's time (for the attempt limit and the cooldown). */
  async attempts(assignmentId: string, studentId: string): Promise<{ used: number; last?: Date }> {
    const [row] = await tx
      .select({ used: sql<number>`count(*)::int`, last: sql<string | null>`max(${submissions.createdAt})` })
      .from(submissions)
      .where(
        and(
          eq(submissions.tenantId, tenantId),
          eq(submissions.assignmentId, assignmentId),
          eq(submissions.studentId, studentId),
          inArray(submissions.status, COUNTED),
        ),
      );
    return { used: row.used, ...(row.last ? { last: new Date(row.last) } : {}) };
  },
  history(assignmentId: string, studentId: string, limit = 50): Promise<Submission[]> {
    return tx
      .select()
      .from(submissions)
      .where(
        and(
          eq(submissions.tenantId, tenantId),
          eq(submissions.assignmentId, assignmentId),
          eq(submissions.studentId, studentId),
        ),
      )
      .orderBy(desc(submissions.createdAt), desc(submissions.id))
      .limit(limit);
  },
  async setStatus(id: string, status: SubmissionStatus, extra: { error?: string | null; gradedAt?: Date } = {}) {
    await tx
      .update(submissions)
      .set({ status, ...extra })
      .where(and(eq(submissions.tenantId, tenantId), eq(submissions.id, id)));
  },
  /**
   * Records a grading in one statement: the result, the submission's new status and the audit
   * entry. The result comes back without its report, which the caller holds, and `first` says
   * whether it is the submission's first result (no earlier one in the statement's snapshot).
   */
  async recordResult(
    r: NewResult & { createdAt: Date },
    status: SubmissionStatus,
    extra: { error: string | null; gradedAt: Date },
    audit: AuditInput,
  ): Promise<{ result: Result; first: boolean }> {
    const [{ first, ...row }] = await insertResult(tx, {
      tenantId,
      submissionId: r.submissionId,
      gradable: r.gradable,
      score: r.score,
      maxScore: r.maxScore,
      report: r.report,
      graderVersion: r.graderVersion,
      labId: r.labId,
      labVersion: r.labVersion,
      reason: r.reason,
      createdAt: r.createdAt,
      status,
      error: extra.error,
      gradedAt: extra.gradedAt,
      ...auditValues(audit),
    });
    return { result: { ...row, report: r.report }, first };
  },
  /** Results of a submission, newest first (the first is the current one). */
  results(submissionId: string): Promise<Result[]> {
    return tx
      .select()
      .from(results)
      .where(and(eq(results.tenantId, tenantId), eq(results.submissionId, submissionId)))
      .orderBy(desc(results.seq));
  },
  /** The current result of each of these submissions. */
  async currentResults(submissionIds: string[]): Promise<Map<string, Result>> {
    const out = new Map<string, Result>();
    if (submissionIds.length === 0) return out;
    const rows = await tx
      .selectDistinctOn([results.submissionId])
      .from(results)
      .where(and(eq(results.tenantId, tenantId), inArray(results.submissionId, submissionIds)))
      .orderBy(results.submissionId, desc(results.seq));
    for (const r of rows) out.set(r.submissionId, r);
    return out;
  },
  /**
   * Recomputes a student's progress on an assignment from the current result of every graded
   * submission: the best score (the earlier submission wins a tie) and the attempts used. One
   * statement: the tally runs in the database, so a grading reads no rows back however many
   * attempts the student has made (the row is not written when nothing is graded yet).
   */
  async recomputeProgress(assignmentId: string, studentId: string, now: Date): Promise<Progress | undefined> {
    const [row] = await tx
      .insert(progress)
      .select(
        // `materialized`: read once, whatever the planner guesses of its size (an inlined
        // subquery under a nested loop would be sorted again for every submission).
        sql`with graded as materialized (
          select * from (
            select distinct on (${results.submissionId}) ${results.submissionId} as id, ${results.gradable} as gradable,
              ${results.score} as score, ${results.maxScore} as max_score, ${submissions.submittedAt} as submitted_at
            from ${submissions} join ${results}
              on ${results.tenantId} = ${submissions.tenantId} and ${results.submissionId} = ${submissions.id}
            where ${submissions.tenantId} = ${tenantId} and ${submissions.assignmentId} = ${assignmentId}
              and ${submissions.studentId} = ${studentId}
            order by ${results.submissionId}, ${results.seq} desc
          ) as current_result
          where gradable
        )
        select ${tenantId}::uuid, ${assignmentId}::uuid, ${studentId}::uuid, best.score, best.max_score, best.id,
          (select count(*) from ${submissions}
            where ${submissions.tenantId} = ${tenantId} and ${submissions.assignmentId} = ${assignmentId}
              and ${submissions.studentId} = ${studentId} and ${inArray(submissions.status, COUNTED)})::int,
          (select max(graded.submitted_at) from graded), ${sql.param(now, progress.updatedAt)}::timestamptz
        from (select * from graded order by score desc, submitted_at asc, id asc limit 1) as best`,
      )
      .onConflictDoUpdate({
        target: [progress.tenantId, progress.assignmentId, progress.studentId],
        set: {
          bestScore: sql`excluded.best_score`,
          maxScore: sql`excluded.max_score`,
          bestSubmissionId: sql`excluded.best_submission_id`,
          attempts: sql`excluded.attempts`,
          lastSubmittedAt: sql`excluded.last_submitted_at`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      .returning();
    return row;
  },
  /**
   * Brings a student's progress up to date with a submission's first result, in one statement
   * that reads no other result. Progress is written with every result (here or by
   * `recomputeProgress`), so before this one it was the tally of every other submission's
   * current result, which a first result does not change: the best becomes the better of the
   * two (the earlier submission, then the smaller id, wins a tie), the newest graded time the
   * later, and the attempts are counted again. The update is made against the row as the
   * database holds it when this statement takes its lock, so concurrent gradings of one student
   * each add their result. An ungradable result changes only the attempts.
   *
   * The one row that is not such a tally is one whose graded results were all regraded
   * ungradable (the tally then has no best and leaves the row as it was): the row's best is
   * checked to be still its submission's current result, and otherwise, or when there is no row
   * to update, the progress is tallied from every result instead.
   */
  async advanceProgress(
    sub: { id: string; assignmentId: string; studentId: string; submittedAt: Date },
    r: { gradable: boolean; score: number; maxScore: number },
    now: Date,
  ): Promise<Progress | undefined> {
    const key = { tenantId, assignmentId: sub.assignmentId, studentId: sub.studentId, now };
    const [row] = r.gradable
      ? await advanceGraded(tx, {
          ...key,
          score: r.score,
          maxScore: r.maxScore,
          submissionId: sub.id,
          submittedAt: sub.submittedAt,
        })
      : await advanceUngradable(tx, key);
    return row ?? this.recomputeProgress(sub.assignmentId, sub.studentId, now);
  },
  async progressOf(assignmentId: string, studentId: string): Promise<Progress | undefined> {
    const [row] = await tx
      .select()
      .from(progress)
      .where(
        and(
          eq(progress.tenantId, tenantId),
          eq(progress.assignmentId, assignmentId),
          eq(progress.studentId, studentId),
        ),
      );
    return row;
  },
  progressFor(assignmentIds: string[]): Promise<Progress[]> {
    if (assignmentIds.length === 0) return Promise.resolve([]);
    return tx
      .select()
      .from(progress)
      .where(and(eq(progress.tenantId, tenantId), inArray(progress.assignmentId, assignmentIds)));
  },
  /** Submission ids of an assignment (for a regrade of all), oldest first. */
  async idsOf(assignmentId: string, limit: number): Promise<string[]> {
    const rows = await tx
      .select({ id: submissions.id })
      .from(submissions)
      .where(and(eq(submissions.tenantId, tenantId), eq(submissions.assignmentId, assignmentId)))
      .orderBy(asc(submissions.createdAt), asc(submissions.id))
      .limit(limit);
    return rows.map((r) => r.id);
  },
});
