import { describe, expect, it } from "vitest";
import { create, defaulted, obj, update } from "./harness.ts";

const template = (labels: Record<string, string> | undefined, spec: Record<string, unknown> = {}) => ({
  metadata: labels ? { labels } : {},
  spec: { containers: [{ name: "web", image: "nginx:1.21" }], ...spec },
});
const deploy = (spec: Record<string, unknown>) => obj("apps/v1", "Deployment", { name: "web" }, { spec });

describe("Deployment defaulting", () => {
  it("defaults replicas, a 25%/25% rolling update, history and deadline, and the template", () => {
    const d = defaulted(deploy({ selector: { matchLabels: { app: "web" } }, template: template({ app: "web" }) }), 33);
    expect(d.spec).toEqual({
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: "web" }, creationTimestamp: null },
        spec: {
          containers: [
            {
              name: "web",
              image: "nginx:1.21",
              imagePullPolicy: "IfNotPresent",
              resources: {},
              terminationMessagePath: "/dev/termination-log",
              terminationMessagePolicy: "File",
            },
          ],
          dnsPolicy: "ClusterFirst",
          restartPolicy: "Always",
          schedulerName: "default-scheduler",
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
  });

  it("leaves a Recreate strategy without rollingUpdate", () => {
    const d = defaulted(deploy({ strategy: { type: "Recreate" }, template: template({ app: "web" }) }), 21);
    expect(d.spec.strategy).toEqual({ type: "Recreate" });
  });
});

describe("Deployment validation", () => {
  const sel = { matchLabels: { app: "web" } };
  const cases: [string, Record<string, unknown>, number, string][] = [
    [
      "a selector that does not match the template's labels",
      { selector: { matchLabels: { app: "api" } }, template: template({ app: "web" }) },
      33,
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ],
    [
      "a missing selector is required and matches nothing",
      { template: template({ app: "web" }) },
      21,
      '[spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    ],
    [
      "an empty selector is invalid for a deployment",
      { selector: {}, template: template({ app: "web" }) },
      21,
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ],
    [
      "negative replicas",
      { replicas: -1, selector: sel, template: template({ app: "web" }) },
      33,
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ],
    [
      "maxSurge and maxUnavailable both 0, as 1.21 prints it",
      {
        selector: sel,
        template: template({ app: "web" }),
        strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
      },
      21,
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ],
    [
      "maxSurge and maxUnavailable both 0, as 1.33 prints it",
      {
        selector: sel,
        template: template({ app: "web" }),
        strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
      },
      33,
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
    ],
    [
      "a malformed percentage",
      {
        selector: sel,
        template: template({ app: "web" }),
        strategy: { rollingUpdate: { maxSurge: "25", maxUnavailable: 1 } },
      },
      21,
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"25"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    ],
    [
      "maxUnavailable above 100%",
      {
        selector: sel,
        template: template({ app: "web" }),
        strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: "150%" } },
      },
      33,
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%",
    ],
    [
      "Recreate with rollingUpdate left over",
      {
        selector: sel,
        template: template({ app: "web" }),
        strategy: { type: "Recreate", rollingUpdate: { maxSurge: 1 } },
      },
      33,
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ],
    [
      "a template may only restart Always",
      { selector: sel, template: template({ app: "web" }, { restartPolicy: "Never" }) },
      33,
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      "progressDeadlineSeconds must exceed minReadySeconds",
      { selector: sel, template: template({ app: "web" }), minReadySeconds: 600 },
      33,
      "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
    ],
  ];
  it.each(cases)("%s", (_n, spec, minor, want) => {
    expect(create(deploy(spec), minor).text).toBe(want);
  });

  it("starts at generation 1 with no status", () => {
    const d = deploy({ selector: sel, template: template({ app: "web" }) });
    d.status = { replicas: 3 };
    const r = create(d, 33);
    expect(r.errs).toEqual([]);
    expect(r.obj.metadata.generation).toBe(1);
    expect(r.obj.status).toBeUndefined();
  });

  it("keeps the selector fixed in apps/v1, worded per minor", () => {
    const old = create(deploy({ selector: sel, template: template({ app: "web" }) }), 33).obj;
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: "web2" } };
    next.spec.template.metadata.labels = { app: "web2" };
    expect(update(next, old, 21).text).toBe(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    expect(update(next, old, 33).text).toBe(
      "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web2,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable",
    );
  });
});

describe("ReplicaSet and ReplicationController", () => {
  it("a ReplicaSet's empty selector is 'invalid for deployment', as upstream words it", () => {
    const rs = obj(
      "apps/v1",
      "ReplicaSet",
      { name: "rs" },
      { spec: { selector: {}, template: template({ app: "x" }) } },
    );
    expect(create(rs, 33).text).toBe(
      "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment",
    );
  });
  it("a ReplicationController takes its selector and labels from the template", () => {
    const rc = obj("v1", "ReplicationController", { name: "rc" }, { spec: { template: template({ app: "x" }) } });
    const r = create(rc, 21);
    expect(r.errs).toEqual([]);
    expect(r.obj.spec.selector).toEqual({ app: "x" });
    expect(r.obj.metadata.labels).toEqual({ app: "x" });
    expect(r.obj.spec.replicas).toBe(1);
  });
  it("a ReplicationController without template labels needs a selector", () => {
    const rc = obj("v1", "ReplicationController", { name: "rc" }, { spec: { template: template(undefined) } });
    expect(create(rc, 21).text).toBe("spec.selector: Required value");
  });
});

describe("DaemonSet", () => {
  const ds = (spec: Record<string, unknown>) => obj("apps/v1", "DaemonSet", { name: "ds" }, { spec });
  it("defaults a rolling update of one pod at a time", () => {
    const d = defaulted(ds({ selector: { matchLabels: { app: "x" } }, template: template({ app: "x" }) }), 21);
    expect(d.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
  });
  it("rejects maxUnavailable 0 with maxSurge 0 in 1.33", () => {
    const r = create(
      ds({
        selector: { matchLabels: { app: "x" } },
        template: template({ app: "x" }),
        updateStrategy: { rollingUpdate: { maxUnavailable: 0 } },
      }),
      33,
    );
    expect(r.text).toBe(
      "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
    );
  });
  it("rejects maxUnavailable 0 in 1.21", () => {
    const r = create(
      ds({
        selector: { matchLabels: { app: "x" } },
        template: template({ app: "x" }),
        updateStrategy: { rollingUpdate: { maxUnavailable: 0 } },
      }),
      21,
    );
    expect(r.text).toBe(
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: cannot be 0',
    );
  });
});

describe("StatefulSet", () => {
  const sts = (spec: Record<string, unknown>) => obj("apps/v1", "StatefulSet", { name: "db" }, { spec });
  const base = { serviceName: "db", selector: { matchLabels: { app: "db" } }, template: template({ app: "db" }) };
  it("defaults OrderedReady and a partition-0 rolling update; the retention policy since 1.27", () => {
    const d21 = defaulted(sts(base), 21);
    expect(d21.spec.podManagementPolicy).toBe("OrderedReady");
    expect(d21.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { partition: 0 } });
    expect(d21.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    const d33 = defaulted(sts(base), 33);
    expect(d33.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
  });
  it("forbids changing other fields, worded per minor", () => {
    const old = create(sts(base), 21).obj;
    const next = structuredClone(old);
    next.spec.serviceName = "db2";
    expect(update(next, old, 21).text).toBe(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'template', and 'updateStrategy' are forbidden",
    );
    expect(update(next, old, 33).text).toBe(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });
});
