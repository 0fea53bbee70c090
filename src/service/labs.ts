/**
 * Which lab a tenant means: an uploaded lab (newest version, or a pinned one) or the built-in
 * catalogue. An assignment always pins a stored version, so a catalogue lab is copied into the
 * tenant's lab versions when an assignment first uses it, and later catalogue changes do not
 * change a running assignment.
 */
import { type LabVersion, labRepo } from "../db/repos/labs.ts";
import type { Tx } from "../db/types.ts";
import type { Lab } from "../grading/types.ts";
import { catalogueSource, loadLabCached } from "../labs/catalogue.ts";

export type LabRef = { labId: string; labSource: "catalogue" | "tenant"; labVersion: string };

export class LabProblem extends Error {
  constructor(
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

/** Resolves a lab id for a new assignment and pins its current version. */
export async function pinLab(tx: Tx, tenantId: string, labId: string): Promise<LabRef> {
  const repo = labRepo(tx, tenantId);
  const uploaded = await repo.find(labId);
  if (uploaded) return { labId, labSource: "tenant", labVersion: uploaded.version };
  const source = catalogueSource(labId);
  if (!source) throw new LabProblem(`no lab "${labId}" in this tenant's labs or the built-in catalogue`);
  const lab = await loadLabCached(source);
  if ("errors" in lab) throw new LabProblem(`the built-in lab "${labId}" does not load`, lab.errors);
  if (!(await repo.find(labId, lab.version))) {
    await repo.add({ labId, version: lab.version, title: lab.title, files: source.files, source: "catalogue" });
  }
  return { labId, labSource: "catalogue", labVersion: lab.version };
}

/**
 * Pinned labs already loaded, by tenant, lab id and version. A stored version never changes, so
 * a grading in the same process needs no database read for its lab.
 */
const pinned = new Map<string, Lab>();
const PINNED_LIMIT = 500;
const pinKey = (tenantId: string, ref: LabRef) => `${tenantId}\u0000${ref.labId}\u0000${ref.labVersion}`;

export function cachedPinnedLab(tenantId: string, ref: LabRef): Lab | undefined {
  return pinned.get(pinKey(tenantId, ref));
}

/** The Lab an assignment pinned. */
export async function pinnedLab(tx: Tx, tenantId: string, ref: LabRef): Promise<Lab> {
  const hit = cachedPinnedLab(tenantId, ref);
  if (hit) return hit;
  const row = await labRepo(tx, tenantId).find(ref.labId, ref.labVersion);
  if (!row) throw new LabProblem(`lab ${ref.labId} version ${ref.labVersion} is not stored`);
  const lab = await loadRow(row);
  if (pinned.size >= PINNED_LIMIT) pinned.delete(pinned.keys().next().value as string);
  pinned.set(pinKey(tenantId, ref), lab);
  return lab;
}

export async function loadRow(row: LabVersion): Promise<Lab> {
  const lab = await loadLabCached({ dir: `labs/${row.labId}`, files: row.files }, row.version);
  if ("errors" in lab) throw new LabProblem(`lab ${row.labId} does not load`, lab.errors);
  return lab;
}
