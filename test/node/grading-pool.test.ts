/**
 * The Node server's grading threads give the report grading in the request gives, byte for
 * byte, for every catalogue lab's solutions; a grading that throws comes back as the same
 * error; a thread that no longer holds a lab is sent it again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grade } from "../../src/grading/grade.ts";
import { loadLab } from "../../src/grading/lab/load.ts";
import type { Lab, Submission } from "../../src/grading/types.ts";
import { type GradingPool, gradingPool } from "../../src/node/grading-pool.ts";
import { catalogueIds, readLab } from "../../src/node/labs.ts";

let pool: GradingPool;
const labs: Lab[] = [];

beforeAll(async () => {
  pool = gradingPool(2);
  for (const id of catalogueIds()) {
    const read = readLab(id);
    if (!read.ok) throw new Error(read.error);
    const loaded = await loadLab(read.source);
    if (!loaded.ok) throw new Error(`${id} does not load`);
    labs.push(loaded.lab);
  }
}, 120_000);
afterAll(() => pool?.close());

/** Every solution a lab ships, right and wrong, as submissions. */
function solutions(lab: Lab): { name: string; submission: Submission }[] {
  const { reference, wrong = [] } = lab.solutions as {
    reference: { transcript?: string; manifests?: Record<string, string> };
    wrong?: { name: string; transcript?: string; manifests?: Record<string, string> }[];
  };
  return [{ name: "reference", ...reference }, ...wrong].map((s) => ({
    name: s.name,
    submission: s.transcript
      ? { kind: "transcript", text: s.transcript }
      : {
          kind: "manifests",
          files: Object.entries(s.manifests ?? {}).map(([name, content]) => ({ name, content })),
        },
  })) as { name: string; submission: Submission }[];
}

describe("the grading pool", () => {
  it("grades every catalogue lab's solutions to the same report as grading in-process", async () => {
    expect(labs.length).toBeGreaterThan(3);
    let graded = 0;
    for (const lab of labs) {
      const cases = solutions(lab);
      // All of a lab's solutions at once, so both threads grade it.
      const reports = await Promise.all(cases.map((c) => pool.grade(lab, c.submission, "student-7")));
      cases.forEach((c, i) => {
        const here = grade(lab, c.submission, { student: "student-7" }).report;
        expect(JSON.stringify(reports[i]), `${lab.id}: ${c.name}`).toBe(JSON.stringify(here));
        graded++;
      });
    }
    expect(graded).toBeGreaterThan(labs.length);
  });

  it("fails a grading with the error grading in-process throws", async () => {
    const broken = { ...structuredClone(labs[0]), version: "sha256:broken", checkpoints: null } as unknown as Lab;
    const submission = solutions(labs[0])[0].submission;
    let thrown: Error | undefined;
    try {
      grade(broken, submission, { student: "s" });
    } catch (e) {
      thrown = e as Error;
    }
    expect(thrown).toBeInstanceOf(Error);
    await expect(pool.grade(broken, submission, "s")).rejects.toThrow(thrown!.message);
    // The thread is still there for the next grading.
    const ok = await pool.grade(labs[0], submission, "s");
    expect(JSON.stringify(ok)).toBe(JSON.stringify(grade(labs[0], submission, { student: "s" }).report));
  });

  it("sends a lab again to a thread that let it go", async () => {
    const one = gradingPool(1);
    try {
      const lab = labs[0];
      const submission = solutions(lab)[0].submission;
      const first = await one.grade(lab, submission, "s");
      // More versions than a thread keeps: the first one is evicted there.
      for (let i = 0; i < 70; i++) {
        await one.grade({ ...lab, version: `${lab.version}-copy-${i}` }, submission, "s");
      }
      expect(JSON.stringify(await one.grade(lab, submission, "s"))).toBe(JSON.stringify(first));
    } finally {
      await one.close();
    }
  });

  it("refuses gradings once closed", async () => {
    const closing = gradingPool(1);
    await closing.close();
    await expect(closing.grade(labs[0], solutions(labs[0])[0].submission, "s")).rejects.toThrow(
      "the grading pool is closed",
    );
  });
});
