import { describe, expect, it } from "vitest";
import { createClock } from "../../../src/sim/core/clock.ts";
import { createIds } from "../../../src/sim/core/ids.ts";
import { Reconciler } from "../../../src/sim/core/reconcile.ts";
import { ObjectStore } from "../../../src/sim/core/store.ts";
import type { KObject } from "../../../src/sim/k8s/api/object.ts";
import { Discovery, type ResourceType, storageKey } from "../../../src/sim/k8s/api/resources.ts";
import { ApiServer } from "../../../src/sim/k8s/apiserver.ts";
import "../../../src/sim/k8s/registry/kinds/index.ts";
import { garbageCollector } from "../../../src/sim/k8s/controllers/garbage-collector/index.ts";
import { namespaceController } from "../../../src/sim/k8s/controllers/namespace/index.ts";

function world(minor = 33) {
  const store = new ObjectStore();
  const discovery = new Discovery(minor);
  const clock = createClock();
  const api = new ApiServer(store, discovery, clock, createIds(1));
  const byStorage = new Map<string, ResourceType>();
  for (const t of discovery.types) if (!byStorage.has(storageKey(t))) byStorage.set(storageKey(t), t);
  const typeOf = (r: string) => byStorage.get(r);
  const reconciler = new Reconciler(store);
  reconciler.register(namespaceController(api, typeOf));
  reconciler.register(garbageCollector(api, typeOf));
  const T = (apiVersion: string, kind: string) => discovery.forKind(apiVersion, kind)!;
  const ns = T("v1", "Namespace");
  for (const name of ["default", "kube-system", "team"]) {
    store.put("namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name, uid: `ns-${name}` },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  }
  void ns;
  // Pods need their ServiceAccount (the ServiceAccount admission plugin).
  for (const n of ["default", "team"]) {
    store.put("serviceaccounts", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "default", namespace: n, uid: `sa-${n}` },
    });
  }
  return { store, api, clock, T, settle: () => reconciler.runToFixedPoint() };
}

const configMap = (name: string, extra: Partial<KObject> = {}): KObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name },
  data: { a: "1" },
  ...extra,
});

describe("the API server's storage semantics", () => {
  it("a created object gets a uid, a resourceVersion, the virtual creationTimestamp and the default namespace", () => {
    const w = world();
    const r = w.api.create(w.T("v1", "ConfigMap"), configMap("settings"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.metadata.namespace).toBe("default");
    expect(r.value.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.value.metadata.creationTimestamp).toBe("2026-01-05T09:00:00Z");
    expect(Number(r.value.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it("creating the same name twice is AlreadyExists with kubectl's wording", () => {
    const w = world();
    w.api.create(w.T("v1", "ConfigMap"), configMap("settings"));
    const again = w.api.create(w.T("v1", "ConfigMap"), configMap("settings"));
    expect(again).toMatchObject({
      ok: false,
      status: { reason: "AlreadyExists", code: 409, message: 'configmaps "settings" already exists' },
    });
  });

  it("creating in a namespace that does not exist is NotFound for the namespace", () => {
    const w = world();
    const r = w.api.create(
      w.T("v1", "ConfigMap"),
      configMap("settings", { metadata: { name: "settings", namespace: "nope" } }),
    );
    expect(r).toMatchObject({ ok: false, status: { reason: "NotFound", message: 'namespaces "nope" not found' } });
  });

  it("an update with a stale resourceVersion is a Conflict", () => {
    const w = world();
    const created = w.api.create(w.T("v1", "ConfigMap"), configMap("settings"));
    if (!created.ok) throw new Error("create failed");
    const first = { ...created.value, data: { a: "2" } };
    expect(w.api.update(w.T("v1", "ConfigMap"), first).ok).toBe(true);
    const stale = { ...created.value, data: { a: "3" } };
    expect(w.api.update(w.T("v1", "ConfigMap"), stale)).toMatchObject({
      ok: false,
      status: {
        reason: "Conflict",
        message:
          'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
      },
    });
  });

  it("generation starts at 1 and moves only when the spec changes", () => {
    const w = world();
    const d: KObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } },
      },
    };
    const t = w.T("apps/v1", "Deployment");
    const created = w.api.create(t, d);
    if (!created.ok) throw new Error(created.status.message);
    expect(created.value.metadata.generation).toBe(1);
    const relabelled = w.api.update(t, {
      ...created.value,
      metadata: { ...created.value.metadata, labels: { app: "web", tier: "x" } },
    });
    if (!relabelled.ok) throw new Error(relabelled.status.message);
    expect(relabelled.value.metadata.generation).toBe(1);
    const scaled = w.api.update(t, { ...relabelled.value, spec: { ...relabelled.value.spec, replicas: 3 } });
    if (!scaled.ok) throw new Error(scaled.status.message);
    expect(scaled.value.metadata.generation).toBe(2);
  });
});

describe("deletion and garbage collection", () => {
  function ownerAndDependent(w: ReturnType<typeof world>) {
    const owner = w.api.create(w.T("v1", "ConfigMap"), configMap("owner"));
    if (!owner.ok) throw new Error("owner");
    const dep = w.api.create(
      w.T("v1", "ConfigMap"),
      configMap("dependent", {
        metadata: {
          name: "dependent",
          ownerReferences: [
            {
              apiVersion: "v1",
              kind: "ConfigMap",
              name: "owner",
              uid: owner.value.metadata.uid!,
              blockOwnerDeletion: true,
            },
          ],
        },
      }),
    );
    if (!dep.ok) throw new Error("dependent");
    w.settle();
    return owner.value;
  }

  it("background deletion removes the owner at once and its dependents after", () => {
    const w = world();
    ownerAndDependent(w);
    w.api.delete(w.T("v1", "ConfigMap"), "default", "owner");
    expect(w.store.get("configmaps", "default", "owner")).toBeUndefined();
    w.settle();
    expect(w.store.get("configmaps", "default", "dependent")).toBeUndefined();
  });

  it("orphan deletion keeps dependents and strips their owner reference", () => {
    const w = world();
    ownerAndDependent(w);
    const r = w.api.delete(w.T("v1", "ConfigMap"), "default", "owner", { propagationPolicy: "Orphan" });
    expect(r.ok && r.value.metadata.finalizers).toEqual(["orphan"]);
    w.settle();
    expect(w.store.get("configmaps", "default", "owner")).toBeUndefined();
    const dep = w.store.get("configmaps", "default", "dependent");
    expect(dep?.metadata.ownerReferences).toBeUndefined();
  });

  it("foreground deletion deletes dependents first, then the owner", () => {
    const w = world();
    ownerAndDependent(w);
    const r = w.api.delete(w.T("v1", "ConfigMap"), "default", "owner", { propagationPolicy: "Foreground" });
    expect(r.ok && r.value.metadata.deletionTimestamp).toBe("2026-01-05T09:00:00Z");
    expect(w.store.get("configmaps", "default", "owner")).toBeDefined();
    w.settle();
    expect(w.store.get("configmaps", "default", "dependent")).toBeUndefined();
    expect(w.store.get("configmaps", "default", "owner")).toBeUndefined();
  });

  it("a custom finalizer holds an object in Terminating until it is removed", () => {
    const w = world();
    const t = w.T("v1", "ConfigMap");
    w.api.create(t, configMap("held", { metadata: { name: "held", finalizers: ["example.com/hold"] } }));
    w.api.delete(t, "default", "held");
    const held = w.store.get("configmaps", "default", "held")!;
    expect(held.metadata.deletionTimestamp).toBeDefined();
    w.api.update(t, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect(w.store.get("configmaps", "default", "held")).toBeUndefined();
  });

  it("deleting a namespace deletes its content and then the namespace", () => {
    const w = world();
    w.api.create(w.T("v1", "ConfigMap"), configMap("a", { metadata: { name: "a", namespace: "team" } }));
    const r = w.api.delete(w.T("v1", "Namespace"), "", "team");
    expect(r.ok && r.value.status.phase).toBe("Terminating");
    const denied = w.api.create(w.T("v1", "ConfigMap"), configMap("b", { metadata: { name: "b", namespace: "team" } }));
    expect(denied).toMatchObject({
      ok: false,
      status: {
        reason: "Forbidden",
        message:
          'configmaps "b" is forbidden: unable to create new content in namespace team because it is being terminated',
      },
    });
    w.settle();
    expect(w.store.get("namespaces", "", "team")).toBeUndefined();
    expect(w.store.list("configmaps", "team")).toEqual([]);
  });
});

describe("admission for pods", () => {
  const pod: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: { containers: [{ name: "c", image: "nginx" }] },
  };

  it("adds the default ServiceAccount, its projected token volume and the 300 s NoExecute tolerations", () => {
    const w = world();
    const r = w.api.create(w.T("v1", "Pod"), pod);
    if (!r.ok) throw new Error(r.status.message);
    const spec = r.value.spec;
    expect(spec.serviceAccountName).toBe("default");
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(spec.containers[0].volumeMounts).toEqual([
      { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: spec.volumes[0].name, readOnly: true },
    ]);
    expect(spec.tolerations).toEqual([
      { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
      { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
    ]);
    expect(spec.priority).toBe(0);
  });

  it("rejects a pod whose ServiceAccount does not exist with upstream's message", () => {
    const w = world();
    const r = w.api.create(w.T("v1", "Pod"), { ...pod, spec: { ...pod.spec, serviceAccountName: "ghost" } });
    expect(r).toMatchObject({
      ok: false,
      status: {
        reason: "Forbidden",
        message:
          'pods "p" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found',
      },
    });
  });
});
