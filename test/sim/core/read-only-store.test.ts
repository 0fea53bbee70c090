/**
 * Stored objects are read-only: controllers, the API server and the grader share their parts
 * instead of copying them (a template between a Deployment and its ReplicaSets, a status
 * between updates), which is only sound if nothing changes a stored object in place. Here every
 * object the store keeps is frozen, so a write into one throws, and busy scripts and every
 * catalogue lab must run exactly as they do unfrozen.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildSimulation } from "../../../src/cli/simulation.ts";
import { grade } from "../../../src/grading/grade.ts";
import { loadLab } from "../../../src/grading/lab/load.ts";
import { solutionSubmission } from "../../../src/grading/lab-test.ts";
import { catalogueIds, readLab } from "../../../src/node/labs.ts";
import { deepFreeze } from "../../../src/sim/core/freeze.ts";
import { ObjectStore } from "../../../src/sim/core/store.ts";
import type { KObject } from "../../../src/sim/k8s/api/object.ts";

const SCRIPT = [
  "kubectl create deployment web --image=nginx:1.24 --replicas=3",
  "kubectl set resources deployment web --requests=cpu=100m,memory=64Mi --limits=cpu=1",
  "kubectl rollout status deployment web",
  "kubectl set image deployment web nginx=nginx:1.25",
  "kubectl rollout status deployment web",
  "kubectl rollout undo deployment web",
  "kubectl scale deployment web --replicas=5",
  "kubectl label pods -l app=web tier=front",
  "kubectl annotate deployment coredns -n kube-system note=x",
  "kubectl rollout restart deployment coredns -n kube-system",
  "kubectl expose deployment web --port=80 --type=NodePort",
  "kubectl create job once --image=busybox -- sh -c 'echo hi'",
  "kubectl taint nodes k8s-w1 gpu=yes:NoExecute",
  "kubectl drain k8s-w2 --ignore-daemonsets --force --delete-emptydir-data",
  "kubectl uncordon k8s-w2",
  "sleep 60",
  "kubectl delete deployment web",
  "sleep 60",
];

describe("with every stored object frozen", () => {
  const frozen = new WeakSet<object>();
  beforeAll(() => {
    const put = ObjectStore.prototype.put;
    ObjectStore.prototype.put = function (this: ObjectStore, resource: string, object: KObject): KObject {
      const stored = put.call(this, resource, object);
      frozen.add(deepFreeze(stored));
      return stored;
    };
  });

  it("a busy kubectl session runs to the end", () => {
    const built = buildSimulation({ seed: 7 });
    if (!built.ok) throw new Error(built.error);
    const sim = built.simulation;
    for (const line of SCRIPT) {
      const r = sim.current.shell.exec(line);
      expect({ line, exitCode: r.exitCode, stderr: r.stderr.replace(/^Warning: .*\n/gm, "") }).toEqual({
        line,
        exitCode: 0,
        stderr: "",
      });
    }
    const pod = sim.cluster.store.list("pods", "default")[0];
    expect(pod === undefined || frozen.has(pod)).toBe(true);
  });

  it.each(catalogueIds())("the %s lab's reference solution scores full marks", async (id) => {
    const read = readLab(id);
    if (!read.ok) throw new Error(read.error);
    const loaded = await loadLab(read.source);
    if (!loaded.ok) throw new Error(`${id} does not load`);
    const lab = loaded.lab;
    const ref = lab.solutions.reference;
    const { report } = grade(lab, solutionSubmission(lab, ref), { student: ref.student });
    expect(report.score).toBe(report.maxScore);
  });
});
