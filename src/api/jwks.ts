/**
 * `GET /lti/:tenant/jwks.json`: the public keys the tenant's LTI platforms verify our client
 * assertions with (the tool's JWKS URL in the platform's registration).
 */
import type { Hono } from "hono";
import { integrationRepo } from "../db/repos/lms.ts";
import { tenantBySlug } from "../db/repos/tenants.ts";
import { withSystem, withTenant } from "../db/tenant.ts";
import type { AppEnv } from "./context.ts";
import { ApiError } from "./errors.ts";

export function registerJwksRoute(app: Hono<AppEnv>): void {
  app.get("/lti/:tenant/jwks.json", async (c) => {
    const slug = c.req.param("tenant");
    const db = c.var.db();
    const tenant = /^[a-z0-9-]{1,63}$/.test(slug) ? await withSystem(db, (tx) => tenantBySlug(tx, slug)) : undefined;
    if (!tenant) throw new ApiError("not_found", "tenant not found");
    const rows = await withTenant(db, tenant.id, (tx) => integrationRepo(tx, tenant.id).list());
    c.header("cache-control", "public, max-age=300");
    return c.json({ keys: rows.filter((i) => !i.disabledAt).map((i) => i.toolPublicJwk) });
  });
}
