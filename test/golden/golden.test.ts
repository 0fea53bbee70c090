/**
 * Runs every golden transcript in test/golden/kubectl/ and test/golden/chapters/ against a fresh simulation of its
 * Kubernetes version and compares each command's stdout, stderr and exit code in full.
 *
 * `UPDATE_GOLDEN=1 npx vitest run test/golden` rewrites the expected parts from what the
 * simulation prints. That only records: every expectation committed here was checked line by
 * line against upstream kubectl (its source, its docs, or the real client for client-side
 * output) — review the diff the same way before committing an update.
 *
 * Transcripts replaying the textbook (`=== corpus PATH` lines) read its example files from
 * ../shared/corpus/book and are skipped, with a message, when that corpus is absent.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../src/index.ts";
import { type GoldenStep, parseGolden, renderGolden, renderStep } from "./transcript.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const DIRS = ["kubectl", "chapters"];
const BOOK = join(HERE, "../../../shared/corpus/book");
const HAVE_BOOK = existsSync(BOOK);
const UPDATE = process.env.UPDATE_GOLDEN === "1";

for (const dir of DIRS) {
  const names = readdirSync(join(HERE, dir))
    .filter((n) => n.endsWith(".txt"))
    .sort();
  const texts = names.map((n) => readFileSync(join(HERE, dir, n), "utf8"));
  const needBook = texts.some((t) => /^=== corpus /m.test(t));
  if (needBook && !HAVE_BOOK)
    console.warn(`skipping test/golden/${dir} transcripts of the textbook: ${BOOK} is absent`);

  describe(`golden ${dir} transcripts`, () => {
    names.forEach((name, i) => {
      const usesBook = /^=== corpus /m.test(texts[i]);
      it.skipIf(usesBook && !HAVE_BOOK)(`${name} prints what kubectl prints, command by command`, async () => {
        await replay(join(HERE, dir, name), texts[i]);
      });
    });
  });
}

async function replay(path: string, text: string): Promise<void> {
  const name = basename(path);
  const parsed = parseGolden(text);
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
  const g = parsed.golden;
  const sim = await createSimulation({ kubernetesVersion: g.version, seed: g.seed });
  for (const f of g.files) sim.writeFile(f.name, f.text);
  for (const c of g.corpus) sim.writeFile(basename(c), readFileSync(join(BOOK, c), "utf8"));
  const actual: GoldenStep[] = [];
  for (const step of g.steps) {
    const r = await sim.exec(step.command);
    actual.push({ command: step.command, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
  }
  if (UPDATE) {
    writeFileSync(path, renderGolden({ ...g, steps: actual }));
    return;
  }
  // Compare as rendered text so a failure shows the transcript diff.
  expect(actual.flatMap(renderStep).join("\n")).toBe(g.steps.flatMap(renderStep).join("\n"));
}
