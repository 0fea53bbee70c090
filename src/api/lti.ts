/**
 * LTI 1.3 launch (see src/lms/lti-launch.ts): a student follows the assignment's link in the LMS
 * and lands on its form here, signed in as the LMS user.
 *
 *   GET|POST /lti/:tenant/login    the platform's login initiation: answered with a redirect to
 *                                  its authorization endpoint (state and nonce, a cookie for the state)
 *   POST     /lti/:tenant/launch   the platform's id_token: verified, then
 *                                  - a resource-link launch: the student created and enrolled
 *                                    on first sight (the LMS roster is the truth), the assignment
 *                                    found by the resource link, and a redirect to the student
 *                                    form (`/s/<signed link>`);
 *                                  - a deep-linking request (Deep Linking 2.0): an instructor's
 *                                    page of the tenant's assignments to choose from
 *   POST     /lti/:tenant/deep-link the instructor's choice: a page whose button posts the
 *                                  signed LtiDeepLinkingResponse (a link that opens the
 *                                  assignment, with a line item for its grades) back to the LMS
 *
 * An assignment is the one whose external id is the resource link's id, or the one the launch's
 * custom parameter `assignment` names. When the platform grants Assignment and Grade Services,
 * the launch's line item becomes the assignment's grade passback target unless one is set.
 */
import type { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { JWK } from "jose";
import { assignmentRepo, courseRepo, studentRepo } from "../db/repos/catalog.ts";
import { type Integration, integrationRepo, ltiNonceRepo } from "../db/repos/lms.ts";
import { auditRepo } from "../db/repos/ops.ts";
import { type Tenant, tenantByRef } from "../db/repos/tenants.ts";
import { withSystem, withTenant } from "../db/tenant.ts";
import type { Tx } from "../db/types.ts";
import {
  authenticationRequestUrl,
  DEEP_LINK_SESSION_SECONDS,
  deepLinkingResponse,
  isInstructor,
  isLearner,
  launchPath,
  MAX_ID_TOKEN_CHARS,
  newLaunchState,
  readDeepLinkSession,
  readLaunchState,
  readLoginInitiation,
  STATE_LIFETIME_SECONDS,
  signDeepLinkSession,
  stateCookieName,
  verifyIdToken,
  verifyLaunchState,
} from "../lms/lti-launch.ts";
import { pinnedLab } from "../service/labs.ts";
import { renderDeepLinkPicker, renderDeepLinkReturn } from "../web/deep-link-page.ts";
import { PAGE_CONTENT_SECURITY_POLICY } from "../web/layout.ts";
import { type AppEnv, baseUrl, type Ctx } from "./context.ts";
import { isUuid } from "./crypto.ts";
import { ApiError } from "./errors.ts";
import { signStudentLink } from "./student-link.ts";

/** How long the student link a launch opens stays valid: a working session, then launch again. */
const LAUNCH_LINK_LIFETIME_SECONDS = 12 * 3600;
/** Assignments the deep-linking page lists at the most (the oldest first). */
const MAX_DEEP_LINK_CHOICES = 500;
/** Assignments one deep-linking response may carry (an LMS that accepts several). */
const MAX_DEEP_LINK_ITEMS = 50;
/** A login or launch form is a handful of fields; the id_token is the largest. */
const MAX_FORM_BYTES = MAX_ID_TOKEN_CHARS + 8 * 1024;

const deepLinkPath = (tenantSlug: string) => `/lti/${tenantSlug}/deep-link`;

export function registerLtiRoutes(app: Hono<AppEnv>): void {
  registerDeepLinkRoute(app);
  app.on(["GET", "POST"], "/lti/:tenant/login", async (c) => {
    const tenant = await tenantOf(c);
    const form = c.req.method === "POST" ? await formOf(c) : undefined;
    const read = readLoginInitiation((name) => (form ? (form.get(name) ?? undefined) : c.req.query(name)));
    if (!read.ok) throw new ApiError("bad_request", `the LMS's login request is not valid: ${read.error}`);
    const login = read.value;
    const base = baseUrl(c);
    if (new URL(login.targetLinkUri).origin !== new URL(base).origin) {
      throw new ApiError(
        "bad_request",
        `the login's target_link_uri ${login.targetLinkUri} is not on this tool (${base})`,
      );
    }
    const all = await withTenant(c.var.db(), tenant.id, (tx) => integrationRepo(tx, tenant.id).list());
    const matching = all.filter(
      (i) =>
        !i.disabledAt &&
        i.issuer === login.issuer &&
        (!login.clientId || i.clientId === login.clientId) &&
        (!login.deploymentId || !i.deploymentId || i.deploymentId === login.deploymentId),
    );
    const which = `issuer ${login.issuer}${login.clientId ? `, client id ${login.clientId}` : ""}${login.deploymentId ? ` and deployment ${login.deploymentId}` : ""}`;
    if (matching.length === 0) throw new ApiError("not_found", `no LMS integration of this tenant has ${which}`);
    if (matching.length > 1) {
      throw new ApiError("bad_request", `several LMS integrations have ${which}: the login must name its client_id`);
    }
    const integration = launchable(matching[0]);
    const started = await newLaunchState(tenant.linkSecret, integration.id, nowSeconds(c));
    const secure = base.startsWith("https:");
    setCookie(c, started.cookieName, started.cookieValue, {
      path: launchPath(tenant.slug),
      httpOnly: true,
      maxAge: STATE_LIFETIME_SECONDS,
      // The launch is a cross-site POST from the LMS: only a SameSite=None cookie goes with it, and
      // browsers keep those only when Secure. Over plain http (a tool on one machine with its LMS)
      // Lax is what a browser keeps, and it goes with a same-site launch.
      ...(secure ? { secure: true, sameSite: "None" as const } : { sameSite: "Lax" as const }),
    });
    const to = authenticationRequestUrl(integration.authLoginUrl, {
      clientId: integration.clientId,
      redirectUri: `${base}${launchPath(tenant.slug)}`,
      loginHint: login.loginHint,
      ...(login.ltiMessageHint ? { ltiMessageHint: login.ltiMessageHint } : {}),
      state: started.state,
      nonce: started.nonce,
    });
    return c.redirect(to, c.req.method === "POST" ? 303 : 302);
  });

  app.post("/lti/:tenant/launch", async (c) => {
    const tenant = await tenantOf(c);
    const form = await formOf(c);
    const refused = form.get("error");
    if (refused) {
      const why = form.get("error_description");
      throw new ApiError("bad_request", `the LMS refused the login: ${refused}${why ? ` (${why})` : ""}`);
    }
    const idToken = form.get("id_token");
    const stateText = form.get("state");
    if (!idToken) throw new ApiError("bad_request", "the launch has no id_token");
    if (!stateText) throw new ApiError("bad_request", "the launch has no state");
    const state = readLaunchState(stateText);
    if (!state) throw new ApiError("bad_request", "the launch's state was not issued by this tool");
    const binding = getCookie(c, stateCookieName(state.cookie));
    if (!binding || !(await verifyLaunchState(tenant.linkSecret, state, binding))) {
      throw new ApiError(
        "bad_request",
        "this launch did not begin in this browser (its login cookie is missing or does not match): open the assignment from the LMS again",
      );
    }
    deleteCookie(c, stateCookieName(state.cookie), { path: launchPath(tenant.slug) });
    const now = c.var.deps.now();
    if (state.exp < now.getTime() / 1000) {
      throw new ApiError(
        "bad_request",
        `the launch came more than ${STATE_LIFETIME_SECONDS / 60} minutes after its login: open the assignment from the LMS again`,
      );
    }
    const db = c.var.db();
    const found = isUuid(state.integrationId)
      ? await withTenant(db, tenant.id, (tx) => integrationRepo(tx, tenant.id).get(state.integrationId))
      : undefined;
    if (!found || found.disabledAt) throw new ApiError("bad_request", "the launch's LMS integration no longer exists");
    const integration = launchable(found);
    const verified = await verifyIdToken(c.var.deps.fetch, idToken, {
      issuer: integration.issuer,
      clientId: integration.clientId,
      deploymentId: integration.deploymentId,
      jwksUrl: integration.platformJwksUrl,
      nonce: state.nonce,
      now,
    });
    if (!verified.ok) throw new ApiError("unauthenticated", verified.error);
    const claims = verified.value;
    const t = tenant.id;
    // Kept until the id_token expires (and the clock tolerance after): within that time the
    // same token could be posted again.
    const spend = (tx: Tx) => ltiNonceRepo(tx, t).use(state.nonce, new Date((claims.exp + 120) * 1000));
    const replayed = () =>
      new ApiError("bad_request", "this launch was used already: open the assignment from the LMS again");
    if (claims.type === "LtiDeepLinkingRequest") {
      if (!isInstructor(claims.roles)) {
        throw new ApiError("forbidden", "adding labgrader assignments to the LMS takes an instructor role");
      }
      const choices = await withTenant(db, t, async (tx) => {
        if (!(await spend(tx))) return undefined;
        const courses = await courseRepo(tx, t).list();
        // A course linked to the LMS course the instructor is in offers its own assignments only.
        const linked = claims.context && courses.find((co) => co.externalId === claims.context?.id);
        const codes = new Map(courses.map((co) => [co.id, co.code]));
        return (await assignmentRepo(tx, t).list(linked?.id)).slice(0, MAX_DEEP_LINK_CHOICES).map((a) => ({
          id: a.id,
          title: a.title,
          course: codes.get(a.courseId) ?? "",
          lab: a.labId,
        }));
      });
      if (!choices) throw replayed();
      const session = await signDeepLinkSession(tenant.linkSecret, {
        integrationId: integration.id,
        user: claims.sub,
        multiple: claims.deepLinking.acceptMultiple,
        deploymentId: claims.deploymentId,
        returnUrl: claims.deepLinking.returnUrl,
        ...(claims.deepLinking.data !== undefined ? { data: claims.deepLinking.data } : {}),
        exp: Math.floor(now.getTime() / 1000) + DEEP_LINK_SESSION_SECONDS,
      });
      return page(
        c,
        renderDeepLinkPicker({
          choices,
          session,
          action: deepLinkPath(tenant.slug),
          multiple: claims.deepLinking.acceptMultiple,
        }),
        claims.deepLinking.returnUrl,
      );
    }
    if (!isLearner(claims.roles)) {
      throw new ApiError(
        "forbidden",
        "this LMS link opens the assignment for students; instructors manage it through the instructor API",
      );
    }

    const outcome = await withTenant(db, t, async (tx) => {
      if (!(await spend(tx))) return "replayed";
      const assignments = assignmentRepo(tx, t);
      const named = claims.custom.assignment;
      let assignment = named
        ? isUuid(named)
          ? await assignments.get(named.toLowerCase())
          : undefined
        : await assignments.byExternalId(claims.resourceLink.id);
      if (!assignment) return "no-assignment";
      if (
        !assignment.lineItemUrl &&
        claims.lineItemUrl &&
        (assignment.integrationId ?? integration.id) === integration.id
      ) {
        assignment =
          (await assignments.update(assignment.id, {
            integrationId: integration.id,
            lineItemUrl: claims.lineItemUrl,
          })) ?? assignment;
      }
      const students = studentRepo(tx, t);
      const [student] = await students.upsertMany([
        { externalId: claims.sub, name: claims.name ?? null, email: claims.email ?? null },
      ]);
      await students.enroll(assignment.courseId, [student.id]);
      await auditRepo(tx, t).add({
        actor: `lms:${integration.id}`,
        action: "lti.launched",
        targetType: "assignment",
        targetId: assignment.id,
        detail: { student: student.id, resourceLink: claims.resourceLink.id },
        requestId: c.var.requestId,
        at: now,
      });
      return { assignment, student };
    });
    if (outcome === "replayed") throw replayed();
    if (outcome === "no-assignment") {
      const named = claims.custom.assignment;
      throw new ApiError(
        "not_found",
        named
          ? `the assignment ${named} that this LMS link names does not exist`
          : `no assignment is linked to this LMS link: its resource link id is "${claims.resourceLink.id}"; an instructor sets it as the assignment's externalId`,
      );
    }
    const token = await signStudentLink(tenant.linkSecret, {
      tenantId: t,
      assignmentId: outcome.assignment.id,
      studentId: outcome.student.id,
      exp: Math.floor(now.getTime() / 1000) + LAUNCH_LINK_LIFETIME_SECONDS,
    });
    return c.redirect(`/s/${token}`, 303);
  });
}

/**
 * The instructor's choice (a form on the picker page): the LtiDeepLinkingResponse, signed with
 * the integration's tool key, goes back to the LMS through the instructor's browser.
 */
function registerDeepLinkRoute(app: Hono<AppEnv>): void {
  app.post("/lti/:tenant/deep-link", async (c) => {
    const tenant = await tenantOf(c);
    const form = await formOf(c);
    const expired = new ApiError(
      "bad_request",
      "this choice is not valid any more (it is older than an hour, or was altered): add the assignment from the LMS again",
    );
    const session = await readDeepLinkSession(tenant.linkSecret, form.get("session") ?? "");
    const now = c.var.deps.now();
    if (!session || session.exp < now.getTime() / 1000 || !isUuid(session.integrationId)) throw expired;
    const chosen = [...new Set(form.getAll("assignment").map((a) => a.toLowerCase()))];
    if (chosen.length === 0 || !chosen.every(isUuid)) throw new ApiError("bad_request", "choose an assignment");
    if (chosen.length > 1 && !session.multiple) {
      throw new ApiError("bad_request", "the LMS takes one assignment per link: choose one");
    }
    if (chosen.length > MAX_DEEP_LINK_ITEMS) {
      throw new ApiError("bad_request", `choose at most ${MAX_DEEP_LINK_ITEMS} assignments at a time`);
    }
    const t = tenant.id;
    const found = await withTenant(c.var.db(), t, async (tx) => {
      const assignments = assignmentRepo(tx, t);
      const list = [];
      for (const id of chosen) list.push(await assignments.get(id));
      return { integration: await integrationRepo(tx, t).get(session.integrationId), assignments: list };
    });
    if (!found.integration || found.integration.disabledAt) throw expired;
    const assignments = found.assignments.filter((a) => a !== undefined);
    if (assignments.length < chosen.length) throw new ApiError("not_found", "assignment not found");
    const labs = await withTenant(c.var.db(), t, async (tx) => {
      const out = [];
      for (const a of assignments) {
        await auditRepo(tx, t).add({
          actor: `lms:${session.integrationId}`,
          action: "lti.deep-linked",
          targetType: "assignment",
          targetId: a.id,
          detail: { instructor: session.user },
          requestId: c.var.requestId,
          at: now,
        });
        out.push(await pinnedLab(tx, t, a));
      }
      return out;
    });
    const base = baseUrl(c);
    const integration = found.integration;
    const jwt = await deepLinkingResponse(
      { kid: integration.toolKid, privateJwk: integration.toolPrivateJwk as JWK },
      {
        clientId: integration.clientId,
        issuer: integration.issuer,
        deploymentId: session.deploymentId,
        ...(session.data !== undefined ? { data: session.data } : {}),
        items: assignments.map((a, i) => ({
          type: "ltiResourceLink",
          title: a.title,
          url: `${base}${launchPath(tenant.slug)}`,
          custom: { assignment: a.id },
          lineItem: {
            scoreMaximum: labs[i].checkpoints.reduce((sum, cp) => sum + cp.points, 0),
            label: a.title,
            resourceId: a.id,
          },
        })),
        now,
      },
    );
    return page(
      c,
      renderDeepLinkReturn({ titles: assignments.map((a) => a.title), returnUrl: session.returnUrl, jwt }),
      session.returnUrl,
    );
  });
}

/**
 * An instructor's deep-linking page: the pages' own policy, but for the LMS (the origin of its
 * return URL), which may show the page in a frame of its own and receives the last form.
 */
function page(c: Ctx, body: string, returnUrl: string): Response {
  const lms = new URL(returnUrl).origin;
  const policy = PAGE_CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${lms}`).replace(
    "frame-ancestors 'none'",
    `frame-ancestors ${lms}`,
  );
  return c.html(body, 200, { "content-security-policy": policy, "cache-control": "no-store" });
}

async function tenantOf(c: Ctx): Promise<Tenant> {
  const tenant = await withSystem(c.var.db(), (tx) => tenantByRef(tx, c.req.param("tenant") ?? ""));
  if (!tenant) throw new ApiError("not_found", "tenant not found");
  c.set("tenantId", tenant.id);
  return tenant;
}

/** The platform posts form-encoded fields; anything larger than a launch is not one. */
async function formOf(c: Ctx): Promise<URLSearchParams> {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new ApiError("unsupported_media_type", "the LMS must post the form as application/x-www-form-urlencoded");
  }
  const text = await c.req.text();
  if (text.length > MAX_FORM_BYTES) throw new ApiError("too_large", `the form is larger than ${MAX_FORM_BYTES} bytes`);
  return new URLSearchParams(text);
}

type Launchable = Integration & { authLoginUrl: string; platformJwksUrl: string };

function launchable(i: Integration): Launchable {
  if (!i.authLoginUrl || !i.platformJwksUrl) {
    throw new ApiError(
      "conflict",
      `the LMS integration "${i.name}" is not set up for launches: it needs the platform's authLoginUrl and platformJwksUrl`,
    );
  }
  return i as Launchable;
}

const nowSeconds = (c: Ctx) => Math.floor(c.var.deps.now().getTime() / 1000);
