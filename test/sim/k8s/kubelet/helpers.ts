/** Shared by the kubelet tests: the textbook corpus (read from ../shared, skipped when absent) and a session runner. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createSimulation } from "../../../../src/index.ts";

export const CORPUS = join(import.meta.dirname, "../../../../../shared/corpus/book/start-docker-kubernetes");
export const HAVE_CORPUS = existsSync(CORPUS);
if (!HAVE_CORPUS) console.warn(`kubelet tests: textbook corpus not found at ${CORPUS}; corpus cases are skipped`);

export function corpus(path: string): string {
  return readFileSync(join(CORPUS, path), "utf8");
}

export type Version = "1.21" | "1.33";

/** Runs commands in one session; returns each command's combined output (stdout, then stderr, then the exit code when not 0). */
export async function transcript(
  version: Version,
  files: Record<string, string>,
  commands: string[],
): Promise<string[]> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  for (const [p, t] of Object.entries(files)) sim.writeFile(p, t);
  const out: string[] = [];
  for (const c of commands) {
    const r = await sim.exec(c);
    out.push(`${r.stdout}${r.stderr}${r.exitCode ? `[exit ${r.exitCode}]\n` : ""}`);
  }
  return out;
}
