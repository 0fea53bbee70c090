/**
 * The OpenAPI 3.1 document of the service's HTTP API: the instructor API under /api/v1, the LMS
 * webhook, the tenant's LTI key set and the health checks. Request bodies are the JSON Schemas
 * the server validates with (./schemas.ts, the webhook's LmsEvent), so the document cannot say
 * one thing while the server enforces another; response shapes mirror ./present.ts. Paths are
 * written from the root (`/api/v1/courses`, `/webhooks/lms/{tenant}`) because not every route
 * lives under /api/v1.
 */
import { outboxStatuses, submissionStatuses } from "../../db/schema.ts";
import type { OpenApiDocument } from "../../web/api-docs-page.ts";
import { ERROR_CODES } from "../errors.ts";
import { LmsEvent } from "../webhook.ts";
import {
  AssignmentCreate,
  AssignmentUpdate,
  CourseCreate,
  GradeRequest,
  IntegrationCreate,
  IntegrationUpdate,
  KeyCreate,
  LabUploadJson,
  LIMITS,
  StudentsBulk,
  SubmissionCreate,
  SubmissionPayload,
  SubmittedFile,
  TenantCreate,
} from "./schemas.ts";

type Json = Record<string, unknown>;
type Auth = "any" | "admin" | "operator" | "webhook" | "none";

let cached: OpenApiDocument | undefined;

/** The document, built on first use; it is frozen, so every caller shares one copy. */
export function openApiDocument(): OpenApiDocument {
  cached ??= deepFreeze(buildDocument()) as unknown as OpenApiDocument;
  return cached;
}

// ---------------------------------------------------------------------------------------------
// Schemas

const schemaRef = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const JSON_TYPE = "application/json";
const PROBLEM_TYPE = "application/problem+json";

/**
 * The request schemas under their component names. A schema nested in another one by identity
 * (SubmissionPayload inside SubmissionCreate, GradeRequest and LmsEvent) becomes a `$ref`.
 */
const REQUEST_SCHEMAS: Record<string, object> = {
  SubmittedFile,
  SubmissionPayload,
  LabFiles: LabUploadJson.properties.files,
  LabUpload: LabUploadJson,
  TenantCreate,
  KeyCreate,
  CourseCreate,
  AssignmentCreate,
  AssignmentUpdate,
  StudentsBulk,
  SubmissionCreate,
  GradeRequest,
  IntegrationCreate,
  IntegrationUpdate,
  LmsEvent,
};

/** A deep copy of `schema` in which every other named schema is replaced by its `$ref`. */
function withRefs(schema: unknown, names: Map<object, string>, root: boolean): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  const name = names.get(schema);
  if (!root && name !== undefined) return schemaRef(name);
  if (Array.isArray(schema)) return schema.map((s) => withRefs(s, names, false));
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withRefs(v, names, false)]));
}

function requestSchemas(): Record<string, unknown> {
  const names = new Map(Object.entries(REQUEST_SCHEMAS).map(([name, s]) => [s, name]));
  return Object.fromEntries(Object.entries(REQUEST_SCHEMAS).map(([name, s]) => [name, withRefs(s, names, true)]));
}

const uuid = { type: "string", format: "uuid" };
const str = { type: "string" };
const dateTime = { type: "string", format: "date-time" };
const int = { type: "integer" };
const num = { type: "number" };
const bool = { type: "boolean" };
const orNull = (s: Json): Json => ({ ...s, type: [s.type as string, "null"] });
const arrayOf = (items: Json): Json => ({ type: "array", items });

/** An object with exactly these properties, all present (nullable ones may be null). */
function object(properties: Record<string, Json>, optional: string[] = []): Json {
  return {
    type: "object",
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
    properties,
  };
}

const list = (item: string): Json => object({ items: arrayOf(schemaRef(item)) });

function responseSchemas(): Record<string, Json> {
  const course = {
    id: uuid,
    code: str,
    title: str,
    externalId: orNull(str),
    createdAt: dateTime,
  };
  const student = { id: uuid, externalId: str, name: orNull(str), email: orNull(str), createdAt: dateTime };
  const submission = {
    id: uuid,
    assignmentId: uuid,
    studentId: uuid,
    source: { type: "string", enum: ["web", "api", "lms"] },
    status: { type: "string", enum: [...submissionStatuses] },
    error: { ...orNull(str), description: "Why grading failed, when it did (the submission stays retriable)." },
    score: { ...orNull(num), description: "The current result's score; null until graded." },
    maxScore: orNull(num),
    submittedAt: dateTime,
    createdAt: dateTime,
    gradedAt: orNull(dateTime),
  };
  const key = {
    id: uuid,
    name: str,
    role: { type: "string", enum: ["admin", "instructor"] },
    prefix: { type: "string", description: "The key's first characters, to tell keys apart; never the key." },
    createdAt: dateTime,
    lastUsedAt: orNull(dateTime),
    revokedAt: orNull(dateTime),
  };
  const labVersion = {
    id: { type: "string", description: "The lab id." },
    version: { type: "string", description: "The lab's content hash, as reports name it." },
    seq: { type: "integer", minimum: 1, description: "1, 2, 3 ... per lab id, in upload order." },
    title: str,
    files: { ...arrayOf(str), description: "The lab folder's file names." },
    createdAt: dateTime,
  };
  const integration = {
    id: uuid,
    name: str,
    issuer: str,
    clientId: str,
    deploymentId: orNull(str),
    tokenUrl: str,
    keyId: { type: "string", description: "The kid of the tool key that signs client assertions." },
    authLoginUrl: orNull({
      type: "string",
      format: "uri",
      description: "The platform's OIDC authorization endpoint, for student launches.",
    }),
    platformJwksUrl: orNull({
      type: "string",
      format: "uri",
      description: "The platform's public keys (JWKS), that launch id_tokens are verified with.",
    }),
    jwksUrl: { type: "string", format: "uri", description: "Register this as the tool's JWKS URL in the LMS." },
    loginUrl: {
      type: "string",
      format: "uri",
      description: "Register this as the tool's OIDC login initiation URL in the LMS.",
    },
    launchUrl: {
      type: "string",
      format: "uri",
      description: "Register this as the tool's redirect (launch) URL in the LMS.",
    },
    webhookUrl: { type: "string", format: "uri", description: "Where the LMS delivers submissions." },
    createdAt: dateTime,
    disabledAt: orNull(dateTime),
  };
  const result = object({
    id: uuid,
    reason: { type: "string", enum: ["grade", "regrade"] },
    gradable: bool,
    score: num,
    maxScore: num,
    graderVersion: str,
    lab: object({ id: str, version: str }),
    createdAt: dateTime,
  });
  return {
    Problem: {
      type: "object",
      description: "An RFC 9457 problem: every error of this API, with the request id to quote.",
      required: ["type", "title", "status", "detail", "instance", "code", "requestId"],
      properties: {
        type: { type: "string", format: "uri", description: "`https://labgrader.dev/problems/<code>`." },
        title: str,
        status: { type: "integer", minimum: 400, maximum: 599 },
        detail: str,
        instance: { type: "string", description: "The request's path." },
        code: { type: "string", enum: Object.keys(ERROR_CODES) },
        requestId: str,
        errors: arrayOf(schemaRef("FieldProblem")),
      },
    },
    FieldProblem: object(
      {
        pointer: { type: "string", description: "A JSON pointer into the body, or a query parameter's name." },
        detail: str,
        line: { type: "integer", minimum: 1 },
        column: { type: "integer", minimum: 1 },
        path: { type: "string", description: "For a lab file: the dotted path inside the document." },
      },
      ["line", "column", "path"],
    ),
    Health: object({ status: { const: "ok" } }),
    Readiness: object({ status: { const: "ok" }, database: { const: "ok" } }),
    TenantCreated: object({
      id: uuid,
      slug: str,
      name: str,
      createdAt: dateTime,
      adminKey: object({
        id: uuid,
        key: { type: "string", description: "The tenant's first admin key: shown in this response only." },
        prefix: str,
        role: { const: "admin" },
      }),
    }),
    ApiKey: object(key),
    ApiKeyCreated: object({
      ...key,
      key: { type: "string", pattern: "^lg_[A-Za-z0-9_-]{32}$", description: "Shown in this response only." },
    }),
    ApiKeyList: list("ApiKey"),
    TenantLab: object({ ...labVersion, source: { const: "tenant" } }),
    CatalogueLab: object({
      id: str,
      version: str,
      title: str,
      source: { const: "catalogue" },
      shadowed: { type: "boolean", description: "The tenant uploaded a lab with the same id, which wins." },
    }),
    LabList: object({ items: arrayOf({ oneOf: [schemaRef("TenantLab"), schemaRef("CatalogueLab")] }) }),
    LabUploaded: object({
      ...labVersion,
      source: { const: "tenant" },
      created: { type: "boolean", description: "false when this exact content was the newest version already." },
    }),
    LabVersion: object(labVersion),
    Lab: object({
      id: str,
      title: str,
      instructions: { type: "string", description: "Markdown, with {{parameters}} not yet filled in." },
      kubernetesVersion: orNull(str),
      checkpoints: arrayOf(object({ id: str, title: str, points: num })),
      source: { type: "string", enum: ["tenant", "catalogue"] },
      versions: arrayOf(schemaRef("LabVersion")),
    }),
    Course: object(course),
    CourseList: list("Course"),
    Gradebook: object({
      course: object({ id: uuid, code: str, title: str }),
      assignments: arrayOf(object({ id: uuid, slug: str, title: str })),
      rows: arrayOf(
        object({
          student: object({ id: uuid, externalId: str, name: orNull(str), email: orNull(str) }),
          scores: {
            type: "object",
            description: "Assignment id -> the student's best score, or null before a first attempt.",
            additionalProperties: { anyOf: [object({ best: num, max: num, attempts: int }), { type: "null" }] },
          },
          total: num,
        }),
      ),
    }),
    Assignment: object({
      id: uuid,
      courseId: uuid,
      slug: str,
      title: str,
      lab: object({
        id: str,
        source: { type: "string", enum: ["catalogue", "tenant"] },
        version: { type: "string", description: "The pinned version (content hash)." },
      }),
      opensAt: orNull(dateTime),
      dueAt: orNull(dateTime),
      attemptLimit: orNull(int),
      cooldownSeconds: int,
      integrationId: orNull(uuid),
      lineItemUrl: orNull(str),
      externalId: orNull(str),
      createdAt: dateTime,
    }),
    AssignmentList: list("Assignment"),
    StudentLinksRequest: {
      type: "object",
      additionalProperties: false,
      description: "Without studentIds: a link for every student enrolled in the assignment's course.",
      properties: {
        studentIds: { type: "array", maxItems: 1000, items: { type: "string", maxLength: 255 } },
      },
    },
    StudentLinkList: object({
      items: arrayOf(
        object({ studentId: uuid, externalId: str, url: { type: "string", format: "uri" }, expiresAt: dateTime }),
      ),
    }),
    RegradeCounts: object({ regraded: int, graded: int, ungradable: int, failed: int }),
    Student: object(student),
    StudentList: list("Student"),
    Submission: object(submission),
    SubmissionPage: object({
      items: arrayOf(schemaRef("Submission")),
      nextCursor: { ...orNull(str), description: "Pass as `cursor` for the next page; null on the last one." },
    }),
    SubmissionGraded: object({ ...submission, report: { anyOf: [schemaRef("Report"), { type: "null" }] } }),
    SubmissionDetail: object({
      ...submission,
      payload: schemaRef("SubmissionPayload"),
      results: { ...arrayOf(schemaRef("Result")), description: "Every result, newest (the current one) first." },
    }),
    SubmissionRegraded: object({ ...submission, results: arrayOf(schemaRef("Result")) }),
    Result: result,
    Report: object(
      {
        lab: object({ id: str, version: str, title: str }),
        student: str,
        gradable: { type: "boolean", description: "false: the submission could not be graded and cost no attempt." },
        reason: str,
        line: int,
        score: num,
        maxScore: num,
        checkpoints: arrayOf(
          object(
            {
              id: str,
              title: str,
              points: num,
              awarded: num,
              passed: bool,
              skipped: bool,
              explanation: str,
              hint: str,
            },
            ["skipped", "hint"],
          ),
        ),
        authenticity: arrayOf(object({ line: int, command: str, message: str })),
        replay: object({ commands: int, virtualSeconds: num, kubernetesVersion: str }),
        grader: object({ version: str }),
      },
      ["student", "reason", "line"],
    ),
    Integration: object(integration),
    IntegrationCreated: object({
      ...integration,
      webhookSecret: {
        type: "string",
        pattern: "^whsec_",
        description: "The Standard Webhooks signing secret for the LMS: shown in this response only.",
      },
    }),
    IntegrationList: list("Integration"),
    OutboxEntry: object({
      id: uuid,
      integrationId: uuid,
      submissionId: orNull(uuid),
      kind: { const: "lti-score" },
      status: { type: "string", enum: [...outboxStatuses] },
      attempts: int,
      nextAttemptAt: orNull(dateTime),
      lastError: orNull(str),
      payload: { type: "object", description: "The LTI AGS score to deliver, with its line item." },
      createdAt: dateTime,
      deliveredAt: orNull(dateTime),
    }),
    OutboxList: list("OutboxEntry"),
    AuditEntry: object({
      id: int,
      at: dateTime,
      actor: { type: "string", description: "`key:<id>`, `student:<id>`, `lms:<integration id>` or `system`." },
      action: { type: "string", examples: ["course.created", "key.revoked"] },
      targetType: str,
      targetId: orNull(str),
      detail: {},
      requestId: orNull(str),
    }),
    AuditList: list("AuditEntry"),
    WebhookAccepted: object({ submissionId: uuid, status: { type: "string", enum: [...submissionStatuses] } }),
    Jwks: object({ keys: arrayOf({ type: "object", required: ["kty", "kid"] }) }),
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters, headers and responses shared by operations

const header = (description: string, schema: Json = int): Json => ({ description, schema });

const HEADERS: Record<string, Json> = {
  "X-Request-Id": header("The request's id (yours, when you sent a valid X-Request-Id); it is in the logs.", str),
  "RateLimit-Limit": header("Requests this API key may make per minute."),
  "RateLimit-Remaining": header("Requests left in the current minute."),
  "RateLimit-Reset": header("Seconds until the current minute's window ends."),
  "Retry-After": header("Seconds to wait before trying again."),
  "WWW-Authenticate": header('The scheme to authenticate with: `Bearer realm="labgrader"`.', str),
  "Idempotent-Replayed": header(
    "`true` when the response is the stored one of an earlier request with the same Idempotency-Key.",
    {
      const: "true",
    },
  ),
  "Webhook-Replayed": header("`true` when the webhook-id was delivered before: this is the first delivery's outcome.", {
    const: "true",
  }),
};

const headerRef = (name: string): Json => ({ $ref: `#/components/headers/${name}` });

const PARAMETERS: Record<string, Json> = {
  IdempotencyKey: {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    description:
      "Makes the POST safe to retry: the first response (2xx or 4xx) is stored for the key and returned again for the same request; the same key with a different request is 409.",
    schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]{1,255}$" },
  },
};

const paramRef = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });

/** Error responses, one per status; the codes each may carry are in its description. */
const ERROR_RESPONSES: Record<string, { status: string; codes: (keyof typeof ERROR_CODES)[]; headers?: string[] }> = {
  BadRequest: { status: "400", codes: ["bad_request"] },
  Unauthenticated: { status: "401", codes: ["unauthenticated"], headers: ["WWW-Authenticate"] },
  BadSignature: { status: "401", codes: ["bad_signature"] },
  Forbidden: { status: "403", codes: ["forbidden"] },
  NotFound: { status: "404", codes: ["not_found"] },
  Conflict: { status: "409", codes: ["conflict", "closed", "attempts_exhausted"] },
  TooLarge: { status: "413", codes: ["too_large"] },
  UnsupportedMediaType: { status: "415", codes: ["unsupported_media_type"] },
  Invalid: { status: "422", codes: ["invalid"] },
  TooManyRequests: {
    status: "429",
    codes: ["rate_limited", "cooldown"],
    headers: ["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
  },
  Internal: { status: "500", codes: ["internal"] },
  Unavailable: { status: "503", codes: ["unavailable"] },
};

function errorResponses(): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, r]) => [
      name,
      {
        description: `${r.codes.map((c) => `\`${c}\` (${ERROR_CODES[c].title})`).join(", or ")}.`,
        headers: Object.fromEntries(["X-Request-Id", ...(r.headers ?? [])].map((h) => [h, headerRef(h)])),
        content: { [PROBLEM_TYPE]: { schema: schemaRef("Problem") } },
      },
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Operations

interface Success {
  description: string;
  /** A component schema name, or a map of media type -> schema. */
  body?: string | Record<string, Json>;
  headers?: string[];
}

interface OperationSpec {
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  parameters?: Json[];
  idempotent?: boolean;
  body?: {
    schema: string;
    required?: boolean;
    description?: string;
    content?: Record<string, Json>;
    /** false: the body is read whatever its Content-Type (no 415). */
    checksMediaType?: boolean;
  };
  responses: Record<string, Success>;
  /** Error responses beyond the ones the operation's auth, parameters and body imply. */
  errors?: string[];
}

const SECURITY: Record<Auth, Json[]> = {
  any: [{ apiKey: [] }],
  admin: [{ apiKey: ["admin"] }],
  operator: [{ operatorToken: [] }],
  webhook: [{ webhookId: [], webhookTimestamp: [], webhookSignature: [] }],
  none: [],
};

const RATE_LIMIT_HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

function operation(spec: OperationSpec, hasPathParams: boolean): Json {
  const keyed = spec.auth === "any" || spec.auth === "admin";
  const errors = new Set(spec.errors ?? []);
  const add = (...names: string[]) => {
    for (const n of names) errors.add(n);
  };
  if (keyed) add("Unauthenticated", "TooManyRequests");
  if (spec.auth === "admin") add("Forbidden");
  if (spec.auth === "operator") add("Unauthenticated", "Forbidden");
  if (spec.auth === "webhook") add("BadSignature");
  if (hasPathParams) add("NotFound");
  if (spec.body) add("BadRequest", "TooLarge", "Invalid");
  if (spec.body && spec.body.checksMediaType !== false) add("UnsupportedMediaType");
  if (spec.idempotent) add("BadRequest", "Conflict");
  errors.add("Internal");

  const responses: Record<string, Json> = {};
  for (const [status, ok] of Object.entries(spec.responses)) {
    const headers = ["X-Request-Id", ...(keyed ? RATE_LIMIT_HEADERS : []), ...(ok.headers ?? [])];
    if (spec.idempotent) headers.push("Idempotent-Replayed");
    const content =
      ok.body === undefined
        ? undefined
        : typeof ok.body === "string"
          ? { [JSON_TYPE]: { schema: schemaRef(ok.body) } }
          : Object.fromEntries(Object.entries(ok.body).map(([type, schema]) => [type, { schema }]));
    responses[status] = {
      description: ok.description,
      headers: Object.fromEntries(headers.map((h) => [h, headerRef(h)])),
      ...(content ? { content } : {}),
    };
  }
  const byStatus = [...errors]
    .map((name) => [ERROR_RESPONSES[name].status, name] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  for (const [status, name] of byStatus) responses[status] ??= { $ref: `#/components/responses/${name}` };

  const parameters = [...(spec.idempotent ? [paramRef("IdempotencyKey")] : []), ...(spec.parameters ?? [])];
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: SECURITY[spec.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: spec.body.required ?? true,
            ...(spec.body.description ? { description: spec.body.description } : {}),
            content: spec.body.content ?? { [JSON_TYPE]: { schema: schemaRef(spec.body.schema) } },
          },
        }
      : {}),
    responses,
  };
}

const pathId = (what: string): Json => ({
  name: "id",
  in: "path",
  required: true,
  description: `The ${what}'s id. Another tenant's ${what}, or an id that is not a uuid, is 404 like a missing one.`,
  schema: { type: "string", format: "uuid" },
});

const tenantParam = (description: string, schema: Json): Json => ({
  name: "tenant",
  in: "path",
  required: true,
  description,
  schema,
});

const query = (name: string, description: string, schema: Json): Json => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

const intQuery = (name: string, description: string, min: number, max: number, def: number): Json =>
  query(name, description, { type: "integer", minimum: min, maximum: max, default: def });

const TENANT_SLUG = { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 };

const ok = (description: string, body?: Success["body"], headers?: string[]): Success => ({
  description,
  ...(body !== undefined ? { body } : {}),
  ...(headers ? { headers } : {}),
});

/** Every operation, by path (OpenAPI form) and method. */
function operations(): Record<string, Record<string, OperationSpec>> {
  return {
    "/healthz": {
      get: {
        operationId: "getHealth",
        tag: "Service",
        summary: "Liveness: the process answers",
        auth: "none",
        responses: { "200": ok("Alive.", "Health") },
      },
    },
    "/readyz": {
      get: {
        operationId: "getReadiness",
        tag: "Service",
        summary: "Readiness: the database answers",
        auth: "none",
        responses: { "200": ok("Ready.", "Readiness") },
        errors: ["Unavailable"],
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        tag: "Service",
        summary: "This OpenAPI 3.1 document",
        auth: "none",
        responses: { "200": ok("The document.", { [JSON_TYPE]: { type: "object" } }) },
      },
    },
    "/api/v1/docs": {
      get: {
        operationId: "getApiDocs",
        tag: "Service",
        summary: "This document as an HTML page",
        auth: "none",
        responses: { "200": ok("The page.", { "text/html": { type: "string" } }) },
      },
    },
    "/api/v1/tenants": {
      post: {
        operationId: "createTenant",
        tag: "Tenants",
        summary: "Provision a tenant and its first admin key (operator only)",
        description:
          "Needs the operator token the service was configured with; without one, provisioning is disabled (403). The admin key is in this response only.",
        auth: "operator",
        body: { schema: "TenantCreate" },
        responses: { "201": ok("The tenant, with its first admin key.", "TenantCreated") },
        errors: ["Conflict"],
      },
    },
    "/api/v1/keys": {
      get: {
        operationId: "listApiKeys",
        tag: "API keys",
        summary: "List the tenant's API keys (prefixes only)",
        auth: "admin",
        responses: { "200": ok("Every key, revoked ones included.", "ApiKeyList") },
      },
      post: {
        operationId: "createApiKey",
        tag: "API keys",
        summary: "Create an API key",
        description: "The key is in this response only; the service keeps its SHA-256.",
        auth: "admin",
        idempotent: true,
        body: { schema: "KeyCreate" },
        responses: { "201": ok("The key.", "ApiKeyCreated") },
      },
    },
    "/api/v1/keys/{id}": {
      delete: {
        operationId: "revokeApiKey",
        tag: "API keys",
        summary: "Revoke an API key",
        auth: "admin",
        parameters: [pathId("API key")],
        responses: { "200": ok("The revoked key.", "ApiKey") },
      },
    },
    "/api/v1/labs": {
      get: {
        operationId: "listLabs",
        tag: "Labs",
        summary: "List the tenant's labs and the built-in catalogue",
        auth: "any",
        responses: { "200": ok("The tenant's newest versions, then the catalogue.", "LabList") },
      },
      post: {
        operationId: "uploadLab",
        tag: "Labs",
        summary: "Upload a lab (each upload a new version)",
        description:
          "Send lab.yaml alone as `application/yaml`, or the lab folder as JSON. A lab that does not load is 422 with each error at its file, line and column.",
        auth: "any",
        idempotent: true,
        body: {
          schema: "LabUpload",
          content: {
            "application/yaml": { schema: { type: "string", description: "lab.yaml" } },
            [JSON_TYPE]: { schema: schemaRef("LabUpload") },
          },
        },
        responses: {
          "201": ok("A new version.", "LabUploaded"),
          "200": ok("The same content as the newest version: nothing new was stored.", "LabUploaded"),
        },
      },
    },
    "/api/v1/labs/{id}": {
      get: {
        operationId: "getLab",
        tag: "Labs",
        summary: "Get a lab: the tenant's newest version, or the catalogue's",
        auth: "any",
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            description: "The lab id.",
            schema: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
          },
        ],
        responses: { "200": ok("The lab, with the tenant's versions.", "Lab") },
      },
    },
    "/api/v1/courses": {
      get: {
        operationId: "listCourses",
        tag: "Courses",
        summary: "List courses",
        auth: "any",
        responses: { "200": ok("Every course of the tenant.", "CourseList") },
      },
      post: {
        operationId: "createCourse",
        tag: "Courses",
        summary: "Create a course",
        auth: "any",
        idempotent: true,
        body: { schema: "CourseCreate" },
        responses: { "201": ok("The course.", "Course") },
      },
    },
    "/api/v1/courses/{id}": {
      get: {
        operationId: "getCourse",
        tag: "Courses",
        summary: "Get a course",
        auth: "any",
        parameters: [pathId("course")],
        responses: { "200": ok("The course.", "Course") },
      },
    },
    "/api/v1/courses/{id}/gradebook": {
      get: {
        operationId: "getGradebook",
        tag: "Courses",
        summary: "The course's gradebook as JSON or CSV",
        description: "Each enrolled student's best score per assignment. CSV with `?format=csv` or `Accept: text/csv`.",
        auth: "any",
        parameters: [pathId("course"), query("format", "`csv` for a spreadsheet.", { type: "string", enum: ["csv"] })],
        responses: {
          "200": ok("The gradebook.", {
            [JSON_TYPE]: schemaRef("Gradebook"),
            "text/csv": { type: "string", description: "externalId,name,email,<assignment slugs>,total" },
          }),
        },
      },
    },
    "/api/v1/assignments": {
      get: {
        operationId: "listAssignments",
        tag: "Assignments",
        summary: "List assignments",
        auth: "any",
        parameters: [query("courseId", "Only this course's assignments.", uuid)],
        responses: { "200": ok("The assignments.", "AssignmentList") },
      },
      post: {
        operationId: "createAssignment",
        tag: "Assignments",
        summary: "Create an assignment, pinned to the lab's current version",
        auth: "any",
        idempotent: true,
        body: { schema: "AssignmentCreate" },
        responses: { "201": ok("The assignment.", "Assignment") },
      },
    },
    "/api/v1/assignments/{id}": {
      get: {
        operationId: "getAssignment",
        tag: "Assignments",
        summary: "Get an assignment",
        auth: "any",
        parameters: [pathId("assignment")],
        responses: { "200": ok("The assignment.", "Assignment") },
      },
      patch: {
        operationId: "updateAssignment",
        tag: "Assignments",
        summary: "Change an assignment (dates, limits, LMS link, lab version)",
        auth: "any",
        parameters: [pathId("assignment")],
        body: { schema: "AssignmentUpdate" },
        responses: { "200": ok("The assignment as changed.", "Assignment") },
      },
    },
    "/api/v1/assignments/{id}/links": {
      post: {
        operationId: "createStudentLinks",
        tag: "Assignments",
        summary: "Signed links to the student form, one per enrolled student",
        auth: "any",
        parameters: [pathId("assignment"), intQuery("expiresInDays", "How long the links are valid.", 1, 730, 180)],
        body: { schema: "StudentLinksRequest", required: false, checksMediaType: false },
        responses: { "200": ok("The links.", "StudentLinkList") },
      },
    },
    "/api/v1/assignments/{id}/regrade": {
      post: {
        operationId: "regradeAssignment",
        tag: "Submissions",
        summary: `Regrade every submission of an assignment (at most ${LIMITS.regradeAll})`,
        description: "Each submission gets a new result; earlier results are kept.",
        auth: "any",
        parameters: [pathId("assignment")],
        responses: { "200": ok("How many were regraded, by outcome.", "RegradeCounts") },
        errors: ["Invalid"],
      },
    },
    "/api/v1/students": {
      get: {
        operationId: "listStudents",
        tag: "Students",
        summary: "List students",
        auth: "any",
        parameters: [query("courseId", "Only the students enrolled in this course.", uuid)],
        responses: { "200": ok("The students.", "StudentList") },
      },
      post: {
        operationId: "importStudents",
        tag: "Students",
        summary: `Create or update students in bulk (at most ${LIMITS.studentsPerRequest}), optionally enrolling them`,
        auth: "any",
        idempotent: true,
        body: { schema: "StudentsBulk" },
        responses: { "200": ok("The students, in the order sent.", "StudentList") },
      },
    },
    "/api/v1/students/{id}": {
      get: {
        operationId: "getStudent",
        tag: "Students",
        summary: "Get a student",
        auth: "any",
        parameters: [pathId("student")],
        responses: { "200": ok("The student.", "Student") },
      },
    },
    "/api/v1/submissions": {
      get: {
        operationId: "listSubmissions",
        tag: "Submissions",
        summary: "List submissions, newest first, a page at a time",
        auth: "any",
        parameters: [
          intQuery("limit", "Page size.", 1, LIMITS.pageSize, 50),
          query("cursor", "The previous page's nextCursor.", { type: "string", maxLength: 200 }),
          query("assignmentId", "Only this assignment's.", uuid),
          query("studentId", "Only this student's.", uuid),
          query("status", "Only submissions in this state.", { type: "string", enum: [...submissionStatuses] }),
          query("since", "Created at or after.", { ...dateTime, maxLength: 40 }),
          query("until", "Created before.", { ...dateTime, maxLength: 40 }),
        ],
        responses: { "200": ok("A page.", "SubmissionPage") },
        errors: ["Invalid"],
      },
      post: {
        operationId: "createSubmission",
        tag: "Submissions",
        summary: "Submit on a student's behalf; graded before the response",
        description:
          "The raw submission is stored before grading starts. 409 when the assignment is not open or the attempts are used up; 429 with Retry-After during the cooldown.",
        auth: "any",
        idempotent: true,
        body: { schema: "SubmissionCreate" },
        responses: { "201": ok("The submission with its report.", "SubmissionGraded") },
      },
    },
    "/api/v1/submissions/{id}": {
      get: {
        operationId: "getSubmission",
        tag: "Submissions",
        summary: "Get a submission with what was sent and every result",
        auth: "any",
        parameters: [pathId("submission")],
        responses: { "200": ok("The submission.", "SubmissionDetail") },
      },
    },
    "/api/v1/submissions/{id}/report": {
      get: {
        operationId: "getSubmissionReport",
        tag: "Submissions",
        summary: "The current result's report",
        description: "404 also while the submission is not graded yet.",
        auth: "any",
        parameters: [
          pathId("submission"),
          query("format", "`text` for the report as the student reads it.", { type: "string", enum: ["text"] }),
        ],
        responses: {
          "200": ok("The report.", { [JSON_TYPE]: schemaRef("Report"), "text/plain": { type: "string" } }),
        },
      },
    },
    "/api/v1/submissions/{id}/regrade": {
      post: {
        operationId: "regradeSubmission",
        tag: "Submissions",
        summary: "Regrade a submission (a new result; history kept)",
        auth: "any",
        parameters: [pathId("submission")],
        responses: { "200": ok("The submission with every result.", "SubmissionRegraded") },
      },
    },
    "/api/v1/grade": {
      post: {
        operationId: "grade",
        tag: "Grading",
        summary: "Grade a submission against a lab without storing anything",
        description: "For trying a lab out: name a lab, or send its files.",
        auth: "any",
        body: { schema: "GradeRequest" },
        responses: { "200": ok("The report.", "Report") },
      },
    },
    "/api/v1/integrations": {
      get: {
        operationId: "listIntegrations",
        tag: "LMS integrations",
        summary: "List LMS integrations (no secrets)",
        auth: "admin",
        responses: { "200": ok("The integrations.", "IntegrationList") },
      },
      post: {
        operationId: "createIntegration",
        tag: "LMS integrations",
        summary: "Register an LMS: webhook secret and LTI 1.3 tool key",
        description: "The webhook signing secret is in this response only.",
        auth: "admin",
        idempotent: true,
        body: { schema: "IntegrationCreate" },
        responses: { "201": ok("The integration with its webhook secret.", "IntegrationCreated") },
      },
    },
    "/api/v1/integrations/{id}": {
      get: {
        operationId: "getIntegration",
        tag: "LMS integrations",
        summary: "Get an LMS integration (no secrets)",
        auth: "admin",
        parameters: [pathId("integration")],
        responses: { "200": ok("The integration.", "Integration") },
      },
      patch: {
        operationId: "updateIntegration",
        tag: "LMS integrations",
        summary: "Change an LMS integration's platform endpoints (launch, token, deployment)",
        auth: "admin",
        parameters: [pathId("integration")],
        body: { schema: "IntegrationUpdate" },
        responses: { "200": ok("The integration.", "Integration") },
      },
    },
    "/api/v1/outbox": {
      get: {
        operationId: "listOutbox",
        tag: "LMS integrations",
        summary: "Grade passbacks: pending, delivered and dead ones",
        auth: "any",
        parameters: [
          query("status", "Only entries in this state.", { type: "string", enum: [...outboxStatuses] }),
          intQuery("limit", "How many.", 1, 100, 50),
        ],
        responses: { "200": ok("The entries.", "OutboxList") },
        errors: ["Invalid"],
      },
    },
    "/api/v1/outbox/{id}/retry": {
      post: {
        operationId: "retryOutboxEntry",
        tag: "LMS integrations",
        summary: "Retry a grade passback now (a dead one too)",
        auth: "any",
        parameters: [pathId("outbox entry")],
        responses: { "202": ok("Queued for delivery.", "OutboxEntry") },
        errors: ["Conflict"],
      },
    },
    "/api/v1/audit": {
      get: {
        operationId: "listAuditLog",
        tag: "Audit",
        summary: "The tenant's audit log, newest first",
        auth: "admin",
        parameters: [intQuery("limit", "How many entries.", 1, 500, 100)],
        responses: { "200": ok("The entries.", "AuditList") },
        errors: ["Invalid"],
      },
    },
    "/webhooks/lms/{tenant}": {
      post: {
        operationId: "receiveLmsWebhook",
        tag: "LMS",
        summary: "An LMS delivers a student's submission (Standard Webhooks)",
        description:
          "Signed with the integration's `whsec_` secret; the timestamp must be within 5 minutes of the server clock. A webhook-id delivered before gets the first delivery's outcome back and is never graded twice. Grading happens after the 202; the grade goes back through LTI Assignment and Grade Services.",
        auth: "webhook",
        parameters: [tenantParam("The tenant's slug or id.", { anyOf: [TENANT_SLUG, uuid] })],
        body: { schema: "LmsEvent" },
        responses: {
          "202": ok("Stored; grading follows.", "WebhookAccepted", ["Webhook-Replayed"]),
        },
        errors: ["Conflict", "TooManyRequests"],
      },
    },
    "/lti/{tenant}/jwks.json": {
      get: {
        operationId: "getToolJwks",
        tag: "LMS",
        summary: "The public keys LTI platforms verify the tool's client assertions with",
        auth: "none",
        parameters: [tenantParam("The tenant's slug.", TENANT_SLUG)],
        responses: { "200": ok("A JSON Web Key Set.", "Jwks") },
      },
    },
  };
}

const TAGS = [
  { name: "Service", description: "Health checks and this documentation." },
  { name: "Tenants", description: "Provisioning, by the operator of the service." },
  {
    name: "API keys",
    description: "Admin keys manage keys, integrations and the audit log; instructor keys the rest.",
  },
  { name: "Labs", description: "The tenant's uploaded labs and the built-in catalogue." },
  { name: "Courses" },
  { name: "Assignments" },
  { name: "Students" },
  { name: "Submissions" },
  { name: "Grading" },
  { name: "LMS integrations", description: "LTI 1.3 registrations, webhook secrets and the grade passback outbox." },
  { name: "Audit" },
  { name: "LMS", description: "What the LMS calls: the submission webhook and the tool's key set." },
];

function buildDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const [path, methods] of Object.entries(operations())) {
    const hasPathParams = path.includes("{");
    paths[path] = Object.fromEntries(
      Object.entries(methods).map(([method, spec]) => [method, operation(spec, hasPathParams)]),
    );
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "labgrader API",
      version: "1.0.0",
      description: [
        "Grade Kubernetes lab submissions: the instructor API under `/api/v1`, the LMS webhook and the tool's LTI key set.",
        "",
        "Authenticate with an API key: `Authorization: Bearer lg_...`. Every error is an RFC 9457 problem (`application/problem+json`) with a `code` and the `requestId` to quote. Each key may make a fixed number of requests per minute (the `RateLimit-*` headers); over it, 429 with `Retry-After`. Another tenant's object is 404, exactly like a missing one.",
      ].join("\n"),
    },
    servers: [{ url: "/", description: "This service." }],
    tags: TAGS,
    security: SECURITY.any,
    paths,
    components: {
      schemas: { ...requestSchemas(), ...responseSchemas() },
      parameters: PARAMETERS,
      headers: HEADERS,
      responses: errorResponses(),
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "lg_ and 32 characters",
          description:
            "A tenant's API key, shown once when created. The role an operation needs is in its security requirement (`admin`); admin keys may call every operation.",
        },
        operatorToken: {
          type: "http",
          scheme: "bearer",
          description: "The service operator's token (configuration), for provisioning tenants.",
        },
        webhookId: {
          type: "apiKey",
          in: "header",
          name: "webhook-id",
          description:
            "Standard Webhooks: the delivery's unique id (visible ASCII, no `.`); replays are recognised by it.",
        },
        webhookTimestamp: {
          type: "apiKey",
          in: "header",
          name: "webhook-timestamp",
          description: "Standard Webhooks: Unix seconds; at most 5 minutes from the server clock either way.",
        },
        webhookSignature: {
          type: "apiKey",
          in: "header",
          name: "webhook-signature",
          description:
            "Standard Webhooks: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the integration's secret; several space-separated while a secret rotates.",
        },
      },
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
