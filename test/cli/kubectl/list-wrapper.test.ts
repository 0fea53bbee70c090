import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/index.ts";

describe("the List that generic printers see", () => {
  const cases: [string, string][] = [
    ["1.21", '{"resourceVersion":"","selfLink":""}'],
    ["1.33", '{"resourceVersion":""}'],
  ];
  for (const [version, metadata] of cases) {
    it(`jsonpath over a list sees the List wrapper of kubectl ${version}`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      const r = await sim.exec("kubectl get nodes -o jsonpath='{.kind} {.metadata}'");
      expect(r).toEqual({ stdout: `List ${metadata}`, stderr: "", exitCode: 0 });
    });
  }
});
