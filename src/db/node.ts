/**
 * The Node runtime's database: PGlite (a real Postgres in WebAssembly) in a folder by default,
 * any Postgres when DATABASE_URL is set. Migrations in migrations/ are applied on open.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema.ts";
import type { Db, DbHandle } from "./types.ts";

export const MIGRATIONS_DIR = findMigrations(dirname(fileURLToPath(import.meta.url)));

function findMigrations(from: string): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "migrations", "meta", "_journal.json"))) return join(dir, "migrations");
    dir = dirname(dir);
  }
  return join(from, "..", "..", "migrations");
}

export interface NodeDatabase {
  /** The shared handle: PGlite is one connection; pg pools its own. */
  db: Db;
  kind: "pglite" | "postgres";
  /** A per-request handle over the shared database (release is a no-op). */
  handle(): DbHandle;
  close(): Promise<void>;
}

export async function openNodeDatabase(opts: { url?: string; dataDir?: string }): Promise<NodeDatabase> {
  if (opts.url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    const pool = new Pool({ connectionString: opts.url, max: 10 });
    const db = drizzle(pool, { schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
    return { db, kind: "postgres", handle: () => ({ db, release: async () => {} }), close: () => pool.end() };
  }
  const { openLeanPGlite } = await import("./pglite.ts");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (opts.dataDir) mkdirSync(dirname(opts.dataDir), { recursive: true });
  const { pglite, client } = openLeanPGlite(opts.dataDir);
  const db = drizzle({ client: client as never, schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
  return { db, kind: "pglite", handle: () => ({ db, release: async () => {} }), close: () => pglite.close() };
}
