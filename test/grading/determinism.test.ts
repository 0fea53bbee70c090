// biome-ignore-all lint/suspicious/noThenProperty: a scenario check's `then` is the lab format's field name (src/grading/types.ts).
/**
 * Same submission, same report, to the byte: graded twice in one process (the second time
 * from the cached bootstrap; the last scenario or http check perturbs the graded simulation) and in
 * fresh module graphs (nothing cached), for catalogue labs with and without scenario forks.
 */
import { describe, expect, it, vi } from "vitest";
import { lenderOf } from "../../src/grading/grade.ts";
import type { Check } from "../../src/grading/types.ts";

const LABS = ["single-pod", "noexecute-toleration", "replicaset-selectors", "service-exposure"];

/** Grades every solution of a lab with a freshly imported grader (its own caches). */
async function gradeAllFresh(id: string, times: number): Promise<string[]> {
  vi.resetModules();
  const { grade } = await import("../../src/grading/grade.ts");
  const { loadLab } = await import("../../src/grading/lab/load.ts");
  const { solutionSubmission } = await import("../../src/grading/lab-test.ts");
  const { readLab } = await import("../../src/node/labs.ts");
  const read = readLab(id);
  if (!read.ok) throw new Error(read.error);
  const loaded = await loadLab(read.source);
  if (!loaded.ok) throw new Error(`${id} does not load`);
  const lab = loaded.lab;
  const out: string[] = [];
  for (let i = 0; i < times; i++) {
    for (const s of [lab.solutions.reference, ...lab.solutions.wrong]) {
      out.push(JSON.stringify(grade(lab, solutionSubmission(lab, s), { student: s.student })));
    }
  }
  return out;
}

describe("grading is deterministic to the byte", () => {
  it.each(LABS)("%s: twice in one process and once in a fresh one give the same JSON", async (id) => {
    const [first, second] = chunk(await gradeAllFresh(id, 2));
    const [fresh] = chunk(await gradeAllFresh(id, 1), 1);
    expect(second).toEqual(first);
    expect(fresh).toEqual(first);
  });
});

function chunk(all: string[], parts = 2): string[][] {
  const n = all.length / parts;
  return Array.from({ length: parts }, (_, i) => all.slice(i * n, (i + 1) * n));
}

const resource = { kind: "resource", resource: "pods", name: "web" } as Check;
const scenario: Check = { kind: "scenario", steps: [], then: resource };
const http = { kind: "http", url: "http://web" } as Check;
const command: Check = { kind: "command", pattern: "kubectl" };
const cp = (id: string, check: Check, requires?: string[]) => ({ id, check, ...(requires ? { requires } : {}) });

describe("which checkpoint may perturb the graded simulation instead of a rebuilt one", () => {
  it.each([
    ["the last scenario", [cp("a", resource), cp("b", scenario), cp("c", scenario)], 2],
    [
      "a scenario followed by checks that read the cluster (it is evaluated last)",
      [cp("a", scenario), cp("b", resource)],
      0,
    ],
    ["an http check", [cp("a", http), cp("b", command)], 0],
    [
      "an earlier scenario, when the last one is required by another checkpoint",
      [cp("a", scenario), cp("b", scenario), cp("c", resource, ["b"])],
      0,
    ],
    ["none, when the only scenario is required", [cp("a", scenario), cp("b", resource, ["a"])], -1],
    ["none, when there is no scenario or http check", [cp("a", resource), cp("b", command)], -1],
  ] as [string, { id: string; check: Check; requires?: string[] }[], number][])("%s", (_name, checkpoints, want) => {
    expect(lenderOf(checkpoints)).toBe(want);
  });
});
