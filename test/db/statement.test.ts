/**
 * Statements built once (src/db/statement.ts) run in the transaction of each call, with that
 * call's values: what a transaction wrote with one is seen by it and undone with it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NodeDatabase, openNodeDatabase } from "../../src/db/node.ts";
import { insertTenant } from "../../src/db/repos/tenants.ts";
import { rateLimits } from "../../src/db/schema.ts";
import { statement } from "../../src/db/statement.ts";
import { withSystem } from "../../src/db/tenant.ts";

let database: NodeDatabase;
let tenantId: string;

beforeAll(async () => {
  database = await openNodeDatabase({});
  tenantId = (await withSystem(database.db, (tx) => insertTenant(tx, { slug: "stmt", name: "S", linkSecret: "s" }))).id;
}, 120_000);
afterAll(() => database?.close());

const count = statement((tx) =>
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
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart }),
);

const windowStart = new Date("2026-03-02T09:00:00.000Z");

describe("a statement built once", () => {
  it("runs with each call's values, in each call's transaction", async () => {
    const first = await withSystem(database.db, (tx) => count(tx, { tenantId, bucket: "a", windowStart }));
    expect(first).toEqual([{ count: 1, windowStart }]);
    const second = await withSystem(database.db, (tx) => count(tx, { tenantId, bucket: "a", windowStart }));
    expect(second).toEqual([{ count: 2, windowStart }]);
    const other = await withSystem(database.db, (tx) => count(tx, { tenantId, bucket: "b", windowStart }));
    expect(other).toEqual([{ count: 1, windowStart }]);
  });

  it("is undone with the transaction that ran it, and is seen by it before", async () => {
    const failed = withSystem(database.db, async (tx) => {
      await count(tx, { tenantId, bucket: "c", windowStart });
      const seen = await count(tx, { tenantId, bucket: "c", windowStart });
      expect(seen).toEqual([{ count: 2, windowStart }]);
      throw new Error("undo");
    });
    await expect(failed).rejects.toThrow("undo");
    const after = await withSystem(database.db, (tx) => count(tx, { tenantId, bucket: "c", windowStart }));
    expect(after).toEqual([{ count: 1, windowStart }]);
  });

  it("says which value a call left out", async () => {
    const missing = withSystem(database.db, (tx) => count(tx, { tenantId, bucket: "d" }));
    await expect(missing).rejects.toThrow('No value for placeholder "windowStart"');
  });
});
