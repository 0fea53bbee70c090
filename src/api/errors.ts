/**
 * The service's one error type. A closed set of codes, each mapped to its HTTP status and title
 * in one table; `onError` renders every ApiError as RFC 9457 problem+json with the request id.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, title: "Bad request" },
  invalid: { status: 422, title: "Validation failed" },
  unauthenticated: { status: 401, title: "Authentication required" },
  bad_signature: { status: 401, title: "Signature verification failed" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  closed: { status: 409, title: "Assignment not open" },
  attempts_exhausted: { status: 409, title: "Attempt limit reached" },
  too_large: { status: 413, title: "Request body too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  rate_limited: { status: 429, title: "Too many requests" },
  cooldown: { status: 429, title: "Too soon after the last attempt" },
  internal: { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldProblem {
  /** Where: a JSON pointer into the request body (`/students/3/externalId`) or a parameter name. */
  pointer: string;
  detail: string;
  /** For an uploaded file: where in it (1-based). */
  line?: number;
  column?: number;
  /** For a lab file: the dotted path inside the document (`checkpoints[2].check.kind`). */
  path?: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldProblem[];
  readonly headers?: Record<string, string>;
  readonly extra?: Record<string, unknown>;
  constructor(
    code: ErrorCode,
    detail: string,
    opts: { errors?: FieldProblem[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.code = code;
    if (opts.errors) this.errors = opts.errors;
    if (opts.headers) this.headers = opts.headers;
    if (opts.extra) this.extra = opts.extra;
  }
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export function problemOf(e: ApiError, instance: string, requestId: string): Problem {
  const { status, title } = ERROR_CODES[e.code];
  return {
    type: `https://labgrader.dev/problems/${e.code.replace(/_/g, "-")}`,
    title,
    status,
    detail: e.message,
    instance,
    code: e.code,
    requestId,
    ...(e.errors ? { errors: e.errors } : {}),
    ...(e.extra ?? {}),
  };
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);
