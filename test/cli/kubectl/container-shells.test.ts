/**
 * Shells and programs inside containers, as `kubectl exec` shows them: a container finds only
 * the programs its image has; `sh` is dash on Debian images, BusyBox ash on busybox and Alpine,
 * bash on Oracle Linux, each with its own words for a command it cannot run (measured on
 * dash 0.5, BusyBox 1.35 and bash 5.2); the images' own software prints what it prints, and
 * what the simulation does not run is said to be not simulated.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ExecResult, Simulation } from "../../../src/index.ts";
import { createSimulation } from "../../../src/index.ts";

let sim: Simulation;

beforeAll(async () => {
  sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
  for (const c of [
    "kubectl run web --image=nginx:1.25",
    "kubectl run bb --image=busybox:1.36 -- sleep 3600",
    "kubectl run al --image=alpine:3.20 -- sleep 3600",
    "kubectl run cache --image=redis:7.2",
    "kubectl run idle-redis --image=redis:7.2 --command -- sleep 3600",
    "kubectl run db --image=mysql:8.4 --env=MYSQL_ROOT_PASSWORD=secret",
    "sleep 60",
  ]) {
    const r = await sim.exec(c);
    expect(r.exitCode, `${c}: ${r.stderr}`).toBe(0);
  }
});

const exec = (command: string): Promise<ExecResult> => sim.exec(command);
const failed = (stderr: string, code: number): ExecResult => ({
  stdout: "",
  stderr: `${stderr}\ncommand terminated with exit code ${code}\n`,
  exitCode: code,
});

describe("the hosts", () => {
  it.each(["1.21", "1.33"] as const)("are the Ubuntu their nodes report, whose sh is dash (%s)", async (version) => {
    const host = await createSimulation({ kubernetesVersion: version, seed: 1 });
    const osImage = await host.exec("kubectl get node k8s-w1 -o jsonpath='{.status.nodeInfo.osImage}'");
    const pretty = await host.exec(". /etc/os-release; echo $PRETTY_NAME");
    expect(pretty.stdout).toBe(`${osImage.stdout}\n`);
    expect(await host.exec("sh -c nosuch")).toEqual({
      stdout: "",
      stderr: "sh: 1: nosuch: not found\n",
      exitCode: 127,
    });
  });
});

describe("shells in containers", () => {
  it("sh in a Debian image is dash: $0, the line and `not found`", async () => {
    expect(await exec(`kubectl exec web -- sh -c 'echo $0\nnosuch'`)).toEqual({
      stdout: "sh\n",
      stderr: "sh: 2: nosuch: not found\ncommand terminated with exit code 127\n",
      exitCode: 127,
    });
  });

  it("bash in a Debian image speaks bash", async () => {
    expect(await exec("kubectl exec web -- bash -c nosuch")).toEqual(
      failed("bash: line 1: nosuch: command not found", 127),
    );
  });

  it("a directory is refused as dash refuses it", async () => {
    expect(await exec("kubectl exec web -- sh -c /etc")).toEqual(failed("sh: 1: /etc: Permission denied", 126));
  });

  it("sh in busybox and Alpine is ash, which names no line", async () => {
    expect(await exec("kubectl exec bb -- sh -c 'true; nosuch'")).toEqual(failed("sh: nosuch: not found", 127));
    expect(await exec("kubectl exec al -- sh -c nosuch")).toEqual(failed("sh: nosuch: not found", 127));
  });

  it("sh in Oracle Linux is bash run as sh", async () => {
    expect(await exec("kubectl exec db -- sh -c nosuch")).toEqual(failed("sh: line 1: nosuch: command not found", 127));
  });

  it("an EXIT trap runs as the container's script ends, and as an exec'd shell ends", async () => {
    const run = await exec(
      `kubectl run trapper --image=busybox:1.36 --restart=Never -- sh -c "trap 'echo cleanup' EXIT; echo work; exit 2"`,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    await exec("sleep 20");
    expect(await exec("kubectl logs trapper")).toEqual({ stdout: "work\ncleanup\n", stderr: "", exitCode: 0 });
    const code = await exec(
      "kubectl get pod trapper -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}'",
    );
    expect(code.stdout).toBe("2");
    expect(await exec(`kubectl exec web -- sh -c "trap 'echo bye' EXIT; echo hi"`)).toEqual({
      stdout: "hi\nbye\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("a script piped to an interactive shell reads as stdin", async () => {
    expect(await exec("printf 'true\\nnosuch\\n' | kubectl exec -i web -- sh")).toEqual(
      failed("sh: 2: nosuch: not found", 127),
    );
  });
});

describe("programs in containers", () => {
  it("a shell finds only the image's programs: busybox has no curl, nginx no wget, Alpine no bash", async () => {
    expect(await exec(`kubectl exec bb -- sh -c "curl -s http://web"`)).toEqual(failed("sh: curl: not found", 127));
    expect(await exec(`kubectl exec web -- sh -c "wget -qO- localhost"`)).toEqual(
      failed("sh: 1: wget: not found", 127),
    );
    expect(await exec(`kubectl exec al -- sh -c "bash -c true"`)).toEqual(failed("sh: bash: not found", 127));
  });

  it("which and command -v find only the image's programs", async () => {
    expect(await exec("kubectl exec bb -- sh -c 'which curl; echo $?'")).toEqual({
      stdout: "1\n",
      stderr: "",
      exitCode: 0,
    });
    expect(await exec("kubectl exec web -- sh -c 'command -v wget; echo $?; command -v curl'")).toEqual({
      stdout: "1\n/usr/bin/curl\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("the programs an image has still run: curl in nginx, wc in busybox", async () => {
    const r = await exec(`kubectl exec web -- sh -c "curl -s localhost | grep -c nginx"`);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(Number(r.stdout)).toBeGreaterThan(0);
    expect(await exec(`kubectl exec bb -- sh -c "echo a b | wc -w"`)).toEqual({
      stdout: "2\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("nginx -v prints the tag's nginx version on stderr", async () => {
    expect(await exec("kubectl exec web -- nginx -v")).toEqual({
      stdout: "",
      stderr: "nginx version: nginx/1.25.5\n",
      exitCode: 0,
    });
  });

  it("redis-cli answers ping from the pod's own server, and says when nothing listens", async () => {
    expect(await exec("kubectl exec cache -- redis-cli ping")).toEqual({ stdout: "PONG\n", stderr: "", exitCode: 0 });
    expect(await exec("kubectl exec cache -- redis-cli --version")).toEqual({
      stdout: "redis-cli 7.2.11\n",
      stderr: "",
      exitCode: 0,
    });
    expect(await exec("kubectl exec idle-redis -- redis-cli ping")).toEqual(
      failed("Could not connect to Redis at 127.0.0.1:6379: Connection refused", 1),
    );
  });

  it("what the image has but the simulation does not run is said to be not simulated", async () => {
    expect(await exec("kubectl exec web -- nginx -t")).toEqual(
      failed(`error: "nginx -t" is not simulated by labgrader`, 1),
    );
    expect(await exec("kubectl exec db -- mysql --version")).toEqual(
      failed(`error: "mysql" is not simulated by labgrader`, 1),
    );
    expect(await exec("kubectl exec cache -- redis-cli get k")).toEqual(
      failed(`error: "redis-cli get k" is not simulated by labgrader`, 1),
    );
  });

  it("a container command the image's sh cannot find fails the container, its message in the log", async () => {
    expect(
      (await exec(`kubectl run broken --image=nginx:1.25 --restart=Never --command -- sh -c "wget -q localhost"`))
        .exitCode,
    ).toBe(0);
    await exec("sleep 30");
    expect(await exec("kubectl logs broken")).toEqual({ stdout: "sh: 1: wget: not found\n", stderr: "", exitCode: 0 });
    const status = await exec(
      "kubectl get pod broken -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}'",
    );
    expect(status.stdout).toBe("127");
  });
});
