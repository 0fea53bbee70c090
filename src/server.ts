/**
 * The Node entry: the same app as the Worker, on an embedded PGlite database in `.data/` (or
 * any Postgres with DATABASE_URL), migrations applied on start, a demo tenant on first start,
 * and the grade-passback outbox swept every few seconds. `PORT` picks the port (default 8787).
 */
import { availableParallelism } from "node:os";
import { serve } from "@hono/node-server";
import { createApp } from "./api/app.ts";
import type { Deps } from "./api/context.ts";
import { openNodeDatabase } from "./db/node.ts";
import { admissionGate } from "./node/admission.ts";
import { gradingPool } from "./node/grading-pool.ts";
import { seedDemo } from "./service/seed.ts";
import { periodicSweep } from "./service/sweep.ts";

export interface ServerOptions {
  port: number;
  /** The interface to listen on (default 127.0.0.1; 0.0.0.0 to serve other machines). */
  host?: string;
  databaseUrl?: string;
  dataDir?: string;
  operatorToken?: string;
  publicUrl?: string;
  rateLimitPerMinute?: number;
  /** Requests handled at once; later ones wait in arrival order (default 4). */
  concurrency?: number;
  /**
   * Threads that grade, beside the one serving requests and the database (default: one per core
   * but one; 0 grades on the serving thread).
   */
  gradingThreads?: number;
  /** Create the demo tenant on first start (default true). */
  seed?: boolean;
  /** Sweep the outbox this often (ms; 0 disables). */
  sweepEveryMs?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  demo?: Awaited<ReturnType<typeof seedDemo>>;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const write = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (e: Record<string, unknown>) => write(JSON.stringify({ time: new Date().toISOString(), ...e }));
  const database = await openNodeDatabase({
    ...(opts.databaseUrl ? { url: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  });
  const pending = new Set<Promise<unknown>>();
  const threads = opts.gradingThreads ?? availableParallelism() - 1;
  const pool = threads > 0 ? gradingPool(threads) : undefined;
  const deps: Deps = {
    openDb: () => database.handle(),
    now: () => new Date(),
    fetch: (input, init) => fetch(input, init),
    waitUntil: (p) => {
      const tracked = p.catch((e) => log({ level: "error", msg: "background task failed", error: String(e) }));
      pending.add(tracked);
      tracked.finally(() => pending.delete(tracked));
    },
    config: {
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 600,
      ...(opts.operatorToken ? { operatorToken: opts.operatorToken } : {}),
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    },
    log,
    ...(pool ? { grade: pool.grade } : {}),
  };
  const demo = opts.seed === false ? undefined : await seedDemo(database.db, deps.now());
  const app = createApp(() => deps);
  const gate = admissionGate(opts.concurrency ?? 4);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      { fetch: (req: Request) => gate(() => app.fetch(req)), port: opts.port, hostname: opts.host ?? "127.0.0.1" },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  let sweeping = false;
  const timer =
    (opts.sweepEveryMs ?? 5000) > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          periodicSweep(database.db, deps)
            .catch((e) => log({ level: "error", msg: "periodic sweep failed", error: String(e) }))
            .finally(() => {
              sweeping = false;
            });
        }, opts.sweepEveryMs ?? 5000)
      : undefined;
  timer?.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ...(demo ? { demo } : {}),
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...pending]);
      await pool?.close();
      await database.close();
    },
  };
}

function bannerFor(url: string, demo: NonNullable<RunningServer["demo"]>): string {
  return [
    "",
    "labgrader is running with a demo tenant (shown once: the keys are stored hashed).",
    "",
    `  Student link (open it in a browser):  ${url}${demo.studentPath}`,
    `  Admin API key:       ${demo.adminKey}`,
    `  Instructor API key:  ${demo.instructorKey}`,
    `  Course:              ${demo.courseId}`,
    `  Assignment:          ${demo.assignmentId} (lab single-pod)`,
    `  API docs:            ${url}/api/v1/docs`,
    "",
    "  Try the API:",
    `    curl -s -H "Authorization: Bearer ${demo.instructorKey}" ${url}/api/v1/assignments`,
    "",
  ].join("\n");
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/src/server.ts");
if (isMain) {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`PORT must be a port number (0-65535), not "${process.env.PORT}"\n`);
    process.exit(2);
  }
  const running = await startServer({
    port,
    ...(process.env.HOST ? { host: process.env.HOST } : {}),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: ".data/pglite" }),
    ...(process.env.LABGRADER_OPERATOR_TOKEN ? { operatorToken: process.env.LABGRADER_OPERATOR_TOKEN } : {}),
    ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
  });
  process.stdout.write(
    `labgrader listening on ${running.url} (database: ${process.env.DATABASE_URL ? "DATABASE_URL" : ".data/pglite (embedded PGlite)"})\n`,
  );
  if (running.demo)
    process.stdout.write(`${bannerFor(process.env.PUBLIC_URL?.replace(/\/$/, "") ?? running.url, running.demo)}\n`);
  else process.stdout.write("The demo tenant exists from an earlier start; its keys were printed then.\n");
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
