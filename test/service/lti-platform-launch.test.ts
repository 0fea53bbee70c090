/**
 * The test platform's side of an LTI 1.3 resource-link launch, checked on its own so tool tests
 * can lean on it: the login initiation URL, the OIDC authorization endpoint's checks (Security
 * Framework 5.1.1), the form_post page, and the id_token its JWKS verifies.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AGS_SCOPES,
  ID_TOKEN_LIFETIME_SECONDS,
  type LaunchOptions,
  LTI_CLAIMS,
  LTI_ROLES,
  type LtiPlatform,
  startLtiPlatform,
} from "../support/lti-platform.ts";

const CLIENT_ID = "launch-tool";
// Never served: the platform only names these URLs, the test plays the browser.
const LOGIN_URL = "http://tool.invalid/lti/acme/login";
const REDIRECT_URI = "http://tool.invalid/lti/acme/launch";
const OTHER_REDIRECT_URI = "http://tool.invalid/lti/acme/launch-2";
const NOW = new Date("2026-03-01T10:00:00.000Z");
const NOW_SECONDS = NOW.getTime() / 1000;

let platform: LtiPlatform;

beforeAll(async () => {
  platform = await startLtiPlatform({ now: () => NOW });
  platform.registerTool({
    clientId: CLIENT_ID,
    jwksUrl: "http://tool.invalid/jwks.json",
    deploymentId: "dep-7",
    redirectUris: [REDIRECT_URI, OTHER_REDIRECT_URI],
    loginUrl: LOGIN_URL,
  });
});
afterAll(() => platform.close());

const launch = (overrides: Partial<LaunchOptions> = {}): LaunchOptions => ({
  clientId: CLIENT_ID,
  user: { sub: "user-42", name: "Ann Lee", email: "ann@example.edu" },
  resourceLink: { id: "rl-1", title: "First pod" },
  ...overrides,
});

/** What a tool's login endpoint does with the initiation URL: the authentication request. */
function authParams(loginUrl: string, overrides: Record<string, string | undefined> = {}): URLSearchParams {
  const login = new URL(loginUrl).searchParams;
  const params: Record<string, string | undefined> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: login.get("client_id") ?? undefined,
    redirect_uri: login.get("target_link_uri") ?? undefined,
    login_hint: login.get("login_hint") ?? undefined,
    lti_message_hint: login.get("lti_message_hint") ?? undefined,
    state: "state-1",
    nonce: "nonce-1",
    ...overrides,
  };
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) out.set(name, value);
  return out;
}

async function authGet(params: URLSearchParams): Promise<Response> {
  return fetch(`${platform.authUrl}?${params}`);
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The launch form's attributes and hidden fields, as a browser would read them. */
function parseForm(html: string) {
  const form = /<form\s([^>]*)>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no form in ${html}`);
  const attributes = (text: string) =>
    Object.fromEntries([...text.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], unescapeHtml(m[2])]));
  const fields = Object.fromEntries(
    [...form[2].matchAll(/<input\s([^>]*)>/g)]
      .map((m) => attributes(m[1]))
      .filter((a) => a.type === "hidden")
      .map((a) => [a.name, a.value]),
  );
  return { attributes: attributes(form[1]), fields, body: form[2] };
}

describe("the platform JWKS", () => {
  it("publishes one RS256 signing key with a kid and no private part", async () => {
    expect(platform.issuer).toBe(platform.url);
    expect(platform.authUrl).toBe(`${platform.url}/auth`);
    expect(platform.jwksUrl).toBe(`${platform.url}/.well-known/jwks.json`);
    const r = await fetch(platform.jwksUrl);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    const jwks = (await r.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    expect(jwks.keys[0].d).toBeUndefined();
    expect(platform.requests.at(-1)).toMatchObject({ endpoint: "jwks", status: 200 });
  });
});

describe("a resource-link launch", () => {
  it("starts at the tool's login URL with the initiation parameters and a single-use message hint", () => {
    const first = new URL(platform.launchUrl(launch()));
    const second = new URL(platform.launchUrl(launch({ targetLinkUri: OTHER_REDIRECT_URI })));
    expect(`${first.origin}${first.pathname}`).toBe(LOGIN_URL);
    expect(Object.fromEntries(first.searchParams)).toEqual({
      iss: platform.issuer,
      login_hint: "user-42",
      target_link_uri: REDIRECT_URI,
      lti_message_hint: expect.stringMatching(/^[\w-]{16,}$/),
      client_id: CLIENT_ID,
      lti_deployment_id: "dep-7",
    });
    expect(second.searchParams.get("target_link_uri")).toBe(OTHER_REDIRECT_URI);
    expect(second.searchParams.get("lti_message_hint")).not.toBe(first.searchParams.get("lti_message_hint"));
  });

  it("answers the authentication request with a form that posts a verifiable id_token and the state", async () => {
    const state = `s"<&>'1`; // every character the page must escape
    const r = await authGet(authParams(platform.launchUrl(launch()), { state, nonce: "n-123" }));
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(platform.requests.at(-1)).toMatchObject({ method: "GET", endpoint: "auth", status: 200 });
    const html = await r.text();
    const form = parseForm(html);
    expect(form.attributes).toMatchObject({
      method: "post",
      action: REDIRECT_URI,
      enctype: "application/x-www-form-urlencoded",
    });
    expect(Object.keys(form.fields).sort()).toEqual(["id_token", "state"]);
    expect(form.fields.state).toBe(state);
    expect(html).not.toContain(state);
    expect(form.body).toMatch(/<noscript><button type="submit">[^<]+<\/button><\/noscript>/);
    expect(html).toMatch(/<script>document\.getElementById\("lti-launch"\)\.submit\(\);<\/script>/);

    const { payload, protectedHeader } = await jwtVerify(
      form.fields.id_token,
      createRemoteJWKSet(new URL(platform.jwksUrl)),
      {
        algorithms: ["RS256"],
        issuer: platform.issuer,
        audience: CLIENT_ID,
        currentDate: NOW,
      },
    );
    const jwks = (await (await fetch(platform.jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(protectedHeader).toEqual({ alg: "RS256", kid: jwks.keys[0].kid, typ: "JWT" });
    expect(payload).toEqual({
      iss: platform.issuer,
      aud: CLIENT_ID,
      azp: CLIENT_ID,
      sub: "user-42",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + ID_TOKEN_LIFETIME_SECONDS,
      nonce: "n-123",
      name: "Ann Lee",
      email: "ann@example.edu",
      [LTI_CLAIMS.messageType]: "LtiResourceLinkRequest",
      [LTI_CLAIMS.version]: "1.3.0",
      [LTI_CLAIMS.deploymentId]: "dep-7",
      [LTI_CLAIMS.targetLinkUri]: REDIRECT_URI,
      [LTI_CLAIMS.resourceLink]: { id: "rl-1", title: "First pod" },
      [LTI_CLAIMS.roles]: [LTI_ROLES.learner],
    });
  });

  it("takes the authentication request as a form POST too, and carries context, custom and AGS claims", async () => {
    const lineItemUrl = platform.createLineItem("launch-item");
    const opts = launch({
      user: { sub: "teacher-1", roles: [LTI_ROLES.instructor] },
      context: { id: "course-9", title: "Kubernetes" },
      custom: { lab: "single-pod" },
      lineItemUrl,
      targetLinkUri: OTHER_REDIRECT_URI,
    });
    const r = await fetch(platform.authUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: authParams(platform.launchUrl(opts)),
    });
    expect(r.status).toBe(200);
    const form = parseForm(await r.text());
    expect(form.attributes.action).toBe(OTHER_REDIRECT_URI);
    const claims = decodeJwt(form.fields.id_token);
    expect(claims).toMatchObject({
      sub: "teacher-1",
      [LTI_CLAIMS.targetLinkUri]: OTHER_REDIRECT_URI,
      [LTI_CLAIMS.roles]: [LTI_ROLES.instructor],
      [LTI_CLAIMS.context]: { id: "course-9", title: "Kubernetes" },
      [LTI_CLAIMS.custom]: { lab: "single-pod" },
      [LTI_CLAIMS.agsEndpoint]: {
        scope: [AGS_SCOPES.lineItem, AGS_SCOPES.resultReadOnly, AGS_SCOPES.score],
        lineitem: lineItemUrl,
      },
    });
    expect(claims.name).toBeUndefined();
    expect(claims.email).toBeUndefined();

    // The forging hook builds the very same token, claim for claim.
    const built = await platform.idTokenFor({ ...opts, nonce: "nonce-1" });
    expect(decodeJwt(built)).toEqual(claims);
  });

  it.each([
    [
      "an unregistered redirect_uri",
      "invalid_request",
      { redirect_uri: "http://tool.invalid/elsewhere" },
      /redirect_uri/,
    ],
    ["an unknown client_id", "unauthorized_client", { client_id: "someone-else" }, /client_id/],
    ["a missing nonce", "invalid_request", { nonce: undefined }, /nonce/],
    ["a missing state", "invalid_request", { state: undefined }, /state/],
    ["an unknown lti_message_hint", "invalid_request", { lti_message_hint: "made-up" }, /lti_message_hint/],
    ["another user's login_hint", "login_required", { login_hint: "user-43" }, /login_hint/],
    ["a scope other than openid", "invalid_scope", { scope: "openid profile" }, /scope/],
    ["response_type code", "unsupported_response_type", { response_type: "code" }, /response_type/],
    ["response_mode query", "invalid_request", { response_mode: "query" }, /response_mode/],
    ["prompt login", "invalid_request", { prompt: "login" }, /prompt/],
  ])("refuses %s with 400 %s and posts nothing", async (_what, error, overrides, description) => {
    const loginUrl = platform.launchUrl(launch());
    const r = await authGet(authParams(loginUrl, overrides));
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error, error_description: expect.stringMatching(description) });
    expect(platform.requests.at(-1)).toMatchObject({ endpoint: "auth", status: 400, error });
    // A refused request leaves the launch usable: the hint is spent only by a token.
    expect((await authGet(authParams(loginUrl))).status).toBe(200);
  });

  it("refuses a message hint that was already used", async () => {
    const params = authParams(platform.launchUrl(launch()));
    expect((await authGet(params)).status).toBe(200);
    const again = await authGet(params);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringMatching(/used/),
    });
    expect(platform.requests.at(-1)).toMatchObject({ endpoint: "auth", status: 400, error: "invalid_request" });
  });
});

describe("forging id_tokens", () => {
  const keys = () => createRemoteJWKSet(new URL(platform.jwksUrl));

  it("applies overrides to the launch claims, removing the ones set to undefined", async () => {
    const token = await platform.idTokenFor(
      { ...launch(), nonce: "n-9" },
      { aud: "someone-else", [LTI_CLAIMS.messageType]: undefined },
    );
    const { payload } = await jwtVerify(token, keys(), { currentDate: NOW });
    expect(payload.aud).toBe("someone-else");
    expect(payload.nonce).toBe("n-9");
    expect(payload).not.toHaveProperty([LTI_CLAIMS.messageType]);
    expect(payload[LTI_CLAIMS.version]).toBe("1.3.0");
  });

  it("signs arbitrary claims with the platform key, or with an unpublished key the JWKS does not verify", async () => {
    const claims = { iss: platform.issuer, sub: "x", custom_claim: [1, 2] };
    const genuine = await platform.signIdToken(claims);
    expect((await jwtVerify(genuine, keys(), { currentDate: NOW })).payload).toEqual(claims);

    const forged = await platform.signIdToken(claims, { key: "foreign" });
    expect(decodeProtectedHeader(forged)).toEqual(decodeProtectedHeader(genuine));
    await expect(jwtVerify(forged, keys(), { currentDate: NOW })).rejects.toThrow(/signature verification failed/);

    const otherKid = await platform.signIdToken(claims, { key: "foreign", kid: "rotated" });
    expect(decodeProtectedHeader(otherKid).kid).toBe("rotated");
    await expect(jwtVerify(otherKid, keys(), { currentDate: NOW })).rejects.toThrow(/no applicable key/);
  });
});
