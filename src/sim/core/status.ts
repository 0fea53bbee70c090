/**
 * API errors as values, shaped like metav1.Status. The API server returns them; kubectl renders
 * them (see src/cli/kubectl/errors.ts). A throw inside the simulation is a bug, not an answer.
 */
export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Invalid"
  | "Forbidden"
  | "Conflict"
  | "BadRequest"
  | "TooManyRequests"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "Gone"
  | "InternalError"
  | "Unauthorized";

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; status: Status };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(status: Status): Result<T> => ({ ok: false, status });

export function status(reason: StatusReason, code: number, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) s.details = details;
  return s;
}

/** `pods "x" not found`, `deployments.apps "x" not found`. */
export function notFound(qualifiedResource: string, name: string): Status {
  const [resource, group] = splitQualified(qualifiedResource);
  return status("NotFound", 404, `${qualifiedResource} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(qualifiedResource: string, name: string): Status {
  const [resource, group] = splitQualified(qualifiedResource);
  return status("AlreadyExists", 409, `${qualifiedResource} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(qualifiedResource: string, name: string, why: string): Status {
  const [resource, group] = splitQualified(qualifiedResource);
  return status("Conflict", 409, `Operation cannot be fulfilled on ${qualifiedResource} "${name}": ${why}`, {
    name,
    group,
    kind: resource,
  });
}

export function forbidden(qualifiedResource: string, name: string, why: string): Status {
  const [resource, group] = splitQualified(qualifiedResource);
  const subject = name ? `${qualifiedResource} "${name}"` : qualifiedResource;
  return status("Forbidden", 403, `${subject} is forbidden: ${why}`, { name, group, kind: resource });
}

export function badRequest(message: string): Status {
  return status("BadRequest", 400, message);
}

export function tooManyRequests(message: string, retryAfterSeconds?: number): Status {
  return status("TooManyRequests", 429, message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
}

export function internalError(message: string): Status {
  return status("InternalError", 500, `Internal error occurred: ${message}`);
}

function splitQualified(q: string): [string, string] {
  const dot = q.indexOf(".");
  return dot < 0 ? [q, ""] : [q.slice(0, dot), q.slice(dot + 1)];
}
