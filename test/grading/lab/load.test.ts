import { describe, expect, it } from "vitest";
import { formatLintError, loadLab } from "../../../src/grading/lab/load.ts";
import { renderTemplate, resolveParameters } from "../../../src/grading/lab/parameters.ts";

const GOOD = `id: tiny
title: A tiny lab
instructions: Run {{pod}}.
parameters:
  pod: { pattern: "web-{alpha:4}" }
  replicas: { range: [2, 4] }
  port: { choose: [80, 8080] }
checkpoints:
  - id: exists
    title: "{{pod}} exists"
    points: 1
    check: { kind: resource, resource: pod, name: "{{pod}}" }
  - id: running
    title: It runs
    points: 2
    requires: [exists]
    check: { kind: command, pattern: "kubectl (run|apply)" }
solutions:
  reference: { transcript: "@ref.txt" }
  wrong:
    - name: nothing
      fails: [exists, running]
      transcript: "kubectl get pods"
`;

async function lint(yaml: string, files: Record<string, string> = { "ref.txt": "kubectl run x --image=nginx" }) {
  const r = await loadLab({ dir: "labs/tiny", files: { "lab.yaml": yaml, ...files } });
  return r.ok ? [] : r.errors.map(formatLintError);
}

describe("loading a lab", () => {
  it("a valid lab loads with a content hash and its referenced files resolved", async () => {
    const r = await loadLab({
      dir: "labs/tiny",
      files: { "lab.yaml": GOOD, "ref.txt": "kubectl run x --image=nginx" },
    });
    if (!r.ok) throw new Error(r.errors.map(formatLintError).join("\n"));
    expect(r.lab.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(r.lab.solutions.reference.transcript).toBe("kubectl run x --image=nginx");
    expect(r.lab.checkpoints.map((c) => c.id)).toEqual(["exists", "running"]);
  });

  it("the content hash changes when a referenced file changes", async () => {
    const a = await loadLab({ dir: "labs/tiny", files: { "lab.yaml": GOOD, "ref.txt": "one" } });
    const b = await loadLab({ dir: "labs/tiny", files: { "lab.yaml": GOOD, "ref.txt": "two" } });
    expect(a.ok && b.ok && a.lab.version !== b.lab.version).toBe(true);
  });
});

describe("lab lint errors name the file, line, column and path", () => {
  const cases: [string, string, string[]][] = [
    [
      "an id with capitals",
      GOOD.replace("id: tiny", "id: Tiny"),
      ["labs/tiny/lab.yaml:1:1: id: must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"],
    ],
    [
      "a field the format does not have",
      GOOD.replace("parameters:", "colour: blue\nparameters:"),
      ['labs/tiny/lab.yaml:4:1: colour: unknown field "colour"'],
    ],
    [
      "points given as text",
      GOOD.replace("points: 1", 'points: "one"'),
      ["labs/tiny/lab.yaml:11:5: checkpoints[0].points: must be a number, not a string"],
    ],
    [
      "a check missing what it looks at",
      GOOD.replace('{ kind: resource, resource: pod, name: "{{pod}}" }', "{ kind: resource }"),
      ['labs/tiny/lab.yaml:12:5: checkpoints[0].check: missing required field "resource"'],
    ],
    [
      "an unknown check kind",
      GOOD.replace("{ kind: command,", "{ kind: commands,"),
      [
        'labs/tiny/lab.yaml:17:14: checkpoints[1].check.kind: must be one of "resource", "count", "rbac", "http", "docker", "command", "output", "event", "scenario", "all", "any", "not"',
      ],
    ],
    [
      "a duplicate checkpoint id",
      GOOD.replace("- id: running", "- id: exists").replace("requires: [exists]", "requires: []"),
      [
        'labs/tiny/lab.yaml:13:5: checkpoints[1].id: duplicate checkpoint id "exists" (first at checkpoints[0])',
        'labs/tiny/lab.yaml:22:23: solutions.wrong[0].fails[1]: no checkpoint with id "running"',
      ],
    ],
    [
      "a prerequisite that does not exist",
      GOOD.replace("requires: [exists]", "requires: [exist]"),
      ['labs/tiny/lab.yaml:16:16: checkpoints[1].requires[0]: no checkpoint with id "exist"'],
    ],
    [
      "a wrong solution failing an unknown checkpoint",
      GOOD.replace("fails: [exists, running]", "fails: [exists, runing]"),
      ['labs/tiny/lab.yaml:22:23: solutions.wrong[0].fails[1]: no checkpoint with id "runing"'],
    ],
    [
      "an invalid regular expression",
      GOOD.replace('pattern: "kubectl (run|apply)"', 'pattern: "kubectl (run"'),
      [
        'labs/tiny/lab.yaml:17:5: checkpoints[1].check: invalid regular expression "kubectl (run": Invalid regular expression: /kubectl (run/: Unterminated group',
      ],
    ],
    [
      "a Kubernetes version we do not emulate",
      GOOD.replace("parameters:", 'environment: { kubernetesVersion: "1.19" }\nparameters:'),
      [
        'labs/tiny/lab.yaml:4:16: environment.kubernetesVersion: unsupported Kubernetes version "1.19": supported versions are 1.21, 1.33',
      ],
    ],
    [
      "instructions using an undeclared parameter",
      GOOD.replace("Run {{pod}}.", "Run {{pods}}."),
      ["labs/tiny/lab.yaml:3:1: instructions: instructions use {{pods}}, which is not a parameter"],
    ],
    [
      "a reference to a file the folder lacks",
      GOOD.replace("@ref.txt", "@missing.txt"),
      ['labs/tiny/lab.yaml:19:16: solutions.reference.transcript: file "missing.txt" is not in the lab folder'],
    ],
    ["broken YAML", "id: x\n  title: y\n", ["labs/tiny/lab.yaml:2:8: YAML: bad indentation of a mapping entry"]],
  ];
  for (const [name, yaml, expected] of cases) {
    it(`reports ${name}`, async () => {
      expect(await lint(yaml)).toEqual(expected);
    });
  }

  it("refuses a lab.yaml over its size bound", async () => {
    expect(await lint(`${GOOD}# ${"x".repeat(1024 * 1024)}`)).toEqual([
      "labs/tiny/lab.yaml:1:1: lab.yaml is larger than 1048576 bytes",
    ]);
  });
});

describe("per-student parameters", () => {
  const lab = {
    id: "tiny",
    parameters: {
      pod: { pattern: "web-{alpha:4}" },
      n: { range: [2, 4] as [number, number] },
      port: { choose: [80, 8080] },
    },
  };

  it("the same student always gets the same values", () => {
    expect(resolveParameters(lab, "alice")).toEqual(resolveParameters(lab, "alice"));
  });

  it("values follow their specs", () => {
    const p = resolveParameters(lab, "bob");
    expect(String(p.pod)).toMatch(/^web-[a-z]{4}$/);
    expect(p.n).toBeGreaterThanOrEqual(2);
    expect(p.n).toBeLessThanOrEqual(4);
    expect([80, 8080]).toContain(p.port);
  });

  it("different students get different names", () => {
    const names = new Set(["a", "b", "c", "d", "e", "f"].map((s) => resolveParameters(lab, s).pod));
    expect(names.size).toBeGreaterThan(3);
  });

  it("templates fill known names and leave unknown ones", () => {
    expect(renderTemplate("{{pod}} and {{ nope }}", { pod: "web-abcd" })).toBe("web-abcd and {{ nope }}");
  });
});
