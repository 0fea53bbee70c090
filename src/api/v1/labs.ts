/**
 * Labs: the tenant's uploads (each upload a new version, validated with line-numbered errors)
 * next to the built-in catalogue, which every tenant can use.
 */
import type { Hono } from "hono";
import { labRepo } from "../../db/repos/labs.ts";
import { loadLab } from "../../grading/lab/load.ts";
import { catalogueLabIds, catalogueSource, loadLabCached } from "../../labs/catalogue.ts";
import { requireKey } from "../auth.ts";
import type { AppEnv, Ctx } from "../context.ts";
import { ApiError, notFound } from "../errors.ts";
import { check } from "../validate.ts";
import { labVersionJson } from "./present.ts";
import { LabUploadJson } from "./schemas.ts";
import { audit, idempotent, tenantTx } from "./util.ts";

const LAB_ID_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A lab folder from the request: a lab.yaml alone (application/yaml) or `{files}` (JSON). */
export async function labFilesFrom(c: Ctx): Promise<Record<string, string>> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (/^(application|text)\/(x-)?yaml\b/.test(type)) return { "lab.yaml": await c.req.text() };
  if (/^application\/json\b/.test(type)) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ApiError("bad_request", "the body is not valid JSON");
    }
    return check<{ files: Record<string, string> }>(LabUploadJson, body).files;
  }
  throw new ApiError(
    "unsupported_media_type",
    "send lab.yaml as application/yaml, or the lab folder as JSON {files: {path: text}}",
  );
}

/** Loads an uploaded lab or throws 422 with each lint error at its file, line and column. */
export async function loadUploaded(files: Record<string, string>) {
  for (const name of Object.keys(files)) {
    if (!/^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,199}$/.test(name) || name.includes("..")) {
      throw new ApiError("invalid", `file name "${name}" is not allowed`, {
        errors: [{ pointer: `/files/${name}`, detail: "letters, digits, '.', '_', '-' and '/' only" }],
      });
    }
  }
  if (files["lab.yaml"] === undefined) {
    throw new ApiError("invalid", "the lab has no lab.yaml", {
      errors: [{ pointer: "/files/lab.yaml", detail: "missing" }],
    });
  }
  const r = await loadLab({ dir: "lab", files });
  if (!r.ok) {
    throw new ApiError(
      "invalid",
      `the lab has ${r.errors.length} error(s); the first: ${r.errors[0].file}:${r.errors[0].line}:${r.errors[0].column}: ${r.errors[0].message}`,
      {
        errors: r.errors.slice(0, 50).map((e) => ({
          pointer: `/files/${e.file.replace(/^lab\//, "")}`,
          line: e.line,
          column: e.column,
          path: e.path,
          detail: e.message,
        })),
      },
    );
  }
  if (!LAB_ID_RE.test(r.lab.id)) {
    throw new ApiError("invalid", `lab id "${r.lab.id}" must be lowercase letters, digits and '-'`);
  }
  return r.lab;
}

export function registerLabRoutes(v1: Hono<AppEnv>): void {
  const any = requireKey();
  v1.get("/labs", any, async (c) => {
    const uploaded = await tenantTx(c, (tx, t) => labRepo(tx, t).latest());
    const mine = new Set(uploaded.map((v) => v.labId));
    const catalogue = [];
    for (const id of catalogueLabIds()) {
      const lab = await loadLabCached(catalogueSource(id)!);
      if ("errors" in lab) continue;
      catalogue.push({ id, version: lab.version, title: lab.title, source: "catalogue", shadowed: mine.has(id) });
    }
    return c.json({ items: [...uploaded.map((v) => ({ ...labVersionJson(v), source: "tenant" })), ...catalogue] });
  });

  v1.post("/labs", any, idempotent, async (c) => {
    const files = await labFilesFrom(c);
    const lab = await loadUploaded(files);
    const { row, created } = await tenantTx(c, async (tx, t) => {
      const r = await labRepo(tx, t).add({ labId: lab.id, version: lab.version, title: lab.title, files });
      if (r.created) await audit(c, tx, "lab.uploaded", "lab", lab.id, { version: lab.version, seq: r.row.seq });
      return r;
    });
    return c.json({ ...labVersionJson(row), source: "tenant", created }, created ? 201 : 200);
  });

  v1.get("/labs/:id", any, async (c) => {
    const id = c.req.param("id");
    if (!LAB_ID_RE.test(id)) throw notFound("lab");
    const versions = await tenantTx(c, (tx, t) => labRepo(tx, t).versions(id));
    const source = catalogueSource(id);
    if (versions.length === 0 && !source) throw notFound("lab");
    const lab = versions[0]
      ? await loadLabCached({ dir: `labs/${id}`, files: versions[0].files }, versions[0].version)
      : await loadLabCached(source!);
    if ("errors" in lab) throw new ApiError("internal", `lab ${id} does not load`);
    return c.json({
      id,
      title: lab.title,
      instructions: lab.instructions,
      kubernetesVersion: lab.environment.kubernetesVersion ?? null,
      checkpoints: lab.checkpoints.map((k) => ({ id: k.id, title: k.title, points: k.points })),
      source: versions.length ? "tenant" : "catalogue",
      versions: versions.map(labVersionJson),
    });
  });
}
