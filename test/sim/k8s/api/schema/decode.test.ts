import { describe, expect, it } from "vitest";
import { formatDecodeError, strictDecodeErrors } from "../../../../../src/sim/k8s/api/schema/decode.ts";

const podWithTypo = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "nginx" },
  spec: { containers: [{ name: "nginx", image: "nginx", imagePullPolice: "Always" }] },
};

const podWithTwoUnknownFields = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "nginx", labelz: { app: "web" } },
  spec: { containers: [{ name: "nginx", image: "nginx", imagePullPolice: "Always" }] },
};

const deploymentWithStringReplicas = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas: "3",
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } },
  },
};

const podWithBadQuantity = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "nginx" },
  spec: { containers: [{ name: "nginx", image: "nginx", resources: { limits: { memory: "lots" } } }] },
};

const cases: {
  name: string;
  obj: { apiVersion: string; kind: string };
  minor: number;
  file: string;
  stderr: string;
}[] = [
  {
    name: "an unknown container field is a client-side ValidationError on 1.21",
    obj: podWithTypo,
    minor: 21,
    file: "nginx-pod.yaml",
    stderr:
      'error: error validating "nginx-pod.yaml": error validating data: ValidationError(Pod.spec.containers[0]): unknown field "imagePullPolice" in io.k8s.api.core.v1.Container; if you choose to ignore these errors, turn validation off with --validate=false\n',
  },
  {
    name: "an unknown container field is a server-side strict decoding error on 1.33",
    obj: podWithTypo,
    minor: 33,
    file: "nginx-pod.yaml",
    stderr:
      'Error from server (BadRequest): error when creating "nginx-pod.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolice"\n',
  },
  {
    name: "several client-side errors are listed in brackets, keys visited in sorted order, on 1.21",
    obj: podWithTwoUnknownFields,
    minor: 21,
    file: "nginx-pod.yaml",
    stderr:
      'error: error validating "nginx-pod.yaml": error validating data: [ValidationError(Pod.metadata): unknown field "labelz" in io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, ValidationError(Pod.spec.containers[0]): unknown field "imagePullPolice" in io.k8s.api.core.v1.Container]; if you choose to ignore these errors, turn validation off with --validate=false\n',
  },
  {
    name: "several unknown fields are joined into one strict decoding error on 1.33",
    obj: podWithTwoUnknownFields,
    minor: 33,
    file: "nginx-pod.yaml",
    stderr:
      'Error from server (BadRequest): error when creating "nginx-pod.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.labelz", unknown field "spec.containers[0].imagePullPolice"\n',
  },
  {
    name: "a string where an integer belongs is an invalid type on 1.21",
    obj: deploymentWithStringReplicas,
    minor: 21,
    file: "deploy.yaml",
    stderr:
      'error: error validating "deploy.yaml": error validating data: ValidationError(Deployment.spec.replicas): invalid type for io.k8s.api.apps.v1.DeploymentSpec.replicas: got "string", expected "integer"; if you choose to ignore these errors, turn validation off with --validate=false\n',
  },
  {
    name: "a string where an integer belongs is a Go unmarshal error on 1.33",
    obj: deploymentWithStringReplicas,
    minor: 33,
    file: "deploy.yaml",
    stderr:
      'Error from server (BadRequest): error when creating "deploy.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n',
  },
  {
    name: "a malformed quantity passes 1.21 client validation, where quantities are strings",
    obj: podWithBadQuantity,
    minor: 21,
    file: "pod.yaml",
    stderr: "",
  },
  {
    name: "a malformed quantity is rejected by the 1.33 API server",
    obj: podWithBadQuantity,
    minor: 33,
    file: "pod.yaml",
    stderr:
      'Error from server (BadRequest): error when creating "pod.yaml": Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'\n',
  },
];

describe("strict decoding of submitted manifests", () => {
  it.each(cases)("$name", ({ obj, minor, file, stderr }) => {
    const issues = strictDecodeErrors(obj, obj.apiVersion, obj.kind, minor);
    if (stderr === "") {
      expect(issues).toEqual([]);
      return;
    }
    const out = formatDecodeError(issues, {
      minor,
      source: file,
      verb: "creating",
      kind: obj.kind,
      apiVersion: obj.apiVersion,
    });
    expect(out).toEqual({ stderr, exitCode: 1 });
  });

  it("reports the JSON path of each issue", () => {
    expect(strictDecodeErrors(podWithTwoUnknownFields, "v1", "Pod", 21).map((i) => [i.kind, i.path])).toEqual([
      ["unknown-field", "metadata.labelz"],
      ["unknown-field", "spec.containers[0].imagePullPolice"],
    ]);
  });

  it("reports a missing required field on 1.21 only", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ image: "nginx" }] } };
    expect(strictDecodeErrors(pod, "v1", "Pod", 21).map((i) => i.message)).toEqual([
      'ValidationError(Pod.spec.containers[0]): missing required field "name" in io.k8s.api.core.v1.Container',
    ]);
    expect(strictDecodeErrors(pod, "v1", "Pod", 33)).toEqual([]);
  });

  it("accepts a clean manifest on both versions", () => {
    const clean = { ...deploymentWithStringReplicas, spec: { ...deploymentWithStringReplicas.spec, replicas: 3 } };
    expect(strictDecodeErrors(clean, "apps/v1", "Deployment", 21)).toEqual([]);
    expect(strictDecodeErrors(clean, "apps/v1", "Deployment", 33)).toEqual([]);
  });
});
