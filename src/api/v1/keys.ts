/** API keys (admin only): list, create (the key is in this response only), revoke. */
import type { Hono } from "hono";
import { keys, type Role } from "../../db/repos/tenants.ts";
import { newApiKey, requireKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { notFound } from "../errors.ts";
import { jsonBody } from "../validate.ts";
import { keyJson } from "./present.ts";
import { KeyCreate } from "./schemas.ts";
import { audit, idempotent, idParam, tenantTx } from "./util.ts";

export function registerKeyRoutes(v1: Hono<AppEnv>): void {
  const admin = requireKey(["admin"]);
  v1.get("/keys", admin, async (c) => {
    const rows = await tenantTx(c, (tx, t) => keys(tx, t).list());
    return c.json({ items: rows.map(keyJson) });
  });
  v1.post("/keys", admin, idempotent, async (c) => {
    const body = await jsonBody<{ name: string; role: Role }>(c, KeyCreate);
    const k = await newApiKey();
    const row = await tenantTx(c, async (tx, t) => {
      const row = await keys(tx, t).insert({ ...body, prefix: k.prefix, hash: k.hash });
      await audit(c, tx, "key.created", "key", row.id, { role: row.role, name: row.name });
      return row;
    });
    return c.json({ ...keyJson(row), key: k.key }, 201);
  });
  v1.delete("/keys/:id", admin, async (c) => {
    const id = idParam(c, "id", "API key");
    const row = await tenantTx(c, async (tx, t) => {
      const row = await keys(tx, t).revoke(id, c.var.deps.now());
      if (row) await audit(c, tx, "key.revoked", "key", id);
      return row;
    });
    if (!row) throw notFound("API key");
    return c.json(keyJson(row));
  });
}
