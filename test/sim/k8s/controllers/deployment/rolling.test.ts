import { describe, expect, it } from "vitest";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import type { Cluster } from "../../../../../src/sim/k8s/cluster.ts";
import { isPodAvailable } from "../../../../../src/sim/k8s/controllers/controller-utils/pod-filters.ts";
import { cluster, create, deployment, edit, eventsOf, podsOf, replicaSetsOf } from "../helpers.ts";

const done = (c: Cluster, name: string) => {
  const d = c.store.get("deployments.apps", "default", name)!;
  const s = d.status ?? {};
  const r = d.spec.replicas;
  return (
    s.updatedReplicas === r &&
    s.replicas === r &&
    s.availableReplicas === r &&
    s.observedGeneration === d.metadata.generation
  );
};

function runUntilDone(c: Cluster, name: string, limitMs = 600_000): void {
  for (let t = 0; t < limitMs && !done(c, name); t += 1000) c.advance(1000);
  expect(done(c, name)).toBe(true);
}

/** Watches every store write during `f`, checking pod counts after each. */
function watchPods(c: Cluster, name: string, minReady: number, f: () => void) {
  let maxPods = 0;
  let minAvailable = Number.POSITIVE_INFINITY;
  const stop = c.store.watch((e) => {
    if (e.resource !== "pods") return;
    const pods = podsOf(c, name);
    const now = c.clock.now();
    maxPods = Math.max(maxPods, pods.length);
    minAvailable = Math.min(minAvailable, pods.filter((p) => isPodAvailable(p, minReady, now)).length);
  });
  try {
    f();
  } finally {
    stop();
  }
  return { maxPods, minAvailable };
}

describe("a RollingUpdate", () => {
  it.each([
    ["3 replicas at the default 25%/25% never drop below 3 available nor exceed 4 pods", 3, "25%", "25%", 0, 4, 3],
    ["10 replicas with surge 3 and unavailable 2 stay within 13 pods and 8 available", 10, 3, 2, 0, 13, 8],
    ["10 replicas at 25%/25% with minReadySeconds 5 stay within 13 and 8", 10, "25%", "25%", 5, 13, 8],
    ["4 replicas with surge 0 and unavailable 1 never run a fifth pod", 4, 0, 1, 0, 4, 3],
    ["5 replicas with surge 2 and unavailable 0 with minReadySeconds 3 keep all 5 available", 5, 2, 0, 3, 7, 5],
  ] as const)("%s", (_name, replicas, maxSurge, maxUnavailable, minReady, maxPods, minAvailable) => {
    const c = cluster();
    create(
      c,
      deployment("web", replicas, "nginx:1.10", {
        minReadySeconds: minReady,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } },
      }),
    );
    runUntilDone(c, "web");
    const seen = watchPods(c, "web", minReady, () => {
      edit(c, "deployments.apps", "web", (d) => {
        d.spec.template.spec.containers[0].image = "nginx:1.11";
      });
      runUntilDone(c, "web");
    });
    // Checked after every pod write: the budget is used to the full and never overstepped.
    expect(seen).toEqual({ maxPods, minAvailable });
    const pods = podsOf(c, "web");
    expect(pods).toHaveLength(replicas);
    expect(pods.every((p) => p.spec.containers[0].image === "nginx:1.11")).toBe(true);
    const rss = replicaSetsOf(c, "web").map((rs) => [
      rs.metadata.annotations?.["deployment.kubernetes.io/revision"],
      rs.spec.replicas,
    ]);
    expect(rss.sort()).toEqual([
      ["1", 0],
      ["2", replicas],
    ]);
  });

  it("names ReplicaSets <deployment>-<pod-template-hash> and pods <replicaset>-<5 characters>", () => {
    const c = cluster();
    create(c, deployment("web", 2, "nginx:1.10"));
    const [rs] = replicaSetsOf(c, "web");
    const hash = rs.metadata.labels?.["pod-template-hash"] ?? "";
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.metadata.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "2",
      "deployment.kubernetes.io/max-replicas": "3",
      "deployment.kubernetes.io/revision": "1",
    });
    for (const p of podsOf(c, "web")) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
  });

  it("records ScalingReplicaSet events in each version's wording", () => {
    for (const [version, first] of [
      ["1.21", "Scaled up replica set web-HASH to 2"],
      ["1.33", "Scaled up replica set web-HASH from 0 to 2"],
    ]) {
      const c = cluster(version);
      create(c, deployment("web", 2, "nginx:1.10"));
      const hash = replicaSetsOf(c, "web")[0].metadata.labels?.["pod-template-hash"];
      expect(eventsOf(c, "web")).toEqual([`Normal ScalingReplicaSet ${first.replace("HASH", hash ?? "")}`]);
    }
  });

  it("shares a scale-up proportionally between the ReplicaSets of a stuck rollout", () => {
    const c = cluster();
    create(
      c,
      deployment("web", 10, "nginx:1.10", {
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
      }),
    );
    runUntilDone(c, "web");
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.template.spec.containers[0].image = "nginx:does-not-exist";
    });
    c.advance(10_000);
    const sizes = () =>
      Object.fromEntries(
        replicaSetsOf(c, "web").map((rs) => [
          rs.metadata.annotations?.["deployment.kubernetes.io/revision"],
          rs.spec.replicas,
        ]),
      );
    expect(sizes()).toEqual({ "1": 8, "2": 5 });
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.replicas = 20;
    });
    expect(sizes()).toEqual({ "1": 14, "2": 9 });
    const old = replicaSetsOf(c, "web").find((rs) => rs.spec.replicas === 14)!;
    expect(eventsOf(c, "web")).toContain(
      `Normal ScalingReplicaSet Scaled up replica set ${old.metadata.name} from 8 to 14`,
    );
  });
});

describe("a Recreate rollout", () => {
  it("takes every old pod down before the first new one starts", () => {
    const c = cluster();
    create(c, deployment("web", 3, "nginx:1.10", { strategy: { type: "Recreate" } }));
    runUntilDone(c, "web");
    let overlap = false;
    const stop = c.store.watch((e) => {
      if (e.resource !== "pods") return;
      const images = new Set(podsOf(c, "web").map((p: KObject) => p.spec.containers[0].image));
      if (images.size > 1) overlap = true;
    });
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.template.spec.containers[0].image = "nginx:1.11";
    });
    runUntilDone(c, "web");
    stop();
    expect(overlap).toBe(false);
    expect(podsOf(c, "web").map((p) => p.spec.containers[0].image)).toEqual(["nginx:1.11", "nginx:1.11", "nginx:1.11"]);
    const [oldRS, newRS] = replicaSetsOf(c, "web").sort((a, b) =>
      a.metadata.annotations!["deployment.kubernetes.io/revision"] <
      b.metadata.annotations!["deployment.kubernetes.io/revision"]
        ? -1
        : 1,
    );
    expect(eventsOf(c, "web").slice(1)).toEqual([
      `Normal ScalingReplicaSet Scaled down replica set ${oldRS.metadata.name} from 3 to 0`,
      `Normal ScalingReplicaSet Scaled up replica set ${newRS.metadata.name} from 0 to 3`,
    ]);
  });
});

describe("progress and history", () => {
  it("reports ProgressDeadlineExceeded once no progress is made for progressDeadlineSeconds", () => {
    const c = cluster();
    create(c, deployment("web", 2, "nginx:1.10", { progressDeadlineSeconds: 30 }));
    runUntilDone(c, "web");
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.template.spec.containers[0].image = "nginx:does-not-exist";
    });
    const progressing = () =>
      c.store
        .get("deployments.apps", "default", "web")!
        .status.conditions.find((x: { type: string }) => x.type === "Progressing");
    c.advance(30_000);
    expect(progressing()).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    c.advance(2000);
    const newRS = replicaSetsOf(c, "web").find(
      (rs) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"] === "2",
    )!;
    expect(progressing()).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    expect(c.store.get("deployments.apps", "default", "web")!.status.conditions[0]).toMatchObject({
      type: "Available",
      status: "True",
      reason: "MinimumReplicasAvailable",
      message: "Deployment has minimum availability.",
    });
  });

  it("keeps at most revisionHistoryLimit old ReplicaSets", () => {
    const c = cluster();
    create(c, deployment("web", 1, "nginx:1.10", { revisionHistoryLimit: 1 }));
    for (const tag of ["1.11", "1.12", "1.13"]) {
      edit(c, "deployments.apps", "web", (d) => {
        d.spec.template.spec.containers[0].image = `nginx:${tag}`;
      });
      runUntilDone(c, "web");
    }
    const revisions = replicaSetsOf(c, "web").map(
      (rs) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"],
    );
    expect(revisions.sort()).toEqual(["3", "4"]);
  });

  it("does not roll out while paused, and does once resumed", () => {
    const c = cluster();
    create(c, deployment("web", 2, "nginx:1.10"));
    runUntilDone(c, "web");
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.paused = true;
    });
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.template.spec.containers[0].image = "nginx:1.11";
    });
    c.advance(10_000);
    expect(replicaSetsOf(c, "web")).toHaveLength(1);
    const cond = () =>
      c.store
        .get("deployments.apps", "default", "web")!
        .status.conditions.find((x: { type: string }) => x.type === "Progressing");
    expect(cond()).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    edit(c, "deployments.apps", "web", (d) => {
      delete d.spec.paused;
    });
    expect(replicaSetsOf(c, "web")).toHaveLength(2);
    runUntilDone(c, "web");
    expect(cond()).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable" });
  });

  it("a rollback to an old template reuses its ReplicaSet under a new revision, remembering the old one", () => {
    const c = cluster();
    create(c, deployment("web", 1, "nginx:1.10"));
    runUntilDone(c, "web");
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.template.spec.containers[0].image = "nginx:1.11";
    });
    runUntilDone(c, "web");
    edit(c, "deployments.apps", "web", (d) => {
      d.spec.template.spec.containers[0].image = "nginx:1.10";
    });
    runUntilDone(c, "web");
    expect(replicaSetsOf(c, "web")).toHaveLength(2);
    const reused = replicaSetsOf(c, "web").find((rs) => rs.spec.template.spec.containers[0].image === "nginx:1.10")!;
    expect(reused.metadata.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "3",
      "deployment.kubernetes.io/revision-history": "1",
    });
    expect(
      c.store.get("deployments.apps", "default", "web")!.metadata.annotations?.["deployment.kubernetes.io/revision"],
    ).toBe("3");
  });
});
