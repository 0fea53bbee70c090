/**
 * `POST /webhooks/lms/:tenant`: an LMS delivers a student's submission, signed with Standard
 * Webhooks. The signature is checked against each of the tenant's integrations (constant time,
 * 5-minute window); a `webhook-id` seen before gets its first outcome back and is never graded
 * twice; the submission is stored, answered with 202 and graded after the response, and the
 * grade goes back through the integration's LTI Assignment and Grade Services.
 */
import type { Hono } from "hono";
import { assignmentRepo, studentRepo } from "../db/repos/catalog.ts";
import { integrationRepo, webhookRepo } from "../db/repos/lms.ts";
import { tenantByRef } from "../db/repos/tenants.ts";
import { withSystem, withTenant } from "../db/tenant.ts";
import type { Submission as SubmissionPayload } from "../grading/types.ts";
import { verifyWebhook } from "../lms/webhook-signature.ts";
import { gradeStored, storeSubmission } from "../service/grading.ts";
import { kickOutbox } from "../service/passback.ts";
import type { AppEnv } from "./context.ts";
import { ApiError, type ErrorCode, problemOf } from "./errors.ts";
import { SubmissionPayload as SubmissionPayloadSchema } from "./v1/schemas.ts";
import { check } from "./validate.ts";

export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

export const LmsEvent = {
  type: "object",
  required: ["type", "data"],
  properties: {
    type: { const: "submission.created" },
    timestamp: { type: "string", maxLength: 40 },
    data: {
      type: "object",
      required: ["user", "submission"],
      additionalProperties: false,
      properties: {
        assignmentId: { type: "string", pattern: "^[0-9a-fA-F-]{36}$" },
        resourceLinkId: { type: "string", minLength: 1, maxLength: 255 },
        user: {
          type: "object",
          required: ["id"],
          additionalProperties: false,
          properties: {
            id: { type: "string", minLength: 1, maxLength: 255, description: "The LTI user id (sub)." },
            name: { type: "string", maxLength: 200 },
            email: { type: "string", maxLength: 320 },
          },
        },
        submittedAt: { type: "string", format: "date-time", maxLength: 40 },
        submission: SubmissionPayloadSchema,
      },
      anyOf: [{ required: ["assignmentId"] }, { required: ["resourceLinkId"] }],
    },
  },
};

interface LmsEventBody {
  type: "submission.created";
  data: {
    assignmentId?: string;
    resourceLinkId?: string;
    user: { id: string; name?: string; email?: string };
    submittedAt?: string;
    submission: SubmissionPayload;
  };
}

export function registerWebhookRoutes(app: Hono<AppEnv>): void {
  app.post("/webhooks/lms/:tenant", async (c) => {
    const { deps } = c.var;
    const db = c.var.db();
    const ref = c.req.param("tenant");
    const tenant = await withSystem(db, (tx) => tenantByRef(tx, ref));
    if (!tenant) throw new ApiError("not_found", "tenant not found");
    c.set("tenantId", tenant.id);
    const body = await c.req.text();
    if (new TextEncoder().encode(body).length > WEBHOOK_BODY_LIMIT) {
      throw new ApiError("too_large", `the delivery is larger than ${WEBHOOK_BODY_LIMIT} bytes`);
    }
    const integrations = (await withTenant(db, tenant.id, (tx) => integrationRepo(tx, tenant.id).list())).filter(
      (i) => !i.disabledAt,
    );
    let verified: { id: string; integrationId: string } | undefined;
    let failure = "the tenant has no active LMS integration";
    for (const i of integrations) {
      const v = await verifyWebhook({ secret: i.webhookSecret, headers: c.req.raw.headers, body, now: deps.now() });
      if (v.ok) {
        verified = { id: v.id, integrationId: i.id };
        break;
      }
      failure = v.detail;
      if (v.code !== "no_matching_signature" && v.code !== "invalid_secret") break;
    }
    if (!verified) throw new ApiError("bad_signature", failure);

    const seen = await withTenant(db, tenant.id, (tx) => webhookRepo(tx, tenant.id).seen(verified.id));
    if (seen) return replay(seen.status, seen.response);

    const answer = async (status: number, response: unknown) => {
      const first = await withTenant(db, tenant.id, async (tx) => {
        const repo = webhookRepo(tx, tenant.id);
        if (await repo.record({ webhookId: verified.id, integrationId: verified.integrationId, status, response })) {
          return undefined;
        }
        return repo.seen(verified.id);
      });
      // Two deliveries of one id raced: both answer with the outcome recorded first.
      return first ? replay(first.status, first.response) : replay(status, response, false);
    };
    const refuse = (code: ErrorCode, detail: string, errors?: { pointer: string; detail: string }[]) => {
      const e = new ApiError(code, detail, errors ? { errors } : {});
      return answer(e.status, problemOf(e, new URL(c.req.url).pathname, c.var.requestId));
    };

    let event: LmsEventBody;
    try {
      event = check<LmsEventBody>(LmsEvent, JSON.parse(body));
    } catch (e) {
      if (e instanceof ApiError) return refuse("invalid", e.message, e.errors);
      return refuse("bad_request", "the delivery is not valid JSON");
    }
    const submittedAt = event.data.submittedAt ? new Date(event.data.submittedAt) : deps.now();
    if (Number.isNaN(submittedAt.getTime())) return refuse("invalid", "data.submittedAt is not a date-time");

    const found = await withTenant(db, tenant.id, async (tx) => {
      const assignments = assignmentRepo(tx, tenant.id);
      const assignment = event.data.assignmentId
        ? await assignments.get(event.data.assignmentId.toLowerCase())
        : await assignments.byExternalId(event.data.resourceLinkId!);
      if (!assignment) return undefined;
      // The LMS roster is the truth: a student the LMS names is created and enrolled on first sight.
      const students = studentRepo(tx, tenant.id);
      const [student] = await students.upsertMany([
        { externalId: event.data.user.id, name: event.data.user.name ?? null, email: event.data.user.email ?? null },
      ]);
      await students.enroll(assignment.courseId, [student.id]);
      return { assignment, student };
    });
    if (!found) return refuse("invalid", "the delivery names no assignment of this tenant");

    const stored = await storeSubmission(db, tenant.id, deps.now(), {
      assignment: found.assignment,
      student: found.student,
      source: "lms",
      payload: event.data.submission,
      idempotencyKey: `lms:${verified.id}`,
      submittedAt,
      actor: `lms:${verified.integrationId}`,
      requestId: c.var.requestId,
    });
    if (!stored.ok) return refuse(stored.refusal.code, stored.refusal.detail);
    const response = { submissionId: stored.submission.id, status: stored.submission.status };
    const res = await answer(202, response);
    if (stored.created) {
      const submissionId = stored.submission.id;
      const handle = deps.openDb();
      deps.waitUntil(
        gradeStored(handle.db, tenant.id, submissionId, {
          now: deps.now,
          reason: "grade",
          actor: `lms:${verified.integrationId}`,
          requestId: c.var.requestId,
          ...(deps.grade ? { grade: deps.grade } : {}),
        })
          .then((o) => {
            if (o.passback) kickOutbox(deps);
          })
          .catch((e) => deps.log({ level: "error", msg: "grading failed", submission: submissionId, error: String(e) }))
          .finally(() => handle.release()),
      );
    }
    return res;
  });
}

function replay(status: number, response: unknown, replayed = true): Response {
  return new Response(JSON.stringify(response), {
    status,
    headers: {
      "content-type": status >= 400 ? "application/problem+json" : "application/json",
      ...(replayed ? { "webhook-replayed": "true" } : {}),
    },
  });
}
