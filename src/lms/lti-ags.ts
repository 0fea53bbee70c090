/**
 * LTI 1.3 Assignment and Grade Services, tool side: the client-credentials grant with a signed
 * JWT assertion (1EdTech Security Framework 1.0, section 4.1), then a Score posted to the line
 * item's `/scores` endpoint (AGS 2.0, section 3.4). Web APIs and jose only, so the same code
 * runs on Workers and Node. Every outcome is a value: the outbox processor needs to know
 * whether to try again, and a throw would lose that.
 *
 * The retry policy for the outbox (delays, dead-letter) is at the end of the file.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

export const AGS_SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
export const SCORE_CONTENT_TYPE = "application/vnd.ims.lis.v1.score+json";
export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** The assertion only has to survive one round trip to the token endpoint. */
const ASSERTION_LIFETIME_SECONDS = 300;
/** A platform that does not say how long a token lives gets the common LMS default. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/** A cached token is not reused in its last minute: it could expire while the score is in flight. */
const TOKEN_REUSE_MARGIN_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Response bodies are only read for a token or an error message; bound what we buffer. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Any fetch: the global one, a Workers service binding's, or a test's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type AgsFailure = {
  ok: false;
  retriable: boolean;
  error: string;
  /** The HTTP status when the platform answered (409: it already holds a newer score). */
  status?: number;
  /** From a `Retry-After: <seconds>` header on 429 or 503. */
  retryAfterMs?: number;
};

// ---------------------------------------------------------------------------------------------
// Tool key and client assertion

export interface ToolKey {
  /** The RFC 7638 thumbprint of the public key, so a key names itself. */
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A new RS256 (2048-bit) signing key; the public half goes into the tool's JWKS. */
export async function generateToolKey(): Promise<ToolKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  const meta = { kid, alg: "RS256", use: "sig" };
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...publicJwk, ...meta } };
}

export interface ClientAssertionInput {
  clientId: string;
  tokenUrl: string;
  /** The platform's authorization server identifier when it is not the token URL (e.g. Brightspace). */
  audience?: string;
  kid: string;
  privateJwk: JWK;
  now: Date;
  jti: string;
}

/** The JWT that authenticates the tool at the token endpoint: iss = sub = client id, aud = token URL. */
export async function clientAssertion(input: ClientAssertionInput): Promise<string> {
  const key = await importJWK(input.privateJwk, "RS256");
  const iat = Math.floor(input.now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid: input.kid, typ: "JWT" })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.audience ?? input.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .setJti(input.jti)
    .sign(key);
}

// ---------------------------------------------------------------------------------------------
// Access token

/** What the tool stores per LMS integration to reach the platform's AGS. */
export interface AgsIntegration {
  clientId: string;
  tokenUrl: string;
  audience?: string;
  kid: string;
  privateJwk: JWK;
}

export interface AccessToken {
  accessToken: string;
  expiresAt: Date;
  scopes: string[];
}

export type TokenResult = { ok: true; token: AccessToken } | AgsFailure;

export interface TokenRequest extends AgsIntegration {
  now: Date;
  scopes?: readonly string[];
  /** Defaults to a random UUID; the platform refuses a jti it has seen. */
  jti?: string;
  timeoutMs?: number;
}

export async function requestToken(fetch: FetchLike, request: TokenRequest): Promise<TokenResult> {
  const scopes = request.scopes ?? [AGS_SCORE_SCOPE];
  let assertion: string;
  try {
    assertion = await clientAssertion({ ...request, jti: request.jti ?? crypto.randomUUID() });
  } catch (e) {
    return { ok: false, retriable: false, error: `the tool key cannot sign the client assertion: ${message(e)}` };
  }
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
    scope: scopes.join(" "),
  });
  const sent = await send(fetch, request.tokenUrl, "token request", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: body.toString(),
    timeoutMs: request.timeoutMs,
  });
  if (!sent.ok) return sent;
  const { response, text } = sent;
  if (!response.ok) return httpFailure("token endpoint", response, oauthError(text));

  const parsed = parseJson(text);
  const accessToken = parsed?.access_token;
  const tokenType = parsed?.token_type;
  if (typeof accessToken !== "string" || accessToken === "") {
    return { ok: false, retriable: false, error: `token endpoint answered ${response.status} without an access_token` };
  }
  if (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer") {
    return {
      ok: false,
      retriable: false,
      error: `token endpoint issued token_type ${JSON.stringify(tokenType)}, not Bearer`,
    };
  }
  // RFC 6749 section 5.1: scope may be left out when it is exactly what was asked for.
  const granted = typeof parsed?.scope === "string" ? parsed.scope.split(" ").filter(Boolean) : [...scopes];
  const refused = scopes.filter((s) => !granted.includes(s));
  if (refused.length > 0) {
    return { ok: false, retriable: false, error: `the platform did not grant ${refused.join(" ")}` };
  }
  const expiresIn =
    typeof parsed?.expires_in === "number" && parsed.expires_in > 0
      ? parsed.expires_in
      : DEFAULT_TOKEN_LIFETIME_SECONDS;
  const expiresAt = new Date(request.now.getTime() + expiresIn * 1000);
  return { ok: true, token: { accessToken, expiresAt, scopes: granted } };
}

/** Tokens per integration and scope, reused until a minute before they expire. */
export interface TokenCache {
  get(key: string, now: Date): AccessToken | undefined;
  set(key: string, token: AccessToken): void;
  delete(key: string): void;
}

export function createTokenCache(): TokenCache {
  const tokens = new Map<string, AccessToken>();
  return {
    get(key, now) {
      const token = tokens.get(key);
      if (token && token.expiresAt.getTime() - TOKEN_REUSE_MARGIN_MS > now.getTime()) return token;
      tokens.delete(key);
      return undefined;
    },
    set: (key, token) => void tokens.set(key, token),
    delete: (key) => void tokens.delete(key),
  };
}

// ---------------------------------------------------------------------------------------------
// Score

export interface AgsScore {
  /** The LTI user id (`sub` of the launch) of the student. */
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  /** When the grade was produced, not when it is sent: the platform keeps the newest. */
  timestamp: Date;
}

/**
 * The score endpoint is the line item URL with `/scores` appended to its path, the query kept:
 * `https://lms.example/ctx/7/lineitems/3?type=x` -> `https://lms.example/ctx/7/lineitems/3/scores?type=x`.
 */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.toString();
}

/** The `application/vnd.ims.lis.v1.score+json` document for a final grade. */
export function scoreDocument(score: AgsScore): Record<string, unknown> {
  return {
    userId: score.userId,
    scoreGiven: score.scoreGiven,
    scoreMaximum: score.scoreMaximum,
    ...(score.comment !== undefined ? { comment: score.comment } : {}),
    // toISOString always gives milliseconds and Z, the sub-second precision AGS asks for.
    timestamp: score.timestamp.toISOString(),
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
  };
}

export type PostScoreResult = { ok: true; status: number } | AgsFailure;

export interface PostScoreInput {
  lineItemUrl: string;
  token: string;
  score: AgsScore;
  timeoutMs?: number;
}

export async function postScore(fetch: FetchLike, input: PostScoreInput): Promise<PostScoreResult> {
  const invalid = invalidScore(input.lineItemUrl, input.score);
  if (invalid) return { ok: false, retriable: false, error: invalid };
  const sent = await send(fetch, scoresUrl(input.lineItemUrl), "score post", {
    method: "POST",
    headers: { "content-type": SCORE_CONTENT_TYPE, authorization: `Bearer ${input.token}` },
    body: JSON.stringify(scoreDocument(input.score)),
    timeoutMs: input.timeoutMs,
  });
  if (!sent.ok) return sent;
  if (!sent.response.ok) return httpFailure("score endpoint", sent.response, excerpt(sent.text));
  return { ok: true, status: sent.response.status };
}

// ---------------------------------------------------------------------------------------------
// One delivery: token, then score

export interface ScoreDelivery {
  lineItemUrl: string;
  score: AgsScore;
}

export type DeliveryResult = { ok: true } | AgsFailure;

export interface DeliverOptions {
  /** Share one per process or isolate to save a token request per score. */
  tokenCache?: TokenCache;
  timeoutMs?: number;
}

/**
 * Gets a token (from the cache when one is fresh) and posts the score. A 401 on the score means
 * the token was revoked or expired early: one retry with a fresh token, then the 401 stands.
 * Never throws.
 */
export async function deliverScore(
  fetch: FetchLike,
  integration: AgsIntegration,
  delivery: ScoreDelivery,
  now: Date,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  try {
    const invalid = invalidScore(delivery.lineItemUrl, delivery.score);
    if (invalid) return { ok: false, retriable: false, error: invalid };
    const cache = options.tokenCache;
    const cacheKey = [integration.tokenUrl, integration.clientId, integration.kid, AGS_SCORE_SCOPE].join(" ");

    const token = async (fresh: boolean): Promise<TokenResult> => {
      const cached = fresh ? undefined : cache?.get(cacheKey, now);
      if (cached) return { ok: true, token: cached };
      cache?.delete(cacheKey);
      const issued = await requestToken(fetch, { ...integration, now, timeoutMs: options.timeoutMs });
      if (issued.ok) cache?.set(cacheKey, issued.token);
      return issued;
    };
    const post = (t: AccessToken) =>
      postScore(fetch, { ...delivery, token: t.accessToken, timeoutMs: options.timeoutMs });

    const first = await token(false);
    if (!first.ok) return first;
    let result = await post(first.token);
    if (!result.ok && result.status === 401) {
      const fresh = await token(true);
      if (!fresh.ok) return fresh;
      result = await post(fresh.token);
    }
    return result.ok ? { ok: true } : result;
  } catch (e) {
    return { ok: false, retriable: true, error: `unexpected error during grade passback: ${message(e)}` };
  }
}

function invalidScore(lineItemUrl: string, score: AgsScore): string | undefined {
  if (!URL.canParse(lineItemUrl) || !/^https?:$/.test(new URL(lineItemUrl).protocol)) {
    return `line item URL ${JSON.stringify(lineItemUrl)} is not an http(s) URL`;
  }
  if (typeof score.userId !== "string" || score.userId === "") return "score has no userId";
  if (!Number.isFinite(score.scoreGiven) || score.scoreGiven < 0) return "scoreGiven must be a number >= 0";
  if (!Number.isFinite(score.scoreMaximum) || score.scoreMaximum <= 0) return "scoreMaximum must be a number > 0";
  if (!(score.timestamp instanceof Date) || Number.isNaN(score.timestamp.getTime()))
    return "score timestamp is not a date";
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

type Sent = { ok: true; response: Response; text: string } | AgsFailure;

async function send(
  fetch: FetchLike,
  url: string,
  what: string,
  init: { method: string; headers: Record<string, string>; body: string; timeoutMs?: number },
): Promise<Sent> {
  try {
    const response = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      // Following a redirect would turn the POST into a GET on some statuses and could report a
      // score list as success; a moved endpoint is a configuration error for a person to fix.
      redirect: "manual",
      signal: AbortSignal.timeout(init.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    const text = await readBounded(response);
    if (response.status === 0 || (response.status >= 300 && response.status < 400)) {
      const to = response.headers.get("location");
      return {
        ok: false,
        retriable: false,
        status: response.status,
        error: `${what} to ${url} was redirected${to ? ` to ${to}` : ""}`,
      };
    }
    return { ok: true, response, text };
  } catch (e) {
    return { ok: false, retriable: true, error: `${what} to ${url} failed: ${message(e)}` };
  }
}

/**
 * Transient statuses are worth another attempt: 401 (a token revoked or a key the platform has
 * not fetched yet), 408, 429 and 5xx. Any other 4xx says the request itself is wrong.
 */
export function isRetriableStatus(status: number): boolean {
  return status === 401 || status === 408 || status === 429 || status >= 500;
}

function httpFailure(where: string, response: Response, detail: string): AgsFailure {
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    ok: false,
    retriable: isRetriableStatus(response.status),
    status: response.status,
    error: `${where} answered ${response.status}${detail ? `: ${detail}` : ""}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
}

/** `{"error":"invalid_client","error_description":"..."}` (RFC 6749 section 5.2) as one line. */
function oauthError(text: string): string {
  const parsed = parseJson(text);
  if (typeof parsed?.error !== "string") return excerpt(text);
  return typeof parsed.error_description === "string" ? `${parsed.error}: ${parsed.error_description}` : parsed.error;
}

/** A response body, read up to MAX_RESPONSE_BYTES and no further. */
export async function readBounded(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_RESPONSE_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes.subarray(0, MAX_RESPONSE_BYTES));
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function message(e: unknown): string {
  if (e instanceof Error) return e.name === "TimeoutError" ? "timed out" : e.message || e.name;
  return String(e);
}

// ---------------------------------------------------------------------------------------------
// Outbox retry policy (pure)

/** After this many failed attempts an outbox row is dead: an instructor sees it and can retry. */
export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * How long to wait after `attempts` failed attempts: 30 s doubled each time, at most 6 h.
 * attempts 1 -> 30 s, 2 -> 1 min, 3 -> 2 min, ... 10 -> 256 min, 11 -> 512 min capped to 6 h.
 * The 11 waits before the 12th and last attempt add up to 30 s * (2^10 - 1) + 6 h = 14 h 31.5 min,
 * so an LMS that is down overnight still gets its grades.
 */
export function nextAttemptDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  // 2^19 * 30 s is already far past the cap; bounding the exponent keeps the maths finite.
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(n - 1, 20), MAX_DELAY_MS);
}

export type PassbackState =
  | { status: "delivered" }
  | { status: "pending"; nextAttemptAt: Date; lastError: string }
  | { status: "dead"; lastError: string };

/**
 * What an outbox row becomes after its `attempts`-th attempt (counting this one) ended in
 * `result`: delivered, pending until a later time, or dead (a permanent error, or out of attempts).
 * A platform's Retry-After is honoured when it asks for longer than the backoff.
 */
export function afterAttempt(attempts: number, result: DeliveryResult, now: Date): PassbackState {
  if (result.ok) return { status: "delivered" };
  if (!result.retriable || attempts >= MAX_ATTEMPTS) return { status: "dead", lastError: result.error };
  // A Retry-After longer than the cap is not believed: the row would look stuck.
  const delay = Math.max(nextAttemptDelayMs(attempts), Math.min(result.retryAfterMs ?? 0, MAX_DELAY_MS));
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + delay), lastError: result.error };
}
