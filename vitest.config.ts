import { randomBytes } from "node:crypto";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Miniflare would otherwise fetch Cloudflare's request metadata and report usage over the
// network; tests must run offline.
process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.WRANGLER_SEND_ERROR_REPORTS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

// A fresh operator token per run for the Worker under test, so no fixed secret is written down.
const operatorToken = `op_test_${randomBytes(16).toString("hex")}`;

// CI has the machine to itself; elsewhere several runs may share two cores.
const maxWorkers = process.env.CI ? 2 : 1;

export default defineConfig({
  test: {
    // Runs once per run for every project: the real Postgres and the WebSocket proxy the
    // Neon driver reaches it through (or the reason they are skipped). Projects below do not
    // `extends: true` so that it is not started a second time.
    globalSetup: ["test/support/global-setup.ts"],
    maxWorkers,
    projects: [
      {
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**", "node_modules/**"],
          pool: "threads",
          maxWorkers,
          testTimeout: 120_000,
          // A service test file starts its own PGlite (initdb takes seconds, more under load).
          hookTimeout: 120_000,
        },
      },
      {
        // The Worker (wrangler.toml's main) in workerd. Its database is known only after
        // globalSetup has started Postgres, so the pool options are a function of `inject`,
        // which pool-workers calls when it starts the pool, after globalSetup.
        plugins: [
          cloudflareTest(({ inject }) => {
            const databaseUrl = inject("pgWorkersUrl");
            const wsProxy = inject("wsProxy");
            return {
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  // Without PostgreSQL the Worker still gets a (closed) address, so the routes
                  // that need no database are tested in workerd; the rest skip with pgSkipped.
                  DATABASE_URL: databaseUrl ?? "postgres://no-postgres@127.0.0.1:9/skipped",
                  // The Worker's Neon driver opens ws://<NEON_WS_PROXY>?address=<db host>:<port>
                  // instead of Neon's wss:// endpoint.
                  ...(wsProxy ? { NEON_WS_PROXY: wsProxy } : {}),
                  // Lets the suite provision its own tenants; tests read it back from `env`.
                  LABGRADER_OPERATOR_TOKEN: operatorToken,
                },
              },
            };
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
