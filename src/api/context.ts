/** What every request handler gets from the Hono context: dependencies, database, identity. */
import type { Context } from "hono";
import type { ApiKey } from "../db/repos/tenants.ts";
import type { Db, DbHandle } from "../db/types.ts";
import type { Grader } from "../service/grading.ts";
import type { DeferredKey } from "./auth.ts";

export interface AppConfig {
  /** Bearer token of the operator who provisions tenants (`POST /api/v1/tenants`); unset disables it. */
  operatorToken?: string;
  /** Requests per API key per minute. */
  rateLimitPerMinute: number;
  /** The base URL students and LMS platforms reach the service at (links, JWKS). */
  publicUrl?: string;
}

/** Logs are one JSON object per line. */
export type Logger = (entry: Record<string, unknown>) => void;

export interface Deps {
  openDb(): DbHandle;
  now(): Date;
  fetch: typeof fetch;
  /** Keeps work going after the response (Workers' ctx.waitUntil; a tracked promise on Node). */
  waitUntil(p: Promise<unknown>): void;
  config: AppConfig;
  log: Logger;
  /** Where submissions are graded (the Node server's grading threads); in the request without it. */
  grade?: Grader;
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    /** The request's database, opened on first use and released after the response. */
    db: () => Db;
    tenantId: string;
    key: ApiKey;
    /** Set by `requireKeyInRoute` when the route runs the key's statements itself. */
    deferredKey?: DeferredKey;
  };
}

export type Ctx = Context<AppEnv>;

/**
 * Sets a header on the response a handler already returned, in place. Hono's `c.header` would
 * copy that response first, its body turned into a stream, which on Node also takes the
 * response off the server's direct path for a body it holds as a string. A response whose
 * headers cannot change (one made by `Response.redirect`, say) is copied as Hono copies it.
 */
export function setResponseHeader(c: Ctx, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}

export function baseUrl(c: Ctx): string {
  return (c.var.deps.config.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, "");
}
