/**
 * Request bodies are parsed once at the edge against the JSON Schemas the OpenAPI document
 * publishes (src/api/v1/schemas.ts), so what the docs say is what the server enforces.
 */
import { Validator } from "@cfworker/json-schema";
import type { Ctx } from "./context.ts";
import { ApiError, type FieldProblem } from "./errors.ts";

const validators = new Map<object, Validator>();

export function check<T>(schema: object, value: unknown): T {
  let v = validators.get(schema);
  if (!v) {
    v = new Validator(schema as never, "2020-12", false);
    validators.set(schema, v);
  }
  const r = v.validate(value);
  if (r.valid) return value as T;
  const leaf = r.errors.filter((e) => !["properties", "items", "allOf", "$ref", "anyOf", "oneOf"].includes(e.keyword));
  const errors: FieldProblem[] = (leaf.length ? leaf : r.errors).slice(0, 20).map((e) => ({
    pointer: e.instanceLocation.replace(/^#/, "") || "/",
    detail: e.error,
  }));
  throw new ApiError("invalid", `the request body does not match the schema: ${errors[0]?.detail ?? "invalid"}`, {
    errors,
  });
}

export async function jsonBody<T>(c: Ctx, schema: object): Promise<T> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "send the body as JSON (Content-Type: application/json)");
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError("bad_request", "the body is not valid JSON");
  }
  return check<T>(schema, body);
}
