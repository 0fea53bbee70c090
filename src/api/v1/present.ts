/** The API's JSON shapes of stored rows (dates as ISO 8601; secrets never included). */
import type { Assignment, Course, Student } from "../../db/repos/catalog.ts";
import type { LabVersion } from "../../db/repos/labs.ts";
import type { Integration, OutboxRow } from "../../db/repos/lms.ts";
import type { Result, Submission } from "../../db/repos/submissions.ts";
import type { ApiKey } from "../../db/repos/tenants.ts";
import { launchPath, loginPath } from "../../lms/lti-launch.ts";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const courseJson = (c: Course) => ({
  id: c.id,
  code: c.code,
  title: c.title,
  externalId: c.externalId,
  createdAt: iso(c.createdAt),
});

export const assignmentJson = (a: Assignment) => ({
  id: a.id,
  courseId: a.courseId,
  slug: a.slug,
  title: a.title,
  lab: { id: a.labId, source: a.labSource, version: a.labVersion },
  opensAt: iso(a.opensAt),
  dueAt: iso(a.dueAt),
  attemptLimit: a.attemptLimit,
  cooldownSeconds: a.cooldownSeconds,
  integrationId: a.integrationId,
  lineItemUrl: a.lineItemUrl,
  externalId: a.externalId,
  createdAt: iso(a.createdAt),
});

export const studentJson = (s: Student) => ({
  id: s.id,
  externalId: s.externalId,
  name: s.name,
  email: s.email,
  createdAt: iso(s.createdAt),
});

export const submissionJson = (s: Submission, r?: Result) => ({
  id: s.id,
  assignmentId: s.assignmentId,
  studentId: s.studentId,
  source: s.source,
  status: s.status,
  error: s.error,
  score: r ? r.score : null,
  maxScore: r ? r.maxScore : null,
  submittedAt: iso(s.submittedAt),
  createdAt: iso(s.createdAt),
  gradedAt: iso(s.gradedAt),
});

export const resultJson = (r: Result) => ({
  id: r.id,
  reason: r.reason,
  gradable: r.gradable,
  score: r.score,
  maxScore: r.maxScore,
  graderVersion: r.graderVersion,
  lab: { id: r.labId, version: r.labVersion },
  createdAt: iso(r.createdAt),
});

export const keyJson = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  createdAt: iso(k.createdAt),
  lastUsedAt: iso(k.lastUsedAt),
  revokedAt: iso(k.revokedAt),
});

export const labVersionJson = (v: LabVersion) => ({
  id: v.labId,
  version: v.version,
  seq: v.seq,
  title: v.title,
  files: Object.keys(v.files).sort(),
  createdAt: iso(v.createdAt),
});

export const integrationJson = (i: Integration, base: string, tenantSlug: string) => ({
  id: i.id,
  name: i.name,
  issuer: i.issuer,
  clientId: i.clientId,
  deploymentId: i.deploymentId,
  tokenUrl: i.tokenUrl,
  keyId: i.toolKid,
  authLoginUrl: i.authLoginUrl,
  platformJwksUrl: i.platformJwksUrl,
  jwksUrl: `${base}/lti/${tenantSlug}/jwks.json`,
  loginUrl: `${base}${loginPath(tenantSlug)}`,
  launchUrl: `${base}${launchPath(tenantSlug)}`,
  webhookUrl: `${base}/webhooks/lms/${tenantSlug}`,
  createdAt: iso(i.createdAt),
  disabledAt: iso(i.disabledAt),
});

export const outboxJson = (o: OutboxRow) => ({
  id: o.id,
  integrationId: o.integrationId,
  submissionId: o.submissionId,
  kind: o.kind,
  status: o.status,
  attempts: o.attempts,
  nextAttemptAt: o.status === "pending" ? iso(o.nextAttemptAt) : null,
  lastError: o.lastError,
  payload: o.payload,
  createdAt: iso(o.createdAt),
  deliveredAt: iso(o.deliveredAt),
});
