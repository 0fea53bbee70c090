/**
 * Submissions that were stored but never graded (the process died between storing and grading,
 * or a background grading was cut off) are picked up again by the periodic sweep, so a
 * submission never stays `received` or `grading` for good.
 */
import { and, asc, inArray, lte } from "drizzle-orm";
import { submissions } from "../db/schema.ts";
import { withSystem } from "../db/tenant.ts";
import type { Db } from "../db/types.ts";
import { type Grader, gradeStored } from "./grading.ts";

/** A submission still ungraded this long after it arrived is presumed abandoned. */
export const STALE_AFTER_MS = 2 * 60_000;

export async function gradeStaleSubmissions(
  db: Db,
  deps: { now(): Date; log(e: Record<string, unknown>): void; grade?: Grader },
  limit = 10,
): Promise<{ regraded: number; passback: number }> {
  const cutoff = new Date(deps.now().getTime() - STALE_AFTER_MS);
  const stale = await withSystem(db, (tx) =>
    tx
      .select({ id: submissions.id, tenantId: submissions.tenantId })
      .from(submissions)
      .where(and(inArray(submissions.status, ["received", "grading"]), lte(submissions.createdAt, cutoff)))
      .orderBy(asc(submissions.createdAt))
      .limit(limit),
  );
  let passback = 0;
  for (const s of stale) {
    const o = await gradeStored(db, s.tenantId, s.id, {
      now: () => deps.now(),
      reason: "grade",
      actor: "system",
      ...(deps.grade ? { grade: deps.grade } : {}),
    });
    passback += o.passback;
    deps.log({
      level: "warn",
      msg: "graded a stale submission",
      submission: s.id,
      tenant: s.tenantId,
      status: o.status,
    });
  }
  return { regraded: stale.length, passback };
}
