/**
 * LTI 1.3 AGS grade passback against a spec-faithful platform on loopback: the tool key and
 * client assertion, the token grant (and the assertions the platform must refuse), the score
 * POST, retry classification, the one refresh after a 401, and the outbox backoff policy.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AGS_SCORE_SCOPE,
  type AgsIntegration,
  type AgsScore,
  afterAttempt,
  CLIENT_ASSERTION_TYPE,
  clientAssertion,
  createTokenCache,
  type DeliveryResult,
  deliverScore,
  type FetchLike,
  generateToolKey,
  isRetriableStatus,
  MAX_ATTEMPTS,
  nextAttemptDelayMs,
  postScore,
  requestToken,
  SCORE_CONTENT_TYPE,
  scoreDocument,
  scoresUrl,
  type ToolKey,
} from "../../src/lms/lti-ags.ts";
import { AGS_SCOPES, type InjectedFailure, type LtiPlatform, startLtiPlatform } from "../support/lti-platform.ts";

const CLIENT_ID = "labgrader-tool";
const fetchLike: FetchLike = (url, init) => fetch(url, init);

let platform: LtiPlatform;
let key: ToolKey;
let integration: AgsIntegration;
let lineItemCounter = 0;

beforeAll(async () => {
  platform = await startLtiPlatform();
  key = await generateToolKey();
  platform.registerTool({ clientId: CLIENT_ID, publicJwk: key.publicJwk });
  integration = { clientId: CLIENT_ID, tokenUrl: platform.tokenUrl, kid: key.kid, privateJwk: key.privateJwk };
});
afterAll(() => platform.close());

/** A fresh line item per test, so scores and ordering never leak between tests. */
function lineItem(query?: string): { id: string; url: string } {
  const id = `item-${++lineItemCounter}`;
  return { id, url: platform.createLineItem(id, query ? { query } : {}) };
}

const score = (overrides: Partial<AgsScore> = {}): AgsScore => ({
  userId: "lti-user-42",
  scoreGiven: 7,
  scoreMaximum: 10,
  comment: "7 of 10 checkpoints",
  timestamp: new Date("2026-03-01T10:00:00.000Z"),
  ...overrides,
});

/** The requests the platform logged from index `from` on, in a compact comparable form. */
function requestsSince(from: number): string[] {
  return platform.requests.slice(from).map((r) => `${r.method} ${r.endpoint} ${r.status}`);
}

/** A token-endpoint POST with a hand-made assertion, answered as the platform answers it. */
async function tokenResponse(assertion: string, form: Record<string, string> = {}) {
  const response = await fetch(platform.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion,
      scope: AGS_SCORE_SCOPE,
      ...form,
    }).toString(),
  });
  return { status: response.status, body: await response.json() };
}

const assertion = (overrides: Partial<Parameters<typeof clientAssertion>[0]> = {}) =>
  clientAssertion({ ...integration, now: new Date(), jti: crypto.randomUUID(), ...overrides });

describe("generateToolKey", () => {
  it("makes an RS256 2048-bit key named by its RFC 7638 thumbprint", async () => {
    const { kid, publicJwk, privateJwk } = await generateToolKey();
    expect(kid).toBe(await calculateJwkThumbprint(publicJwk, "sha256"));
    expect(Object.keys(publicJwk).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(publicJwk).toMatchObject({ kty: "RSA", e: "AQAB", alg: "RS256", use: "sig", kid });
    // 2048 bits = 256 bytes = 342 base64url characters without padding.
    expect(publicJwk.n).toHaveLength(342);
    expect(privateJwk).toMatchObject({ ...publicJwk });
    expect(Object.keys(privateJwk).sort()).toEqual([
      "alg",
      "d",
      "dp",
      "dq",
      "e",
      "kid",
      "kty",
      "n",
      "p",
      "q",
      "qi",
      "use",
    ]);
  });
});

describe("clientAssertion", () => {
  const now = new Date("2026-03-01T10:00:00.750Z");

  it("is an RS256 JWT with iss = sub = client id, aud = token URL, a 5-minute life and the jti", async () => {
    const jwt = await clientAssertion({ ...integration, now, jti: "jti-1" });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "RS256", kid: key.kid, typ: "JWT" });
    expect(decodeJwt(jwt)).toEqual({
      iss: CLIENT_ID,
      sub: CLIENT_ID,
      aud: platform.tokenUrl,
      iat: 1772359200,
      exp: 1772359500,
      jti: "jti-1",
    });
    const verified = await jwtVerify(jwt, await importJWK(key.publicJwk, "RS256"), { currentDate: now });
    expect(verified.payload.jti).toBe("jti-1");
  });

  it("uses the platform's audience when it is not the token URL", async () => {
    const jwt = await clientAssertion({ ...integration, audience: "https://auth.lms.example", now, jti: "j" });
    expect(decodeJwt(jwt).aud).toBe("https://auth.lms.example");
  });
});

describe("scoresUrl", () => {
  it.each([
    [
      "appends /scores to the path",
      "https://lms.example/api/lti/courses/7/line_items/3",
      "https://lms.example/api/lti/courses/7/line_items/3/scores",
    ],
    [
      "inserts /scores before the query string (Moodle-style line item URLs)",
      "https://lms.example/mod/lti/services.php/2/lineitems/9/lineitem?type_id=1",
      "https://lms.example/mod/lti/services.php/2/lineitems/9/lineitem/scores?type_id=1",
    ],
    ["does not double a trailing slash", "https://lms.example/lineitems/3/", "https://lms.example/lineitems/3/scores"],
  ])("%s", (_name, lineItemUrl, expected) => {
    expect(scoresUrl(lineItemUrl)).toBe(expected);
  });
});

describe("scoreDocument", () => {
  it("is a final grade: Completed, FullyGraded, timestamp in ISO 8601 with milliseconds and Z", () => {
    expect(scoreDocument(score({ timestamp: new Date(Date.UTC(2026, 2, 1, 10, 0, 0, 5)) }))).toEqual({
      userId: "lti-user-42",
      scoreGiven: 7,
      scoreMaximum: 10,
      comment: "7 of 10 checkpoints",
      timestamp: "2026-03-01T10:00:00.005Z",
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
  });

  it("leaves the comment out when there is none", () => {
    expect(Object.keys(scoreDocument(score({ comment: undefined })))).not.toContain("comment");
  });
});

describe("requestToken against the platform", () => {
  it("gets a Bearer token for the score scope with its expiry", async () => {
    const from = platform.requests.length;
    const now = new Date();
    const result = await requestToken(fetchLike, { ...integration, now });
    if (!result.ok) throw new Error(result.error);
    expect(result.token.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.token).toEqual({
      accessToken: result.token.accessToken,
      expiresAt: new Date(now.getTime() + 3600_000),
      scopes: [AGS_SCORE_SCOPE],
    });
    expect(platform.requests.slice(from)).toEqual([
      {
        method: "POST",
        path: "/token",
        endpoint: "token",
        contentType: "application/x-www-form-urlencoded",
        status: 200,
      },
    ]);
  });

  it("reports a scope the platform does not grant as permanent", async () => {
    const clientId = "score-only-tool";
    platform.registerTool({ clientId, publicJwk: key.publicJwk, scopes: [AGS_SCOPES.score] });
    const result = await requestToken(fetchLike, {
      ...integration,
      clientId,
      now: new Date(),
      scopes: [AGS_SCOPES.lineItem],
    });
    expect(result).toEqual({
      ok: false,
      retriable: false,
      status: 400,
      error: "token endpoint answered 400: invalid_scope: none of the requested scopes is granted",
    });
  });

  it("finds the tool key through a JWKS URL when the tool registered one", async () => {
    const jwks: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [key.publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    try {
      const clientId = "jwks-url-tool";
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
      platform.registerTool({ clientId, jwksUrl });
      const result = await requestToken(fetchLike, { ...integration, clientId, now: new Date() });
      expect(result.ok).toBe(true);
    } finally {
      jwks.closeAllConnections();
      await new Promise((resolve) => jwks.close(resolve));
    }
  });
});

describe("the platform's token endpoint refuses bad client assertions", () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);

  it.each<[string, () => Promise<string>, string]>([
    [
      "signed with a key the tool did not register",
      async () => {
        const other = await generateToolKey();
        return assertion({ privateJwk: other.privateJwk });
      },
      "client_assertion rejected: signature verification failed",
    ],
    [
      "addressed to another audience",
      () => assertion({ audience: "https://other-lms.example/token" }),
      'client_assertion rejected: unexpected "aud" claim value',
    ],
    [
      "expired (made ten minutes ago, so its 5-minute life is over)",
      () => assertion({ now: minutes(-10) }),
      'client_assertion rejected: "exp" claim timestamp check failed',
    ],
    [
      "issued in the future",
      () => assertion({ now: minutes(10) }),
      'client_assertion rejected: "iat" claim timestamp check failed (it should be in the past)',
    ],
    [
      "with a subject that is not the client id",
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "RS256", kid: key.kid })
          .setIssuer(CLIENT_ID)
          .setSubject("someone-else")
          .setAudience(platform.tokenUrl)
          .setIssuedAt()
          .setExpirationTime("5m")
          .setJti(crypto.randomUUID())
          .sign(await importJWK(key.privateJwk, "RS256")),
      'client_assertion rejected: unexpected "sub" claim value',
    ],
    [
      "without a jti",
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "RS256", kid: key.kid })
          .setIssuer(CLIENT_ID)
          .setSubject(CLIENT_ID)
          .setAudience(platform.tokenUrl)
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(await importJWK(key.privateJwk, "RS256")),
      'client_assertion rejected: missing required "jti" claim',
    ],
    [
      "living longer than an hour",
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: "RS256", kid: key.kid })
          .setIssuer(CLIENT_ID)
          .setSubject(CLIENT_ID)
          .setAudience(platform.tokenUrl)
          .setIssuedAt()
          .setExpirationTime("2h")
          .setJti(crypto.randomUUID())
          .sign(await importJWK(key.privateJwk, "RS256")),
      "client_assertion lives longer than 3600 s",
    ],
    ["from a client it does not know", () => assertion({ clientId: "stranger" }), "unknown client"],
    ["that is not a JWT", async () => "not-a-jwt", "client_assertion is not a JWT"],
  ])("%s", async (_name, make, description) => {
    expect(await tokenResponse(await make())).toEqual({
      status: 401,
      body: { error: "invalid_client", error_description: description },
    });
  });

  it("a jti used once is refused the second time", async () => {
    const jwt = await assertion({ jti: "once-only" });
    expect((await tokenResponse(jwt)).status).toBe(200);
    expect(await tokenResponse(jwt)).toEqual({
      status: 401,
      body: { error: "invalid_client", error_description: "client_assertion jti was already used" },
    });
  });

  it.each<[string, Record<string, string>, number, { error: string; error_description: string }]>([
    [
      "another grant type",
      { grant_type: "authorization_code" },
      400,
      { error: "unsupported_grant_type", error_description: "only client_credentials is supported" },
    ],
    [
      "another assertion type",
      { client_assertion_type: "urn:example:saml" },
      400,
      { error: "invalid_request", error_description: `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}` },
    ],
    [
      "no scope",
      { scope: "" },
      400,
      { error: "invalid_scope", error_description: "none of the requested scopes is granted" },
    ],
  ])("a token request with %s is refused", async (_name, form, status, body) => {
    expect(await tokenResponse(await assertion(), form)).toEqual({ status, body });
  });

  it("through requestToken, a refused assertion is a 401 worth retrying (the platform may not have the new key yet)", async () => {
    const other = await generateToolKey();
    const result = await requestToken(fetchLike, { ...integration, privateJwk: other.privateJwk, now: new Date() });
    expect(result).toEqual({
      ok: false,
      retriable: true,
      status: 401,
      error: "token endpoint answered 401: invalid_client: client_assertion rejected: signature verification failed",
    });
  });
});

describe("postScore against the platform", () => {
  async function token(scopes = [AGS_SCORE_SCOPE]): Promise<string> {
    const result = await requestToken(fetchLike, { ...integration, now: new Date(), scopes });
    if (!result.ok) throw new Error(result.error);
    return result.token.accessToken;
  }

  it("posts the score to the line item's /scores endpoint, query kept, as a score+json document", async () => {
    const item = lineItem("type_id=1");
    const from = platform.requests.length;
    expect(await postScore(fetchLike, { lineItemUrl: item.url, token: await token(), score: score() })).toEqual({
      ok: true,
      status: 204,
    });
    expect(platform.requests.slice(from + 1)).toEqual([
      {
        method: "POST",
        path: `/lineitems/${item.id}/scores?type_id=1`,
        endpoint: "scores",
        contentType: SCORE_CONTENT_TYPE,
        status: 204,
      },
    ]);
    expect(platform.scores(item.id)).toEqual([
      {
        lineItemId: item.id,
        clientId: CLIENT_ID,
        userId: "lti-user-42",
        scoreGiven: 7,
        scoreMaximum: 10,
        comment: "7 of 10 checkpoints",
        timestamp: "2026-03-01T10:00:00.000Z",
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      },
    ]);
  });

  it("a score older than the one the platform holds is refused with 409, which no retry fixes", async () => {
    const item = lineItem();
    const t = await token();
    const newer = score({ scoreGiven: 9, timestamp: new Date("2026-03-01T11:00:00.000Z") });
    expect((await postScore(fetchLike, { lineItemUrl: item.url, token: t, score: newer })).ok).toBe(true);
    expect(await postScore(fetchLike, { lineItemUrl: item.url, token: t, score: score() })).toEqual({
      ok: false,
      retriable: false,
      status: 409,
      error:
        'score endpoint answered 409: {"error":"a score with a later timestamp (2026-03-01T11:00:00.000Z) is already recorded"}',
    });
    // The same timestamp again is allowed by AGS (a regrade at the same instant).
    expect((await postScore(fetchLike, { lineItemUrl: item.url, token: t, score: newer })).ok).toBe(true);
    expect(platform.scores(item.id).map((s) => s.scoreGiven)).toEqual([9, 9]);
  });

  it("an unknown token is a 401 worth retrying with a fresh one", async () => {
    expect(await postScore(fetchLike, { lineItemUrl: lineItem().url, token: "forged", score: score() })).toEqual({
      ok: false,
      retriable: true,
      status: 401,
      error: 'score endpoint answered 401: {"error":"invalid_token"}',
    });
  });

  it("a token without the score scope is a permanent 403", async () => {
    const t = await token([AGS_SCOPES.lineItem]);
    expect(await postScore(fetchLike, { lineItemUrl: lineItem().url, token: t, score: score() })).toEqual({
      ok: false,
      retriable: false,
      status: 403,
      error: 'score endpoint answered 403: {"error":"insufficient_scope"}',
    });
  });

  it("an unknown line item is a permanent 404", async () => {
    const url = `${platform.url}/lineitems/does-not-exist`;
    expect(await postScore(fetchLike, { lineItemUrl: url, token: await token(), score: score() })).toEqual({
      ok: false,
      retriable: false,
      status: 404,
      error: 'score endpoint answered 404: {"error":"no line item /lineitems/does-not-exist"}',
    });
  });

  it.each<[string, Partial<AgsScore> | { lineItemUrl: string }, string]>([
    ["a negative score", { scoreGiven: -1 }, "scoreGiven must be a number >= 0"],
    ["a score that is not a number", { scoreGiven: Number.NaN }, "scoreGiven must be a number >= 0"],
    ["a zero maximum", { scoreMaximum: 0 }, "scoreMaximum must be a number > 0"],
    ["no user", { userId: "" }, "score has no userId"],
    ["an invalid date", { timestamp: new Date("not a date") }, "score timestamp is not a date"],
    [
      "a line item URL that is not http(s)",
      { lineItemUrl: "ftp://lms.example/li/1" },
      'line item URL "ftp://lms.example/li/1" is not an http(s) URL',
    ],
    [
      "a line item URL that is not a URL",
      { lineItemUrl: "lineitems/1" },
      'line item URL "lineitems/1" is not an http(s) URL',
    ],
  ])("refuses %s before sending anything", async (_name, patch, error) => {
    const from = platform.requests.length;
    const lineItemUrl = "lineItemUrl" in patch ? patch.lineItemUrl : lineItem().url;
    const s = "lineItemUrl" in patch ? score() : score(patch);
    expect(await postScore(fetchLike, { lineItemUrl, token: "t", score: s })).toEqual({
      ok: false,
      retriable: false,
      error,
    });
    expect(platform.requests.length).toBe(from);
  });
});

describe("the platform's score endpoint checks what it is sent", () => {
  let bearer: string;
  beforeAll(async () => {
    const result = await requestToken(fetchLike, { ...integration, now: new Date() });
    if (!result.ok) throw new Error(result.error);
    bearer = result.token.accessToken;
  });

  const valid = {
    userId: "u1",
    scoreGiven: 1,
    scoreMaximum: 2,
    timestamp: "2026-03-01T10:00:00.000Z",
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
  };

  it.each<[string, string, string, number, unknown]>([
    [
      "a valid score with extra credit above the maximum",
      SCORE_CONTENT_TYPE,
      JSON.stringify({ ...valid, scoreGiven: 3 }),
      204,
      undefined,
    ],
    [
      "plain JSON as the content type",
      "application/json",
      JSON.stringify(valid),
      415,
      { error: `Content-Type must be ${SCORE_CONTENT_TYPE}` },
    ],
    ["a body that is not JSON", SCORE_CONTENT_TYPE, "{", 400, { error: "the score is not a JSON object" }],
    [
      "a timestamp without sub-second precision",
      SCORE_CONTENT_TYPE,
      JSON.stringify({ ...valid, timestamp: "2026-03-01T10:00:00Z" }),
      400,
      { errors: ["timestamp: required, ISO 8601 with sub-second precision and a time zone"] },
    ],
    [
      "every required field missing",
      SCORE_CONTENT_TYPE,
      "{}",
      400,
      {
        errors: [
          "userId: required, a non-empty string",
          "timestamp: required, ISO 8601 with sub-second precision and a time zone",
          "activityProgress: one of Initialized, Started, InProgress, Submitted, Completed",
          "gradingProgress: one of FullyGraded, Pending, PendingManual, Failed, NotReady",
        ],
      },
    ],
    [
      "a score without its maximum and a negative given score",
      SCORE_CONTENT_TYPE,
      JSON.stringify({ ...valid, scoreGiven: -1, scoreMaximum: undefined }),
      400,
      { errors: ["scoreGiven: a number >= 0", "scoreMaximum: required with scoreGiven"] },
    ],
  ])("%s", async (_name, contentType, body, status, expected) => {
    const response = await fetch(`${lineItem().url}/scores`, {
      method: "POST",
      headers: { "content-type": contentType, authorization: `Bearer ${bearer}` },
      body,
    });
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text === "" ? undefined : JSON.parse(text)).toEqual(expected);
  });
});

describe("deliverScore", () => {
  const now = () => new Date();

  it("gets a token and posts the score", async () => {
    const item = lineItem();
    const from = platform.requests.length;
    expect(await deliverScore(fetchLike, integration, { lineItemUrl: item.url, score: score() }, now())).toEqual({
      ok: true,
    });
    expect(requestsSince(from)).toEqual(["POST token 200", "POST scores 204"]);
    expect(platform.scores(item.id)).toHaveLength(1);
  });

  it("reuses a cached token for the next score and asks again without a cache", async () => {
    const tokenCache = createTokenCache();
    const from = platform.requests.length;
    for (let i = 0; i < 2; i++) {
      const delivery = { lineItemUrl: lineItem().url, score: score() };
      expect(await deliverScore(fetchLike, integration, delivery, now(), { tokenCache })).toEqual({ ok: true });
    }
    expect(requestsSince(from)).toEqual(["POST token 200", "POST scores 204", "POST scores 204"]);

    const uncached = platform.requests.length;
    await deliverScore(fetchLike, integration, { lineItemUrl: lineItem().url, score: score() }, now());
    expect(requestsSince(uncached)).toEqual(["POST token 200", "POST scores 204"]);
  });

  it("keeps a token until a minute before it expires", () => {
    const cache = createTokenCache();
    const issuedAt = new Date("2026-03-01T12:00:00.000Z");
    const token = { accessToken: "t", expiresAt: new Date(issuedAt.getTime() + 3600_000), scopes: [AGS_SCORE_SCOPE] };
    cache.set("k", token);
    // A 3600 s token: 3539 s after issue it has 61 s left and is reused; at 3540 s, 60 s left, it is not.
    expect(cache.get("k", new Date(issuedAt.getTime() + 3539_000))).toEqual(token);
    expect(cache.get("k", new Date(issuedAt.getTime() + 3540_000))).toBeUndefined();
    expect(cache.get("other", issuedAt)).toBeUndefined();
  });

  it("asks for a new token when the cached one is in its last minute", async () => {
    const tokenCache = createTokenCache();
    const cacheKey = [platform.tokenUrl, CLIENT_ID, key.kid, AGS_SCORE_SCOPE].join(" ");
    const at = now();
    tokenCache.set(cacheKey, { accessToken: "nearly-expired", expiresAt: new Date(at.getTime() + 30_000), scopes: [] });
    const from = platform.requests.length;
    const delivery = { lineItemUrl: lineItem().url, score: score() };
    expect(await deliverScore(fetchLike, integration, delivery, at, { tokenCache })).toEqual({ ok: true });
    expect(requestsSince(from)).toEqual(["POST token 200", "POST scores 204"]);
    expect(tokenCache.get(cacheKey, at)?.accessToken).not.toBe("nearly-expired");
  });

  it("after a 401 on the score, fetches a fresh token once and succeeds", async () => {
    const tokenCache = createTokenCache();
    await deliverScore(fetchLike, integration, { lineItemUrl: lineItem().url, score: score() }, now(), { tokenCache });
    platform.revokeTokens();
    const item = lineItem();
    const from = platform.requests.length;
    expect(
      await deliverScore(fetchLike, integration, { lineItemUrl: item.url, score: score() }, now(), { tokenCache }),
    ).toEqual({ ok: true });
    expect(requestsSince(from)).toEqual(["POST scores 401", "POST token 200", "POST scores 204"]);
    expect(platform.scores(item.id)).toHaveLength(1);
  });

  it("a second 401 after the refresh stands, retriable, without a third try", async () => {
    platform.failNext(2, { status: 401 }, "scores");
    const from = platform.requests.length;
    expect(await deliverScore(fetchLike, integration, { lineItemUrl: lineItem().url, score: score() }, now())).toEqual({
      ok: false,
      retriable: true,
      status: 401,
      error: 'score endpoint answered 401: {"error":"injected failure"}',
    });
    expect(requestsSince(from)).toEqual(["POST token 200", "POST scores 401", "POST token 200", "POST scores 401"]);
  });

  const scoreUrlOf = (url: string) => scoresUrl(url);

  it.each<[string, InjectedFailure, "token" | "scores", (url: string) => DeliveryResult]>([
    [
      "503 from the score endpoint is retriable",
      { status: 503 },
      "scores",
      () => ({
        ok: false,
        retriable: true,
        status: 503,
        error: 'score endpoint answered 503: {"error":"injected failure"}',
      }),
    ],
    [
      "500 from the score endpoint is retriable",
      { status: 500 },
      "scores",
      () => ({
        ok: false,
        retriable: true,
        status: 500,
        error: 'score endpoint answered 500: {"error":"injected failure"}',
      }),
    ],
    [
      "429 with Retry-After is retriable and carries the wait",
      { status: 429, retryAfterSeconds: 120 },
      "scores",
      () => ({
        ok: false,
        retriable: true,
        status: 429,
        retryAfterMs: 120_000,
        error: 'score endpoint answered 429: {"error":"injected failure"}',
      }),
    ],
    [
      "400 from the score endpoint is permanent",
      { status: 400 },
      "scores",
      () => ({
        ok: false,
        retriable: false,
        status: 400,
        error: 'score endpoint answered 400: {"error":"injected failure"}',
      }),
    ],
    [
      "422 from the score endpoint is permanent",
      { status: 422 },
      "scores",
      () => ({
        ok: false,
        retriable: false,
        status: 422,
        error: 'score endpoint answered 422: {"error":"injected failure"}',
      }),
    ],
    [
      "a dropped connection on the score POST is retriable",
      "drop",
      "scores",
      (url) => ({ ok: false, retriable: true, error: `score post to ${scoreUrlOf(url)} failed: fetch failed` }),
    ],
    [
      "503 from the token endpoint is retriable",
      { status: 503 },
      "token",
      () => ({ ok: false, retriable: true, status: 503, error: "token endpoint answered 503: injected failure" }),
    ],
    [
      "a dropped connection on the token request is retriable",
      "drop",
      "token",
      () => ({ ok: false, retriable: true, error: `token request to ${platform.tokenUrl} failed: fetch failed` }),
    ],
    [
      "400 from the token endpoint is permanent",
      { status: 400 },
      "token",
      () => ({ ok: false, retriable: false, status: 400, error: "token endpoint answered 400: injected failure" }),
    ],
  ])("%s", async (_name, failure, endpoint, expected) => {
    const item = lineItem();
    platform.failNext(1, failure, endpoint);
    const result = await deliverScore(fetchLike, integration, { lineItemUrl: item.url, score: score() }, now());
    expect(result).toEqual(expected(item.url));
    expect(platform.scores(item.id)).toEqual([]);
  });

  it("retries through an outage with the outbox policy until the platform recovers", async () => {
    const item = lineItem();
    platform.failNext(1, "drop", "token");
    platform.failNext(2, { status: 503 }, "scores");
    let clock = new Date("2026-03-01T12:00:00.000Z");
    const states: string[] = [];
    for (let attempts = 1; attempts <= MAX_ATTEMPTS; attempts++) {
      const result = await deliverScore(fetchLike, integration, { lineItemUrl: item.url, score: score() }, now());
      const state = afterAttempt(attempts, result, clock);
      states.push(state.status === "pending" ? `pending until ${state.nextAttemptAt.toISOString()}` : state.status);
      if (state.status !== "pending") break;
      clock = state.nextAttemptAt;
    }
    expect(states).toEqual([
      "pending until 2026-03-01T12:00:30.000Z",
      "pending until 2026-03-01T12:01:30.000Z",
      "pending until 2026-03-01T12:03:30.000Z",
      "delivered",
    ]);
    expect(platform.scores(item.id)).toHaveLength(1);
  });
});

describe("deliverScore never throws", () => {
  const delivery = { lineItemUrl: "https://lms.example/lineitems/1", score: score() };
  const respond =
    (response: () => Response): FetchLike =>
    async () =>
      response();

  it.each<[string, FetchLike, DeliveryResult, Partial<AgsIntegration>?]>([
    [
      "a fetch that throws is a retriable network error",
      async () => {
        throw new TypeError("getaddrinfo ENOTFOUND lms.example");
      },
      {
        ok: false,
        retriable: true,
        error: "token request to https://lms.example/token failed: getaddrinfo ENOTFOUND lms.example",
      },
    ],
    [
      "a request that never answers times out, retriable",
      (_url, init) =>
        new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason))),
      { ok: false, retriable: true, error: "token request to https://lms.example/token failed: timed out" },
    ],
    [
      "a redirect is a configuration error, not followed",
      respond(() => new Response(null, { status: 302, headers: { location: "https://login.lms.example/" } })),
      {
        ok: false,
        retriable: false,
        status: 302,
        error: "token request to https://lms.example/token was redirected to https://login.lms.example/",
      },
    ],
    [
      "a 200 that is not a token response (a login page) is permanent",
      respond(() => new Response("<html>Sign in</html>", { status: 200 })),
      { ok: false, retriable: false, error: "token endpoint answered 200 without an access_token" },
    ],
    [
      "a token that is not a Bearer token is permanent",
      respond(() => Response.json({ access_token: "t", token_type: "mac", expires_in: 60 })),
      { ok: false, retriable: false, error: 'token endpoint issued token_type "mac", not Bearer' },
    ],
    [
      "a granted scope without score is permanent",
      respond(() => Response.json({ access_token: "t", token_type: "Bearer", scope: AGS_SCOPES.resultReadOnly })),
      { ok: false, retriable: false, error: `the platform did not grant ${AGS_SCORE_SCOPE}` },
    ],
    [
      "a private key that cannot sign is permanent, and nothing is sent",
      async () => {
        throw new Error("must not be called");
      },
      {
        ok: false,
        retriable: false,
        error: 'the tool key cannot sign the client assertion: Unsupported "kty" (Key Type) Parameter value',
      },
      { privateJwk: { kty: "nope" } },
    ],
  ])("%s", async (_name, fetch, expected, patch = {}) => {
    const target = { ...integration, tokenUrl: "https://lms.example/token", ...patch };
    const result = await deliverScore(fetch, target, delivery, new Date(), { timeoutMs: 50 });
    expect(result).toEqual(expected);
  });
});

describe("retry classification", () => {
  it.each([
    [200, false],
    [400, false],
    [401, true],
    [403, false],
    [404, false],
    [408, true],
    [409, false],
    [422, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ])("status %i is retriable: %s", (status, retriable) => {
    expect(isRetriableStatus(status)).toBe(retriable);
  });
});

describe("outbox backoff", () => {
  const minute = 60_000;
  const hour = 60 * minute;

  it.each([
    ["the first failure waits 30 s", 1, 30_000],
    ["the second waits a minute", 2, minute],
    ["the third waits two minutes", 3, 2 * minute],
    ["the tenth waits 256 minutes", 10, 256 * minute],
    ["the eleventh would wait 512 minutes and is capped at 6 h", 11, 6 * hour],
    ["far past the cap stays at 6 h", 1000, 6 * hour],
    ["zero attempts is treated as the first", 0, 30_000],
  ])("%s", (_name, attempts, delay) => {
    expect(nextAttemptDelayMs(attempts)).toBe(delay);
  });

  it("gives an LMS outage 14 h 31.5 min before the row goes dead", () => {
    let total = 0;
    for (let attempts = 1; attempts < MAX_ATTEMPTS; attempts++) total += nextAttemptDelayMs(attempts);
    expect(MAX_ATTEMPTS).toBe(12);
    expect(total).toBe(14 * hour + 31.5 * minute);
  });

  const now = new Date("2026-03-01T12:00:00.000Z");
  const failure = (retriable: boolean, retryAfterMs?: number): DeliveryResult => ({
    ok: false,
    retriable,
    error: "boom",
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

  it.each([
    ["a delivered score is done", 3, { ok: true } as DeliveryResult, { status: "delivered" }],
    [
      "a retriable failure waits for the backoff",
      1,
      failure(true),
      { status: "pending", nextAttemptAt: new Date("2026-03-01T12:00:30.000Z"), lastError: "boom" },
    ],
    ["a permanent failure is dead at once", 1, failure(false), { status: "dead", lastError: "boom" }],
    [
      "the eleventh retriable failure waits the capped 6 h",
      11,
      failure(true),
      { status: "pending", nextAttemptAt: new Date("2026-03-01T18:00:00.000Z"), lastError: "boom" },
    ],
    [
      "the last attempt's retriable failure is dead",
      MAX_ATTEMPTS,
      failure(true),
      { status: "dead", lastError: "boom" },
    ],
    [
      "a Retry-After longer than the backoff is honoured",
      1,
      failure(true, 10 * minute),
      { status: "pending", nextAttemptAt: new Date("2026-03-01T12:10:00.000Z"), lastError: "boom" },
    ],
    [
      "a Retry-After of a day is capped at 6 h",
      1,
      failure(true, 24 * hour),
      { status: "pending", nextAttemptAt: new Date("2026-03-01T18:00:00.000Z"), lastError: "boom" },
    ],
  ])("%s", (_name, attempts, result, expected) => {
    expect(afterAttempt(attempts, result, now)).toEqual(expected);
  });
});
