/** `POST /api/v1/tenants`: the operator provisions a tenant and gets its first admin key (shown once). */
import type { Hono } from "hono";
import { insertTenant, keys, tenantBySlug } from "../../db/repos/tenants.ts";
import { withSystem, withTenant } from "../../db/tenant.ts";
import { newApiKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { randomToken, timingSafeEqual } from "../crypto.ts";
import { ApiError } from "../errors.ts";
import { jsonBody } from "../validate.ts";
import { TenantCreate } from "./schemas.ts";

export function registerTenantRoutes(v1: Hono<AppEnv>): void {
  v1.post("/tenants", async (c) => {
    const expected = c.var.deps.config.operatorToken;
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!expected) throw new ApiError("forbidden", "tenant provisioning is disabled (no operator token is configured)");
    if (!given || !timingSafeEqual(given, expected)) {
      throw new ApiError("unauthenticated", "send the operator token: Authorization: Bearer <token>", {
        headers: { "www-authenticate": 'Bearer realm="labgrader-operator"' },
      });
    }
    const body = await jsonBody<{ slug: string; name: string }>(c, TenantCreate);
    const db = c.var.db();
    if (await withSystem(db, (tx) => tenantBySlug(tx, body.slug))) {
      throw new ApiError("conflict", `a tenant with slug "${body.slug}" exists`);
    }
    const tenant = await withSystem(db, (tx) => insertTenant(tx, { ...body, linkSecret: randomToken(32) }));
    const k = await newApiKey();
    const row = await withTenant(db, tenant.id, (tx) =>
      keys(tx, tenant.id).insert({ name: "first admin key", role: "admin", prefix: k.prefix, hash: k.hash }),
    );
    return c.json(
      {
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        createdAt: tenant.createdAt.toISOString(),
        adminKey: { id: row.id, key: k.key, prefix: k.prefix, role: "admin" },
      },
      201,
    );
  });
}
