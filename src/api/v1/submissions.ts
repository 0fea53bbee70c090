/**
 * Submissions: list (filters, cursor pagination), submit through the API (graded before the
 * response), get one with its result history, its report, regrade one or all of an assignment.
 */
import type { Hono } from "hono";
import { assignmentAndStudent, assignmentRepo } from "../../db/repos/catalog.ts";
import { submissionRepo } from "../../db/repos/submissions.ts";
import { type SubmissionStatus, submissionStatuses } from "../../db/schema.ts";
import { withSystem } from "../../db/tenant.ts";
import type { Db, Tx } from "../../db/types.ts";
import { reportText } from "../../grading/grade.ts";
import type { Report, Submission as SubmissionPayload } from "../../grading/types.ts";
import {
  gradeStored,
  type SubmitInput,
  type SubmitOutcome,
  storeSubmission,
  storeSubmissionIn,
} from "../../service/grading.ts";
import { kickOutbox } from "../../service/passback.ts";
import { actorOf, type DeferredKey, requireKey, requireKeyInRoute } from "../auth.ts";
import type { AppEnv, Ctx } from "../context.ts";
import { base64url, fromBase64url, isUuid } from "../crypto.ts";
import { ApiError, notFound } from "../errors.ts";
import { jsonBody } from "../validate.ts";
import { resultJson, submissionJson } from "./present.ts";
import { LIMITS, SubmissionCreate } from "./schemas.ts";
import { idempotent, idParam, intQuery, tenantTx } from "./util.ts";

function cursorOf(s: { createdAt: Date; id: string }): string {
  return base64url(new TextEncoder().encode(`${s.createdAt.toISOString()}|${s.id}`));
}

function readCursor(raw: string): { createdAt: Date; id: string } {
  const bytes = fromBase64url(raw);
  const [at, id] = bytes ? new TextDecoder().decode(bytes).split("|") : [];
  const createdAt = new Date(at ?? "");
  if (!isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw new ApiError("invalid", "cursor is not one this API returned", {
      errors: [{ pointer: "cursor", detail: "not a cursor from a previous page" }],
    });
  }
  return { createdAt, id };
}

function dateQuery(c: Ctx, name: string): Date | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime()) || raw.length > 40) {
    throw new ApiError("invalid", `query parameter ${name} must be an RFC 3339 date-time`, {
      errors: [{ pointer: name, detail: "not a date-time" }],
    });
  }
  return d;
}

export function registerSubmissionRoutes(v1: Hono<AppEnv>): void {
  const any = requireKey();

  v1.get("/submissions", any, async (c) => {
    const limit = intQuery(c, "limit", 50, 1, LIMITS.pageSize);
    const status = c.req.query("status");
    if (status !== undefined && !submissionStatuses.includes(status as SubmissionStatus)) {
      throw new ApiError("invalid", `status must be one of ${submissionStatuses.join(", ")}`, {
        errors: [{ pointer: "status", detail: `one of ${submissionStatuses.join(", ")}` }],
      });
    }
    const assignmentId = c.req.query("assignmentId");
    const studentId = c.req.query("studentId");
    const cursor = c.req.query("cursor");
    if ((assignmentId !== undefined && !isUuid(assignmentId)) || (studentId !== undefined && !isUuid(studentId))) {
      return c.json({ items: [], nextCursor: null });
    }
    const since = dateQuery(c, "since");
    const until = dateQuery(c, "until");
    const { rows, current } = await tenantTx(c, async (tx, t) => {
      const repo = submissionRepo(tx, t);
      const rows = await repo.list({
        ...(assignmentId ? { assignmentId: assignmentId.toLowerCase() } : {}),
        ...(studentId ? { studentId: studentId.toLowerCase() } : {}),
        ...(status ? { status: status as SubmissionStatus } : {}),
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
        ...(cursor ? { after: readCursor(cursor) } : {}),
        limit: limit + 1,
      });
      return { rows, current: await repo.currentResults(rows.slice(0, limit).map((r) => r.id)) };
    });
    const page = rows.slice(0, limit);
    return c.json({
      items: page.map((s) => submissionJson(s, current.get(s.id))),
      nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null,
    });
  });

  v1.post("/submissions", requireKeyInRoute(), idempotent, async (c) => {
    const deferred = c.var.deferredKey;
    // With the key's statements left to this route, the body is judged after them: a request
    // whose key is not valid is refused as such whatever its body, and a bad body is counted.
    const parsed = await jsonBody<{ assignmentId: string; studentId: string; submission: SubmissionPayload }>(
      c,
      SubmissionCreate,
    ).then(
      (body) => ({ body }),
      (error: unknown) => ({ error }),
    );
    if (!deferred && "error" in parsed) throw parsed.error;
    const { deps } = c.var;
    const db = c.var.db();
    const key = c.req.header("idempotency-key");
    const now = deps.now();
    // The assignment and the student are read in the transaction that stores the submission.
    const input = async (tx: Tx): Promise<SubmitInput> => {
      if ("error" in parsed) throw parsed.error;
      const body = parsed.body;
      const tenantId = c.var.tenantId;
      const { assignment, student } = await assignmentAndStudent(
        tx,
        tenantId,
        body.assignmentId.toLowerCase(),
        isUuid(body.studentId) ? { id: body.studentId.toLowerCase() } : { externalId: body.studentId },
      );
      if (!assignment) {
        throw new ApiError("invalid", "assignmentId names no assignment of this tenant", {
          errors: [{ pointer: "/assignmentId", detail: "no such assignment" }],
        });
      }
      if (!student) {
        throw new ApiError("invalid", "studentId names no student of this tenant", {
          errors: [{ pointer: "/studentId", detail: "no such student (create it with POST /api/v1/students)" }],
        });
      }
      return {
        assignment,
        student,
        source: "api",
        payload: body.submission,
        idempotencyKey: key ? `api:${key}` : null,
        actor: actorOf(c),
        requestId: c.var.requestId,
      };
    };
    const stored = deferred
      ? await authenticateAndStore(db, deferred, now, input)
      : await storeSubmission(db, c.var.tenantId, now, input);
    if (!stored.ok) {
      const r = stored.refusal;
      throw new ApiError(r.code, r.detail, {
        ...(r.code === "cooldown" ? { headers: { "retry-after": String(r.retryAfterSeconds) } } : {}),
      });
    }
    if (stored.created) {
      const outcome = await gradeStored(db, c.var.tenantId, stored.submission.id, {
        now: deps.now,
        reason: "grade",
        actor: actorOf(c),
        requestId: c.var.requestId,
        known: { submission: stored.submission, assignment: stored.assignment, student: stored.student },
        ...(deps.grade ? { grade: deps.grade } : {}),
      });
      if (outcome.passback) kickOutbox(deps);
      // The grading just wrote the submission's state and its only result: answer from them
      // rather than reading them back.
      if (outcome.submission) {
        return c.json({ ...submissionJson(outcome.submission, outcome.result), report: outcome.report ?? null }, 201);
      }
    }
    const { sub, current } = await tenantTx(c, async (tx, t) => {
      const repo = submissionRepo(tx, t);
      const sub = (await repo.get(stored.submission.id))!;
      return { sub, current: (await repo.results(sub.id))[0] };
    });
    return c.json({ ...submissionJson(sub, current), report: (current?.report as Report | undefined) ?? null }, 201);
  });

  v1.get("/submissions/:id", any, async (c) => {
    const id = idParam(c, "id", "submission");
    const found = await tenantTx(c, async (tx, t) => {
      const repo = submissionRepo(tx, t);
      const sub = await repo.get(id);
      return sub && { sub, results: await repo.results(id) };
    });
    if (!found) throw notFound("submission");
    return c.json({
      ...submissionJson(found.sub, found.results[0]),
      payload: found.sub.payload,
      results: found.results.map(resultJson),
    });
  });

  v1.get("/submissions/:id/report", any, async (c) => {
    const id = idParam(c, "id", "submission");
    const results = await tenantTx(c, async (tx, t) => {
      const repo = submissionRepo(tx, t);
      return (await repo.get(id)) ? repo.results(id) : undefined;
    });
    if (!results) throw notFound("submission");
    if (results.length === 0) throw new ApiError("not_found", "the submission has no report yet (not graded)");
    const report = results[0].report as Report;
    if (c.req.query("format") === "text") return c.text(reportText(report));
    return c.json(report);
  });

  v1.post("/submissions/:id/regrade", any, async (c) => {
    const id = idParam(c, "id", "submission");
    const exists = await tenantTx(c, (tx, t) => submissionRepo(tx, t).get(id));
    if (!exists) throw notFound("submission");
    const { deps } = c.var;
    const outcome = await gradeStored(c.var.db(), c.var.tenantId, id, {
      now: deps.now,
      reason: "regrade",
      actor: actorOf(c),
      requestId: c.var.requestId,
      ...(deps.grade ? { grade: deps.grade } : {}),
    });
    if (outcome.passback) kickOutbox(deps);
    const { sub, results } = await tenantTx(c, async (tx, t) => {
      const repo = submissionRepo(tx, t);
      return { sub: (await repo.get(id))!, results: await repo.results(id) };
    });
    return c.json({ ...submissionJson(sub, results[0]), results: results.map(resultJson) });
  });

  v1.post("/assignments/:id/regrade", any, async (c) => {
    const id = idParam(c, "id", "assignment");
    const ids = await tenantTx(c, async (tx, t) => {
      if (!(await assignmentRepo(tx, t).get(id))) throw notFound("assignment");
      return submissionRepo(tx, t).idsOf(id, LIMITS.regradeAll + 1);
    });
    if (ids.length > LIMITS.regradeAll) {
      throw new ApiError(
        "invalid",
        `the assignment has more than ${LIMITS.regradeAll} submissions; regrade them one by one or by filter`,
      );
    }
    const { deps } = c.var;
    const counts = { regraded: 0, graded: 0, ungradable: 0, failed: 0 };
    let passback = 0;
    for (const sid of ids) {
      const o = await gradeStored(c.var.db(), c.var.tenantId, sid, {
        now: deps.now,
        reason: "regrade",
        actor: actorOf(c),
        requestId: c.var.requestId,
        ...(deps.grade ? { grade: deps.grade } : {}),
      });
      counts.regraded++;
      counts[o.status]++;
      passback += o.passback;
    }
    if (passback) kickOutbox(deps);
    return c.json(counts);
  });
}

/**
 * One transaction from the API key to the stored submission: the key is looked up in the system
 * context, its request counted, and the submission stored as its tenant. A refusal on the way
 * (the key, its role, its rate limit, the body, the assignment or student it names) is thrown
 * once the transaction is committed, so the request stays counted and nothing is stored; a
 * transaction that fails takes the count with it, and the request is counted again on its own.
 */
async function authenticateAndStore(
  db: Db,
  deferred: DeferredKey,
  now: Date,
  input: (tx: Tx) => Promise<SubmitInput>,
): Promise<SubmitOutcome> {
  let outcome: { stored: SubmitOutcome } | { refused: ApiError };
  try {
    outcome = await withSystem(db, async (tx) => {
      try {
        const key = deferred.admit(await deferred.lookUp(tx));
        return { stored: await storeSubmissionIn(tx, key.tenantId, now, input) };
      } catch (e) {
        if (e instanceof ApiError) return { refused: e };
        throw e;
      }
    });
  } catch (e) {
    await withSystem(db, (tx) => deferred.lookUp(tx)).catch(() => {});
    throw e;
  }
  if ("refused" in outcome) throw outcome.refused;
  return outcome.stored;
}
