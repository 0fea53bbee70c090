/**
 * A student's progress, tallied in the database in one statement, against the tally written out
 * in TypeScript: the best current score of a gradable result (the earlier submission, then the
 * smaller id, wins a tie), the attempts that count (received, grading, graded) and the newest
 * graded submission, over seeded random histories full of ties, regrades, ungradable results
 * and submissions in every status.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NodeDatabase, openNodeDatabase } from "../../src/db/node.ts";
import { assignmentRepo, courseRepo, studentRepo } from "../../src/db/repos/catalog.ts";
import { type Progress, submissionRepo } from "../../src/db/repos/submissions.ts";
import { insertTenant } from "../../src/db/repos/tenants.ts";
import { results, type SubmissionStatus, submissionStatuses, submissions } from "../../src/db/schema.ts";
import { withSystem, withTenant } from "../../src/db/tenant.ts";
import type { Tx } from "../../src/db/types.ts";

let database: NodeDatabase;
let tenantId: string;
let assignmentId: string;
let otherAssignmentId: string;
let studentIds: string[];

beforeAll(async () => {
  database = await openNodeDatabase({});
  const tenant = await withSystem(database.db, (tx) =>
    insertTenant(tx, { slug: "progress", name: "Progress", linkSecret: "x".repeat(32) }),
  );
  tenantId = tenant.id;
  await withTenant(database.db, tenantId, async (tx) => {
    const course = await courseRepo(tx, tenantId).insert({ code: "P1", title: "Progress" });
    const pinned = { labId: "single-pod", labSource: "catalogue" as const, labVersion: "v1" };
    const a = assignmentRepo(tx, tenantId);
    assignmentId = (await a.insert({ courseId: course.id, slug: "a", title: "A", ...pinned })).id;
    otherAssignmentId = (await a.insert({ courseId: course.id, slug: "b", title: "B", ...pinned })).id;
    const students = await studentRepo(tx, tenantId).upsertMany(
      Array.from({ length: 25 }, (_, i) => ({ externalId: `s${i}` })),
    );
    studentIds = students.map((s) => s.id);
  });
}, 120_000);
afterAll(() => database?.close());

/** mulberry32: the same histories on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = { id: string; status: SubmissionStatus; submittedAt: Date };
type Current = { gradable: boolean; score: number; maxScore: number };

/** The tally as the service computed it in TypeScript before it moved into the database. */
function expected(
  subs: Row[],
  current: Map<string, Current>,
): Omit<Progress, "tenantId" | "assignmentId" | "studentId" | "updatedAt"> | undefined {
  const ordered = [...subs].sort(
    (x, y) => x.submittedAt.getTime() - y.submittedAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  let best: { sub: Row; r: Current } | undefined;
  let attempts = 0;
  let last: Date | undefined;
  for (const sub of ordered) {
    if (sub.status === "received" || sub.status === "grading" || sub.status === "graded") attempts++;
    const r = current.get(sub.id);
    if (!r?.gradable) continue;
    if (!last || sub.submittedAt > last) last = sub.submittedAt;
    if (!best || r.score > best.r.score) best = { sub, r };
  }
  if (!best) return undefined;
  return {
    bestScore: best.r.score,
    maxScore: best.r.maxScore,
    bestSubmissionId: best.sub.id,
    attempts,
    lastSubmittedAt: last!,
  };
}

const base = Date.parse("2026-03-02T09:00:00.000Z");

/** The student's submissions to the assignment and each one's current result, read back. */
async function history(tx: Tx, studentId: string) {
  const subs: Row[] = await tx
    .select({ id: submissions.id, status: submissions.status, submittedAt: submissions.submittedAt })
    .from(submissions)
    .where(
      and(
        eq(submissions.tenantId, tenantId),
        eq(submissions.assignmentId, assignmentId),
        eq(submissions.studentId, studentId),
      ),
    );
  const all = subs.length
    ? await tx
        .select()
        .from(results)
        .where(
          inArray(
            results.submissionId,
            subs.map((s) => s.id),
          ),
        )
    : [];
  const current = new Map<string, Current & { seq: number }>();
  for (const r of all) {
    const seen = current.get(r.submissionId);
    if (!seen || r.seq > seen.seq) current.set(r.submissionId, r);
  }
  return { subs, current };
}

async function newSubmission(tx: Tx, studentId: string, status: SubmissionStatus, rand: () => number) {
  const [sub] = await tx
    .insert(submissions)
    .values({
      tenantId,
      assignmentId,
      studentId,
      source: "api",
      payload: {},
      payloadBytes: 2,
      // Few distinct times, so that ties on the submission time are common.
      submittedAt: new Date(base + Math.floor(rand() * 4) * 1000),
      status,
    })
    .returning();
  return sub;
}

describe("progress", () => {
  it("recomputeProgress matches the tally written out, over 120 random histories", async () => {
    const rand = prng(20260302);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    let written = 0;
    for (let round = 0; round < 120; round++) {
      const studentId = studentIds[round % 12];
      const now = new Date(base + round * 60_000);
      const outcome = await withTenant(database.db, tenantId, async (tx) => {
        // Attempts of this student on the other assignment must not count.
        if (rand() < 0.3) {
          await tx.insert(submissions).values({
            tenantId,
            assignmentId: otherAssignmentId,
            studentId,
            source: "api",
            payload: {},
            payloadBytes: 2,
            submittedAt: new Date(base),
            status: "graded",
          });
        }
        const n = Math.floor(rand() * 5);
        for (let i = 0; i < n; i++) {
          const sub = await newSubmission(tx, studentId, pick(submissionStatuses), rand);
          // Zero to three gradings; the newest is the current one (a regrade can lower a score).
          const gradings = Math.floor(rand() * 4);
          for (let g = 0; g < gradings; g++) {
            await tx.insert(results).values({
              tenantId,
              submissionId: sub.id,
              gradable: rand() < 0.75,
              score: pick([0, 2.5, 5, 10, 1 / 3]),
              maxScore: 10,
              report: {},
              graderVersion: "t",
              labId: "single-pod",
              labVersion: "v1",
              reason: g === 0 ? "grade" : "regrade",
            });
          }
        }
        const { subs, current } = await history(tx, studentId);
        const before = await submissionRepo(tx, tenantId).progressOf(assignmentId, studentId);
        const got = await submissionRepo(tx, tenantId).recomputeProgress(assignmentId, studentId, now);
        const stored = await submissionRepo(tx, tenantId).progressOf(assignmentId, studentId);
        return { want: expected(subs, current), got, before, stored };
      });
      if (outcome.want) {
        written++;
        const row = { tenantId, assignmentId, studentId, ...outcome.want, updatedAt: now };
        expect(outcome.got).toEqual(row);
        expect(outcome.stored).toEqual(row);
      } else {
        // Nothing graded yet: no row is returned and an earlier row is left as it was.
        expect(outcome.got).toBeUndefined();
        expect(outcome.stored).toEqual(outcome.before);
      }
    }
    // The histories exercised both branches.
    expect(written).toBeGreaterThan(20);
    expect(written).toBeLessThan(120);
  });

  it("a grading's result, first or not, leaves the progress a full tally would, over 400 random steps", async () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const paths = { advanced: 0, recomputed: 0 };
    for (let step = 0; step < 400; step++) {
      const studentId = studentIds[12 + (step % 12)];
      const now = new Date(base + step * 60_000);
      const outcome = await withTenant(database.db, tenantId, async (tx) => {
        const repo = submissionRepo(tx, tenantId);
        const { subs, current } = await history(tx, studentId);
        const action = rand();
        if (action < 0.25 || subs.length === 0) {
          // Stored, not graded yet (received), or a grading that failed.
          await newSubmission(tx, studentId, pick(["received", "received", "failed"] as const), rand);
          return undefined;
        }
        if (action < 0.3) {
          await repo.setStatus(pick(subs).id, "failed", { error: "the grader failed" });
          return undefined;
        }
        const ungraded = subs.filter((s) => !current.has(s.id));
        // A first grading of a submission without a result, or a regrade of one with results;
        // mostly gradable, and now and then all of a student's results turn ungradable.
        const sub = ungraded.length > 0 && rand() < 0.6 ? pick(ungraded) : pick(subs);
        const gradable = rand() < (step % 50 < 5 ? 0 : 0.8);
        const score = pick([0, 2.5, 5, 10, 1 / 3]);
        const { result, first } = await repo.recordResult(
          {
            submissionId: sub.id,
            gradable,
            score,
            maxScore: 10,
            report: {},
            graderVersion: "t",
            labId: "single-pod",
            labVersion: "v1",
            reason: current.has(sub.id) ? "regrade" : "grade",
            createdAt: now,
          },
          gradable ? "graded" : "ungradable",
          { error: null, gradedAt: now },
          { actor: "test", action: "submission.graded", targetType: "submission", targetId: sub.id, at: now },
        );
        expect(first).toBe(!current.has(sub.id));
        const before = await repo.progressOf(assignmentId, studentId);
        const full = { ...sub, assignmentId, studentId };
        const got = first
          ? await repo.advanceProgress(full, result, now)
          : await repo.recomputeProgress(assignmentId, studentId, now);
        const stored = await repo.progressOf(assignmentId, studentId);
        const after = await history(tx, studentId);
        return { first, want: expected(after.subs, after.current), got, before, stored };
      });
      if (!outcome) continue;
      if (outcome.first) paths.advanced++;
      else paths.recomputed++;
      if (outcome.want) {
        const row = { tenantId, assignmentId, studentId: expect.any(String), ...outcome.want, updatedAt: now };
        expect(outcome.got).toEqual(row);
        expect(outcome.stored).toEqual(outcome.got);
      } else {
        expect(outcome.got).toBeUndefined();
        expect(outcome.stored).toEqual(outcome.before);
      }
    }
    // Both ways of writing progress ran.
    expect(paths.advanced).toBeGreaterThan(50);
    expect(paths.recomputed).toBeGreaterThan(50);
  });

  it("a row left without a best (every result regraded ungradable) is tallied again, not added to", async () => {
    const studentId = studentIds[24];
    const at = (minutes: number) => new Date(base + minutes * 60_000);
    const grade = (tx: Tx, sub: { id: string; submittedAt: Date }, gradable: boolean, score: number, now: Date) =>
      submissionRepo(tx, tenantId).recordResult(
        {
          submissionId: sub.id,
          gradable,
          score,
          maxScore: 10,
          report: {},
          graderVersion: "t",
          labId: "single-pod",
          labVersion: "v1",
          reason: "grade",
          createdAt: now,
        },
        gradable ? "graded" : "ungradable",
        { error: null, gradedAt: now },
        { actor: "test", action: "submission.graded", targetType: "submission", targetId: sub.id, at: now },
      );
    const insert = (tx: Tx, minute: number) =>
      tx
        .insert(submissions)
        .values({
          tenantId,
          assignmentId,
          studentId,
          source: "api",
          payload: {},
          payloadBytes: 2,
          submittedAt: at(minute),
          status: "received",
        })
        .returning()
        .then(([row]) => ({ ...row, assignmentId, studentId }));
    await withTenant(database.db, tenantId, async (tx) => {
      const repo = submissionRepo(tx, tenantId);
      const first = await insert(tx, 1);
      const r1 = await grade(tx, first, true, 10, at(1));
      expect(await repo.advanceProgress(first, r1.result, at(1))).toMatchObject({ bestScore: 10, attempts: 1 });
      // The regrade finds the submission ungradable: no best, and the row stays as it was.
      const regraded = await grade(tx, first, false, 0, at(2));
      expect(regraded.first).toBe(false);
      expect(await repo.recomputeProgress(assignmentId, studentId, at(2))).toBeUndefined();
      expect(await repo.progressOf(assignmentId, studentId)).toMatchObject({
        bestScore: 10,
        bestSubmissionId: first.id,
      });
      // An ungradable first result leaves it as the full tally leaves it: untouched.
      const second = await insert(tx, 3);
      const r2 = await grade(tx, second, false, 0, at(3));
      expect(await repo.advanceProgress(second, r2.result, at(3))).toBeUndefined();
      expect(await repo.progressOf(assignmentId, studentId)).toMatchObject({ bestScore: 10, updatedAt: at(1) });
      // A weaker graded result becomes the best, as the full tally says, not the stale 10 (and
      // the attempts are the one graded: an ungradable submission uses none).
      const third = await insert(tx, 4);
      const r3 = await grade(tx, third, true, 5, at(4));
      const row = { bestScore: 5, bestSubmissionId: third.id, attempts: 1, lastSubmittedAt: at(4), updatedAt: at(4) };
      expect(await repo.advanceProgress(third, r3.result, at(4))).toMatchObject(row);
      expect(await repo.progressOf(assignmentId, studentId)).toMatchObject(row);
    });
  });
});
