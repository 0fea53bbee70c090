/**
 * The Worker's database: Neon's serverless driver (Postgres over a WebSocket), a Pool per
 * request that is ended after the response (`waitUntil`), as Workers require. NEON_WS_PROXY
 * points the driver at a plain Postgres through a WebSocket proxy (local development, tests).
 */
import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import * as schema from "./schema.ts";
import type { Db, DbHandle } from "./types.ts";

export function openNeon(url: string, wsProxy?: string): DbHandle {
  if (wsProxy) {
    neonConfig.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: url });
  // In workerd, end() resolves before the WebSocket has closed; a late close error lands on the
  // pool after the request is answered, and unhandled it would crash the isolate.
  pool.on("error", () => {});
  const db = drizzle(pool, { schema }) as unknown as Db;
  return { db, release: () => pool.end() };
}
