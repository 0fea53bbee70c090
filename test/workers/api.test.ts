/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The instructor API suite against the Worker as Cloudflare runs it: src/worker.ts in workerd,
 * reached through `SELF`, with the run's real PostgreSQL behind the Neon driver and the test
 * WebSocket proxy. The bindings (DATABASE_URL, NEON_WS_PROXY, the operator token) come from
 * the workers project in vitest.config.ts. The Worker's clock is the real one, so the suite
 * waits out its one short cooldown.
 */
import { env, SELF } from "cloudflare:test";
import { inject } from "vitest";
import { defineApiSuite } from "../service/api-suite.ts";

const pgSkipped = inject("pgSkipped");

defineApiSuite(
  "the Worker in workerd",
  () => ({
    fetch: (path, init) => SELF.fetch(`http://labgrader.test${path}`, init),
    operatorToken: (env as { LABGRADER_OPERATOR_TOKEN?: string }).LABGRADER_OPERATOR_TOKEN ?? "",
  }),
  pgSkipped ? { skip: `workerd + real Postgres — ${pgSkipped}` } : {},
);
