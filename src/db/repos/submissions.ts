/** Submissions, their results (one per grading, history kept) and each student's progress. */
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import { progress, results, type SubmissionStatus, submissions } from "../schema.ts";
import type { Tx } from "../types.ts";

export type Submission = typeof submissions.$inferSelect;
export type Result = typeof results.$inferSelect;
export type Progress = typeof progress.$inferSelect;
export type NewSubmission = Omit<typeof submissions.$inferInsert, "tenantId" | "id" | "status">;

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

export const submissionRepo = (tx: Tx, tenantId: string) => ({
  /** Stores a submission; with an idempotency key already used, returns the first one instead. */
  async insert(s: NewSubmission): Promise<{ row: Submission; created: boolean }> {
    const rows = await tx
      .insert(submissions)
      .values({ ...s, tenantId })
      .onConflictDoNothing({ target: [submissions.tenantId, submissions.idempotencyKey] })
      .returning();
    if (rows.length > 0) return { row: rows[0], created: true };
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
  async addResult(r: Omit<typeof results.$inferInsert, "tenantId" | "id">): Promise<Result> {
    const [row] = await tx
      .insert(results)
      .values({ ...r, tenantId })
      .returning();
    return row;
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
   * submission: the best score (the earlier submission wins a tie) and the attempts used.
   */
  async recomputeProgress(assignmentId: string, studentId: string, now: Date): Promise<Progress | undefined> {
    // Only the columns the tally needs: every attempt's payload and report would otherwise be
    // read and parsed on every grading, a cost that grows with the attempts.
    const subs = await tx
      .select({ id: submissions.id, status: submissions.status, submittedAt: submissions.submittedAt })
      .from(submissions)
      .where(
        and(
          eq(submissions.tenantId, tenantId),
          eq(submissions.assignmentId, assignmentId),
          eq(submissions.studentId, studentId),
        ),
      )
      .orderBy(asc(submissions.submittedAt), asc(submissions.id));
    const current = new Map<string, Pick<Result, "gradable" | "score" | "maxScore">>();
    const rows = await tx
      .selectDistinctOn([results.submissionId], {
        submissionId: results.submissionId,
        gradable: results.gradable,
        score: results.score,
        maxScore: results.maxScore,
      })
      .from(results)
      .innerJoin(submissions, and(eq(submissions.tenantId, results.tenantId), eq(submissions.id, results.submissionId)))
      .where(
        and(
          eq(results.tenantId, tenantId),
          eq(submissions.assignmentId, assignmentId),
          eq(submissions.studentId, studentId),
        ),
      )
      .orderBy(results.submissionId, desc(results.seq));
    for (const r of rows) current.set(r.submissionId, r);
    let best: { sub: (typeof subs)[number]; r: Pick<Result, "score" | "maxScore"> } | undefined;
    let attempts = 0;
    let last: Date | undefined;
    for (const sub of subs) {
      if (COUNTED.includes(sub.status)) attempts++;
      const r = current.get(sub.id);
      if (!r?.gradable) continue;
      if (!last || sub.submittedAt > last) last = sub.submittedAt;
      if (!best || r.score > best.r.score) best = { sub, r };
    }
    if (!best) return undefined;
    const values = {
      tenantId,
      assignmentId,
      studentId,
      bestScore: best.r.score,
      maxScore: best.r.maxScore,
      bestSubmissionId: best.sub.id,
      attempts,
      lastSubmittedAt: last!,
      updatedAt: now,
    };
    const [row] = await tx
      .insert(progress)
      .values(values)
      .onConflictDoUpdate({ target: [progress.tenantId, progress.assignmentId, progress.studentId], set: values })
      .returning();
    return row;
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
