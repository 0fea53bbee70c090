/**
 * JSON Schemas (2020-12) of the instructor API's request bodies. The server validates with
 * them and the OpenAPI document publishes them: one source for both.
 */
const text = (max: number, extra: object = {}) => ({ type: "string", minLength: 1, maxLength: max, ...extra });
const slug = text(63, { pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" });
const uuid = { type: "string", format: "uuid", pattern: "^[0-9a-fA-F-]{36}$" };
const dateTime = { type: "string", format: "date-time", maxLength: 40 };

export const LIMITS = { studentsPerRequest: 1000, regradeAll: 1000, pageSize: 100 } as const;

export const SubmittedFile = {
  type: "object",
  required: ["name", "content"],
  additionalProperties: false,
  properties: { name: text(200), content: { type: "string", maxLength: 1024 * 1024 } },
};

export const SubmissionPayload = {
  oneOf: [
    {
      type: "object",
      required: ["kind", "files"],
      additionalProperties: false,
      properties: {
        kind: { const: "manifests" },
        files: { type: "array", minItems: 1, maxItems: 50, items: SubmittedFile },
      },
    },
    {
      type: "object",
      required: ["kind", "text"],
      additionalProperties: false,
      properties: {
        kind: { const: "transcript" },
        text: { type: "string", minLength: 1, maxLength: 1024 * 1024 },
        files: { type: "array", maxItems: 50, items: SubmittedFile },
      },
    },
  ],
};

export const TenantCreate = {
  type: "object",
  required: ["slug", "name"],
  additionalProperties: false,
  properties: { slug, name: text(200) },
};

export const CourseCreate = {
  type: "object",
  required: ["code", "title"],
  additionalProperties: false,
  properties: { code: text(64), title: text(200), externalId: text(255) },
};

export const AssignmentCreate = {
  type: "object",
  required: ["courseId", "slug", "title", "lab"],
  additionalProperties: false,
  properties: {
    courseId: uuid,
    slug,
    title: text(200),
    lab: text(63, { description: "A lab id: one the tenant uploaded, or one of the built-in catalogue." }),
    opensAt: dateTime,
    dueAt: dateTime,
    attemptLimit: { type: "integer", minimum: 1, maximum: 1000 },
    cooldownSeconds: { type: "integer", minimum: 0, maximum: 86400 },
    integrationId: uuid,
    lineItemUrl: text(2000, { format: "uri", pattern: "^https?://" }),
    externalId: text(255),
  },
};

export const AssignmentUpdate = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    title: text(200),
    opensAt: { anyOf: [dateTime, { type: "null" }] },
    dueAt: { anyOf: [dateTime, { type: "null" }] },
    attemptLimit: { anyOf: [{ type: "integer", minimum: 1, maximum: 1000 }, { type: "null" }] },
    cooldownSeconds: { type: "integer", minimum: 0, maximum: 86400 },
    integrationId: { anyOf: [uuid, { type: "null" }] },
    lineItemUrl: { anyOf: [text(2000, { pattern: "^https?://" }), { type: "null" }] },
    externalId: { anyOf: [text(255), { type: "null" }] },
    lab: text(63, { description: "Re-pin the assignment to the newest version of this lab." }),
  },
};

export const StudentsBulk = {
  type: "object",
  required: ["students"],
  additionalProperties: false,
  properties: {
    courseId: { ...uuid, description: "Enrol every student in this course too." },
    students: {
      type: "array",
      minItems: 1,
      maxItems: LIMITS.studentsPerRequest,
      items: {
        type: "object",
        required: ["externalId"],
        additionalProperties: false,
        properties: { externalId: text(255), name: text(200), email: text(320, { pattern: "^[^@\\s]+@[^@\\s]+$" }) },
      },
    },
  },
};

export const SubmissionCreate = {
  type: "object",
  required: ["assignmentId", "studentId", "submission"],
  additionalProperties: false,
  properties: {
    assignmentId: uuid,
    studentId: { ...text(255), description: "The student's id or external id." },
    submission: SubmissionPayload,
  },
};

export const LabUploadJson = {
  type: "object",
  required: ["files"],
  additionalProperties: false,
  properties: {
    files: {
      type: "object",
      description: "The lab folder: relative path -> text; must hold lab.yaml.",
      maxProperties: 200,
      additionalProperties: { type: "string", maxLength: 1024 * 1024 },
    },
  },
};

export const GradeRequest = {
  type: "object",
  required: ["submission"],
  additionalProperties: false,
  properties: {
    lab: text(63, { description: "A lab id (the tenant's newest version or the catalogue)." }),
    labFiles: LabUploadJson.properties.files,
    student: text(255),
    submission: SubmissionPayload,
  },
  oneOf: [{ required: ["lab"] }, { required: ["labFiles"] }],
};

export const KeyCreate = {
  type: "object",
  required: ["name", "role"],
  additionalProperties: false,
  properties: { name: text(100), role: { enum: ["admin", "instructor"] } },
};

export const IntegrationCreate = {
  type: "object",
  required: ["name", "issuer", "clientId", "tokenUrl"],
  additionalProperties: false,
  properties: {
    name: text(100),
    issuer: text(2000, { pattern: "^https?://" }),
    clientId: text(255),
    deploymentId: text(255),
    tokenUrl: text(2000, { pattern: "^https?://" }),
    authLoginUrl: text(2000, { pattern: "^https?://" }),
    platformJwksUrl: text(2000, { pattern: "^https?://" }),
  },
};

/** What an admin may change on an integration: the platform's endpoints (null clears one). */
export const IntegrationUpdate = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    deploymentId: { anyOf: [text(255), { type: "null" }] },
    tokenUrl: text(2000, { pattern: "^https?://" }),
    authLoginUrl: { anyOf: [text(2000, { pattern: "^https?://" }), { type: "null" }] },
    platformJwksUrl: { anyOf: [text(2000, { pattern: "^https?://" }), { type: "null" }] },
  },
};
