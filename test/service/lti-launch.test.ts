/**
 * A student reaches an assignment from the LMS: an LTI 1.3 resource-link launch against the
 * spec-faithful platform (test/support/lti-platform.ts) on loopback. The platform starts the
 * OIDC login at the tool, answers the tool's authentication request with an id_token it signs,
 * and the tool verifies it against the platform's published keys, creates and enrols the
 * student, and opens the assignment's form. Every way a launch can be forged, replayed or
 * misdirected is refused with what was wrong.
 */

import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrations, ltiNonces, tenants } from "../../src/db/schema.ts";
import { withSystem } from "../../src/db/tenant.ts";
import { periodicSweep } from "../../src/service/sweep.ts";
import { call, createTenant, startTestService, type TestService } from "../support/app.ts";
import {
  type LaunchOptions,
  type LtiPlatform,
  parseForm,
  startLtiPlatform,
  unescapeHtml,
} from "../support/lti-platform.ts";

const SLUG = "lti-launch";
const OTHER = "lti-other";
const CLIENT_ID = "labgrader-launch-1";
const TOOL = "http://localhost";
const LAUNCH_URL = `${TOOL}/lti/${SLUG}/launch`;
const INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
const LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

let svc: TestService;
let platform: LtiPlatform;
let admin: string;
let otherAdmin: string;
let integrationId: string;
let assignmentId: string;
let courseId: string;

beforeAll(async () => {
  svc = await startTestService();
  // The platform checks nothing against the tool's clock, but signs with it so that moving the
  // tool's clock ages the tokens too.
  platform = await startLtiPlatform({ now: () => svc.deps.now() });
  ({ adminKey: admin } = await createTenant(svc, SLUG));
  ({ adminKey: otherAdmin } = await createTenant(svc, OTHER));
  const made = await call(svc, admin, "POST", "/api/v1/integrations", {
    name: "Canvas",
    issuer: platform.issuer,
    clientId: CLIENT_ID,
    deploymentId: "1",
    tokenUrl: platform.tokenUrl,
    authLoginUrl: platform.authUrl,
    platformJwksUrl: platform.jwksUrl,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  integrationId = made.body.id;
  expect(made.body.loginUrl).toBe(`${TOOL}/lti/${SLUG}/login`);
  expect(made.body.launchUrl).toBe(LAUNCH_URL);
  const jwks = await svc.fetch(`/lti/${SLUG}/jwks.json`);
  const { keys } = (await jwks.json()) as { keys: Record<string, unknown>[] };
  platform.registerTool({
    clientId: CLIENT_ID,
    publicJwk: keys[0],
    deploymentId: "1",
    redirectUris: [LAUNCH_URL],
    loginUrl: made.body.loginUrl,
  });
  const course = await call(svc, admin, "POST", "/api/v1/courses", { code: "K8S-201", title: "Kubernetes" });
  courseId = course.body.id;
  const a = await call(svc, admin, "POST", "/api/v1/assignments", {
    courseId,
    slug: "pod",
    title: "First pod",
    lab: "single-pod",
    externalId: "rl-first-pod",
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  assignmentId = a.body.id;
}, 120_000);

afterAll(async () => {
  await svc?.close();
  await platform?.close();
});

const student = (sub: string): LaunchOptions => ({
  clientId: CLIENT_ID,
  user: { sub, name: `Student ${sub}`, email: `${sub}@example.edu` },
  resourceLink: { id: "rl-first-pod", title: "First pod" },
  context: { id: "course-k8s", title: "Kubernetes" },
});

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The tool's answer to the login initiation: where it sends the browser, and the state cookie. */
async function login(loginUrl: string, method: "GET" | "POST" = "GET") {
  const u = new URL(loginUrl);
  const r =
    method === "GET"
      ? await svc.fetch(pathOf(loginUrl), { redirect: "manual" })
      : await svc.fetch(u.pathname, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: u.searchParams.toString(),
          redirect: "manual",
        });
  const location = r.headers.get("location");
  const setCookie = r.headers.get("set-cookie") ?? "";
  return {
    status: r.status,
    location,
    setCookie,
    cookie: setCookie.split(";")[0],
    body: location ? "" : await r.text(),
  };
}

/** The platform's authentication response: the auto-posting form's target and fields. */
async function authorize(location: string) {
  const r = await fetch(location);
  const html = await r.text();
  expect(r.status, html).toBe(200);
  const form = parseForm(html);
  return { action: form.attributes.action, idToken: form.fields.id_token, state: form.fields.state };
}

async function postLaunch(fields: Record<string, string>, cookie?: string, slug = SLUG) {
  const r = await svc.fetch(`/lti/${slug}/launch`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  return { status: r.status, location: r.headers.get("location"), text: unescapeHtml(await r.text()) };
}

/** A whole launch as a browser makes it: login, the platform's form, the post back. */
async function launch(options: LaunchOptions) {
  const started = await login(platform.launchUrl(options));
  expect(started.status, started.body).toBe(302);
  const form = await authorize(started.location!);
  expect(form.action).toBe(LAUNCH_URL);
  const done = await postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie);
  return { started, form, done };
}

/** A login whose id_token the test makes itself: the state, cookie and nonce a real one has. */
async function loginOnly(options: LaunchOptions) {
  const started = await login(platform.launchUrl(options));
  expect(started.status, started.body).toBe(302);
  const q = new URL(started.location!).searchParams;
  return { cookie: started.cookie, state: q.get("state")!, nonce: q.get("nonce")! };
}

describe("an LTI 1.3 launch", () => {
  it("signs the student in from the LMS: created, enrolled, and on the assignment's form", async () => {
    const { started, done } = await launch(student("lms-user-42"));
    // The login answer is the OIDC authentication request of the Security Framework.
    const auth = new URL(started.location!);
    expect(`${auth.origin}${auth.pathname}`).toBe(platform.authUrl);
    expect(
      Object.fromEntries(
        [...auth.searchParams].filter(([k]) => !["state", "nonce", "login_hint", "lti_message_hint"].includes(k)),
      ),
    ).toEqual({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: CLIENT_ID,
      redirect_uri: LAUNCH_URL,
    });
    // Nothing secret leaves in the redirect or the cookie: not the tenant's signing secret, not
    // the tool's private key.
    const secrets = await withSystem(svc.db().db, async (tx) => {
      const [t] = await tx.select({ secret: tenants.linkSecret }).from(tenants).where(eq(tenants.slug, SLUG));
      const [i] = await tx
        .select({ jwk: integrations.toolPrivateJwk })
        .from(integrations)
        .where(eq(integrations.id, integrationId));
      return [t.secret, (i.jwk as { d: string }).d];
    });
    for (const secret of secrets) {
      expect(started.location).not.toContain(secret);
      expect(started.setCookie).not.toContain(secret);
    }
    expect(started.setCookie).toMatch(/HttpOnly/i);
    expect(started.setCookie).toMatch(new RegExp(`Path=/lti/${SLUG}/launch`));

    expect(done.status, done.text).toBe(303);
    expect(done.location).toMatch(/^\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const page = await svc.fetch(done.location!);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("First pod");

    const students = await call(svc, admin, "GET", "/api/v1/students");
    const s = students.body.items.find((x: { externalId: string }) => x.externalId === "lms-user-42");
    expect(s).toMatchObject({ name: "Student lms-user-42", email: "lms-user-42@example.edu" });
    const roster = await call(svc, admin, "GET", `/api/v1/students?courseId=${courseId}`);
    expect(roster.status, JSON.stringify(roster.body)).toBe(200);
    expect(roster.body.items.map((x: { externalId: string }) => x.externalId)).toContain("lms-user-42");
  });

  it("starts from a POSTed login as well as a GET", async () => {
    const started = await login(platform.launchUrl(student("lms-user-43")), "POST");
    expect(started.status, started.body).toBe(303);
    const form = await authorize(started.location!);
    const done = await postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie);
    expect(done.status, done.text).toBe(303);
  });

  it("takes the launch's AGS line item as the assignment's grade passback target when it has none", async () => {
    const lineItemUrl = platform.createLineItem("first-pod");
    const { done } = await launch({ ...student("lms-user-44"), lineItemUrl });
    expect(done.status, done.text).toBe(303);
    const a = await call(svc, admin, "GET", `/api/v1/assignments/${assignmentId}`);
    expect(a.body).toMatchObject({ integrationId, lineItemUrl });
    // A later launch naming another line item does not move it.
    const other = platform.createLineItem("elsewhere");
    await launch({ ...student("lms-user-45"), lineItemUrl: other });
    const again = await call(svc, admin, "GET", `/api/v1/assignments/${assignmentId}`);
    expect(again.body.lineItemUrl).toBe(lineItemUrl);
  });

  it("opens the assignment a custom parameter names", async () => {
    const second = await call(svc, admin, "POST", "/api/v1/assignments", {
      courseId,
      slug: "sidecar",
      title: "A sidecar",
      lab: "sidecar-pod",
    });
    expect(second.status).toBe(201);
    const { done } = await launch({
      ...student("lms-user-46"),
      resourceLink: { id: "rl-unlinked" },
      custom: { assignment: second.body.id },
    });
    expect(done.status, done.text).toBe(303);
    const html = await (await svc.fetch(done.location!)).text();
    expect(html).toContain("A sidecar");
  });
});

describe("a launch is refused", () => {
  it("when its id_token is posted a second time", async () => {
    const started = await login(platform.launchUrl(student("lms-user-50")));
    const form = await authorize(started.location!);
    const first = await postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie);
    expect(first.status).toBe(303);
    const again = await postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie);
    expect(again.status).toBe(400);
    expect(again.text).toMatch(/did not begin in this browser|used already/);
    // Even with the cookie put back, the nonce was spent.
    const replayed = await postLaunch(
      { id_token: form.idToken!, state: form.state! },
      `${started.cookie.split("=")[0]}=${started.cookie.split("=").slice(1).join("=")}`,
    );
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain("used already");
  });

  it("without the login's cookie, or with another browser's", async () => {
    const started = await login(platform.launchUrl(student("lms-user-51")));
    const form = await authorize(started.location!);
    const none = await postLaunch({ id_token: form.idToken!, state: form.state! });
    expect(none.status).toBe(400);
    expect(none.text).toContain("did not begin in this browser");
    const [name] = started.cookie.split("=");
    const wrong = await postLaunch(
      { id_token: form.idToken!, state: form.state! },
      `${name}=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("did not begin in this browser");
  });

  it("with a state this tool never issued, or issued for another tenant", async () => {
    const forged = await postLaunch({ id_token: "x.y.z", state: "not-a-state" });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain("was not issued by this tool");
    const started = await login(platform.launchUrl(student("lms-user-52")));
    const form = await authorize(started.location!);
    const elsewhere = await postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie, OTHER);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain("did not begin in this browser");
  });

  it("when the id_token is not the platform's, has expired, or names another audience, nonce or deployment", async () => {
    const base = (nonce: string) => ({ ...student("lms-user-53"), nonce });
    const checks: [string, (nonce: string) => Promise<string>, string][] = [
      [
        "foreign key",
        async (nonce) => {
          const genuine = await platform.idTokenFor(base(nonce));
          const kid = JSON.parse(Buffer.from(genuine.split(".")[0], "base64url").toString()).kid as string;
          const claims = JSON.parse(Buffer.from(genuine.split(".")[1], "base64url").toString());
          return platform.signIdToken(claims, { key: "foreign", kid });
        },
        "its signature does not verify",
      ],
      [
        "unknown kid",
        async (nonce) => {
          const claims = JSON.parse(
            Buffer.from((await platform.idTokenFor(base(nonce))).split(".")[1], "base64url").toString(),
          );
          return platform.signIdToken(claims, { key: "foreign", kid: "not-the-platforms" });
        },
        "no key of the platform's key set matches it",
      ],
      [
        "expired",
        (nonce) => {
          const t = Math.floor(svc.deps.now().getTime() / 1000);
          return platform.idTokenFor(base(nonce), { iat: t - 900, exp: t - 600 });
        },
        "it has expired",
      ],
      [
        "another audience",
        (nonce) => platform.idTokenFor(base(nonce), { aud: "someone-else", azp: "someone-else" }),
        "aud claim",
      ],
      [
        "another nonce",
        () => platform.idTokenFor(base("a-nonce-this-login-never-sent")),
        "nonce is not the one this login sent",
      ],
      [
        "another deployment",
        (nonce) =>
          platform.idTokenFor(base(nonce), {
            "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "other-deployment",
          }),
        "deployment other-deployment",
      ],
      ["another issuer", (nonce) => platform.idTokenFor(base(nonce), { iss: "https://evil.example" }), "iss claim"],
      [
        "a deep-linking request without its settings",
        (nonce) =>
          platform.idTokenFor(base(nonce), {
            "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiDeepLinkingRequest",
          }),
        "the deep linking request has no deep_link_return_url",
      ],
      [
        "a message the tool does not handle",
        (nonce) =>
          platform.idTokenFor(base(nonce), {
            "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiSubmissionReviewRequest",
          }),
        "only LtiResourceLinkRequest and LtiDeepLinkingRequest are supported",
      ],
      [
        "no resource link",
        (nonce) =>
          platform.idTokenFor(base(nonce), { "https://purl.imsglobal.org/spec/lti/claim/resource_link": undefined }),
        "no resource_link id",
      ],
    ];
    for (const [what, make, message] of checks) {
      const l = await loginOnly(student("lms-user-53"));
      const r = await postLaunch({ id_token: await make(l.nonce), state: l.state }, l.cookie);
      expect(r.status, what).toBe(401);
      expect(r.text, what).toContain(message);
    }
    // None of them signed anyone in.
    const students = await call(svc, admin, "GET", "/api/v1/students");
    expect(students.body.items.map((s: { externalId: string }) => s.externalId)).not.toContain("lms-user-53");
  });

  it("for an instructor, who manages the assignment through the API", async () => {
    const { done } = await launch({ ...student("lms-teacher-1"), user: { sub: "lms-teacher-1", roles: [INSTRUCTOR] } });
    expect(done.status).toBe(403);
    expect(done.text).toContain("instructors manage it through the instructor API");
  });

  it("for a resource link no assignment is linked to, naming the id to link", async () => {
    const { done } = await launch({ ...student("lms-user-54"), resourceLink: { id: "rl-nowhere" } });
    expect(done.status).toBe(404);
    expect(done.text).toContain('its resource link id is "rl-nowhere"');
  });

  it("when the login comes too late to launch", async () => {
    const l = await loginOnly(student("lms-user-55"));
    const token = await platform.idTokenFor({ ...student("lms-user-55"), nonce: l.nonce });
    svc.clock.now = new Date(svc.clock.now.getTime() + 11 * 60_000);
    const r = await postLaunch({ id_token: token, state: l.state }, l.cookie);
    expect(r.status).toBe(400);
    expect(r.text).toContain("more than 10 minutes after its login");
  });
});

describe("a login is refused", () => {
  it("from an issuer no integration of the tenant has, or at another tenant", async () => {
    const url = new URL(platform.launchUrl(student("lms-user-60")));
    const elsewhere = await login(`${TOOL}/lti/${OTHER}/login${url.search}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toContain(`no LMS integration of this tenant has issuer ${platform.issuer}`);
    url.searchParams.set("iss", "https://unknown.example");
    const unknown = await login(url.toString());
    expect(unknown.status).toBe(404);
  });

  it("without its required parameters, or aimed at another site", async () => {
    const url = new URL(platform.launchUrl(student("lms-user-61")));
    url.searchParams.delete("login_hint");
    const missing = await login(url.toString());
    expect(missing.status).toBe(400);
    expect(missing.body).toContain("login_hint is required");
    const aimed = new URL(platform.launchUrl(student("lms-user-61")));
    aimed.searchParams.set("target_link_uri", "https://evil.example/steal");
    const r = await login(aimed.toString());
    expect(r.status).toBe(400);
    expect(r.body).toContain("is not on this tool");
  });

  it("for an integration without the platform's launch endpoints", async () => {
    const made = await call(svc, otherAdmin, "POST", "/api/v1/integrations", {
      name: "Moodle",
      issuer: "https://moodle.example",
      clientId: "c-1",
      tokenUrl: "https://moodle.example/token",
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ authLoginUrl: null, platformJwksUrl: null });
    const q = new URLSearchParams({
      iss: "https://moodle.example",
      login_hint: "u1",
      target_link_uri: `${TOOL}/lti/${OTHER}/launch`,
    });
    const r = await login(`${TOOL}/lti/${OTHER}/login?${q}`);
    expect(r.status).toBe(409);
    expect(r.body).toContain("needs the platform's authLoginUrl and platformJwksUrl");
    // An admin completes the registration; other tenants cannot touch it.
    const patch = { authLoginUrl: "https://moodle.example/auth", platformJwksUrl: "https://moodle.example/jwks" };
    const foreign = await call(svc, admin, "PATCH", `/api/v1/integrations/${made.body.id}`, patch);
    expect(foreign.status).toBe(404);
    const ok = await call(svc, otherAdmin, "PATCH", `/api/v1/integrations/${made.body.id}`, patch);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject(patch);
    const now = await login(`${TOOL}/lti/${OTHER}/login?${q}`);
    expect(now.status).toBe(302);
    expect(now.location).toMatch(/^https:\/\/moodle\.example\/auth\?/);
  });
});

describe("spent nonces", () => {
  it("are forgotten by the periodic sweep once their id_tokens have expired", async () => {
    // Row-level security hides every tenant's rows without a tenant: count as the system.
    const count = () =>
      withSystem(svc.db().db, async (tx) => {
        const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(ltiNonces);
        return row.n;
      });
    expect(await count()).toBeGreaterThan(0);
    svc.clock.now = new Date(svc.clock.now.getTime() + 3600_000);
    await periodicSweep(svc.db().db, svc.deps);
    expect(await count()).toBe(0);
  });
});

describe("deep linking: an instructor adds an assignment to the LMS", () => {
  let deepLinked: string;

  beforeAll(async () => {
    const a = await call(svc, admin, "POST", "/api/v1/assignments", {
      courseId,
      slug: "deep-linked",
      title: "Deep-linked pod",
      lab: "single-pod",
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    deepLinked = a.body.id;
  });

  const teacher = { sub: "lms-teacher-2", name: "Grace Hopper", roles: [INSTRUCTOR] };

  /** The instructor's deep-linking launch, up to the page of assignments to choose from. */
  async function picker(user: { sub: string; roles?: string[] } = teacher) {
    const started = await login(platform.deepLinkingUrl({ clientId: CLIENT_ID, user }));
    expect(started.status, started.body).toBe(302);
    const form = await authorize(started.location!);
    return postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie);
  }

  const hidden = (html: string, name: string) =>
    [...html.matchAll(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`, "g"))].map((m) => m[1]);

  it("lists the school's assignments, and the choice goes back to the LMS as a signed link with a line item", async () => {
    const page = await picker();
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain("Add an assignment to the LMS");
    expect(page.text).toContain("Deep-linked pod");
    expect(page.text).toContain("First pod");
    const sessions = hidden(page.text, "session");
    expect(new Set(sessions).size).toBe(1);
    expect(hidden(page.text, "assignment")).toContain(deepLinked);

    const chosen = await svc.fetch(`/lti/${SLUG}/deep-link`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ session: sessions[0], assignment: deepLinked }).toString(),
    });
    const html = await chosen.text();
    expect(chosen.status, html).toBe(200);
    const { action } = parseForm(html).attributes;
    expect(new URL(action).origin).toBe(new URL(platform.url).origin);
    // The page may post to the LMS and nowhere else.
    const policy = chosen.headers.get("content-security-policy") ?? "";
    expect(policy).toContain(`form-action 'self' ${new URL(platform.url).origin}`);
    // The LMS may show the page in a frame of its own; no other site may.
    expect(policy).toContain(`frame-ancestors ${new URL(platform.url).origin}`);
    const jwt = parseForm(html).fields.JWT;
    const back = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ JWT: jwt }).toString(),
    });
    expect(back.status, await back.text()).toBe(200);
    const [link] = platform
      .deepLinks()
      .filter((d) => d.item.custom && (d.item.custom as Record<string, string>).assignment === deepLinked);
    expect(link.item).toMatchObject({
      type: "ltiResourceLink",
      title: "Deep-linked pod",
      url: LAUNCH_URL,
      lineItem: { scoreMaximum: 10, label: "Deep-linked pod", resourceId: deepLinked },
    });
    expect(link.lineItemUrl).toBeDefined();

    // A student who follows the new link lands on the assignment, which now reports its grades
    // to the line item the LMS made for the link.
    const { done } = await launch({
      clientId: CLIENT_ID,
      user: { sub: "lms-user-70", name: "Student 70" },
      resourceLink: { id: link.resourceLinkId },
      custom: link.item.custom as Record<string, string>,
      lineItemUrl: link.lineItemUrl!,
    });
    expect(done.status, done.text).toBe(303);
    expect(await (await svc.fetch(done.location!)).text()).toContain("Deep-linked pod");
    const a = await call(svc, admin, "GET", `/api/v1/assignments/${deepLinked}`);
    expect(a.body).toMatchObject({ integrationId, lineItemUrl: link.lineItemUrl });
    // The audit log says who linked it from which LMS, and that a student launched into it.
    const audit = await call(svc, admin, "GET", "/api/v1/audit?limit=500");
    const entries = (audit.body.items as { action: string; actor: string; targetId: string; detail: unknown }[]).filter(
      (e) => e.targetId === deepLinked,
    );
    expect(entries.map((e) => e.action).sort()).toEqual(["assignment.created", "lti.deep-linked", "lti.launched"]);
    expect(entries.find((e) => e.action === "lti.deep-linked")).toMatchObject({
      actor: `lms:${integrationId}`,
      detail: { instructor: "lms-teacher-2" },
    });
  });

  it("offers only the assignments of the course linked to the LMS course the instructor is in", async () => {
    const course = await call(svc, admin, "POST", "/api/v1/courses", {
      code: "K8S-301",
      title: "Advanced",
      externalId: "lms-course-301",
    });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    const a = await call(svc, admin, "POST", "/api/v1/assignments", {
      courseId: course.body.id,
      slug: "taints",
      title: "Taints and tolerations",
      lab: "taints-tolerations",
    });
    expect(a.status).toBe(201);
    const started = await login(
      platform.deepLinkingUrl({ clientId: CLIENT_ID, user: teacher, context: { id: "lms-course-301" } }),
    );
    const form = await authorize(started.location!);
    const page = await postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie);
    expect(page.status, page.text).toBe(200);
    expect(hidden(page.text, "assignment")).toEqual([a.body.id]);
    expect(page.text).toContain("Taints and tolerations");
    expect(page.text).not.toContain("Deep-linked pod");
  });

  it("adds several assignments at once when the LMS takes several, and one per link when it does not", async () => {
    const started = await login(platform.deepLinkingUrl({ clientId: CLIENT_ID, user: teacher, acceptMultiple: true }));
    const form = await authorize(started.location!);
    const page = await postLaunch({ id_token: form.idToken!, state: form.state! }, started.cookie);
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain("each becomes a link of its own");
    expect(page.text).toContain(`<input type="checkbox" name="assignment" value="${deepLinked}"`);
    const [session] = hidden(page.text, "session");
    const both = new URLSearchParams([
      ["session", session],
      ["assignment", deepLinked],
      ["assignment", assignmentId],
    ]);
    const chosen = await svc.fetch(`/lti/${SLUG}/deep-link`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: both.toString(),
    });
    const html = await chosen.text();
    expect(chosen.status, html).toBe(200);
    expect(unescapeHtml(html)).toContain("Chosen: Deep-linked pod, First pod.");
    const before = platform.deepLinks().length;
    const returned = parseForm(html);
    const back = await fetch(returned.attributes.action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ JWT: returned.fields.JWT }).toString(),
    });
    expect(back.status, await back.text()).toBe(200);
    expect(
      platform
        .deepLinks()
        .slice(before)
        .map((d) => (d.item.custom as Record<string, string>).assignment),
    ).toEqual([deepLinked, assignmentId]);

    // An LMS that takes one item per link gets one.
    const single = await picker();
    const [one] = hidden(single.text, "session");
    const refused = await svc.fetch(`/lti/${SLUG}/deep-link`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams([
        ["session", one],
        ["assignment", deepLinked],
        ["assignment", assignmentId],
      ]).toString(),
    });
    expect(refused.status).toBe(400);
    expect(unescapeHtml(await refused.text())).toContain("the LMS takes one assignment per link");
  });

  it("is refused to a student, and the choice cannot be altered, reused elsewhere or made late", async () => {
    const student = await picker({ sub: "lms-user-71", roles: [LEARNER] });
    expect(student.status).toBe(403);
    expect(student.text).toContain("takes an instructor role");

    const page = await picker();
    const [session] = hidden(page.text, "session");
    const choose = (s: string, slug = SLUG, assignment = deepLinked) =>
      svc.fetch(`/lti/${slug}/deep-link`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
        body: new URLSearchParams({ session: s, assignment }).toString(),
      });
    const altered = `${session.slice(0, -2)}${session.endsWith("A") ? "B" : "A"}A`;
    const r1 = await choose(altered);
    expect(r1.status).toBe(400);
    expect(unescapeHtml(await r1.text())).toContain("this choice is not valid any more");
    const r2 = await choose(session, OTHER);
    expect(r2.status).toBe(400);
    const r3 = await choose(session, SLUG, "5b0c6a2e-1d3f-4c4b-9a8e-2f6d7c8b9a01");
    expect(r3.status).toBe(404);
    svc.clock.now = new Date(svc.clock.now.getTime() + 2 * 3600_000);
    const r4 = await choose(session);
    expect(r4.status).toBe(400);
  });
});

describe("whatever a browser or an LMS sends", () => {
  it("a login or a launch answers with a redirect, a page or a problem, never a server error (seeded)", async () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const l = await loginOnly(student("lms-user-90"));
    const genuine = await platform.idTokenFor({ ...student("lms-user-90"), nonce: l.nonce });
    const values = [
      "",
      " ",
      "x",
      "%",
      "é\u0000\ud800",
      "a".repeat(3000),
      "x.y",
      "x.y.z",
      "...",
      "e30.e30.e30",
      platform.issuer,
      "https://unknown.example",
      CLIENT_ID,
      LAUNCH_URL,
      "javascript:alert(1)",
      l.state,
      `${l.state}x`,
      genuine,
      genuine.split(".").reverse().join("."),
      '{"a":1}',
      "null",
    ] as const;
    const loginFields = ["iss", "login_hint", "target_link_uri", "client_id", "lti_deployment_id", "lti_message_hint"];
    const launchFields = ["id_token", "state", "error", "error_description"];
    const fields = (names: readonly string[]) => {
      const p = new URLSearchParams();
      for (const n of names) if (next() < 0.7) p.set(n, pick(values));
      if (next() < 0.2) p.set(pick(["x", "id_token", "state"]), pick(values));
      return p;
    };
    const jsError =
      /TypeError|ReferenceError|RangeError|undefined is not|Cannot read prop|is not a function|\[object Object\]/;
    for (let i = 0; i < 150; i++) {
      const kind = pick(["login-get", "login-post", "launch", "deep-link"] as const);
      const slug = next() < 0.9 ? SLUG : pick([OTHER, "nobody", "%2e%2e", "x".repeat(70)]);
      const headers: Record<string, string> = {
        "content-type": pick(["application/x-www-form-urlencoded", "application/json", "text/plain"]),
        ...(next() < 0.5
          ? {
              cookie: `${l.cookie.split("=")[0]}=${pick(values)
                .replace(/[^\x21-\x7e]/g, "")
                .slice(0, 100)}`,
            }
          : {}),
        ...(next() < 0.5 ? { accept: "text/html" } : {}),
      };
      const r =
        kind === "login-get"
          ? await svc.fetch(`/lti/${slug}/login?${fields(loginFields)}`, { redirect: "manual", headers })
          : await svc.fetch(`/lti/${slug}/${kind === "login-post" ? "login" : kind}`, {
              method: "POST",
              headers,
              body: fields(
                kind === "login-post" ? loginFields : kind === "launch" ? launchFields : ["session", "assignment"],
              ).toString(),
              redirect: "manual",
            });
      const text = await r.text();
      expect(r.status, `${kind} ${slug}: ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(text).not.toMatch(jsError);
    }
  });
});
