/**
 * The student form, reached by a signed link: `GET /s/:token` shows the assignment (instructions,
 * form, attempts, progress), `POST /s/:token` takes a submission (pasted or uploaded manifests,
 * a transcript), grades it and redirects to its report, `GET /s/:token/submissions/:id` shows a
 * report. Server-rendered; works without JavaScript.
 */
import type { Hono } from "hono";
import { assignmentRepo, studentRepo } from "../../db/repos/catalog.ts";
import { submissionRepo } from "../../db/repos/submissions.ts";
import { type Tenant, tenantById } from "../../db/repos/tenants.ts";
import { withSystem, withTenant } from "../../db/tenant.ts";
import { renderTemplate, resolveParameters } from "../../grading/lab/parameters.ts";
import type { Report } from "../../grading/types.ts";
import { gradeStored, refusalFor, storeSubmission } from "../../service/grading.ts";
import { pinnedLab } from "../../service/labs.ts";
import { kickOutbox } from "../../service/passback.ts";
import { renderAssignmentPage } from "../../web/assignment-page.ts";
import { PAGE_CONTENT_SECURITY_POLICY } from "../../web/layout.ts";
import { renderReportPage } from "../../web/report-page.ts";
import type { AttemptView, SubmissionFormValues } from "../../web/view-models.ts";
import { type AppEnv, type Ctx, setResponseHeader } from "../context.ts";
import { isUuid } from "../crypto.ts";
import { ApiError } from "../errors.ts";
import { csrfToken, readStudentLink, verifyCsrf, verifyStudentLink } from "../student-link.ts";
import { formSubmission } from "./form.ts";

interface LinkContext {
  tenant: Tenant;
  token: string;
  assignmentId: string;
  studentId: string;
}

/** A link that is malformed, altered, expired or names nothing reads the same: not found. */
async function openLink(c: Ctx): Promise<LinkContext> {
  const token = c.req.param("token") ?? "";
  const claims = readStudentLink(token);
  const gone = new ApiError("not_found", "this assignment link is not valid: ask your instructor for a new one");
  if (!claims) throw gone;
  const tenant = await withSystem(c.var.db(), (tx) => tenantById(tx, claims.tenantId));
  if (!tenant || !(await verifyStudentLink(tenant.linkSecret, claims))) throw gone;
  if (claims.exp * 1000 < c.var.deps.now().getTime()) {
    throw new ApiError("not_found", "this assignment link has expired: ask your instructor for a new one");
  }
  c.set("tenantId", tenant.id);
  return { tenant, token, assignmentId: claims.assignmentId, studentId: claims.studentId };
}

async function assignmentPage(
  c: Ctx,
  link: LinkContext,
  extra: { errors?: string[]; values?: SubmissionFormValues; status?: number } = {},
): Promise<Response> {
  const now = c.var.deps.now();
  const t = link.tenant.id;
  const data = await withTenant(c.var.db(), t, async (tx) => {
    const assignment = await assignmentRepo(tx, t).get(link.assignmentId);
    const student = await studentRepo(tx, t).get(link.studentId);
    if (!assignment || !student) return undefined;
    const subs = submissionRepo(tx, t);
    const history = await subs.history(assignment.id, student.id);
    return {
      assignment,
      student,
      lab: await pinnedLab(tx, t, assignment),
      attempts: await subs.attempts(assignment.id, student.id),
      history,
      progress: await subs.progressOf(assignment.id, student.id),
      current: await subs.currentResults(history.map((s) => s.id)),
    };
  });
  if (!data) throw new ApiError("not_found", "this assignment link is not valid: ask your instructor for a new one");
  const { assignment, lab, student } = data;
  const params = resolveParameters(lab, student.externalId);
  const refusal = refusalFor(assignment, data.attempts, now);
  const history: AttemptView[] = data.history.map((s) => {
    const r = data.current.get(s.id);
    return {
      id: s.id,
      at: s.createdAt,
      status: s.status === "received" || s.status === "grading" ? "pending" : s.status,
      ...(r?.gradable ? { score: r.score, maxScore: r.maxScore } : {}),
      href: `/s/${link.token}/submissions/${s.id}`,
    };
  });
  const page = renderAssignmentPage({
    title: assignment.title,
    labTitle: lab.title,
    instructions: renderTemplate(lab.instructions, params),
    now,
    ...(assignment.opensAt ? { opensAt: assignment.opensAt } : {}),
    ...(assignment.dueAt ? { dueAt: assignment.dueAt } : {}),
    attemptsUsed: data.attempts.used,
    ...(assignment.attemptLimit !== null ? { attemptLimit: assignment.attemptLimit } : {}),
    ...(refusal?.code === "cooldown"
      ? { cooldownUntil: new Date(now.getTime() + refusal.retryAfterSeconds * 1000) }
      : {}),
    ...(data.progress ? { best: { score: data.progress.bestScore, maxScore: data.progress.maxScore } } : {}),
    history,
    formAction: `/s/${link.token}`,
    csrfToken: await csrfToken(link.tenant.linkSecret, link.token),
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.values ? { values: extra.values } : {}),
  });
  return c.html(page, (extra.status ?? 200) as 200);
}

export function registerStudentRoutes(app: Hono<AppEnv>): void {
  app.use("/s/*", async (c, next) => {
    await next();
    setResponseHeader(c, "content-security-policy", PAGE_CONTENT_SECURITY_POLICY);
    // The link is the student's key: never send it on to another site in a Referer header.
    setResponseHeader(c, "referrer-policy", "no-referrer");
    setResponseHeader(c, "x-content-type-options", "nosniff");
    setResponseHeader(c, "cache-control", "no-store");
  });
  app.get("/s/:token", async (c) => assignmentPage(c, await openLink(c)));

  app.post("/s/:token", async (c) => {
    const link = await openLink(c);
    const form = await formSubmission(c);
    if (!(await verifyCsrf(link.tenant.linkSecret, link.token, form.csrf))) {
      throw new ApiError("forbidden", "the form expired or came from another site: reload the page and submit again");
    }
    if (!form.ok) return assignmentPage(c, link, { errors: form.errors, values: form.values, status: 422 });
    const { deps } = c.var;
    const db = c.var.db();
    const t = link.tenant.id;
    const found = await withTenant(db, t, async (tx) => ({
      assignment: await assignmentRepo(tx, t).get(link.assignmentId),
      student: await studentRepo(tx, t).get(link.studentId),
    }));
    if (!found.assignment || !found.student) {
      throw new ApiError("not_found", "this assignment link is not valid: ask your instructor for a new one");
    }
    const stored = await storeSubmission(db, t, deps.now(), {
      assignment: found.assignment,
      student: found.student,
      source: "web",
      payload: form.submission,
      actor: `student:${found.student.id}`,
      requestId: c.var.requestId,
    });
    if (!stored.ok) {
      const status = stored.refusal.code === "cooldown" ? 429 : 409;
      return assignmentPage(c, link, {
        errors: [`Not accepted: ${stored.refusal.detail}.`],
        values: form.values,
        status,
      });
    }
    const outcome = await gradeStored(db, t, stored.submission.id, {
      now: deps.now,
      reason: "grade",
      actor: `student:${found.student.id}`,
      requestId: c.var.requestId,
      known: { submission: stored.submission, assignment: found.assignment, student: found.student },
      ...(deps.grade ? { grade: deps.grade } : {}),
    });
    if (outcome.passback) kickOutbox(deps);
    return c.redirect(`/s/${link.token}/submissions/${stored.submission.id}`, 303);
  });

  app.get("/s/:token/submissions/:id", async (c) => {
    const link = await openLink(c);
    const id = c.req.param("id");
    const t = link.tenant.id;
    const data = isUuid(id)
      ? await withTenant(c.var.db(), t, async (tx) => {
          const sub = await submissionRepo(tx, t).get(id.toLowerCase());
          // A student sees only their own submissions to this assignment.
          if (!sub || sub.studentId !== link.studentId || sub.assignmentId !== link.assignmentId) return undefined;
          const assignment = (await assignmentRepo(tx, t).get(sub.assignmentId))!;
          return { sub, assignment, results: await submissionRepo(tx, t).results(sub.id) };
        })
      : undefined;
    if (!data) throw new ApiError("not_found", "no such submission");
    const r = data.results[0];
    return c.html(
      renderReportPage({
        assignmentTitle: data.assignment.title,
        submittedAt: data.sub.createdAt,
        status: data.sub.status === "received" || data.sub.status === "grading" ? "pending" : data.sub.status,
        ...(r ? { report: r.report as Report } : {}),
        backUrl: `/s/${link.token}`,
      }),
    );
  });
}
