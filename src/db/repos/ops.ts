/** Audit log, idempotency records and rate-limit counters of one tenant. */
import { and, desc, eq, sql } from "drizzle-orm";
import { auditLog, idempotencyKeys, rateLimits } from "../schema.ts";
import { statement } from "../statement.ts";
import type { Tx } from "../types.ts";

export type AuditEntry = typeof auditLog.$inferSelect;
export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;

export interface AuditInput {
  actor: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  detail?: unknown;
  requestId?: string | null;
  at: Date;
}

export const auditRepo = (tx: Tx, tenantId: string) => ({
  async add(e: AuditInput): Promise<void> {
    await this.insert(e);
  },
  /** The insert, not yet run: a repository that writes what is audited runs both as one statement. */
  insert(e: AuditInput) {
    return tx.insert(auditLog).values({ ...e, tenantId });
  },
  list(limit: number): Promise<AuditEntry[]> {
    return tx
      .select()
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenantId))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit);
  },
});

export const idempotencyRepo = (tx: Tx, tenantId: string) => ({
  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const [row] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
    return row;
  },
  async put(r: { key: string; request: string; status: number; response: unknown; now: Date }): Promise<void> {
    await tx
      .insert(idempotencyKeys)
      .values({ tenantId, key: r.key, request: r.request, status: r.status, response: r.response, createdAt: r.now })
      .onConflictDoNothing();
  },
});

/** Counts a request in its fixed window and returns the count so far (this request included). */
export async function countRequest(tx: Tx, tenantId: string, bucket: string, windowStart: Date): Promise<number> {
  const [row] = await countIn(tx, { tenantId, bucket, windowStart });
  return row.count;
}

const countIn = statement((tx) =>
  tx
    .insert(rateLimits)
    .values({
      tenantId: sql.placeholder("tenantId"),
      bucket: sql.placeholder("bucket"),
      windowStart: sql.placeholder("windowStart"),
      count: 1,
    })
    .onConflictDoUpdate({
      target: [rateLimits.tenantId, rateLimits.bucket, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count }),
);
