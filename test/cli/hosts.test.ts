/**
 * The nodes as hosts: ssh between them (a command there, or a session until exit) and
 * systemctl for the services a node runs, which is how a student breaks a node by hand: a
 * stopped kubelet makes the node NotReady after the grace period, then unreachable-tainted,
 * and its pods are evicted after their 300 s toleration; started again, the node is Ready.
 */
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../src/index.ts";

describe("ssh between the nodes", () => {
  it("runs a command on another node, by name, user@name or address", async () => {
    const sim = await createSimulation({ seed: 1 });
    expect(await sim.exec("ssh k8s-w1 hostname")).toEqual({ stdout: "k8s-w1\n", stderr: "", exitCode: 0 });
    expect(await sim.exec("ssh -o StrictHostKeyChecking=no root@k8s-w2 'cat /etc/hostname'")).toEqual({
      stdout: "k8s-w2\n",
      stderr: "",
      exitCode: 0,
    });
    const ip = (await sim.exec("kubectl get node k8s-w3 -o jsonpath='{.status.addresses[0].address}'")).stdout;
    expect((await sim.exec(`ssh ${ip} hostname`)).stdout).toBe("k8s-w3\n");
    expect((await sim.exec("hostname")).stdout).toBe("k8s-m\n");
  });

  it("logs in until exit, then the terminal is back where ssh was typed", async () => {
    const sim = await createSimulation({ seed: 1 });
    expect(await sim.exec("ssh k8s-w1")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await sim.exec("hostname; pwd")).stdout).toBe("k8s-w1\n/root\n");
    expect(await sim.exec("exit")).toEqual({
      stdout: "",
      stderr: "logout\nConnection to k8s-w1 closed.\n",
      exitCode: 0,
    });
    expect((await sim.exec("hostname")).stdout).toBe("k8s-m\n");
  });

  it("refuses a host it cannot reach, in OpenSSH's words", async () => {
    const sim = await createSimulation({ seed: 1 });
    expect(await sim.exec("ssh nosuch")).toEqual({
      stdout: "",
      stderr: "ssh: Could not resolve hostname nosuch: Name or service not known\n",
      exitCode: 255,
    });
    expect(await sim.exec("ssh 10.9.9.9 hostname")).toEqual({
      stdout: "",
      stderr: "ssh: connect to host 10.9.9.9 port 22: No route to host\n",
      exitCode: 255,
    });
    const usage = await sim.exec("ssh");
    expect(usage.exitCode).toBe(255);
    expect(usage.stderr.split("\n")[0]).toBe("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]");
  });
});

describe("systemctl on a node", () => {
  it("a stopped kubelet takes its node down, and its pods away after their toleration", async () => {
    const sim = await createSimulation({ seed: 1 });
    await sim.exec("kubectl create deployment web --image=nginx:1.25 --replicas=3 && sleep 20");
    const onW1 = (await sim.exec("kubectl get pods -o wide --no-headers | grep -c k8s-w1")).stdout;
    expect(Number(onW1)).toBeGreaterThan(0);
    expect(await sim.exec("ssh k8s-w1 systemctl stop kubelet")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(await sim.exec("ssh k8s-w1 systemctl is-active kubelet containerd")).toEqual({
      stdout: "inactive\nactive\n",
      stderr: "",
      exitCode: 3,
    });
    await sim.exec("sleep 60");
    expect((await sim.exec("kubectl get node k8s-w1 --no-headers")).stdout).toMatch(/^k8s-w1\s+NotReady\s/);
    expect((await sim.exec("kubectl get node k8s-w1 -o jsonpath='{.spec.taints[*].key}'")).stdout).toContain(
      "node.kubernetes.io/unreachable",
    );
    await sim.exec("sleep 300");
    const pods = (await sim.exec("kubectl get pods -o wide --no-headers")).stdout;
    expect(pods).toMatch(/Terminating .* k8s-w1 /);
    expect(pods.split("\n").filter((l) => / Running .* k8s-w[23] /.test(l))).toHaveLength(3);
    await sim.exec("ssh k8s-w1 systemctl start kubelet; sleep 20");
    expect((await sim.exec("kubectl get node k8s-w1 --no-headers")).stdout).toMatch(/^k8s-w1\s+Ready\s/);
  });

  it("a stopped container runtime makes the node NotReady at once, with the kubelet's reason", async () => {
    const sim = await createSimulation({ seed: 1 });
    await sim.exec("ssh k8s-w2 systemctl stop containerd.service");
    expect(
      (await sim.exec(`kubectl get node k8s-w2 -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}'`)).stdout,
    ).toBe("container runtime is down");
    await sim.exec("ssh k8s-w2 systemctl restart containerd");
    expect((await sim.exec("kubectl get node k8s-w2 --no-headers")).stdout).toMatch(/^k8s-w2\s+Ready\s/);
  });

  it("the runtime of the 1.21 era is docker", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.21", seed: 1 });
    expect((await sim.exec("systemctl is-active docker")).stdout).toBe("active\n");
    expect(await sim.exec("systemctl stop containerd")).toEqual({
      stdout: "",
      stderr: "Failed to stop containerd.service: Unit containerd.service not loaded.\n",
      exitCode: 5,
    });
  });

  it("refuses what systemd refuses, and says what is not simulated", async () => {
    const sim = await createSimulation({ seed: 1 });
    expect(await sim.exec("systemctl start nginx")).toEqual({
      stdout: "",
      stderr: "Failed to start nginx.service: Unit nginx.service not found.\n",
      exitCode: 5,
    });
    expect(await sim.exec("systemctl stop")).toEqual({ stdout: "", stderr: "Too few arguments.\n", exitCode: 1 });
    expect(await sim.exec("systemctl enable nginx")).toEqual({
      stdout: "",
      stderr: "Failed to enable unit, unit nginx.service does not exist.\n",
      exitCode: 1,
    });
    expect(await sim.exec("systemctl disable nginx")).toEqual({
      stdout: "",
      stderr: "Failed to disable unit, unit nginx.service does not exist.\n",
      exitCode: 0,
    });
    expect(await sim.exec("systemctl frobnicate kubelet")).toEqual({
      stdout: "",
      stderr: "Unknown command verb frobnicate.\n",
      exitCode: 1,
    });
    expect(await sim.exec("systemctl status kubelet")).toEqual({
      stdout: "",
      stderr: `error: "systemctl status" is not simulated by labgrader\n`,
      exitCode: 1,
    });
    expect(await sim.exec("systemctl daemon-reload && systemctl enable kubelet")).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
  });
});
