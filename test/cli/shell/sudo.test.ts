/**
 * sudo and su on the hosts, whose shell is root's already: commands run as they would without
 * them, a login shell starts at root's home, only root exists, and the messages are sudo
 * 1.9's and util-linux su's (measured). A transcript typed with sudo grades as one without.
 */
import { describe, expect, it } from "vitest";
import { grade } from "../../../src/grading/grade.ts";
import { loadLab } from "../../../src/grading/lab/load.ts";
import { solutionSubmission } from "../../../src/grading/lab-test.ts";
import { createSimulation } from "../../../src/index.ts";
import { readLab } from "../../../src/node/labs.ts";
import { session } from "./helpers.ts";

const run = (line: string) => session().shell.exec(line);

describe("sudo", () => {
  it("runs the command as it is", () => {
    expect(run("sudo -E echo hi; sudo -- echo dd; sudo -u root echo r")).toEqual({
      stdout: "hi\ndd\nr\n",
      stderr: "",
      exitCode: 0,
    });
    expect(run(`sudo VAR=1 sh -c 'echo $VAR'; echo [$VAR]`)).toEqual({ stdout: "1\n[]\n", stderr: "", exitCode: 0 });
  });

  it("-i runs a command from root's home, and alone leaves a login shell there", () => {
    expect(run("cd /tmp; sudo -i pwd; pwd; sudo -s pwd; sudo -i; pwd")).toEqual({
      stdout: "/root\n/tmp\n/tmp\n/root\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("refuses what sudo refuses, in its words", () => {
    expect(run("sudo nosuch")).toEqual({ stdout: "", stderr: "sudo: nosuch: command not found\n", exitCode: 1 });
    // A shell builtin is no program sudo can run.
    expect(run("sudo export X=1")).toEqual({ stdout: "", stderr: "sudo: export: command not found\n", exitCode: 1 });
    expect(run("cd /tmp; sudo cd /; pwd")).toEqual({
      stdout: "/tmp\n",
      stderr:
        'sudo: cd: command not found\nsudo: "cd" is a shell built-in command, it cannot be run directly.\nsudo: the -s option may be used to run a privileged shell.\nsudo: the -D option may be used to run a command in a specific directory.\n',
      exitCode: 0,
    });
    expect(run("sudo -u bob true")).toEqual({
      stdout: "",
      stderr: "sudo: unknown user bob\nsudo: error initializing audit plugin sudoers_audit\n",
      exitCode: 1,
    });
    const bare = run("sudo");
    expect(bare.exitCode).toBe(1);
    expect(bare.stderr.split("\n")[0]).toBe("usage: sudo -h | -K | -k | -V");
    const bad = run("sudo -x");
    expect(bad.stderr).toBe(`sudo: invalid option -- 'x'\n${bare.stderr}`);
  });

  it("is a program, not a builtin", () => {
    expect(run("type sudo; command -v su")).toEqual({
      stdout: "sudo is /usr/bin/sudo\n/usr/bin/su\n",
      stderr: "",
      exitCode: 0,
    });
  });
});

describe("su", () => {
  it("becomes root again, `-` at its home; -c runs a command", () => {
    expect(run("cd /tmp; su - -c pwd; pwd; su -c 'echo hi'; su -; pwd")).toEqual({
      stdout: "/root\n/tmp\nhi\n/root\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("knows no other user", () => {
    expect(run("su bob")).toEqual({
      stdout: "",
      stderr: "su: user bob does not exist or the user entry does not contain all the required fields\n",
      exitCode: 1,
    });
  });
});

describe("sudo in the simulation and in grading", () => {
  it("sudo kubectl is kubectl; a container has no sudo", async () => {
    const sim = await createSimulation({ seed: 1 });
    const nodes = await sim.exec("sudo kubectl get nodes -o name");
    expect(nodes.stdout).toContain("node/k8s-m\n");
    await sim.exec("kubectl run w --image=nginx:1.25 && sleep 20");
    const r = await sim.exec("kubectl exec w -- sh -c 'sudo ls'");
    expect(r.stderr).toBe("sh: 1: sudo: not found\ncommand terminated with exit code 127\n");
  });

  it("a reference transcript typed with sudo before each kubectl scores full marks", async () => {
    const read = readLab("single-pod");
    if (!read.ok) throw new Error(read.error);
    const loaded = await loadLab(read.source);
    if (!loaded.ok) throw new Error("single-pod does not load");
    const ref = solutionSubmission(loaded.lab, loaded.lab.solutions.reference);
    if (ref.kind !== "transcript") throw new Error("the reference is a transcript");
    const text = ref.text.replace(/^kubectl /gm, "sudo kubectl ");
    expect(text).toContain("sudo kubectl apply");
    const report = grade(loaded.lab, { ...ref, text }, { student: loaded.lab.solutions.reference.student }).report;
    expect(report.score).toBe(report.maxScore);
  });
});
