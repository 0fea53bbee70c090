/**
 * LMS integrations (admin): a Standard Webhooks secret for the LMS's deliveries (shown once) and
 * an LTI 1.3 registration with a tool key pair whose public half is served as the tenant's JWKS,
 * and the platform's endpoints for student launches (src/api/lti.ts).
 * The outbox of grade passbacks: list (dead ones first to look at) and retry.
 */
import type { Hono } from "hono";
import { integrationRepo, outboxRepo } from "../../db/repos/lms.ts";
import { tenantById } from "../../db/repos/tenants.ts";
import { outboxStatuses } from "../../db/schema.ts";
import { generateToolKey } from "../../lms/lti-ags.ts";
import { kickOutbox } from "../../service/passback.ts";
import { requireKey } from "../auth.ts";
import { type AppEnv, baseUrl } from "../context.ts";
import { ApiError, notFound } from "../errors.ts";
import { jsonBody } from "../validate.ts";
import { integrationJson, outboxJson } from "./present.ts";
import { IntegrationCreate, IntegrationUpdate } from "./schemas.ts";
import { audit, conflictOn, idempotent, idParam, intQuery, tenantTx } from "./util.ts";

export function registerIntegrationRoutes(v1: Hono<AppEnv>): void {
  const admin = requireKey(["admin"]);
  const any = requireKey();

  v1.get("/integrations", admin, async (c) => {
    const { rows, slug } = await tenantTx(c, async (tx, t) => ({
      rows: await integrationRepo(tx, t).list(),
      slug: (await tenantById(tx, t))!.slug,
    }));
    return c.json({ items: rows.map((i) => integrationJson(i, baseUrl(c), slug)) });
  });

  v1.post("/integrations", admin, idempotent, async (c) => {
    const body = await jsonBody<{
      name: string;
      issuer: string;
      clientId: string;
      deploymentId?: string;
      tokenUrl: string;
      authLoginUrl?: string;
      platformJwksUrl?: string;
    }>(c, IntegrationCreate);
    const key = await generateToolKey();
    // Standard Webhooks secrets are `whsec_` and 24 to 64 random bytes in standard base64.
    const webhookSecret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    const { row, slug } = await tenantTx(c, async (tx, t) => {
      const row = await integrationRepo(tx, t)
        .insert({
          ...body,
          deploymentId: body.deploymentId ?? null,
          authLoginUrl: body.authLoginUrl ?? null,
          platformJwksUrl: body.platformJwksUrl ?? null,
          webhookSecret,
          toolKid: key.kid,
          toolPrivateJwk: key.privateJwk,
          toolPublicJwk: key.publicJwk,
        })
        .catch(conflictOn({ integrations_tenant_name_key: `an integration named "${body.name}" exists` }));
      await audit(c, tx, "integration.created", "integration", row.id, { name: row.name });
      return { row, slug: (await tenantById(tx, t))!.slug };
    });
    return c.json({ ...integrationJson(row, baseUrl(c), slug), webhookSecret }, 201);
  });

  v1.get("/integrations/:id", admin, async (c) => {
    const id = idParam(c, "id", "integration");
    const found = await tenantTx(c, async (tx, t) => {
      const row = await integrationRepo(tx, t).get(id);
      return row && { row, slug: (await tenantById(tx, t))!.slug };
    });
    if (!found) throw notFound("integration");
    return c.json(integrationJson(found.row, baseUrl(c), found.slug));
  });

  v1.patch("/integrations/:id", admin, async (c) => {
    const id = idParam(c, "id", "integration");
    const patch = await jsonBody<{
      deploymentId?: string | null;
      tokenUrl?: string;
      authLoginUrl?: string | null;
      platformJwksUrl?: string | null;
    }>(c, IntegrationUpdate);
    const found = await tenantTx(c, async (tx, t) => {
      const row = await integrationRepo(tx, t).update(id, patch);
      if (!row) return undefined;
      await audit(c, tx, "integration.updated", "integration", row.id, { fields: Object.keys(patch).sort() });
      return { row, slug: (await tenantById(tx, t))!.slug };
    });
    if (!found) throw notFound("integration");
    return c.json(integrationJson(found.row, baseUrl(c), found.slug));
  });

  v1.get("/outbox", any, async (c) => {
    const status = c.req.query("status");
    if (status !== undefined && !(outboxStatuses as readonly string[]).includes(status)) {
      throw new ApiError("invalid", `status must be one of ${outboxStatuses.join(", ")}`, {
        errors: [{ pointer: "status", detail: `one of ${outboxStatuses.join(", ")}` }],
      });
    }
    const limit = intQuery(c, "limit", 50, 1, 100);
    const rows = await tenantTx(c, (tx, t) =>
      outboxRepo(tx, t).list(status as (typeof outboxStatuses)[number] | undefined, limit),
    );
    return c.json({ items: rows.map(outboxJson) });
  });

  v1.post("/outbox/:id/retry", any, async (c) => {
    const id = idParam(c, "id", "outbox entry");
    const row = await tenantTx(c, async (tx, t) => {
      const repo = outboxRepo(tx, t);
      const current = await repo.get(id);
      if (!current) throw notFound("outbox entry");
      if (current.status === "delivered") throw new ApiError("conflict", "the score was delivered; nothing to retry");
      const row = (await repo.retry(id, c.var.deps.now()))!;
      await audit(c, tx, "outbox.retried", "outbox", id);
      return row;
    });
    kickOutbox(c.var.deps);
    return c.json(outboxJson(row), 202);
  });
}
