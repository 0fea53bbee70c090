import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTenant, startTestService, type TestService } from "../support/app.ts";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
}, 120_000);
afterAll(() => svc.close());

describe("the service in-process on PGlite", () => {
  it("creates a tenant, a course, an assignment and grades a submission through the API", async () => {
    const { adminKey } = await createTenant(svc, "smoke");
    const course = await call(svc, adminKey, "POST", "/api/v1/courses", { code: "K8S-1", title: "Kubernetes" });
    expect(course.status).toBe(201);
    const a = await call(svc, adminKey, "POST", "/api/v1/assignments", {
      courseId: course.body.id,
      slug: "pod",
      title: "First pod",
      lab: "single-pod",
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const st = await call(svc, adminKey, "POST", "/api/v1/students", {
      courseId: course.body.id,
      students: [{ externalId: "alice" }],
    });
    expect(st.status).toBe(200);
    const sub = await call(svc, adminKey, "POST", "/api/v1/submissions", {
      assignmentId: a.body.id,
      studentId: "alice",
      submission: { kind: "transcript", text: "kubectl run web --image=nginx:1.25\nsleep 10\nkubectl get pods\n" },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    expect(sub.body.status).toBe("graded");
    expect(sub.body.report.maxScore).toBeGreaterThan(0);
    const list = await call(svc, adminKey, "GET", `/api/v1/submissions?assignmentId=${a.body.id}`);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([sub.body.id]);
    const book = await call(svc, adminKey, "GET", `/api/v1/courses/${course.body.id}/gradebook?format=csv`);
    expect(book.status).toBe(200);
    expect(book.body.split("\r\n")[0]).toBe("externalId,name,email,pod,total");
  });

  it("takes a submission sent with an Idempotency-Key on an assignment with a cooldown, and refuses the next one", async () => {
    const { adminKey } = await createTenant(svc, "cooldown");
    const course = await call(svc, adminKey, "POST", "/api/v1/courses", { code: "K8S-2", title: "Kubernetes" });
    const a = await call(svc, adminKey, "POST", "/api/v1/assignments", {
      courseId: course.body.id,
      slug: "pod",
      title: "First pod",
      lab: "single-pod",
      cooldownSeconds: 60,
    });
    await call(svc, adminKey, "POST", "/api/v1/students", {
      courseId: course.body.id,
      students: [{ externalId: "dana" }],
    });
    const body = {
      assignmentId: a.body.id,
      studentId: "dana",
      submission: { kind: "transcript", text: "kubectl run web --image=nginx:1.25\n" },
    };
    const first = await call(svc, adminKey, "POST", "/api/v1/submissions", body, { "idempotency-key": "attempt-1" });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.status).toBe("graded");
    const replay = await call(svc, adminKey, "POST", "/api/v1/submissions", body, { "idempotency-key": "attempt-1" });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(first.body.id);
    const next = await call(svc, adminKey, "POST", "/api/v1/submissions", body, { "idempotency-key": "attempt-2" });
    expect(next.status).toBe(429);
    expect(next.body.code).toBe("cooldown");
    expect(next.body.detail).toBe("wait 60 s before the next attempt (one attempt every 60 s)");
    expect(next.headers.get("retry-after")).toBe("60");
  });
});
