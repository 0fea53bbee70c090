/**
 * The grade-passback outbox sweep: claim due rows (a lease, so a crash mid-delivery only delays
 * a row), deliver each score through LTI AGS, and settle it as delivered, pending with backoff,
 * or dead for an instructor to see and retry. Runs after a grading (waitUntil), on the Worker's
 * cron trigger and on the Node server's timer.
 */

import type { JWK } from "jose";
import { claimDueOutbox, integrationRepo, type OutboxRow, settleOutbox } from "../db/repos/lms.ts";
import { withSystem, withTenant } from "../db/tenant.ts";
import type { Db } from "../db/types.ts";
import { afterAttempt, createTokenCache, type DeliveryResult, deliverScore, type FetchLike } from "./lti-ags.ts";

/** How long a claimed row stays invisible to other sweeps while it is being delivered. */
const LEASE_MS = 60_000;
const tokenCache = createTokenCache();

export interface ScorePayload {
  lineItemUrl: string;
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
  timestamp: string;
}

export async function sweepOutbox(
  db: Db,
  deps: { now(): Date; fetch: FetchLike; log(e: Record<string, unknown>): void },
  limit = 20,
): Promise<{ delivered: number; pending: number; dead: number }> {
  const counts = { delivered: 0, pending: 0, dead: 0 };
  const rows = await withSystem(db, (tx) => claimDueOutbox(tx, deps.now(), LEASE_MS, limit));
  for (const row of rows) {
    const state = await deliverRow(db, deps, row);
    counts[state]++;
  }
  return counts;
}

async function deliverRow(
  db: Db,
  deps: { now(): Date; fetch: FetchLike; log(e: Record<string, unknown>): void },
  row: OutboxRow,
): Promise<"delivered" | "pending" | "dead"> {
  const integration = await withTenant(db, row.tenantId, (tx) =>
    integrationRepo(tx, row.tenantId).get(row.integrationId),
  );
  const p = row.payload as ScorePayload;
  let result: DeliveryResult;
  if (!integration || integration.disabledAt) {
    result = { ok: false, retriable: false, error: "the LMS integration is gone or disabled" };
  } else {
    result = await deliverScore(
      deps.fetch,
      {
        clientId: integration.clientId,
        tokenUrl: integration.tokenUrl,
        kid: integration.toolKid,
        privateJwk: integration.toolPrivateJwk as JWK,
      },
      {
        lineItemUrl: p.lineItemUrl,
        score: {
          userId: p.userId,
          scoreGiven: p.scoreGiven,
          scoreMaximum: p.scoreMaximum,
          ...(p.comment !== undefined ? { comment: p.comment } : {}),
          timestamp: new Date(p.timestamp),
        },
      },
      deps.now(),
      { tokenCache },
    );
  }
  const now = deps.now();
  const attempts = row.attempts + 1;
  // 409: the platform already holds a newer score for the student (a later grading got there
  // first). Our scores are best-so-far, so the newer one is at least as good: nothing to send.
  const superseded = !result.ok && result.status === 409;
  const state = superseded ? ({ status: "delivered" } as const) : afterAttempt(attempts, result, now);
  await withSystem(db, (tx) =>
    settleOutbox(tx, row.id, {
      status: state.status,
      attempts,
      at: now,
      ...(state.status === "pending" ? { nextAttemptAt: state.nextAttemptAt } : {}),
      ...(state.status !== "delivered" ? { error: state.lastError } : {}),
      ...(superseded ? { error: "the platform holds a newer score (409); not overwritten" } : {}),
    }),
  );
  deps.log({
    level: state.status === "dead" ? "error" : state.status === "pending" ? "warn" : "info",
    msg: "grade passback",
    outbox: row.id,
    tenant: row.tenantId,
    status: state.status,
    attempts,
    ...(result.ok ? {} : { error: result.error }),
  });
  return state.status;
}
