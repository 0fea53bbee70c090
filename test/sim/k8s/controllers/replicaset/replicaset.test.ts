import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../../../src/index.ts";
import { cluster, create, edit, eventsOf, podsOf } from "../helpers.ts";

const BOOK = new URL("../../../../../../shared/corpus/book/start-docker-kubernetes/chapter6/", import.meta.url);
const book = (f: string) => readFileSync(new URL(f, BOOK), "utf8");
const haveBook = existsSync(new URL("replicaset-nginx.yaml", BOOK));

const rsManifest = (replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web", tier: "front" } },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    },
  },
});

describe("the ReplicaSet controller", () => {
  it("creates its pods with generated names, the template's labels and a controller reference", () => {
    const c = cluster();
    const rs = create(c, rsManifest(3));
    const pods = podsOf(c, "web");
    expect(pods.map((p) => p.metadata.name)).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe("web-");
      expect(p.metadata.labels).toEqual({ app: "web", tier: "front" });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "web",
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(eventsOf(c, "web")).toEqual(
      pods.map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata.name}`).sort(),
    );
    expect(c.store.get("replicasets.apps", "default", "web")?.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
  });

  it("replaces a deleted pod", () => {
    const c = cluster();
    create(c, rsManifest(2));
    const [gone, kept] = podsOf(c, "web");
    c.api.delete(c.discovery.forKind("v1", "Pod")!, "default", gone.metadata.name!);
    c.settle();
    const now = podsOf(c, "web").map((p) => p.metadata.name);
    expect(now).toHaveLength(2);
    expect(now).toContain(kept.metadata.name);
    expect(now).not.toContain(gone.metadata.name);
  });

  it("deletes the newest pods first when scaled down, recording SuccessfulDelete", () => {
    const c = cluster();
    create(c, rsManifest(1));
    const [first] = podsOf(c, "web");
    c.advance(5000);
    edit(c, "replicasets.apps", "web", (o) => {
      o.spec.replicas = 3;
    });
    c.advance(5000);
    edit(c, "replicasets.apps", "web", (o) => {
      o.spec.replicas = 1;
    });
    expect(podsOf(c, "web").map((p) => p.metadata.name)).toEqual([first.metadata.name]);
    expect(eventsOf(c, "web").filter((e) => e.includes("SuccessfulDelete"))).toHaveLength(2);
  });

  it("reports ready and available pods, waiting minReadySeconds for availability", () => {
    const c = cluster();
    const m = rsManifest(2);
    m.spec.template.spec = { schedulerName: "fake-scheduler", containers: [{ name: "c", image: "nginx" }] } as never;
    (m.spec as Record<string, unknown>).minReadySeconds = 10;
    create(c, m);
    c.advance(2000);
    expect(c.store.get("replicasets.apps", "default", "web")?.status).toMatchObject({ readyReplicas: 2 });
    expect(c.store.get("replicasets.apps", "default", "web")?.status.availableReplicas).toBeUndefined();
    // Ready at 2 s; available just after 12 s; woken at ready + minReadySeconds + 1 s = 13 s.
    c.advance(10_000);
    expect(c.store.get("replicasets.apps", "default", "web")?.status.availableReplicas).toBeUndefined();
    c.advance(1000);
    expect(c.store.get("replicasets.apps", "default", "web")?.status).toMatchObject({
      readyReplicas: 2,
      availableReplicas: 2,
    });
  });

  it("never touches a pod another controller owns", () => {
    const c = cluster();
    create(c, rsManifest(1));
    const other = { ...rsManifest(1), metadata: { name: "other" } };
    create(c, other);
    // Both select app=web: each keeps exactly its own pod.
    expect(podsOf(c, "web")).toHaveLength(1);
    expect(podsOf(c, "other")).toHaveLength(1);
  });

  it("runs ReplicationControllers the same way, as replication-controller", () => {
    const c = cluster("1.21");
    create(c, {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "rc" },
      spec: {
        replicas: 2,
        template: { metadata: { labels: { app: "rc" } }, spec: { containers: [{ name: "c", image: "nginx" }] } },
      },
    });
    const pods = podsOf(c, "rc");
    expect(pods).toHaveLength(2);
    expect(pods[0].metadata.ownerReferences?.[0]).toMatchObject({
      apiVersion: "v1",
      kind: "ReplicationController",
      name: "rc",
    });
    const ev = c.store.list("events", "default").find((e) => e.involvedObject?.name === "rc");
    expect(ev?.source).toEqual({ component: "replication-controller" });
  });
});

describe.skipIf(!haveBook)("the textbook's chapter 6 ReplicaSets through kubectl", () => {
  for (const version of ["1.21", "1.33"]) {
    it(`${version}: a hand-made pod with matching labels is adopted, and two more are created`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("nginx-pod-without-rs.yaml", book("nginx-pod-without-rs.yaml"));
      sim.writeFile("replicaset-nginx.yaml", book("replicaset-nginx.yaml"));
      expect(await sim.exec("kubectl apply -f nginx-pod-without-rs.yaml")).toEqual({
        stdout: "pod/my-nginx-pod created\n",
        stderr: "",
        exitCode: 0,
      });
      expect((await sim.exec("kubectl apply -f replicaset-nginx.yaml")).stdout).toBe(
        "replicaset.apps/replicaset-nginx created\n",
      );
      const names = (await sim.exec("kubectl get pods -o name")).stdout.trim().split("\n");
      expect(names).toHaveLength(3);
      expect(names).toContain("pod/my-nginx-pod");
      const owner = await sim.exec("kubectl get pod my-nginx-pod -o jsonpath='{.metadata.ownerReferences[0].name}'");
      expect(owner.stdout).toBe("replicaset-nginx");
      const rs = await sim.exec("kubectl get rs replicaset-nginx -o jsonpath='{.status.replicas}'");
      expect(rs.stdout).toBe("3");
    });

    it(`${version}: removing a pod's label releases it and a replacement is created`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("replicaset-nginx.yaml", book("replicaset-nginx.yaml"));
      await sim.exec("kubectl apply -f replicaset-nginx.yaml");
      const before = (await sim.exec("kubectl get pods -o name")).stdout.trim().split("\n");
      const victim = before[0].slice("pod/".length);
      expect(await sim.exec(`kubectl label pod ${victim} app-`)).toEqual({
        stdout: `pod/${victim} unlabeled\n`,
        stderr: "",
        exitCode: 0,
      });
      const owned = await sim.exec("kubectl get pods -l app=my-nginx-pods-label -o name");
      expect(owned.stdout.trim().split("\n")).toHaveLength(3);
      expect(owned.stdout).not.toContain(victim);
      const refs = await sim.exec(`kubectl get pod ${victim} -o jsonpath='{.metadata.ownerReferences}'`);
      expect(refs.stdout).toBe("");
      expect((await sim.exec("kubectl get pods -o name")).stdout.trim().split("\n")).toHaveLength(4);
    });

    it(`${version}: a deleted pod comes back under a new name`, async () => {
      const sim = await createSimulation({ kubernetesVersion: version, seed: 1 });
      sim.writeFile("replicaset-nginx.yaml", book("replicaset-nginx.yaml"));
      await sim.exec("kubectl apply -f replicaset-nginx.yaml");
      const before = (await sim.exec("kubectl get pods -o name")).stdout.trim().split("\n");
      await sim.exec(`kubectl delete ${before[1]}`);
      const after = (await sim.exec("kubectl get pods -o name")).stdout.trim().split("\n");
      expect(after).toHaveLength(3);
      expect(after).not.toContain(before[1]);
    });
  }
});
