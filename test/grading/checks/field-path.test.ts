import { describe, expect, it } from "vitest";
import { parsePath, select } from "../../../src/grading/checks/field-path.ts";
import { evaluateMatcher, sameValue } from "../../../src/grading/checks/matchers.ts";
import { substitute } from "../../../src/grading/checks/placeholders.ts";
import { listSome, sentenceList } from "../../../src/grading/checks/text.ts";

const pod = {
  metadata: { labels: { app: "web", "app.kubernetes.io/name": "web-ui" } },
  spec: {
    containers: [
      { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }, { containerPort: 443 }] },
      { name: "sidecar", image: "busybox" },
    ],
  },
  status: {
    conditions: [
      { type: "Ready", status: "False" },
      { type: "PodScheduled", status: "True" },
    ],
  },
};

describe("field paths", () => {
  const cases: { name: string; path: string; values: unknown[] }[] = [
    { name: "a dotted path reads nested fields", path: "spec.containers[0].image", values: ["nginx:1.25"] },
    { name: "a negative index counts from the end", path: "spec.containers[-1].name", values: ["sidecar"] },
    { name: "an index out of range selects nothing", path: "spec.containers[5].name", values: [] },
    {
      name: "a field=value selector picks list items",
      path: "status.conditions[type=Ready].status",
      values: ["False"],
    },
    { name: "a star selects every item", path: "spec.containers[*].ports[*].containerPort", values: [80, 443] },
    { name: "a key with dots is found unquoted", path: "metadata.labels.app.kubernetes.io/name", values: ["web-ui"] },
    { name: "a plain key next to a dotted one still reads", path: "metadata.labels.app", values: ["web"] },
    { name: "a quoted key", path: "metadata.labels['app.kubernetes.io/name']", values: ["web-ui"] },
    {
      name: "a jsonpath-style leading dot and braces",
      path: "{.spec.containers[name=sidecar].image}",
      values: ["busybox"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = parsePath(c.path);
      if (!p.ok) throw new Error(p.error);
      expect(select(pod, p.segments)).toEqual(c.values);
    });
  }
  it("an unclosed bracket is an error", () => {
    expect(parsePath("spec.containers[0.image")).toEqual({
      ok: false,
      error: 'unclosed "[" in field path spec.containers[0.image',
    });
  });
});

describe("matchers", () => {
  const cases: {
    name: string;
    matcher: Parameters<typeof evaluateMatcher>[1];
    passed: boolean;
    found: string;
    expected: string;
  }[] = [
    {
      name: "equals a string",
      matcher: { path: "spec.containers[0].image", equals: "nginx:1.25" },
      passed: true,
      found: "has spec.containers[0].image nginx:1.25",
      expected: "expected nginx:1.25",
    },
    {
      name: "any selected value may satisfy",
      matcher: { path: "spec.containers[*].ports[*].containerPort", equals: 443 },
      passed: true,
      found: "has spec.containers[*].ports[*].containerPort 80, 443",
      expected: "expected 443",
    },
    {
      name: "contains a substring",
      matcher: { path: "spec.containers[0].image", contains: "1.2" },
      passed: true,
      found: "has spec.containers[0].image nginx:1.25",
      expected: 'expected it to contain "1.2"',
    },
    {
      name: "matches a pattern",
      matcher: { path: "spec.containers[1].image", matches: "^nginx" },
      passed: false,
      found: "has spec.containers[1].image busybox",
      expected: "expected it to match /^nginx/",
    },
    {
      name: "in a set",
      matcher: { path: "status.conditions[type=Ready].status", in: ["True", "Unknown"] },
      passed: false,
      found: "has status.conditions[type=Ready].status False",
      expected: "expected one of True, Unknown",
    },
    {
      name: "exists",
      matcher: { path: "spec.nodeName", exists: true },
      passed: false,
      found: "has no spec.nodeName",
      expected: "expected it to be set",
    },
    {
      name: "exists false",
      matcher: { path: "spec.nodeName", exists: false },
      passed: true,
      found: "has no spec.nodeName",
      expected: "expected it to be unset",
    },
    {
      name: "numeric bounds together",
      matcher: { path: "spec.containers[0].ports[0].containerPort", gt: 79, lte: 80 },
      passed: true,
      found: "has spec.containers[0].ports[0].containerPort 80",
      expected: "expected more than 79 and at most 80",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = evaluateMatcher(pod, c.matcher);
      expect({ passed: r.passed, found: r.found, expected: r.expected }).toEqual({
        passed: c.passed,
        found: c.found,
        expected: c.expected,
      });
    });
  }
  const same: [unknown, unknown, boolean][] = [
    ["500m", 0.5, true],
    ["1Gi", "1024Mi", true],
    [3, "3", true],
    [true, "true", true],
    ["nginx", "nginx:latest", false],
    ["100m", "0.2", false],
  ];
  for (const [a, b, want] of same)
    it(`${JSON.stringify(a)} ${want ? "equals" : "differs from"} ${JSON.stringify(b)}`, () =>
      expect(sameValue(a, b)).toEqual(want));
});

describe("placeholders and text", () => {
  it("substitutes parameters in every string, numbers where a number is compared", () => {
    expect(
      substitute(
        {
          kind: "resource",
          resource: "deployment",
          name: "web-{{suffix}}",
          fields: [
            { path: "spec.replicas", equals: "{{replicas}}" },
            { path: "metadata.name", equals: "{{missing}}" },
          ],
        },
        { suffix: "abcd", replicas: 3 },
      ),
    ).toEqual({
      kind: "resource",
      resource: "deployment",
      name: "web-abcd",
      fields: [
        { path: "spec.replicas", equals: 3 },
        { path: "metadata.name", equals: "{{missing}}" },
      ],
    });
  });
  it("bounds long lists", () => {
    expect(listSome(["a", "b", "c", "d", "e", "f", "g"])).toEqual("a, b, c, d, e and 2 more");
    expect(sentenceList(["x", "y", "z"])).toEqual("x, y, and z");
  });
});
