/**
 * The service: one Hono app for Workers and Node. Every route is registered here, in one
 * visible place; the runtime entry (src/worker.ts, src/server.ts) supplies the dependencies.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { renderErrorPage } from "../web/error-page.ts";
import { type AppEnv, type Deps, setResponseHeader } from "./context.ts";
import { ApiError, type Problem, problemOf } from "./errors.ts";
import { registerJwksRoute } from "./jwks.ts";
import { registerLtiRoutes } from "./lti.ts";
import { registerStudentRoutes } from "./student/routes.ts";
import { registerV1 } from "./v1/routes.ts";
import { registerWebhookRoutes } from "./webhook.ts";

/** Largest request body: a submission's 4 MiB of files plus form encoding. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export function createApp(depsFor: (c: { env: unknown; executionCtx?: unknown }) => Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const deps = depsFor(c as never);
    const started = deps.now().getTime();
    const given = c.req.header("x-request-id");
    const requestId = given && REQUEST_ID_RE.test(given) ? given : crypto.randomUUID();
    c.set("deps", deps);
    c.set("requestId", requestId);
    let handle: ReturnType<Deps["openDb"]> | undefined;
    c.set("db", () => {
      handle ??= deps.openDb();
      return handle.db;
    });
    try {
      await next();
    } finally {
      setResponseHeader(c, "x-request-id", requestId);
      if (handle) deps.waitUntil(handle.release());
      deps.log({
        level: c.res.status >= 500 ? "error" : "info",
        msg: "request",
        requestId,
        method: c.req.method,
        path: redactPath(new URL(c.req.url).pathname),
        status: c.res.status,
        ms: deps.now().getTime() - started,
        ...(c.var.tenantId ? { tenant: c.var.tenantId } : {}),
      });
    }
  });

  const tooLarge = () => {
    throw new ApiError("too_large", `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  };
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use((c, next) => {
    // A body that states its length is judged by it, as Hono's limit judges it, without
    // touching the body: on Node that keeps the request on the server's direct path for
    // reading it. A body streamed without a length is counted as it arrives.
    const length = c.req.header("content-length");
    const method = c.req.method;
    if (
      length === undefined ||
      c.req.header("transfer-encoding") !== undefined ||
      method === "GET" ||
      method === "HEAD"
    ) {
      return limit(c, next);
    }
    return Number.parseInt(length, 10) > MAX_BODY_BYTES ? tooLarge() : next();
  });

  app.onError((err, c) => {
    const e =
      err instanceof ApiError
        ? err
        : new ApiError("internal", "the server failed to handle the request; it was logged under this request id");
    if (!(err instanceof ApiError)) {
      c.var.deps?.log({
        level: "error",
        msg: "unhandled error",
        requestId: c.var.requestId,
        error: String(err instanceof Error ? (err.stack ?? err.message) : err),
      });
    }
    const instance = new URL(c.req.url).pathname;
    const body = problemOf(e, instance, c.var.requestId ?? "");
    const wantsHtml = !instance.startsWith("/api/") && (c.req.header("accept") ?? "").includes("text/html");
    if (wantsHtml) return renderHtmlProblem(c, body);
    return new Response(JSON.stringify(body), {
      status: e.status,
      headers: { "content-type": "application/problem+json", "x-request-id": c.var.requestId ?? "", ...e.headers },
    });
  });

  app.notFound((c) => {
    throw new ApiError("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`);
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await c.var.db().execute("select 1");
      return c.json({ status: "ok", database: "ok" });
    } catch (e) {
      c.var.deps.log({ level: "error", msg: "database unreachable", error: String(e) });
      throw new ApiError("unavailable", "the database is unreachable");
    }
  });

  registerV1(app);
  registerWebhookRoutes(app);
  registerJwksRoute(app);
  registerLtiRoutes(app);
  registerStudentRoutes(app);
  return app;
}

/** A browser on a student page gets the problem as a page, not JSON. */
function renderHtmlProblem(_c: unknown, p: Problem): Response {
  return new Response(renderErrorPage({ status: p.status, title: p.title, detail: p.detail, requestId: p.requestId }), {
    status: p.status,
    headers: { "content-type": "text/html; charset=utf-8", "x-request-id": p.requestId },
  });
}

/** A student link's token is the student's key: logs name the route, never the token. */
export function redactPath(path: string): string {
  return path.replace(/^\/s\/[^/]+/, "/s/[token]");
}
