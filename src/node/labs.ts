/**
 * Reading labs from disk (Node only): a lab id names a folder of the built-in catalogue in
 * labs/, a path names any folder holding a lab.yaml.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LAB_LIMITS, type LabSource } from "../grading/lab/load.ts";

/** The package's labs/ folder, found by walking up from this module (src/node/ or dist/). */
export const CATALOGUE_DIR = findCatalogue(dirname(fileURLToPath(import.meta.url)));

function findCatalogue(from: string): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "labs"))) return join(dir, "labs");
    dir = dirname(dir);
  }
  return join(from, "..", "..", "labs");
}

export type ReadLabResult = { ok: true; source: LabSource } | { ok: false; error: string };

export function catalogueIds(): string[] {
  if (!existsSync(CATALOGUE_DIR)) return [];
  return readdirSync(CATALOGUE_DIR)
    .filter((d) => existsSync(join(CATALOGUE_DIR, d, "lab.yaml")))
    .sort();
}

/** `single-pod` (catalogue id) or `./my-lab` / `labs/single-pod` (a folder). */
export function readLab(idOrPath: string): ReadLabResult {
  const asId = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(idOrPath) ? join(CATALOGUE_DIR, idOrPath) : undefined;
  const dir = asId && existsSync(join(asId, "lab.yaml")) ? asId : resolve(idOrPath);
  if (!existsSync(dir)) return { ok: false, error: `no lab "${idOrPath}": not a catalogue id and no such folder` };
  if (!statSync(dir).isDirectory()) return { ok: false, error: `${idOrPath} is not a folder` };
  if (!existsSync(join(dir, "lab.yaml"))) return { ok: false, error: `${idOrPath} has no lab.yaml` };
  const files: Record<string, string> = {};
  let count = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) {
        if (++count > LAB_LIMITS.files) throw new Error(`more than ${LAB_LIMITS.files} files`);
        if (st.size > LAB_LIMITS.fileBytes)
          throw new Error(`${relative(dir, full)} is larger than ${LAB_LIMITS.fileBytes} bytes`);
        files[relative(dir, full).split("\\").join("/")] = readFileSync(full, "utf8");
      }
    }
  };
  try {
    walk(dir);
  } catch (e) {
    return { ok: false, error: `${idOrPath}: ${(e as Error).message}` };
  }
  const shown = relative(process.cwd(), dir) || ".";
  return { ok: true, source: { dir: shown, files } };
}
