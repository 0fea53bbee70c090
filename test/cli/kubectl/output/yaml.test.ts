import { describe, expect, it } from "vitest";
import { listToYaml, toYaml, tryToYaml } from "../../../../src/cli/kubectl/output/yaml.ts";

// Expected outputs below were printed by kubectl 1.33.1 (`kubectl annotate --local -f obj.json
// --overwrite k=v -o yaml`, which goes through the same YAML printer as `kubectl get`).

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

describe("toYaml prints an object as kubectl get -o yaml does", () => {
  it("prints a realistic Pod byte for byte", () => {
    expect(toYaml(pod)).toBe(`apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx","ports":[{"containerPort":80}]}]}}
    note: "true"
    owner: José <ops@example.com>
  creationTimestamp: "2024-01-05T09:00:00Z"
  labels:
    app: web
    app.kubernetes.io/version: "1.0"
    tier: "80"
  name: web
  namespace: default
  resourceVersion: "1234"
  uid: 6b1f8e0c-3c1e-4c55-9a43-1f2a3b4c5d6e
spec:
  containers:
  - args:
    - --port
    - "80"
    - ""
    env:
    - name: GREETING
      value: héllo wörld
    - name: EMPTY
      value: ""
    - name: ENABLED
      value: "yes"
    image: nginx:1.25
    imagePullPolicy: IfNotPresent
    name: nginx
    ports:
    - containerPort: 80
      name: http
      protocol: TCP
    resources:
      limits:
        cpu: 500m
        memory: 128Mi
      requests:
        cpu: 250m
        memory: 64Mi
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts: []
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  nodeSelector: {}
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2024-01-05T09:00:00Z"
    message: 'containers with unready status: [nginx]. Back-off pulling image "nginx:1.25":
      the registry answered 429 Too Many Requests, retrying later'
    reason: ContainersNotReady
    status: "False"
    type: Ready
  phase: Pending
  qosClass: Burstable
`);
  });
});

describe("toYaml quotes, folds and escapes scalars as go-yaml v2 does", () => {
  const cases: [string, unknown, string][] = [
    ["a word stays plain", "nginx", "v: nginx\n"],
    ["a port number as text is double-quoted", "80", 'v: "80"\n'],
    ["true as text is double-quoted", "true", 'v: "true"\n'],
    ["a YAML 1.1 boolean word is double-quoted", "yes", 'v: "yes"\n'],
    ["on is a YAML 1.1 boolean too", "on", 'v: "on"\n'],
    ["null as text is double-quoted", "null", 'v: "null"\n'],
    ["a tilde is null in YAML, so it is double-quoted", "~", 'v: "~"\n'],
    ["the empty string is double-quoted", "", 'v: ""\n'],
    ["an exponent number as text is double-quoted", "1e3", 'v: "1e3"\n'],
    ["a hex number as text is double-quoted", "0x1F", 'v: "0x1F"\n'],
    ["a number with underscores as text is double-quoted", "1_000", 'v: "1_000"\n'],
    ["a float as text is double-quoted", "1.5", 'v: "1.5"\n'],
    ["a date is a timestamp, so it is double-quoted", "2024-01-05", 'v: "2024-01-05"\n'],
    ["an RFC 3339 time is a timestamp, so it is double-quoted", "2024-01-05T09:00:00Z", 'v: "2024-01-05T09:00:00Z"\n'],
    ["a time without a zone is not a timestamp and stays plain", "2024-01-05T09:00:00", "v: 2024-01-05T09:00:00\n"],
    ["an impossible date is not a timestamp", "2024-02-30", "v: 2024-02-30\n"],
    ["a base-60 number is double-quoted", "12:30", 'v: "12:30"\n'],
    ["a port mapping is not base-60 and stays plain", "8080:80", "v: 8080:80\n"],
    ["a leading dash and space is single-quoted", "- item", "v: '- item'\n"],
    ["a colon and space is single-quoted", "key: value", "v: 'key: value'\n"],
    ["a leading hash is single-quoted", "#comment", "v: '#comment'\n"],
    ["a space before a hash is single-quoted", "a #b", "v: 'a #b'\n"],
    ["a leading space is single-quoted", " leading", "v: ' leading'\n"],
    ["a trailing space is single-quoted", "trailing ", "v: 'trailing '\n"],
    ["a single quote inside a single-quoted string is doubled", "'quoted'", "v: '''quoted'''\n"],
    ["a URL stays plain", "http://example.com:8080/path?q=1#frag", "v: http://example.com:8080/path?q=1#frag\n"],
    ["an apostrophe in the middle stays plain", "it's", "v: it's\n"],
    ["a merge key stays plain", "<<", "v: <<\n"],
    ["unicode in the BMP stays plain", "héllo wörld 日本", "v: héllo wörld 日本\n"],
    ["a tab makes the string double-quoted", "tab\there", 'v: "tab\\there"\n'],
    ["emoji are outside go-yaml's printable set and get \\U escapes", "emoji 🚀", 'v: "emoji \\U0001F680"\n'],
    ["a string starting with a BOM has every character escaped", "\ufeffbom", 'v: "\\uFEFF\\x62\\x6F\\x6D"\n'],
    ["a C0 control character gets a \\x escape", "bell\u0007", 'v: "bell\\a"\n'],
    ["a multi-line string without a final newline is a |- block", "line1\nline2", "v: |-\n  line1\n  line2\n"],
    ["a multi-line string with one final newline is a | block", "line1\nline2\n", "v: |\n  line1\n  line2\n"],
    ["a multi-line string with two final newlines is a |+ block", "line1\n\n", "v: |+\n  line1\n\n"],
    [
      "a block starting with a space gets an indentation indicator",
      "  indented\nnext\n",
      "v: |2\n    indented\n  next\n",
    ],
    [
      "a space before a newline rules out a block, so it is double-quoted",
      "trailing \nnext",
      'v: "trailing \\nnext"\n',
    ],
    ["a NEL folds into a space when kubectl reads its JSON back", "a \u0085 b", "v: a b\n"],
    [
      "a long plain string folds past column 80",
      "containers with unready status: [nginx]. Back-off pulling image nginx:1.25 because the registry answered 429 Too Many Requests",
      "v: 'containers with unready status: [nginx]. Back-off pulling image nginx:1.25 because\n  the registry answered 429 Too Many Requests'\n",
    ],
    [
      "a long double-quoted string folds past column 80",
      "\tword word word word word word word word word word word word word word word word word word word word  two spaces more more more more more more more more more more ",
      'v: "\\tword word word word word word word word word word word word word word word word\n  word word word word  two spaces more more more more more more more more more more "\n',
    ],
    [
      "a long single-quoted string folds too",
      "- item item item item item item item item item item item item item item item item item item item item item item item item item item item item item item ",
      "v: '- item item item item item item item item item item item item item item item item\n  item item item item item item item item item item item item item item '\n",
    ],
    ["an integer prints as is", 42, "v: 42\n"],
    ["a float prints in Go's shortest form", 1.5, "v: 1.5\n"],
    ["a float from a million up uses an exponent", 1000000.5, "v: 1.0000005e+06\n"],
    ["a small float uses a two-digit exponent", 0.00001, "v: 1e-05\n"],
    ["an integral float past uint64 prints as a float", 2 ** 64, "v: 1.8446744073709552e+19\n"],
    ["booleans print as true and false", [true, false], "v:\n- true\n- false\n"],
    ["null prints as null", null, "v: null\n"],
    [
      "empty maps and lists print in flow style",
      { a: {}, b: [], c: { d: [] } },
      "v:\n  a: {}\n  b: []\n  c:\n    d: []\n",
    ],
    ["a list of lists nests dashes on one line", [[1, 2], [[]], []], "v:\n- - 1\n  - 2\n- - []\n- []\n"],
    [
      "keys sort naturally: digit runs as numbers, non-letters before letters",
      { "80": 5, a10: 1, a9: 2, aB: 3, a_b: 4, b: 6, "": 7, "a.b": 8, A: 9 },
      'v:\n  "": 7\n  "80": 5\n  A: 9\n  a.b: 8\n  a_b: 4\n  a9: 2\n  a10: 1\n  aB: 3\n  b: 6\n',
    ],
    [
      "a key over 128 bytes takes the explicit ? form",
      { ["k".repeat(130)]: "v" },
      "v:\n  ? " + "k".repeat(130) + "\n  : v\n",
    ],
    ["a multi-line key takes the ? form with a literal block", { "a\nb": "v" }, "v:\n  ? |-\n    a\n    b\n  : v\n"],
  ];
  for (const [name, value, want] of cases) {
    it(name, () => {
      expect(toYaml({ v: value })).toBe(want);
    });
  }
});

describe("toYaml at the top level", () => {
  const cases: [string, unknown, string][] = [
    ["an empty object is {}", {}, "{}\n"],
    ["a bare string is one plain line", "hello", "hello\n"],
    ["a bare multi-line string is a block indented two spaces", "a\nb\n", "|\n  a\n  b\n"],
    ["undefined properties are left out, as JSON leaves them", { a: 1, b: undefined }, "a: 1\n"],
  ];
  for (const [name, value, want] of cases) {
    it(name, () => {
      expect(toYaml(value)).toBe(want);
    });
  }
});

describe("listToYaml wraps several objects in a List", () => {
  const items = [
    { apiVersion: "v1", kind: "Pod", metadata: { name: "a" } },
    { apiVersion: "v1", kind: "Pod", metadata: { name: "b" } },
  ];
  it("kubectl 1.33 prints only an empty resourceVersion in the List metadata", () => {
    expect(listToYaml(items, 33)).toBe(
      "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n" +
        "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n" +
        'kind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });
  it("kubectl 1.21 also prints an empty selfLink", () => {
    expect(listToYaml(items.slice(0, 1), 21)).toBe(
      "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n" +
        'kind: List\nmetadata:\n  resourceVersion: ""\n  selfLink: ""\n',
    );
  });
  it("no objects print as an empty items list", () => {
    expect(listToYaml([], 33)).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });
});

describe("tryToYaml fails where kubectl fails to read its own JSON back", () => {
  const cases: [string, unknown, string][] = [
    ["a DEL character is refused by go-yaml's reader", { v: "a\u007fb" }, "yaml: control characters are not allowed"],
    ["a C1 control character is refused too", { v: ["ok", "\u0099"] }, "yaml: control characters are not allowed"],
    [
      "a key with a NEL spans two lines of the JSON text",
      { a: "x\u0085y", "b\u0085": 1 },
      "yaml: line 2: did not find expected ',' or '}'",
    ],
  ];
  for (const [name, value, error] of cases) {
    it(name, () => {
      expect(tryToYaml(value)).toEqual({ ok: false, error });
    });
  }
  it("anything else prints", () => {
    expect(tryToYaml({ v: "a\u0085b" })).toEqual({ ok: true, text: "v: a b\n" });
  });
});
