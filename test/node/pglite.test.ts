/**
 * The embedded database's client (src/db/pglite.ts): prepared statements and batched BEGIN
 * give the rows, errors and transaction behaviour PGlite's own query and transaction give.
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIZZLE_TEXT_TYPES, type LeanPGlite, openLeanPGlite } from "../../src/db/pglite.ts";

let lean: LeanPGlite;
let plain: PGlite;

const SETUP = `
  create table items (id uuid primary key, name text not null unique, at timestamptz, day date,
    span interval, amount numeric, tags text[], doc jsonb, flag boolean, n integer);
`;

beforeAll(async () => {
  lean = openLeanPGlite();
  plain = new PGlite();
  await lean.client.exec(SETUP);
  await plain.exec(SETUP);
}, 120_000);
afterAll(async () => {
  await lean?.pglite.close();
  await plain?.close();
});

/** drizzle's options for a query: its text parsers, array rows (or objects, for `execute`). */
const textParsers = Object.fromEntries(DRIZZLE_TEXT_TYPES.map((t) => [t, (v: string) => v]));
const drizzleOptions = { rowMode: "array" as const, parsers: textParsers };
const drizzleExecuteOptions = { rowMode: "object" as const, parsers: textParsers };

const rows = [
  [
    "00000000-0000-4000-8000-000000000001",
    "a",
    "2026-03-02T09:00:00.123Z",
    "2026-03-02",
    "1 day",
    "1.50",
    ["x", "y"],
    '{"b":1,"a":[1,2]}',
    true,
    7,
  ],
  ["00000000-0000-4000-8000-000000000002", "b", null, null, null, null, null, null, null, null],
];

describe("the lean PGlite client", () => {
  it("returns what PGlite returns, prepared once and run again", async () => {
    const insert = "insert into items values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *";
    const select = "select * from items where name = $1 or $2::boolean order by name";
    for (const row of rows) {
      const a = await lean.client.query(insert, row, drizzleOptions);
      const b = await plain.query(insert, row, drizzleOptions);
      expect(a.rows).toEqual(b.rows);
      expect(a.fields).toEqual(b.fields);
    }
    const before = lean.prepared();
    for (const [name, all] of [
      ["a", false],
      ["b", false],
      ["zz", true],
    ] as const) {
      for (const options of [drizzleOptions, drizzleExecuteOptions]) {
        const a = await lean.client.query(select, [name, all], options);
        const b = await plain.query(select, [name, all], options);
        expect(a.rows).toEqual(b.rows);
        expect(a.affectedRows ?? 0).toBe(b.affectedRows ?? 0);
      }
    }
    expect(lean.prepared()).toBe(before + 1);
    // Timestamps stay text for drizzle's column types to read; other types are PGlite's.
    const [first] = (await lean.client.query<unknown[]>(select, ["a", false], drizzleOptions)).rows;
    expect(first[2]).toBe("2026-03-02 09:00:00.123+00");
    expect(first[7]).toEqual({ a: [1, 2], b: 1 });
  });

  it("commits a transaction's statements together, BEGIN sent with the first", async () => {
    const result = await lean.client.transaction(async (tx) => {
      await tx.query("insert into items (id, name, n) values ($1, $2, $3)", [crypto.randomUUID(), "tx-1", 1]);
      expect(lean.pglite.isInTransaction()).toBe(true);
      await tx.query("insert into items (id, name, n) values ($1, $2, $3)", [crypto.randomUUID(), "tx-2", 2]);
      return (await tx.query<{ n: number }>("select sum(n)::int as n from items where name like 'tx-%'")).rows[0].n;
    });
    expect(result).toBe(3);
    expect(lean.pglite.isInTransaction()).toBe(false);
    expect((await plainCount(lean, "tx-%")).n).toBe(2);
  });

  it("rolls back a transaction whose statement fails, with the server's error and the query on it", async () => {
    const failing = lean.client.transaction(async (tx) => {
      await tx.query("insert into items (id, name) values ($1, $2)", [crypto.randomUUID(), "rolled-back"]);
      await tx.query("insert into items (id, name) values ($1, $2)", [crypto.randomUUID(), "a"]);
    });
    await expect(failing).rejects.toMatchObject({
      code: "23505",
      constraint: "items_name_key",
      query: "insert into items (id, name) values ($1, $2)",
    });
    expect(lean.pglite.isInTransaction()).toBe(false);
    expect((await plainCount(lean, "rolled-back")).n).toBe(0);
    // The statement that failed stays prepared and runs again.
    const before = lean.prepared();
    await lean.client.query("insert into items (id, name) values ($1, $2)", [crypto.randomUUID(), "after"]);
    expect(lean.prepared()).toBe(before);
  });

  it("does not commit a transaction whose error was caught inside it", async () => {
    const caught = lean.client.transaction(async (tx) => {
      await tx.query("insert into items (id, name) values ($1, $2)", [crypto.randomUUID(), "caught"]);
      await tx.query("insert into items (id, name) values ($1, $2)", [crypto.randomUUID(), "a"]).catch(() => {});
      return "done";
    });
    await expect(caught).rejects.toThrow("rolled back");
    expect((await plainCount(lean, "caught")).n).toBe(0);
  });

  it("runs a transaction's statements in the order they were asked for, and nothing of another meanwhile", async () => {
    const order: string[] = [];
    let outside: Promise<unknown> | undefined;
    await lean.client.transaction(async (tx) => {
      await tx.query("insert into items (id, name) values ($1, $2)", [crypto.randomUUID(), "ordered-1"]);
      // A query outside the transaction waits for it to end.
      outside = lean.client.query("select count(*)::int as n from items where name like 'ordered-%'").then((r) => {
        order.push(`outside saw ${(r.rows[0] as { n: number }).n}`);
      });
      await Promise.all([
        tx
          .query("insert into items (id, name) values ($1, $2)", [crypto.randomUUID(), "ordered-2"])
          .then(() => order.push("2")),
        tx.query("select count(*)::int as n from items where name like 'ordered-%'").then((r) => {
          order.push(`inside saw ${(r.rows[0] as { n: number }).n}`);
        }),
      ]);
      order.push("end");
    });
    await outside;
    expect(order).toEqual(["2", "inside saw 2", "end", "outside saw 2"]);
  });

  it("sends nothing for a transaction without statements, and is closed after it", async () => {
    let kept: { closed: boolean; query: (sql: string) => Promise<unknown> } | undefined;
    const result = await lean.client.transaction(async (tx) => {
      kept = tx;
      // No BEGIN until a statement needs it.
      expect(lean.pglite.isInTransaction()).toBe(false);
      return 42;
    });
    expect(result).toBe(42);
    expect(kept?.closed).toBe(true);
    await expect(kept?.query("select 1")).rejects.toThrow("Transaction is closed");
  });

  it("runs statements it does not prepare (DDL, savepoints) as PGlite does", async () => {
    await lean.client.transaction(async (tx) => {
      await tx.query("create table scratch (v int)");
      await tx.query("insert into scratch values ($1)", [1]);
      await tx.query("savepoint sp1");
      await tx.query("insert into scratch values ($1)", [2]);
      await tx.query("rollback to savepoint sp1");
      await tx.exec("insert into scratch values (3); insert into scratch values (4)");
    });
    expect((await lean.client.query("select array_agg(v order by v) as v from scratch")).rows).toEqual([
      { v: [1, 3, 4] },
    ]);
  });

  it("prepares again a statement whose result changed shape under it", async () => {
    await lean.client.exec("create table reshaped (a int); insert into reshaped values (1)");
    expect((await lean.client.query("select * from reshaped")).rows).toEqual([{ a: 1 }]);
    await lean.client.exec("alter table reshaped add column b int default 2");
    // Postgres refuses the old plan once; the statement is then prepared anew.
    await expect(lean.client.query("select * from reshaped")).rejects.toMatchObject({ code: "0A000" });
    expect((await lean.client.query("select * from reshaped")).rows).toEqual([{ a: 1, b: 2 }]);
  });

  it("keeps at most 256 statements prepared, and every statement still runs", async () => {
    for (let i = 0; i < 300; i++) {
      const r = await lean.client.query<{ v: number }>(`select $1::int + ${i} as v`, [1]);
      expect(r.rows[0].v).toBe(1 + i);
    }
    expect(lean.prepared()).toBe(256);
    expect((await lean.client.query<{ v: number }>("select $1::int + 0 as v", [5])).rows[0].v).toBe(5);
  });
});

async function plainCount(db: LeanPGlite, pattern: string): Promise<{ n: number }> {
  return (await db.client.query<{ n: number }>("select count(*)::int as n from items where name like $1", [pattern]))
    .rows[0];
}
