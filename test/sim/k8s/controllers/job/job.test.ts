import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../../src/index.ts";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import type { Cluster } from "../../../../../src/sim/k8s/cluster.ts";
import {
  cluster,
  container,
  create,
  events,
  type Json,
  MANUAL,
  podNames,
  pods,
  setPhase,
  update,
} from "../daemonset/fixtures.ts";

const CORPUS = "../shared/corpus/book/start-docker-kubernetes-renewal/chapter13/job-comple-parallel.yaml";
const JOBS = "jobs.batch";
const T0 = "2026-01-05T09:00:00Z";

function job(name: string, spec: Json = {}, restartPolicy = "Never"): KObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: { template: { spec: { schedulerName: MANUAL, restartPolicy, containers: [container()] } }, ...spec },
  };
}

const status = (c: Cluster, name: string) => c.store.get(JOBS, "default", name)?.status;
const live = (c: Cluster) => pods(c).filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
const succeedAll = (c: Cluster) => {
  for (const p of live(c)) setPhase(c, p.metadata.name!, "Succeeded");
};

describe("the Job controller", () => {
  const completion: [string, string, Json][] = [
    [
      "1.21",
      "a Complete condition without reason, and only the counters",
      {
        completionTime: T0,
        conditions: [{ lastProbeTime: T0, lastTransitionTime: T0, status: "True", type: "Complete" }],
        startTime: T0,
        succeeded: 1,
      },
    ],
    [
      "1.33",
      "SuccessCriteriaMet then Complete with CompletionsReached, ready, terminating and uncountedTerminatedPods",
      {
        completionTime: T0,
        conditions: [
          {
            lastProbeTime: T0,
            lastTransitionTime: T0,
            message: "Reached expected number of succeeded pods",
            reason: "CompletionsReached",
            status: "True",
            type: "SuccessCriteriaMet",
          },
          {
            lastProbeTime: T0,
            lastTransitionTime: T0,
            message: "Reached expected number of succeeded pods",
            reason: "CompletionsReached",
            status: "True",
            type: "Complete",
          },
        ],
        ready: 0,
        startTime: T0,
        succeeded: 1,
        terminating: 0,
        uncountedTerminatedPods: {},
      },
    ],
  ];
  for (const [version, title, want] of completion) {
    it(`${version}: a finished pod completes the Job with ${title}`, () => {
      const c = cluster(version);
      create(c, job("hello"));
      const [pod] = pods(c);
      expect(pod.metadata.name).toMatch(/^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.finalizers).toEqual(version === "1.33" ? ["batch.kubernetes.io/job-tracking"] : undefined);
      setPhase(c, pod.metadata.name!, "Succeeded");
      expect(status(c, "hello")).toEqual(want);
      expect(pods(c)[0].metadata.finalizers).toBeUndefined();
      expect(events(c, "Job", "hello")).toEqual([
        ["Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`],
        ["Normal", "Completed", "Job completed"],
      ]);
    });
  }

  it("runs parallelism pods at a time until completions succeeded (8 completions, parallelism 2)", () => {
    const c = cluster("1.33");
    create(c, job("batch", { completions: 8, parallelism: 2 }));
    const running: number[] = [];
    for (let round = 0; round < 4; round++) {
      running.push(live(c).length);
      succeedAll(c);
    }
    expect(running).toEqual([2, 2, 2, 2]);
    expect(status(c, "batch")).toMatchObject({ succeeded: 8, completionTime: T0 });
    expect(status(c, "batch")?.active).toBeUndefined();
    expect(pods(c)).toHaveLength(8);
  });

  it("never runs more pods than the completions still missing", () => {
    const c = cluster("1.33");
    create(c, job("tail", { completions: 3, parallelism: 2 }));
    succeedAll(c);
    expect(live(c)).toHaveLength(1);
  });

  it("with parallelism and no completions, stops starting pods once one succeeded", () => {
    const c = cluster("1.33");
    create(c, job("queue", { parallelism: 3 }));
    expect(live(c)).toHaveLength(3);
    setPhase(c, live(c)[0].metadata.name!, "Succeeded");
    expect(live(c)).toHaveLength(2);
    expect(status(c, "queue")?.conditions).toBeUndefined();
    succeedAll(c);
    expect(status(c, "queue")?.conditions?.map((x: Json) => x.type)).toEqual(["SuccessCriteriaMet", "Complete"]);
  });

  it("replaces failed pods after a back-off of 10 s, then 20 s, and fails past backoffLimit", () => {
    const c = cluster("1.33");
    create(c, job("flaky", { backoffLimit: 2 }));
    setPhase(c, live(c)[0].metadata.name!, "Failed");
    expect(live(c)).toHaveLength(0);
    c.advance(9_000);
    expect(live(c)).toHaveLength(0);
    c.advance(1_000);
    expect(live(c)).toHaveLength(1);
    setPhase(c, live(c)[0].metadata.name!, "Failed");
    c.advance(19_000);
    expect(live(c)).toHaveLength(0);
    c.advance(1_000);
    expect(live(c)).toHaveLength(1);
    setPhase(c, live(c)[0].metadata.name!, "Failed");
    expect(pods(c)).toHaveLength(3);
    const s = status(c, "flaky");
    expect(s?.failed).toBe(3);
    expect(s?.conditions.map((x: Json) => [x.type, x.reason, x.message])).toEqual([
      ["FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
      ["Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
    ]);
    expect(events(c, "Job", "flaky").at(-1)).toEqual([
      "Warning",
      "BackoffLimitExceeded",
      "Job has reached the specified backoff limit",
    ]);
  });

  it("1.21: a failed Job has only the Failed condition", () => {
    const c = cluster("1.21");
    create(c, job("flaky", { backoffLimit: 0 }));
    setPhase(c, live(c)[0].metadata.name!, "Failed");
    expect(status(c, "flaky")?.conditions.map((x: Json) => x.type)).toEqual(["Failed"]);
    expect(status(c, "flaky")?.failed).toBe(1);
  });

  it("with restartPolicy OnFailure fails once container restarts reach backoffLimit", () => {
    const c = cluster("1.33");
    create(c, job("crash", { backoffLimit: 2 }, "OnFailure"));
    const [pod] = pods(c);
    const st = { ...pod.status, phase: "Running", containerStatuses: [{ name: "c", restartCount: 2 }] };
    c.api.update(c.typeOfStorage("pods")!, { ...pod, status: st }, { subresource: "status" });
    c.settle();
    expect(status(c, "crash")?.conditions?.at(-1)).toMatchObject({ type: "Failed", reason: "BackoffLimitExceeded" });
    expect(podNames(c)).toEqual([]);
  });

  it("fails with DeadlineExceeded once activeDeadlineSeconds pass, deleting its pods", () => {
    const c = cluster("1.33");
    create(c, job("slow", { activeDeadlineSeconds: 30 }));
    c.advance(29_000);
    expect(status(c, "slow")?.conditions).toBeUndefined();
    c.advance(1_000);
    expect(status(c, "slow")?.conditions.at(-1)).toMatchObject({
      type: "Failed",
      reason: "DeadlineExceeded",
      message: "Job was active longer than specified deadline",
    });
    expect(podNames(c)).toEqual([]);
    expect(status(c, "slow")?.failed).toBe(1);
  });

  it("suspends and resumes (1.22+)", () => {
    const c = cluster("1.33");
    create(c, job("later", { suspend: true }));
    expect(pods(c)).toHaveLength(0);
    expect(status(c, "later")?.conditions).toEqual([
      {
        lastProbeTime: T0,
        lastTransitionTime: T0,
        message: "Job suspended",
        reason: "JobSuspended",
        status: "True",
        type: "Suspended",
      },
    ]);
    expect(status(c, "later")?.startTime).toBeUndefined();
    c.advance(5_000);
    update(c, JOBS, "default", "later", (j) => {
      j.spec.suspend = false;
    });
    expect(live(c)).toHaveLength(1);
    expect(status(c, "later")?.conditions[0]).toMatchObject({ status: "False", reason: "JobResumed" });
    expect(events(c, "Job", "later").map(([, r]) => r)).toEqual(["Suspended", "Resumed", "SuccessfulCreate"]);
  });

  it("is deleted with its pods ttlSecondsAfterFinished after it finished", () => {
    const c = cluster("1.33");
    create(c, job("short", { ttlSecondsAfterFinished: 100 }));
    succeedAll(c);
    c.advance(99_000);
    expect(c.store.get(JOBS, "default", "short")).toBeDefined();
    c.advance(1_000);
    expect(c.store.get(JOBS, "default", "short")).toBeUndefined();
    expect(pods(c)).toEqual([]);
  });

  it("gives Indexed pods their completion index and reports completedIndexes", () => {
    const c = cluster("1.33");
    create(c, job("idx", { completions: 3, parallelism: 3, completionMode: "Indexed" }));
    const byIndex = pods(c).map((p) => [
      p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"],
      p.metadata.labels?.["batch.kubernetes.io/job-completion-index"],
      p.spec.hostname,
    ]);
    expect(byIndex.sort()).toEqual([
      ["0", "0", "idx-0"],
      ["1", "1", "idx-1"],
      ["2", "2", "idx-2"],
    ]);
    const one = pods(c).find((p) => p.spec.hostname === "idx-1")!;
    setPhase(c, one.metadata.name!, "Succeeded");
    expect(status(c, "idx")?.completedIndexes).toBe("1");
    succeedAll(c);
    expect(status(c, "idx")).toMatchObject({ completedIndexes: "0-2", succeeded: 3 });
  });
});

describe("the textbook's job-comple-parallel through kubectl", () => {
  if (!existsSync(CORPUS)) it.skip(`needs the textbook corpus at ${CORPUS}`, () => {});
  const tables: [string, string][] = [
    [
      "1.21",
      "NAME                  COMPLETIONS   DURATION   AGE\njob-comple-parallel   8/8           8s         31s\n",
    ],
    [
      "1.33",
      "NAME                  STATUS     COMPLETIONS   DURATION   AGE\njob-comple-parallel   Complete   8/8           8s         31s\n",
    ],
  ];
  for (const [version, table] of tables) {
    it.skipIf(!existsSync(CORPUS))(`${version}: eight pods run two at a time and the Job completes`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("job.yaml", readFileSync(CORPUS, "utf8"));
      expect((await sim.exec("kubectl apply -f job.yaml")).stdout).toBe("job.batch/job-comple-parallel created\n");
      await sim.exec("sleep 29");
      expect(await sim.exec("kubectl get jobs")).toEqual({ stdout: table, stderr: "", exitCode: 0 });
      const names = (await sim.exec("kubectl get pods -o name")).stdout.trim().split("\n");
      expect(names).toHaveLength(8);
      for (const n of names) expect(n).toMatch(/^pod\/job-comple-parallel-[a-z0-9]{5}$/);
    });
  }
});
