/**
 * LTI 1.3 resource-link launch, tool side: how a student reaches an assignment from the LMS.
 *
 * 1. Login initiation (LTI 1.3 Core, section 4.1; Security Framework 1.0, section 5.1.1.1): the
 *    platform sends the browser to the tool's login URL with `iss`, `login_hint` and
 *    `target_link_uri`. The tool answers with a redirect to the platform's authorization
 *    endpoint carrying a `state` and a `nonce` (section 5.1.1.2).
 * 2. Launch (section 5.1.1.3 and LTI Core section 5): the platform posts an `id_token`, a JWT it
 *    signed (RS256), and the `state` back. The tool checks the signature against the platform's
 *    published keys, the issuer, the audience, the lifetime, the nonce it sent, the deployment
 *    and the LTI claims, and only then trusts who the user is.
 *
 * The state is stateless on the server: it carries the integration, the nonce and its expiry,
 * signed with the tenant's secret, and names a cookie that binds it to the browser that began
 * the login. The nonce is recorded when a launch is accepted, so an id_token works once.
 * Web APIs and jose only, so the same code runs on Workers and Node.
 */
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import { hmacSign, hmacVerify, openToken, randomToken, tokenPayload } from "../api/crypto.ts";
import { type FetchLike, readBounded } from "./lti-ags.ts";

const LTI_CLAIM = "https://purl.imsglobal.org/spec/lti/claim";
const AGS_ENDPOINT_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
/** Deep Linking 2.0's claims (section 4.4 and 4.5). */
const DEEP_LINKING_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim";
/** LIS context roles (LTI 1.3 Core, appendix A.2.3); the short form is the deprecated one still sent. */
const LEARNER_ROLES = [
  "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  "http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#Learner",
  "Learner",
];

/** Roles that may place the tool's assignments in the LMS (deep linking): teaching and admin roles. */
const INSTRUCTOR_ROLE = /[#/](Instructor|ContentDeveloper|Administrator|Faculty)$/;

/** A login has this long to come back as a launch. */
export const STATE_LIFETIME_SECONDS = 600;
/** Platforms and tools disagree by a few seconds; LTI asks tools to allow for it. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** Bounds on what the platform sends: an id_token with a long custom claim stays well under. */
export const MAX_ID_TOKEN_CHARS = 32 * 1024;
const MAX_URL_CHARS = 2048;
const MAX_HINT_CHARS = 2048;
const MAX_ID_CHARS = 255;
/** A platform's key set is a few keys; a bigger answer is not one. */
const JWKS_TIMEOUT_MS = 5000;

/** Where an integration's LMS sends its users (the URLs to register in the LMS). */
export const launchPath = (tenantSlug: string) => `/lti/${tenantSlug}/launch`;
export const loginPath = (tenantSlug: string) => `/lti/${tenantSlug}/login`;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

// ---------------------------------------------------------------------------------------------
// Login initiation

export interface LoginInitiation {
  issuer: string;
  loginHint: string;
  targetLinkUri: string;
  ltiMessageHint?: string;
  clientId?: string;
  deploymentId?: string;
}

/** The login initiation's parameters: name, longest value, required. */
const LOGIN_PARAMETERS: readonly [string, number, boolean][] = [
  ["iss", MAX_URL_CHARS, true],
  ["login_hint", MAX_HINT_CHARS, true],
  ["target_link_uri", MAX_URL_CHARS, true],
  ["lti_message_hint", MAX_HINT_CHARS, false],
  ["client_id", MAX_ID_CHARS, false],
  ["lti_deployment_id", MAX_ID_CHARS, false],
];

/** The third-party-initiated login's parameters (from the query or the form), each bounded. */
export function readLoginInitiation(get: (name: string) => string | undefined): Outcome<LoginInitiation> {
  const p: Record<string, string> = {};
  for (const [name, max, required] of LOGIN_PARAMETERS) {
    const v = get(name);
    if (v === undefined || v === "") {
      if (required) return fail(`${name} is required`);
    } else if (v.length > max) {
      return fail(`${name} is longer than ${max} characters`);
    } else {
      p[name] = v;
    }
  }
  if (!URL.canParse(p.target_link_uri)) return fail("target_link_uri is not a URL");
  return {
    ok: true,
    value: {
      issuer: p.iss,
      loginHint: p.login_hint,
      targetLinkUri: p.target_link_uri,
      ...(p.lti_message_hint ? { ltiMessageHint: p.lti_message_hint } : {}),
      ...(p.client_id ? { clientId: p.client_id } : {}),
      ...(p.lti_deployment_id ? { deploymentId: p.lti_deployment_id } : {}),
    },
  };
}

/** The OIDC authentication request (Security Framework 1.0, section 5.1.1.2) as a URL to redirect to. */
export function authenticationRequestUrl(
  authLoginUrl: string,
  p: {
    clientId: string;
    redirectUri: string;
    loginHint: string;
    ltiMessageHint?: string;
    state: string;
    nonce: string;
  },
): string {
  const url = new URL(authLoginUrl);
  const q = url.searchParams;
  q.set("scope", "openid");
  q.set("response_type", "id_token");
  q.set("response_mode", "form_post");
  q.set("prompt", "none");
  q.set("client_id", p.clientId);
  q.set("redirect_uri", p.redirectUri);
  q.set("login_hint", p.loginHint);
  if (p.ltiMessageHint) q.set("lti_message_hint", p.ltiMessageHint);
  q.set("state", p.state);
  q.set("nonce", p.nonce);
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// State

export interface LaunchState {
  integrationId: string;
  nonce: string;
  /** Names the cookie that holds `binding` (several logins may be under way in one browser). */
  cookie: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** A new state for a login: what to send the platform, and the cookie that binds it to this browser. */
export async function newLaunchState(
  secret: string,
  integrationId: string,
  nowSeconds: number,
): Promise<{ state: string; nonce: string; cookieName: string; cookieValue: string }> {
  const nonce = randomToken(24);
  const cookie = randomToken(9);
  const binding = randomToken(24);
  const payload = tokenPayload({ i: integrationId, n: nonce, c: cookie, e: nowSeconds + STATE_LIFETIME_SECONDS });
  // The binding is not in the state: only the browser's cookie has it; the state commits to it.
  const signature = await hmacSign(secret, `lti-state:${payload}:${binding}`);
  return { state: `${payload}.${signature}`, nonce, cookieName: stateCookieName(cookie), cookieValue: binding };
}

export const stateCookieName = (id: string) => `lg_lti_${id}`;

/** The claims a state names, unverified (the cookie to read), or undefined when it is malformed. */
export function readLaunchState(state: string): (LaunchState & { payload: string; signature: string }) | undefined {
  const opened = openToken(state, 1024);
  if (!opened) return undefined;
  const { claims: o, payload, signature } = opened;
  if (typeof o.i !== "string" || typeof o.n !== "string" || typeof o.c !== "string" || typeof o.e !== "number") {
    return undefined;
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(o.c)) return undefined;
  return { integrationId: o.i, nonce: o.n, cookie: o.c, exp: o.e, payload, signature };
}

/** True when the state is ours, unaltered, and was issued to the browser holding `binding`. */
export function verifyLaunchState(
  secret: string,
  state: { payload: string; signature: string },
  binding: string,
): Promise<boolean> {
  return hmacVerify(secret, `lti-state:${state.payload}:${binding}`, state.signature);
}

// ---------------------------------------------------------------------------------------------
// The id_token

interface CommonClaims {
  /** The platform's stable id of the user: the student's external id (as AGS's `userId`). */
  sub: string;
  name?: string;
  email?: string;
  deploymentId: string;
  targetLinkUri: string;
  roles: string[];
  context?: { id: string; title?: string };
  custom: Record<string, string>;
  /** When the id_token expires, seconds since the epoch (how long its nonce is kept). */
  exp: number;
}

/** A user opening a link in the LMS (LTI 1.3 Core, section 5.2). */
export interface ResourceLinkLaunch extends CommonClaims {
  type: "LtiResourceLinkRequest";
  resourceLink: { id: string; title?: string };
  /** The AGS line item of this resource link, when the platform grants AGS. */
  lineItemUrl?: string;
}

/** An instructor choosing what to add to the LMS (Deep Linking 2.0, section 4.4). */
export interface DeepLinkingLaunch extends CommonClaims {
  type: "LtiDeepLinkingRequest";
  deepLinking: {
    returnUrl: string;
    acceptMultiple: boolean;
    /** Opaque to the tool; the response must carry it back. */
    data?: string;
  };
}

export type LaunchClaims = ResourceLinkLaunch | DeepLinkingLaunch;

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The registration's deployment, when it names one. */
  deploymentId: string | null;
  jwksUrl: string;
  nonce: string;
  now: Date;
}

/** One remote key set per URL, kept across launches (jose caches the keys and refetches on an unknown kid). */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const MAX_KEY_SETS = 256;

function keySet(fetch: FetchLike, url: string) {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), {
      timeoutDuration: JWKS_TIMEOUT_MS,
      [customFetch]: async (u: string, init: RequestInit) => {
        const response = await fetch(u, init);
        // jose reads the body as JSON; a bounded copy keeps a runaway answer out of memory.
        const text = await readBounded(response);
        return new Response(text, { status: response.status, headers: response.headers });
      },
    });
    if (keySets.size >= MAX_KEY_SETS) keySets.delete(keySets.keys().next().value as string);
    keySets.set(url, set);
  }
  return set;
}

/** Verifies a launch's id_token and reads its LTI claims; every refusal says what was wrong. */
export async function verifyIdToken(
  fetch: FetchLike,
  idToken: string,
  expect: IdTokenExpectations,
): Promise<Outcome<LaunchClaims>> {
  if (idToken.length > MAX_ID_TOKEN_CHARS) return fail(`the id_token is longer than ${MAX_ID_TOKEN_CHARS} characters`);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(fetch, expect.jwksUrl), {
      algorithms: ["RS256"],
      issuer: expect.issuer,
      audience: expect.clientId,
      requiredClaims: ["sub", "exp", "iat", "nonce"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: expect.now,
    }));
  } catch (e) {
    return fail(`the id_token was refused: ${jwtError(e)}`);
  }
  // With several audiences the token must say it was issued to us (OIDC Core, section 3.1.3.7).
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== expect.clientId) {
    return fail("the id_token has several audiences and its azp is not this tool's client id");
  }
  if (payload.nonce !== expect.nonce) return fail("the id_token's nonce is not the one this login sent");
  const claim = (name: string) => payload[`${LTI_CLAIM}/${name}`];
  const messageType = claim("message_type");
  if (messageType !== "LtiResourceLinkRequest" && messageType !== "LtiDeepLinkingRequest") {
    return fail(
      `the launch is a ${typeof messageType === "string" ? messageType : "message without a type"}; only LtiResourceLinkRequest and LtiDeepLinkingRequest are supported`,
    );
  }
  if (claim("version") !== "1.3.0") return fail("the launch's LTI version is not 1.3.0");
  const deploymentId = claim("deployment_id");
  if (typeof deploymentId !== "string" || !deploymentId || deploymentId.length > MAX_ID_CHARS) {
    return fail("the launch has no deployment_id");
  }
  if (expect.deploymentId && deploymentId !== expect.deploymentId) {
    return fail(`the launch comes from deployment ${deploymentId}, not this integration's ${expect.deploymentId}`);
  }
  const sub = payload.sub ?? "";
  if (!sub || sub.length > MAX_ID_CHARS) return fail(`the launch's sub must be 1 to ${MAX_ID_CHARS} characters`);
  const target = claim("target_link_uri");
  if (typeof target !== "string" || !target) return fail("the launch has no target_link_uri");
  const roles = claim("roles");
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string")) {
    return fail("the launch's roles claim is not a list of roles");
  }
  const context = claim("context") as { id?: unknown; title?: unknown } | undefined;
  const common: CommonClaims = {
    sub,
    ...(typeof payload.name === "string" ? { name: payload.name.slice(0, 200) } : {}),
    ...(typeof payload.email === "string" ? { email: payload.email.slice(0, 320) } : {}),
    deploymentId,
    targetLinkUri: target,
    roles: roles as string[],
    ...(typeof context?.id === "string"
      ? { context: { id: context.id, ...(typeof context.title === "string" ? { title: context.title } : {}) } }
      : {}),
    custom: stringValues(claim("custom")),
    exp: payload.exp as number,
  };
  if (messageType === "LtiDeepLinkingRequest") {
    const settings = payload[`${DEEP_LINKING_CLAIM}/deep_linking_settings`] as Record<string, unknown> | undefined;
    const returnUrl = settings?.deep_link_return_url;
    if (typeof returnUrl !== "string" || !URL.canParse(returnUrl) || !/^https?:/.test(returnUrl)) {
      return fail("the deep linking request has no deep_link_return_url");
    }
    const accepts = settings?.accept_types;
    if (!Array.isArray(accepts) || !accepts.includes("ltiResourceLink")) {
      return fail("the deep linking request does not accept ltiResourceLink items, the only kind this tool offers");
    }
    const data = settings?.data;
    if (data !== undefined && (typeof data !== "string" || data.length > MAX_HINT_CHARS)) {
      return fail(`the deep linking request's data must be a string of at most ${MAX_HINT_CHARS} characters`);
    }
    return {
      ok: true,
      value: {
        ...common,
        type: "LtiDeepLinkingRequest",
        deepLinking: { returnUrl, acceptMultiple: settings?.accept_multiple === true, ...(data ? { data } : {}) },
      },
    };
  }
  const link = claim("resource_link") as { id?: unknown; title?: unknown } | undefined;
  if (typeof link?.id !== "string" || !link.id || link.id.length > MAX_ID_CHARS) {
    return fail("the launch has no resource_link id");
  }
  const ags = payload[AGS_ENDPOINT_CLAIM] as { lineitem?: unknown } | undefined;
  return {
    ok: true,
    value: {
      ...common,
      type: "LtiResourceLinkRequest",
      resourceLink: { id: link.id, ...(typeof link.title === "string" ? { title: link.title } : {}) },
      ...(typeof ags?.lineitem === "string" && URL.canParse(ags.lineitem) ? { lineItemUrl: ags.lineitem } : {}),
    },
  };
}

/** Whether the user takes the launch as a student: a Learner, or a user the platform gives no role. */
export function isLearner(roles: readonly string[]): boolean {
  return roles.length === 0 || roles.some((r) => LEARNER_ROLES.includes(r));
}

/** Whether the user may place the tool's assignments in the LMS. */
export function isInstructor(roles: readonly string[]): boolean {
  return roles.some((r) => INSTRUCTOR_ROLE.test(r));
}

// ---------------------------------------------------------------------------------------------
// Deep linking

/** What an instructor is choosing for: signed, so the choice posted back cannot be redirected. */
export interface DeepLinkSession {
  integrationId: string;
  /** The instructor (the platform's `sub`), for the audit log. */
  user: string;
  /** Whether the LMS takes several items (`accept_multiple`). */
  multiple: boolean;
  deploymentId: string;
  returnUrl: string;
  data?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** An instructor has an hour to choose. */
export const DEEP_LINK_SESSION_SECONDS = 3600;

export async function signDeepLinkSession(secret: string, s: DeepLinkSession): Promise<string> {
  const payload = tokenPayload({
    i: s.integrationId,
    u: s.user,
    m: s.multiple,
    p: s.deploymentId,
    r: s.returnUrl,
    d: s.data,
    e: s.exp,
  });
  return `${payload}.${await hmacSign(secret, `lti-deep-link:${payload}`)}`;
}

/** The session a token carries, when it is ours and unaltered (its expiry is the caller's to check). */
export async function readDeepLinkSession(secret: string, token: string): Promise<DeepLinkSession | undefined> {
  const opened = openToken(token, 8192);
  if (!opened || !(await hmacVerify(secret, `lti-deep-link:${opened.payload}`, opened.signature))) return undefined;
  const o = opened.claims;
  if (
    typeof o.i !== "string" ||
    typeof o.u !== "string" ||
    typeof o.p !== "string" ||
    typeof o.r !== "string" ||
    typeof o.e !== "number"
  ) {
    return undefined;
  }
  return {
    integrationId: o.i,
    user: o.u,
    multiple: o.m === true,
    deploymentId: o.p,
    returnUrl: o.r,
    ...(typeof o.d === "string" ? { data: o.d } : {}),
    exp: o.e,
  };
}

/** A content item of Deep Linking 2.0 (section 3.1): a link that launches one assignment. */
export interface ResourceLinkItem {
  type: "ltiResourceLink";
  title: string;
  url: string;
  custom: Record<string, string>;
  lineItem?: { scoreMaximum: number; label: string; resourceId: string };
}

/** The LtiDeepLinkingResponse (section 4.5): signed with the tool's key, addressed to the platform. */
export async function deepLinkingResponse(
  key: { kid: string; privateJwk: JWK },
  r: { clientId: string; issuer: string; deploymentId: string; data?: string; items: ResourceLinkItem[]; now: Date },
): Promise<string> {
  const iat = Math.floor(r.now.getTime() / 1000);
  return new SignJWT({
    nonce: randomToken(16),
    [`${LTI_CLAIM}/message_type`]: "LtiDeepLinkingResponse",
    [`${LTI_CLAIM}/version`]: "1.3.0",
    [`${LTI_CLAIM}/deployment_id`]: r.deploymentId,
    [`${DEEP_LINKING_CLAIM}/content_items`]: r.items,
    ...(r.data !== undefined ? { [`${DEEP_LINKING_CLAIM}/data`]: r.data } : {}),
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setIssuer(r.clientId)
    .setAudience(r.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(await importJWK(key.privateJwk, "RS256"));
}

function stringValues(v: unknown): Record<string, string> {
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) if (typeof value === "string") out[k] = value;
  return out;
}

/** jose's reason, in words a platform administrator can act on. */
function jwtError(e: unknown): string {
  if (e instanceof errors.JWTExpired) return "it has expired";
  if (e instanceof errors.JWTClaimValidationFailed) return `its ${e.claim} claim is not valid (${e.reason})`;
  if (e instanceof errors.JWSSignatureVerificationFailed) return "its signature does not verify";
  if (e instanceof errors.JWKSNoMatchingKey) return "no key of the platform's key set matches it";
  if (e instanceof errors.JWKSTimeout) return "the platform's key set did not answer in time";
  if (e instanceof errors.JOSEAlgNotAllowed) return "it is not signed with RS256";
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return "it is not a well-formed JWT";
  return e instanceof Error ? e.message : String(e);
}
