import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/index.ts";

describe("kubectl apply --record", () => {
  const cases: [string, string][] = [
    ["1.21", ""],
    ["1.33", "Flag --record has been deprecated, --record will be removed in the future\n"],
  ];
  for (const [version, stderr] of cases) {
    it(`records the change cause and prints the flag's deprecation notice only where the flag is deprecated (${version})`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n");
      expect(await sim.exec("kubectl apply -f c.yaml --record")).toEqual({
        stdout: "configmap/c created\n",
        stderr,
        exitCode: 0,
      });
      const cause = await sim.exec(
        "kubectl get cm c -o jsonpath='{.metadata.annotations.kubernetes\\.io/change-cause}'",
      );
      expect(cause.stdout).toBe("kubectl apply -f c.yaml --record");
    });
  }
});
