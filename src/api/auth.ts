/**
 * API key authentication, roles and per-key rate limits for /api/v1. A key is `lg_` plus 32
 * random characters, shown once; the database keeps its SHA-256 and its first 11 characters.
 */
import type { MiddlewareHandler } from "hono";
import { countRequest } from "../db/repos/ops.ts";
import { type ApiKey, activeKeyActingAsTenant, keys, type Role } from "../db/repos/tenants.ts";
import { withSystem } from "../db/tenant.ts";
import type { Tx } from "../db/types.ts";
import { type AppEnv, type Ctx, setResponseHeader } from "./context.ts";
import { randomToken, sha256Hex } from "./crypto.ts";
import { ApiError } from "./errors.ts";

export const KEY_PREFIX_LENGTH = 11;

export async function newApiKey(): Promise<{ key: string; prefix: string; hash: string }> {
  const key = `lg_${randomToken(24)}`;
  return { key, prefix: key.slice(0, KEY_PREFIX_LENGTH), hash: await sha256Hex(key) };
}

const KEY_RE = /^lg_[A-Za-z0-9_-]{32}$/;
/** lastUsedAt is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

/** A key presented with a request, ready to be looked up. */
export interface PresentedKey {
  hash: string;
  roles: Role[];
  now: Date;
  windowStart: Date;
}

/** What authentication's statements found: the key (if active) and the requests counted in its window. */
export interface KeyLookup {
  key: ApiKey | undefined;
  count: number;
}

const challenge = { "www-authenticate": 'Bearer realm="labgrader"' };

/** Reads the bearer key off the request (401 when there is none, or it is not a labgrader key). */
async function presentedKey(c: Ctx, roles: Role[]): Promise<PresentedKey> {
  const header = c.req.header("authorization");
  if (!header)
    throw new ApiError("unauthenticated", "send an API key: Authorization: Bearer lg_...", { headers: challenge });
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m || !KEY_RE.test(m[1])) {
    throw new ApiError("unauthenticated", "the Authorization header is not a labgrader API key (Bearer lg_...)", {
      headers: challenge,
    });
  }
  const now = c.var.deps.now();
  return {
    hash: await sha256Hex(m[1]),
    roles,
    now,
    windowStart: new Date(Math.floor(now.getTime() / 60_000) * 60_000),
  };
}

const allowed = (key: ApiKey, roles: Role[]) => key.role === "admin" || roles.includes(key.role);

/**
 * Authentication's statements, in a transaction that is in the system context: the key is found
 * by its hash, the rest of the transaction continues as the key's tenant, and a key the route
 * admits has its request counted (and its last use refreshed now and then).
 */
export async function lookUpKey(tx: Tx, k: PresentedKey): Promise<KeyLookup> {
  const key = await activeKeyActingAsTenant(tx, k.hash);
  if (!key || !allowed(key, k.roles)) return { key, count: 0 };
  if (!key.lastUsedAt || k.now.getTime() - key.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await keys(tx, key.tenantId).touch(key.id, k.now);
  }
  return { key, count: await countRequest(tx, key.tenantId, `key:${key.id}`, k.windowStart) };
}

/**
 * What a lookup means for the request: the key and its tenant are the request's, or the request
 * is refused (401, 403, 429). Returns the rate-limit headers the response carries.
 */
function admit(c: Ctx, k: PresentedKey, { key, count }: KeyLookup): Record<string, string> {
  if (!key) throw new ApiError("unauthenticated", "the API key is not valid or was revoked", { headers: challenge });
  c.set("tenantId", key.tenantId);
  c.set("key", key);
  if (!allowed(key, k.roles)) {
    throw new ApiError("forbidden", `this route needs an API key with the role ${k.roles.join(" or ")}`);
  }
  const limit = c.var.deps.config.rateLimitPerMinute;
  const reset = Math.ceil((k.windowStart.getTime() + 60_000 - k.now.getTime()) / 1000);
  const rl = {
    "ratelimit-limit": String(limit),
    "ratelimit-remaining": String(Math.max(0, limit - count)),
    "ratelimit-reset": String(reset),
  };
  if (count > limit) {
    throw new ApiError("rate_limited", `this API key may make ${limit} requests per minute`, {
      headers: { ...rl, "retry-after": String(reset) },
    });
  }
  return rl;
}

/** Authenticates the bearer key; `roles` limits the route to those roles (admin passes everything). */
export function requireKey(roles: Role[] = ["admin", "instructor"]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const k = await presentedKey(c, roles);
    // One transaction per request for authentication and the rate limit: the key is found in
    // the system context, then the same transaction continues as the key's tenant.
    const rl = admit(c, k, await withSystem(c.var.db(), (tx) => lookUpKey(tx, k)));
    await next();
    for (const [name, value] of Object.entries(rl)) setResponseHeader(c, name, value);
  };
}

/**
 * Authentication left to a route: `lookUp` runs its statements in the route's transaction (begun
 * in the system context), `admit` judges what they found: the request's key, or its refusal
 * thrown, which the route answers once that transaction is committed (the request stays counted).
 */
export interface DeferredKey {
  lookUp(tx: Tx): Promise<KeyLookup>;
  /** The request's key, or its refusal thrown. */
  admit(found: KeyLookup): ApiKey;
}

/**
 * `requireKey` for a route that opens with a transaction of its own (storing a submission): the
 * header is checked here, and the key's statements are left to `c.var.deferredKey`, so that one
 * transaction authenticates, counts and stores. A request with an Idempotency-Key is
 * authenticated here as by `requireKey`: its record is read, by tenant, before the route runs.
 */
export function requireKeyInRoute(roles: Role[] = ["admin", "instructor"]): MiddlewareHandler<AppEnv> {
  const immediate = requireKey(roles);
  return async (c, next) => {
    if (c.req.header("idempotency-key") !== undefined) return immediate(c, next);
    const k = await presentedKey(c, roles);
    let rl: Record<string, string> | undefined;
    c.set("deferredKey", {
      lookUp: (tx) => lookUpKey(tx, k),
      admit: (found) => {
        rl = admit(c, k, found);
        return c.var.key;
      },
    });
    await next();
    if (rl) for (const [name, value] of Object.entries(rl)) setResponseHeader(c, name, value);
  };
}

export function actorOf(c: { var: AppEnv["Variables"] }): string {
  return `key:${c.var.key.id}`;
}
