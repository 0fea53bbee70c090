/**
 * API key authentication, roles and per-key rate limits for /api/v1. A key is `lg_` plus 32
 * random characters, shown once; the database keeps its SHA-256 and its first 11 characters.
 */
import type { MiddlewareHandler } from "hono";
import { countRequest } from "../db/repos/ops.ts";
import { activeKeyActingAsTenant, keys, type Role } from "../db/repos/tenants.ts";
import { withSystem } from "../db/tenant.ts";
import { type AppEnv, setResponseHeader } from "./context.ts";
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

/** Authenticates the bearer key; `roles` limits the route to those roles (admin passes everything). */
export function requireKey(roles: Role[] = ["admin", "instructor"]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const challenge = { "www-authenticate": 'Bearer realm="labgrader"' };
    if (!header)
      throw new ApiError("unauthenticated", "send an API key: Authorization: Bearer lg_...", { headers: challenge });
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m || !KEY_RE.test(m[1])) {
      throw new ApiError("unauthenticated", "the Authorization header is not a labgrader API key (Bearer lg_...)", {
        headers: challenge,
      });
    }
    const db = c.var.db();
    const hash = await sha256Hex(m[1]);
    const { deps } = c.var;
    const now = deps.now();
    const limit = deps.config.rateLimitPerMinute;
    const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    // One transaction per request for authentication and the rate limit: the key is found in
    // the system context, then the same transaction continues as the key's tenant.
    const { key, count } = await withSystem(db, async (tx) => {
      const key = await activeKeyActingAsTenant(tx, hash);
      if (!key || (key.role !== "admin" && !roles.includes(key.role))) return { key, count: 0 };
      if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        await keys(tx, key.tenantId).touch(key.id, now);
      }
      return { key, count: await countRequest(tx, key.tenantId, `key:${key.id}`, windowStart) };
    });
    if (!key) throw new ApiError("unauthenticated", "the API key is not valid or was revoked", { headers: challenge });
    c.set("tenantId", key.tenantId);
    c.set("key", key);
    if (key.role !== "admin" && !roles.includes(key.role)) {
      throw new ApiError("forbidden", `this route needs an API key with the role ${roles.join(" or ")}`);
    }
    const reset = Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000);
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
    await next();
    for (const [k, v] of Object.entries(rl)) setResponseHeader(c, k, v);
  };
}

export function actorOf(c: { var: AppEnv["Variables"] }): string {
  return `key:${c.var.key.id}`;
}
