/**
 * Which container kubectl exec and kubectl logs use, per version, and what they print on the
 * way. The 1.33 rows were checked against the real kubectl 1.33 client; the 1.21 rows follow
 * the kubectl 1.21 source (podcmd for exec, logsForObjectWithClient for logs).
 */
import { describe, expect, it } from "vitest";
import { chooseExecContainer, chooseLogsContainer } from "../../../src/cli/container/select.ts";
import type { KObject } from "../../../src/sim/k8s/api/object.ts";

function pod(containers: string[], inits: string[] = [], defaultContainer?: string): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "default",
      ...(defaultContainer ? { annotations: { "kubectl.kubernetes.io/default-container": defaultContainer } } : {}),
    },
    spec: {
      containers: containers.map((name) => ({ name, image: "busybox" })),
      ...(inits.length ? { initContainers: inits.map((name) => ({ name, image: "busybox" })) } : {}),
    },
  } as KObject;
}

type Row = { name: string; pod: KObject; c?: string; expected: ReturnType<typeof chooseExecContainer> };

const defaulted = (name: string, all: string) => `Defaulted container "${name}" out of: ${all}\n`;

const execRows: Row[] = [
  { name: "a single container is used silently", pod: pod(["a"]), expected: { ok: true, name: "a", notice: "" } },
  {
    name: "two containers default to the first with a notice",
    pod: pod(["a", "b"]),
    expected: { ok: true, name: "a", notice: defaulted("a", "a, b") },
  },
  {
    name: "an init container alone is enough for the notice, listed last",
    pod: pod(["a"], ["setup"]),
    expected: { ok: true, name: "a", notice: defaulted("a", "a, setup (init)") },
  },
  {
    name: "the default-container annotation wins without a notice",
    pod: pod(["a", "b"], [], "b"),
    expected: { ok: true, name: "b", notice: "" },
  },
  {
    name: "an annotation naming no container falls back to the first",
    pod: pod(["a", "b"], [], "zz"),
    expected: { ok: true, name: "a", notice: defaulted("a", "a, b") },
  },
  {
    name: "-c picks any container, init ones too",
    pod: pod(["a"], ["setup"]),
    c: "setup",
    expected: { ok: true, name: "setup", notice: "" },
  },
  {
    name: "-c with an unknown name is refused by the API server",
    pod: pod(["a", "b"]),
    c: "nope",
    expected: { ok: false, error: "Error from server (BadRequest): container nope is not valid for pod web\n" },
  },
];

describe("kubectl exec picks a container the same way on 1.21 and 1.33", () => {
  for (const row of execRows)
    it(row.name, () => expect(chooseExecContainer(row.pod, row.c ?? "")).toEqual(row.expected));
});

const logsRows: (Omit<Row, "expected"> & { v121: Row["expected"]; v133: Row["expected"] })[] = [
  {
    name: "a single container is used silently",
    pod: pod(["a"]),
    v121: { ok: true, name: "a", notice: "" },
    v133: { ok: true, name: "a", notice: "" },
  },
  {
    name: "two containers: 1.21 asks for a name, 1.33 defaults to the first",
    pod: pod(["a", "b"], ["setup"]),
    v121: {
      ok: false,
      error:
        "error: a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [setup]\n",
    },
    v133: { ok: true, name: "a", notice: defaulted("a", "a, b, setup (init)") },
  },
  {
    name: "one container and an init container: only 1.33 prints a notice",
    pod: pod(["a"], ["setup"]),
    v121: { ok: true, name: "a", notice: "" },
    v133: { ok: true, name: "a", notice: defaulted("a", "a, setup (init)") },
  },
  {
    name: "the default-container annotation is honoured by both",
    pod: pod(["a", "b"], [], "b"),
    v121: { ok: true, name: "b", notice: "" },
    v133: { ok: true, name: "b", notice: "" },
  },
  {
    name: "an annotation naming no container is reported before the fallback",
    pod: pod(["a", "b"], [], "zz"),
    v121: {
      ok: false,
      error:
        'Default container name "zz" not found in pod web\nerror: a container name must be specified for pod web, choose one of: [a b]\n',
    },
    v133: {
      ok: true,
      name: "a",
      notice: `Default container name "zz" not found in pod web\n${defaulted("a", "a, b")}`,
    },
  },
  {
    name: "-c with an unknown name is refused by kubectl itself",
    pod: pod(["a", "b"]),
    c: "nope",
    v121: { ok: false, error: "error: container nope is not valid for pod web\n" },
    v133: { ok: false, error: "error: container nope is not valid for pod web\n" },
  },
];

describe("kubectl logs picks a container per version", () => {
  for (const row of logsRows) {
    it(`${row.name} (1.21)`, () => expect(chooseLogsContainer(21, row.pod, row.c ?? "")).toEqual(row.v121));
    it(`${row.name} (1.33)`, () => expect(chooseLogsContainer(33, row.pod, row.c ?? "")).toEqual(row.v133));
  }
});
