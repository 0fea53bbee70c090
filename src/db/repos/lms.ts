/** LMS integrations, the grade-passback outbox and the webhook deliveries seen. */
import { and, asc, desc, eq, lt, lte, sql } from "drizzle-orm";
import { integrations, ltiNonces, outbox, webhookDeliveries } from "../schema.ts";
import type { Tx } from "../types.ts";

export type Integration = typeof integrations.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export const integrationRepo = (tx: Tx, tenantId: string) => ({
  async insert(i: Omit<typeof integrations.$inferInsert, "tenantId" | "id" | "createdAt">): Promise<Integration> {
    const [row] = await tx
      .insert(integrations)
      .values({ ...i, tenantId })
      .returning();
    return row;
  },
  list(): Promise<Integration[]> {
    return tx.select().from(integrations).where(eq(integrations.tenantId, tenantId)).orderBy(asc(integrations.name));
  },
  async get(id: string): Promise<Integration | undefined> {
    const [row] = await tx
      .select()
      .from(integrations)
      .where(and(eq(integrations.tenantId, tenantId), eq(integrations.id, id)));
    return row;
  },
  async update(id: string, patch: Partial<typeof integrations.$inferInsert>): Promise<Integration | undefined> {
    const [row] = await tx
      .update(integrations)
      .set(patch)
      .where(and(eq(integrations.tenantId, tenantId), eq(integrations.id, id)))
      .returning();
    return row;
  },
});

/** System context: the public key of an integration by its key id, for the tool's JWKS. */
export async function integrationByKid(tx: Tx, kid: string): Promise<Integration | undefined> {
  const [row] = await tx.select().from(integrations).where(eq(integrations.toolKid, kid));
  return row;
}

export const outboxRepo = (tx: Tx, tenantId: string) => ({
  async enqueue(o: {
    integrationId: string;
    submissionId: string | null;
    kind: "lti-score";
    payload: unknown;
    now: Date;
  }): Promise<OutboxRow> {
    const [row] = await tx
      .insert(outbox)
      .values({ ...o, tenantId, nextAttemptAt: o.now, createdAt: o.now })
      .returning();
    return row;
  },
  list(status: OutboxRow["status"] | undefined, limit: number): Promise<OutboxRow[]> {
    return tx
      .select()
      .from(outbox)
      .where(status ? and(eq(outbox.tenantId, tenantId), eq(outbox.status, status)) : eq(outbox.tenantId, tenantId))
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(limit);
  },
  async get(id: string): Promise<OutboxRow | undefined> {
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.tenantId, tenantId), eq(outbox.id, id)));
    return row;
  },
  /** An instructor's retry: a dead (or pending) row becomes due now with a fresh attempt budget. */
  async retry(id: string, now: Date): Promise<OutboxRow | undefined> {
    const [row] = await tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now })
      .where(and(eq(outbox.tenantId, tenantId), eq(outbox.id, id), sql`${outbox.status} <> 'delivered'`))
      .returning();
    return row;
  },
});

/**
 * System context: claims up to `limit` due rows by pushing their next attempt past the lease,
 * so two sweepers (or a crash mid-delivery) never lose a row and rarely deliver one twice.
 */
export async function claimDueOutbox(tx: Tx, now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const due = await tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  if (due.length === 0) return [];
  const rows: OutboxRow[] = [];
  for (const { id } of due) {
    const [row] = await tx
      .update(outbox)
      .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(eq(outbox.id, id))
      .returning();
    rows.push(row);
  }
  return rows;
}

export async function settleOutbox(
  tx: Tx,
  id: string,
  outcome: {
    status: "pending" | "delivered" | "dead";
    attempts: number;
    nextAttemptAt?: Date;
    error?: string;
    at: Date;
  },
): Promise<void> {
  await tx
    .update(outbox)
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      lastError: outcome.error ?? null,
      ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
      ...(outcome.status === "delivered" ? { deliveredAt: outcome.at } : {}),
    })
    .where(eq(outbox.id, id));
}

export const webhookRepo = (tx: Tx, tenantId: string) => ({
  async seen(webhookId: string): Promise<WebhookDelivery | undefined> {
    const [row] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.webhookId, webhookId)));
    return row;
  },
  /** Records a delivery's outcome; false when another request recorded the same id first. */
  async record(d: { webhookId: string; integrationId: string; status: number; response: unknown }): Promise<boolean> {
    const rows = await tx
      .insert(webhookDeliveries)
      .values({ ...d, tenantId })
      .onConflictDoNothing()
      .returning();
    return rows.length > 0;
  },
});

/** The nonces of accepted LTI launches, each kept until its id_token would have expired. */
export const ltiNonceRepo = (tx: Tx, tenantId: string) => ({
  /** Records a launch's nonce; false when a launch with it was accepted before (a replay). */
  async use(nonce: string, expiresAt: Date): Promise<boolean> {
    const rows = await tx
      .insert(ltiNonces)
      .values({ tenantId, nonce, expiresAt })
      .onConflictDoNothing()
      .returning({ nonce: ltiNonces.nonce });
    return rows.length > 0;
  },
});

/** System context: forgets nonces whose id_tokens have expired (nothing can replay them now). */
export async function forgetExpiredNonces(tx: Tx, now: Date): Promise<number> {
  const rows = await tx.delete(ltiNonces).where(lt(ltiNonces.expiresAt, now)).returning({ nonce: ltiNonces.nonce });
  return rows.length;
}
