/**
 * The test platform's side of an LTI 1.3 resource-link launch, checked on its own so tool tests
 * can lean on it: the login initiation URL, the OIDC authorization endpoint's checks (Security
 * Framework 5.1.1), the form_post page, and the id_token its JWKS verifies; and its side of
 * Deep Linking 2.0: the LtiDeepLinkingRequest it issues and the responses it accepts or refuses.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  jwtVerify,
  SignJWT,
} from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AGS_SCOPES,
  type DeepLinkingOptions,
  ID_TOKEN_LIFETIME_SECONDS,
  type LaunchOptions,
  LTI_CLAIMS,
  LTI_ROLES,
  type LtiPlatform,
  parseForm,
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

describe("deep linking", () => {
  const DL_CLIENT_ID = "picker-tool";
  const DL_LOGIN_URL = "http://tool.invalid/lti/picker/login";
  const DL_LAUNCH_URL = "http://tool.invalid/lti/picker/launch";
  const OTHER_CLIENT_ID = "other-picker-tool";
  const teacher = { sub: "teacher-7", name: "Tom Fry" };
  const item = {
    type: "ltiResourceLink",
    title: "Single pod",
    text: "Run one nginx pod",
    url: "http://tool.invalid/lti/picker/launch?lab=single-pod",
    custom: { lab: "single-pod" },
    lineItem: { scoreMaximum: 10, label: "Single pod", resourceId: "single-pod", tag: "lab" },
    iframe: { width: 800, height: 600 },
  };

  interface KeyPair {
    privateKey: CryptoKey;
    publicJwk: JWK;
    kid: string;
  }
  let toolKey: KeyPair;
  // A key the picker tool never registered; another tool did.
  let strangerKey: KeyPair;

  async function keyPair(): Promise<KeyPair> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return { privateKey, publicJwk: { ...jwk, kid, alg: "RS256", use: "sig" }, kid };
  }

  beforeAll(async () => {
    [toolKey, strangerKey] = await Promise.all([keyPair(), keyPair()]);
    platform.registerTool({
      clientId: DL_CLIENT_ID,
      publicJwk: toolKey.publicJwk,
      deploymentId: "dep-9",
      redirectUris: [DL_LAUNCH_URL],
      loginUrl: DL_LOGIN_URL,
    });
    platform.registerTool({ clientId: OTHER_CLIENT_ID, publicJwk: strangerKey.publicJwk });
  });

  const request = (overrides: Partial<DeepLinkingOptions> = {}): DeepLinkingOptions => ({
    clientId: DL_CLIENT_ID,
    user: teacher,
    ...overrides,
  });

  /** Issues a deep linking request and returns the `data` its response must echo. */
  async function issuedData(overrides: Partial<DeepLinkingOptions> = {}): Promise<string> {
    const token = await platform.deepLinkingIdTokenFor({ ...request(overrides), nonce: "dl-nonce" });
    return (decodeJwt(token)[LTI_CLAIMS.deepLinkingSettings] as { data: string }).data;
  }

  /** The claims of a well-formed response from the picker tool; an override of undefined removes one. */
  function responseClaims(data: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const claims: Record<string, unknown> = {
      iss: DL_CLIENT_ID,
      aud: platform.issuer,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 300,
      nonce: "response-nonce",
      [LTI_CLAIMS.messageType]: "LtiDeepLinkingResponse",
      [LTI_CLAIMS.version]: "1.3.0",
      [LTI_CLAIMS.deploymentId]: "dep-9",
      [LTI_CLAIMS.deepLinkingData]: data,
      [LTI_CLAIMS.contentItems]: [item],
    };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return claims;
  }

  function signResponse(
    claims: Record<string, unknown>,
    { key = toolKey, kid = key.kid }: { key?: KeyPair; kid?: string | null } = {},
  ): Promise<string> {
    const header = kid === null ? { alg: "RS256", typ: "JWT" } : { alg: "RS256", kid, typ: "JWT" };
    return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
  }

  const returnUrl = () => `${platform.url}/deep-linking/return`;

  /** What the tool's auto-submitting form does: a form POST of the JWT field. */
  function postResponse(jwt: string, contentType = "application/x-www-form-urlencoded"): Promise<Response> {
    return fetch(returnUrl(), {
      method: "POST",
      headers: { "content-type": contentType },
      body: new URLSearchParams({ JWT: jwt }).toString(),
    });
  }

  it("launches the instructor with an LtiDeepLinkingRequest: the settings claim, no resource_link", async () => {
    const loginUrl = new URL(platform.deepLinkingUrl(request({ context: { id: "course-3", title: "K8s 101" } })));
    expect(`${loginUrl.origin}${loginUrl.pathname}`).toBe(DL_LOGIN_URL);
    expect(Object.fromEntries(loginUrl.searchParams)).toEqual({
      iss: platform.issuer,
      login_hint: "teacher-7",
      target_link_uri: DL_LAUNCH_URL,
      lti_message_hint: expect.stringMatching(/^[\w-]{16,}$/),
      client_id: DL_CLIENT_ID,
      lti_deployment_id: "dep-9",
    });
    const r = await authGet(authParams(loginUrl.href, { nonce: "dl-n-1" }));
    expect(r.status).toBe(200);
    const form = parseForm(await r.text());
    expect(form.attributes.action).toBe(DL_LAUNCH_URL);
    const { payload } = await jwtVerify(form.fields.id_token, createRemoteJWKSet(new URL(platform.jwksUrl)), {
      algorithms: ["RS256"],
      issuer: platform.issuer,
      audience: DL_CLIENT_ID,
      currentDate: NOW,
    });
    expect(payload).toEqual({
      iss: platform.issuer,
      aud: DL_CLIENT_ID,
      azp: DL_CLIENT_ID,
      sub: "teacher-7",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + ID_TOKEN_LIFETIME_SECONDS,
      nonce: "dl-n-1",
      name: "Tom Fry",
      [LTI_CLAIMS.messageType]: "LtiDeepLinkingRequest",
      [LTI_CLAIMS.version]: "1.3.0",
      [LTI_CLAIMS.deploymentId]: "dep-9",
      [LTI_CLAIMS.targetLinkUri]: DL_LAUNCH_URL,
      [LTI_CLAIMS.roles]: [LTI_ROLES.instructor],
      [LTI_CLAIMS.context]: { id: "course-3", title: "K8s 101" },
      [LTI_CLAIMS.deepLinkingSettings]: {
        deep_link_return_url: returnUrl(),
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["iframe", "window"],
        accept_multiple: false,
        auto_create: true,
        data: expect.stringMatching(/^[\w-]{16,}$/),
      },
    });
    expect(payload).not.toHaveProperty([LTI_CLAIMS.resourceLink]);

    // The forging hook builds the very same token, claim for claim, given the same data.
    const { data } = payload[LTI_CLAIMS.deepLinkingSettings] as { data: string };
    const built = await platform.deepLinkingIdTokenFor({
      ...request({ context: { id: "course-3", title: "K8s 101" }, data }),
      nonce: "dl-n-1",
    });
    expect(decodeJwt(built)).toEqual(payload);
  });

  it("issues fresh data per request unless given, and takes roles, accept_multiple and the target", async () => {
    const [a, b] = [await issuedData(), await issuedData()];
    expect(a).not.toBe(b);
    const token = await platform.deepLinkingIdTokenFor(
      {
        ...request({
          user: { sub: "admin-1", roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper"] },
          acceptMultiple: true,
          data: "opaque-42",
          targetLinkUri: "http://tool.invalid/lti/picker/other",
        }),
        nonce: "n",
      },
      { [LTI_CLAIMS.version]: undefined },
    );
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: "admin-1",
      [LTI_CLAIMS.roles]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper"],
      [LTI_CLAIMS.targetLinkUri]: "http://tool.invalid/lti/picker/other",
      [LTI_CLAIMS.deepLinkingSettings]: { accept_multiple: true, data: "opaque-42" },
    });
    expect(claims).not.toHaveProperty([LTI_CLAIMS.version]);
    expect(claims).not.toHaveProperty([LTI_CLAIMS.context]);
  });

  it("accepts a signed response: creates the link and its line item, then refuses the same data again", async () => {
    const data = await issuedData();
    const before = platform.deepLinks().length;
    const jwt = await signResponse(responseClaims(data));
    const r = await postResponse(jwt);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await r.text()).toContain("<p>Added 1 item(s)</p>");
    expect(platform.requests.at(-1)).toEqual({
      method: "POST",
      path: "/deep-linking/return",
      endpoint: "deep-linking",
      contentType: "application/x-www-form-urlencoded",
      status: 200,
    });
    const links = platform.deepLinks();
    expect(links).toHaveLength(before + 1);
    const link = links[before];
    expect(link).toEqual({
      clientId: DL_CLIENT_ID,
      item,
      resourceLinkId: expect.stringMatching(/^[\w-]{12,}$/),
      lineItemUrl: expect.stringMatching(new RegExp(`^${platform.url}/lineitems/[\\w-]+$`)),
    });

    // A student launched into the new link gets its id, its custom parameters and its line item.
    const launched = await authGet(
      authParams(
        platform.launchUrl({
          clientId: DL_CLIENT_ID,
          user: { sub: "student-3" },
          resourceLink: { id: link.resourceLinkId },
          custom: link.item.custom as Record<string, string>,
          lineItemUrl: link.lineItemUrl,
        }),
      ),
    );
    expect(launched.status).toBe(200);
    expect(decodeJwt(parseForm(await launched.text()).fields.id_token)).toMatchObject({
      [LTI_CLAIMS.messageType]: "LtiResourceLinkRequest",
      [LTI_CLAIMS.resourceLink]: { id: link.resourceLinkId },
      [LTI_CLAIMS.custom]: { lab: "single-pod" },
      [LTI_CLAIMS.agsEndpoint]: { lineitem: link.lineItemUrl },
    });

    // The line item is live: the score service takes a score for it.
    const assertion = await new SignJWT({
      iss: DL_CLIENT_ID,
      sub: DL_CLIENT_ID,
      aud: platform.tokenUrl,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 60,
      jti: "dl-assertion-1",
    })
      .setProtectedHeader({ alg: "RS256", kid: toolKey.kid, typ: "JWT" })
      .sign(toolKey.privateKey);
    const granted = await fetch(platform.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
        scope: AGS_SCOPES.score,
      }).toString(),
    });
    expect(granted.status).toBe(200);
    const { access_token } = (await granted.json()) as { access_token: string };
    const scored = await fetch(`${link.lineItemUrl}/scores`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/vnd.ims.lis.v1.score+json" },
      body: JSON.stringify({
        userId: "student-3",
        scoreGiven: 7,
        scoreMaximum: 10,
        timestamp: "2026-03-01T10:00:00.000Z",
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      }),
    });
    expect(scored.status).toBe(204);
    const lineItemId = decodeURIComponent(new URL(link.lineItemUrl as string).pathname.split("/")[2]);
    expect(platform.scores(lineItemId)).toMatchObject([{ clientId: DL_CLIENT_ID, userId: "student-3", scoreGiven: 7 }]);

    const again = await postResponse(jwt);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: "invalid_data",
      error_description: expect.stringMatching(/already used/),
    });
    expect(platform.requests.at(-1)).toMatchObject({ endpoint: "deep-linking", status: 400, error: "invalid_data" });
    expect(platform.deepLinks()).toHaveLength(before + 1);
  });

  it("takes several items when accept_multiple was true, and none at all, showing the tool's messages", async () => {
    const before = platform.deepLinks().length;
    const plain = { type: "ltiResourceLink", title: "Ungraded warm-up" };
    const bare = { type: "ltiResourceLink" }; // the tool's default URL, no title: the spec allows it
    const data = await issuedData({ acceptMultiple: true });
    const r = await postResponse(
      await signResponse(
        responseClaims(data, {
          [LTI_CLAIMS.contentItems]: [item, plain, bare],
          [LTI_CLAIMS.deepLinkingMsg]: "3 <labs>",
        }),
      ),
    );
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain("<p>Added 3 item(s)</p>");
    expect(page).toContain("<p>3 &lt;labs&gt;</p>");
    const links = platform.deepLinks().slice(before);
    expect(links.map((l) => l.item)).toEqual([item, plain, bare]);
    expect(links[0].lineItemUrl).toEqual(expect.any(String));
    expect(links[1]).not.toHaveProperty("lineItemUrl");
    expect(new Set(links.map((l) => l.resourceLinkId)).size).toBe(3);

    // A tool that picked nothing says so with an absent (or empty) content_items claim.
    const cancelled = await postResponse(
      await signResponse(
        responseClaims(await issuedData(), {
          [LTI_CLAIMS.contentItems]: undefined,
          [LTI_CLAIMS.deepLinkingErrorMsg]: "Nothing selected",
        }),
      ),
    );
    expect(cancelled.status).toBe(200);
    const cancelledPage = await cancelled.text();
    expect(cancelledPage).toContain("<p>Added 0 item(s)</p>");
    expect(cancelledPage).toContain("<p>Nothing selected</p>");
    expect(platform.deepLinks()).toHaveLength(before + 3);
  });

  it("finds the tool key through a JWKS URL when the tool registered one", async () => {
    const jwks = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [toolKey.publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    try {
      const clientId = "jwks-picker-tool";
      platform.registerTool({
        clientId,
        jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
        redirectUris: [DL_LAUNCH_URL],
      });
      const data = await issuedData({ clientId });
      const claims = responseClaims(data, { iss: clientId, [LTI_CLAIMS.deploymentId]: "1" });
      expect((await postResponse(await signResponse(claims))).status).toBe(200);
      expect(platform.deepLinks().at(-1)).toMatchObject({ clientId, item });
    } finally {
      jwks.closeAllConnections();
      await new Promise((resolve) => jwks.close(resolve));
    }
  });

  it.each<[string, string, RegExp, (data: string) => Promise<string>]>([
    [
      "a signature by a key the tool never registered",
      "invalid_signature",
      /signature verification failed/,
      (data) => signResponse(responseClaims(data), { key: strangerKey, kid: toolKey.kid }),
    ],
    [
      "a kid the tool never registered",
      "invalid_signature",
      /no applicable key/,
      (data) => signResponse(responseClaims(data), { kid: "rotated" }),
    ],
    ["no kid in the header", "invalid_signature", /kid/, (data) => signResponse(responseClaims(data), { kid: null })],
    [
      "an iss naming another registered tool",
      "invalid_signature",
      /no applicable key/,
      (data) => signResponse(responseClaims(data, { iss: OTHER_CLIENT_ID })),
    ],
    [
      "an iss naming no registered tool",
      "invalid_client",
      /iss/,
      (data) => signResponse(responseClaims(data, { iss: "nobody" })),
    ],
    [
      "an aud other than the platform",
      "invalid_token",
      /aud/,
      (data) => signResponse(responseClaims(data, { aud: "https://lms.example" })),
    ],
    [
      "an expired response",
      "invalid_token",
      /exp/,
      (data) => signResponse(responseClaims(data, { iat: NOW_SECONDS - 900, exp: NOW_SECONDS - 600 })),
    ],
    [
      "an iat in the future",
      "invalid_token",
      /iat/,
      (data) => signResponse(responseClaims(data, { iat: NOW_SECONDS + 600, exp: NOW_SECONDS + 900 })),
    ],
    ["no nonce", "invalid_token", /nonce/, (data) => signResponse(responseClaims(data, { nonce: undefined }))],
    ["an empty nonce", "invalid_token", /nonce/, (data) => signResponse(responseClaims(data, { nonce: "" }))],
    [
      "message_type LtiResourceLinkRequest",
      "invalid_message",
      /message_type/,
      (data) => signResponse(responseClaims(data, { [LTI_CLAIMS.messageType]: "LtiResourceLinkRequest" })),
    ],
    [
      "version 1.1",
      "invalid_message",
      /version/,
      (data) => signResponse(responseClaims(data, { [LTI_CLAIMS.version]: "1.1" })),
    ],
    [
      "another deployment_id",
      "invalid_message",
      /deployment_id/,
      (data) => signResponse(responseClaims(data, { [LTI_CLAIMS.deploymentId]: "dep-1" })),
    ],
    [
      "a data that was never issued",
      "invalid_data",
      /never issued/,
      () => signResponse(responseClaims("made-up-data")),
    ],
    [
      "no data",
      "invalid_data",
      /missing/,
      (data) => signResponse(responseClaims(data, { [LTI_CLAIMS.deepLinkingData]: undefined })),
    ],
    [
      "two items when accept_multiple was false",
      "invalid_content_items",
      /2 content items.*accept_multiple/,
      (data) => signResponse(responseClaims(data, { [LTI_CLAIMS.contentItems]: [item, item] })),
    ],
    [
      "an item type the platform did not accept",
      "invalid_content_items",
      /content_items\[0\]\.type: link is not among accept_types/,
      (data) =>
        signResponse(responseClaims(data, { [LTI_CLAIMS.contentItems]: [{ type: "link", url: "https://x.example" }] })),
    ],
    [
      "a line item without scoreMaximum",
      "invalid_content_items",
      /lineItem\.scoreMaximum/,
      (data) =>
        signResponse(responseClaims(data, { [LTI_CLAIMS.contentItems]: [{ ...item, lineItem: { label: "x" } }] })),
    ],
    [
      "a line item with scoreMaximum 0",
      "invalid_content_items",
      /lineItem\.scoreMaximum/,
      (data) =>
        signResponse(responseClaims(data, { [LTI_CLAIMS.contentItems]: [{ ...item, lineItem: { scoreMaximum: 0 } }] })),
    ],
    [
      "a custom parameter that is not a string",
      "invalid_content_items",
      /custom\.attempts: a string/,
      (data) =>
        signResponse(responseClaims(data, { [LTI_CLAIMS.contentItems]: [{ ...item, custom: { attempts: 3 } }] })),
    ],
    [
      "a relative url",
      "invalid_content_items",
      /url: an absolute/,
      (data) => signResponse(responseClaims(data, { [LTI_CLAIMS.contentItems]: [{ ...item, url: "/launch" }] })),
    ],
    [
      "content_items that is not an array",
      "invalid_content_items",
      /array/,
      (data) => signResponse(responseClaims(data, { [LTI_CLAIMS.contentItems]: item })),
    ],
    ["a JWT field that is not a JWT", "invalid_request", /not a JWT/, async () => "not-a-jwt"],
  ])("refuses %s with 400 %s, creates nothing and leaves the data usable", async (_what, error, description, build) => {
    const data = await issuedData();
    const before = platform.deepLinks().length;
    const r = await postResponse(await build(data));
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error, error_description: expect.stringMatching(description) });
    expect(platform.requests.at(-1)).toMatchObject({ endpoint: "deep-linking", status: 400, error });
    expect(platform.deepLinks()).toHaveLength(before);
    // Only an accepted response spends the data, so a forgery cannot burn the instructor's request.
    expect((await postResponse(await signResponse(responseClaims(data)))).status).toBe(200);
  });

  it("refuses data issued to another tool", async () => {
    const data = await issuedData({ clientId: CLIENT_ID });
    const r = await postResponse(await signResponse(responseClaims(data)));
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: "invalid_data", error_description: expect.stringMatching(/never/) });
  });

  it("takes only a form POST with a JWT field", async () => {
    const jwt = await signResponse(responseClaims(await issuedData()));
    const asJson = await postResponse(jwt, "application/json");
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toMatchObject({ error: "invalid_request" });
    const noField = await fetch(returnUrl(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "jwt=lowercase-is-another-field",
    });
    expect(noField.status).toBe(400);
    expect(await noField.json()).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringMatching(/JWT/),
    });
    const get = await fetch(returnUrl());
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(platform.requests.at(-1)).toMatchObject({ method: "GET", endpoint: "deep-linking", status: 405 });
  });
});
