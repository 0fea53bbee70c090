/**
 * Grading end to end on the catalogue's single-pod lab: every submission style a student has,
 * the report's shape and determinism, partial credit with reasons, an edited output caught,
 * and the CLI's --json report.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { grade } from "../../src/grading/grade.ts";
import { loadLab } from "../../src/grading/lab/load.ts";
import { resolveParameters } from "../../src/grading/lab/parameters.ts";
import type { Lab } from "../../src/grading/types.ts";
import { readLab } from "../../src/node/labs.ts";

let lab: Lab;
let pod: string;

beforeAll(async () => {
  const read = readLab("single-pod");
  if (!read.ok) throw new Error(read.error);
  const loaded = await loadLab(read.source);
  if (!loaded.ok) throw new Error("single-pod does not load");
  lab = loaded.lab;
  pod = String(resolveParameters(lab, "alice").pod);
});

const manifest = (name: string, image = "nginx:1.25") => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  containers:
  - name: web
    image: ${image}
    ports:
    - containerPort: 80
`;

const scoreOf = (text: string) => grade(lab, { kind: "transcript", text }, { student: "alice" }).report;

describe("grading each submission style", () => {
  it("manifests score full marks when right", () => {
    const r = grade(
      lab,
      { kind: "manifests", files: [{ name: "pod.yaml", content: manifest(pod) }] },
      { student: "alice" },
    );
    expect(r.report.gradable).toBe(true);
    expect([r.report.score, r.report.maxScore]).toEqual([10, 10]);
  });

  it("a plain command list with a heredoc", () => {
    const text = `cat <<'EOF' | kubectl apply -f -\n${manifest(pod)}EOF\nkubectl get pods\n`;
    expect(scoreOf(text).score).toBe(10);
  });

  it("a bash history with timestamps", () => {
    const text = `#1767603600\nkubectl run ${pod} --image=nginx:1.25 --port=80 --labels=app=${pod}\n#1767603630\nkubectl get pods\n`;
    const r = scoreOf(text);
    expect(r.gradable).toBe(true);
    // kubectl run names the container after the pod, not "web": image and port are lost.
    expect(r.checkpoints.filter((c) => !c.passed).map((c) => c.id)).toEqual(["image", "port", "running"]);
  });

  it("a copy of a terminal with prompts and outputs", () => {
    const text = `root@k8s-m:~# cat > pod.yaml <<'EOF'\n${manifest(pod)
      .split("\n")
      .filter(Boolean)
      .map((l) => `> ${l}`)
      .join("\n")}\n> EOF\nroot@k8s-m:~# kubectl apply -f pod.yaml\npod/${pod} created\n`;
    expect(scoreOf(text).score).toBe(10);
  });

  it("an asciinema recording", () => {
    const events = [
      [0.1, "o", "root@k8s-m:~# "],
      [1.0, "o", `kubectl run ${pod} --image=nginx:1.25 --labels=app=${pod}\r\n`],
      [1.3, "o", `pod/${pod} created\r\n`],
      [1.4, "o", "root@k8s-m:~# "],
    ];
    const text = `${JSON.stringify({ version: 2, width: 80, height: 24 })}\n${events.map((e) => JSON.stringify(e)).join("\n")}\n`;
    const r = scoreOf(text);
    expect(r.gradable).toBe(true);
    expect(r.checkpoints.find((c) => c.id === "pod-exists")?.passed).toBe(true);
  });
});

describe("the report", () => {
  it("is byte-identical for the same submission and lab version", () => {
    const text = `kubectl run ${pod} --image=nginx --labels=app=${pod}\n`;
    expect(JSON.stringify(scoreOf(text))).toBe(JSON.stringify(scoreOf(text)));
  });

  it("gives partial credit and says what was found against what was expected", () => {
    const r = grade(
      lab,
      { kind: "manifests", files: [{ name: "pod.yaml", content: manifest(pod, "nginx:1.24") }] },
      { student: "alice" },
    ).report;
    expect(r.score).toBe(5);
    const image = r.checkpoints.find((c) => c.id === "image")!;
    expect(image).toMatchObject({ passed: false, awarded: 0, points: 3 });
    expect(image.explanation).toContain("nginx:1.24");
    expect(image.explanation).toContain("nginx:1.25");
    expect(image.hint).toBe("spec.containers[0] needs name web and image nginx:1.25.");
    expect(r.checkpoints.find((c) => c.id === "running")).toMatchObject({ skipped: true, passed: false });
  });

  it("another student's parameters make a copied answer fail", () => {
    const r = grade(
      lab,
      { kind: "manifests", files: [{ name: "pod.yaml", content: manifest(pod) }] },
      { student: "bob" },
    ).report;
    expect(r.score).toBeLessThan(r.maxScore);
  });

  it("catches an output edited in a transcript", () => {
    const text = `root@k8s-m:~# kubectl run ${pod} --image=nginx:1.25 --labels=app=${pod}
pod/${pod} created
root@k8s-m:~# kubectl get pods
NAME       READY   STATUS             RESTARTS   AGE
${pod}   0/1     ImagePullBackOff   0          9s
`;
    const r = scoreOf(text);
    expect(r.authenticity).toHaveLength(1);
    expect(r.authenticity[0].line).toBe(3);
  });

  it("a malformed submission is not gradable, says why and where, and scores nothing", () => {
    const r = scoreOf(`${JSON.stringify({ version: 2, width: 80, height: 24 })}\n[1.0, "o", "x"]\n[0.5, "o", "y"]\n`);
    expect(r.gradable).toBe(false);
    expect(r.reason).toBeTruthy();
    expect(r.line).toBe(3);
    expect(r.checkpoints).toEqual([]);
  });
});

describe("labgrader grade --json", () => {
  it("prints the report for manifests", () => {
    const dir = mkdtempSync(join(tmpdir(), "labgrader-"));
    writeFileSync(join(dir, "pod.yaml"), manifest(pod));
    const out = execFileSync(
      "node",
      [
        "bin/labgrader.mjs",
        "grade",
        "--lab",
        "single-pod",
        "--manifest",
        join(dir, "pod.yaml"),
        "--student",
        "alice",
        "--json",
      ],
      { encoding: "utf8" },
    );
    const report = JSON.parse(out);
    expect(report.lab).toEqual({ id: "single-pod", version: lab.version, title: lab.title });
    expect([report.score, report.maxScore]).toEqual([10, 10]);
    expect(report.checkpoints.map((c: { id: string; passed: boolean }) => [c.id, c.passed])).toEqual([
      ["pod-exists", true],
      ["image", true],
      ["port", true],
      ["label", true],
      ["running", true],
    ]);
  });
});
