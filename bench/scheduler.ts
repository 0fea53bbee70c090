/**
 * Scheduler throughput: 5,000 nodes with a mix of labels and taints, 150,000 identical pods
 * (a toleration and a nodeSelector, like one big Deployment), scheduled one by one through the
 * pure core (Scheduler.schedule + assume), not through kubectl or the controller.
 *
 *   npx tsx bench/scheduler.ts [nodes] [pods] [minor]
 *
 * Reports pods/s, total time and peak RSS. Target: >= 10,000 pods/s under 2 GiB.
 */
import type { KObject } from "../src/sim/k8s/api/object.ts";
import { Scheduler } from "../src/sim/k8s/scheduler/scheduler.ts";

const NODES = Number(process.argv[2] ?? 5000);
const PODS = Number(process.argv[3] ?? 150_000);
const MINOR = Number(process.argv[4] ?? 33);

function node(i: number): KObject {
  const name = `node-${String(i).padStart(5, "0")}`;
  const labels: Record<string, string> = {
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
    "topology.kubernetes.io/zone": `zone-${i % 3}`,
  };
  if (i % 2 === 0) labels.disktype = "ssd";
  if (i % 5 === 0) labels.tier = "batch";
  const taints: Record<string, string>[] = [];
  if (i % 10 === 0) taints.push({ key: "dedicated", value: "gpu", effect: "NoSchedule" });
  if (i % 7 === 0) taints.push({ key: "maintenance", effect: "PreferNoSchedule" });
  if (i % 97 === 0) taints.push({ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels },
    spec: { taints, unschedulable: i % 101 === 0 },
    status: { allocatable: { cpu: "32", memory: "128Gi", pods: "110", "ephemeral-storage": "100Gi" } },
  };
}

const template = {
  containers: [
    {
      name: "web",
      image: "nginx:1.27",
      resources: { requests: { cpu: "100m", memory: "128Mi" } },
      ports: [{ containerPort: 80, protocol: "TCP" }],
    },
  ],
  nodeSelector: { disktype: "ssd" },
  tolerations: [
    { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" },
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  ],
  schedulerName: "default-scheduler",
  priority: 0,
};

function pod(i: number): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `web-7d4b9c8f6d-${i.toString(36).padStart(5, "0")}`,
      namespace: "default",
      labels: { app: "web", "pod-template-hash": "7d4b9c8f6d" },
      uid: `uid-${i}`,
    },
    // Each pod gets its own copy, as pods read from the store would.
    spec: JSON.parse(JSON.stringify(template)),
    status: { phase: "Pending" },
  };
}

const s = new Scheduler(MINOR);
for (let i = 0; i < NODES; i++) s.snapshot.setNode(node(i));
const pods: KObject[] = [];
for (let i = 0; i < PODS; i++) pods.push(pod(i));

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;
const before = rssMiB();
const t0 = performance.now();
let failed = 0;
for (const p of pods) {
  const r = s.schedule(p);
  if (r.ok) s.assume(r.pod, r.node);
  else failed++;
}
const ms = performance.now() - t0;

let min = Number.POSITIVE_INFINITY;
let max = 0;
let used = 0;
for (const n of s.snapshot.allNodes()) {
  if (n.podCount === 0) continue;
  used++;
  min = Math.min(min, n.podCount);
  max = Math.max(max, n.podCount);
}
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`scheduler bench (1.${MINOR}): ${NODES} nodes, ${PODS} pods`);
console.log(`  scheduled      ${PODS - failed} (${failed} unschedulable)`);
console.log(`  total          ${(ms / 1000).toFixed(2)} s`);
console.log(`  throughput     ${Math.round((PODS / ms) * 1000)} pods/s`);
console.log(`  nodes used     ${used}, pods per node ${min}..${max}`);
console.log(
  `  RSS            ${before.toFixed(0)} MiB before, ${rssMiB().toFixed(0)} MiB after, peak ${peakMiB.toFixed(0)} MiB`,
);
