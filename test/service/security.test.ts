/**
 * Security of every route. The route list comes from the app itself (`app.routes`), and the
 * first tests fail when a route has no access rule or no cross-tenant case here, so a route
 * added without a security test cannot go unnoticed.
 *
 * Two tenants share one service on PGlite: A is the caller, B owns the objects A must not reach.
 * Row-level security is tested on a real PostgreSQL only (see the last section).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import type { Deps } from "../../src/api/context.ts";
import { ERROR_CODES, type ErrorCode } from "../../src/api/errors.ts";
import { signStudentLink } from "../../src/api/student-link.ts";
import { integrationRepo } from "../../src/db/repos/lms.ts";
import { tenantById } from "../../src/db/repos/tenants.ts";
import { withSystem } from "../../src/db/tenant.ts";
import { generateWebhookSecret, signWebhook } from "../../src/lms/webhook-signature.ts";
import { call, createTenant, OPERATOR_TOKEN, startTestService, type TestService } from "../support/app.ts";
import { createDatabase } from "../support/postgres.ts";

// ---------------------------------------------------------------------------------------------
// The routes, from the app

/** Only `app.routes` is read from this app; it serves no request. */
const STUB_DEPS: Deps = {
  openDb: () => {
    throw new Error("no database: this app only lists its routes");
  },
  now: () => new Date(0),
  fetch: () => Promise.reject(new Error("no network")),
  waitUntil: () => {},
  config: { rateLimitPerMinute: 1 },
  log: () => {},
};

/** `METHOD /path` of every route; `ALL` entries are middleware registered with `use`. */
const ROUTES = [
  ...new Set(
    createApp(() => STUB_DEPS)
      .routes.filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`),
  ),
].sort();

/**
 * `lti`: a browser the LMS sends (an LTI 1.3 login and launch). Nothing but a launch the tenant's
 * platform signed opens anything; test/service/lti-launch.test.ts forges, replays and
 * misdirects them.
 */
type Access = "public" | "operator" | "key" | "admin" | "webhook" | "student" | "lti";

/** Who may call each route: `key` is any API key of the tenant, `admin` an admin key only. */
const ACCESS: Record<string, Access> = {
  "GET /healthz": "public",
  "GET /readyz": "public",
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/docs": "public",
  "POST /api/v1/tenants": "operator",
  "GET /api/v1/keys": "admin",
  "POST /api/v1/keys": "admin",
  "DELETE /api/v1/keys/:id": "admin",
  "GET /api/v1/labs": "key",
  "POST /api/v1/labs": "key",
  "GET /api/v1/labs/:id": "key",
  "GET /api/v1/courses": "key",
  "POST /api/v1/courses": "key",
  "GET /api/v1/courses/:id": "key",
  "GET /api/v1/courses/:id/gradebook": "key",
  "GET /api/v1/assignments": "key",
  "POST /api/v1/assignments": "key",
  "GET /api/v1/assignments/:id": "key",
  "PATCH /api/v1/assignments/:id": "key",
  "POST /api/v1/assignments/:id/links": "key",
  "POST /api/v1/assignments/:id/regrade": "key",
  "GET /api/v1/students": "key",
  "POST /api/v1/students": "key",
  "GET /api/v1/students/:id": "key",
  "GET /api/v1/submissions": "key",
  "POST /api/v1/submissions": "key",
  "GET /api/v1/submissions/:id": "key",
  "GET /api/v1/submissions/:id/report": "key",
  "POST /api/v1/submissions/:id/regrade": "key",
  "POST /api/v1/grade": "key",
  "GET /api/v1/integrations": "admin",
  "POST /api/v1/integrations": "admin",
  "GET /api/v1/integrations/:id": "admin",
  "PATCH /api/v1/integrations/:id": "admin",
  "GET /api/v1/outbox": "key",
  "POST /api/v1/outbox/:id/retry": "key",
  "GET /api/v1/audit": "admin",
  "POST /webhooks/lms/:tenant": "webhook",
  "GET /lti/:tenant/jwks.json": "public",
  "GET /lti/:tenant/login": "lti",
  "POST /lti/:tenant/login": "lti",
  "POST /lti/:tenant/launch": "lti",
  "POST /lti/:tenant/deep-link": "lti",
  "GET /s/:token": "student",
  "POST /s/:token": "student",
  "GET /s/:token/submissions/:id": "student",
};

const routesWith = (...kinds: Access[]) => ROUTES.filter((r) => kinds.includes(ACCESS[r]));
const KEYED = routesWith("key", "admin");
const split = (route: string) => route.split(" ") as [string, string];

// ---------------------------------------------------------------------------------------------
// Two tenants with one of everything

const TRANSCRIPT = { kind: "transcript", text: "kubectl run web --image=nginx:1.25\nsleep 10\nkubectl get pods\n" };
const LAB_YAML = readFileSync(new URL("../../labs/single-pod/lab.yaml", import.meta.url), "utf8");
const labYaml = (id: string, title = "Run a single nginx pod") =>
  LAB_YAML.replace("id: single-pod", `id: ${id}`).replace("title: Run a single nginx pod", `title: ${title}`);
/** A well-formed uuid no tenant has. */
const MISSING = "5b0c6a2e-1d3f-4c4b-9a8e-2f6d7c8b9a01";

interface World {
  slug: string;
  tenantId: string;
  admin: string;
  adminKeyId: string;
  instructor: string;
  labId: string;
  courseId: string;
  integrationId: string;
  webhookSecret: string;
  assignmentId: string;
  /** externalId -> student id. */
  students: Record<"alice" | "bob", string>;
  submissionId: string;
  outboxId: string;
  /** externalId -> the student's link token (`/s/<token>`). */
  links: Record<"alice" | "bob", string>;
  linkSecret: string;
  /** The private half of the integration's LTI tool key. */
  privateKeyD: string;
}

async function ok(
  svc: TestService,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) {
  const r = await call(svc, key, method, path, body, headers);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function makeWorld(svc: TestService, slug: string): Promise<World> {
  const { tenantId, adminKey: admin } = await createTenant(svc, slug);
  const [first] = (await ok(svc, admin, "GET", "/api/v1/keys")).items;
  const instructor = (await ok(svc, admin, "POST", "/api/v1/keys", { name: "ta", role: "instructor" })).key;
  const labId = `private-${slug}`;
  await ok(svc, admin, "POST", "/api/v1/labs", labYaml(labId), { "content-type": "application/yaml" });
  // The same course code and integration name in both tenants: uniqueness is per tenant.
  const course = await ok(svc, admin, "POST", "/api/v1/courses", { code: "K8S-101", title: "Kubernetes" });
  const integration = await ok(svc, admin, "POST", "/api/v1/integrations", {
    name: "Campus LMS",
    issuer: "https://lms.example",
    clientId: `client-${slug}`,
    tokenUrl: "https://lms.example/token",
  });
  const assignment = await ok(svc, admin, "POST", "/api/v1/assignments", {
    courseId: course.id,
    slug: "pod",
    title: "First pod",
    lab: "single-pod",
    integrationId: integration.id,
    lineItemUrl: "https://lms.example/lineitems/1",
    externalId: "resource-link-1",
  });
  const enrolled = await ok(svc, admin, "POST", "/api/v1/students", {
    courseId: course.id,
    students: [{ externalId: "alice", name: "Alice" }, { externalId: "bob" }],
  });
  const students = Object.fromEntries(
    enrolled.items.map((s: { externalId: string; id: string }) => [s.externalId, s.id]),
  ) as World["students"];
  const submission = await ok(svc, admin, "POST", "/api/v1/submissions", {
    assignmentId: assignment.id,
    studentId: "alice",
    submission: TRANSCRIPT,
  });
  await svc.settle();
  const [entry] = (await ok(svc, admin, "GET", "/api/v1/outbox")).items;
  const issued = await ok(svc, admin, "POST", `/api/v1/assignments/${assignment.id}/links`);
  const links = Object.fromEntries(
    issued.items.map((l: { externalId: string; url: string }) => [l.externalId, l.url.split("/s/")[1]]),
  ) as World["links"];
  const handle = svc.db();
  const secrets = await withSystem(handle.db, async (tx) => ({
    linkSecret: (await tenantById(tx, tenantId))!.linkSecret,
    privateKeyD: ((await integrationRepo(tx, tenantId).get(integration.id))!.toolPrivateJwk as { d: string }).d,
  }));
  await handle.release();
  return {
    slug,
    tenantId,
    admin,
    adminKeyId: first.id,
    instructor,
    labId,
    courseId: course.id,
    integrationId: integration.id,
    webhookSecret: integration.webhookSecret,
    assignmentId: assignment.id,
    students,
    submissionId: submission.id,
    outboxId: entry.id,
    links,
    ...secrets,
  };
}

let svc: TestService;
let a: World;
let b: World;

beforeAll(async () => {
  // Passback deliveries fail fast instead of reaching the network; they stay pending.
  svc = await startTestService({ fetch: async () => new Response("unavailable", { status: 503 }) });
  a = await makeWorld(svc, "sec-a");
  b = await makeWorld(svc, "sec-b");
}, 120_000);
afterAll(() => svc?.close());

/** Every id tenant B's objects have. */
const idsOf = (w: World) => [
  w.tenantId,
  w.adminKeyId,
  w.labId,
  w.courseId,
  w.integrationId,
  w.assignmentId,
  w.students.alice,
  w.students.bob,
  w.submissionId,
  w.outboxId,
];

// ---------------------------------------------------------------------------------------------
// Assertions

type Answer = Awaited<ReturnType<typeof call>>;

function expectProblem(r: Answer, status: number, code: ErrorCode, detail?: string | RegExp): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.headers.get("content-type")).toBe("application/problem+json");
  expect(r.body).toMatchObject({
    type: `https://labgrader.dev/problems/${code.replace(/_/g, "-")}`,
    title: ERROR_CODES[code].title,
    status,
    code,
    requestId: r.headers.get("x-request-id"),
  });
  if (typeof detail === "string") expect(r.body.detail).toBe(detail);
  else if (detail) expect(r.body.detail).toMatch(detail);
}

/** A body with its request id and the given ids blanked, to compare two answers. */
function scrub(body: unknown, ids: string[]): unknown {
  let text = JSON.stringify({ ...(body as object), requestId: "<request id>" });
  for (const id of ids) text = text.replaceAll(id, "<id>");
  return JSON.parse(text);
}

/** A names tenant B's object, then an object nobody has: both answers are the same 404. */
async function sameAsMissing(
  method: string,
  path: (id: string) => string,
  other: string,
  missing = MISSING,
  body?: unknown,
) {
  const theirs = await call(svc, a.admin, method, path(other), body);
  const nobodys = await call(svc, a.admin, method, path(missing), body);
  expectProblem(theirs, 404, "not_found", /not found$/);
  expect(scrub(theirs.body, [other])).toEqual(scrub(nobodys.body, [missing]));
}

/** A body naming tenant B's object is refused exactly like one naming nothing. */
async function sameRefusal(
  method: string,
  path: string,
  body: (ref: string) => unknown,
  other: string,
  missing = MISSING,
) {
  const theirs = await call(svc, a.admin, method, path, body(other));
  const nobodys = await call(svc, a.admin, method, path, body(missing));
  expectProblem(theirs, 422, "invalid");
  expect(scrub(theirs.body, [other])).toEqual(scrub(nobodys.body, [missing]));
}

/** A's view lists A's objects and none of B's. */
async function listsOnlyOwn(path: string, own: string[], key = a.admin) {
  const r = await call(svc, key, "GET", path);
  expect(r.status).toBe(200);
  const text = JSON.stringify(r.body);
  for (const id of own) expect(text).toContain(id);
  for (const id of idsOf(b)) expect(text).not.toContain(id);
}

// ---------------------------------------------------------------------------------------------

describe("the security tests cover every route", () => {
  it("has an access rule for every route the app registers, and none for a route it does not", () => {
    expect(Object.keys(ACCESS).sort()).toEqual(ROUTES);
  });

  it("has a cross-tenant case for every route an API key reaches", () => {
    expect(Object.keys(CROSS_TENANT).sort()).toEqual(KEYED);
  });

  it("has a student-link request for every student page", () => {
    expect(Object.keys(STUDENT_REQUESTS).sort()).toEqual(routesWith("student"));
  });
});

describe("API keys", () => {
  const BAD_AUTHORIZATION: [string, (w: World) => string][] = [
    ["no token after Bearer", () => "Bearer"],
    ["Basic credentials", () => `Basic ${btoa("admin:admin")}`],
    ["a key that is too short", () => "Bearer lg_short"],
    ["a key with a character more", (w) => `Bearer ${w.admin}x`],
    ["a key followed by more text", (w) => `Bearer ${w.admin} extra`],
    ["the operator token", () => `Bearer ${OPERATOR_TOKEN}`],
    ["a well-formed key nobody was given", () => `Bearer lg_${"A".repeat(32)}`],
  ];
  const withParams = (route: string) => {
    const [method, path] = split(route);
    return { method, path: path.replace(":id", MISSING) };
  };

  it.each(KEYED)("%s without a key is 401 with a Bearer challenge", async (route) => {
    const { method, path } = withParams(route);
    const r = await call(svc, undefined, method, path);
    expectProblem(r, 401, "unauthenticated", "send an API key: Authorization: Bearer lg_...");
    expect(r.headers.get("www-authenticate")).toBe('Bearer realm="labgrader"');
  });

  it.each(KEYED)("%s with a malformed or unknown key is 401", async (route) => {
    const { method, path } = withParams(route);
    for (const [what, header] of BAD_AUTHORIZATION) {
      const r = await call(svc, undefined, method, path, undefined, { authorization: header(a) });
      expect(r.status, what).toBe(401);
      expectProblem(r, 401, "unauthenticated");
      expect(r.headers.get("www-authenticate"), what).toBe('Bearer realm="labgrader"');
    }
  });

  it.each(KEYED)("%s with a revoked key is 401", async (route) => {
    const created = await ok(svc, a.admin, "POST", "/api/v1/keys", { name: "to revoke", role: "admin" });
    await ok(svc, a.admin, "DELETE", `/api/v1/keys/${created.id}`);
    const { method, path } = withParams(route);
    const r = await call(svc, created.key, method, path);
    expectProblem(r, 401, "unauthenticated", "the API key is not valid or was revoked");
    expect(r.headers.get("www-authenticate")).toBe('Bearer realm="labgrader"');
  });

  it.each(routesWith("admin"))("%s refuses an instructor key with 403", async (route) => {
    const { method, path } = withParams(route);
    const r = await call(svc, a.instructor, method, path);
    expectProblem(r, 403, "forbidden", "this route needs an API key with the role admin");
  });

  it.each(routesWith("key"))("%s admits an instructor key", async (route) => {
    const { method, path } = withParams(route);
    const r = await call(svc, a.instructor, method, path);
    expect([401, 403], `${r.status} ${JSON.stringify(r.body)}`).not.toContain(r.status);
  });

  it.each(KEYED)("%s admits an admin key", async (route) => {
    const { method, path } = withParams(route);
    const r = await call(svc, a.admin, method, path);
    expect([401, 403], `${r.status} ${JSON.stringify(r.body)}`).not.toContain(r.status);
  });
});

// ---------------------------------------------------------------------------------------------
// Tenants

/** For each keyed route: what tenant A gets when it names, lists or collides with tenant B's objects. */
const CROSS_TENANT: Record<string, () => Promise<void>> = {
  "GET /api/v1/keys": () => listsOnlyOwn("/api/v1/keys", [a.adminKeyId]),
  "POST /api/v1/keys": async () => {
    const created = await ok(svc, a.admin, "POST", "/api/v1/keys", { name: "new", role: "admin" });
    await listsOnlyOwn("/api/v1/courses", [a.courseId], created.key);
  },
  "DELETE /api/v1/keys/:id": async () => {
    await sameAsMissing("DELETE", (id) => `/api/v1/keys/${id}`, b.adminKeyId);
    expect((await call(svc, b.admin, "GET", "/api/v1/keys")).status).toBe(200);
  },
  "GET /api/v1/labs": () => listsOnlyOwn("/api/v1/labs", [a.labId]),
  "POST /api/v1/labs": async () => {
    // Both tenants upload a lab with the same id: two labs, each tenant sees its own.
    await ok(svc, b.admin, "POST", "/api/v1/labs", labYaml("same-id-lab", "B's lab"), {
      "content-type": "application/yaml",
    });
    const r = await call(svc, a.admin, "POST", "/api/v1/labs", labYaml("same-id-lab", "A's lab"), {
      "content-type": "application/yaml",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: "same-id-lab", seq: 1, title: "A's lab", created: true });
    expect((await ok(svc, a.admin, "GET", "/api/v1/labs/same-id-lab")).versions).toHaveLength(1);
    expect(await ok(svc, b.admin, "GET", "/api/v1/labs/same-id-lab")).toMatchObject({ title: "B's lab" });
  },
  "GET /api/v1/labs/:id": () => sameAsMissing("GET", (id) => `/api/v1/labs/${id}`, b.labId, "no-such-lab"),
  "GET /api/v1/courses": () => listsOnlyOwn("/api/v1/courses", [a.courseId]),
  "POST /api/v1/courses": async () => {
    await ok(svc, b.admin, "POST", "/api/v1/courses", { code: "CS-200", title: "B's course" });
    const r = await call(svc, a.admin, "POST", "/api/v1/courses", { code: "CS-200", title: "A's course" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code: "CS-200", title: "A's course" });
  },
  "GET /api/v1/courses/:id": () => sameAsMissing("GET", (id) => `/api/v1/courses/${id}`, b.courseId),
  "GET /api/v1/courses/:id/gradebook": () =>
    sameAsMissing("GET", (id) => `/api/v1/courses/${id}/gradebook`, b.courseId),
  "GET /api/v1/assignments": async () => {
    await listsOnlyOwn("/api/v1/assignments", [a.assignmentId]);
    const theirs = await call(svc, a.admin, "GET", `/api/v1/assignments?courseId=${b.courseId}`);
    expect(theirs.body).toEqual({ items: [] });
    expect((await call(svc, a.admin, "GET", `/api/v1/assignments?courseId=${MISSING}`)).body).toEqual(theirs.body);
  },
  "POST /api/v1/assignments": async () => {
    await sameRefusal(
      "POST",
      "/api/v1/assignments",
      (courseId) => ({ courseId, slug: "stolen", title: "Stolen", lab: "single-pod" }),
      b.courseId,
    );
    await sameRefusal(
      "POST",
      "/api/v1/assignments",
      (integrationId) => ({ courseId: a.courseId, slug: "stolen", title: "Stolen", lab: "single-pod", integrationId }),
      b.integrationId,
    );
    // B's private lab is no lab to A.
    const r = await call(svc, a.admin, "POST", "/api/v1/assignments", {
      courseId: a.courseId,
      slug: "stolen-lab",
      title: "Stolen",
      lab: b.labId,
    });
    expectProblem(r, 422, "invalid", `no lab "${b.labId}" in this tenant's labs or the built-in catalogue`);
  },
  "GET /api/v1/assignments/:id": () => sameAsMissing("GET", (id) => `/api/v1/assignments/${id}`, b.assignmentId),
  "PATCH /api/v1/assignments/:id": async () => {
    await sameAsMissing("PATCH", (id) => `/api/v1/assignments/${id}`, b.assignmentId, MISSING, { title: "Taken" });
    expect(await ok(svc, b.admin, "GET", `/api/v1/assignments/${b.assignmentId}`)).toMatchObject({
      title: "First pod",
    });
  },
  "POST /api/v1/assignments/:id/links": () =>
    sameAsMissing("POST", (id) => `/api/v1/assignments/${id}/links`, b.assignmentId),
  "POST /api/v1/assignments/:id/regrade": async () => {
    await sameAsMissing("POST", (id) => `/api/v1/assignments/${id}/regrade`, b.assignmentId);
    expect((await ok(svc, b.admin, "GET", `/api/v1/submissions/${b.submissionId}`)).results).toHaveLength(1);
  },
  "GET /api/v1/students": async () => {
    await listsOnlyOwn("/api/v1/students", [a.students.alice, a.students.bob]);
    expect((await call(svc, a.admin, "GET", `/api/v1/students?courseId=${b.courseId}`)).body).toEqual({ items: [] });
  },
  "POST /api/v1/students": async () => {
    await sameRefusal(
      "POST",
      "/api/v1/students",
      (courseId) => ({ courseId, students: [{ externalId: "mallory" }] }),
      b.courseId,
    );
    const names = (await ok(svc, a.admin, "GET", "/api/v1/students")).items.map(
      (s: { externalId: string }) => s.externalId,
    );
    expect(names).not.toContain("mallory");
  },
  "GET /api/v1/students/:id": () => sameAsMissing("GET", (id) => `/api/v1/students/${id}`, b.students.alice),
  "GET /api/v1/submissions": async () => {
    await listsOnlyOwn("/api/v1/submissions", [a.submissionId]);
    const empty = { items: [], nextCursor: null };
    expect((await call(svc, a.admin, "GET", `/api/v1/submissions?assignmentId=${b.assignmentId}`)).body).toEqual(empty);
    expect((await call(svc, a.admin, "GET", `/api/v1/submissions?studentId=${b.students.alice}`)).body).toEqual(empty);
  },
  "POST /api/v1/submissions": async () => {
    await sameRefusal(
      "POST",
      "/api/v1/submissions",
      (assignmentId) => ({ assignmentId, studentId: "alice", submission: TRANSCRIPT }),
      b.assignmentId,
    );
    await sameRefusal(
      "POST",
      "/api/v1/submissions",
      (studentId) => ({ assignmentId: a.assignmentId, studentId, submission: TRANSCRIPT }),
      b.students.alice,
    );
  },
  "GET /api/v1/submissions/:id": () => sameAsMissing("GET", (id) => `/api/v1/submissions/${id}`, b.submissionId),
  "GET /api/v1/submissions/:id/report": () =>
    sameAsMissing("GET", (id) => `/api/v1/submissions/${id}/report`, b.submissionId),
  "POST /api/v1/submissions/:id/regrade": async () => {
    await sameAsMissing("POST", (id) => `/api/v1/submissions/${id}/regrade`, b.submissionId);
    expect((await ok(svc, b.admin, "GET", `/api/v1/submissions/${b.submissionId}`)).results).toHaveLength(1);
  },
  "POST /api/v1/grade": async () => {
    const theirs = await call(svc, a.admin, "POST", "/api/v1/grade", { lab: b.labId, submission: TRANSCRIPT });
    const nobodys = await call(svc, a.admin, "POST", "/api/v1/grade", { lab: "no-such-lab", submission: TRANSCRIPT });
    expectProblem(theirs, 422, "invalid");
    expect(scrub(theirs.body, [b.labId])).toEqual(scrub(nobodys.body, ["no-such-lab"]));
  },
  "GET /api/v1/integrations": () => listsOnlyOwn("/api/v1/integrations", [a.integrationId]),
  "POST /api/v1/integrations": async () => {
    const lms = { issuer: "https://other.example", clientId: "c", tokenUrl: "https://other.example/token" };
    await ok(svc, b.admin, "POST", "/api/v1/integrations", { name: "Other LMS", ...lms });
    const r = await call(svc, a.admin, "POST", "/api/v1/integrations", { name: "Other LMS", ...lms });
    expect(r.status).toBe(201);
    expect(r.body.webhookUrl).toBe(`http://localhost/webhooks/lms/${a.slug}`);
  },
  "GET /api/v1/integrations/:id": () => sameAsMissing("GET", (id) => `/api/v1/integrations/${id}`, b.integrationId),
  "PATCH /api/v1/integrations/:id": async () => {
    const change = { authLoginUrl: "https://lms.example/taken" };
    await sameAsMissing("PATCH", (id) => `/api/v1/integrations/${id}`, b.integrationId, MISSING, change);
    expect(await ok(svc, b.admin, "GET", `/api/v1/integrations/${b.integrationId}`)).toMatchObject({
      authLoginUrl: null,
    });
  },
  "GET /api/v1/outbox": () => listsOnlyOwn("/api/v1/outbox", [a.outboxId]),
  "POST /api/v1/outbox/:id/retry": async () => {
    const before = await ok(svc, b.admin, "GET", "/api/v1/outbox");
    await sameAsMissing("POST", (id) => `/api/v1/outbox/${id}/retry`, b.outboxId);
    expect(await ok(svc, b.admin, "GET", "/api/v1/outbox")).toEqual(before);
  },
  "GET /api/v1/audit": () => listsOnlyOwn("/api/v1/audit?limit=500", [a.courseId, a.assignmentId]),
};

describe("another tenant's objects", () => {
  it.each(KEYED)("%s: tenant B's objects are not found by tenant A, exactly like missing ones", async (route) => {
    await CROSS_TENANT[route]();
  });

  it("GET /lti/:tenant/jwks.json serves the named tenant's keys only", async () => {
    const kid = async (w: World) => (await ok(svc, w.admin, "GET", `/api/v1/integrations/${w.integrationId}`)).keyId;
    const jwks = await call(svc, undefined, "GET", `/lti/${a.slug}/jwks.json`);
    expect(jwks.status).toBe(200);
    const kids = jwks.body.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toContain(await kid(a));
    expect(kids).not.toContain(await kid(b));
  });
});

describe("path parameters that name nothing", () => {
  const BAD = [
    "not-a-uuid",
    "12345",
    "00000000-0000-0000-0000-00000000000g",
    "5b0c6a2e1d3f4c4b9a8e2f6d7c8b9a01",
    "%27%20OR%201%3D1--",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "x".repeat(300),
    MISSING,
  ];
  const WITH_PARAMS = ROUTES.filter((r) => r.includes(":"));
  /** A route that reads its body before looking the id up gets a valid one, so the id is what is wrong. */
  const VALID_BODY: Record<string, unknown> = {
    "PATCH /api/v1/assignments/:id": { title: "Renamed" },
    "PATCH /api/v1/integrations/:id": { authLoginUrl: "https://lms.example/auth" },
  };

  it.each(WITH_PARAMS)("%s answers 404 problem+json, never a 500, for ids that are not ids", async (route) => {
    const [method, path] = split(route);
    for (const bad of BAD) {
      // A route with a token and an id gets a valid token, so the id is what is wrong.
      const concrete = path.includes(":token/")
        ? path.replace(":token", a.links.alice).replace(":id", bad)
        : path.replace(/:\w+/, bad);
      const key = ACCESS[route] === "key" || ACCESS[route] === "admin" ? a.admin : undefined;
      const r = await call(svc, key, method, concrete, VALID_BODY[route]);
      expect(r.status, `${route} with ${bad.slice(0, 40)}`).toBe(404);
      expectProblem(r, 404, "not_found");
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The operator route

describe("POST /api/v1/tenants (the operator's)", () => {
  const body = { slug: "intruder", name: "Intruder" };
  const challenge = 'Bearer realm="labgrader-operator"';

  it("without the operator token is 401 with a Bearer challenge", async () => {
    const r = await call(svc, undefined, "POST", "/api/v1/tenants", body);
    expectProblem(r, 401, "unauthenticated", "send the operator token: Authorization: Bearer <token>");
    expect(r.headers.get("www-authenticate")).toBe(challenge);
  });

  it.each([
    ["a wrong token", () => "Bearer not-the-operator-token"],
    ["the token with a character more", () => `Bearer ${OPERATOR_TOKEN}x`],
    ["the token cut short", () => `Bearer ${OPERATOR_TOKEN.slice(0, -1)}`],
    ["a tenant's admin key", () => `Bearer ${a.admin}`],
    ["Basic credentials", () => `Basic ${btoa(`operator:${OPERATOR_TOKEN}`)}`],
  ])("with %s is 401 and creates nothing", async (_what, header) => {
    const r = await call(svc, undefined, "POST", "/api/v1/tenants", body, { authorization: header() });
    expectProblem(r, 401, "unauthenticated");
    expect(r.headers.get("www-authenticate")).toBe(challenge);
  });

  it("with the operator token creates the tenant that the refused requests did not", async () => {
    const r = await call(svc, undefined, "POST", "/api/v1/tenants", body, {
      authorization: `Bearer ${OPERATOR_TOKEN}`,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ slug: "intruder", adminKey: { role: "admin" } });
  });
});

// ---------------------------------------------------------------------------------------------
// The LMS webhook

describe("POST /webhooks/lms/:tenant", () => {
  const event = (user: string) =>
    JSON.stringify({
      type: "submission.created",
      data: { assignmentId: a.assignmentId, user: { id: user }, submission: TRANSCRIPT },
    });

  async function deliver(
    body: string,
    opts: { id: string; secret?: string; at?: Date; tenant?: string; drop?: string; tamper?: (b: string) => string },
  ): Promise<Answer> {
    const headers: Record<string, string> = {
      ...(await signWebhook({
        secret: opts.secret ?? a.webhookSecret,
        id: opts.id,
        timestamp: opts.at ?? svc.clock.now,
        body,
      })),
      "content-type": "application/json",
    };
    if (opts.drop) delete headers[opts.drop];
    return call(svc, undefined, "POST", `/webhooks/lms/${opts.tenant ?? a.slug}`, opts.tamper?.(body) ?? body, headers);
  }

  /** The submissions of an LMS user (by their LTI id), via the API. */
  async function submissionsOf(user: string): Promise<{ id: string }[]> {
    const students = (await ok(svc, a.admin, "GET", "/api/v1/students")).items as { externalId: string; id: string }[];
    const student = students.find((s) => s.externalId === user);
    if (!student) return [];
    return (await ok(svc, a.admin, "GET", `/api/v1/submissions?studentId=${student.id}`)).items;
  }

  const NO_MATCH = "no v1 signature in webhook-signature matches the body";

  const FORGERIES: [string, { secret?: () => string; tamper?: (body: string) => string }][] = [
    ["signed with another secret", { secret: generateWebhookSecret }],
    ["signed with the other tenant's secret", { secret: () => b.webhookSecret }],
    ["whose body was changed after signing", { tamper: (body) => body.replace("kubectl get pods", "true") }],
  ];

  it.each(FORGERIES.map(([what, how], i) => [what, how, i] as const))(
    "refuses a delivery %s with 401 and stores nothing",
    async (_what, how, i) => {
      const user = `lms-forged-${i}`;
      const r = await deliver(event(user), { secret: how.secret?.(), tamper: how.tamper, id: `msg_forged_${i}` });
      expectProblem(r, 401, "bad_signature", NO_MATCH);
      expect(await submissionsOf(user)).toEqual([]);
    },
  );

  it("refuses a delivery signed more than 5 minutes ago", async () => {
    const at = new Date(svc.clock.now.getTime() - 301_000);
    const r = await deliver(event("lms-late"), { id: "msg_late", at });
    expectProblem(r, 401, "bad_signature", "webhook-timestamp is 301 s behind the server clock (tolerance 300 s)");
    expect(await submissionsOf("lms-late")).toEqual([]);
  });

  it("refuses a delivery signed more than 5 minutes in the future", async () => {
    const at = new Date(svc.clock.now.getTime() + 301_000);
    const r = await deliver(event("lms-early"), { id: "msg_early", at });
    expectProblem(r, 401, "bad_signature", "webhook-timestamp is 301 s ahead of the server clock (tolerance 300 s)");
    expect(await submissionsOf("lms-early")).toEqual([]);
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])(
    "refuses a delivery without the %s header",
    async (name) => {
      const r = await deliver(event("lms-headless"), { id: "msg_headless", drop: name });
      expectProblem(r, 401, "bad_signature", `missing ${name} header`);
      expect(await submissionsOf("lms-headless")).toEqual([]);
    },
  );

  it.each(["nobody", MISSING, "Not A Slug!"])("answers 404 for the unknown tenant %s", async (tenant) => {
    const r = await deliver(event("lms-lost"), { id: "msg_lost", tenant: encodeURIComponent(tenant) });
    expectProblem(r, 404, "not_found", "tenant not found");
  });

  it("refuses every delivery to a tenant without an LMS integration", async () => {
    await createTenant(svc, "no-lms");
    const r = await deliver(event("lms-nowhere"), { id: "msg_nowhere", tenant: "no-lms" });
    expectProblem(r, 401, "bad_signature", "the tenant has no active LMS integration");
  });

  it("answers a replayed webhook-id with the first outcome and grades it once", async () => {
    const body = event("lms-replay");
    const first = await deliver(body, { id: "msg_replay" });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ submissionId: expect.any(String), status: "received" });
    expect(first.headers.get("webhook-replayed")).toBeNull();

    const again = await deliver(body, { id: "msg_replay" });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("webhook-replayed")).toBe("true");
    await svc.settle();

    // After grading, a replay with the same id (even re-signed over another body) still gets the first outcome.
    const other = await deliver(event("lms-replay-2"), { id: "msg_replay" });
    expect(other.status).toBe(202);
    expect(other.body).toEqual(first.body);
    expect(other.headers.get("webhook-replayed")).toBe("true");
    await svc.settle();

    expect((await submissionsOf("lms-replay")).map((s) => s.id)).toEqual([first.body.submissionId]);
    expect(await submissionsOf("lms-replay-2")).toEqual([]);
    const detail = await ok(svc, a.admin, "GET", `/api/v1/submissions/${first.body.submissionId}`);
    expect(detail.status).toBe("graded");
    expect(detail.results).toHaveLength(1);
    const outbox = (await ok(svc, a.admin, "GET", "/api/v1/outbox")).items as { submissionId: string }[];
    expect(outbox.filter((o) => o.submissionId === first.body.submissionId)).toHaveLength(1);
  });

  it("does not let a refused delivery use up its webhook-id", async () => {
    const body = event("lms-after-forgery");
    const forged = await deliver(body, { id: "msg_contested", secret: generateWebhookSecret() });
    expectProblem(forged, 401, "bad_signature", NO_MATCH);
    const genuine = await deliver(body, { id: "msg_contested" });
    expect(genuine.status).toBe(202);
    expect(genuine.headers.get("webhook-replayed")).toBeNull();
    await svc.settle();
    expect(await submissionsOf("lms-after-forgery")).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Student links

const fromB64 = (s: string) => JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
const toB64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

async function page(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string; text: string; location: string | null }> {
  const r = await svc.fetch(path, { ...init, headers: { accept: "text/html" } });
  return {
    status: r.status,
    type: r.headers.get("content-type") ?? "",
    text: await r.text(),
    location: r.headers.get("location"),
  };
}

async function csrfOf(token: string): Promise<string> {
  const p = await page(`/s/${token}`);
  expect(p.status).toBe(200);
  return /name="csrf" value="([^"]+)"/.exec(p.text)![1];
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

/** How each student page is requested with a given link token. */
const STUDENT_REQUESTS: Record<string, (token: string) => Promise<{ path: string; init: RequestInit }>> = {
  "GET /s/:token": async (token) => ({ path: `/s/${token}`, init: {} }),
  // The form carries alice's valid csrf token, so only the link is at fault.
  "POST /s/:token": async (token) => ({
    path: `/s/${token}`,
    init: { method: "POST", body: form({ transcript: TRANSCRIPT.text, csrf: await csrfOf(a.links.alice) }) },
  }),
  "GET /s/:token/submissions/:id": async (token) => ({ path: `/s/${token}/submissions/${a.submissionId}`, init: {} }),
};

describe("student links", () => {
  const linkCases: [string, () => Promise<string>, RegExp][] = [
    [
      "with a changed signature",
      async () => {
        const [payload, signature] = a.links.alice.split(".");
        return `${payload}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
      },
      /this assignment link is not valid/,
    ],
    [
      "naming another student under alice's signature",
      async () => {
        const [payload, signature] = a.links.alice.split(".");
        return `${toB64({ ...fromB64(payload), s: a.students.bob })}.${signature}`;
      },
      /this assignment link is not valid/,
    ],
    [
      "naming another tenant under alice's signature",
      async () => {
        const [payload, signature] = a.links.alice.split(".");
        return `${toB64({ ...fromB64(payload), t: b.tenantId })}.${signature}`;
      },
      /this assignment link is not valid/,
    ],
    [
      "signed with the other tenant's secret",
      () =>
        signStudentLink(b.linkSecret, {
          tenantId: a.tenantId,
          assignmentId: a.assignmentId,
          studentId: a.students.alice,
          exp: Math.floor(svc.clock.now.getTime() / 1000) + 86400,
        }),
      /this assignment link is not valid/,
    ],
    [
      "that expired",
      () =>
        signStudentLink(a.linkSecret, {
          tenantId: a.tenantId,
          assignmentId: a.assignmentId,
          studentId: a.students.alice,
          exp: Math.floor(svc.clock.now.getTime() / 1000) - 1,
        }),
      /this assignment link has expired/,
    ],
    ["that is no token at all", async () => "not-a-token", /this assignment link is not valid/],
  ];

  it.each(routesWith("student"))("%s opens with alice's genuine link", async (route) => {
    const { path, init } = await STUDENT_REQUESTS[route](a.links.alice);
    const p = await page(path, init);
    expect([200, 303]).toContain(p.status);
    await svc.settle();
  });

  for (const route of routesWith("student")) {
    it.each(linkCases)(`${route} with a link %s is a 404 page`, async (_what, token, message) => {
      const { path, init } = await STUDENT_REQUESTS[route](await token());
      const p = await page(path, init);
      expect(p.status).toBe(404);
      expect(p.type).toMatch(/^text\/html/);
      expect(p.text).toMatch(message);
    });
  }

  it("shows a student only their own submissions: another's reads like a missing one", async () => {
    const own = await page(`/s/${a.links.alice}/submissions/${a.submissionId}`);
    expect(own.status).toBe(200);
    for (const [token, id] of [
      [a.links.bob, a.submissionId],
      [a.links.alice, b.submissionId],
      [a.links.alice, MISSING],
    ]) {
      const p = await page(`/s/${token}/submissions/${id}`);
      expect(p.status).toBe(404);
      expect(p.text).toContain("no such submission");
    }
  });

  it("refuses a form post without the csrf token, with a wrong one or with another link's, and stores nothing", async () => {
    const before = (await ok(svc, a.admin, "GET", `/api/v1/submissions?studentId=${a.students.alice}`)).items;
    const forged: Record<string, string>[] = [
      {},
      { csrf: "" },
      { csrf: "A".repeat(43) },
      { csrf: await csrfOf(a.links.bob) },
      { csrf: await csrfOf(b.links.alice) },
    ];
    for (const fields of forged) {
      const p = await page(`/s/${a.links.alice}`, {
        method: "POST",
        body: form({ transcript: TRANSCRIPT.text, ...fields }),
      });
      expect(p.status, JSON.stringify(fields)).toBe(403);
      expect(p.type).toMatch(/^text\/html/);
      expect(p.text).toContain("the form expired or came from another site");
    }
    await svc.settle();
    expect((await ok(svc, a.admin, "GET", `/api/v1/submissions?studentId=${a.students.alice}`)).items).toEqual(before);

    const genuine = await page(`/s/${a.links.alice}`, {
      method: "POST",
      body: form({ transcript: TRANSCRIPT.text, csrf: await csrfOf(a.links.alice) }),
    });
    expect(genuine.status).toBe(303);
    expect(genuine.location).toMatch(
      new RegExp(`^/s/${a.links.alice.replace(/\./g, "\\.")}/submissions/[0-9a-f-]{36}$`),
    );
    await svc.settle();
  });
});

// ---------------------------------------------------------------------------------------------
// Secrets

describe("secrets are shown once", () => {
  const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

  it("lists an API key by its prefix only, never the key or its hash", async () => {
    const created = await ok(svc, a.admin, "POST", "/api/v1/keys", { name: "shown once", role: "instructor" });
    expect(created.key).toMatch(/^lg_[A-Za-z0-9_-]{32}$/);
    const listed = await call(svc, a.admin, "GET", "/api/v1/keys");
    const item = listed.body.items.find((k: { id: string }) => k.id === created.id);
    expect(Object.keys(item).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "role"]);
    expect(item.prefix).toBe(created.key.slice(0, 11));
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(sha256(created.key));
  });

  it("never returns an integration's webhook secret or private key after creating it", async () => {
    for (const path of ["/api/v1/integrations", `/api/v1/integrations/${a.integrationId}`]) {
      const r = await call(svc, a.admin, "GET", path);
      expect(r.status).toBe(200);
      const text = JSON.stringify(r.body);
      expect(text).not.toContain(a.webhookSecret);
      expect(text).not.toContain(a.privateKeyD);
      expect(text).not.toMatch(/webhookSecret|privateJwk|"d":/);
    }
    const one = await ok(svc, a.admin, "GET", `/api/v1/integrations/${a.integrationId}`);
    expect(Object.keys(one).sort()).toEqual([
      "authLoginUrl",
      "clientId",
      "createdAt",
      "deploymentId",
      "disabledAt",
      "id",
      "issuer",
      "jwksUrl",
      "keyId",
      "launchUrl",
      "loginUrl",
      "name",
      "platformJwksUrl",
      "tokenUrl",
      "webhookUrl",
    ]);
  });

  // The LTI login answers only a platform's login request (a redirect, not a page): what it
  // sends back is checked for secrets in test/service/lti-launch.test.ts.
  it.each(ROUTES.filter((r) => r.startsWith("GET ") && ACCESS[r] !== "lti"))(
    "%s returns no secret of either tenant",
    async (route) => {
      const path = split(route)[1]
        .replace(":token", a.links.alice)
        .replace(":tenant", a.slug)
        .replace(":id", idFor(route));
      const key = ACCESS[route] === "key" || ACCESS[route] === "admin" ? a.admin : undefined;
      const r = await svc.fetch(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
      expect(r.status).toBe(200);
      const text = await r.text();
      for (const w of [a, b]) {
        for (const secret of [w.admin, w.instructor, w.webhookSecret, w.linkSecret, w.privateKeyD]) {
          expect(text).not.toContain(secret);
        }
        expect(text).not.toContain(sha256(w.admin));
      }
      expect(text).not.toContain(OPERATOR_TOKEN);
    },
  );
});

/** Tenant A's object for the `:id` of a route. */
function idFor(route: string): string {
  const path = split(route)[1];
  if (path.startsWith("/s/")) return a.submissionId;
  const kind = path.split("/")[3];
  const ids: Record<string, string> = {
    keys: a.adminKeyId,
    labs: a.labId,
    courses: a.courseId,
    assignments: a.assignmentId,
    students: a.students.alice,
    submissions: a.submissionId,
    integrations: a.integrationId,
    outbox: a.outboxId,
  };
  return ids[kind] ?? MISSING;
}

// ---------------------------------------------------------------------------------------------
// Rate limits

describe("rate limits (3 requests per key per minute)", () => {
  let limited: TestService;
  let admin: string;

  beforeAll(async () => {
    limited = await startTestService({ rateLimitPerMinute: 3, start: new Date("2026-03-02T09:00:00.000Z") });
    admin = (await createTenant(limited, "limited")).adminKey;
  }, 120_000);
  afterAll(() => limited?.close());

  it("counts each key's requests in the minute and answers the 4th with 429 and Retry-After", async () => {
    const created = await call(limited, admin, "POST", "/api/v1/keys", { name: "other", role: "instructor" });
    expect(created.status).toBe(201);
    const remaining = [created.headers.get("ratelimit-remaining")];
    for (let i = 0; i < 2; i++) {
      const r = await call(limited, admin, "GET", "/api/v1/courses");
      expect(r.status).toBe(200);
      expect(r.headers.get("ratelimit-limit")).toBe("3");
      expect(r.headers.get("ratelimit-reset")).toBe("60");
      remaining.push(r.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);

    const refused = await call(limited, admin, "GET", "/api/v1/courses");
    expectProblem(refused, 429, "rate_limited", "this API key may make 3 requests per minute");
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");

    limited.clock.now = new Date("2026-03-02T09:00:15.000Z");
    const later = await call(limited, admin, "GET", "/api/v1/courses");
    expectProblem(later, 429, "rate_limited");
    expect(later.headers.get("retry-after")).toBe("45");

    // Another key has its own count.
    const other = await call(limited, created.body.key, "GET", "/api/v1/courses");
    expect(other.status).toBe(200);
    expect(other.headers.get("ratelimit-remaining")).toBe("2");

    limited.clock.now = new Date("2026-03-02T09:01:00.000Z");
    const nextMinute = await call(limited, admin, "GET", "/api/v1/courses");
    expect(nextMinute.status).toBe(200);
    expect(nextMinute.headers.get("ratelimit-remaining")).toBe("2");
  });

  it("POST /api/v1/submissions counts the submissions it refuses for their body or for what they name", async () => {
    // The route authenticates, counts and stores in one transaction: a refusal after the key
    // must leave the request counted, and past the limit nothing is judged.
    const key = (await createTenant(limited, "submitter")).adminKey;
    limited.clock.now = new Date("2026-03-02T09:02:00.000Z");
    const submission = { kind: "transcript", text: "kubectl get pods\n" };
    const bad = await call(limited, key, "POST", "/api/v1/submissions", { submission });
    expectProblem(bad, 422, "invalid");
    expect(bad.headers.get("ratelimit-remaining")).toBe("2");
    const notJson = await limited.fetch("/api/v1/submissions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get("ratelimit-remaining")).toBe("1");
    const unknown = await call(limited, key, "POST", "/api/v1/submissions", {
      assignmentId: MISSING,
      studentId: "nobody",
      submission,
    });
    expectProblem(unknown, 422, "invalid", "assignmentId names no assignment of this tenant");
    expect(unknown.headers.get("ratelimit-remaining")).toBe("0");
    const refused = await call(limited, key, "POST", "/api/v1/submissions", { submission });
    expectProblem(refused, 429, "rate_limited");
    expect(refused.headers.get("retry-after")).toBe("60");
    // A key that is not one gets 401 whatever its body says.
    const stranger = await call(limited, `lg_${"x".repeat(32)}`, "POST", "/api/v1/submissions", { submission });
    expectProblem(stranger, 401, "unauthenticated", "the API key is not valid or was revoked");
  });

  describe("on every keyed route", () => {
    let spent: string;
    beforeAll(async () => {
      spent = (await createTenant(limited, "spent")).adminKey;
      for (let i = 0; i < 3; i++) expect((await call(limited, spent, "GET", "/api/v1/courses")).status).toBe(200);
    });

    it.each(KEYED)("%s answers a key over its limit with 429 and Retry-After", async (route) => {
      const [method, path] = split(route);
      const r = await call(limited, spent, method, path.replace(":id", MISSING));
      expectProblem(r, 429, "rate_limited");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Row-level security

const pgSkipped = inject("pgSkipped");
const rlsTitle = "row-level security on a real PostgreSQL";

// PGlite runs every query as a superuser, and superusers bypass row-level security, so the
// policies are only exercised here: on a real PostgreSQL as the non-superuser role the service
// connects as in production, with the migrations applied.
describe.skipIf(pgSkipped)(pgSkipped ? `${rlsTitle} (skipped tier: ${pgSkipped})` : rlsTitle, () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let client: pg.Client;
  const tenantIds: Record<string, string> = {};

  async function asTenant<T>(tenant: string | null, fn: () => Promise<T>): Promise<T> {
    await client.query("BEGIN");
    try {
      if (tenant !== null) await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
      return await fn();
    } finally {
      await client.query("ROLLBACK");
    }
  }

  const count = async (table: string) =>
    Number((await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);

  beforeAll(async () => {
    database = await createDatabase(inject("pgUrl")!, { template: inject("pgTemplate") });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.tenant_id', '*', true)");
    const { rows } = await client.query(
      "INSERT INTO tenants (slug, name, link_secret) VALUES ('rls-a', 'A', 'a'), ('rls-b', 'B', 'b') RETURNING id, slug",
    );
    for (const r of rows) tenantIds[r.slug] = r.id;
    await client.query(
      "INSERT INTO courses (tenant_id, code, title) VALUES ($1, 'A-1', 'A course'), ($2, 'B-1', 'B course')",
      [tenantIds["rls-a"], tenantIds["rls-b"]],
    );
    await client.query("COMMIT");
  }, 60_000);

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("connects as a role that is not a superuser and does not bypass row-level security", async () => {
    const { rows } = await client.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it("enables and forces row-level security on every table with a tenant_id, and on tenants", async () => {
    const { rows } = await client.query(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND (c.relname = 'tenants' OR EXISTS (
          SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
      ORDER BY c.relname`);
    expect(rows.length).toBeGreaterThanOrEqual(16);
    expect(rows.filter((r) => !r.enabled || !r.forced)).toEqual([]);
  });

  it("shows a query with no tenant setting no rows", async () => {
    expect(await asTenant(null, () => count("tenants"))).toBe(0);
    expect(await asTenant(null, () => count("courses"))).toBe(0);
    // The system context sees both, so the rows are there.
    expect(await asTenant("*", () => count("courses"))).toBe(2);
  });

  it("shows a tenant its own rows only", async () => {
    const codes = await asTenant(tenantIds["rls-a"], async () =>
      (await client.query("SELECT code FROM courses ORDER BY code")).rows.map((r) => r.code),
    );
    expect(codes).toEqual(["A-1"]);
    expect(await asTenant(tenantIds["rls-a"], () => count("tenants"))).toBe(1);
  });

  it("refuses to write a row for another tenant, or with no tenant setting", async () => {
    const insert = () =>
      client.query("INSERT INTO courses (tenant_id, code, title) VALUES ($1, 'X-1', 'Planted')", [tenantIds["rls-b"]]);
    await expect(asTenant(tenantIds["rls-a"], insert)).rejects.toMatchObject({ code: "42501" });
    await expect(asTenant(null, insert)).rejects.toMatchObject({ code: "42501" });
    const moved = await asTenant(tenantIds["rls-a"], () =>
      client.query("UPDATE courses SET title = 'Moved' WHERE code = 'B-1'"),
    );
    expect(moved.rowCount).toBe(0);
  });
});
