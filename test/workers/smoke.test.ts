/// <reference types="@cloudflare/vitest-pool-workers/types" />
/**
 * The Worker as Cloudflare runs it: src/worker.ts in workerd (wrangler.toml's main), reached
 * through `SELF`, with the run's real Postgres behind the Neon driver and the test WebSocket
 * proxy (DATABASE_URL and NEON_WS_PROXY are bound in vitest.config.ts).
 */
import { SELF } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";

const pgSkipped = inject("pgSkipped");

describe("the Worker in workerd", () => {
  it("answers GET /healthz with 200 and {status: ok} without touching the database", async () => {
    const res = await SELF.fetch("http://x/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it.skipIf(pgSkipped)(
    `answers GET /readyz with 200 and {status: ok, database: ok} once a query reaches Postgres${pgSkipped ? ` (skipped tier: workerd + real Postgres — ${pgSkipped})` : ""}`,
    async () => {
      const res = await SELF.fetch("http://x/readyz");
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
    },
  );
});
