/**
 * The demo tenant a fresh install starts with: a tenant, an admin and an instructor key, a
 * course with one student, an assignment on a catalogue lab, and the student's signed link, so
 * a first graded submission is one click (or one curl) away.
 */
import { newApiKey } from "../api/auth.ts";
import { randomToken } from "../api/crypto.ts";
import { signStudentLink } from "../api/student-link.ts";
import { assignmentRepo, courseRepo, studentRepo } from "../db/repos/catalog.ts";
import { insertTenant, keys, tenantBySlug } from "../db/repos/tenants.ts";
import { withSystem, withTenant } from "../db/tenant.ts";
import type { Db } from "../db/types.ts";
import { pinLab } from "./labs.ts";

export interface DemoTenant {
  tenantId: string;
  adminKey: string;
  instructorKey: string;
  courseId: string;
  assignmentId: string;
  studentId: string;
  /** Path of the student's link (`/s/<token>`); prefix it with the server's address. */
  studentPath: string;
}

export const DEMO = { slug: "demo", lab: "single-pod" } as const;

/** Creates the demo tenant unless a tenant `demo` exists (then returns undefined: keys are shown once). */
export async function seedDemo(db: Db, now: Date): Promise<DemoTenant | undefined> {
  if (await withSystem(db, (tx) => tenantBySlug(tx, DEMO.slug))) return undefined;
  const tenant = await withSystem(db, (tx) =>
    insertTenant(tx, { slug: DEMO.slug, name: "Demo school", linkSecret: randomToken(32) }),
  );
  const admin = await newApiKey();
  const instructor = await newApiKey();
  const t = tenant.id;
  return withTenant(db, t, async (tx) => {
    await keys(tx, t).insert({ name: "demo admin", role: "admin", prefix: admin.prefix, hash: admin.hash });
    await keys(tx, t).insert({
      name: "demo instructor",
      role: "instructor",
      prefix: instructor.prefix,
      hash: instructor.hash,
    });
    const course = await courseRepo(tx, t).insert({ code: "DEMO-101", title: "Kubernetes basics (demo)" });
    const [student] = await studentRepo(tx, t).upsertMany([
      { externalId: "student-1", name: "Demo Student", email: "student-1@example.edu" },
    ]);
    await studentRepo(tx, t).enroll(course.id, [student.id]);
    const ref = await pinLab(tx, t, DEMO.lab);
    const assignment = await assignmentRepo(tx, t).insert({
      courseId: course.id,
      slug: "first-pod",
      title: "Lab 1: your first Pod",
      ...ref,
      cooldownSeconds: 0,
    });
    const exp = Math.floor(now.getTime() / 1000) + 365 * 86400;
    const token = await signStudentLink(tenant.linkSecret, {
      tenantId: t,
      assignmentId: assignment.id,
      studentId: student.id,
      exp,
    });
    return {
      tenantId: t,
      adminKey: admin.key,
      instructorKey: instructor.key,
      courseId: course.id,
      assignmentId: assignment.id,
      studentId: student.id,
      studentPath: `/s/${token}`,
    };
  });
}
