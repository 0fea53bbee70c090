/**
 * The LMS path end to end on loopback: an LMS delivers a signed webhook, the service stores and
 * grades the submission after answering 202, and the grade goes back to a spec-faithful LTI 1.3
 * platform (test/support/lti-platform.ts) through Assignment and Grade Services, from the outbox,
 * with retries and a dead-letter state an instructor can see and retry.
 *
 * The platform checks client assertions against the service's clock, so moving that clock past a
 * backoff moves both sides together.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepOutbox } from "../../src/lms/outbox.ts";
import { signWebhook } from "../../src/lms/webhook-signature.ts";
import { call, createTenant, startTestService, type TestService } from "../support/app.ts";
import { type LtiPlatform, startLtiPlatform } from "../support/lti-platform.ts";
import { SINGLE_POD_IMAGE_TYPO, SINGLE_POD_REFERENCE } from "./api-suite.ts";

const SLUG = "lms-e2e";
const CLIENT_ID = "labgrader-tool-7";
const LINE_ITEM = "k8s-101-pod";

let svc: TestService;
let platform: LtiPlatform;
let admin: string;
let integration: { id: string; webhookSecret: string; keyId: string };
let assignmentId: string;
let lineItemUrl: string;

beforeAll(async () => {
  svc = await startTestService();
  platform = await startLtiPlatform({ now: () => svc.deps.now() });
  ({ adminKey: admin } = await createTenant(svc, SLUG));
  const made = await call(svc, admin, "POST", "/api/v1/integrations", {
    name: "Moodle",
    issuer: platform.url,
    clientId: CLIENT_ID,
    deploymentId: "1",
    tokenUrl: platform.tokenUrl,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  integration = made.body;
  const course = await call(svc, admin, "POST", "/api/v1/courses", { code: "K8S-101", title: "Kubernetes" });
  lineItemUrl = platform.createLineItem(LINE_ITEM);
  const a = await call(svc, admin, "POST", "/api/v1/assignments", {
    courseId: course.body.id,
    slug: "pod",
    title: "First pod",
    lab: "single-pod",
    integrationId: integration.id,
    lineItemUrl,
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  assignmentId = a.body.id;
}, 120_000);

afterAll(async () => {
  await svc?.close();
  await platform?.close();
});

/** The student's own single-pod name, as the grader derives it from the LMS user id. */
async function podFor(user: string): Promise<string> {
  const r = await call(svc, admin, "POST", "/api/v1/grade", {
    lab: "single-pod",
    student: user,
    submission: { kind: "transcript", text: "kubectl get pods\n" },
  });
  return /^A pod named (\S+) exists$/.exec(r.body.checkpoints[0].title)![1];
}

const reference = (pod: string) => ({ kind: "transcript", text: SINGLE_POD_REFERENCE.replaceAll("{{pod}}", pod) });
const imageTypo = (pod: string) => ({
  kind: "manifests",
  files: [{ name: "pod.yaml", content: SINGLE_POD_IMAGE_TYPO.replaceAll("{{pod}}", pod) }],
});

/** A `submission.created` event as the LMS sends it, signed now with the integration's secret. */
async function deliver(id: string, user: string, submission: unknown, submittedAt: Date) {
  const body = JSON.stringify({
    type: "submission.created",
    timestamp: svc.deps.now().toISOString(),
    data: {
      assignmentId,
      user: { id: user, name: `Student ${user}` },
      submittedAt: submittedAt.toISOString(),
      submission,
    },
  });
  const headers = await signWebhook({ secret: integration.webhookSecret, id, timestamp: svc.deps.now(), body });
  const r = await svc.fetch(`/webhooks/lms/${SLUG}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body,
  });
  return { status: r.status, headers: r.headers, body: (await r.json()) as { submissionId: string; status: string } };
}

async function submissionsOf(user: string) {
  const students = await call(svc, admin, "GET", "/api/v1/students");
  const student = students.body.items.find((s: { externalId: string }) => s.externalId === user);
  if (!student) return [];
  const list = await call(svc, admin, "GET", `/api/v1/submissions?studentId=${student.id}`);
  return list.body.items as { id: string; status: string; score: number; submittedAt: string }[];
}

async function outbox(status: string) {
  const r = await call(svc, admin, "GET", `/api/v1/outbox?status=${status}`);
  expect(r.status).toBe(200);
  return r.body.items as {
    id: string;
    submissionId: string;
    status: string;
    attempts: number;
    nextAttemptAt: string | null;
    lastError: string | null;
    payload: { userId: string; scoreGiven: number; scoreMaximum: number };
    deliveredAt: string | null;
  }[];
}

const scoresOf = (user: string) => platform.scores(LINE_ITEM).filter((s) => s.userId === user);

describe("the LMS webhook to grade to passback path", () => {
  it("registers the tool with the platform by the public key the tenant's JWKS serves", async () => {
    const r = await svc.fetch(`/lti/${SLUG}/jwks.json`);
    expect(r.status).toBe(200);
    const jwks = (await r.json()) as { keys: { kid: string; kty: string; alg: string; use: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: integration.keyId, kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0].d, "the private exponent never leaves the service").toBeUndefined();
    platform.registerTool({ clientId: CLIENT_ID, publicJwk: jwks.keys[0] });
  });

  it("answers a signed delivery with 202 and the submission id, grades it, and sends the score to the LMS", async () => {
    const user = "lti-user-ann";
    const pod = await podFor(user);
    const r = await deliver("msg_ann_1", user, reference(pod), svc.deps.now());
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ submissionId: expect.any(String), status: "received" });
    await svc.settle();

    const report = await call(svc, admin, "GET", `/api/v1/submissions/${r.body.submissionId}/report`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ student: user, gradable: true, score: 10, maxScore: 10 });
    const [sub] = await submissionsOf(user);
    expect(sub).toMatchObject({ id: r.body.submissionId, source: "lms", status: "graded", score: 10 });

    expect(scoresOf(user)).toEqual([
      {
        lineItemId: LINE_ITEM,
        clientId: CLIENT_ID,
        userId: user,
        scoreGiven: report.body.score,
        scoreMaximum: report.body.maxScore,
        comment: "labgrader: best of 1 attempt(s)",
        timestamp: svc.deps.now().toISOString(),
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      },
    ]);
    const delivered = (await outbox("delivered")).filter((o) => o.submissionId === r.body.submissionId);
    expect(delivered).toEqual([
      expect.objectContaining({ status: "delivered", attempts: 1, nextAttemptAt: null, lastError: null }),
    ]);
  });

  it("answers a repeated delivery with the first answer and neither grades nor sends it twice", async () => {
    const user = "lti-user-ben";
    const payload = reference(await podFor(user));
    const at = svc.deps.now();
    const first = await deliver("msg_ben_1", user, payload, at);
    expect(first.status).toBe(202);
    expect(first.headers.get("webhook-replayed")).toBeNull();
    await svc.settle();
    const again = await deliver("msg_ben_1", user, payload, at);
    expect(again.status).toBe(202);
    expect(again.headers.get("webhook-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    await svc.settle();

    expect((await submissionsOf(user)).map((s) => s.id)).toEqual([first.body.submissionId]);
    const one = await call(svc, admin, "GET", `/api/v1/submissions/${first.body.submissionId}`);
    expect(one.body.results).toHaveLength(1);
    expect(scoresOf(user).map((s) => s.scoreGiven)).toEqual([10]);
  });

  it("keeps the best score when an older attempt arrives after a newer one", async () => {
    const user = "lti-user-cat";
    const pod = await podFor(user);
    const now = svc.deps.now();
    const newer = await deliver("msg_cat_2", user, reference(pod), now);
    expect(newer.status).toBe(202);
    await svc.settle();
    const older = await deliver("msg_cat_1", user, imageTypo(pod), new Date(now.getTime() - 10 * 60_000));
    expect(older.status).toBe(202);
    await svc.settle();

    const subs = await submissionsOf(user);
    const score = Object.fromEntries(subs.map((s) => [s.id, s.score]));
    expect(score).toEqual({ [newer.body.submissionId]: 10, [older.body.submissionId]: 5 });
    // The LMS saw 10, then the best of both attempts, 10 again: never the weaker late arrival.
    expect(scoresOf(user).map((s) => [s.scoreGiven, s.scoreMaximum, s.comment])).toEqual([
      [10, 10, "labgrader: best of 1 attempt(s)"],
      [10, 10, "labgrader: best of 2 attempt(s)"],
    ]);
    const book = await call(svc, admin, "GET", `/api/v1/courses/${await courseId()}/gradebook`);
    const row = book.body.rows.find((r: { student: { externalId: string } }) => r.student.externalId === user);
    expect(row.scores[assignmentId]).toEqual({ best: 10, max: 10, attempts: 2 });
  });

  it("keeps the score in the outbox with backoff while the LMS is down, and delivers it once due", async () => {
    const user = "lti-user-dan";
    const pod = await podFor(user);
    platform.failNext(1, { status: 503 }, "any");
    const r = await deliver("msg_dan_1", user, reference(pod), svc.deps.now());
    expect(r.status).toBe(202);
    await svc.settle();

    expect(scoresOf(user)).toEqual([]);
    const [pending] = (await outbox("pending")).filter((o) => o.submissionId === r.body.submissionId);
    const thirtySecondsOn = new Date(svc.deps.now().getTime() + 30_000).toISOString();
    expect(pending).toMatchObject({
      status: "pending",
      attempts: 1,
      nextAttemptAt: thirtySecondsOn,
      lastError: expect.stringMatching(/answered 503/),
      payload: { userId: user, scoreGiven: 10, scoreMaximum: 10 },
    });

    // Not due yet: a sweep leaves it alone.
    expect(await sweepOutbox(svc.db().db, svc.deps)).toEqual({ delivered: 0, pending: 0, dead: 0 });
    svc.clock.now = new Date(svc.clock.now.getTime() + 30_000);
    expect(await sweepOutbox(svc.db().db, svc.deps)).toEqual({ delivered: 1, pending: 0, dead: 0 });

    expect(scoresOf(user).map((s) => [s.scoreGiven, s.gradingProgress, s.activityProgress])).toEqual([
      [10, "FullyGraded", "Completed"],
    ]);
    const [done] = (await outbox("delivered")).filter((o) => o.id === pending.id);
    expect(done).toMatchObject({ status: "delivered", attempts: 2, nextAttemptAt: null, deliveredAt: thirtySecondsOn });
  });

  it("marks a score the LMS refuses for good as dead, for an instructor to see and retry", async () => {
    const user = "lti-user-eve";
    const pod = await podFor(user);
    platform.failNext(1, { status: 400 }, "scores");
    const r = await deliver("msg_eve_1", user, reference(pod), svc.deps.now());
    expect(r.status).toBe(202);
    await svc.settle();

    expect(scoresOf(user)).toEqual([]);
    const dead = (await outbox("dead")).filter((o) => o.submissionId === r.body.submissionId);
    expect(dead).toEqual([
      expect.objectContaining({
        status: "dead",
        attempts: 1,
        nextAttemptAt: null,
        lastError: expect.stringMatching(/^score endpoint answered 400/),
      }),
    ]);

    const retry = await call(svc, admin, "POST", `/api/v1/outbox/${dead[0].id}/retry`);
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect(retry.body).toMatchObject({ id: dead[0].id, status: "pending", attempts: 0 });
    await svc.settle();

    expect(scoresOf(user).map((s) => [s.scoreGiven, s.scoreMaximum, s.gradingProgress])).toEqual([
      [10, 10, "FullyGraded"],
    ]);
    expect((await outbox("dead")).filter((o) => o.id === dead[0].id)).toEqual([]);
    const [delivered] = (await outbox("delivered")).filter((o) => o.id === dead[0].id);
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1, lastError: null });
    const again = await call(svc, admin, "POST", `/api/v1/outbox/${dead[0].id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "conflict", detail: "the score was delivered; nothing to retry" });
  });

  it("sent the platform only requests it accepted, apart from the failures it was told to inject", () => {
    const refused = platform.requests.filter((q) => q.error !== "injected" && q.status !== 200 && q.status !== 204);
    expect(refused).toEqual([]);
    expect(platform.requests.filter((q) => q.error === "injected").map((q) => q.status)).toEqual([503, 400]);
  });
});

async function courseId(): Promise<string> {
  const a = await call(svc, admin, "GET", `/api/v1/assignments/${assignmentId}`);
  return a.body.courseId;
}
