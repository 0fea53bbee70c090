import { describe, expect, it } from "vitest";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import {
  matchesFields,
  parseFieldSelector,
  parseFieldSelectorFor,
  selectableFields,
  supportedFieldLabels,
} from "../../../../src/sim/k8s/selectors/fields.ts";

const pod = (name: string, extra: Partial<KObject> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  ...extra,
});

const parseFor = (s: string, apiVersion: string, kind: string, minor: number) => {
  const r = parseFieldSelectorFor(s, apiVersion, kind, minor);
  return r.ok ? r.selector.toString() : r.error;
};

describe("parsing a field selector", () => {
  const ok: [string, string, string][] = [
    ["one equality", "metadata.name=web", "metadata.name=web"],
    ["== is the same as =", "metadata.name==web", "metadata.name=web"],
    ["terms are sorted", "status.phase!=Running,metadata.name=web", "metadata.name=web,status.phase!=Running"],
    ["empty terms are skipped", ",metadata.name=a,", "metadata.name=a"],
    ["an escaped comma belongs to the value", "metadata.name=a\\,b", "metadata.name=a\\,b"],
    ["an empty value", "spec.nodeName=", "spec.nodeName="],
    ["the empty selector", "", ""],
  ];
  it.each(ok)("%s: %j", (_name, input, want) => {
    const r = parseFieldSelector(input);
    expect(r.ok && r.selector.toString()).toBe(want);
  });

  it("an escaped value is unescaped for matching", () => {
    const r = parseFieldSelector("metadata.name=a\\,b\\=c\\\\d");
    expect(r.ok && r.selector.terms[0].value).toBe("a,b=c\\d");
  });

  const bad: [string, string, string][] = [
    ["no operator", "foo", "invalid selector: 'foo'; can't understand 'foo'"],
    ["no operator in a later term", "a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'"],
    ["an unescaped = in the value", "a===b", "invalid field selector: unescaped character in value: 61"],
    ["an unknown escape", "a=\\x", "invalid field selector: invalid escape sequence: \\x"],
    ["a trailing backslash", "a=b\\", "invalid field selector: invalid escape sequence: \\"],
  ];
  it.each(bad)("%s: %j", (_name, input, want) => {
    expect(parseFieldSelector(input)).toEqual({ ok: false, error: want });
  });
});

describe("which fields a kind can be selected on", () => {
  const cases: [string, string, string, string, number, string][] = [
    ["pods take status.phase", "status.phase=Running", "v1", "Pod", 21, "status.phase=Running"],
    ["pods refuse other fields", "foo=bar", "v1", "Pod", 33, "field label not supported: foo"],
    ["spec.host is the old name of spec.nodeName", "spec.host=k8s-w1", "v1", "Pod", 21, "spec.nodeName=k8s-w1"],
    [
      "spec.hostNetwork is new",
      "spec.hostNetwork=true",
      "v1",
      "Pod",
      21,
      "field label not supported: spec.hostNetwork",
    ],
    ["spec.hostNetwork in 1.33", "spec.hostNetwork=true", "v1", "Pod", 33, "spec.hostNetwork=true"],
    ["nodes take spec.unschedulable", "spec.unschedulable=true", "v1", "Node", 21, "spec.unschedulable=true"],
    [
      "nodes have no namespace",
      "metadata.namespace=x",
      "v1",
      "Node",
      33,
      "field label not supported: metadata.namespace",
    ],
    [
      "events take involvedObject fields",
      "involvedObject.kind=Pod,type=Warning",
      "v1",
      "Event",
      21,
      "involvedObject.kind=Pod,type=Warning",
    ],
    ["events refuse message", "message=whatever", "v1", "Event", 33, "field label not supported: message"],
    ["secrets take type", "type=Opaque", "v1", "Secret", 21, "type=Opaque"],
    ["namespaces take status.phase", "status.phase=Active", "v1", "Namespace", 21, "status.phase=Active"],
    [
      "jobs word it their own way",
      "status.failed=1",
      "batch/v1",
      "Job",
      33,
      'field label "status.failed" not supported for batchv1.Job',
    ],
    [
      "deployments only have the metadata fields",
      "status.replicas=1",
      "apps/v1",
      "Deployment",
      33,
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      "services had no conversion of their own in 1.21",
      "spec.type=NodePort",
      "v1",
      "Service",
      21,
      '"spec.type" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ["services take spec.type in 1.33", "spec.type=NodePort", "v1", "Service", 33, "spec.type=NodePort"],
    [
      "the first refused term in sorted order is reported",
      "zz=1,aa=2",
      "v1",
      "Pod",
      33,
      "field label not supported: aa",
    ],
  ];
  it.each(cases)("%s", (_name, selector, apiVersion, kind, minor, want) => {
    expect(parseFor(selector, apiVersion, kind, minor)).toBe(want);
  });

  it("lists per version", () => {
    expect(supportedFieldLabels("v1", "Pod", 21)).toEqual([
      "metadata.name",
      "metadata.namespace",
      "spec.nodeName",
      "spec.restartPolicy",
      "spec.schedulerName",
      "spec.serviceAccountName",
      "status.phase",
      "status.podIP",
      "status.nominatedNodeName",
    ]);
    expect(supportedFieldLabels("apps/v1", "ReplicaSet", 33)).toEqual(["metadata.name", "metadata.namespace"]);
  });
});

describe("matching objects by field", () => {
  const running = pod("web", {
    spec: { nodeName: "k8s-w1", restartPolicy: "Always" },
    status: { phase: "Running", podIP: "10.244.1.5" },
  });
  const pending = pod("db", { spec: { restartPolicy: "Never" }, status: { phase: "Pending" } });

  const select = (s: string, objs: KObject[]) => {
    const r = parseFieldSelectorFor(s, "v1", "Pod", 33);
    if (!r.ok) throw new Error(r.error);
    return objs.filter((o) => matchesFields(o, r.selector, true)).map((o) => o.metadata.name);
  };

  const cases: [string, string, string[]][] = [
    ["by phase", "status.phase=Running", ["web"]],
    ["by phase, negated", "status.phase!=Running", ["db"]],
    ["an absent field is the empty string", "spec.nodeName=", ["db"]],
    ["by node, through the old name", "spec.host=k8s-w1", ["web"]],
    ["both terms must hold", "status.phase=Running,spec.restartPolicy=Never", []],
    ["by namespace", "metadata.namespace=default", ["web", "db"]],
    ["hostNetwork defaults to false", "spec.hostNetwork=false", ["web", "db"]],
    ["by pod IP", "status.podIP=10.244.1.5", ["web"]],
  ];
  it.each(cases)("%s (%s)", (_name, selector, want) => {
    expect(select(selector, [running, pending])).toEqual(want);
  });

  it("an event's source falls back to its reporting component", () => {
    const ev: KObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e", namespace: "default" },
      involvedObject: { kind: "Pod", name: "web" },
      reportingComponent: "kubelet",
      type: "Normal",
    };
    expect(selectableFields(ev, true)).toMatchObject({ source: "kubelet", "involvedObject.name": "web", reason: "" });
  });

  it("a node's unschedulable flag reads as true/false", () => {
    const node: KObject = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "k8s-w1" },
      spec: { unschedulable: true },
    };
    expect(selectableFields(node, false)).toEqual({ "metadata.name": "k8s-w1", "spec.unschedulable": "true" });
  });
});
