/**
 * Scale through the whole system (issue 3, benchmark b): a cluster of `nodes` nodes with a mix
 * of labels and taints, one Deployment of `replicas` pods that tolerate the taints and select
 * nodes by label, and virtual time advanced second by second until every pod is Running. Every
 * controller runs (deployment, replicaset, scheduler, kubelet, endpoints, garbage collector,
 * events), as they do behind `kubectl apply`.
 *
 *   npx tsx bench/scale.ts [nodes] [replicas] [--profile=out.cpuprofile]
 *
 * Reports pods scheduled per second of wall clock, total time, peak RSS, and the pure scheduler
 * (Scheduler.schedule + assume over the same nodes and pods, as bench/scheduler.ts) measured in
 * the same process, with the ratio. Targets at 5,000 nodes and 150,000 replicas: at least
 * 10,000 pods/s, all Running within 30 s of wall time, under 2 GiB.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import type { KObject } from "../src/sim/k8s/api/object.ts";
import type { NodeSpec } from "../src/sim/k8s/bootstrap/index.ts";
import { type Cluster, createCluster } from "../src/sim/k8s/cluster.ts";
import { Scheduler } from "../src/sim/k8s/scheduler/scheduler.ts";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const NODES = Number(args[0] ?? 5000);
const REPLICAS = Number(args[1] ?? 150_000);
const PROFILE = process.argv.find((a) => a.startsWith("--profile="))?.slice("--profile=".length);
/** Virtual seconds to wait for all Running before giving up. */
const MAX_VIRTUAL_SECONDS = 600;

/** The node mix of bench/scheduler.ts: half carry disktype=ssd, a tenth a NoSchedule taint. */
export function scaleNodes(n: number): NodeSpec[] {
  const nodes: NodeSpec[] = [{ name: "k8s-m", role: "control-plane", internalIP: "192.168.0.10" }];
  for (let i = 1; i < n; i++) {
    const labels: Record<string, string> = { "topology.kubernetes.io/zone": `zone-${i % 3}` };
    if (i % 2 === 0) labels.disktype = "ssd";
    if (i % 5 === 0) labels.tier = "batch";
    const taints: NonNullable<NodeSpec["taints"]> = [];
    if (i % 10 === 0) taints.push({ key: "dedicated", value: "gpu", effect: "NoSchedule" });
    if (i % 7 === 0) taints.push({ key: "maintenance", effect: "PreferNoSchedule" });
    nodes.push({
      name: `node-${String(i).padStart(5, "0")}`,
      role: "worker",
      labels,
      taints,
      // 10.x.y.z keeps every address valid past 255 nodes.
      internalIP: `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
      capacity: { cpu: "32", memory: "128Gi", pods: "110", "ephemeral-storage": "100Gi" },
    });
  }
  return nodes;
}

const podSpec = {
  containers: [
    {
      name: "web",
      image: "nginx:1.27",
      resources: { requests: { cpu: "100m", memory: "128Mi" } },
      ports: [{ containerPort: 80, protocol: "TCP" }],
    },
  ],
  nodeSelector: { disktype: "ssd" },
  tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
};

export function scaleDeployment(replicas: number): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: structuredClone(podSpec) },
    },
  };
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

export interface ScaleResult {
  nodes: number;
  replicas: number;
  running: number;
  /** Wall clock from the Deployment's create to every pod Running. */
  totalMs: number;
  /** Wall clock from the create to the last pod bound. */
  scheduledMs: number;
  createClusterMs: number;
  virtualSeconds: number;
  peakMiB: number;
  objects: number;
  events: number;
}

/** The whole system: createCluster, create the Deployment, advance 1 s at a time until all Running. */
export function runScale(nodes: number, replicas: number): ScaleResult {
  const t0 = performance.now();
  const r = createCluster({ nodes: scaleNodes(nodes), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  const cluster: Cluster = r.cluster;
  const createClusterMs = performance.now() - t0;

  // Count bound and Running pods of the Deployment from a watch of pods, as a client would
  // (not of every write: the events beside them are as many).
  const bound = new Set<string>();
  const running = new Set<string>();
  let lastBoundAt = 0;
  cluster.store.watch((e) => {
    if (e.object.metadata.labels?.app !== "web") return;
    const k = e.object.metadata.name ?? "";
    if (e.type === "DELETED") {
      bound.delete(k);
      running.delete(k);
      return;
    }
    if (e.object.spec?.nodeName && !bound.has(k)) {
      bound.add(k);
      if (bound.size === replicas) lastBoundAt = performance.now();
    }
    if (e.object.status?.phase === "Running") running.add(k);
    else running.delete(k);
  }, "pods");

  const start = performance.now();
  const vStart = cluster.clock.now();
  const created = cluster.api.create(cluster.discovery.forKind("apps/v1", "Deployment")!, scaleDeployment(replicas));
  if (!created.ok) throw new Error(created.status.message);
  cluster.settle();
  for (let s = 0; s < MAX_VIRTUAL_SECONDS && running.size < replicas; s++) cluster.advance(1000);
  const end = performance.now();
  return {
    nodes,
    replicas,
    running: running.size,
    totalMs: end - start,
    scheduledMs: (lastBoundAt || end) - start,
    createClusterMs,
    virtualSeconds: (cluster.clock.now() - vStart) / 1000,
    peakMiB: peakMiB(),
    objects: cluster.store.size,
    events: countEvents(cluster),
  };
}

/** Events in the store, counted namespace by namespace (a sorted list of them all is not needed). */
function countEvents(cluster: Cluster): number {
  let n = 0;
  for (const ns of cluster.store.list("namespaces"))
    for (const _ of cluster.store.objects("events", ns.metadata.name ?? "")) n++;
  return n;
}

/** The pure scheduler over the same nodes and pods (bench/scheduler.ts's loop). */
export function runPureScheduler(nodes: number, replicas: number): { ms: number; scheduled: number } {
  const r = createCluster({ nodes: scaleNodes(nodes), seed: 1 });
  if (!r.ok) throw new Error(r.error);
  const s = new Scheduler(r.cluster.minor);
  for (const n of r.cluster.store.list("nodes")) s.snapshot.setNode(n);
  const pods: KObject[] = [];
  for (let i = 0; i < replicas; i++) {
    pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `web-7d4b9c8f6d-${i.toString(36).padStart(5, "0")}`,
        namespace: "default",
        labels: { app: "web", "pod-template-hash": "7d4b9c8f6d" },
        uid: `uid-${i}`,
      },
      spec: { ...structuredClone(podSpec), schedulerName: "default-scheduler", priority: 0 },
      status: { phase: "Pending" },
    });
  }
  const t0 = performance.now();
  let scheduled = 0;
  for (const p of pods) {
    const res = s.schedule(p);
    if (res.ok) {
      s.assume(res.pod, res.node);
      scheduled++;
    }
  }
  return { ms: performance.now() - t0, scheduled };
}

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

export function report(r: ScaleResult, pure: { ms: number; scheduled: number }, reduced = false): string {
  const sched = perSecond(r.replicas, r.scheduledMs);
  const pureRate = perSecond(pure.scheduled, pure.ms);
  const ok = r.running === r.replicas;
  return [
    `scale${reduced ? " (reduced case; the full case: npx tsx bench/scale.ts 5000 150000)" : ""}: ${r.nodes} nodes, a Deployment of ${r.replicas} replicas`,
    `  createCluster          ${(r.createClusterMs / 1000).toFixed(2)} s`,
    `  all Running            ${ok ? "yes" : `NO (${r.running})`} after ${(r.totalMs / 1000).toFixed(2)} s wall, ${r.virtualSeconds} s virtual (target within 30 s)`,
    `  scheduled              ${sched} pods/s (all bound after ${(r.scheduledMs / 1000).toFixed(2)} s; target at least 10,000)`,
    `  end to end             ${perSecond(r.replicas, r.totalMs)} pods/s to Running`,
    `  pure scheduler         ${pureRate} pods/s (${pure.scheduled} pods in ${(pure.ms / 1000).toFixed(2)} s); whole system at ${((sched / pureRate) * 100).toFixed(0)}% of it`,
    `  peak RSS               ${r.peakMiB.toFixed(0)} MiB (target under 2048), now ${rssMiB().toFixed(0)} MiB`,
    `  store                  ${r.objects} objects, ${r.events} events`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pure = runPureScheduler(NODES, REPLICAS);
  globalThis.gc?.();
  let session: Session | undefined;
  if (PROFILE) {
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const r = runScale(NODES, REPLICAS);
  if (session) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(PROFILE!, JSON.stringify(profile));
  }
  console.log(report(r, pure));
}
