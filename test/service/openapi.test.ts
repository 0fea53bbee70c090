/**
 * The OpenAPI 3.1 document (`/api/v1/openapi.json`) and its page (`/api/v1/docs`): the document
 * is structurally valid OpenAPI 3.1 (checked by the small validator below: no OpenAPI schema is
 * available offline), every `$ref` resolves, it documents exactly the routes the app registers,
 * and it tells the truth: each operation's security is what the server enforces and each
 * success and error body the server sends matches the documented schema.
 */
import { readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import type { Deps } from "../../src/api/context.ts";
import { ERROR_CODES } from "../../src/api/errors.ts";
import { openApiDocument } from "../../src/api/v1/openapi-document.ts";
import {
  AssignmentCreate,
  AssignmentUpdate,
  CourseCreate,
  GradeRequest,
  IntegrationCreate,
  KeyCreate,
  LabUploadJson,
  StudentsBulk,
  SubmissionCreate,
  SubmissionPayload,
  SubmittedFile,
  TenantCreate,
} from "../../src/api/v1/schemas.ts";
import { idempotent } from "../../src/api/v1/util.ts";
import { LmsEvent } from "../../src/api/webhook.ts";
import { signWebhook } from "../../src/lms/webhook-signature.ts";
import { call, OPERATOR_TOKEN, startTestService, type TestService } from "../support/app.ts";

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The app's routes are read, never served: a request reaching the database would be a bug here. */
const STUB_DEPS: Deps = {
  openDb: () => {
    throw new Error("no database in this test");
  },
  now: () => new Date("2026-03-02T09:00:00.000Z"),
  fetch: () => Promise.reject(new Error("no network in this test")),
  waitUntil: () => {},
  config: { rateLimitPerMinute: 60 },
  log: () => {},
};
const app = createApp(() => STUB_DEPS);

/**
 * Routes the document leaves out on purpose: the student pages are HTML for a browser reached
 * by a signed link, and the LTI login and launch are redirects a browser follows from the LMS
 * (their URLs are in each integration), not part of the API.
 */
const UNDOCUMENTED = [
  "GET /s/:token",
  "POST /s/:token",
  "GET /s/:token/submissions/:id",
  "GET /lti/:tenant/login",
  "POST /lti/:tenant/login",
  "POST /lti/:tenant/launch",
  "POST /lti/:tenant/deep-link",
];

/**
 * `METHOD /path` of every route the app registers (Hono syntax). `ALL` entries are middleware
 * (`app.use`: request ids, body limit, the student pages' headers); the app has no `all()` route.
 */
function registeredRoutes(): string[] {
  const seen = new Set<string>();
  for (const r of app.routes) if (r.method !== "ALL") seen.add(`${r.method} ${r.path}`);
  return [...seen].sort();
}

/** `METHOD /path` of every documented operation, in Hono's syntax (`{id}` -> `:id`). */
function documentedRoutes(doc: Json): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      if (item[method]) out.push(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`);
    }
  }
  return out.sort();
}

const doc = (): Json => JSON.parse(JSON.stringify(openApiDocument())) as Json;

// ---------------------------------------------------------------------------------------------
// A structural OpenAPI 3.1 validator: the rules of the specification this document could break.

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const ROOT_KEYS = [
  "openapi",
  "info",
  "jsonSchemaDialect",
  "servers",
  "paths",
  "webhooks",
  "components",
  "security",
  "tags",
  "externalDocs",
];
const OPERATION_KEYS = [
  "tags",
  "summary",
  "description",
  "externalDocs",
  "operationId",
  "parameters",
  "requestBody",
  "responses",
  "callbacks",
  "deprecated",
  "security",
  "servers",
];
const COMPONENT_KINDS = [
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
];
const SCHEMA_KEYWORDS = new Set([
  "$ref",
  "$defs",
  "$id",
  "$schema",
  "$comment",
  "type",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "unevaluatedProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "dependentRequired",
  "items",
  "prefixItems",
  "contains",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "contentMediaType",
  "contentEncoding",
  "discriminator",
  "xml",
  "externalDocs",
  "example",
]);
const JSON_TYPES = new Set(["null", "boolean", "object", "array", "number", "integer", "string"]);
const NAME_RE = /^[a-zA-Z0-9.\-_]+$/;
const MEDIA_TYPE_RE = /^[a-z]+\/[a-z0-9.+*-]+$/;
const STATUS_RE = /^([1-5](\d\d|XX)|default)$/;

/** The value a local `$ref` (`#/components/...`) points at, or undefined. */
function resolvePointer(root: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let at: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    at = isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined;
  }
  return at;
}

/** Every problem found, each as `<location>: <what>`; an empty list is a valid document. */
function validateOpenApi(root: Json): string[] {
  const problems: string[] = [];
  const problem = (at: string, what: string): void => {
    problems.push(`${at}: ${what}`);
  };
  const unknownKeys = (at: string, o: Json, allowed: string[]) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k) && !k.startsWith("x-")) problem(at, `unknown field ${k}`);
  };
  const components = isObject(root.components) ? root.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};

  /** A `$ref` must resolve, and to a component of the kind expected where it is used. */
  const reference = (at: string, v: Json, kind: string): Json | undefined => {
    const ref = v.$ref as string;
    if (!ref.startsWith(`#/components/${kind}/`)) problem(at, `$ref ${ref} is not a ${kind} component`);
    const target = resolvePointer(root, ref);
    if (!isObject(target)) {
      problem(at, `$ref ${ref} does not resolve`);
      return undefined;
    }
    return target;
  };

  const schema = (at: string, s: unknown) => {
    if (typeof s === "boolean") return;
    if (!isObject(s)) return problem(at, "a schema must be an object or a boolean");
    if (typeof s.$ref === "string") reference(at, s, "schemas");
    for (const k of Object.keys(s)) {
      if (k === "nullable") problem(at, "nullable is OpenAPI 3.0; 3.1 uses type: [..., null]");
      else if (!SCHEMA_KEYWORDS.has(k) && !k.startsWith("x-")) problem(at, `unknown keyword ${k}`);
    }
    const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
    for (const t of types) if (!JSON_TYPES.has(t as string)) problem(at, `type ${String(t)} is not a JSON type`);
    if (s.enum !== undefined && (!Array.isArray(s.enum) || s.enum.length === 0)) problem(at, "enum must be non-empty");
    if (s.required !== undefined) {
      if (!Array.isArray(s.required) || s.required.some((r) => typeof r !== "string")) {
        problem(at, "required must be a list of names");
      } else if (s.additionalProperties === false && isObject(s.properties)) {
        for (const r of s.required) if (!Object.hasOwn(s.properties, r)) problem(at, `required ${r} is not a property`);
      }
    }
    if (typeof s.pattern === "string") {
      try {
        new RegExp(s.pattern, "u");
      } catch {
        problem(at, `pattern ${s.pattern} is not an ECMA-262 regular expression`);
      }
    }
    for (const [lo, hi] of [
      ["minLength", "maxLength"],
      ["minimum", "maximum"],
      ["minItems", "maxItems"],
      ["minProperties", "maxProperties"],
    ]) {
      if (typeof s[lo] === "number" && typeof s[hi] === "number" && s[lo] > s[hi]) problem(at, `${lo} > ${hi}`);
    }
    for (const k of ["properties", "patternProperties", "$defs"]) {
      if (s[k] === undefined) continue;
      if (!isObject(s[k])) problem(at, `${k} must be an object`);
      else for (const [name, sub] of Object.entries(s[k])) schema(`${at}/${k}/${name}`, sub);
    }
    for (const k of ["oneOf", "anyOf", "allOf", "prefixItems"]) {
      if (s[k] === undefined) continue;
      if (!Array.isArray(s[k]) || s[k].length === 0) problem(at, `${k} must be a non-empty list`);
      else for (const [i, sub] of (s[k] as unknown[]).entries()) schema(`${at}/${k}/${i}`, sub);
    }
    for (const k of ["items", "additionalProperties", "unevaluatedProperties", "not", "if", "then", "else"]) {
      if (s[k] !== undefined) schema(`${at}/${k}`, s[k]);
    }
  };

  const content = (at: string, c: unknown) => {
    if (!isObject(c) || Object.keys(c).length === 0) return problem(at, "content must name at least one media type");
    for (const [type, media] of Object.entries(c)) {
      if (!MEDIA_TYPE_RE.test(type)) problem(at, `${type} is not a media type`);
      if (!isObject(media)) problem(`${at}/${type}`, "a media type must be an object");
      else if (media.schema !== undefined) schema(`${at}/${type}/schema`, media.schema);
    }
  };

  const header = (at: string, h: unknown) => {
    if (!isObject(h)) return problem(at, "a header must be an object");
    if (typeof h.$ref === "string") return void reference(at, h, "headers");
    if ("name" in h || "in" in h) problem(at, "a header must not have name or in");
    if ((h.schema === undefined) === (h.content === undefined)) problem(at, "a header needs schema or content");
    if (h.schema !== undefined) schema(`${at}/schema`, h.schema);
  };

  const parameter = (at: string, p: unknown): Json | undefined => {
    if (!isObject(p)) return void problem(at, "a parameter must be an object");
    if (typeof p.$ref === "string") {
      const target = reference(at, p, "parameters");
      return target && parameter(at, target);
    }
    if (typeof p.name !== "string" || p.name === "") problem(at, "a parameter needs a name");
    if (!["query", "header", "path", "cookie"].includes(p.in as string))
      problem(at, `in ${String(p.in)} is not allowed`);
    if (p.in === "path" && p.required !== true) problem(at, "a path parameter must be required");
    if ((p.schema === undefined) === (p.content === undefined)) problem(at, "a parameter needs schema or content");
    if (p.schema !== undefined) schema(`${at}/schema`, p.schema);
    return p;
  };

  const response = (at: string, r: unknown) => {
    if (!isObject(r)) return problem(at, "a response must be an object");
    if (typeof r.$ref === "string") return void reference(at, r, "responses");
    unknownKeys(at, r, ["description", "headers", "content", "links"]);
    if (typeof r.description !== "string") problem(at, "a response needs a description");
    if (r.content !== undefined) content(`${at}/content`, r.content);
    if (r.headers !== undefined) {
      if (!isObject(r.headers)) problem(at, "headers must be an object");
      else for (const [name, h] of Object.entries(r.headers)) header(`${at}/headers/${name}`, h);
    }
  };

  const security = (at: string, reqs: unknown) => {
    if (!Array.isArray(reqs)) return problem(at, "security must be a list");
    for (const [i, req] of reqs.entries()) {
      if (!isObject(req)) {
        problem(`${at}/${i}`, "a security requirement must be an object");
        continue;
      }
      for (const [name, scopes] of Object.entries(req)) {
        if (!isObject(schemes[name])) problem(`${at}/${i}`, `security scheme ${name} is not declared`);
        if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string")) {
          problem(`${at}/${i}`, `${name} needs a list of scopes or role names`);
        }
      }
    }
  };

  // Root and info.
  unknownKeys("#", root, ROOT_KEYS);
  if (typeof root.openapi !== "string" || !/^3\.1\.\d+$/.test(root.openapi)) problem("#/openapi", "must be 3.1.x");
  const info = root.info;
  if (!isObject(info) || typeof info.title !== "string" || typeof info.version !== "string") {
    problem("#/info", "needs a title and a version");
  }
  if (root.security !== undefined) security("#/security", root.security);
  const tagNames = new Set<string>();
  for (const [i, t] of (Array.isArray(root.tags) ? root.tags : []).entries()) {
    if (!isObject(t) || typeof t.name !== "string") problem(`#/tags/${i}`, "a tag needs a name");
    else if (tagNames.has(t.name)) problem(`#/tags/${i}`, `tag ${t.name} is declared twice`);
    else tagNames.add(t.name);
  }

  // Components.
  unknownKeys("#/components", components, COMPONENT_KINDS);
  for (const kind of COMPONENT_KINDS) {
    const group = components[kind];
    if (group === undefined) continue;
    if (!isObject(group)) {
      problem(`#/components/${kind}`, "must be an object");
      continue;
    }
    for (const [name, value] of Object.entries(group)) {
      const at = `#/components/${kind}/${name}`;
      if (!NAME_RE.test(name)) problem(at, "component names are letters, digits, '.', '-' and '_'");
      if (kind === "schemas") schema(at, value);
      if (kind === "responses") response(at, value);
      if (kind === "parameters") parameter(at, value);
      if (kind === "headers") header(at, value);
      if (kind === "securitySchemes") {
        const s = value as Json;
        if (!["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"].includes(s.type as string)) {
          problem(at, `type ${String(s.type)} is not a security scheme type`);
        }
        if (
          s.type === "apiKey" &&
          (typeof s.name !== "string" || !["query", "header", "cookie"].includes(s.in as string))
        ) {
          problem(at, "an apiKey scheme needs a name and in: query, header or cookie");
        }
        if (s.type === "http" && typeof s.scheme !== "string") problem(at, "an http scheme needs a scheme");
      }
    }
  }

  // Paths and operations.
  const operationIds = new Set<string>();
  const paths = root.paths;
  if (!isObject(paths)) return [...problems, "#/paths: must be an object"];
  for (const [path, item] of Object.entries(paths)) {
    const at = `#/paths/${path}`;
    if (!path.startsWith("/")) problem(at, "a path must start with /");
    if (!isObject(item)) {
      problem(at, "a path item must be an object");
      continue;
    }
    unknownKeys(at, item, [...METHODS, "summary", "description", "servers", "parameters"]);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const shared = (Array.isArray(item.parameters) ? item.parameters : []).map((p, i) =>
      parameter(`${at}/parameters/${i}`, p),
    );
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const opAt = `${at}/${method}`;
      if (!isObject(op)) {
        problem(opAt, "an operation must be an object");
        continue;
      }
      unknownKeys(opAt, op, OPERATION_KEYS);
      if (typeof op.operationId !== "string") problem(opAt, "needs an operationId");
      else if (operationIds.has(op.operationId)) problem(opAt, `operationId ${op.operationId} is used twice`);
      else operationIds.add(op.operationId);
      if (typeof op.summary !== "string" || op.summary === "") problem(opAt, "needs a summary");
      if (!Array.isArray(op.tags) || op.tags.length === 0) problem(opAt, "needs a tag");
      else for (const t of op.tags) if (!tagNames.has(t)) problem(opAt, `tag ${t} is not declared in #/tags`);
      if (op.security !== undefined) security(`${opAt}/security`, op.security);
      const own = (Array.isArray(op.parameters) ? op.parameters : []).map((p, i) =>
        parameter(`${opAt}/parameters/${i}`, p),
      );
      const params = [...shared, ...own].filter((p): p is Json => p !== undefined);
      const seen = new Set<string>();
      for (const p of own.filter((p): p is Json => p !== undefined)) {
        const key = `${p.in}:${p.name}`;
        if (seen.has(key)) problem(opAt, `parameter ${key} is listed twice`);
        seen.add(key);
      }
      const inPath = params.filter((p) => p.in === "path").map((p) => p.name as string);
      for (const name of templated)
        if (!inPath.includes(name)) problem(opAt, `path parameter ${name} is not described`);
      for (const name of inPath)
        if (!templated.includes(name)) problem(opAt, `path parameter ${name} is not in the path`);
      if (op.requestBody !== undefined) {
        if (["get", "head", "delete"].includes(method)) problem(opAt, `a ${method} has no request body`);
        const body = op.requestBody;
        if (isObject(body) && typeof body.$ref === "string") reference(`${opAt}/requestBody`, body, "requestBodies");
        else if (isObject(body)) content(`${opAt}/requestBody/content`, body.content);
        else problem(`${opAt}/requestBody`, "must be an object");
      }
      if (!isObject(op.responses) || Object.keys(op.responses).length === 0) {
        problem(opAt, "needs at least one response");
        continue;
      }
      for (const [status, r] of Object.entries(op.responses)) {
        if (!STATUS_RE.test(status)) problem(`${opAt}/responses`, `${status} is not a status code`);
        response(`${opAt}/responses/${status}`, r);
      }
      if (!Object.keys(op.responses).some((s) => s.startsWith("2"))) problem(opAt, "documents no success response");
    }
  }
  return problems;
}

/** Every `$ref` in the document, with where it is. */
function allRefs(v: unknown, at = "#", out: { at: string; ref: string }[] = []) {
  if (Array.isArray(v)) for (const [i, x] of v.entries()) allRefs(x, `${at}/${i}`, out);
  else if (isObject(v)) {
    if (typeof v.$ref === "string") out.push({ at, ref: v.$ref });
    for (const [k, x] of Object.entries(v)) allRefs(x, `${at}/${k}`, out);
  }
  return out;
}

/** The schema with every `$ref` replaced by what it names (the document has no cycles). */
function inline(root: Json, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => inline(root, x));
  if (!isObject(v)) return v;
  if (typeof v.$ref === "string") return inline(root, resolvePointer(root, v.$ref));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inline(root, x)]));
}

// ---------------------------------------------------------------------------------------------

describe("the OpenAPI document's structure", () => {
  it("is OpenAPI 3.1 with no structural problems", () => {
    const d = doc();
    expect(d.openapi).toBe("3.1.0");
    expect(validateOpenApi(d)).toEqual([]);
  });

  it("the structural validator reports the mistakes it looks for", () => {
    const d = doc() as Json & { paths: Record<string, Json>; components: Json & { schemas: Json } };
    const course = d.paths["/api/v1/courses/{id}"].get as Json;
    course.parameters = [];
    course.tags = ["Nowhere"];
    (d.paths["/api/v1/courses"].post as Json).responses = {};
    (d.paths["/api/v1/keys"].get as Json).security = [{ cookie: [] }];
    (d.components.schemas.Course as Json).nullable = true;
    (d.components.schemas.CourseCreate as Json).requried = ["code"];
    ((d.components.schemas.Problem as Json).properties as Json).errors = { $ref: "#/components/schemas/Nope" };
    (d.paths["/api/v1/students/{id}"].get as Json).responses = { "200": { $ref: "#/components/schemas/Student" } };
    expect(validateOpenApi(d)).toEqual([
      "#/components/schemas/CourseCreate: unknown keyword requried",
      "#/components/schemas/Problem/properties/errors: $ref #/components/schemas/Nope does not resolve",
      "#/components/schemas/Course: nullable is OpenAPI 3.0; 3.1 uses type: [..., null]",
      "#/paths//api/v1/keys/get/security/0: security scheme cookie is not declared",
      "#/paths//api/v1/courses/post: needs at least one response",
      "#/paths//api/v1/courses/{id}/get: tag Nowhere is not declared in #/tags",
      "#/paths//api/v1/courses/{id}/get: path parameter id is not described",
      "#/paths//api/v1/students/{id}/get/responses/200: $ref #/components/schemas/Student is not a responses component",
    ]);
  });

  it("resolves every $ref to an object inside the document", () => {
    const d = doc();
    const refs = allRefs(d);
    expect(refs.length).toBeGreaterThan(200);
    expect(refs.filter((r) => !isObject(resolvePointer(d, r.ref)))).toEqual([]);
  });

  it("documents every route the app registers, with the same method and path, and no other", () => {
    const registered = registeredRoutes();
    for (const r of UNDOCUMENTED) expect(registered).toContain(r);
    expect(documentedRoutes(doc())).toEqual(registered.filter((r) => !UNDOCUMENTED.includes(r)));
  });

  it("takes Idempotency-Key on exactly the POSTs registered with the idempotency middleware", () => {
    const withMiddleware = [
      ...new Set(app.routes.filter((r) => r.handler === idempotent).map((r) => `${r.method} ${r.path}`)),
    ].sort();
    const d = doc();
    const documented = documentedRoutes(d).filter((route) => {
      const [method, path] = route.split(" ");
      const op = (d.paths as Record<string, Json>)[path.replace(/:(\w+)/g, "{$1}")][method.toLowerCase()] as Json;
      return ((op.parameters ?? []) as Json[]).some((p) => p.$ref === "#/components/parameters/IdempotencyKey");
    });
    expect(withMiddleware).toEqual([
      "POST /api/v1/assignments",
      "POST /api/v1/courses",
      "POST /api/v1/integrations",
      "POST /api/v1/keys",
      "POST /api/v1/labs",
      "POST /api/v1/students",
      "POST /api/v1/submissions",
    ]);
    expect(documented).toEqual(withMiddleware);
  });

  it("publishes the request schemas the server validates with, as components", () => {
    const d = doc();
    const schemas = (d.components as Json).schemas as Json;
    const published = {
      SubmittedFile,
      SubmissionPayload,
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
      LmsEvent,
    };
    for (const [name, source] of Object.entries(published)) expect(inline(d, schemas[name]), name).toEqual(source);
    // Nested request schemas are references, not copies.
    expect((schemas.SubmissionCreate as { properties: Json }).properties.submission).toEqual({
      $ref: "#/components/schemas/SubmissionPayload",
    });
    const body = (path: string, method: string) =>
      (((d.paths as Record<string, Record<string, Json>>)[path][method].requestBody as Json).content as Json)[
        "application/json"
      ];
    expect(body("/api/v1/courses", "post")).toEqual({ schema: { $ref: "#/components/schemas/CourseCreate" } });
    expect(body("/api/v1/assignments/{id}", "patch")).toEqual({
      schema: { $ref: "#/components/schemas/AssignmentUpdate" },
    });
    expect(body("/webhooks/lms/{tenant}", "post")).toEqual({ schema: { $ref: "#/components/schemas/LmsEvent" } });
  });

  it("documents problem+json errors with every error code, each under its own status", () => {
    const d = doc();
    const components = d.components as Record<string, Record<string, Json>>;
    const problem = components.schemas.Problem as { properties: Record<string, Json>; required: string[] };
    expect(problem.properties.code.enum).toEqual(Object.keys(ERROR_CODES));
    expect(problem.required).toEqual(["type", "title", "status", "detail", "instance", "code", "requestId"]);
    const documentedCodes: string[] = [];
    for (const [name, r] of Object.entries(components.responses)) {
      expect(r.content, name).toEqual({
        "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
      });
      const codes = [...(r.description as string).matchAll(/`(\w+)`/g)].map((m) => m[1]);
      expect(codes.length, name).toBeGreaterThan(0);
      documentedCodes.push(...codes);
    }
    // No route answers 405: a method a path does not have is 404, like a path that does not exist.
    expect(new Set(documentedCodes)).toEqual(
      new Set(Object.keys(ERROR_CODES).filter((c) => c !== "method_not_allowed")),
    );
    // Each operation's error responses sit under the status their codes have.
    const statusOf = (name: string) => {
      const codes = [...(components.responses[name].description as string).matchAll(/`(\w+)`/g)].map((m) => m[1]);
      return new Set(codes.map((c) => String(ERROR_CODES[c as keyof typeof ERROR_CODES].status)));
    };
    for (const [path, item] of Object.entries(d.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, r] of Object.entries(op.responses as Record<string, Json>)) {
          if (typeof r.$ref !== "string") continue;
          expect([...statusOf(r.$ref.split("/").pop()!)], `${method} ${path} ${status}`).toEqual([status]);
        }
      }
    }
  });

  it("declares the bearer API key, the operator token and the Standard Webhooks headers as security schemes", () => {
    const d = doc();
    const schemes = (d.components as Json).securitySchemes as Record<string, Json>;
    expect(Object.keys(schemes).sort()).toEqual([
      "apiKey",
      "operatorToken",
      "webhookId",
      "webhookSignature",
      "webhookTimestamp",
    ]);
    expect(schemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.operatorToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [name, headerName] of [
      ["webhookId", "webhook-id"],
      ["webhookTimestamp", "webhook-timestamp"],
      ["webhookSignature", "webhook-signature"],
    ]) {
      expect(schemes[name]).toMatchObject({ type: "apiKey", in: "header", name: headerName });
    }
    const webhook = (d.paths as Record<string, Record<string, Json>>)["/webhooks/lms/{tenant}"].post;
    expect(webhook.security).toEqual([{ webhookId: [], webhookTimestamp: [], webhookSignature: [] }]);
  });

  it("documents the rate-limit headers on keyed responses and Retry-After on 429", () => {
    const d = doc();
    const components = d.components as Record<string, Record<string, Json>>;
    expect(Object.keys(components.responses.TooManyRequests.headers as Json)).toEqual([
      "X-Request-Id",
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
    ]);
    const courses = (d.paths as Record<string, Record<string, Json>>)["/api/v1/courses"].get;
    const ok = (courses.responses as Record<string, Json>)["200"];
    expect(Object.keys(ok.headers as Json)).toEqual([
      "X-Request-Id",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
    ]);
    expect((courses.responses as Json)["429"]).toEqual({ $ref: "#/components/responses/TooManyRequests" });
  });

  it("is built once: every call returns the same frozen document", () => {
    const first = openApiDocument();
    expect(openApiDocument()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first.components as Json).schemas)).toBe(true);
    // The server's validators keep their own (unfrozen) schemas.
    expect(Object.isFrozen(CourseCreate)).toBe(false);
  });
});

describe("the document as served", () => {
  it("is GET /api/v1/openapi.json, without a key", async () => {
    const r = await app.request("/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await r.json()).toEqual(doc());
  });

  it("renders at /api/v1/docs, listing every operation with its method, path and summary", async () => {
    const r = await app.request("/api/v1/docs");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await r.text();
    const d = doc();
    let listed = 0;
    for (const [path, item] of Object.entries(d.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(item)) {
        expect(page, `${method} ${path}`).toContain(`<span class="method">${method}</span> <code>${path}</code>`);
        expect(page, `${method} ${path}`).toContain(`<p>${escapeHtml(op.summary as string)}</p>`);
        listed++;
      }
    }
    expect(listed).toBe(documentedRoutes(d).length);
    for (const tag of d.tags as Json[]) expect(page).toContain(`>${escapeHtml(tag.name as string)}</h2>`);
  });
});

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// ---------------------------------------------------------------------------------------------
// The document against the running service

describe("the document tells the truth about the running service", () => {
  let svc: TestService;
  const d = doc();
  const paths = d.paths as Record<string, Record<string, Json>>;
  const validators = new Map<string, Validator>();
  /** operationId -> the statuses the service answered it with. */
  const exercised = new Map<string, Set<number>>();

  beforeAll(async () => {
    svc = await startTestService({ fetch: async () => new Response("unavailable", { status: 503 }) });
  }, 120_000);
  afterAll(() => svc?.close());

  /** The documented operation a request is, from its method and concrete path. */
  function operationFor(method: string, url: string): { op: Json; path: string } {
    const pathname = new URL(url, "http://localhost").pathname;
    for (const [path, item] of Object.entries(paths)) {
      const re = new RegExp(`^${path.replace(/\./g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`);
      const op = item[method.toLowerCase()];
      if (op && re.test(pathname)) return { op, path };
    }
    throw new Error(`${method} ${pathname} is not documented`);
  }

  function validatorFor(schema: Json): Validator {
    const key = JSON.stringify(schema);
    let v = validators.get(key);
    if (!v) {
      v = new Validator({ ...schema, components: JSON.parse(JSON.stringify(d.components)) } as never, "2020-12", false);
      validators.set(key, v);
    }
    return v;
  }

  /** Sends a request and checks its status and body against what the document says. */
  async function send(
    method: string,
    path: string,
    opts: { key?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const headers: Record<string, string> = { ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}) };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    const r = await svc.fetch(path, {
      method,
      headers: { ...headers, ...opts.headers },
      ...(opts.raw !== undefined
        ? { body: opts.raw }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    });
    const { op } = operationFor(method, path);
    const responses = op.responses as Record<string, Json>;
    const documented = responses[String(r.status)];
    expect(documented, `${method} ${path} answered ${r.status}, which is not documented`).toBeDefined();
    const response = (typeof documented.$ref === "string" ? resolvePointer(d, documented.$ref) : documented) as Json;
    const type = (r.headers.get("content-type") ?? "").split(";")[0];
    const text = await r.text();
    const media = (response.content as Record<string, Json> | undefined)?.[type];
    expect(media, `${method} ${path} ${r.status} sent ${type}, which is not documented`).toBeDefined();
    let body: unknown = text;
    if (type.endsWith("json")) {
      body = JSON.parse(text);
      const result = validatorFor(media!.schema as Json).validate(body);
      expect(
        result.errors.map((e) => `${e.instanceLocation}: ${e.error}`),
        `${method} ${path} ${r.status}`,
      ).toEqual([]);
    }
    for (const h of Object.keys((response.headers as Json | undefined) ?? {})) {
      if (["Retry-After", "Idempotent-Replayed", "Webhook-Replayed", "WWW-Authenticate"].includes(h)) continue;
      expect(r.headers.get(h), `${method} ${path} ${r.status} header ${h}`).not.toBeNull();
    }
    const id = op.operationId as string;
    exercised.set(id, (exercised.get(id) ?? new Set()).add(r.status));
    return { status: r.status, body, headers: r.headers };
  }

  it("answers every operation with a documented status, body and headers", async () => {
    const transcript = { kind: "transcript", text: "kubectl run web --image=nginx:1.25\nsleep 10\nkubectl get pods\n" };
    const tenant = await send("POST", "/api/v1/tenants", {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: { slug: "docs", name: "Docs" },
    });
    expect(tenant.status).toBe(201);
    const { adminKey, id: tenantId } = tenant.body as { id: string; adminKey: { key: string } };
    const key = adminKey.key;

    expect((await send("GET", "/healthz")).status).toBe(200);
    expect((await send("GET", "/readyz")).status).toBe(200);
    expect((await send("GET", "/api/v1/openapi.json")).status).toBe(200);
    expect((await send("GET", "/api/v1/docs")).status).toBe(200);

    const instructor = await send("POST", "/api/v1/keys", { key, body: { name: "ta", role: "instructor" } });
    expect(instructor.status).toBe(201);
    expect((await send("GET", "/api/v1/keys", { key })).status).toBe(200);

    const labYaml = readFileSync(new URL("../../labs/single-pod/lab.yaml", import.meta.url), "utf8").replace(
      "id: single-pod",
      "id: docs-pod",
    );
    const yamlUpload = await send("POST", "/api/v1/labs", {
      key,
      raw: labYaml,
      headers: { "content-type": "application/yaml" },
    });
    expect(yamlUpload.status).toBe(201);
    const again = await send("POST", "/api/v1/labs", { key, body: { files: { "lab.yaml": labYaml } } });
    expect(again.status).toBe(200);
    expect((await send("GET", "/api/v1/labs", { key })).status).toBe(200);
    expect((await send("GET", "/api/v1/labs/docs-pod", { key })).status).toBe(200);
    expect((await send("GET", "/api/v1/labs/single-pod", { key })).status).toBe(200);

    const course = await send("POST", "/api/v1/courses", {
      key,
      body: { code: "K8S", title: "Kubernetes" },
      headers: { "idempotency-key": "course-1" },
    });
    expect(course.status).toBe(201);
    const replayed = await send("POST", "/api/v1/courses", {
      key,
      body: { code: "K8S", title: "Kubernetes" },
      headers: { "idempotency-key": "course-1" },
    });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    const courseId = (course.body as { id: string }).id;
    expect((await send("GET", "/api/v1/courses", { key })).status).toBe(200);
    expect((await send("GET", `/api/v1/courses/${courseId}`, { key })).status).toBe(200);

    const integration = await send("POST", "/api/v1/integrations", {
      key,
      body: { name: "LMS", issuer: "https://lms.example", clientId: "c1", tokenUrl: "https://lms.example/token" },
    });
    expect(integration.status).toBe(201);
    const { id: integrationId, webhookSecret } = integration.body as { id: string; webhookSecret: string };
    expect((await send("GET", "/api/v1/integrations", { key })).status).toBe(200);
    expect((await send("GET", `/api/v1/integrations/${integrationId}`, { key })).status).toBe(200);
    const launchable = await send("PATCH", `/api/v1/integrations/${integrationId}`, {
      key,
      body: { authLoginUrl: "https://lms.example/auth", platformJwksUrl: "https://lms.example/jwks" },
    });
    expect(launchable.status).toBe(200);

    const assignment = await send("POST", "/api/v1/assignments", {
      key,
      body: {
        courseId,
        slug: "pod",
        title: "First pod",
        lab: "single-pod",
        integrationId,
        lineItemUrl: "https://lms.example/lineitems/1",
        externalId: "resource-link-1",
      },
    });
    expect(assignment.status).toBe(201);
    const assignmentId = (assignment.body as { id: string }).id;
    expect((await send("GET", "/api/v1/assignments", { key })).status).toBe(200);
    expect((await send("GET", `/api/v1/assignments/${assignmentId}`, { key })).status).toBe(200);
    expect(
      (await send("PATCH", `/api/v1/assignments/${assignmentId}`, { key, body: { dueAt: "2026-06-01T00:00:00Z" } }))
        .status,
    ).toBe(200);

    const students = await send("POST", "/api/v1/students", {
      key,
      body: { courseId, students: [{ externalId: "alice", name: "Alice" }, { externalId: "bob" }] },
    });
    expect(students.status).toBe(200);
    const aliceId = (students.body as { items: { id: string }[] }).items[0].id;
    expect((await send("GET", `/api/v1/students?courseId=${courseId}`, { key })).status).toBe(200);
    expect((await send("GET", `/api/v1/students/${aliceId}`, { key })).status).toBe(200);
    const links = await send("POST", `/api/v1/assignments/${assignmentId}/links?expiresInDays=7`, {
      key,
      body: { studentIds: ["alice"] },
    });
    expect((links.body as { items: unknown[] }).items).toHaveLength(1);

    const submission = await send("POST", "/api/v1/submissions", {
      key,
      body: { assignmentId, studentId: "alice", submission: transcript },
    });
    expect(submission.status).toBe(201);
    const submissionId = (submission.body as { id: string }).id;
    await svc.settle();
    expect((await send("GET", `/api/v1/submissions?assignmentId=${assignmentId}&limit=1`, { key })).status).toBe(200);
    expect((await send("GET", `/api/v1/submissions/${submissionId}`, { key })).status).toBe(200);
    expect((await send("GET", `/api/v1/submissions/${submissionId}/report`, { key })).status).toBe(200);
    const text = await send("GET", `/api/v1/submissions/${submissionId}/report?format=text`, { key });
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await send("POST", `/api/v1/submissions/${submissionId}/regrade`, { key })).status).toBe(200);
    expect((await send("POST", `/api/v1/assignments/${assignmentId}/regrade`, { key })).status).toBe(200);
    await svc.settle();
    expect((await send("GET", `/api/v1/courses/${courseId}/gradebook`, { key })).status).toBe(200);
    const csv = await send("GET", `/api/v1/courses/${courseId}/gradebook?format=csv`, { key });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(
      (await send("POST", "/api/v1/grade", { key, body: { lab: "single-pod", submission: transcript } })).status,
    ).toBe(200);

    const outbox = await send("GET", "/api/v1/outbox", { key });
    const entries = (outbox.body as { items: { id: string }[] }).items;
    expect(entries.length).toBeGreaterThan(0);
    expect((await send("POST", `/api/v1/outbox/${entries[0].id}/retry`, { key })).status).toBe(202);
    await svc.settle();
    expect((await send("GET", "/api/v1/audit?limit=5", { key })).status).toBe(200);

    const delivery = JSON.stringify({
      type: "submission.created",
      data: { resourceLinkId: "resource-link-1", user: { id: "lms-carol" }, submission: transcript },
    });
    const signed = await signWebhook({
      secret: webhookSecret,
      id: "msg_docs_1",
      timestamp: svc.clock.now,
      body: delivery,
    });
    const webhook = await send("POST", "/webhooks/lms/docs", {
      raw: delivery,
      headers: { ...signed, "content-type": "application/json" },
    });
    expect(webhook.status).toBe(202);
    await svc.settle();
    const jwks = await send("GET", "/lti/docs/jwks.json");
    expect((jwks.body as { keys: unknown[] }).keys).toHaveLength(1);

    const instructorId = (instructor.body as { id: string }).id;
    expect((await send("DELETE", `/api/v1/keys/${instructorId}`, { key })).status).toBe(200);

    // Errors are documented problems too.
    expect((await send("GET", "/api/v1/courses")).status).toBe(401);
    expect((await send("GET", `/api/v1/courses/${tenantId}`, { key })).status).toBe(404);
    expect((await send("POST", "/api/v1/courses", { key, body: { code: "" } })).status).toBe(422);
    expect(
      (await send("POST", "/api/v1/courses", { key, raw: "{", headers: { "content-type": "application/json" } }))
        .status,
    ).toBe(400);
    expect((await send("POST", "/api/v1/courses", { key, raw: "code=1" })).status).toBe(415);
    expect((await send("GET", "/api/v1/submissions?limit=0", { key })).status).toBe(422);
    expect((await send("GET", "/api/v1/keys", { key: (instructor.body as { key: string }).key })).status).toBe(401);
    expect((await send("POST", "/webhooks/lms/docs", { raw: delivery })).status).toBe(401);
    expect((await send("GET", "/lti/nobody/jwks.json")).status).toBe(404);

    // Every documented operation answered with one of its documented success statuses.
    const missing = Object.values(paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => ![...(exercised.get(op.operationId as string) ?? [])].some((s) => s < 300))
      .map((op) => op.operationId);
    expect(missing).toEqual([]);
  });

  it("enforces the security each operation documents", async () => {
    const tenant = await call(
      svc,
      undefined,
      "POST",
      "/api/v1/tenants",
      { slug: "docs-auth", name: "Auth" },
      {
        authorization: `Bearer ${OPERATOR_TOKEN}`,
      },
    );
    const admin = tenant.body.adminKey.key as string;
    const created = await call(svc, admin, "POST", "/api/v1/keys", { name: "ta", role: "instructor" });
    const instructor = created.body.key as string;
    const someId = "0b7f7c7e-7f7f-4f7f-8f7f-7f7f7f7f7f7f";
    for (const [path, item] of Object.entries(paths)) {
      const concrete = path.replace("{id}", someId).replace("{tenant}", "docs-auth");
      for (const [method, op] of Object.entries(item)) {
        const label = `${method.toUpperCase()} ${path}`;
        const security = op.security as Record<string, string[]>[];
        const anonymous = await svc.fetch(concrete, { method: method.toUpperCase() });
        const scheme = Object.keys(security[0] ?? {})[0];
        if (security.length === 0) {
          expect([401, 403], label).not.toContain(anonymous.status);
          continue;
        }
        if (scheme === "webhookId") {
          expect(anonymous.status, label).toBe(401);
          expect(((await anonymous.json()) as { code: string }).code, label).toBe("bad_signature");
          continue;
        }
        expect(anonymous.status, label).toBe(401);
        expect(anonymous.headers.get("www-authenticate"), label).toMatch(/^Bearer realm="labgrader(-operator)?"$/);
        if (scheme !== "apiKey") continue;
        const asInstructor = await svc.fetch(concrete, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${instructor}` },
        });
        if (security[0].apiKey.includes("admin")) expect(asInstructor.status, label).toBe(403);
        else expect([401, 403], label).not.toContain(asInstructor.status);
      }
    }
  });
});
