/** Assignments: list, create (pins the lab's current version), get, update, student links. */
import type { Hono } from "hono";
import { assignmentRepo, courseRepo, type NewAssignment, studentRepo } from "../../db/repos/catalog.ts";
import { integrationRepo } from "../../db/repos/lms.ts";
import { tenantById } from "../../db/repos/tenants.ts";
import type { Tx } from "../../db/types.ts";
import { LabProblem, pinLab } from "../../service/labs.ts";
import { requireKey } from "../auth.ts";
import { type AppEnv, baseUrl } from "../context.ts";
import { isUuid } from "../crypto.ts";
import { ApiError, notFound } from "../errors.ts";
import { signStudentLink } from "../student-link.ts";
import { check, jsonBody } from "../validate.ts";
import { assignmentJson } from "./present.ts";
import { AssignmentCreate, AssignmentUpdate } from "./schemas.ts";
import { audit, conflictOn, dateOrNull, idempotent, idParam, intQuery, tenantTx } from "./util.ts";

interface AssignmentBody {
  courseId: string;
  slug: string;
  title: string;
  lab: string;
  opensAt?: string | null;
  dueAt?: string | null;
  attemptLimit?: number | null;
  cooldownSeconds?: number;
  integrationId?: string | null;
  lineItemUrl?: string | null;
  externalId?: string | null;
}

async function pin(tx: Tx, tenantId: string, lab: string) {
  try {
    return await pinLab(tx, tenantId, lab);
  } catch (e) {
    if (e instanceof LabProblem) {
      throw new ApiError("invalid", e.message, { errors: [{ pointer: "/lab", detail: e.message }] });
    }
    throw e;
  }
}

function checkDates(opensAt: Date | null | undefined, dueAt: Date | null | undefined): void {
  for (const [name, d] of [
    ["opensAt", opensAt],
    ["dueAt", dueAt],
  ] as const) {
    if (d && Number.isNaN(d.getTime())) {
      throw new ApiError("invalid", `${name} is not a valid date-time`, {
        errors: [{ pointer: `/${name}`, detail: "not a valid RFC 3339 date-time" }],
      });
    }
  }
  if (opensAt && dueAt && dueAt <= opensAt) {
    throw new ApiError("invalid", "dueAt must be after opensAt", {
      errors: [{ pointer: "/dueAt", detail: "must be after opensAt" }],
    });
  }
}

export function registerAssignmentRoutes(v1: Hono<AppEnv>): void {
  const any = requireKey();
  v1.get("/assignments", any, async (c) => {
    const courseId = c.req.query("courseId");
    if (courseId !== undefined && !isUuid(courseId)) return c.json({ items: [] });
    const rows = await tenantTx(c, (tx, t) => assignmentRepo(tx, t).list(courseId));
    return c.json({ items: rows.map(assignmentJson) });
  });

  v1.post("/assignments", any, idempotent, async (c) => {
    const body = await jsonBody<AssignmentBody>(c, AssignmentCreate);
    const opensAt = dateOrNull(body.opensAt);
    const dueAt = dateOrNull(body.dueAt);
    checkDates(opensAt, dueAt);
    const row = await tenantTx(c, async (tx, t) => {
      if (!(await courseRepo(tx, t).get(body.courseId.toLowerCase()))) {
        throw new ApiError("invalid", "courseId names no course of this tenant", {
          errors: [{ pointer: "/courseId", detail: "no such course" }],
        });
      }
      if (body.integrationId && !(await integrationRepo(tx, t).get(body.integrationId.toLowerCase()))) {
        throw new ApiError("invalid", "integrationId names no integration of this tenant", {
          errors: [{ pointer: "/integrationId", detail: "no such integration" }],
        });
      }
      const ref = await pin(tx, t, body.lab);
      const row = await assignmentRepo(tx, t)
        .insert({
          courseId: body.courseId.toLowerCase(),
          slug: body.slug,
          title: body.title,
          ...ref,
          opensAt,
          dueAt,
          attemptLimit: body.attemptLimit ?? null,
          cooldownSeconds: body.cooldownSeconds ?? 0,
          integrationId: body.integrationId?.toLowerCase() ?? null,
          lineItemUrl: body.lineItemUrl ?? null,
          externalId: body.externalId ?? null,
        })
        .catch(
          conflictOn({
            assignments_tenant_course_slug_key: `the course has an assignment with slug "${body.slug}"`,
            assignments_tenant_external_key: `an assignment with externalId "${body.externalId}" exists`,
          }),
        );
      await audit(c, tx, "assignment.created", "assignment", row.id, { lab: ref });
      return row;
    });
    return c.json(assignmentJson(row), 201);
  });

  v1.get("/assignments/:id", any, async (c) => {
    const id = idParam(c, "id", "assignment");
    const row = await tenantTx(c, (tx, t) => assignmentRepo(tx, t).get(id));
    if (!row) throw notFound("assignment");
    return c.json(assignmentJson(row));
  });

  v1.patch("/assignments/:id", any, async (c) => {
    const id = idParam(c, "id", "assignment");
    const body = await jsonBody<Partial<AssignmentBody>>(c, AssignmentUpdate);
    const row = await tenantTx(c, async (tx, t) => {
      const repo = assignmentRepo(tx, t);
      const current = await repo.get(id);
      if (!current) throw notFound("assignment");
      const patch: Partial<NewAssignment> = {};
      if (body.title !== undefined) patch.title = body.title;
      if (body.opensAt !== undefined) patch.opensAt = dateOrNull(body.opensAt);
      if (body.dueAt !== undefined) patch.dueAt = dateOrNull(body.dueAt);
      if (body.attemptLimit !== undefined) patch.attemptLimit = body.attemptLimit;
      if (body.cooldownSeconds !== undefined) patch.cooldownSeconds = body.cooldownSeconds;
      if (body.lineItemUrl !== undefined) patch.lineItemUrl = body.lineItemUrl;
      if (body.externalId !== undefined) patch.externalId = body.externalId;
      if (body.integrationId !== undefined) {
        if (body.integrationId && !(await integrationRepo(tx, t).get(body.integrationId.toLowerCase()))) {
          throw new ApiError("invalid", "integrationId names no integration of this tenant", {
            errors: [{ pointer: "/integrationId", detail: "no such integration" }],
          });
        }
        patch.integrationId = body.integrationId?.toLowerCase() ?? null;
      }
      checkDates(
        patch.opensAt !== undefined ? patch.opensAt : current.opensAt,
        patch.dueAt !== undefined ? patch.dueAt : current.dueAt,
      );
      if (body.lab !== undefined) Object.assign(patch, await pin(tx, t, body.lab));
      const row = (await repo
        .update(id, patch)
        .catch(
          conflictOn({ assignments_tenant_external_key: `an assignment with externalId "${body.externalId}" exists` }),
        ))!;
      await audit(c, tx, "assignment.updated", "assignment", id, { fields: Object.keys(patch).sort() });
      return row;
    });
    return c.json(assignmentJson(row));
  });

  /** Signed links for the course's students (or the ones named), to hand out or mail merge. */
  v1.post("/assignments/:id/links", any, async (c) => {
    const id = idParam(c, "id", "assignment");
    const days = intQuery(c, "expiresInDays", 180, 1, 730);
    const text = await c.req.text();
    const body = text
      ? check<{ studentIds?: string[] }>(
          {
            type: "object",
            additionalProperties: false,
            properties: { studentIds: { type: "array", maxItems: 1000, items: { type: "string", maxLength: 255 } } },
          },
          safeJson(text),
        )
      : {};
    const now = c.var.deps.now();
    const exp = Math.floor(now.getTime() / 1000) + days * 86400;
    const base = baseUrl(c);
    const out = await tenantTx(c, async (tx, t) => {
      const a = await assignmentRepo(tx, t).get(id);
      if (!a) throw notFound("assignment");
      const tenant = (await tenantById(tx, t))!;
      const students = studentRepo(tx, t);
      let list = await students.enrolled(a.courseId);
      if (body.studentIds) {
        const wanted = new Set(body.studentIds.map((s) => s.toLowerCase()));
        list = list.filter((s) => wanted.has(s.id) || wanted.has(s.externalId.toLowerCase()));
      }
      const items = [];
      for (const s of list) {
        const token = await signStudentLink(tenant.linkSecret, {
          tenantId: t,
          assignmentId: a.id,
          studentId: s.id,
          exp,
        });
        items.push({
          studentId: s.id,
          externalId: s.externalId,
          url: `${base}/s/${token}`,
          expiresAt: new Date(exp * 1000).toISOString(),
        });
      }
      return items;
    });
    return c.json({ items: out });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "the body is not valid JSON");
  }
}
