import { describe, expect, it } from "vitest";
import { create, defaulted, obj, update } from "./harness.ts";

const pod = (spec: Record<string, unknown>, name = "web") => obj("v1", "Pod", { name }, { spec });

describe("Pod defaulting", () => {
  it("fills in what kube-apiserver fills in, and no serviceAccount (admission does that)", () => {
    const p = defaulted(pod({ containers: [{ name: "nginx", image: "nginx", ports: [{ containerPort: 80 }] }] }), 33);
    expect(p.spec).toEqual({
      containers: [
        {
          name: "nginx",
          image: "nginx",
          imagePullPolicy: "Always",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
  });

  const pullPolicies: [string, string, string][] = [
    ["no tag pulls Always", "nginx", "Always"],
    [":latest pulls Always", "nginx:latest", "Always"],
    ["a version tag pulls IfNotPresent", "nginx:1.21", "IfNotPresent"],
    ["a registry port is not a tag", "localhost:5000/app", "Always"],
    ["a digest without a tag pulls IfNotPresent", "nginx@sha256:abc", "IfNotPresent"],
  ];
  it.each(pullPolicies)("%s", (_n, image, want) => {
    const p = defaulted(pod({ containers: [{ name: "c", image }] }), 21);
    expect(p.spec.containers[0].imagePullPolicy).toBe(want);
  });

  it("copies limits into missing requests, canonicalising quantities", () => {
    const p = defaulted(
      pod({
        containers: [
          { name: "c", image: "x", resources: { limits: { cpu: 0.5, memory: "1024Mi" }, requests: { cpu: "100m" } } },
        ],
      }),
      33,
    );
    expect(p.spec.containers[0].resources).toEqual({
      limits: { cpu: "500m", memory: "1Gi" },
      requests: { cpu: "100m", memory: "1Gi" },
    });
  });

  it("defaults probes and their HTTP action", () => {
    const p = defaulted(
      pod({ containers: [{ name: "c", image: "x", livenessProbe: { httpGet: { port: 8080 } } }] }),
      21,
    );
    expect(p.spec.containers[0].livenessProbe).toEqual({
      httpGet: { port: 8080, path: "/", scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it("creates the pod Pending with a QoS class", () => {
    const r = create(pod({ containers: [{ name: "c", image: "x" }] }), 33);
    expect(r.obj.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
    const g = create(
      pod({ containers: [{ name: "c", image: "x", resources: { limits: { cpu: "1", memory: "1Gi" } } }] }),
      33,
    );
    expect(g.obj.status.qosClass).toBe("Guaranteed");
  });
});

describe("Pod validation", () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ["containers are required", {}, 33, "spec.containers: Required value"],
    ["an image is required", { containers: [{ name: "c" }] }, 33, "spec.containers[0].image: Required value"],
    [
      "a container name must be a DNS label",
      { containers: [{ name: "Web", image: "x" }] },
      21,
      `spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ],
    [
      "container names are unique",
      {
        containers: [
          { name: "c", image: "x" },
          { name: "c", image: "y" },
        ],
      },
      33,
      'spec.containers[1].name: Duplicate value: "c"',
    ],
    [
      "a container port must be in range",
      { containers: [{ name: "c", image: "x", ports: [{ containerPort: 70000 }] }] },
      33,
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ],
    [
      "a restart policy must be one of three",
      { containers: [{ name: "c", image: "x" }], restartPolicy: "Sometimes" },
      33,
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [
      "a volume mount must name a volume",
      { containers: [{ name: "c", image: "x", volumeMounts: [{ name: "x", mountPath: "/x" }] }] },
      33,
      'spec.containers[0].volumeMounts[0].name: Not found: "x"',
    ],
    [
      "requests above limits are refused (1.21 wording)",
      { containers: [{ name: "c", image: "x", resources: { limits: { cpu: "1" }, requests: { cpu: "2" } } }] },
      21,
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit',
    ],
    [
      "requests above limits are refused (1.33 wording names the limit)",
      {
        containers: [{ name: "c", image: "x", resources: { limits: { memory: "1Gi" }, requests: { memory: "2Gi" } } }],
      },
      33,
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
    ],
    [
      "a toleration with Exists may not have a value",
      {
        containers: [{ name: "c", image: "x" }],
        tolerations: [{ key: "k", operator: "Exists", value: "v", effect: "NoSchedule" }],
      },
      21,
      'spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"NoSchedule", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
    ],
    [
      "tolerationSeconds needs the NoExecute effect",
      {
        containers: [{ name: "c", image: "x" }],
        tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 30 }],
      },
      33,
      "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ],
    [
      "an unknown taint effect is unsupported",
      {
        containers: [{ name: "c", image: "x" }],
        tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoRun" }],
      },
      33,
      'spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
    [
      "a node name must be a DNS subdomain",
      { containers: [{ name: "c", image: "x" }], nodeName: "Node_1" },
      33,
      `spec.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [
      "a liveness probe needs a handler and a success threshold of 1",
      { containers: [{ name: "c", image: "x", livenessProbe: { successThreshold: 2 } }] },
      33,
      "[spec.containers[0].livenessProbe: Required value: must specify a handler type, spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1]",
    ],
    [
      "node affinity In needs values",
      {
        containers: [{ name: "c", image: "x" }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "In" }] }],
            },
          },
        },
      },
      33,
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ],
  ];
  it.each(cases)("%s", (_n, spec, minor, want) => {
    expect(create(pod(spec), minor).text).toBe(want);
  });

  it("accepts a minimal pod", () => {
    expect(create(pod({ containers: [{ name: "c", image: "nginx" }] }), 21).errs).toEqual([]);
  });
});

describe("Pod updates", () => {
  const base = create(
    pod({ containers: [{ name: "c", image: "nginx:1.20", ports: [{ containerPort: 80 }] }] }),
    33,
  ).obj;

  it("may change an image", () => {
    const next = structuredClone(base);
    next.spec.containers[0].image = "nginx:1.21";
    expect(update(next, base, 33).errs).toEqual([]);
  });

  it("may not change a port, with each minor's wording", () => {
    const next = structuredClone(base);
    next.spec.containers[0].ports[0].containerPort = 8080;
    expect(update(next, base, 33).text.split("\n")[0]).toBe(
      "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    );
    expect(update(next, base, 21).text.split("\n")[0]).toBe(
      "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds` or `spec.tolerations` (only additions to existing tolerations)",
    );
  });

  it("keeps the status", () => {
    const next = structuredClone(base);
    next.status = { phase: "Running" };
    expect(update(next, base, 33).obj.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
  });
});
