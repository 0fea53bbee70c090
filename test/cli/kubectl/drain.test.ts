/**
 * cordon, uncordon and drain, and the textbook's chapter 11 PodDisruptionBudget walk-through
 * (deployment-pdb-test.yaml, simple-pdb-example.yaml) replayed from the corpus on 1.21 and 1.33.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation, type ExecResult } from "../../../src/index.ts";
import { type Case, expectCases, lines, type Version } from "./cmd/helpers.ts";

const CH11 = "../shared/corpus/book/start-docker-kubernetes/chapter11-2";

const cordonCases: Case[] = [
  { name: "cordon marks the node unschedulable", command: "kubectl cordon k8s-w1", stdout: "node/k8s-w1 cordoned\n" },
  {
    name: "cordoning twice says already cordoned",
    setup: ["kubectl cordon k8s-w1"],
    command: "kubectl cordon k8s-w1",
    stdout: "node/k8s-w1 already cordoned\n",
  },
  {
    name: "uncordon makes it schedulable again",
    setup: ["kubectl cordon k8s-w1"],
    command: "kubectl uncordon k8s-w1",
    stdout: "node/k8s-w1 uncordoned\n",
  },
  {
    name: "uncordoning a schedulable node says already uncordoned",
    command: "kubectl uncordon k8s-w1",
    stdout: "node/k8s-w1 already uncordoned\n",
  },
  { name: "cordon accepts node/NAME", command: "kubectl cordon node/k8s-w2", stdout: "node/k8s-w2 cordoned\n" },
  {
    name: "cordon dry run",
    command: "kubectl cordon k8s-w1 --dry-run=client",
    stdout: "node/k8s-w1 cordoned (dry run)\n",
  },
  {
    name: "cordon needs a node",
    command: "kubectl cordon",
    stderr: "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n",
    exitCode: 1,
  },
  {
    name: "cordon of an unknown node is NotFound",
    command: "kubectl cordon k8s-w9",
    stderr: 'Error from server (NotFound): nodes "k8s-w9" not found\n',
    exitCode: 1,
  },
  {
    name: "a cordoned node shows Ready,SchedulingDisabled",
    setup: ["kubectl cordon k8s-w2"],
    command:
      "kubectl get nodes k8s-w2 -o custom-columns=NAME:.metadata.name,UNSCHEDULABLE:.spec.unschedulable,TAINT:.spec.taints[*].key",
    stdout: lines("NAME     UNSCHEDULABLE   TAINT", "k8s-w2   true            node.kubernetes.io/unschedulable"),
  },
  {
    name: "drain needs a node",
    command: "kubectl drain",
    stderr: "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n",
    exitCode: 1,
  },
  {
    name: "drain refuses a name and a selector together",
    command: "kubectl drain k8s-w1 -l a=b",
    stderr:
      "error: cannot specify both a node name and a --selector option\nSee 'kubectl drain -h' for help and examples\n",
    exitCode: 1,
  },
  {
    name: "drain refuses a bad --pod-selector",
    command: "kubectl drain k8s-w1 --pod-selector='a b'",
    stderr: "error: --pod-selector=<pod_selector> must be a valid label selector\n",
    exitCode: 1,
  },
];

describe("kubectl cordon, uncordon and drain arguments", () => {
  expectCases(it, expect, cordonCases);
});

async function run(version: Version, commands: string[], files: Record<string, string> = {}): Promise<ExecResult[]> {
  const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
  for (const [p, t] of Object.entries(files)) sim.writeFile(p, t);
  const out: ExecResult[] = [];
  for (const c of commands) out.push(await sim.exec(c));
  return out;
}

describe("kubectl drain", () => {
  const dsPods: Record<Version, string> = {
    "1.21": "kube-system/calico-node-lbl4s, kube-system/kube-proxy-bxjr9",
    "1.33": "kube-system/calico-node-xz65g, kube-system/kube-proxy-czzp9",
  };
  for (const version of ["1.21", "1.33"] as const) {
    const old = version === "1.21";
    const unmanaged = old
      ? "cannot delete Pods declare no controller (use --force to override): default/x"
      : "cannot delete Pods that declare no controller (use --force to override): default/x";
    const ds = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${dsPods[version]}`;
    const sep = old ? "" : " ";

    it(`refuses DaemonSet-managed and unmanaged pods without flags (${version})`, async () => {
      const [, r] = await run(version, ["kubectl run x --image=nginx", "kubectl drain k8s-w1"]);
      expect(r).toEqual({
        stdout: "node/k8s-w1 cordoned\n",
        stderr: lines(
          `error: unable to drain node "k8s-w1" due to error:${sep}[${unmanaged}, ${ds}], continuing command...`,
          "There are pending nodes to be drained:",
          " k8s-w1",
          unmanaged,
          ds,
        ),
        exitCode: 1,
      });
    });

    it(`with --ignore-daemonsets still refuses the unmanaged pod (${version})`, async () => {
      const [, r] = await run(version, ["kubectl run x --image=nginx", "kubectl drain k8s-w1 --ignore-daemonsets"]);
      expect(r).toEqual({
        stdout: "node/k8s-w1 cordoned\n",
        stderr: lines(
          `error: unable to drain node "k8s-w1" due to error:${sep}${unmanaged}, continuing command...`,
          "There are pending nodes to be drained:",
          " k8s-w1",
          unmanaged,
        ),
        exitCode: 1,
      });
    });

    it(`with --ignore-daemonsets --force evicts the pod and drains (${version})`, async () => {
      const [, r, pods] = await run(version, [
        "kubectl run x --image=nginx",
        "kubectl drain k8s-w1 --ignore-daemonsets --force",
        "kubectl get pods",
      ]);
      expect(r).toEqual({
        stdout: lines("node/k8s-w1 cordoned", "evicting pod default/x", "pod/x evicted", "node/k8s-w1 drained"),
        stderr: `${old ? "WARNING" : "Warning"}: deleting Pods that declare no controller: default/x; ignoring DaemonSet-managed Pods: ${dsPods[version]}\n`,
        exitCode: 0,
      });
      expect(pods.stdout).toBe("");
      expect(pods.stderr).toBe("No resources found in default namespace.\n");
    });

    it(`client dry run lists the evictions and changes nothing (${version})`, async () => {
      const [, r, nodes] = await run(version, [
        "kubectl run x --image=nginx",
        "kubectl drain k8s-w1 --ignore-daemonsets --force --dry-run=client",
        "kubectl get node k8s-w1 -o jsonpath={.spec.unschedulable}",
      ]);
      expect(r.stdout).toBe(
        lines("node/k8s-w1 cordoned (dry run)", "evicting pod default/x (dry run)", "node/k8s-w1 drained (dry run)"),
      );
      expect(nodes.stdout).toBe("");
    });
  }
});

describe("chapter 11: drain stopped by a PodDisruptionBudget", () => {
  const ready = existsSync(CH11);
  if (!ready) it.skip(`needs the textbook corpus at ${CH11}`, () => {});
  for (const version of ["1.21", "1.33"] as const) {
    it.skipIf(!ready)(`replays deployment-pdb-test.yaml and a fixed simple-pdb-example.yaml (${version})`, async () => {
      const published = readFileSync(`${CH11}/simple-pdb-example.yaml`, "utf8");
      // The book's YAML is invalid as published (maxUnavailable is not indented); the fixed copy
      // also blocks every eviction so the drain has to give up.
      const fixed = published
        .replace("\nmaxUnavailable: 1        #", "\n  maxUnavailable: 0        #")
        .replace("policy/v1beta1", version === "1.21" ? "policy/v1beta1" : "policy/v1");
      const files = {
        "deployment-pdb-test.yaml": readFileSync(`${CH11}/deployment-pdb-test.yaml`, "utf8"),
        "simple-pdb-example.yaml": published,
        "pdb.yaml": fixed,
      };
      const rs = await run(
        version,
        [
          "kubectl apply -f deployment-pdb-test.yaml",
          "sleep 10",
          "kubectl apply -f simple-pdb-example.yaml",
          "kubectl apply -f pdb.yaml",
          "kubectl get pdb",
          "kubectl drain k8s-w1 --ignore-daemonsets --timeout=15s",
        ],
        files,
      );
      const pod = version === "1.21" ? "deployment-pdb-test-7b9ffcff48-2ctqj" : "deployment-pdb-test-7b9ffcff48-ksx9r";
      const ds =
        version === "1.21"
          ? "kube-system/calico-node-lbl4s, kube-system/kube-proxy-bxjr9"
          : "kube-system/calico-node-xz65g, kube-system/kube-proxy-czzp9";
      expect(rs[2]).toEqual({
        stdout: "",
        stderr:
          "error: error parsing simple-pdb-example.yaml: error converting YAML to JSON: yaml: line 7: did not find expected key\n",
        exitCode: 1,
      });
      expect(rs[3].stdout).toBe("poddisruptionbudget.policy/simple-pdb-example created\n");
      expect(rs[4].stdout).toBe(
        lines(
          "NAME                 MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
          "simple-pdb-example   N/A             0                 0                     1s",
        ),
      );
      const retry = `error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
      const timeout = `error when evicting pods/"${pod}" -n "default": global timeout reached: 15s`;
      expect(rs[5]).toEqual({
        stdout: lines("node/k8s-w1 cordoned", ...Array(4).fill(`evicting pod default/${pod}`)),
        stderr: lines(
          `${version === "1.21" ? "WARNING" : "Warning"}: ignoring DaemonSet-managed Pods: ${ds}`,
          retry,
          retry,
          retry,
          `There are pending pods in node "k8s-w1" when an error occurred: ${timeout}`,
          `pod/${pod}`,
          `error: unable to drain node "k8s-w1" due to error:${version === "1.21" ? "" : " "}${timeout}, continuing command...`,
          "There are pending nodes to be drained:",
          " k8s-w1",
          timeout,
        ),
        exitCode: 1,
      });
    });
  }
});
