/** The database handle every runtime hands the service: drizzle over PGlite, pg or Neon. */
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** A database for one request (or one background job): `release` closes what was opened for it. */
export interface DbHandle {
  db: Db;
  release(): Promise<void>;
}
