import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../src/index.ts";

const CONTAINER_RANGE = `apiVersion: v1
kind: LimitRange
metadata:
  name: mem-limit-range
spec:
  limits:
  - default: {memory: 256Mi, cpu: 200m}
    defaultRequest: {memory: 128Mi, cpu: 100m}
    max: {memory: 1Gi, cpu: 1000m}
    min: {memory: 16Mi, cpu: 50m}
    type: Container
`;
const RATIO_RANGE = `apiVersion: v1
kind: LimitRange
metadata:
  name: limitrange-ratio
spec:
  limits:
  - maxLimitRequestRatio: {memory: 1.5, cpu: 1}
    type: Container
`;
const POD_RANGE = `apiVersion: v1
kind: LimitRange
metadata:
  name: pod-limit-range
spec:
  limits:
  - max: {memory: 1Gi}
    min: {memory: 200Mi}
    type: Pod
`;

function pod(resources: string, containers = 1): string {
  const c = Array.from(
    { length: containers },
    (_, i) => `  - name: c${i}\n    image: nginx\n    resources: ${resources}\n`,
  ).join("");
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${c}`;
}

const forbidden = (why: string) =>
  `Error from server (Forbidden): error when creating "pod.yaml": pods "p" is forbidden: ${why}\n`;

describe("LimitRanger admission", () => {
  it.each([
    [
      "a request under the minimum and a limit over the maximum are reported together",
      CONTAINER_RANGE,
      pod("{requests: {cpu: 10m, memory: 2Gi}, limits: {memory: 2Gi}}"),
      forbidden(
        "[minimum cpu usage per Container is 50m, but request is 10m, maximum memory usage per Container is 1Gi, but limit is 2Gi]",
      ),
    ],
    [
      "a single violation is not bracketed",
      CONTAINER_RANGE,
      pod("{limits: {cpu: '2'}}"),
      forbidden("maximum cpu usage per Container is 1, but limit is 2"),
    ],
    [
      "a limit above request times maxLimitRequestRatio is refused with the ratio",
      RATIO_RANGE,
      pod("{requests: {cpu: 500m, memory: 100Mi}, limits: {cpu: 500m, memory: 300Mi}}"),
      forbidden("memory max limit to request ratio per Container is 1500m, but provided ratio is 3.000000"),
    ],
    [
      "a ratio needs both a request and a limit",
      RATIO_RANGE,
      pod("{}"),
      forbidden(
        "[cpu max limit to request ratio per Container is 1, but no request is specified or request is 0, memory max limit to request ratio per Container is 1500m, but no request is specified or request is 0]",
      ),
    ],
    [
      "a Pod-type range sums the containers",
      POD_RANGE,
      pod("{limits: {memory: 600Mi}}", 2),
      forbidden("maximum memory usage per Pod is 1Gi, but limit is 1200Mi"),
    ],
    [
      "a Pod-type minimum without any request says so",
      POD_RANGE,
      pod("{}"),
      forbidden(
        "[minimum memory usage per Pod is 200Mi.  No request is specified, maximum memory usage per Pod is 1Gi.  No limit is specified]",
      ),
    ],
  ])("%s", async (_name, range, manifest, stderr) => {
    for (const version of ["1.21", "1.33"]) {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("lr.yaml", range);
      sim.writeFile("pod.yaml", manifest);
      expect((await sim.exec("kubectl apply -f lr.yaml")).exitCode).toBe(0);
      expect(await sim.exec("kubectl apply -f pod.yaml")).toEqual({ stdout: "", stderr, exitCode: 1 });
    }
  });

  it("fills in defaults, notes them in an annotation, and the QoS class follows", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
    sim.writeFile("lr.yaml", CONTAINER_RANGE);
    sim.writeFile("pod.yaml", pod("{requests: {cpu: 60m}}"));
    await sim.exec("kubectl apply -f lr.yaml");
    expect((await sim.exec("kubectl apply -f pod.yaml")).stdout).toBe("pod/p created\n");
    const r = await sim.exec(
      `kubectl get pod p -o jsonpath='{.metadata.annotations.kubernetes\\.io/limit-ranger}{"\\n"}{.spec.containers[0].resources}{"\\n"}{.status.qosClass}'`,
    );
    expect(r.stdout).toBe(
      "LimitRanger plugin set: memory request for container c0; cpu, memory limit for container c0\n" +
        '{"limits":{"cpu":"200m","memory":"256Mi"},"requests":{"cpu":"60m","memory":"128Mi"}}\n' +
        "Burstable",
    );
  });

  it("describes a LimitRange as a table of type, resource and bounds", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.21", seed: 1 });
    sim.writeFile("lr.yaml", CONTAINER_RANGE);
    await sim.exec("kubectl apply -f lr.yaml");
    expect((await sim.exec("kubectl describe limitrange mem-limit-range")).stdout).toBe(
      "Name:       mem-limit-range\n" +
        "Namespace:  default\n" +
        "Type        Resource  Min   Max  Default Request  Default Limit  Max Limit/Request Ratio\n" +
        "----        --------  ---   ---  ---------------  -------------  -----------------------\n" +
        "Container   cpu       50m   1    100m             200m           -\n" +
        "Container   memory    16Mi  1Gi  128Mi            256Mi          -\n",
    );
  });
});
