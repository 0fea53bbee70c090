/**
 * Tenant context for every query: a transaction whose `app.tenant_id` setting names the tenant,
 * so the row-level security policies admit that tenant's rows only (defence in depth behind the
 * repositories' own `where tenant_id = ...`). The system context (`*`) is for the few
 * cross-tenant paths: looking up an API key by its hash, sweeping the outbox.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "./types.ts";

export function withTenant<T>(db: Db, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await actAsTenant(tx, tenantId);
    return fn(tx);
  });
}

/**
 * Narrows the rest of a transaction to one tenant: a system transaction that has just found
 * which tenant a request belongs to (by its API key) continues as that tenant, with no second
 * transaction.
 */
export async function actAsTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}

export function withSystem<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant(db, "*", fn);
}
