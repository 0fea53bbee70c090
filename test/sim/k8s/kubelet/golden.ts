/**
 * Golden transcripts: a session of commands replayed on a fresh seeded simulation, compared in
 * full (stdout, stderr, exit code of every step) with a file under golden/. Set
 * UPDATE_GOLDEN=1 to rewrite the files after checking the new output by hand.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createSimulation } from "../../../../src/index.ts";
import type { Version } from "./helpers.ts";

export interface Session {
  name: string;
  files?: Record<string, string>;
  commands: string[];
  versions?: Version[];
}

export async function render(version: Version, s: Session): Promise<string> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  for (const [p, t] of Object.entries(s.files ?? {})) sim.writeFile(p, t);
  let out = "";
  for (const c of s.commands) {
    const r = await sim.exec(c);
    out += `$ ${c}\n${r.stdout}${r.stderr ? `[stderr]\n${r.stderr}` : ""}${r.exitCode ? `[exit ${r.exitCode}]\n` : ""}`;
  }
  return out;
}

/** The golden text for `file`, written first when UPDATE_GOLDEN is set. */
export function golden(file: string, actual: string): string {
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  return readFileSync(file, "utf8");
}

export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
