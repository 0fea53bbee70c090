/** Students: list, bulk create-or-update (optionally enrolling them in a course), get. */
import type { Hono } from "hono";
import { courseRepo, studentRepo } from "../../db/repos/catalog.ts";
import { requireKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { isUuid } from "../crypto.ts";
import { ApiError, notFound } from "../errors.ts";
import { jsonBody } from "../validate.ts";
import { studentJson } from "./present.ts";
import { StudentsBulk } from "./schemas.ts";
import { audit, idempotent, idParam, tenantTx } from "./util.ts";

interface BulkBody {
  courseId?: string;
  students: { externalId: string; name?: string; email?: string }[];
}

export function registerStudentApiRoutes(v1: Hono<AppEnv>): void {
  const any = requireKey();
  v1.get("/students", any, async (c) => {
    const courseId = c.req.query("courseId");
    if (courseId !== undefined && !isUuid(courseId)) return c.json({ items: [] });
    const rows = await tenantTx(c, (tx, t) =>
      courseId ? studentRepo(tx, t).enrolled(courseId.toLowerCase()) : studentRepo(tx, t).list(),
    );
    return c.json({ items: rows.map(studentJson) });
  });

  v1.post("/students", any, idempotent, async (c) => {
    const body = await jsonBody<BulkBody>(c, StudentsBulk);
    const seen = new Map<string, number>();
    body.students.forEach((s, i) => {
      const first = seen.get(s.externalId);
      if (first !== undefined) {
        throw new ApiError("invalid", `students ${first} and ${i} have the same externalId "${s.externalId}"`, {
          errors: [{ pointer: `/students/${i}/externalId`, detail: `repeats /students/${first}/externalId` }],
        });
      }
      seen.set(s.externalId, i);
    });
    const rows = await tenantTx(c, async (tx, t) => {
      const courseId = body.courseId?.toLowerCase();
      if (courseId && !(await courseRepo(tx, t).get(courseId))) {
        throw new ApiError("invalid", "courseId names no course of this tenant", {
          errors: [{ pointer: "/courseId", detail: "no such course" }],
        });
      }
      const repo = studentRepo(tx, t);
      const rows = await repo.upsertMany(body.students);
      if (courseId)
        await repo.enroll(
          courseId,
          rows.map((r) => r.id),
        );
      await audit(c, tx, "students.imported", "course", courseId ?? null, { count: rows.length });
      return rows;
    });
    return c.json({ items: rows.map(studentJson) }, 200);
  });

  v1.get("/students/:id", any, async (c) => {
    const id = idParam(c, "id", "student");
    const row = await tenantTx(c, (tx, t) => studentRepo(tx, t).get(id));
    if (!row) throw notFound("student");
    return c.json(studentJson(row));
  });
}
