/**
 * A course's gradebook: every enrolled student's best score per assignment, as JSON or CSV
 * (`?format=csv` or `Accept: text/csv`), ready for a spreadsheet or an LMS import.
 */
import type { Hono } from "hono";
import { assignmentRepo, courseRepo, studentRepo } from "../../db/repos/catalog.ts";
import { submissionRepo } from "../../db/repos/submissions.ts";
import { requireKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { notFound } from "../errors.ts";
import { idParam, tenantTx } from "./util.ts";

/** A CSV cell: quoted when needed, and never a formula a spreadsheet would run (CWE-1236). */
export function csvCell(v: string | number | null): string {
  if (v === null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function registerGradebookRoute(v1: Hono<AppEnv>): void {
  v1.get("/courses/:id/gradebook", requireKey(), async (c) => {
    const id = idParam(c, "id", "course");
    const book = await tenantTx(c, async (tx, t) => {
      const course = await courseRepo(tx, t).get(id);
      if (!course) throw notFound("course");
      const assignments = await assignmentRepo(tx, t).list(id);
      const students = await studentRepo(tx, t).enrolled(id);
      const progress = await submissionRepo(tx, t).progressFor(assignments.map((a) => a.id));
      return { course, assignments, students, progress };
    });
    const cell = new Map(book.progress.map((p) => [`${p.assignmentId}|${p.studentId}`, p]));
    const rows = book.students.map((s) => {
      const scores: Record<string, { best: number; max: number; attempts: number } | null> = {};
      let total = 0;
      for (const a of book.assignments) {
        const p = cell.get(`${a.id}|${s.id}`);
        scores[a.id] = p ? { best: p.bestScore, max: p.maxScore, attempts: p.attempts } : null;
        total += p?.bestScore ?? 0;
      }
      return { student: { id: s.id, externalId: s.externalId, name: s.name, email: s.email }, scores, total };
    });
    const wantsCsv = c.req.query("format") === "csv" || (c.req.header("accept") ?? "").includes("text/csv");
    if (!wantsCsv) {
      return c.json({
        course: { id: book.course.id, code: book.course.code, title: book.course.title },
        assignments: book.assignments.map((a) => ({ id: a.id, slug: a.slug, title: a.title })),
        rows,
      });
    }
    const header = ["externalId", "name", "email", ...book.assignments.map((a) => a.slug), "total"];
    const lines = [header.map(csvCell).join(",")];
    for (const r of rows) {
      lines.push(
        [
          r.student.externalId,
          r.student.name,
          r.student.email,
          ...book.assignments.map((a) => r.scores[a.id]?.best ?? null),
          r.total,
        ]
          .map(csvCell)
          .join(","),
      );
    }
    return c.body(`${lines.join("\r\n")}\r\n`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${book.course.code.replace(/[^A-Za-z0-9._-]/g, "_")}-gradebook.csv"`,
    });
  });
}
