/**
 * The service's Postgres schema (drizzle). Every tenant row carries `tenant_id`; uniqueness is
 * per tenant; each access path has an index; and every tenant table has a row-level security
 * policy keyed on the `app.tenant_id` setting, as defence in depth behind the tenant-scoped
 * repositories (src/db/tenant.ts sets it per transaction; `*` is the system context that the
 * key lookup and the outbox sweep use).
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const id = () => uuid("id").primaryKey().defaultRandom();
const tenantId = () => uuid("tenant_id").notNull();
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => at("created_at").notNull().defaultNow();

/** Rows of the tenant named by `app.tenant_id`, or every row in the system context. */
const tenantPolicy = (table: string) =>
  pgPolicy(`${table}_tenant_isolation`, {
    as: "permissive",
    for: "all",
    using: sql`tenant_id::text = current_setting('app.tenant_id', true) or current_setting('app.tenant_id', true) = '*'`,
    withCheck: sql`tenant_id::text = current_setting('app.tenant_id', true) or current_setting('app.tenant_id', true) = '*'`,
  });

export const tenants = pgTable(
  "tenants",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** HMAC-SHA256 key for the signed student links of this tenant (base64url). */
    linkSecret: text("link_secret").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("tenants_slug_key").on(t.slug),
    pgPolicy("tenants_tenant_isolation", {
      as: "permissive",
      for: "all",
      using: sql`id::text = current_setting('app.tenant_id', true) or current_setting('app.tenant_id', true) = '*'`,
      withCheck: sql`id::text = current_setting('app.tenant_id', true) or current_setting('app.tenant_id', true) = '*'`,
    }),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "instructor"] }).notNull(),
    /** The first characters of the key (`lg_live_ab12cd34`), shown in listings to tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key, hex. The key itself is shown once and never stored. */
    hash: text("hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: at("last_used_at"),
    revokedAt: at("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_keys_hash_key").on(t.hash),
    index("api_keys_tenant_idx").on(t.tenantId, t.createdAt),
    tenantPolicy("api_keys"),
  ],
);

export const integrations = pgTable(
  "integrations",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Standard Webhooks signing secret (`whsec_...`) the LMS signs its deliveries with. */
    webhookSecret: text("webhook_secret").notNull(),
    /** LTI 1.3 platform registration: grade passback goes to its Assignment and Grade Services. */
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    deploymentId: text("deployment_id"),
    tokenUrl: text("token_url").notNull(),
    toolKid: text("tool_kid").notNull(),
    toolPrivateJwk: jsonb("tool_private_jwk").notNull(),
    toolPublicJwk: jsonb("tool_public_jwk").notNull(),
    /**
     * LTI 1.3 launch (students reach an assignment from the LMS): the platform's OIDC
     * authorization endpoint and the URL of its public keys. Launches are refused without them.
     */
    authLoginUrl: text("auth_login_url"),
    platformJwksUrl: text("platform_jwks_url"),
    createdAt: createdAt(),
    disabledAt: at("disabled_at"),
  },
  (t) => [
    uniqueIndex("integrations_tenant_name_key").on(t.tenantId, t.name),
    uniqueIndex("integrations_kid_key").on(t.toolKid),
    tenantPolicy("integrations"),
  ],
);

/** Labs an instructor uploaded; the built-in catalogue is not stored. Each upload is a new version. */
export const labVersions = pgTable(
  "lab_versions",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    /** The lab's content hash (what reports name as the lab version). */
    version: text("version").notNull(),
    /** 1, 2, 3 ... per lab id and source, in upload order. */
    seq: integer("seq").notNull(),
    /**
     * `tenant`: an instructor's upload. `catalogue`: a built-in lab's version copied when an
     * assignment pinned it, so the assignment keeps it when the catalogue moves on.
     */
    source: text("source", { enum: ["catalogue", "tenant"] })
      .notNull()
      .default("tenant"),
    title: text("title").notNull(),
    /** The lab folder: relative path -> text. */
    files: jsonb("files").$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("lab_versions_tenant_lab_source_seq_key").on(t.tenantId, t.labId, t.source, t.seq),
    index("lab_versions_tenant_lab_version_idx").on(t.tenantId, t.labId, t.version),
    tenantPolicy("lab_versions"),
  ],
);

export const courses = pgTable(
  "courses",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    title: text("title").notNull(),
    /** The LMS context id, when the course is linked to one. */
    externalId: text("external_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("courses_tenant_code_key").on(t.tenantId, t.code),
    uniqueIndex("courses_tenant_external_key").on(t.tenantId, t.externalId),
    tenantPolicy("courses"),
  ],
);

export const assignments = pgTable(
  "assignments",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    /** The lab, pinned: a catalogue id or an uploaded lab id, and its content hash. */
    labId: text("lab_id").notNull(),
    labSource: text("lab_source", { enum: ["catalogue", "tenant"] }).notNull(),
    labVersion: text("lab_version").notNull(),
    opensAt: at("opens_at"),
    dueAt: at("due_at"),
    attemptLimit: integer("attempt_limit"),
    cooldownSeconds: integer("cooldown_seconds").notNull().default(0),
    /** The LTI line item (AGS) scores go to, and the integration that owns it. */
    integrationId: uuid("integration_id").references(() => integrations.id, { onDelete: "set null" }),
    lineItemUrl: text("line_item_url"),
    /** The LMS resource link id, so webhooks can name the assignment the LMS's way. */
    externalId: text("external_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("assignments_tenant_course_slug_key").on(t.tenantId, t.courseId, t.slug),
    uniqueIndex("assignments_tenant_external_key").on(t.tenantId, t.externalId),
    index("assignments_tenant_course_idx").on(t.tenantId, t.courseId),
    tenantPolicy("assignments"),
  ],
);

export const students = pgTable(
  "students",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    /** The institution's (or LMS's) id for the student. */
    externalId: text("external_id").notNull(),
    name: text("name"),
    email: text("email"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("students_tenant_external_key").on(t.tenantId, t.externalId), tenantPolicy("students")],
);

export const enrollments = pgTable(
  "enrollments",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.courseId, t.studentId] }),
    index("enrollments_tenant_student_idx").on(t.tenantId, t.studentId),
    tenantPolicy("enrollments"),
  ],
);

export const submissionStatuses = ["received", "grading", "graded", "ungradable", "failed"] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

export const submissions = pgTable(
  "submissions",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["web", "api", "lms"] }).notNull(),
    /** What the student sent, exactly: `{kind: "manifests", files}` or `{kind: "transcript", text, files?}`. */
    payload: jsonb("payload").notNull(),
    payloadBytes: integer("payload_bytes").notNull(),
    idempotencyKey: text("idempotency_key"),
    status: text("status", { enum: submissionStatuses }).notNull().default("received"),
    /** Why grading failed (an internal error), for the retry view. */
    error: text("error"),
    /** When the student says they submitted (the LMS's timestamp), for ordering out-of-order deliveries. */
    submittedAt: at("submitted_at").notNull(),
    createdAt: createdAt(),
    gradedAt: at("graded_at"),
  },
  (t) => [
    uniqueIndex("submissions_tenant_idempotency_key").on(t.tenantId, t.idempotencyKey),
    index("submissions_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("submissions_tenant_assignment_student_idx").on(t.tenantId, t.assignmentId, t.studentId, t.createdAt),
    index("submissions_tenant_status_idx").on(t.tenantId, t.status),
    index("submissions_status_created_idx").on(t.status, t.createdAt),
    tenantPolicy("submissions"),
  ],
);

export const results = pgTable(
  "results",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    gradable: boolean("gradable").notNull(),
    score: real("score").notNull(),
    maxScore: real("max_score").notNull(),
    report: jsonb("report").notNull(),
    graderVersion: text("grader_version").notNull(),
    labId: text("lab_id").notNull(),
    labVersion: text("lab_version").notNull(),
    /** Why this result exists: the first grading or a regrade. */
    reason: text("reason", { enum: ["grade", "regrade"] }).notNull(),
    createdAt: createdAt(),
    /** Insertion order: the newest result of a submission is its current one, even within one millisecond. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
  },
  (t) => [index("results_tenant_submission_idx").on(t.tenantId, t.submissionId, t.seq), tenantPolicy("results")],
);

export const progress = pgTable(
  "progress",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    bestScore: real("best_score").notNull(),
    maxScore: real("max_score").notNull(),
    bestSubmissionId: uuid("best_submission_id").notNull(),
    attempts: integer("attempts").notNull(),
    lastSubmittedAt: at("last_submitted_at").notNull(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.assignmentId, t.studentId] }),
    index("progress_tenant_student_idx").on(t.tenantId, t.studentId),
    tenantPolicy("progress"),
  ],
);

export const outboxStatuses = ["pending", "delivered", "dead"] as const;

/** Grade passback to deliver; a row survives crashes and is retried with backoff until delivered or dead. */
export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    submissionId: uuid("submission_id").references(() => submissions.id, { onDelete: "set null" }),
    kind: text("kind", { enum: ["lti-score"] }).notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: at("delivered_at"),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_tenant_status_idx").on(t.tenantId, t.status, t.createdAt),
    tenantPolicy("outbox"),
  ],
);

/** LMS webhook deliveries seen, by `webhook-id`: a repeated delivery gets the first outcome back. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id").notNull(),
    integrationId: uuid("integration_id").notNull(),
    status: integer("status").notNull(),
    response: jsonb("response").notNull(),
    receivedAt: at("received_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.webhookId] }), tenantPolicy("webhook_deliveries")],
);

/**
 * The nonce of every LTI launch accepted, until its id_token would have expired: a launch whose
 * nonce is here already is a replay.
 */
export const ltiNonces = pgTable(
  "lti_nonces",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    nonce: text("nonce").notNull(),
    expiresAt: at("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.nonce] }),
    index("lti_nonces_expires_idx").on(t.expiresAt),
    tenantPolicy("lti_nonces"),
  ],
);

/** Responses to POSTs sent with an `Idempotency-Key`, replayed for a repeated key. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** `POST /api/v1/...` and a hash of the body: the same key with another request is a conflict. */
    request: text("request").notNull(),
    status: integer("status").notNull(),
    response: jsonb("response").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), tenantPolicy("idempotency_keys")],
);

/** Fixed-window request counters per API key. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    bucket: text("bucket").notNull(),
    windowStart: at("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.bucket, t.windowStart] }), tenantPolicy("rate_limits")],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    /** `key:<id>`, `student:<id>`, `lms:<integration id>` or `system`. */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    detail: jsonb("detail"),
    requestId: text("request_id"),
    at: at("at").notNull().defaultNow(),
  },
  (t) => [index("audit_log_tenant_at_idx").on(t.tenantId, t.at), tenantPolicy("audit_log")],
);
