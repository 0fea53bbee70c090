/** Tenants and their API keys. Key lookup by hash is the one cross-tenant read (system context). */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { isUuid } from "../../api/crypto.ts";
import { apiKeys, tenants } from "../schema.ts";
import { statement } from "../statement.ts";
import type { Tx } from "../types.ts";

export type Tenant = typeof tenants.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Role = ApiKey["role"];

export async function insertTenant(tx: Tx, t: { slug: string; name: string; linkSecret: string }): Promise<Tenant> {
  const [row] = await tx.insert(tenants).values(t).returning();
  return row;
}

export async function tenantById(tx: Tx, id: string): Promise<Tenant | undefined> {
  const [row] = await tx.select().from(tenants).where(eq(tenants.id, id));
  return row;
}

export async function tenantBySlug(tx: Tx, slug: string): Promise<Tenant | undefined> {
  const [row] = await tx.select().from(tenants).where(eq(tenants.slug, slug));
  return row;
}

/** A tenant as an URL names it (`/webhooks/lms/:tenant`, `/lti/:tenant/...`): by id or by slug. */
export function tenantByRef(tx: Tx, ref: string): Promise<Tenant | undefined> {
  if (isUuid(ref)) return tenantById(tx, ref.toLowerCase());
  if (/^[a-z0-9-]{1,63}$/.test(ref)) return tenantBySlug(tx, ref);
  return Promise.resolve(undefined);
}

/**
 * System context: the key a request presented, with its tenant, if it exists and is not revoked.
 * The same statement narrows the rest of the transaction to the key's tenant (`app.tenant_id`,
 * as `actAsTenant` does), so a request's authentication continues as its tenant at no cost of
 * a statement of its own. The setting is made in the select list, after the row has passed the
 * system context's policy.
 */
export async function activeKeyActingAsTenant(tx: Tx, hash: string): Promise<ApiKey | undefined> {
  const [row] = await activeKey(tx, { hash });
  return row?.key;
}

const activeKey = statement((tx) =>
  tx
    .select({ key: apiKeys, tenant: sql<string>`set_config('app.tenant_id', ${apiKeys.tenantId}::text, true)` })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, sql.placeholder("hash")), isNull(apiKeys.revokedAt))),
);

export const keys = (tx: Tx, tenantId: string) => ({
  async insert(k: { name: string; role: Role; prefix: string; hash: string }): Promise<ApiKey> {
    const [row] = await tx
      .insert(apiKeys)
      .values({ ...k, tenantId })
      .returning();
    return row;
  },
  list(): Promise<ApiKey[]> {
    return tx.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
  },
  async revoke(id: string, now: Date): Promise<ApiKey | undefined> {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    return row;
  },
  async touch(id: string, now: Date): Promise<void> {
    await tx
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
  },
});
