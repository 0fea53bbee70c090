import { describe, expect, it } from "vitest";
import { listToJson, toJson } from "../../../../src/cli/kubectl/output/json.ts";

// Expected outputs below were printed by kubectl 1.33.1 (`kubectl annotate --local -f obj.json
// --overwrite k=v -o json`, which goes through the same JSON printer as `kubectl get`).

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    annotations: {
      "kubectl.kubernetes.io/last-applied-configuration":
        '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx","ports":[{"containerPort":80}]}]}}\n',
      note: "true",
      owner: "José <ops@example.com>",
    },
    creationTimestamp: "2024-01-05T09:00:00Z",
    labels: {
      app: "web",
      tier: "80",
      "app.kubernetes.io/version": "1.0",
    },
    name: "web",
    namespace: "default",
    resourceVersion: "1234",
    uid: "6b1f8e0c-3c1e-4c55-9a43-1f2a3b4c5d6e",
  },
  spec: {
    containers: [
      {
        args: ["--port", "80", ""],
        env: [
          {
            name: "GREETING",
            value: "héllo wörld",
          },
          {
            name: "EMPTY",
            value: "",
          },
          {
            name: "ENABLED",
            value: "yes",
          },
        ],
        image: "nginx:1.25",
        imagePullPolicy: "IfNotPresent",
        name: "nginx",
        ports: [
          {
            containerPort: 80,
            name: "http",
            protocol: "TCP",
          },
        ],
        resources: {
          limits: {
            cpu: "500m",
            memory: "128Mi",
          },
          requests: {
            cpu: "250m",
            memory: "64Mi",
          },
        },
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
        volumeMounts: [],
      },
    ],
    dnsPolicy: "ClusterFirst",
    enableServiceLinks: true,
    nodeSelector: {},
    priority: 0,
    restartPolicy: "Always",
    schedulerName: "default-scheduler",
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    tolerations: [
      {
        effect: "NoExecute",
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        tolerationSeconds: 300,
      },
    ],
  },
  status: {
    conditions: [
      {
        lastProbeTime: null,
        lastTransitionTime: "2024-01-05T09:00:00Z",
        message:
          'containers with unready status: [nginx]. Back-off pulling image "nginx:1.25": the registry answered 429 Too Many Requests, retrying later',
        reason: "ContainersNotReady",
        status: "False",
        type: "Ready",
      },
    ],
    phase: "Pending",
    qosClass: "Burstable",
  },
};

describe("toJson prints an object as kubectl get -o json does", () => {
  it("prints a realistic Pod byte for byte", () => {
    expect(toJson(pod, 33)).toBe(String.raw`{
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
        "annotations": {
            "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\"},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"nginx:1.25\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80}]}]}}\n",
            "note": "true",
            "owner": "José \u003cops@example.com\u003e"
        },
        "creationTimestamp": "2024-01-05T09:00:00Z",
        "labels": {
            "app": "web",
            "app.kubernetes.io/version": "1.0",
            "tier": "80"
        },
        "name": "web",
        "namespace": "default",
        "resourceVersion": "1234",
        "uid": "6b1f8e0c-3c1e-4c55-9a43-1f2a3b4c5d6e"
    },
    "spec": {
        "containers": [
            {
                "args": [
                    "--port",
                    "80",
                    ""
                ],
                "env": [
                    {
                        "name": "GREETING",
                        "value": "héllo wörld"
                    },
                    {
                        "name": "EMPTY",
                        "value": ""
                    },
                    {
                        "name": "ENABLED",
                        "value": "yes"
                    }
                ],
                "image": "nginx:1.25",
                "imagePullPolicy": "IfNotPresent",
                "name": "nginx",
                "ports": [
                    {
                        "containerPort": 80,
                        "name": "http",
                        "protocol": "TCP"
                    }
                ],
                "resources": {
                    "limits": {
                        "cpu": "500m",
                        "memory": "128Mi"
                    },
                    "requests": {
                        "cpu": "250m",
                        "memory": "64Mi"
                    }
                },
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "volumeMounts": []
            }
        ],
        "dnsPolicy": "ClusterFirst",
        "enableServiceLinks": true,
        "nodeSelector": {},
        "priority": 0,
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "securityContext": {},
        "terminationGracePeriodSeconds": 30,
        "tolerations": [
            {
                "effect": "NoExecute",
                "key": "node.kubernetes.io/not-ready",
                "operator": "Exists",
                "tolerationSeconds": 300
            }
        ]
    },
    "status": {
        "conditions": [
            {
                "lastProbeTime": null,
                "lastTransitionTime": "2024-01-05T09:00:00Z",
                "message": "containers with unready status: [nginx]. Back-off pulling image \"nginx:1.25\": the registry answered 429 Too Many Requests, retrying later",
                "reason": "ContainersNotReady",
                "status": "False",
                "type": "Ready"
            }
        ],
        "phase": "Pending",
        "qosClass": "Burstable"
    }
}
`);
  });
});

describe("toJson escapes, formats numbers and sorts keys as Go's encoding/json does", () => {
  const cases: [string, unknown, string][] = [
    [
      "HTML characters are escaped as \\u003c, \\u003e and \\u0026",
      '<a href="x">&</a>',
      '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"',
    ],
    ["newline, tab, carriage return and backslash get short escapes", "a\nb\tc\rd\\e", '"a\\nb\\tc\\rd\\\\e"'],
    ["other control characters get \\u00XX escapes", "\u0001\u001b", '"\\u0001\\u001b"'],
    ["line and paragraph separators are escaped", "a\u2028b\u2029c", '"a\\u2028b\\u2029c"'],
    ["unicode is written as is", "héllo 日本 🚀", '"héllo 日本 🚀"'],
    ["DEL is written as is", "a\u007fb", '"a\u007fb"'],
    [
      "integers print as is",
      [0, -1, 80, 9007199254740991],
      "[\n        0,\n        -1,\n        80,\n        9007199254740991\n    ]",
    ],
    [
      "floats print in the shortest form",
      [1.5, 0.1, 1000000.5, 123456789.125],
      "[\n        1.5,\n        0.1,\n        1000000.5,\n        123456789.125\n    ]",
    ],
    [
      "tiny and huge floats use an exponent",
      [1e-7, 1.5e-10, 1e21, 1e300],
      "[\n        1e-7,\n        1.5e-10,\n        1e+21,\n        1e+300\n    ]",
    ],
    [
      "floats just inside the range print in full",
      [0.000001, 1e20],
      "[\n        0.000001,\n        100000000000000000000\n    ]",
    ],
    ["booleans and null print as words", [true, false, null], "[\n        true,\n        false,\n        null\n    ]"],
    [
      "empty objects and lists stay on one line",
      { a: {}, b: [], c: [{}] },
      '{\n        "a": {},\n        "b": [],\n        "c": [\n            {}\n        ]\n    }',
    ],
    [
      "keys sort by bytes: digits before upper case before lower case",
      { b: 1, a10: 2, a9: 3, B: 4, é: 5, "": 6, _: 7 },
      '{\n        "": 6,\n        "B": 4,\n        "_": 7,\n        "a10": 2,\n        "a9": 3,\n        "b": 1,\n        "é": 5\n    }',
    ],
  ];
  for (const [name, value, want] of cases) {
    it(name, () => {
      expect(toJson({ v: value }, 33)).toBe(`{\n    "v": ${want}\n}\n`);
    });
  }
});

describe("toJson follows the Go that built the kubectl", () => {
  const cases: [string, number, string][] = [
    ["kubectl 1.21 (Go 1.16) writes backspace and form feed as \\u escapes", 21, String.raw`"\u0008\u000c"`],
    ["kubectl 1.33 (Go 1.24) writes them as \\b and \\f", 33, String.raw`"\b\f"`],
  ];
  for (const [name, minor, want] of cases) {
    it(name, () => {
      expect(toJson("\b\f", minor)).toBe(want + "\n");
    });
  }
});

describe("toJson on values JSON has no room for", () => {
  const cases: [string, unknown, string][] = [
    ["undefined properties are left out", { a: 1, b: undefined }, '{\n    "a": 1\n}\n'],
    ["negative zero prints as 0, as an int64 holds it", -0, "0\n"],
    ["a lone surrogate is invalid UTF-8 to Go and prints as U+FFFD", "a\ud800b", String.raw`"a\ufffdb"` + "\n"],
    ["an integer past 2^53 prints its exact value", 2 ** 60, "1152921504606846976\n"],
  ];
  for (const [name, value, want] of cases) {
    it(name, () => {
      expect(toJson(value)).toBe(want);
    });
  }
});

describe("listToJson wraps several objects in a List", () => {
  const items = [{ kind: "Pod", metadata: { name: "a" } }];
  it("kubectl 1.33 prints only an empty resourceVersion in the List metadata", () => {
    expect(listToJson(items, 33)).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "kind": "Pod",\n' +
        '            "metadata": {\n                "name": "a"\n            }\n        }\n    ],\n' +
        '    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });
  it("kubectl 1.21 also prints an empty selfLink", () => {
    expect(listToJson([], 21)).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n' +
        '    "metadata": {\n        "resourceVersion": "",\n        "selfLink": ""\n    }\n}\n',
    );
  });
});
