/**
 * The built-in lab catalogue, bundled (src/labs/catalogue.generated.json, written from labs/
 * by scripts/gen-catalogue.mjs) so the service offers it on every runtime, a Worker included.
 */
import { formatLintError, type LabSource, loadLab } from "../grading/lab/load.ts";
import type { Lab } from "../grading/types.ts";
import catalogue from "./catalogue.generated.json" with { type: "json" };

const labs = catalogue as Record<string, Record<string, string>>;

export function catalogueLabIds(): string[] {
  return Object.keys(labs).sort();
}

export function catalogueSource(id: string): LabSource | undefined {
  const files = Object.hasOwn(labs, id) ? labs[id] : undefined;
  return files ? { dir: `labs/${id}`, files } : undefined;
}

/** Loaded labs by content hash: the same hash is the same lab, whoever uploaded it. */
const loaded = new Map<string, Lab>();
const LOADED_LIMIT = 200;

/** Loads (and remembers) a lab; the catalogue's own labs always load. */
export async function loadLabCached(source: LabSource, version?: string): Promise<Lab | { errors: string[] }> {
  const hit = version ? loaded.get(version) : undefined;
  if (hit) return hit;
  const r = await loadLab(source);
  if (!r.ok)
    return {
      errors: r.errors.map(formatLintError),
    };
  if (loaded.size >= LOADED_LIMIT) loaded.delete(loaded.keys().next().value as string);
  loaded.set(r.lab.version, r.lab);
  return r.lab;
}
