/**
 * An LTI 1.3 platform (the LMS side) on loopback, strict where the specs are: the token
 * endpoint of the 1EdTech Security Framework (client-credentials grant with a JWT assertion,
 * RFC 7523) and the AGS 2.0 score service. Tests register a tool, create line items, then read
 * back the scores it accepted and the log of every request it saw; they can also make the
 * next requests fail (a status, or a dropped connection) to exercise retries.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, type JWK, type JWTVerifyGetKey, jwtVerify } from "jose";

export const AGS_SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
} as const;

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
const ACTIVITY_PROGRESS = ["Initialized", "Started", "InProgress", "Submitted", "Completed"];
const GRADING_PROGRESS = ["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"];
/** ISO 8601 with sub-second precision and a zone, as AGS requires of a score's timestamp. */
const ISO_WITH_FRACTION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}(Z|[+-]\d{2}:\d{2})$/;
const MAX_BODY_BYTES = 64 * 1024;
/** An assertion meant for one token request has no reason to live longer than this. */
const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface ToolRegistration {
  clientId: string;
  /** The tool's public key, or the URL of its JWKS (fetched by the platform). */
  publicJwk?: JWK;
  jwksUrl?: string;
  /** Scopes the platform will grant this tool; all AGS scopes unless narrowed. */
  scopes?: readonly string[];
}

export type Endpoint = "token" | "scores" | "other";

export interface LoggedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  endpoint: Endpoint;
  contentType: string | undefined;
  /** The response status, or "dropped" when an injected failure closed the connection. */
  status: number | "dropped";
  /** The OAuth error code or the reason a score was refused, for assertions on why. */
  error?: string;
}

export interface RecordedScore {
  lineItemId: string;
  clientId: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  timestamp: string;
  activityProgress: string;
  gradingProgress: string;
}

export type InjectedFailure = { status: number; retryAfterSeconds?: number } | "drop";

export interface LtiPlatform {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly tokenUrl: string;
  /** Every request in arrival order. */
  readonly requests: readonly LoggedRequest[];
  registerTool(tool: ToolRegistration): void;
  /** Creates a line item and returns its URL; `query` tests that `/scores` goes before it. */
  createLineItem(id: string, options?: { query?: string }): string;
  /** Accepted scores in arrival order, for one line item or all. */
  scores(lineItemId?: string): RecordedScore[];
  /** The next `count` requests to `endpoint` fail as `failure` instead of being served. */
  failNext(count: number, failure?: InjectedFailure, endpoint?: Endpoint | "any"): void;
  /** Invalidates every access token issued so far, as an LMS does when a key is revoked. */
  revokeTokens(): void;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** The platform's clock for assertion and token expiry; the real one by default. */
  now?: () => Date;
  tokenLifetimeSeconds?: number;
}

interface IssuedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  error?: string;
}

export async function startLtiPlatform(options: PlatformOptions = {}): Promise<LtiPlatform> {
  const now = options.now ?? (() => new Date());
  const tokenLifetime = options.tokenLifetimeSeconds ?? 3600;
  const tools = new Map<string, { registration: ToolRegistration; keys: JWTVerifyGetKey }>();
  const usedJti = new Map<string, number>(); // `${clientId} ${jti}` -> exp (seconds)
  const tokens = new Map<string, IssuedToken>();
  const lineItems = new Map<string, { query: string }>();
  const accepted: RecordedScore[] = [];
  const log: LoggedRequest[] = [];
  const failures: { failure: InjectedFailure; endpoint: Endpoint | "any" }[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: "server_error", error_description: String(e) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? "/";
    const url = new URL(path, "http://platform.invalid");
    const endpoint: Endpoint =
      url.pathname === "/token" ? "token" : /^\/lineitems\/[^/]+\/scores$/.test(url.pathname) ? "scores" : "other";
    const entry: LoggedRequest = {
      method: req.method ?? "",
      path,
      endpoint,
      contentType: req.headers["content-type"],
      status: 0,
    };
    log.push(entry);

    const body = await readBody(req);
    const injected = failures.findIndex((f) => f.endpoint === "any" || f.endpoint === endpoint);
    if (injected >= 0) {
      const { failure } = failures.splice(injected, 1)[0];
      if (failure === "drop") {
        entry.status = "dropped";
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> =
        failure.retryAfterSeconds !== undefined ? { "retry-after": String(failure.retryAfterSeconds) } : {};
      const reply = { status: failure.status, body: { error: "injected failure" }, headers, error: "injected" };
      return finish(res, entry, reply);
    }

    let reply: Reply;
    if (body === undefined) reply = { status: 413, body: { error: "request body too large" }, error: "too_large" };
    else if (endpoint === "token") reply = req.method === "POST" ? await token(req, body) : methodNotAllowed();
    else if (endpoint === "scores") reply = req.method === "POST" ? score(req, url, body) : methodNotAllowed();
    else reply = { status: 404, body: { error: "not found" }, error: "not_found" };
    finish(res, entry, reply);
  }

  // ---- token endpoint (RFC 6749 section 4.4, RFC 7523, 1EdTech Security Framework 4.1) ----

  async function token(req: IncomingMessage, body: string): Promise<Reply> {
    if (mediaType(req) !== "application/x-www-form-urlencoded") {
      return oauth(400, "invalid_request", "the token request must be application/x-www-form-urlencoded");
    }
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "client_credentials") {
      return oauth(400, "unsupported_grant_type", "only client_credentials is supported");
    }
    if (form.get("client_assertion_type") !== JWT_BEARER) {
      return oauth(400, "invalid_request", `client_assertion_type must be ${JWT_BEARER}`);
    }
    const assertion = form.get("client_assertion");
    if (!assertion) return oauth(400, "invalid_request", "client_assertion is missing");

    // The issuer names the tool whose key checks the signature; nothing else is trusted yet.
    let clientId: unknown;
    try {
      clientId = decodeJwt(assertion).iss;
    } catch {
      return oauth(401, "invalid_client", "client_assertion is not a JWT");
    }
    const tool = typeof clientId === "string" ? tools.get(clientId) : undefined;
    if (!tool || typeof clientId !== "string") return oauth(401, "invalid_client", "unknown client");

    const currentDate = now();
    let claims: { exp?: number; iat?: number; jti?: string };
    try {
      ({ payload: claims } = await jwtVerify(assertion, tool.keys, {
        algorithms: ["RS256"],
        issuer: clientId,
        subject: clientId,
        audience: tokenUrl,
        requiredClaims: ["iat", "exp", "jti"],
        maxTokenAge: MAX_ASSERTION_LIFETIME_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate,
      }));
    } catch (e) {
      return oauth(401, "invalid_client", `client_assertion rejected: ${(e as Error).message}`);
    }
    const { exp = 0, iat = 0, jti = "" } = claims;
    if (exp - iat > MAX_ASSERTION_LIFETIME_SECONDS) {
      return oauth(401, "invalid_client", `client_assertion lives longer than ${MAX_ASSERTION_LIFETIME_SECONDS} s`);
    }
    const nowSeconds = Math.floor(currentDate.getTime() / 1000);
    for (const [key, expiry] of usedJti) if (expiry + CLOCK_TOLERANCE_SECONDS < nowSeconds) usedJti.delete(key);
    const jtiKey = `${clientId} ${jti}`;
    if (usedJti.has(jtiKey)) return oauth(401, "invalid_client", "client_assertion jti was already used");
    usedJti.set(jtiKey, exp);

    const requested = (form.get("scope") ?? "").split(" ").filter(Boolean);
    const allowed = tool.registration.scopes ?? Object.values(AGS_SCOPES);
    const granted = requested.filter((s) => allowed.includes(s));
    if (granted.length === 0) return oauth(400, "invalid_scope", "none of the requested scopes is granted");

    const accessToken = randomBytes(32).toString("base64url");
    tokens.set(accessToken, { clientId, scopes: granted, expiresAt: currentDate.getTime() + tokenLifetime * 1000 });
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: { access_token: accessToken, token_type: "Bearer", expires_in: tokenLifetime, scope: granted.join(" ") },
    };
  }

  // ---- score service (AGS 2.0 section 3.4) ----

  function score(req: IncomingMessage, url: URL, body: string): Reply {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    const issued = bearer ? tokens.get(bearer) : undefined;
    if (!issued || issued.expiresAt <= now().getTime()) {
      return {
        status: 401,
        headers: { "www-authenticate": 'Bearer error="invalid_token"' },
        body: { error: "invalid_token" },
        error: "invalid_token",
      };
    }
    if (!issued.scopes.includes(AGS_SCOPES.score)) {
      return {
        status: 403,
        headers: { "www-authenticate": `Bearer error="insufficient_scope", scope="${AGS_SCOPES.score}"` },
        body: { error: "insufficient_scope" },
        error: "insufficient_scope",
      };
    }
    const lineItemId = decodeURIComponent(url.pathname.split("/")[2]);
    const lineItem = lineItems.get(lineItemId);
    if (!lineItem || lineItem.query !== url.search.slice(1)) {
      const missing = `${url.pathname.replace(/\/scores$/, "")}${url.search}`;
      return { status: 404, body: { error: `no line item ${missing}` }, error: "not_found" };
    }
    if (mediaType(req) !== SCORE_TYPE) {
      return { status: 415, body: { error: `Content-Type must be ${SCORE_TYPE}` }, error: "content_type" };
    }
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(body);
      if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not an object");
    } catch {
      return { status: 400, body: { error: "the score is not a JSON object" }, error: "invalid_json" };
    }
    const errors = scoreErrors(doc);
    if (errors.length > 0) return { status: 400, body: { errors }, error: errors.join("; ") };

    const recorded: RecordedScore = {
      lineItemId,
      clientId: issued.clientId,
      userId: doc.userId as string,
      ...(doc.scoreGiven !== undefined ? { scoreGiven: doc.scoreGiven as number } : {}),
      ...(doc.scoreMaximum !== undefined ? { scoreMaximum: doc.scoreMaximum as number } : {}),
      ...(doc.comment !== undefined ? { comment: doc.comment as string } : {}),
      timestamp: doc.timestamp as string,
      activityProgress: doc.activityProgress as string,
      gradingProgress: doc.gradingProgress as string,
    };
    // AGS: the platform must not update a result whose last timestamp is later than the
    // incoming one (an equal timestamp may update it).
    const last = accepted.findLast((s) => s.lineItemId === lineItemId && s.userId === recorded.userId);
    if (last && Date.parse(last.timestamp) > Date.parse(recorded.timestamp)) {
      return {
        status: 409,
        body: { error: `a score with a later timestamp (${last.timestamp}) is already recorded` },
        error: "stale_timestamp",
      };
    }
    accepted.push(recorded);
    return { status: 204 };
  }

  function methodNotAllowed(): Reply {
    return { status: 405, headers: { allow: "POST" }, body: { error: "method not allowed" }, error: "method" };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUrl = `${url}/token`;

  return {
    url,
    tokenUrl,
    requests: log,
    registerTool(registration) {
      if (!registration.publicJwk === !registration.jwksUrl) throw new Error("give exactly one of publicJwk, jwksUrl");
      const keys = registration.publicJwk
        ? createLocalJWKSet({ keys: [registration.publicJwk] })
        : createRemoteJWKSet(new URL(registration.jwksUrl as string));
      tools.set(registration.clientId, { registration, keys });
    },
    createLineItem(id, { query = "" } = {}) {
      lineItems.set(id, { query });
      return `${url}/lineitems/${encodeURIComponent(id)}${query ? `?${query}` : ""}`;
    },
    scores: (lineItemId) => accepted.filter((s) => lineItemId === undefined || s.lineItemId === lineItemId),
    failNext(count, failure = { status: 503 }, endpoint = "any") {
      for (let i = 0; i < count; i++) failures.push({ failure, endpoint });
    },
    revokeTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Field errors in the score document, all of them, with the field named. */
function scoreErrors(doc: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const { userId, scoreGiven, scoreMaximum, comment, timestamp, activityProgress, gradingProgress } = doc;
  if (typeof userId !== "string" || userId === "") errors.push("userId: required, a non-empty string");
  if (typeof timestamp !== "string" || !ISO_WITH_FRACTION.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    errors.push("timestamp: required, ISO 8601 with sub-second precision and a time zone");
  }
  if (typeof activityProgress !== "string" || !ACTIVITY_PROGRESS.includes(activityProgress)) {
    errors.push(`activityProgress: one of ${ACTIVITY_PROGRESS.join(", ")}`);
  }
  if (typeof gradingProgress !== "string" || !GRADING_PROGRESS.includes(gradingProgress)) {
    errors.push(`gradingProgress: one of ${GRADING_PROGRESS.join(", ")}`);
  }
  if (scoreGiven !== undefined && !(typeof scoreGiven === "number" && Number.isFinite(scoreGiven) && scoreGiven >= 0)) {
    errors.push("scoreGiven: a number >= 0");
  }
  if (scoreGiven !== undefined && scoreMaximum === undefined) errors.push("scoreMaximum: required with scoreGiven");
  if (
    scoreMaximum !== undefined &&
    !(typeof scoreMaximum === "number" && Number.isFinite(scoreMaximum) && scoreMaximum > 0)
  ) {
    errors.push("scoreMaximum: a number > 0");
  }
  if (comment !== undefined && typeof comment !== "string") errors.push("comment: a string");
  return errors;
}

function oauth(status: number, error: string, description: string): Reply {
  return {
    status,
    headers: { "cache-control": "no-store" },
    body: { error, error_description: description },
    error,
  };
}

function finish(res: ServerResponse, entry: LoggedRequest, reply: Reply): void {
  entry.status = reply.status;
  if (reply.error) entry.error = reply.error;
  send(res, reply);
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(text ? { "content-type": "application/json" } : {}),
    ...reply.headers,
  });
  res.end(text);
}

function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
}

/** The body as text, or undefined past the bound. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
