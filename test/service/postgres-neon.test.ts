/**
 * The production driver, `@neondatabase/serverless`, against a real PostgreSQL: the Pool speaks
 * the wire protocol over a WebSocket to the test proxy, which forwards it to the server the run
 * started (test/support/global-setup.ts). Password auth is SCRAM, as on Neon.
 */
import { Pool } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { WebSocket } from "ws";
import { useLocalNeonProxy } from "../support/neon.ts";
import { createDatabase } from "../support/postgres.ts";
import { REFUSED } from "../support/ws-proxy.ts";

const pgSkipped = inject("pgSkipped");
const title = "the Neon driver through the WebSocket proxy against a real PostgreSQL";
const tier = "real PostgreSQL through the Neon driver";

describe.skipIf(pgSkipped)(pgSkipped ? `${title} (skipped tier: ${tier} — ${pgSkipped})` : title, () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let pool: Pool;

  beforeAll(async () => {
    useLocalNeonProxy(inject("wsProxy")!);
    database = await createDatabase(inject("pgUrl")!, { template: inject("pgTemplate") });
    pool = new Pool({ connectionString: database.url, max: 4 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("connects with the role's password (SCRAM) and runs a query in its own database", async () => {
    const { rows } = await pool.query(
      "SELECT current_user AS role, current_database() AS db, current_setting('password_encryption') AS enc",
    );
    expect(rows).toEqual([{ role: "labgrader", db: database.database, enc: "scram-sha-256" }]);
  });

  it("rejects a wrong password with Postgres's own error", async () => {
    const url = new URL(database.url);
    url.password = "not-the-password";
    const wrong = new Pool({ connectionString: url.toString(), max: 1 });
    await expect(wrong.query("SELECT 1")).rejects.toThrow('password authentication failed for user "labgrader"');
    await wrong.end();
  });

  it("binds parameters and maps types as the service relies on (jsonb, timestamptz, int8 as string)", async () => {
    const at = new Date("2026-05-03T10:00:00.000Z");
    const { rows } = await pool.query(
      "SELECT $1::jsonb AS doc, $2::timestamptz AS at, 9007199254740993::int8 AS big, $3::text AS t",
      [JSON.stringify({ score: 7, hint: "ü" }), at, "it's"],
    );
    expect(rows[0]).toEqual({ doc: { score: 7, hint: "ü" }, at, big: "9007199254740993", t: "it's" });
  });

  it("commits a transaction's writes and discards a rolled-back one's", async () => {
    await pool.query("CREATE TABLE attempts (id int PRIMARY KEY, note text NOT NULL)");
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO attempts VALUES (1, 'kept')");
      await client.query("COMMIT");
      await client.query("BEGIN");
      await client.query("INSERT INTO attempts VALUES (2, 'discarded')");
      // Inside the transaction the row is visible; after ROLLBACK it never was.
      expect((await client.query("SELECT count(*)::int AS n FROM attempts")).rows[0].n).toBe(2);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect((await pool.query("SELECT id, note FROM attempts ORDER BY id")).rows).toEqual([{ id: 1, note: "kept" }]);
  });

  it("rolls back a transaction whose statement fails, leaving the connection usable", async () => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO attempts VALUES (3, 'before the error')");
      await expect(client.query("INSERT INTO attempts VALUES (1, 'duplicate')")).rejects.toMatchObject({
        code: "23505",
      });
      await client.query("ROLLBACK");
      expect((await client.query("SELECT count(*)::int AS n FROM attempts")).rows[0].n).toBe(1);
    } finally {
      client.release();
    }
  });

  it("gets a database of its own: a table made here is absent from the shared database", async () => {
    const shared = new Pool({ connectionString: inject("pgUrl")!, max: 1 });
    try {
      const { rows } = await shared.query("SELECT to_regclass('attempts') AS t");
      expect(rows).toEqual([{ t: null }]);
    } finally {
      await shared.end();
    }
  });

  it("is refused by the proxy when the target is not loopback, with the reason in the close frame", async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
      const ws = new WebSocket(`ws://${inject("wsProxy")}?address=192.0.2.10:5432`);
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
      ws.on("error", reject);
    });
    expect(closed).toEqual({ code: REFUSED, reason: "refused 192.0.2.10:5432: this test proxy only reaches loopback" });

    const elsewhere = new Pool({ connectionString: "postgres://labgrader:x@192.0.2.10:5432/labgrader", max: 1 });
    elsewhere.on("error", () => {});
    await expect(elsewhere.query("SELECT 1")).rejects.toThrow();
    await elsewhere.end();
  });
});
