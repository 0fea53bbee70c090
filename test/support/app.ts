/**
 * The service in-process for tests: the real app over a real database (PGlite in memory, or a
 * real PostgreSQL through the production Neon driver), a controllable clock, background work
 * awaited on demand, and logs collected instead of printed.
 */
import { createApp } from "../../src/api/app.ts";
import type { Deps } from "../../src/api/context.ts";
import { openNeon } from "../../src/db/neon.ts";
import { openNodeDatabase } from "../../src/db/node.ts";
import type { DbHandle } from "../../src/db/types.ts";

export const OPERATOR_TOKEN = "operator-test-token-0123456789";

export interface TestService {
  /** Like fetch, against the app, with a path (`/api/v1/courses`). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  deps: Deps;
  /** Open a database handle (the same database the app uses). */
  db(): DbHandle;
  /** The clock the app reads; tests move it. */
  clock: { now: Date };
  /** Waits for everything started with waitUntil (background grading, passback). */
  settle(): Promise<void>;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface TestServiceOptions {
  /** A Postgres URL: the app reaches it through the Neon driver (wsProxy required). */
  postgres?: { url: string; wsProxy: string };
  fetch?: typeof fetch;
  rateLimitPerMinute?: number;
  start?: Date;
}

export async function startTestService(opts: TestServiceOptions = {}): Promise<TestService> {
  const clock = { now: opts.start ?? new Date("2026-03-02T09:00:00.000Z") };
  let openDb: () => DbHandle;
  let close: () => Promise<void>;
  if (opts.postgres) {
    const { url, wsProxy } = opts.postgres;
    openDb = () => openNeon(url, wsProxy);
    close = async () => {};
  } else {
    const database = await openNodeDatabase({});
    openDb = () => database.handle();
    close = () => database.close();
  }
  const pending = new Set<Promise<unknown>>();
  const logs: Record<string, unknown>[] = [];
  const deps: Deps = {
    openDb,
    now: () => new Date(clock.now.getTime()),
    fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
    waitUntil: (p) => {
      const tracked = p.catch((e) => logs.push({ level: "error", msg: "background task failed", error: String(e) }));
      pending.add(tracked);
      tracked.finally(() => pending.delete(tracked));
    },
    config: { rateLimitPerMinute: opts.rateLimitPerMinute ?? 10_000, operatorToken: OPERATOR_TOKEN },
    log: (e) => logs.push(e),
  };
  const app = createApp(() => deps);
  return {
    fetch: async (path, init) => app.request(path, init),
    deps,
    db: openDb,
    clock,
    async settle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    logs,
    async close() {
      while (pending.size) await Promise.allSettled([...pending]);
      await close();
    },
  };
}

/** A tenant made through the operator route, with its admin key. */
export async function createTenant(
  svc: Pick<TestService, "fetch">,
  slug: string,
): Promise<{ tenantId: string; adminKey: string }> {
  const r = await svc.fetch("/api/v1/tenants", {
    method: "POST",
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ slug, name: `Tenant ${slug}` }),
  });
  if (r.status !== 201) throw new Error(`creating tenant ${slug}: ${r.status} ${await r.text()}`);
  const body = (await r.json()) as { id: string; adminKey: { key: string } };
  return { tenantId: body.id, adminKey: body.adminKey.key };
}

/** JSON request helper: `call(svc, key, "POST", "/api/v1/courses", {...})`. */
export async function call(
  svc: Pick<TestService, "fetch">,
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await svc.fetch(path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: r.status, body: parsed, headers: r.headers };
}
