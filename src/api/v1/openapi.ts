/** The OpenAPI 3.1 document (`/api/v1/openapi.json`) and its HTML rendering (`/api/v1/docs`). */
import type { Hono } from "hono";
import { renderApiDocsPage } from "../../web/api-docs-page.ts";
import type { AppEnv } from "../context.ts";
import { openApiDocument } from "./openapi-document.ts";

export function registerDocsRoutes(v1: Hono<AppEnv>): void {
  v1.get("/openapi.json", (c) => c.json(openApiDocument()));
  v1.get("/docs", (c) => c.html(renderApiDocsPage(openApiDocument(), { specUrl: "/api/v1/openapi.json" })));
}
