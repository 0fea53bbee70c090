/**
 * An LTI 1.3 platform (the LMS side) on loopback, strict where the specs are: the token
 * endpoint of the 1EdTech Security Framework (client-credentials grant with a JWT assertion,
 * RFC 7523), the AGS 2.0 score service, and resource-link launches (LTI 1.3 Core 4.1 and 5.1:
 * OIDC third-party-initiated login, then an id_token posted to the tool by form_post, signed
 * with the platform key its JWKS publishes). Tests register a tool, create line items, start
 * launches, then read back the scores it accepted and the log of every request it saw; they
 * can also make the next requests fail (a status, or a dropped connection) to exercise retries,
 * and sign id_tokens of their own to try forgeries on the tool. Deep Linking 2.0 works the same
 * way: an instructor's content-selection launch (LtiDeepLinkingRequest), then the tool's signed
 * LtiDeepLinkingResponse posted back to the return URL, whose resource links (and line items)
 * the platform creates and tests launch students into.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from "jose";

export const AGS_SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
} as const;

/** Claim names of LTI 1.3 Core section 5, the AGS endpoint claim and Deep Linking 2.0 (4.4, 4.5). */
export const LTI_CLAIMS = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  agsEndpoint: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  deepLinkingMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  deepLinkingLog: "https://purl.imsglobal.org/spec/lti-dl/claim/log",
  deepLinkingErrorMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
  deepLinkingErrorLog: "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog",
} as const;

export const LTI_ROLES = {
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
} as const;

/** OpenID Connect leaves the id_token lifetime to the provider; five minutes covers one launch. */
export const ID_TOKEN_LIFETIME_SECONDS = 300;

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
const FORM_TYPE = "application/x-www-form-urlencoded";
const DEEP_LINK_RETURN_PATH = "/deep-linking/return";
/** The content item types and presentation targets this platform offers in its settings claim. */
const DEEP_LINK_ACCEPT_TYPES: readonly string[] = ["ltiResourceLink"];
const DEEP_LINK_PRESENTATION_TARGETS: readonly string[] = ["iframe", "window"];

export interface ToolRegistration {
  clientId: string;
  /** The tool's public key, or the URL of its JWKS (fetched by the platform). */
  publicJwk?: JWK;
  jwksUrl?: string;
  /** Scopes the platform will grant this tool; all AGS scopes unless narrowed. */
  scopes?: readonly string[];
  /** The deployment of the tool launches carry; "1" unless given. */
  deploymentId?: string;
  /** The tool's launch URLs: the only places the auth endpoint posts an id_token to. */
  redirectUris?: string[];
  /** The tool's OIDC login initiation URL, where `launchUrl` sends the user first. */
  loginUrl?: string;
}

/** A resource-link launch as an LMS starts it: who, from which link, in which course. */
export interface LaunchOptions {
  clientId: string;
  /** `roles` defaults to the Learner membership role. */
  user: { sub: string; name?: string; email?: string; roles?: string[] };
  resourceLink: { id: string; title?: string };
  context?: { id: string; title?: string };
  custom?: Record<string, string>;
  /** Adds the AGS endpoint claim with this line item and the AGS scopes. */
  lineItemUrl?: string;
  /** The tool's first redirect URI unless given. */
  targetLinkUri?: string;
}

/** An instructor's content-selection launch (Deep Linking 2.0 section 4.4). */
export interface DeepLinkingOptions {
  clientId: string;
  /** `roles` defaults to the Instructor membership role. */
  user: { sub: string; name?: string; roles?: string[] };
  context?: { id: string; title?: string };
  /** Whether the tool may return more than one content item; false unless given. */
  acceptMultiple?: boolean;
  /** The opaque value the response must echo; a fresh random string unless given. */
  data?: string;
  /** The tool's first redirect URI unless given. */
  targetLinkUri?: string;
}

/** A resource link the platform created from an accepted deep linking response. */
export interface DeepLinkRecord {
  clientId: string;
  /** The content item as the tool sent it. */
  item: Record<string, unknown>;
  /** The id the platform gave the new link, for the resource_link claim of its launches. */
  resourceLinkId: string;
  /** The line item created for the link, when the item asked for one. */
  lineItemUrl?: string;
}

export interface SignIdTokenOptions {
  /**
   * "platform" (the default) signs with the key the JWKS publishes; "foreign" with a key pair
   * the platform never publishes, under the platform's `kid` unless `kid` says otherwise, so a
   * tool that picks the key by `kid` but skips the signature check is caught.
   */
  key?: "platform" | "foreign";
  kid?: string;
}

export type Endpoint = "token" | "scores" | "auth" | "jwks" | "deep-linking" | "other";

export interface LoggedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  endpoint: Endpoint;
  contentType: string | undefined;
  /** The response status, or "dropped" when an injected failure closed the connection. */
  status: number | "dropped";
  /** The OAuth error code or the reason a score or launch was refused, for assertions on why. */
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
  /** The `iss` of the platform's id_tokens; equal to `url`. */
  readonly issuer: string;
  /** The OIDC authorization endpoint (GET or form POST). */
  readonly authUrl: string;
  /** The platform's public keys, `{ keys: [...] }`. */
  readonly jwksUrl: string;
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
  /**
   * Starts a resource-link launch: the tool's login initiation URL (GET form) carrying `iss`,
   * `login_hint`, `target_link_uri`, `lti_message_hint`, `client_id` and `lti_deployment_id`.
   * The `lti_message_hint` is fresh and good for one authentication request.
   */
  launchUrl(opts: LaunchOptions): string;
  /** Signs `claims` exactly as given (header `alg` RS256, `kid`, `typ` JWT). */
  signIdToken(claims: Record<string, unknown>, opts?: SignIdTokenOptions): Promise<string>;
  /**
   * The id_token the auth endpoint would post for this launch and nonce, with `overrides`
   * applied on top of its claims (a key set to `undefined` removes that claim).
   */
  idTokenFor(opts: LaunchOptions & { nonce: string }, overrides?: Record<string, unknown>): Promise<string>;
  /**
   * Starts a deep linking launch the way `launchUrl` starts a resource-link one; the id_token
   * the auth endpoint then posts is an LtiDeepLinkingRequest whose `data` the response must echo.
   */
  deepLinkingUrl(opts: DeepLinkingOptions): string;
  /**
   * `idTokenFor` for a deep linking launch. The request counts as issued: its `data` (the one
   * given, or a fresh one read back from the token) is good for one response.
   */
  deepLinkingIdTokenFor(
    opts: DeepLinkingOptions & { nonce: string },
    overrides?: Record<string, unknown>,
  ): Promise<string>;
  /** The resource links created from accepted deep linking responses, in order. */
  deepLinks(): DeepLinkRecord[];
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** The platform's clock for assertion and token expiry; the real one by default. */
  now?: () => Date;
  tokenLifetimeSeconds?: number;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

interface PendingLaunch {
  clientId: string;
  loginHint: string;
  used: boolean;
  /** The id_token claims for the nonce of the authentication request. */
  claims(nonce: string): Record<string, unknown>;
}

/** A deep linking request the platform issued, until a response spends its `data`. */
interface DeepLinkingRequest {
  clientId: string;
  data: string;
  acceptMultiple: boolean;
  used: boolean;
}

interface IssuedToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

interface Reply {
  status: number;
  body?: unknown;
  /** An HTML page instead of a JSON body. */
  html?: string;
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
  const launches = new Map<string, PendingLaunch>(); // lti_message_hint -> launch
  const deepLinkingRequests: DeepLinkingRequest[] = [];
  const links: DeepLinkRecord[] = [];
  const platformKey = await newSigningKey();
  // Only forgery tests need the unpublished key; RSA generation is slow enough to defer.
  let foreignKey: Promise<SigningKey> | undefined;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: "server_error", error_description: String(e) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? "/";
    const url = new URL(path, "http://platform.invalid");
    const endpoint: Endpoint =
      url.pathname === "/token"
        ? "token"
        : /^\/lineitems\/[^/]+\/scores$/.test(url.pathname)
          ? "scores"
          : url.pathname === "/auth"
            ? "auth"
            : url.pathname === JWKS_PATH
              ? "jwks"
              : url.pathname === DEEP_LINK_RETURN_PATH
                ? "deep-linking"
                : "other";
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
    else if (endpoint === "auth") {
      reply =
        req.method === "GET"
          ? await authorize(url.searchParams)
          : req.method === "POST"
            ? mediaType(req) === FORM_TYPE
              ? await authorize(new URLSearchParams(body))
              : oauth(400, "invalid_request", "a POST authentication request must be application/x-www-form-urlencoded")
            : methodNotAllowed("GET, POST");
    } else if (endpoint === "jwks") {
      reply = req.method === "GET" ? { status: 200, body: { keys: [platformKey.publicJwk] } } : methodNotAllowed("GET");
    } else if (endpoint === "deep-linking") {
      reply = req.method === "POST" ? await deepLinkingReturn(req, body) : methodNotAllowed();
    } else reply = { status: 404, body: { error: "not found" }, error: "not_found" };
    finish(res, entry, reply);
  }

  // ---- token endpoint (RFC 6749 section 4.4, RFC 7523, 1EdTech Security Framework 4.1) ----

  async function token(req: IncomingMessage, body: string): Promise<Reply> {
    if (mediaType(req) !== FORM_TYPE) {
      return oauth(400, "invalid_request", `the token request must be ${FORM_TYPE}`);
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

  function methodNotAllowed(allow = "POST"): Reply {
    return { status: 405, headers: { allow }, body: { error: "method not allowed" }, error: "method" };
  }

  // ---- OIDC authorization endpoint (Security Framework 5.1.1.2 to 5.1.1.4, LTI Core 5.1) ----

  async function authorize(params: URLSearchParams): Promise<Reply> {
    const param = (name: string) => params.get(name) ?? undefined;
    if (param("scope") !== "openid") return oauth(400, "invalid_scope", "scope must be openid");
    if (param("response_type") !== "id_token") {
      return oauth(400, "unsupported_response_type", "response_type must be id_token");
    }
    if (param("response_mode") !== "form_post") return oauth(400, "invalid_request", "response_mode must be form_post");
    if (param("prompt") !== "none") return oauth(400, "invalid_request", "prompt must be none");
    const clientId = param("client_id");
    const tool = clientId === undefined ? undefined : tools.get(clientId);
    if (!tool || clientId === undefined) return oauth(400, "unauthorized_client", "unknown client_id");
    // An unregistered redirect_uri is answered here and never posted to (RFC 6749 4.1.2.1).
    const redirectUri = param("redirect_uri");
    if (redirectUri === undefined || !(tool.registration.redirectUris ?? []).includes(redirectUri)) {
      return oauth(400, "invalid_request", "redirect_uri is not registered for this client");
    }
    const messageHint = param("lti_message_hint");
    const pending = messageHint === undefined ? undefined : launches.get(messageHint);
    if (!pending || pending.clientId !== clientId) {
      return oauth(400, "invalid_request", "lti_message_hint names no launch of this client");
    }
    if (pending.used) return oauth(400, "invalid_request", "lti_message_hint was already used");
    // The platform's signed-in user is the one the launch was started for; prompt=none means
    // it cannot ask anyone to sign in as somebody else.
    if (param("login_hint") !== pending.loginHint) {
      return oauth(400, "login_required", "login_hint is not the user this launch was started for");
    }
    const state = param("state");
    if (!state) return oauth(400, "invalid_request", "state is missing");
    const nonce = param("nonce");
    if (!nonce) return oauth(400, "invalid_request", "nonce is missing");

    pending.used = true;
    const idToken = await sign(pending.claims(nonce), platformKey, platformKey.kid);
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      html: formPostPage(redirectUri, { id_token: idToken, state }),
    };
  }

  function registered(clientId: string): ToolRegistration {
    const tool = tools.get(clientId);
    if (!tool) throw new Error(`no tool is registered as ${clientId}`);
    return tool.registration;
  }

  function targetLinkUri(launch: { clientId: string; targetLinkUri?: string }): string {
    const target = launch.targetLinkUri ?? registered(launch.clientId).redirectUris?.[0];
    if (!target) throw new Error(`give targetLinkUri or register redirectUris for ${launch.clientId}`);
    return target;
  }

  /**
   * The tool's login initiation URL (GET form) for a launch of `user`, under a fresh
   * `lti_message_hint` whose authentication request gets the id_token `claims` build.
   */
  function startLogin(
    launch: { clientId: string; user: { sub: string }; targetLinkUri?: string },
    claims: (nonce: string) => Record<string, unknown>,
  ): string {
    const registration = registered(launch.clientId);
    if (!registration.loginUrl) throw new Error(`register a loginUrl for ${launch.clientId} to launch it`);
    const messageHint = randomBytes(16).toString("base64url");
    const loginHint = launch.user.sub;
    launches.set(messageHint, { clientId: launch.clientId, loginHint, used: false, claims });
    const login = new URL(registration.loginUrl);
    login.searchParams.set("iss", issuer);
    login.searchParams.set("login_hint", loginHint);
    login.searchParams.set("target_link_uri", targetLinkUri(launch));
    login.searchParams.set("lti_message_hint", messageHint);
    login.searchParams.set("client_id", launch.clientId);
    login.searchParams.set("lti_deployment_id", registration.deploymentId ?? "1");
    return login.href;
  }

  /** The claims every launch message carries, up to its target_link_uri (OIDC Core 2, LTI Core 5.1). */
  function messageClaims(
    launch: { clientId: string; user: { sub: string; name?: string; email?: string }; targetLinkUri?: string },
    nonce: string,
    messageType: string,
  ): Record<string, unknown> {
    const registration = registered(launch.clientId);
    const iat = Math.floor(now().getTime() / 1000);
    const { user } = launch;
    return {
      iss: issuer,
      aud: launch.clientId,
      azp: launch.clientId,
      sub: user.sub,
      iat,
      exp: iat + ID_TOKEN_LIFETIME_SECONDS,
      nonce,
      ...(user.name !== undefined ? { name: user.name } : {}),
      ...(user.email !== undefined ? { email: user.email } : {}),
      [LTI_CLAIMS.messageType]: messageType,
      [LTI_CLAIMS.version]: "1.3.0",
      [LTI_CLAIMS.deploymentId]: registration.deploymentId ?? "1",
      [LTI_CLAIMS.targetLinkUri]: targetLinkUri(launch),
    };
  }

  function contextClaim(context: { id: string; title?: string } | undefined): Record<string, unknown> {
    return context
      ? { [LTI_CLAIMS.context]: { id: context.id, ...(context.title !== undefined ? { title: context.title } : {}) } }
      : {};
  }

  /** The id_token claims of a resource-link launch (OIDC Core 2, LTI Core 5.1 and 5.3, AGS 3.1). */
  function launchClaims(launch: LaunchOptions, nonce: string): Record<string, unknown> {
    const { user, resourceLink, context, custom, lineItemUrl } = launch;
    return {
      ...messageClaims(launch, nonce, "LtiResourceLinkRequest"),
      [LTI_CLAIMS.resourceLink]: {
        id: resourceLink.id,
        ...(resourceLink.title !== undefined ? { title: resourceLink.title } : {}),
      },
      [LTI_CLAIMS.roles]: user.roles ?? [LTI_ROLES.learner],
      ...contextClaim(context),
      ...(custom ? { [LTI_CLAIMS.custom]: { ...custom } } : {}),
      ...(lineItemUrl !== undefined
        ? {
            [LTI_CLAIMS.agsEndpoint]: {
              scope: [AGS_SCOPES.lineItem, AGS_SCOPES.resultReadOnly, AGS_SCOPES.score],
              lineitem: lineItemUrl,
            },
          }
        : {}),
    };
  }

  /**
   * The id_token claims of a deep linking request (Deep Linking 2.0 section 4.4): no
   * resource_link, and the settings the response is held to.
   */
  function deepLinkingClaims(opts: DeepLinkingOptions & { data: string }, nonce: string): Record<string, unknown> {
    return {
      ...messageClaims(opts, nonce, "LtiDeepLinkingRequest"),
      [LTI_CLAIMS.roles]: opts.user.roles ?? [LTI_ROLES.instructor],
      ...contextClaim(opts.context),
      [LTI_CLAIMS.deepLinkingSettings]: {
        deep_link_return_url: `${url}${DEEP_LINK_RETURN_PATH}`,
        accept_types: [...DEEP_LINK_ACCEPT_TYPES],
        accept_presentation_document_targets: [...DEEP_LINK_PRESENTATION_TARGETS],
        accept_multiple: opts.acceptMultiple ?? false,
        auto_create: true,
        data: opts.data,
      },
    };
  }

  /** Records a deep linking request as issued: its `data` is now good for one response. */
  function issueDeepLinkingRequest(opts: DeepLinkingOptions): DeepLinkingOptions & { data: string } {
    registered(opts.clientId);
    const request = { ...structuredClone(opts), data: opts.data ?? randomBytes(16).toString("base64url") };
    deepLinkingRequests.push({
      clientId: opts.clientId,
      data: request.data,
      acceptMultiple: opts.acceptMultiple ?? false,
      used: false,
    });
    return request;
  }

  function createLineItem(id: string, query: string): string {
    lineItems.set(id, { query });
    return `${url}/lineitems/${encodeURIComponent(id)}${query ? `?${query}` : ""}`;
  }

  // ---- deep linking return (Deep Linking 2.0 sections 2.2, 3 and 4.5) ----

  async function deepLinkingReturn(req: IncomingMessage, body: string): Promise<Reply> {
    if (mediaType(req) !== FORM_TYPE) {
      return oauth(400, "invalid_request", `the deep linking response must be posted as ${FORM_TYPE}`);
    }
    const jwt = new URLSearchParams(body).get("JWT");
    if (!jwt) return oauth(400, "invalid_request", "the JWT field is missing");

    // The issuer names the tool whose key checks the signature; nothing else is trusted yet.
    let clientId: unknown;
    let kid: unknown;
    try {
      clientId = decodeJwt(jwt).iss;
      kid = decodeProtectedHeader(jwt).kid;
    } catch {
      return oauth(400, "invalid_request", "the JWT field is not a JWT");
    }
    const tool = typeof clientId === "string" ? tools.get(clientId) : undefined;
    if (!tool || typeof clientId !== "string") return oauth(400, "invalid_client", "iss names no registered tool");
    if (typeof kid !== "string") return oauth(400, "invalid_signature", "the JWT header names no kid");

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(jwt, tool.keys, {
        algorithms: ["RS256"],
        issuer: clientId,
        audience: issuer,
        requiredClaims: ["iat", "exp", "nonce"],
        // Also refuses an iat in the future, which jose checks only with a maximum age.
        maxTokenAge: MAX_ASSERTION_LIFETIME_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now(),
      }));
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const claimFailed = code === "ERR_JWT_EXPIRED" || code === "ERR_JWT_CLAIM_VALIDATION_FAILED";
      return oauth(400, claimFailed ? "invalid_token" : "invalid_signature", `JWT rejected: ${(e as Error).message}`);
    }
    if (typeof claims.nonce !== "string" || claims.nonce === "") {
      return oauth(400, "invalid_token", "nonce must be a non-empty string");
    }

    const messageType = claims[LTI_CLAIMS.messageType];
    if (messageType !== "LtiDeepLinkingResponse") {
      return oauth(
        400,
        "invalid_message",
        `message_type is ${JSON.stringify(messageType)}, not LtiDeepLinkingResponse`,
      );
    }
    if (claims[LTI_CLAIMS.version] !== "1.3.0") return oauth(400, "invalid_message", "version must be 1.3.0");
    if (claims[LTI_CLAIMS.deploymentId] !== (tool.registration.deploymentId ?? "1")) {
      return oauth(400, "invalid_message", "deployment_id is not this tool's deployment");
    }
    for (const name of [
      LTI_CLAIMS.deepLinkingMsg,
      LTI_CLAIMS.deepLinkingLog,
      LTI_CLAIMS.deepLinkingErrorMsg,
      LTI_CLAIMS.deepLinkingErrorLog,
    ]) {
      if (claims[name] !== undefined && typeof claims[name] !== "string") {
        return oauth(400, "invalid_message", `${name.slice(name.lastIndexOf("/") + 1)} must be a string`);
      }
    }

    // Every request this platform issues carries data, so every response must return it.
    const data = claims[LTI_CLAIMS.deepLinkingData];
    const issued = deepLinkingRequests.filter((r) => r.clientId === clientId && r.data === data);
    const request = issued.find((r) => !r.used);
    if (!request) {
      const why = typeof data !== "string" ? "is missing" : issued.length > 0 ? "was already used" : "was never issued";
      return oauth(400, "invalid_data", `data ${why} for a deep linking request of this tool`);
    }

    // An absent content_items claim is an empty selection.
    const items = claims[LTI_CLAIMS.contentItems] ?? [];
    if (!Array.isArray(items)) return oauth(400, "invalid_content_items", "content_items must be an array");
    if (items.length > 1 && !request.acceptMultiple) {
      return oauth(400, "invalid_content_items", `${items.length} content items, but accept_multiple was false`);
    }
    const errors = items.flatMap((item, index) => contentItemErrors(item, index));
    if (errors.length > 0) return oauth(400, "invalid_content_items", errors.join("; "));

    // Only a response that is accepted whole spends the data.
    request.used = true;
    for (const item of items as Record<string, unknown>[]) {
      const resourceLinkId = randomBytes(12).toString("base64url");
      links.push({
        clientId,
        item: structuredClone(item),
        resourceLinkId,
        ...(item.lineItem !== undefined ? { lineItemUrl: createLineItem(`dl-${resourceLinkId}`, "") } : {}),
      });
    }
    return {
      status: 200,
      html: deepLinkingDonePage(
        items.length,
        [claims[LTI_CLAIMS.deepLinkingMsg], claims[LTI_CLAIMS.deepLinkingErrorMsg]].filter(
          (m): m is string => typeof m === "string",
        ),
      ),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUrl = `${url}/token`;
  const issuer = url;

  return {
    url,
    tokenUrl,
    issuer,
    authUrl: `${url}/auth`,
    jwksUrl: `${url}${JWKS_PATH}`,
    requests: log,
    registerTool(registration) {
      if (!registration.publicJwk === !registration.jwksUrl) throw new Error("give exactly one of publicJwk, jwksUrl");
      const keys = registration.publicJwk
        ? createLocalJWKSet({ keys: [registration.publicJwk] })
        : createRemoteJWKSet(new URL(registration.jwksUrl as string));
      tools.set(registration.clientId, { registration, keys });
    },
    launchUrl(opts) {
      const launch = structuredClone(opts);
      return startLogin(launch, (nonce) => launchClaims(launch, nonce));
    },
    deepLinkingUrl(opts) {
      const request = issueDeepLinkingRequest(opts);
      return startLogin(request, (nonce) => deepLinkingClaims(request, nonce));
    },
    async signIdToken(claims, { key = "platform", kid } = {}) {
      if (key === "platform") return sign(claims, platformKey, kid ?? platformKey.kid);
      foreignKey ??= newSigningKey();
      return sign(claims, await foreignKey, kid ?? platformKey.kid);
    },
    idTokenFor({ nonce, ...launch }, overrides = {}) {
      return sign(withOverrides(launchClaims(launch, nonce), overrides), platformKey, platformKey.kid);
    },
    deepLinkingIdTokenFor({ nonce, ...opts }, overrides = {}) {
      const claims = deepLinkingClaims(issueDeepLinkingRequest(opts), nonce);
      return sign(withOverrides(claims, overrides), platformKey, platformKey.kid);
    },
    deepLinks: () => links.slice(),
    createLineItem: (id, { query = "" } = {}) => createLineItem(id, query),
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

const JWKS_PATH = "/.well-known/jwks.json";

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: "RS256", use: "sig" } };
}

/** `claims` with `overrides` applied; a key set to `undefined` removes that claim. */
function withOverrides(claims: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}

function sign(claims: Record<string, unknown>, key: SigningKey, kid: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key.privateKey);
}

/**
 * The form_post response (OAuth 2.0 Form Post Response Mode): a page whose form posts the
 * fields to the tool by itself, with a button for browsers that run no script.
 */
function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Launching</title></head>
<body>
<form id="lti-launch" method="post" action="${escapeHtml(action)}" enctype="application/x-www-form-urlencoded">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById("lti-launch").submit();</script>
</body>
</html>
`;
}

/** What the instructor sees after the tool returns a selection, with its messages (4.5). */
function deepLinkingDonePage(count: number, messages: string[]): string {
  const paragraphs = [`Added ${count} item(s)`, ...messages].map((m) => `<p>${escapeHtml(m)}</p>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Content added</title></head>
<body>
${paragraphs}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
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

/**
 * Field errors in one content item of a deep linking response, with the field named. Only
 * `type` is required of an ltiResourceLink (Deep Linking 2.0 section 3.2): without `url` the
 * link launches the tool's default URL, and a line item's `label` falls back to the title.
 */
function contentItemErrors(item: unknown, index: number): string[] {
  const at = `content_items[${index}]`;
  if (!isObject(item)) return [`${at}: an object`];
  if (typeof item.type !== "string") return [`${at}.type: required, a string`];
  if (!DEEP_LINK_ACCEPT_TYPES.includes(item.type)) {
    return [`${at}.type: ${item.type} is not among accept_types (${DEEP_LINK_ACCEPT_TYPES.join(", ")})`];
  }
  const errors: string[] = [];
  const string = (value: unknown, field: string) => {
    if (value !== undefined && typeof value !== "string") errors.push(`${at}.${field}: a string`);
  };
  const dimensions = (value: Record<string, unknown>, field: string) => {
    for (const side of ["width", "height"]) {
      const n = value[side];
      if (n !== undefined && !(Number.isInteger(n) && (n as number) > 0)) {
        errors.push(`${at}.${field}.${side}: a positive integer`);
      }
    }
  };
  const object = (value: unknown, field: string): value is Record<string, unknown> => {
    if (value === undefined) return false;
    if (isObject(value)) return true;
    errors.push(`${at}.${field}: an object`);
    return false;
  };

  string(item.url, "url");
  if (typeof item.url === "string" && !/^https?:$/.test(URL.parse(item.url)?.protocol ?? "")) {
    errors.push(`${at}.url: an absolute http(s) URL`);
  }
  string(item.title, "title");
  string(item.text, "text");
  for (const field of ["icon", "thumbnail"]) {
    const image = item[field];
    if (!object(image, field)) continue;
    if (typeof image.url !== "string") errors.push(`${at}.${field}.url: required, a string`);
    dimensions(image, field);
  }
  if (object(item.window, "window")) {
    string(item.window.targetName, "window.targetName");
    string(item.window.windowFeatures, "window.windowFeatures");
    dimensions(item.window, "window");
  }
  if (object(item.iframe, "iframe")) dimensions(item.iframe, "iframe");
  if (object(item.custom, "custom")) {
    for (const [name, value] of Object.entries(item.custom)) string(value, `custom.${name}`);
  }
  if (object(item.lineItem, "lineItem")) {
    const { scoreMaximum, label, resourceId, tag, gradesReleased } = item.lineItem;
    if (!(typeof scoreMaximum === "number" && Number.isFinite(scoreMaximum) && scoreMaximum > 0)) {
      errors.push(`${at}.lineItem.scoreMaximum: required, a number > 0`);
    }
    string(label, "lineItem.label");
    string(resourceId, "lineItem.resourceId");
    string(tag, "lineItem.tag");
    if (gradesReleased !== undefined && typeof gradesReleased !== "boolean") {
      errors.push(`${at}.lineItem.gradesReleased: a boolean`);
    }
  }
  for (const field of ["available", "submission"]) {
    const window = item[field];
    if (!object(window, field)) continue;
    for (const bound of ["startDateTime", "endDateTime"]) {
      const value = window[bound];
      if (value !== undefined && !(typeof value === "string" && !Number.isNaN(Date.parse(value)))) {
        errors.push(`${at}.${field}.${bound}: an ISO 8601 date-time`);
      }
    }
  }
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
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
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { "content-type": "text/html; charset=utf-8", ...reply.headers });
    res.end(reply.html);
    return;
  }
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

/** HTML text as a browser reads it (the inverse of the escaping pages apply). */
export function unescapeHtml(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** A page's first form: its attributes and hidden fields, as a browser would read them. */
export function parseForm(html: string) {
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
