/** Courses: list, create, get. */
import type { Hono } from "hono";
import { courseRepo } from "../../db/repos/catalog.ts";
import { requireKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { notFound } from "../errors.ts";
import { jsonBody } from "../validate.ts";
import { courseJson } from "./present.ts";
import { CourseCreate } from "./schemas.ts";
import { audit, conflictOn, idempotent, idParam, tenantTx } from "./util.ts";

export function registerCourseRoutes(v1: Hono<AppEnv>): void {
  const any = requireKey();
  v1.get("/courses", any, async (c) => {
    const rows = await tenantTx(c, (tx, t) => courseRepo(tx, t).list());
    return c.json({ items: rows.map(courseJson) });
  });
  v1.post("/courses", any, idempotent, async (c) => {
    const body = await jsonBody<{ code: string; title: string; externalId?: string }>(c, CourseCreate);
    const row = await tenantTx(c, async (tx, t) => {
      const row = await courseRepo(tx, t)
        .insert(body)
        .catch(
          conflictOn({
            courses_tenant_code_key: `a course with code "${body.code}" exists`,
            courses_tenant_external_key: `a course with externalId "${body.externalId}" exists`,
          }),
        );
      await audit(c, tx, "course.created", "course", row.id);
      return row;
    });
    return c.json(courseJson(row), 201);
  });
  v1.get("/courses/:id", any, async (c) => {
    const id = idParam(c, "id", "course");
    const row = await tenantTx(c, (tx, t) => courseRepo(tx, t).get(id));
    if (!row) throw notFound("course");
    return c.json(courseJson(row));
  });
}
