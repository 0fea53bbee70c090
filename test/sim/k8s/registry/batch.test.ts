import { describe, expect, it } from "vitest";
import { parseCronSchedule } from "../../../../src/sim/k8s/validation/cron.ts";
import { create, defaulted, obj } from "./harness.ts";

const podTemplate = (restartPolicy?: string) => ({
  spec: { containers: [{ name: "pi", image: "perl" }], ...(restartPolicy ? { restartPolicy } : {}) },
});
const job = (spec: Record<string, unknown>, uid = "0a1b2c3d-0000-4000-8000-000000000001") =>
  obj("batch/v1", "Job", { name: "pi", uid }, { spec });

describe("Job", () => {
  it("1.21: defaults and a selector on controller-uid, with controller-uid and job-name labels", () => {
    const r = create(job({ template: podTemplate("Never") }), 21);
    expect(r.errs).toEqual([]);
    expect({ ...r.obj.spec, template: undefined }).toEqual({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      selector: { matchLabels: { "controller-uid": "0a1b2c3d-0000-4000-8000-000000000001" } },
      template: undefined,
    });
    expect(r.obj.spec.template.metadata.labels).toEqual({
      "controller-uid": "0a1b2c3d-0000-4000-8000-000000000001",
      "job-name": "pi",
    });
  });

  it("1.33: completionMode, suspend, podReplacementPolicy and the batch.kubernetes.io labels", () => {
    const r = create(job({ template: podTemplate("OnFailure") }), 33);
    expect(r.errs).toEqual([]);
    expect(r.obj.spec.completionMode).toBe("NonIndexed");
    expect(r.obj.spec.suspend).toBe(false);
    expect(r.obj.spec.podReplacementPolicy).toBe("TerminatingOrFailed");
    expect(r.obj.spec.selector).toEqual({
      matchLabels: { "batch.kubernetes.io/controller-uid": "0a1b2c3d-0000-4000-8000-000000000001" },
    });
    expect(r.obj.spec.template.metadata.labels).toEqual({
      "batch.kubernetes.io/controller-uid": "0a1b2c3d-0000-4000-8000-000000000001",
      "batch.kubernetes.io/job-name": "pi",
      "controller-uid": "0a1b2c3d-0000-4000-8000-000000000001",
      "job-name": "pi",
    });
  });

  it("a template left to restart Always is refused", () => {
    expect(create(job({ template: podTemplate() }), 21).text).toBe(
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
  });

  it("a hand-written selector without manualSelector is not auto-generated", () => {
    const r = create(
      job({
        selector: { matchLabels: { app: "pi" } },
        template: { metadata: { labels: { app: "pi" } }, ...podTemplate("Never") },
      }),
      21,
    );
    expect(r.text).toBe(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "controller-uid":"0a1b2c3d-0000-4000-8000-000000000001"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    );
  });
});

describe("CronJob", () => {
  const cj = (spec: Record<string, unknown>) => obj("batch/v1", "CronJob", { name: "hello" }, { spec });
  it("defaults concurrency, suspend and history limits", () => {
    const d = defaulted(
      cj({ schedule: "*/1 * * * *", jobTemplate: { spec: { template: podTemplate("OnFailure") } } }),
      21,
    );
    expect({ ...d.spec, jobTemplate: undefined }).toEqual({
      schedule: "*/1 * * * *",
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: undefined,
    });
  });
  const schedules: [string, string, string][] = [
    [
      "four fields",
      "*/5 * * *",
      'spec.schedule: Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]',
    ],
    [
      "a minute of 60",
      "60 * * * *",
      'spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60',
    ],
    ["a word", "daily", 'spec.schedule: Invalid value: "daily": expected exactly 5 fields, found 1: [daily]'],
  ];
  it.each(schedules)("rejects %s", (_n, schedule, want) => {
    expect(create(cj({ schedule, jobTemplate: { spec: { template: podTemplate("OnFailure") } } }), 33).text).toBe(want);
  });
  it("accepts descriptors and names", () => {
    expect(parseCronSchedule("@hourly").ok).toBe(true);
    expect(parseCronSchedule("0 9 * jan-mar mon-fri").ok).toBe(true);
  });
});
