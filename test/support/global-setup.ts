/**
 * vitest globalSetup: once per run, start what the service tiers need and hand it to tests
 * with `provide` (read with `inject("pgUrl")` etc. in a test file, and by the workers project's
 * pool options in vitest.config.ts).
 *
 * - A private PostgreSQL (test/support/postgres.ts) with the migrations in migrations/ applied
 *   to a template database, `labgrader_template`; tests copy it (`createDatabase`) instead of
 *   migrating again.
 * - The WebSocket proxy (test/support/ws-proxy.ts) the Neon driver reaches it through, on Node
 *   and from the Worker in workerd alike.
 *
 * Where PostgreSQL is not installed, tests get `pgSkipped` (the reason) instead and skip with
 * it in their name. Chromium is only looked up here, for the same reason.
 */
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, sep } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDatabase, type Skipped, startPostgres } from "./postgres.ts";
import { startWsProxy } from "./ws-proxy.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test role on a migrated database shared by the whole run; prefer `createDatabase(pgUrl, pgTemplate)`. */
    pgUrl?: string;
    /** The migrated template database's name, for `CREATE DATABASE x TEMPLATE <pgTemplate>`. */
    pgTemplate?: string;
    /** Whether migrations/ had a journal to apply (before drizzle-kit's first output it has none). */
    pgMigrated?: boolean;
    /** The database the Worker in workerd is bound to (DATABASE_URL in the workers project). */
    pgWorkersUrl?: string;
    /** `127.0.0.1:<port>/v1`: `neonConfig.wsProxy` on Node, NEON_WS_PROXY for the Worker. */
    wsProxy?: string;
    /** Why the real-Postgres tiers are skipped, when they are. */
    pgSkipped?: string;
    chromiumPath?: string;
    /** Why the browser tier is skipped, when it is. */
    chromiumSkipped?: string;
  }
}

export const TEMPLATE_DATABASE = "labgrader_template";
const WORKERS_DATABASE = "labgrader_workers";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = findChromium();
  if ("skipped" in chromium) project.provide("chromiumSkipped", chromium.skipped);
  else project.provide("chromiumPath", chromium.path);

  if (!runNeedsPostgres(project)) {
    project.provide("pgSkipped", "not started: no test file in this run uses it");
    return async () => {};
  }
  const server = await startPostgres();
  if ("skipped" in server) {
    project.provide("pgSkipped", server.skipped);
    return async () => {};
  }
  let proxy: Awaited<ReturnType<typeof startWsProxy>> | undefined;
  try {
    proxy = await startWsProxy();
    const template = await createDatabase(server.url, { name: TEMPLATE_DATABASE });
    const migrated = await applyMigrations(template.url, join(project.config.root, "migrations"));
    // Copies are made only after migrating: a template must have no open connections.
    const shared = await createDatabase(server.url, { template: TEMPLATE_DATABASE, name: "labgrader_shared" });
    const workers = await createDatabase(server.url, { template: TEMPLATE_DATABASE, name: WORKERS_DATABASE });
    project.provide("pgUrl", shared.url);
    project.provide("pgTemplate", TEMPLATE_DATABASE);
    project.provide("pgMigrated", migrated);
    project.provide("pgWorkersUrl", workers.url);
    project.provide("wsProxy", proxy.address);
  } catch (error) {
    await proxy?.close();
    await server.stop();
    throw error;
  }
  return async () => {
    await proxy?.close();
    await server.stop();
  };
}

/**
 * A run of only the core tests (test/sim, test/cli, ...) should neither wait for nor depend on
 * a database server. The files of this run are known before globalSetup (vitest's state API is
 * marked experimental, so when it is missing the server is started anyway). A file needs it if
 * it runs in workerd or is a service test or names one of the provided database keys.
 */
function runNeedsPostgres(project: TestProject): boolean {
  let paths: string[];
  try {
    paths = project.vitest.state.getPaths();
  } catch {
    return true;
  }
  if (paths.length === 0) return true;
  return paths.some((path) => {
    const p = path.split(sep).join("/");
    if (p.includes("/test/workers/") || p.includes("/test/service/")) return true;
    try {
      return /\b(pgUrl|pgTemplate|pgWorkersUrl|wsProxy)\b/.test(readFileSync(path, "utf8"));
    } catch {
      return true;
    }
  });
}

async function applyMigrations(url: string, migrationsFolder: string): Promise<boolean> {
  if (!existsSync(join(migrationsFolder, "meta", "_journal.json"))) return false;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
  return true;
}

/** The Chromium the browser tests launch: CHROMIUM_PATH, else Debian's or one on PATH. */
export function findChromium(): { path: string } | Skipped {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    return existsSync(fromEnv) ? { path: fromEnv } : { skipped: `CHROMIUM_PATH=${fromEnv} does not exist` };
  }
  const names = ["chromium", "chromium-browser", "google-chrome"];
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of ["/usr/bin", ...dirs]) {
      const path = join(dir, name);
      if (existsSync(path)) return { path };
    }
  }
  return { skipped: "Chromium is not installed (apt-get install chromium)" };
}
