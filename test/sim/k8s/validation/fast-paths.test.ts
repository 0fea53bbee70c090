import { describe, expect, it } from "vitest";
import { byCodeUnits, sortInPlace } from "../../../../src/sim/core/sorted.ts";
import { errorText, type FieldErrors } from "../../../../src/sim/k8s/validation/field-errors.ts";
import { validateLabels } from "../../../../src/sim/k8s/validation/meta.ts";
import { isQualifiedName } from "../../../../src/sim/k8s/validation/names.ts";
import { validatePodSpec } from "../../../../src/sim/k8s/validation/pod-spec.ts";
import { parseQuantity } from "../../../../src/sim/k8s/validation/quantity.ts";
import { validateTolerations } from "../../../../src/sim/k8s/validation/scheduling.ts";

const texts = (errs: FieldErrors) => errs.map(errorText);

describe("validation's shortcuts for valid input", () => {
  it("key sorting orders as Array.prototype.sort does, short lists and long", () => {
    const pool = ["b", "a", "B", "A", "a/b", "a.b", "ä", "10", "9", "", "z-1", "Z_1", "app", "app.kubernetes.io/name"];
    for (let n = 0; n <= pool.length; n++) {
      for (let shift = 0; shift < pool.length; shift++) {
        const keys = [...pool.slice(shift), ...pool.slice(0, shift)].slice(0, n);
        expect(sortInPlace([...keys], byCodeUnits)).toEqual([...keys].sort());
      }
    }
  });

  it("reports invalid labels in key order, key before value, when valid ones come first", () => {
    const labels = { zone: "a", "b/": "x", app: "web-", "example.com/ok": "yes" };
    expect(texts(validateLabels(labels, "metadata.labels"))).toEqual([
      "metadata.labels: Invalid value: \"web-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      `metadata.labels: Invalid value: "b/": name part must be non-empty`,
      `metadata.labels: Invalid value: "b/": name part ${isQualifiedName("x/")[1].slice("name part ".length)}`,
    ]);
    expect(validateLabels({ app: "web", "app.kubernetes.io/name": "web" }, "metadata.labels")).toEqual([]);
  });

  it("qualified names: a prefix must be a subdomain, the name part at most 63 characters, one slash at most", () => {
    expect(isQualifiedName("example.com/name")).toEqual([]);
    expect(isQualifiedName("Example.com/name")).toHaveLength(1);
    expect(isQualifiedName("/name")).toEqual(["prefix part must be non-empty"]);
    expect(isQualifiedName(`a/${"x".repeat(64)}`)).toEqual(["name part must be no more than 63 characters"]);
    expect(isQualifiedName(`${"x".repeat(63)}`)).toEqual([]);
    expect(isQualifiedName("a/b/c")).toHaveLength(1);
  });

  it("tolerations: valid ones pass, each broken rule is still reported", () => {
    const valid = [
      { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" },
      { operator: "Exists" },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "k", value: "v" },
    ];
    expect(validateTolerations(valid, "spec.tolerations")).toEqual([]);
    const broken = [
      { operator: "Equal", value: "x" },
      { key: "k", operator: "Exists", value: "v" },
      { key: "k", operator: "Equal", value: "v", effect: "NoSchedule", tolerationSeconds: 5 },
      { key: "k", operator: "Sometimes" },
      { key: "k", effect: "Never" },
    ];
    expect(texts(validateTolerations(broken, "spec.tolerations")).map((t) => t.split(":")[0])).toEqual([
      "spec.tolerations[0].operator",
      "spec.tolerations[1].operator",
      "spec.tolerations[2].effect",
      "spec.tolerations[3].operator",
      "spec.tolerations[4].effect",
    ]);
  });

  it("a pod spec without errors has none; a broken container is reported at its path", () => {
    const container = {
      name: "web",
      image: "nginx",
      imagePullPolicy: "IfNotPresent",
      terminationMessagePolicy: "File",
      ports: [{ containerPort: 80, protocol: "TCP" }],
      resources: { requests: { memory: "128Mi", cpu: "100m" }, limits: { cpu: "200m" } },
      volumeMounts: [{ name: "data", mountPath: "/data" }],
    };
    const spec = {
      containers: [container],
      volumes: [{ name: "data", emptyDir: {} }],
      restartPolicy: "Always",
      dnsPolicy: "ClusterFirst",
      nodeSelector: { disktype: "ssd" },
    };
    expect(validatePodSpec(spec, "spec", 33)).toEqual([]);
    const broken = {
      ...spec,
      containers: [
        {
          ...container,
          imagePullPolicy: undefined,
          terminationMessagePolicy: "Sometimes",
          resources: { requests: { cpu: "300m" }, limits: { cpu: "200m" } },
          volumeMounts: [
            { name: "data", mountPath: "/data" },
            { name: "data", mountPath: "/data" },
          ],
        },
      ],
      volumes: [{ name: "data", emptyDir: {}, hostPath: { path: "/x" } }],
    };
    expect(texts(validatePodSpec(broken, "spec", 33)).map((t) => t.split(": ")[0])).toEqual([
      "spec.volumes[0].emptyDir",
      "spec.containers[0].terminationMessagePolicy",
      "spec.containers[0].volumeMounts[0].name",
      "spec.containers[0].volumeMounts[1].name",
      "spec.containers[0].volumeMounts[1].mountPath",
      "spec.containers[0].imagePullPolicy",
      "spec.containers[0].resources.requests",
    ]);
  });

  it("a quantity parsed twice is the same value, and shared answers cannot be changed", () => {
    const a = parseQuantity("1.5Gi");
    const b = parseQuantity("1.5Gi");
    expect(b).toEqual(a);
    expect(a.ok && a.value).toEqual({ n: 16106127360n, scale: -1, format: "BinarySI" });
    expect(() => {
      if (a.ok) (a.value as { n: bigint }).n = 0n;
    }).toThrow(TypeError);
    expect(parseQuantity("1.5Gi")).toEqual(b);
  });
});
