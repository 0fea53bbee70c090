/**
 * createCluster: one simulated Kubernetes control plane: store, API server, controllers run
 * to a fixed point after every write, virtual time, and the objects a fresh kubeadm cluster of
 * the chosen version starts with.
 */
import { type Clock, createClock } from "../core/clock.ts";
import { createIds, type Ids } from "../core/ids.ts";
import { Reconciler } from "../core/reconcile.ts";
import type { HasSlots, Slot } from "../core/slots.ts";
import { ObjectStore } from "../core/store.ts";
import type { KObject } from "./api/object.ts";
import { Discovery, type ResourceType, storageKey } from "./api/resources.ts";
import { ApiServer } from "./apiserver.ts";
import { cachedBootstrap } from "./bootstrap/cache.ts";
import { bootstrapObjects, defaultNodes, type NodeSpec } from "./bootstrap/index.ts";
import { registeredControllers } from "./controller-registry.ts";
import { crdController } from "./controllers/crd/index.ts";
import { EventRecorder } from "./controllers/events/recorder.ts";
import "./controllers/index.ts";
import { garbageCollector } from "./controllers/garbage-collector/index.ts";
import { namespaceController } from "./controllers/namespace/index.ts";
import { serviceAccountController } from "./controllers/serviceaccount/index.ts";
import "./registry/kinds/index.ts";
import { type KubernetesVersion, lookupVersion } from "./versions.ts";

export interface ClusterOptions {
  /** `1.33` (default), `1.21`, ... */
  version?: string;
  seed?: number;
  clock?: Clock;
  ids?: Ids;
  /** Nodes of the cluster; the default is k8s-m plus three workers. */
  nodes?: NodeSpec[];
  maxObjects?: number;
  /** Events kept before the least recently written is deleted (events/recorder.ts). */
  maxEvents?: number;
  maxControllerRounds?: number;
}

export { type ControllerFactory, registerController } from "./controller-registry.ts";

export class Cluster implements HasSlots {
  /** What modules keep per cluster (the kubelets, kube-proxy's state: core/slots.ts). */
  readonly slots = new Map<Slot<unknown>, unknown>();
  readonly store: ObjectStore;
  readonly discovery: Discovery;
  readonly api: ApiServer;
  readonly reconciler: Reconciler;
  readonly events: EventRecorder;

  constructor(
    readonly version: KubernetesVersion,
    readonly clock: Clock,
    readonly ids: Ids,
    opts: ClusterOptions,
  ) {
    this.store = new ObjectStore({ maxObjects: opts.maxObjects ?? 500_000 });
    this.discovery = new Discovery(version.minor);
    this.api = new ApiServer(this.store, this.discovery, clock, ids);
    this.reconciler = new Reconciler(this.store, opts.maxControllerRounds ?? 10_000);
    this.events = new EventRecorder(this.store, clock, ids, opts.maxEvents);
  }

  get minor(): number {
    return this.version.minor;
  }

  /** The preferred resource type stored under a store key (`pods`, `deployments.apps`). */
  typeOfStorage = (resource: string): ResourceType | undefined => this.discovery.forStorage(resource);

  /** Runs every controller until nothing changes. */
  settle(): void {
    this.reconciler.runToFixedPoint();
  }

  /**
   * Moves virtual time forward by `ms`, stopping at every timer on the way so that controllers
   * see time pass as they would (a toleration expiring at t+300s acts at t+300s).
   */
  advance(ms: number): void {
    const target = this.clock.now() + Math.max(0, ms);
    this.settle();
    for (;;) {
      const next = this.reconciler.nextTimer();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
      this.reconciler.fireTimers(next);
      this.settle();
    }
    this.clock.advanceTo(target);
  }

  /** Inserts objects as they exist on a running cluster (no admission, no defaulting). */
  seed(objects: KObject[]): void {
    for (const o of objects) {
      const t = this.discovery.forKind(o.apiVersion, o.kind);
      if (!t) throw new Error(`bootstrap object ${o.kind} ${o.apiVersion} is not served by 1.${this.minor}`);
      this.store.put(storageKey(t), o);
    }
  }
}

export type CreateClusterResult = { ok: true; cluster: Cluster } | { ok: false; error: string };

export function createCluster(opts: ClusterOptions = {}): CreateClusterResult {
  const v = lookupVersion(opts.version);
  if (!v.ok) return v;
  const clock = opts.clock ?? createClock();
  const nodes = opts.nodes ?? defaultNodes(v.version.minor);
  // An id source of our own lets bootstrap output be reused (bootstrap/cache.ts): the cluster
  // continues from the ids state bootstrap leaves. A caller's id source is used as given.
  const boot = opts.ids
    ? { ids: opts.ids, objects: undefined }
    : cachedBootstrap({ minor: v.version.minor, nodes, clock }, createIds(opts.seed ?? 1).state());
  const ids = boot.ids;
  const cluster = new Cluster(v.version, clock, ids, opts);
  const caCert = () =>
    (cluster.store.get("configmaps", "kube-system", "kube-root-ca.crt")?.data?.["ca.crt"] as string | undefined) ?? "";
  const r = cluster.reconciler;
  r.register(namespaceController(cluster.api, cluster.typeOfStorage));
  r.register(serviceAccountController(cluster.api, caCert));
  r.register(crdController(cluster));
  for (const f of registeredControllers()) r.register(f(cluster));
  r.register(garbageCollector(cluster.api, cluster.typeOfStorage));
  // Seeding after registration gives controllers their initial list, as informers have.
  cluster.seed(boot.objects ?? bootstrapObjects({ minor: v.version.minor, nodes, clock, ids }));
  cluster.settle();
  return { ok: true, cluster };
}
