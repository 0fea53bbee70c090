/** Courses, assignments, students and enrollments of one tenant. */
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { assignments, courses, enrollments, students } from "../schema.ts";
import { statement } from "../statement.ts";
import type { Tx } from "../types.ts";

export type Course = typeof courses.$inferSelect;
export type Assignment = typeof assignments.$inferSelect;
export type Student = typeof students.$inferSelect;
export type NewAssignment = Omit<typeof assignments.$inferInsert, "tenantId" | "id" | "createdAt">;

export const courseRepo = (tx: Tx, tenantId: string) => ({
  async insert(c: { code: string; title: string; externalId?: string | null }): Promise<Course> {
    const [row] = await tx
      .insert(courses)
      .values({ ...c, tenantId })
      .returning();
    return row;
  },
  list(): Promise<Course[]> {
    return tx.select().from(courses).where(eq(courses.tenantId, tenantId)).orderBy(asc(courses.code));
  },
  async get(id: string): Promise<Course | undefined> {
    const [row] = await tx
      .select()
      .from(courses)
      .where(and(eq(courses.tenantId, tenantId), eq(courses.id, id)));
    return row;
  },
  async byExternalId(externalId: string): Promise<Course | undefined> {
    const [row] = await tx
      .select()
      .from(courses)
      .where(and(eq(courses.tenantId, tenantId), eq(courses.externalId, externalId)));
    return row;
  },
});

export const assignmentRepo = (tx: Tx, tenantId: string) => ({
  async insert(a: NewAssignment): Promise<Assignment> {
    const [row] = await tx
      .insert(assignments)
      .values({ ...a, tenantId })
      .returning();
    return row;
  },
  async update(id: string, patch: Partial<NewAssignment>): Promise<Assignment | undefined> {
    const [row] = await tx
      .update(assignments)
      .set(patch)
      .where(and(eq(assignments.tenantId, tenantId), eq(assignments.id, id)))
      .returning();
    return row;
  },
  list(courseId?: string): Promise<Assignment[]> {
    return tx
      .select()
      .from(assignments)
      .where(
        courseId
          ? and(eq(assignments.tenantId, tenantId), eq(assignments.courseId, courseId))
          : eq(assignments.tenantId, tenantId),
      )
      .orderBy(asc(assignments.createdAt), asc(assignments.id));
  },
  async get(id: string): Promise<Assignment | undefined> {
    const [row] = await tx
      .select()
      .from(assignments)
      .where(and(eq(assignments.tenantId, tenantId), eq(assignments.id, id)));
    return row;
  },
  async byExternalId(externalId: string): Promise<Assignment | undefined> {
    const [row] = await tx
      .select()
      .from(assignments)
      .where(and(eq(assignments.tenantId, tenantId), eq(assignments.externalId, externalId)));
    return row;
  },
});

export const studentRepo = (tx: Tx, tenantId: string) => ({
  /** Creates or updates students by external id (bulk import, LMS roster); returns them in input order. */
  async upsertMany(list: { externalId: string; name?: string | null; email?: string | null }[]): Promise<Student[]> {
    if (list.length === 0) return [];
    const rows = await tx
      .insert(students)
      .values(list.map((s) => ({ ...s, tenantId })))
      .onConflictDoUpdate({
        target: [students.tenantId, students.externalId],
        set: {
          name: sql`coalesce(excluded.name, ${students.name})`,
          email: sql`coalesce(excluded.email, ${students.email})`,
        },
      })
      .returning();
    const byExternal = new Map(rows.map((r) => [r.externalId, r]));
    return list.map((s) => byExternal.get(s.externalId)!);
  },
  list(): Promise<Student[]> {
    return tx.select().from(students).where(eq(students.tenantId, tenantId)).orderBy(asc(students.externalId));
  },
  async get(id: string): Promise<Student | undefined> {
    const [row] = await tx
      .select()
      .from(students)
      .where(and(eq(students.tenantId, tenantId), eq(students.id, id)));
    return row;
  },
  async byExternalId(externalId: string): Promise<Student | undefined> {
    const [row] = await tx
      .select()
      .from(students)
      .where(and(eq(students.tenantId, tenantId), eq(students.externalId, externalId)));
    return row;
  },
  async enroll(courseId: string, studentIds: string[]): Promise<void> {
    if (studentIds.length === 0) return;
    await tx
      .insert(enrollments)
      .values(studentIds.map((studentId) => ({ tenantId, courseId, studentId })))
      .onConflictDoNothing();
  },
  async enrolled(courseId: string): Promise<Student[]> {
    const rows = await tx
      .select({ s: students })
      .from(enrollments)
      .innerJoin(students, eq(students.id, enrollments.studentId))
      .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.courseId, courseId)))
      .orderBy(asc(students.externalId));
    return rows.map((r) => r.s);
  },
  async isEnrolled(courseId: string, studentId: string): Promise<boolean> {
    const rows = await tx
      .select({ one: sql<number>`1` })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.tenantId, tenantId),
          eq(enrollments.courseId, courseId),
          eq(enrollments.studentId, studentId),
        ),
      );
    return rows.length > 0;
  },
  async byIds(ids: string[]): Promise<Student[]> {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(students)
      .where(and(eq(students.tenantId, tenantId), inArray(students.id, ids)));
  },
});

/**
 * An assignment and a student, named by id or by external id, in one statement (what a
 * submission names). No assignment: neither is returned; no such student: the assignment alone.
 */
export async function assignmentAndStudent(
  tx: Tx,
  tenantId: string,
  assignmentId: string,
  student: { id: string } | { externalId: string },
): Promise<{ assignment?: Assignment; student?: Student }> {
  const [row] =
    "id" in student
      ? await assignmentAndStudentById(tx, { tenantId, assignmentId, student: student.id })
      : await assignmentAndStudentByExternalId(tx, { tenantId, assignmentId, student: student.externalId });
  if (!row) return {};
  return row.student ? { assignment: row.assignment, student: row.student } : { assignment: row.assignment };
}

const assignmentWithStudent = (tx: Tx, studentIs: SQL) =>
  tx
    .select({ assignment: assignments, student: students })
    .from(assignments)
    .leftJoin(students, and(eq(students.tenantId, sql.placeholder("tenantId")), studentIs))
    .where(
      and(eq(assignments.tenantId, sql.placeholder("tenantId")), eq(assignments.id, sql.placeholder("assignmentId"))),
    );
const assignmentAndStudentById = statement((tx) =>
  assignmentWithStudent(tx, eq(students.id, sql.placeholder("student"))),
);
const assignmentAndStudentByExternalId = statement((tx) =>
  assignmentWithStudent(tx, eq(students.externalId, sql.placeholder("student"))),
);
