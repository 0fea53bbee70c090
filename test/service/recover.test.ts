import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentRepo, studentRepo } from "../../src/db/repos/catalog.ts";
import { submissionRepo } from "../../src/db/repos/submissions.ts";
import { assignments } from "../../src/db/schema.ts";
import { withTenant } from "../../src/db/tenant.ts";
import { storeSubmission } from "../../src/service/grading.ts";
import { periodicSweep } from "../../src/service/sweep.ts";
import { call, createTenant, startTestService, type TestService } from "../support/app.ts";

let svc: TestService;
let key: string;
let tenantId: string;
let assignmentId: string;
const manifest = {
  kind: "manifests" as const,
  files: [
    {
      name: "pod.yaml",
      content:
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n",
    },
  ],
};

beforeAll(async () => {
  svc = await startTestService();
  ({ adminKey: key, tenantId } = await createTenant(svc, "recover"));
  const course = await call(svc, key, "POST", "/api/v1/courses", { code: "C1", title: "Course" });
  const a = await call(svc, key, "POST", "/api/v1/assignments", {
    courseId: course.body.id,
    slug: "pod",
    title: "Pod",
    lab: "single-pod",
  });
  assignmentId = a.body.id;
  await call(svc, key, "POST", "/api/v1/students", { courseId: course.body.id, students: [{ externalId: "bob" }] });
}, 120_000);
afterAll(() => svc.close());

async function storeOnly(): Promise<string> {
  const db = svc.db().db;
  const { assignment, student } = await withTenant(db, tenantId, async (tx) => ({
    assignment: (await assignmentRepo(tx, tenantId).get(assignmentId))!,
    student: (await studentRepo(tx, tenantId).byExternalId("bob"))!,
  }));
  const stored = await storeSubmission(db, tenantId, svc.deps.now(), {
    assignment,
    student,
    source: "api",
    payload: manifest,
    actor: "test",
  });
  if (!stored.ok) throw new Error("refused");
  return stored.submission.id;
}

describe("nothing a student sent is lost", () => {
  it("grades a stored submission that was never graded, once it is two minutes old", async () => {
    const id = await storeOnly();
    const db = svc.db().db;
    const status = async () => (await withTenant(db, tenantId, (tx) => submissionRepo(tx, tenantId).get(id)))!.status;
    expect(await status()).toBe("received");
    expect((await periodicSweep(db, svc.deps)).regraded).toBe(0);
    expect(await status()).toBe("received");
    svc.clock.now = new Date(svc.clock.now.getTime() + 3 * 60_000);
    expect((await periodicSweep(db, svc.deps)).regraded).toBe(1);
    expect(await status()).toBe("graded");
    const report = await call(svc, key, "GET", `/api/v1/submissions/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.body.gradable).toBe(true);
  });

  it("keeps a submission whose grading failed, visible as failed with the error, and a regrade recovers it", async () => {
    const db = svc.db().db;
    const assignment = await call(svc, key, "GET", `/api/v1/assignments/${assignmentId}`);
    const pinned = assignment.body.lab.version as string;
    // The assignment points at a lab version that is not stored (an operator's mistake):
    // grading cannot start.
    const missing = "sha256:0000000000000000";
    const repin = (version: string) =>
      withTenant(db, tenantId, (tx) =>
        tx.update(assignments).set({ labVersion: version }).where(eq(assignments.id, assignmentId)),
      );
    await repin(missing);
    const sub = await call(svc, key, "POST", "/api/v1/submissions", {
      assignmentId,
      studentId: "bob",
      submission: manifest,
    });
    expect(sub.status).toBe(201);
    expect(sub.body.status).toBe("failed");
    expect(sub.body.error).toBe(`lab single-pod version ${missing} is not stored`);
    const failed = await call(svc, key, "GET", `/api/v1/submissions?status=failed`);
    expect(failed.body.items.map((s: { id: string }) => s.id)).toEqual([sub.body.id]);
    await repin(pinned);
    const again = await call(svc, key, "POST", `/api/v1/submissions/${sub.body.id}/regrade`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("graded");
    expect(again.body.error).toBeNull();
    expect(again.body.results).toHaveLength(1);
  });
});
