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
  podNames,
  pods,
  remove,
  setPhase,
  update,
} from "../daemonset/fixtures.ts";

const CORPUS = "../shared/corpus/book/start-docker-kubernetes-renewal/chapter13/statefulset-example.yaml";
const STS = "statefulsets.apps";

function statefulSet(name: string, spec: Json = {}): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      serviceName: name,
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { schedulerName: MANUAL, containers: [container()] } },
      ...spec,
    },
  };
}

const status = (c: Cluster, name: string) => c.store.get(STS, "default", name)?.status;
const image = (c: Cluster, pod: string) => c.store.get("pods", "default", pod)?.spec.containers[0].image;

describe("the StatefulSet controller", () => {
  it("starts pods in order, each only once the previous one is Running and Ready", () => {
    const c = cluster("1.33");
    create(c, statefulSet("web"));
    expect(podNames(c)).toEqual(["web-0"]);
    setPhase(c, "web-0", "Running");
    expect(podNames(c)).toEqual(["web-0", "web-1"]);
    setPhase(c, "web-1", "Running");
    setPhase(c, "web-2", "Running");
    const rev = status(c, "web")?.updateRevision;
    expect(status(c, "web")).toEqual({
      availableReplicas: 3,
      collisionCount: 0,
      currentReplicas: 3,
      currentRevision: rev,
      observedGeneration: 1,
      readyReplicas: 3,
      replicas: 3,
      updateRevision: rev,
      updatedReplicas: 3,
    });
    expect(events(c, "StatefulSet", "web").map(([, r, m]) => `${r}: ${m}`)).toEqual([
      "SuccessfulCreate: create Pod web-0 in StatefulSet web successful",
      "SuccessfulCreate: create Pod web-1 in StatefulSet web successful",
      "SuccessfulCreate: create Pod web-2 in StatefulSet web successful",
    ]);
  });

  it("has no availableReplicas on 1.21", () => {
    const c = cluster("1.21");
    create(c, statefulSet("web", { replicas: 1 }));
    setPhase(c, "web-0", "Running");
    expect(Object.keys(status(c, "web") ?? {})).toEqual([
      "collisionCount",
      "currentReplicas",
      "currentRevision",
      "observedGeneration",
      "readyReplicas",
      "replicas",
      "updateRevision",
      "updatedReplicas",
    ]);
  });

  it("starts every pod at once with podManagementPolicy Parallel", () => {
    const c = cluster("1.33");
    create(c, statefulSet("web", { podManagementPolicy: "Parallel" }));
    expect(podNames(c)).toEqual(["web-0", "web-1", "web-2"]);
  });

  it("gives each pod its identity: hostname, subdomain and the identity labels", () => {
    for (const [version, extra] of [
      ["1.21", {}],
      ["1.33", { "apps.kubernetes.io/pod-index": "0" }],
    ] as const) {
      const c = cluster(version);
      create(c, statefulSet("web", { replicas: 1 }));
      const [pod] = pods(c);
      const rev = c.store.list("controllerrevisions.apps", "default")[0];
      expect(pod.metadata.labels).toEqual({
        app: "web",
        "controller-revision-hash": rev.metadata.name,
        "statefulset.kubernetes.io/pod-name": "web-0",
        ...extra,
      });
      expect(rev.metadata.labels?.["controller-revision-hash"]).toBe(rev.metadata.name?.slice("web-".length));
      expect([pod.spec.hostname, pod.spec.subdomain]).toEqual(["web-0", "web"]);
    }
  });

  it("scales down from the highest ordinal, one pod at a time", () => {
    const c = cluster("1.33");
    create(c, statefulSet("web", { podManagementPolicy: "Parallel" }));
    for (const p of ["web-0", "web-1", "web-2"]) setPhase(c, p, "Running");
    update(c, STS, "default", "web", (s) => {
      s.spec.podManagementPolicy = "Parallel";
      s.spec.replicas = 1;
    });
    expect(podNames(c)).toEqual(["web-0"]);
    const c2 = cluster("1.33");
    create(c2, statefulSet("db"));
    for (const p of ["db-0", "db-1", "db-2"]) setPhase(c2, p, "Running");
    update(c2, STS, "default", "db", (s) => {
      s.spec.replicas = 1;
    });
    expect(podNames(c2)).toEqual(["db-0"]);
    expect(
      events(c2, "StatefulSet", "db")
        .slice(3)
        .map(([, , m]) => m),
    ).toEqual(["delete Pod db-2 in StatefulSet db successful", "delete Pod db-1 in StatefulSet db successful"]);
  });

  it("recreates a deleted pod with the same name", () => {
    const c = cluster("1.33");
    create(c, statefulSet("web", { replicas: 1 }));
    const uid = pods(c)[0].metadata.uid;
    remove(c, "pods", "default", "web-0");
    expect(podNames(c)).toEqual(["web-0"]);
    expect(pods(c)[0].metadata.uid).not.toBe(uid);
  });

  it("rolls a new template from the highest ordinal down to the partition", () => {
    const c = cluster("1.33");
    create(c, statefulSet("web", { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }));
    for (const p of ["web-0", "web-1", "web-2"]) setPhase(c, p, "Running");
    update(c, STS, "default", "web", (s) => {
      s.spec.template.spec.containers[0].image = "busybox:1.36";
    });
    expect(image(c, "web-2")).toBe("busybox:1.36");
    expect(image(c, "web-1")).toBe("busybox");
    setPhase(c, "web-2", "Running");
    expect(image(c, "web-1")).toBe("busybox:1.36");
    setPhase(c, "web-1", "Running");
    expect(image(c, "web-0")).toBe("busybox");
    const s = status(c, "web");
    expect([s?.currentReplicas, s?.updatedReplicas]).toEqual([1, 2]);
    expect(s?.currentRevision).not.toBe(s?.updateRevision);
  });

  it("leaves pods on the old template with OnDelete until they are deleted", () => {
    const c = cluster("1.33");
    create(c, statefulSet("web", { replicas: 2, updateStrategy: { type: "OnDelete" } }));
    for (const p of ["web-0", "web-1"]) setPhase(c, p, "Running");
    update(c, STS, "default", "web", (s) => {
      s.spec.template.spec.containers[0].image = "busybox:1.36";
    });
    expect([image(c, "web-0"), image(c, "web-1")]).toEqual(["busybox", "busybox"]);
    remove(c, "pods", "default", "web-1");
    expect([image(c, "web-0"), image(c, "web-1")]).toEqual(["busybox", "busybox:1.36"]);
  });

  it("creates a PVC per claim template and ordinal, left Pending without a provisioner", () => {
    const c = cluster("1.33");
    create(
      c,
      statefulSet("web", {
        replicas: 2,
        podManagementPolicy: "Parallel",
        volumeClaimTemplates: [
          {
            metadata: { name: "www" },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
          },
        ],
      }),
    );
    const pvcs = c.store.list("persistentvolumeclaims", "default");
    expect(pvcs.map((p) => [p.metadata.name, p.metadata.labels, p.status?.phase])).toEqual([
      ["www-web-0", { app: "web" }, "Pending"],
      ["www-web-1", { app: "web" }, "Pending"],
    ]);
    expect(pods(c)[0].spec.volumes[0]).toEqual({ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } });
    expect(events(c, "StatefulSet", "web").map(([, , m]) => m)).toEqual([
      "create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "create Pod web-0 in StatefulSet web successful",
      "create Claim www-web-1 Pod web-1 in StatefulSet web success",
      "create Pod web-1 in StatefulSet web successful",
    ]);
  });

  it("recreates a Failed pod", () => {
    const c = cluster("1.33");
    create(c, statefulSet("web", { replicas: 1 }));
    const uid = pods(c)[0].metadata.uid;
    setPhase(c, "web-0", "Failed");
    expect(pods(c)[0].metadata.uid).not.toBe(uid);
    expect(events(c, "StatefulSet", "web")[1]).toEqual([
      "Warning",
      "RecreatingFailedPod",
      "StatefulSet default/web is recreating failed Pod web-0",
    ]);
  });
});

describe("the textbook's statefulset-example through kubectl", () => {
  if (!existsSync(CORPUS)) it.skip(`needs the textbook corpus at ${CORPUS}`, () => {});
  for (const version of ["1.21", "1.33"]) {
    it.skipIf(!existsSync(CORPUS))(`${version}: READY counts up as ordinals start, one at a time`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("sts.yaml", readFileSync(CORPUS, "utf8"));
      expect((await sim.exec("kubectl apply -f sts.yaml")).stdout).toBe(
        "statefulset.apps/statefulset-example created\nservice/statefulset-service created\n",
      );
      expect(await sim.exec("kubectl get sts")).toEqual({
        stdout: "NAME                  READY   AGE\nstatefulset-example   0/3     1s\n",
        stderr: "",
        exitCode: 0,
      });
      const names = await sim.exec("kubectl get pods -o name");
      expect(names.stdout).toBe("pod/statefulset-example-0\n");
    });
  }
});
