import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/index.ts";

describe("deleting several kinds and binding to missing nodes", () => {
  it("kubectl delete deployment,pod,rs --all deletes what it listed before the garbage collector runs", async () => {
    const sim = await createSimulation({ seed: 1 });
    await sim.exec("kubectl create deployment web --image=nginx --replicas=2");
    await sim.exec("sleep 10");
    const r = await sim.exec("kubectl delete deployment,pod,rs --all");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe('deployment.apps "web" deleted');
    expect(lines.filter((l) => l.startsWith('pod "web-'))).toHaveLength(2);
    expect(lines[lines.length - 1]).toMatch(/^replicaset\.apps "web-[a-z0-9]+" deleted$/);
    expect((await sim.exec("kubectl get pods")).stderr).toBe("No resources found in default namespace.\n");
  });

  it("a pod bound to a node that does not exist stays Pending", async () => {
    const sim = await createSimulation({ seed: 1 });
    sim.writeFile(
      "p.yaml",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  nodeName: nowhere\n  containers:\n  - name: nginx\n    image: nginx\n",
    );
    await sim.exec("kubectl apply -f p.yaml");
    await sim.exec("sleep 30");
    const r = await sim.exec("kubectl get pod nginx --no-headers");
    expect(r.stdout).toMatch(/^nginx\s+0\/1\s+Pending\s+0\s+3\ds\n$/);
  });
});
