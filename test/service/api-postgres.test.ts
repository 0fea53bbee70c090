/**
 * The instructor API suite in-process on a real PostgreSQL, reached the way the Worker reaches
 * Neon: the `@neondatabase/serverless` driver over a WebSocket, here through the test proxy.
 * The database is this file's own copy of the migrated template.
 */
import { afterAll, inject } from "vitest";
import { OPERATOR_TOKEN, startTestService, type TestService } from "../support/app.ts";
import { useLocalNeonProxy } from "../support/neon.ts";
import { createDatabase } from "../support/postgres.ts";
import { defineApiSuite } from "./api-suite.ts";

const pgSkipped = inject("pgSkipped");
let svc: TestService | undefined;
let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
afterAll(async () => {
  await svc?.close();
  await database?.drop();
});

defineApiSuite(
  "in-process on PostgreSQL through the Neon driver",
  async () => {
    const wsProxy = inject("wsProxy")!;
    useLocalNeonProxy(wsProxy);
    database = await createDatabase(inject("pgUrl")!, { template: inject("pgTemplate") });
    svc = await startTestService({ postgres: { url: database.url, wsProxy } });
    const s = svc;
    return {
      fetch: (path, init) => s.fetch(path, init),
      operatorToken: OPERATOR_TOKEN,
      wait: async (seconds) => {
        s.clock.now = new Date(s.clock.now.getTime() + seconds * 1000);
      },
    };
  },
  pgSkipped ? { skip: pgSkipped } : {},
);
