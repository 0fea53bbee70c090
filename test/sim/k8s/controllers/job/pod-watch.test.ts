import { describe, expect, it } from "vitest";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import { createCluster } from "../../../../../src/sim/k8s/cluster.ts";
import { jobController } from "../../../../../src/sim/k8s/controllers/job/index.ts";

const FINALIZER = "batch.kubernetes.io/job-tracking";

function pod(name: string, finalizers?: string[]): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      ...(finalizers ? { finalizers } : {}),
      ownerReferences: [
        { apiVersion: "batch/v1", kind: "Job", name: "gone", uid: "uid-of-a-gone-job", controller: true },
      ],
    },
    spec: {},
  };
}

describe("the Job controller's pod watch", () => {
  it("syncs a pod whose Job is gone while it holds the tracking finalizer, and nothing else after it", () => {
    const r = createCluster({ seed: 1 });
    if (!r.ok) throw new Error(r.error);
    const watch = jobController(r.cluster).watches.pods;
    const orphaned = pod("left-behind", [FINALIZER]);
    expect(watch({ type: "MODIFIED", resource: "pods", object: orphaned, old: orphaned })).toEqual([
      "pod:default/left-behind",
    ]);
    // The answer for pods that concern no Job is shared: the key above must not have stuck to it.
    const plain = pod("other");
    expect(watch({ type: "MODIFIED", resource: "pods", object: plain, old: plain })).toEqual([]);
    expect(watch({ type: "MODIFIED", resource: "pods", object: orphaned, old: orphaned })).toEqual([
      "pod:default/left-behind",
    ]);
    expect(watch({ type: "ADDED", resource: "pods", object: plain })).toEqual([]);
  });
});
