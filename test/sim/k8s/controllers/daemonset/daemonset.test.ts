import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../../src/index.ts";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import type { Cluster } from "../../../../../src/sim/k8s/cluster.ts";
import {
  cluster,
  container,
  create,
  events,
  type Json,
  MANUAL,
  pods,
  remove,
  runAll,
  setPhase,
  update,
} from "./fixtures.ts";

const CORPUS = "../shared/corpus/book/start-docker-kubernetes-renewal/chapter13/daemonset-example.yaml";
const DS = "daemonsets.apps";

function daemonSet(name: string, spec: Json = {}, podSpec: Json = {}): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { schedulerName: MANUAL, containers: [container()], ...podSpec },
      },
      ...spec,
    },
  };
}

/** node -> pod names of the DaemonSet, from the pods' target node (scheduled or pinned). */
function placement(c: Cluster, name: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of pods(c)) {
    if (!p.metadata.name?.startsWith(`${name}-`)) continue;
    const node =
      p.spec.nodeName ??
      p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0]
        .values[0];
    out[node] = [...(out[node] ?? []), p.metadata.name];
  }
  return out;
}

const status = (c: Cluster, name: string) => c.store.get(DS, "default", name)?.status;

describe("the textbook's daemonset-example through kubectl", () => {
  const cases: [string, string, string[]][] = [
    [
      "1.21: it tolerates the master taint, so all 4 nodes run it",
      "1.21",
      [
        "NAME                DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE",
        "daemonset-example   4         4         0       4            0           <none>          1s",
      ],
    ],
    [
      "1.33: the control plane is tainted control-plane, not master, so only the 3 workers do",
      "1.33",
      [
        "NAME                DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE",
        "daemonset-example   3         3         0       3            0           <none>          1s",
      ],
    ],
  ];
  for (const [title, version, table] of cases) {
    it.skipIf(!existsSync(CORPUS))(title, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("daemonset-example.yaml", readFileSync(CORPUS, "utf8"));
      expect(await sim.exec("kubectl apply -f daemonset-example.yaml")).toEqual({
        stdout: "daemonset.apps/daemonset-example created\n",
        stderr: "",
        exitCode: 0,
      });
      expect(await sim.exec("kubectl get ds")).toEqual({ stdout: `${table.join("\n")}\n`, stderr: "", exitCode: 0 });
      const nodes = await sim.exec("kubectl get pods -o jsonpath='{range .items[*]}{.spec.nodeName}{\" \"}{end}'");
      const expected = version === "1.21" ? ["k8s-m", "k8s-w1", "k8s-w2", "k8s-w3"] : ["k8s-w1", "k8s-w2", "k8s-w3"];
      expect(nodes.stdout.trim().split(" ").sort()).toEqual(expected);
    });
  }
  if (!existsSync(CORPUS)) it.skip(`needs the textbook corpus at ${CORPUS}`, () => {});
});

describe("the DaemonSet controller", () => {
  it("adopts the bootstrap's kube-proxy and calico-node pods instead of recreating them", () => {
    for (const version of ["1.21", "1.33"]) {
      const c = cluster(version);
      const before = pods(c, "kube-system").map((p) => p.metadata.name);
      c.advance(60_000);
      expect(pods(c, "kube-system").map((p) => p.metadata.name)).toEqual(before);
      expect(c.store.list("events", "kube-system").filter((e) => e.involvedObject.kind === "DaemonSet")).toEqual([]);
      expect(status(c, "kube-proxy") ?? c.store.get(DS, "kube-system", "kube-proxy")?.status).toMatchObject({
        desiredNumberScheduled: 4,
        numberReady: 4,
        updatedNumberScheduled: 4,
      });
      expect(c.store.list("controllerrevisions.apps", "kube-system").map((r) => r.revision)).toEqual([1, 1]);
    }
  });

  const placementCases: [string, Json, Json, Record<string, number>][] = [
    ["without tolerations it stays off the tainted control plane", {}, {}, { "k8s-w1": 1, "k8s-w2": 1, "k8s-w3": 1 }],
    [
      "a nodeSelector limits it to matching nodes",
      {},
      { nodeSelector: { "kubernetes.io/hostname": "k8s-w2" } },
      { "k8s-w2": 1 },
    ],
    [
      "a toleration of every taint puts it on every node",
      {},
      { tolerations: [{ operator: "Exists" }] },
      { "k8s-m": 1, "k8s-w1": 1, "k8s-w2": 1, "k8s-w3": 1 },
    ],
    [
      "required node affinity is honoured like a nodeSelector",
      {},
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["k8s-w1", "k8s-w3"] }] },
              ],
            },
          },
        },
      },
      { "k8s-w1": 1, "k8s-w3": 1 },
    ],
  ];
  for (const [title, spec, podSpec, want] of placementCases) {
    it(title, () => {
      const c = cluster("1.33");
      create(c, daemonSet("agent", spec, podSpec));
      const got = Object.fromEntries(Object.entries(placement(c, "agent")).map(([n, l]) => [n, l.length]));
      expect(got).toEqual(want);
      expect(status(c, "agent")).toMatchObject({
        desiredNumberScheduled: Object.keys(want).length,
        currentNumberScheduled: Object.keys(want).length,
        numberMisscheduled: 0,
      });
    });
  }

  it("creates pods named <ds>-<5 chars> with the revision hash, template generation, tolerations and node affinity", () => {
    const c = cluster("1.33");
    create(c, daemonSet("agent", {}, { hostNetwork: true }));
    const [rev] = c.store.list("controllerrevisions.apps", "default");
    const hash = rev.metadata.labels?.["controller-revision-hash"];
    expect(rev.metadata.name).toBe(`agent-${hash}`);
    expect(rev.revision).toBe(1);
    expect(rev.data.spec.template.$patch).toBe("replace");
    const pod = pods(c).find((p) => placement(c, "agent")["k8s-w1"]?.includes(p.metadata.name ?? ""))!;
    expect(pod.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.labels).toEqual({
      app: "agent",
      "controller-revision-hash": hash,
      "pod-template-generation": "1",
    });
    expect(pod.spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["k8s-w1"] }] }],
        },
      },
    });
    expect(pod.spec.tolerations.map((t: Json) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
      "node.kubernetes.io/network-unavailable:NoSchedule",
    ]);
    expect(events(c, "DaemonSet", "agent").map(([, reason]) => reason)).toEqual([
      "SuccessfulCreate",
      "SuccessfulCreate",
      "SuccessfulCreate",
    ]);
  });

  it("follows node labels: a pod appears when a node gains the label and goes when it loses it", () => {
    const c = cluster("1.33");
    create(c, daemonSet("ssd", {}, { nodeSelector: { disk: "ssd" } }));
    expect(placement(c, "ssd")).toEqual({});
    update(c, "nodes", "", "k8s-w3", (n) => {
      n.metadata.labels.disk = "ssd";
    });
    expect(Object.keys(placement(c, "ssd"))).toEqual(["k8s-w3"]);
    update(c, "nodes", "", "k8s-w3", (n) => {
      delete n.metadata.labels.disk;
    });
    expect(placement(c, "ssd")).toEqual({});
    expect(events(c, "DaemonSet", "ssd").map(([, r, m]) => `${r}: ${m.replace(/ssd-\w{5}/, "ssd-xxxxx")}`)).toEqual([
      "SuccessfulCreate: Created pod: ssd-xxxxx",
      "SuccessfulDelete: Deleted pod: ssd-xxxxx",
    ]);
  });

  const taintCases: [string, string, number][] = [
    ["a NoSchedule taint keeps the running pod but counts it misscheduled", "NoSchedule", 1],
    ["a NoExecute taint the pod does not tolerate removes it", "NoExecute", 0],
  ];
  for (const [title, effect, left] of taintCases) {
    it(title, () => {
      const c = cluster("1.33");
      create(c, daemonSet("agent"));
      update(c, "nodes", "", "k8s-w2", (n) => {
        n.spec.taints = [{ key: "dedicated", value: "db", effect }];
      });
      expect(placement(c, "agent")["k8s-w2"]?.length ?? 0).toBe(left);
      expect(status(c, "agent")).toMatchObject({
        desiredNumberScheduled: 2,
        currentNumberScheduled: 2,
        numberMisscheduled: left,
      });
    });
  }

  it("counts Ready and available pods, waiting minReadySeconds for availability", () => {
    const c = cluster("1.33");
    create(c, daemonSet("agent", { minReadySeconds: 10 }));
    runAll(c, "agent-");
    expect(status(c, "agent")).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      numberUnavailable: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
    });
    c.advance(11_000);
    expect(status(c, "agent")).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberAvailable: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
    });
  });

  it("rolls a template change one node at a time with maxUnavailable 1", () => {
    const c = cluster("1.33");
    create(c, daemonSet("agent"));
    runAll(c, "agent-");
    const first = pods(c).map((p) => p.metadata.name);
    update(c, DS, "default", "agent", (ds) => {
      ds.spec.template.spec.containers[0].image = "busybox:1.36";
    });
    const afterOne = pods(c).filter((p) => !first.includes(p.metadata.name));
    expect(afterOne).toHaveLength(1);
    expect(pods(c)).toHaveLength(3);
    expect(status(c, "agent")).toMatchObject({ updatedNumberScheduled: 1, numberReady: 2 });
    for (let i = 0; i < 3; i++) runAll(c, "agent-");
    expect(pods(c).every((p) => p.spec.containers[0].image === "busybox:1.36")).toBe(true);
    expect(status(c, "agent")).toMatchObject({ updatedNumberScheduled: 3, numberReady: 3, observedGeneration: 2 });
    expect(
      c.store
        .list("controllerrevisions.apps", "default")
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
  });

  it("surges a new pod next to the old one with maxSurge 1 (1.22+)", () => {
    const c = cluster("1.33");
    create(
      c,
      daemonSet("agent", {
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      }),
    );
    runAll(c, "agent-");
    update(c, DS, "default", "agent", (ds) => {
      ds.spec.template.spec.containers[0].image = "busybox:1.36";
    });
    expect(pods(c)).toHaveLength(4);
    runAll(c, "agent-");
    expect(pods(c)).toHaveLength(4);
    expect(pods(c).filter((p) => p.spec.containers[0].image === "busybox:1.36")).toHaveLength(2);
  });

  it("leaves pods alone with OnDelete until someone deletes them", () => {
    const c = cluster("1.33");
    create(c, daemonSet("agent", { updateStrategy: { type: "OnDelete" } }));
    runAll(c, "agent-");
    update(c, DS, "default", "agent", (ds) => {
      ds.spec.template.spec.containers[0].image = "busybox:1.36";
    });
    expect(pods(c).every((p) => p.spec.containers[0].image === "busybox")).toBe(true);
    expect(status(c, "agent")?.numberReady).toBe(3);
    expect(status(c, "agent")?.updatedNumberScheduled).toBeUndefined();
    remove(c, "pods", "default", pods(c)[0].metadata.name!);
    expect(pods(c).filter((p) => p.spec.containers[0].image === "busybox:1.36")).toHaveLength(1);
  });

  it("replaces a failed daemon pod, backing off when it keeps failing", () => {
    const c = cluster("1.33");
    create(c, daemonSet("agent", {}, { nodeSelector: { "kubernetes.io/hostname": "k8s-w1" } }));
    const [first] = pods(c);
    setPhase(c, first.metadata.name!, "Failed");
    const [second] = pods(c);
    expect(second.metadata.name).not.toBe(first.metadata.name);
    setPhase(c, second.metadata.name!, "Failed");
    expect(pods(c).map((p) => p.metadata.name)).toEqual([second.metadata.name]);
    c.advance(1_000);
    expect(pods(c).map((p) => p.metadata.name)).not.toContain(second.metadata.name);
    expect(events(c, "DaemonSet", "agent").filter(([, r]) => r === "FailedDaemonPod")).toEqual([
      [
        "Warning",
        "FailedDaemonPod",
        `Found failed daemon pod default/${first.metadata.name} on node k8s-w1, will try to kill it`,
      ],
      [
        "Warning",
        "FailedDaemonPod",
        `Found failed daemon pod default/${second.metadata.name} on node k8s-w1, will try to kill it`,
      ],
    ]);
  });
});
