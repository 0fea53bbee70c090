/** Every /api/v1 route, registered in one place. */
import { Hono } from "hono";
import type { AppEnv } from "../context.ts";
import { registerAssignmentRoutes } from "./assignments.ts";
import { registerAuditRoute } from "./audit.ts";
import { registerCourseRoutes } from "./courses.ts";
import { registerGradeRoute } from "./grade.ts";
import { registerGradebookRoute } from "./gradebook.ts";
import { registerIntegrationRoutes } from "./integrations.ts";
import { registerKeyRoutes } from "./keys.ts";
import { registerLabRoutes } from "./labs.ts";
import { registerDocsRoutes } from "./openapi.ts";
import { registerStudentApiRoutes } from "./students.ts";
import { registerSubmissionRoutes } from "./submissions.ts";
import { registerTenantRoutes } from "./tenants.ts";

export function registerV1(app: Hono<AppEnv>): void {
  const v1 = new Hono<AppEnv>();
  registerDocsRoutes(v1);
  registerTenantRoutes(v1);
  registerKeyRoutes(v1);
  registerLabRoutes(v1);
  registerCourseRoutes(v1);
  registerGradebookRoute(v1);
  registerAssignmentRoutes(v1);
  registerStudentApiRoutes(v1);
  registerSubmissionRoutes(v1);
  registerGradeRoute(v1);
  registerIntegrationRoutes(v1);
  registerAuditRoute(v1);
  app.route("/api/v1", v1);
}
