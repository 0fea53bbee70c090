/**
 * The Cloudflare Workers entry: the same app as the Node server, with Postgres through Neon's
 * serverless driver (a Pool per request, ended after the response), background grading and
 * passback through `waitUntil`, and the outbox swept on the cron trigger (wrangler.toml).
 */
import { createApp } from "./api/app.ts";
import type { Deps } from "./api/context.ts";
import { openNeon } from "./db/neon.ts";
import { periodicSweep } from "./service/sweep.ts";

export interface Env {
  DATABASE_URL: string;
  /** Local development and tests: reach a plain Postgres through this WebSocket proxy (`host:port/v1`). */
  NEON_WS_PROXY?: string;
  LABGRADER_OPERATOR_TOKEN?: string;
  PUBLIC_URL?: string;
  RATE_LIMIT_PER_MINUTE?: string;
}

interface ExecutionContextLike {
  waitUntil(p: Promise<unknown>): void;
}

function depsFor(env: Env, ctx: ExecutionContextLike): Deps {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set (wrangler secret put DATABASE_URL)");
  return {
    openDb: () => openNeon(env.DATABASE_URL, env.NEON_WS_PROXY),
    now: () => new Date(),
    fetch: (input, init) => fetch(input, init),
    waitUntil: (p) => ctx.waitUntil(p),
    config: {
      rateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 600) || 600,
      ...(env.LABGRADER_OPERATOR_TOKEN ? { operatorToken: env.LABGRADER_OPERATOR_TOKEN } : {}),
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    },
    log: (e) => console.log(JSON.stringify({ time: new Date().toISOString(), ...e })),
  };
}

const app = createApp((c) => depsFor(c.env as Env, c.executionCtx as ExecutionContextLike));

export default {
  fetch: app.fetch,
  async scheduled(_event: unknown, env: Env, ctx: ExecutionContextLike): Promise<void> {
    const deps = depsFor(env, ctx);
    const handle = deps.openDb();
    ctx.waitUntil(
      periodicSweep(handle.db, deps)
        .then((counts) => deps.log({ level: "info", msg: "periodic sweep", ...counts }))
        .finally(() => handle.release()),
    );
  },
};
