/**
 * Runs every golden transcript in test/golden/kubectl/ against a fresh simulation of its
 * Kubernetes version and compares each command's stdout, stderr and exit code in full.
 *
 * `UPDATE_GOLDEN=1 npx vitest run test/golden` rewrites the expected parts from what the
 * simulation prints. That only records: every expectation committed here was checked line by
 * line against upstream kubectl (its source, its docs, or the real client for client-side
 * output) — review the diff the same way before committing an update.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../src/index.ts";
import { type GoldenStep, parseGolden, renderGolden, renderStep } from "./transcript.ts";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "kubectl");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const names = readdirSync(DIR)
  .filter((n) => n.endsWith(".txt"))
  .sort();

describe("golden kubectl transcripts", () => {
  for (const name of names) {
    it(`${name} prints what kubectl prints, command by command`, async () => {
      const path = join(DIR, name);
      const parsed = parseGolden(readFileSync(path, "utf8"));
      if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
      const g = parsed.golden;
      const sim = await createSimulation({ kubernetesVersion: g.version, seed: g.seed });
      for (const f of g.files) sim.writeFile(f.name, f.text);
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
    });
  }
});
