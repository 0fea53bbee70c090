import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../../src/index.ts";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import type { Cluster } from "../../../../../src/sim/k8s/cluster.ts";
import { parseSchedule } from "../../../../../src/sim/k8s/controllers/cronjob/schedule.ts";
import {
  cluster,
  container,
  create,
  events,
  type Json,
  MANUAL,
  pods,
  setPhase,
  update,
} from "../daemonset/fixtures.ts";

const CORPUS = "../shared/corpus/book/start-docker-kubernetes-renewal/chapter13/cronjob-example-k8s-latest.yaml";
const CRONJOBS = "cronjobs.batch";
/** 2026-01-05T09:00:00Z, the simulation's start, in minutes since the epoch. */
const MIN0 = 29460060;

function cronJob(name: string, spec: Json = {}): KObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name },
    spec: {
      schedule: "*/1 * * * *",
      jobTemplate: {
        spec: { template: { spec: { schedulerName: MANUAL, restartPolicy: "Never", containers: [container()] } } },
      },
      ...spec,
    },
  };
}

const jobNames = (c: Cluster) => c.store.list("jobs.batch", "default").map((j) => j.metadata.name);
const status = (c: Cluster, name: string) => c.store.get(CRONJOBS, "default", name)?.status;
const finishJob = (c: Cluster, job: string, phase: "Succeeded" | "Failed") => {
  for (const p of pods(c)) if (p.metadata.name?.startsWith(`${job}-`)) setPhase(c, p.metadata.name, phase);
};
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const at = (min: number) => iso(min * 60_000);

describe("cron schedules", () => {
  const cases: [string, string, string, string, string[]][] = [
    ["every minute", "*/1 * * * *", "", "2026-01-05T09:00:00Z", ["2026-01-05T09:01:00Z", "2026-01-05T09:02:00Z"]],
    ["every 15 minutes", "*/15 * * * *", "", "2026-01-05T09:07:30Z", ["2026-01-05T09:15:00Z", "2026-01-05T09:30:00Z"]],
    ["daily at 02:30", "30 2 * * *", "", "2026-01-05T09:00:00Z", ["2026-01-06T02:30:00Z", "2026-01-07T02:30:00Z"]],
    [
      "Mondays (2026-01-05 is one)",
      "0 0 * * MON",
      "",
      "2026-01-05T09:00:00Z",
      ["2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"],
    ],
    [
      "day of month OR day of week",
      "0 12 1 * FRI",
      "",
      "2026-01-05T09:00:00Z",
      ["2026-01-09T12:00:00Z", "2026-01-16T12:00:00Z"],
    ],
    ["@hourly", "@hourly", "", "2026-01-05T09:00:00Z", ["2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"]],
    ["@every 90s", "@every 90s", "", "2026-01-05T09:00:00Z", ["2026-01-05T09:01:30Z", "2026-01-05T09:03:00Z"]],
    [
      "09:00 in Seoul is 00:00 UTC",
      "0 9 * * *",
      "Asia/Seoul",
      "2026-01-05T09:00:00Z",
      ["2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z"],
    ],
    [
      "a TZ= prefix",
      "TZ=America/New_York 0 9 * * *",
      "",
      "2026-01-05T09:00:00Z",
      ["2026-01-05T14:00:00Z", "2026-01-06T14:00:00Z"],
    ],
  ];
  for (const [title, spec, tz, from, want] of cases) {
    it(title, () => {
      const r = parseSchedule(spec, tz);
      if (!r.ok) throw new Error(r.error);
      const first = r.schedule.next(Date.parse(from))!;
      expect([iso(first), iso(r.schedule.next(first)!)]).toEqual(want);
    });
  }
});

describe("the CronJob controller", () => {
  it("creates <cronjob>-<minutes since epoch> at each scheduled minute, in virtual time", () => {
    const c = cluster("1.33");
    create(c, cronJob("tick"));
    expect(jobNames(c)).toEqual([]);
    c.advance(59_000);
    expect(jobNames(c)).toEqual([]);
    c.advance(1_000);
    expect(jobNames(c)).toEqual([`tick-${MIN0 + 1}`]);
    const job = c.store.get("jobs.batch", "default", `tick-${MIN0 + 1}`)!;
    expect(job.metadata.annotations).toEqual({ "batch.kubernetes.io/cronjob-scheduled-timestamp": at(MIN0 + 1) });
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: "CronJob", name: "tick", controller: true });
    expect(status(c, "tick")).toEqual({
      active: [
        {
          apiVersion: "batch/v1",
          kind: "Job",
          name: `tick-${MIN0 + 1}`,
          namespace: "default",
          resourceVersion: job.metadata.resourceVersion ? expect.any(String) : undefined,
          uid: job.metadata.uid,
        },
      ],
      lastScheduleTime: at(MIN0 + 1),
    });
    expect(events(c, "CronJob", "tick")).toEqual([["Normal", "SuccessfulCreate", `Created job tick-${MIN0 + 1}`]]);
  });

  it("notices a finished Job: SawCompletedJob, lastSuccessfulTime, and it leaves the active list", () => {
    const c = cluster("1.33");
    create(c, cronJob("tick"));
    c.advance(60_000);
    c.advance(5_000);
    finishJob(c, `tick-${MIN0 + 1}`, "Succeeded");
    expect(status(c, "tick")).toEqual({
      lastScheduleTime: at(MIN0 + 1),
      lastSuccessfulTime: iso((MIN0 + 1) * 60_000 + 5_000),
    });
    expect(events(c, "CronJob", "tick")[1]).toEqual([
      "Normal",
      "SawCompletedJob",
      `Saw completed job: tick-${MIN0 + 1}, status: Complete`,
    ]);
  });

  const policies: [string, string, string[]][] = [
    ["Allow runs the next Job while the previous one still runs", "Allow", [`t-${MIN0 + 1}`, `t-${MIN0 + 2}`]],
    ["Forbid skips a run while the previous one still runs", "Forbid", [`t-${MIN0 + 1}`]],
    ["Replace deletes the running Job and starts the new one", "Replace", [`t-${MIN0 + 2}`]],
  ];
  for (const [title, policy, want] of policies) {
    it(title, () => {
      const c = cluster("1.33");
      create(c, cronJob("t", { concurrencyPolicy: policy }));
      c.advance(120_000);
      expect(jobNames(c)).toEqual(want);
      const reasons = events(c, "CronJob", "t").map(([, r]) => r);
      if (policy === "Forbid") expect(reasons).toEqual(["SuccessfulCreate", "JobAlreadyActive"]);
      if (policy === "Replace") expect(reasons).toEqual(["SuccessfulCreate", "SuccessfulDelete", "SuccessfulCreate"]);
    });
  }

  it("keeps successfulJobsHistoryLimit finished Jobs, deleting the oldest", () => {
    const c = cluster("1.33");
    create(c, cronJob("t", { successfulJobsHistoryLimit: 2 }));
    for (let i = 1; i <= 4; i++) {
      c.advance(60_000);
      finishJob(c, `t-${MIN0 + i}`, "Succeeded");
    }
    c.advance(1_000);
    expect(jobNames(c)).toEqual([`t-${MIN0 + 3}`, `t-${MIN0 + 4}`]);
    expect(events(c, "CronJob", "t").filter(([, r]) => r === "SuccessfulDelete")).toEqual([
      ["Normal", "SuccessfulDelete", `Deleted job t-${MIN0 + 1}`],
      ["Normal", "SuccessfulDelete", `Deleted job t-${MIN0 + 2}`],
    ]);
  });

  it("starts nothing while suspended, then runs the latest missed time on resume", () => {
    const c = cluster("1.33");
    create(c, cronJob("t", { suspend: true }));
    c.advance(180_000);
    expect(jobNames(c)).toEqual([]);
    update(c, CRONJOBS, "default", "t", (cj) => {
      cj.spec.suspend = false;
    });
    expect(jobNames(c)).toEqual([`t-${MIN0 + 3}`]);
  });

  it("misses a run older than startingDeadlineSeconds", () => {
    const c = cluster("1.33");
    create(c, cronJob("t", { suspend: true, startingDeadlineSeconds: 10 }));
    c.advance(90_000);
    update(c, CRONJOBS, "default", "t", (cj) => {
      cj.spec.suspend = false;
    });
    expect(jobNames(c)).toEqual([]);
    c.advance(30_000);
    expect(jobNames(c)).toEqual([`t-${MIN0 + 2}`]);
  });

  it("1.21: the Job has no scheduled-timestamp annotation", () => {
    const c = cluster("1.21");
    create(c, cronJob("t"));
    c.advance(60_000);
    expect(c.store.get("jobs.batch", "default", `t-${MIN0 + 1}`)?.metadata.annotations).toBeUndefined();
  });
});

describe("the textbook's cronjob-example through kubectl", () => {
  if (!existsSync(CORPUS)) it.skip(`needs the textbook corpus at ${CORPUS}`, () => {});
  const tables: [string, string][] = [
    [
      "1.21",
      "NAME              SCHEDULE      SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ncronjob-example   */1 * * * *   False     0        2s              62s\n",
    ],
    [
      "1.33",
      "NAME              SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ncronjob-example   */1 * * * *   <none>     False     0        2s              62s\n",
    ],
  ];
  for (const [version, table] of tables) {
    it.skipIf(!existsSync(CORPUS))(`${version}: a Job a minute, named after the scheduled minute`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("cronjob.yaml", readFileSync(CORPUS, "utf8"));
      expect((await sim.exec("kubectl apply -f cronjob.yaml")).stdout).toBe("cronjob.batch/cronjob-example created\n");
      await sim.exec("sleep 60");
      const got = await sim.exec("kubectl get cronjobs");
      // 09:01:00 the Job starts; by 09:01:02 its `date` pod has finished, so ACTIVE is 0 again.
      expect(got).toEqual({ stdout: table, stderr: "", exitCode: 0 });
      expect((await sim.exec("kubectl get jobs -o name")).stdout).toBe(`job.batch/cronjob-example-${MIN0 + 1}\n`);
    });
  }
});
