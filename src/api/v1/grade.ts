/** `POST /api/v1/grade`: grade a submission against a lab without storing anything (trying a lab out). */
import type { Hono } from "hono";
import { labRepo } from "../../db/repos/labs.ts";
import { grade } from "../../grading/grade.ts";
import type { Lab, Submission } from "../../grading/types.ts";
import { catalogueSource, loadLabCached } from "../../labs/catalogue.ts";
import { loadRow } from "../../service/labs.ts";
import { requireKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { ApiError } from "../errors.ts";
import { jsonBody } from "../validate.ts";
import { loadUploaded } from "./labs.ts";
import { GradeRequest } from "./schemas.ts";
import { tenantTx } from "./util.ts";

export function registerGradeRoute(v1: Hono<AppEnv>): void {
  v1.post("/grade", requireKey(), async (c) => {
    const body = await jsonBody<{
      lab?: string;
      labFiles?: Record<string, string>;
      student?: string;
      submission: Submission;
    }>(c, GradeRequest);
    let lab: Lab;
    if (body.labFiles) lab = await loadUploaded(body.labFiles);
    else {
      const id = body.lab!;
      const stored = await tenantTx(c, (tx, t) => labRepo(tx, t).find(id));
      if (stored) lab = await loadRow(stored);
      else {
        const source = catalogueSource(id);
        const loaded = source ? await loadLabCached(source) : undefined;
        if (!loaded || "errors" in loaded) {
          throw new ApiError("invalid", `no lab "${id}" in this tenant's labs or the built-in catalogue`, {
            errors: [{ pointer: "/lab", detail: "no such lab" }],
          });
        }
        lab = loaded;
      }
    }
    const { report } = grade(lab, body.submission, body.student ? { student: body.student } : {});
    return c.json(report);
  });
}
