/** Small helpers the /api/v1 handlers share. */
import type { MiddlewareHandler } from "hono";
import { uniqueViolation } from "../../db/errors.ts";
import { auditRepo, idempotencyRepo } from "../../db/repos/ops.ts";
import { withTenant } from "../../db/tenant.ts";
import type { Tx } from "../../db/types.ts";
import type { AppEnv, Ctx } from "../context.ts";
import { isUuid, sha256Hex } from "../crypto.ts";
import { ApiError } from "../errors.ts";

/** Runs `fn` in a transaction scoped to the request's tenant. */
export function tenantTx<T>(c: Ctx, fn: (tx: Tx, tenantId: string) => Promise<T>): Promise<T> {
  const tenantId = c.var.tenantId;
  return withTenant(c.var.db(), tenantId, (tx) => fn(tx, tenantId));
}

/** A path id that is not a uuid names nothing: the same "not found" as another tenant's object. */
export function idParam(c: Ctx, name: string, what: string): string {
  const v = c.req.param(name);
  if (!isUuid(v)) throw new ApiError("not_found", `${what} not found`);
  return v.toLowerCase();
}

export async function audit(
  c: Ctx,
  tx: Tx,
  action: string,
  targetType: string,
  targetId: string | null,
  detail?: unknown,
): Promise<void> {
  await auditRepo(tx, c.var.tenantId).add({
    actor: `key:${c.var.key.id}`,
    action,
    targetType,
    targetId,
    detail: detail ?? null,
    requestId: c.var.requestId,
    at: c.var.deps.now(),
  });
}

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on a POST: the first response (2xx or 4xx) is stored and returned again for
 * the same key and the same request; the same key with a different request is a conflict.
 */
export const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (!IDEMPOTENCY_KEY_RE.test(key)) {
    throw new ApiError("bad_request", "Idempotency-Key must be 1 to 255 visible ASCII characters");
  }
  const body = await c.req.raw.clone().text();
  const request = `${c.req.method} ${new URL(c.req.url).pathname} ${await sha256Hex(body)}`;
  const tenantId = c.var.tenantId;
  const seen = await withTenant(c.var.db(), tenantId, (tx) => idempotencyRepo(tx, tenantId).get(key));
  if (seen) {
    if (seen.request !== request) {
      throw new ApiError("conflict", "this Idempotency-Key was used for a different request");
    }
    return new Response(JSON.stringify(seen.response), {
      status: seen.status,
      headers: {
        "content-type": seen.status >= 400 ? "application/problem+json" : "application/json",
        "idempotent-replayed": "true",
      },
    });
  }
  await next();
  const status = c.res.status;
  if (status >= 500 || !(c.res.headers.get("content-type") ?? "").includes("json")) return;
  const response = await c.res.clone().json();
  await withTenant(c.var.db(), tenantId, (tx) =>
    idempotencyRepo(tx, tenantId).put({ key, request, status, response, now: c.var.deps.now() }),
  );
};

/** Integer query parameter in [min, max], or the default. */
export function intQuery(c: Ctx, name: string, def: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new ApiError("invalid", `query parameter ${name} must be an integer from ${min} to ${max}`, {
      errors: [{ pointer: name, detail: `must be an integer from ${min} to ${max}` }],
    });
  }
  return n;
}

export function dateOrNull(s: string | null | undefined): Date | null {
  return s ? new Date(s) : null;
}

/**
 * Turns a collision with one of the named unique indexes into a 409 saying what exists; the
 * index decides, so two concurrent creates cannot both pass a check made beforehand.
 */
export function conflictOn(messages: Record<string, string>): (e: unknown) => never {
  return (e) => {
    const index = uniqueViolation(e);
    if (index !== undefined && Object.hasOwn(messages, index)) throw new ApiError("conflict", messages[index]);
    throw e;
  };
}
