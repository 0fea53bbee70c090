/** The tenant's audit log (admin): who did what, newest first. */
import type { Hono } from "hono";
import { auditRepo } from "../../db/repos/ops.ts";
import { requireKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { intQuery, tenantTx } from "./util.ts";

export function registerAuditRoute(v1: Hono<AppEnv>): void {
  v1.get("/audit", requireKey(["admin"]), async (c) => {
    const limit = intQuery(c, "limit", 100, 1, 500);
    const rows = await tenantTx(c, (tx, t) => auditRepo(tx, t).list(limit));
    return c.json({
      items: rows.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actor: e.actor,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        detail: e.detail,
        requestId: e.requestId,
      })),
    });
  });
}
