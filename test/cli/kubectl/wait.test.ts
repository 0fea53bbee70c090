import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/index.ts";
import { advanceUntil } from "../../../src/sim/k8s/advance-until.ts";
import { type Case, expectCases, lines } from "./cmd/helpers.ts";

const cases: Case[] = [
  {
    name: "waiting for Ready advances virtual time until the kubelet reports it",
    setup: ["kubectl run w --image=nginx"],
    command: "kubectl wait --for=condition=Ready pod/w",
    stdout: "pod/w condition met\n",
  },
  {
    name: "a short timeout gives up with the resource named",
    setup: ["kubectl run w --image=nginx"],
    command: "kubectl wait --for=condition=Ready pod/w --timeout=2s",
    stderr: "error: timed out waiting for the condition on pods/w\n",
    exitCode: 1,
  },
  {
    name: "condition values compare case-insensitively",
    setup: ["kubectl run w --image=nginx"],
    command: "kubectl wait --for=condition=ready=TRUE pod/w",
    stdout: "pod/w condition met\n",
  },
  {
    name: "a pod already gone is not waited for",
    setup: ["kubectl run w --image=nginx"],
    command: "kubectl delete pod w --wait=false && kubectl wait --for=delete pod/w",
    stdout: 'pod "w" deleted\n',
  },
  {
    name: "waiting for the deletion of a pod that is not there succeeds quietly",
    command: "kubectl wait --for=delete pod/ghost",
  },
  {
    name: "waiting on a pod that is not there is NotFound",
    command: "kubectl wait --for=condition=Ready pod/ghost",
    stderr: 'Error from server (NotFound): pods "ghost" not found\n',
    exitCode: 1,
  },
  {
    name: "an unknown --for is refused",
    command: "kubectl wait --for=foo pod/w",
    stderr: 'error: unrecognized condition: "foo"\n',
    exitCode: 1,
  },
  {
    name: "--for is required",
    command: "kubectl wait pod/w",
    stderr: 'error: unrecognized condition: ""\n',
    exitCode: 1,
  },
  {
    name: "a bad --timeout is a flag error",
    command: "kubectl wait --for=delete pod/w --timeout=abc",
    stderr: `error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\nSee 'kubectl wait --help' for usage.\n`,
    exitCode: 1,
  },
  {
    name: "jsonpath waits are not known to kubectl 1.21",
    setup: ["kubectl run w --image=nginx"],
    command: "kubectl wait --for=jsonpath='{.status.phase}'=Running pod/w",
    stderr: 'error: unrecognized condition: "jsonpath={.status.phase}=Running"\n',
    exitCode: 1,
    versions: ["1.21"],
  },
  {
    name: "jsonpath waits compare the printed value (1.33)",
    setup: ["kubectl run w --image=nginx"],
    command: "kubectl wait --for=jsonpath='{.status.phase}'=Running pod/w",
    stdout: "pod/w condition met\n",
    versions: ["1.33"],
  },
  {
    name: "a jsonpath wait needs a value after the equal sign (1.33)",
    command: "kubectl wait --for=jsonpath='{.status.phase}'= pod/w",
    stderr:
      "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n",
    exitCode: 1,
    versions: ["1.33"],
  },
  {
    name: "-l waits for every matching pod in order",
    setup: ["kubectl run a --image=nginx --labels=app=x", "kubectl run b --image=nginx --labels=app=x"],
    command: "kubectl wait --for=condition=Ready pod -l app=x",
    stdout: lines("pod/a condition met", "pod/b condition met"),
  },
  {
    name: "no match is an error except for delete",
    command: "kubectl wait --for=condition=Ready pod -l app=none",
    stderr: "error: no matching resources found\n",
    exitCode: 1,
  },
];

describe("kubectl wait", () => {
  expectCases(it, expect, cases);
});

describe("advanceUntil", () => {
  it("stops at the first timer where the predicate holds and never passes the deadline", async () => {
    const sim = await createSimulation({ kubernetesVersion: "1.33", seed: 1 });
    const c = sim.cluster;
    const start = c.clock.now();
    const never = advanceUntil(c, () => false, 30_000);
    expect([never.met, never.elapsedMs]).toEqual([false, 30_000]);
    const polled = advanceUntil(c, () => c.clock.now() - start >= 32_500, 10_000, 1000);
    expect([polled.met, polled.elapsedMs]).toEqual([true, 3000]);
  });
});

const CH11 = "../shared/corpus/book/start-docker-kubernetes/chapter11-2";

describe("chapter 11: taints and tolerations", () => {
  const ready = existsSync(CH11);
  if (!ready) it.skip(`needs the textbook corpus at ${CH11}`, () => {});
  for (const version of ["1.21", "1.33"] as const) {
    it.skipIf(!ready)(`toleration-test.yaml lands on the one node whose taint it tolerates (${version})`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("toleration-test.yaml", readFileSync(`${CH11}/toleration-test.yaml`, "utf8"));
      const out: string[] = [];
      for (const c of [
        "kubectl taint nodes k8s-w1 alicek106/my-taint=dirty:NoSchedule",
        "kubectl taint nodes k8s-w2 alicek106/my-taint=dirty:NoSchedule",
        "kubectl taint nodes k8s-w3 alicek106/my-taint=dirty:NoSchedule",
        "kubectl apply -f toleration-test.yaml",
        "kubectl wait --for=condition=Ready pod/nginx-toleration-test",
        "kubectl get pod nginx-toleration-test -o jsonpath={.spec.nodeName}",
        "kubectl taint nodes k8s-w1 alicek106/my-taint:NoSchedule-",
        "kubectl taint nodes k8s-w2 alicek106/my-taint:NoSchedule-",
        "kubectl taint nodes k8s-w3 alicek106/my-taint-",
      ]) {
        const r = await sim.exec(c);
        out.push(r.stdout + r.stderr);
      }
      expect(out).toEqual([
        "node/k8s-w1 tainted\n",
        "node/k8s-w2 tainted\n",
        "node/k8s-w3 tainted\n",
        "pod/nginx-toleration-test created\n",
        "pod/nginx-toleration-test condition met\n",
        "k8s-w1",
        "node/k8s-w1 untainted\n",
        "node/k8s-w2 untainted\n",
        "node/k8s-w3 untainted\n",
      ]);
    });

    it.skipIf(!ready)(`toleration-master.yaml targets the master label, gone from 1.24 (${version})`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("toleration-master.yaml", readFileSync(`${CH11}/toleration-master.yaml`, "utf8"));
      await sim.exec("kubectl apply -f toleration-master.yaml");
      const r = await sim.exec("kubectl wait --for=condition=Ready pod/nginx-master-toleration --timeout=20s");
      const node = await sim.exec("kubectl get pod nginx-master-toleration -o jsonpath={.spec.nodeName}");
      if (version === "1.21") {
        expect([r.stdout, node.stdout]).toEqual(["pod/nginx-master-toleration condition met\n", "k8s-m"]);
      } else {
        expect([r.stderr, node.stdout]).toEqual([
          "error: timed out waiting for the condition on pods/nginx-master-toleration\n",
          "",
        ]);
      }
    });

    it(`NoExecute with tolerationSeconds evicts after the toleration runs out (${version})`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile(
        "noexecute.yaml",
        `apiVersion: v1
kind: Pod
metadata:
  name: nginx-noexecute
spec:
  nodeName: k8s-w1
  tolerations:
  - key: alicek106/my-taint
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 30
  containers:
  - name: nginx
    image: nginx:latest
`,
      );
      await sim.exec("kubectl apply -f noexecute.yaml");
      await sim.exec("kubectl wait --for=condition=Ready pod/nginx-noexecute");
      expect((await sim.exec("kubectl taint nodes k8s-w1 alicek106/my-taint=dirty:NoExecute")).stdout).toBe(
        "node/k8s-w1 tainted\n",
      );
      const r = await sim.exec("kubectl wait --for=delete pod/nginx-noexecute --timeout=60s");
      expect(r).toEqual({ stdout: "pod/nginx-noexecute condition met\n", stderr: "", exitCode: 0 });
      const ev = await sim.exec(
        "kubectl get events --field-selector reason=TaintManagerEviction -o custom-columns=FROM:.source.component,MESSAGE:.message",
      );
      const from = version === "1.21" ? "taint-controller" : "taint-eviction-controller";
      expect(ev.stdout).toBe(
        lines(`${"FROM".padEnd(from.length + 3)}MESSAGE`, `${from}   Marking for deletion Pod default/nginx-noexecute`),
      );
    });
  }
});
