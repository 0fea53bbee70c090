/**
 * The scheduler's view of the cluster (internal/cache + framework.NodeInfo): per node, the
 * parsed Node and running aggregates of the pods placed on it (requested and non-zero
 * requested resources, pod count, host ports), updated incrementally as pods come and go so a
 * scheduling cycle never walks the pods of a node.
 *
 * Nodes are held sorted by name; `index` is a node's position, used by per-class caches,
 * which are keyed on `nodeGeneration` and thrown away whenever any node changes.
 * Pods that have finished (Succeeded/Failed) hold no resources: the scheduler's informer
 * filters them out, as upstream's does.
 */
import type { KObject } from "../api/object.ts";
import type { HostPort, PodInfo } from "./pod-info.ts";
import { hasInterPodAffinity } from "./pod-info.ts";
import { type Allocatable, emptyResources, nodeAllocatable, type Resources } from "./resources.ts";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export class NodeInfo {
  index = 0;
  /** Bumped whenever a pod is added or removed here (node-local caches compare it). */
  version = 0;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly allocatable: Allocatable;
  readonly requested: Resources = emptyResources();
  // -0: a double field from the start (see Resources).
  nonZeroMilliCPU = -0;
  nonZeroMemory = -0;
  podCount = 0;
  /** `TCP/80` -> host IPs in use (`0.0.0.0` for all). */
  usedPorts: Map<string, string[]> | null = null;
  /** The pods placed here, by `namespace/name`. */
  readonly pods = new Map<string, PodInfo>();
  /** How many of them carry any inter-pod (anti-)affinity term. */
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;

  constructor(readonly node: KObject) {
    this.name = node.metadata.name ?? "";
    this.labels = node.metadata.labels ?? {};
    this.taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = nodeAllocatable(node);
  }

  addPod(p: PodInfo, sign: 1 | -1 = 1): void {
    this.version++;
    const t = p.template;
    const r = t.resources.requests;
    this.requested.milliCPU += sign * r.milliCPU;
    this.requested.memory += sign * r.memory;
    this.requested.ephemeralStorage += sign * r.ephemeralStorage;
    if (r.scalar) {
      this.requested.scalar ??= new Map();
      const into = this.requested.scalar;
      for (const [k, v] of r.scalar) into.set(k, (into.get(k) ?? 0) + sign * v);
    }
    this.nonZeroMilliCPU += sign * t.resources.nonZeroMilliCPU;
    this.nonZeroMemory += sign * t.resources.nonZeroMemory;
    this.podCount += sign;
    if (t.hostPorts.length > 0) this.updatePorts(t.hostPorts, sign);
    if (hasInterPodAffinity(t)) this.podsWithAffinity += sign;
    if (t.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity += sign;
    if (sign > 0) this.pods.set(p.key, p);
    else this.pods.delete(p.key);
  }

  private updatePorts(ports: readonly HostPort[], sign: 1 | -1): void {
    this.usedPorts ??= new Map();
    for (const hp of ports) {
      const k = `${hp.protocol}/${hp.port}`;
      const ips = this.usedPorts.get(k) ?? [];
      if (sign > 0) ips.push(hp.hostIP);
      else {
        const i = ips.indexOf(hp.hostIP);
        if (i >= 0) ips.splice(i, 1);
      }
      if (ips.length === 0) this.usedPorts.delete(k);
      else this.usedPorts.set(k, ips);
    }
  }
}

export class Snapshot {
  /** Sorted by name. */
  nodes: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  /** Bumped on every node add, change or removal. */
  nodeGeneration = 0;
  private sorted = true;
  /** Where each placed pod is, by `namespace/name`. */
  private readonly placement = new Map<string, PodInfo>();
  private readonly placedOn = new Map<string, string>();
  /** Placed pods (cluster-wide) with any inter-pod (anti-)affinity term / with required anti-affinity. */
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  /** Namespace labels, for namespaceSelector in affinity terms. */
  readonly namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  /**
   * The nodes holding a pod with any inter-pod (anti-)affinity term, and those holding one with
   * required anti-affinity: a pod without terms of its own only needs to look at these (a
   * handful of nodes, e.g. CoreDNS's), not at every node of the cluster.
   */
  private readonly affinityNodes = new Set<NodeInfo>();
  private readonly antiAffinityNodes = new Set<NodeInfo>();
  private affinityOrder: NodeInfo[] | null = [];
  private antiAffinityOrder: NodeInfo[] | null = [];

  get size(): number {
    return this.nodes.length;
  }

  node(name: string): NodeInfo | undefined {
    this.ensureSorted();
    return this.byName.get(name);
  }

  allNodes(): readonly NodeInfo[] {
    this.ensureSorted();
    return this.nodes;
  }

  /** The nodes with a pod carrying any inter-pod (anti-)affinity term, in node order. */
  nodesWithAffinity(): readonly NodeInfo[] {
    this.ensureSorted();
    this.affinityOrder ??= [...this.affinityNodes].sort(byIndex);
    return this.affinityOrder;
  }

  /** The nodes with a pod carrying a required anti-affinity term, in node order. */
  nodesWithRequiredAntiAffinity(): readonly NodeInfo[] {
    this.ensureSorted();
    this.antiAffinityOrder ??= [...this.antiAffinityNodes].sort(byIndex);
    return this.antiAffinityOrder;
  }

  /** Keeps the two sets above in step with a node's counts. */
  private track(info: NodeInfo): void {
    const a = info.podsWithAffinity > 0;
    if (a !== this.affinityNodes.has(info)) {
      if (a) this.affinityNodes.add(info);
      else this.affinityNodes.delete(info);
      this.affinityOrder = null;
    }
    const r = info.podsWithRequiredAntiAffinity > 0;
    if (r !== this.antiAffinityNodes.has(info)) {
      if (r) this.antiAffinityNodes.add(info);
      else this.antiAffinityNodes.delete(info);
      this.antiAffinityOrder = null;
    }
  }

  private untrack(info: NodeInfo): void {
    if (this.affinityNodes.delete(info)) this.affinityOrder = null;
    if (this.antiAffinityNodes.delete(info)) this.antiAffinityOrder = null;
  }

  /** Adds or replaces a node; the pods placed on it stay. */
  setNode(node: KObject): void {
    const name = node.metadata.name ?? "";
    const old = this.byName.get(name);
    // Indexes are only right once sorted: a node replaced before the first cycle must land in
    // its own slot. A new node is appended and sorted in later, once for all the nodes added
    // together (sorting at each of a cluster's 5,000 nodes was quadratic).
    if (old) this.ensureSorted();
    const info = new NodeInfo(node);
    if (old) {
      for (const p of old.pods.values()) info.addPod(p);
      this.nodes[old.index] = info;
      info.index = old.index;
      this.untrack(old);
    } else {
      this.nodes.push(info);
      this.sorted = false;
      // Pods bound to a node that was deleted and is now back count again.
      for (const [k, p] of this.placement) if (this.placedOn.get(k) === name) info.addPod(p);
    }
    this.track(info);
    this.byName.set(name, info);
    this.nodeGeneration++;
  }

  removeNode(name: string): void {
    this.ensureSorted();
    const old = this.byName.get(name);
    if (!old) return;
    this.byName.delete(name);
    this.nodes.splice(old.index, 1);
    for (let i = old.index; i < this.nodes.length; i++) this.nodes[i].index = i;
    this.untrack(old);
    // Indexes moved: the orders above are rebuilt.
    this.affinityOrder = null;
    this.antiAffinityOrder = null;
    // Pods stay placed on a node that is gone (the pod GC deletes them); no node counts them.
    this.nodeGeneration++;
  }

  private ensureSorted(): void {
    if (this.sorted) return;
    this.nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = 0; i < this.nodes.length; i++) this.nodes[i].index = i;
    this.sorted = true;
    this.affinityOrder = null;
    this.antiAffinityOrder = null;
  }

  /** Records `p` as placed on `nodeName` (bound, or assumed while its binding is written). */
  addPod(p: PodInfo, nodeName: string): void {
    this.removePod(p.key);
    const n = this.byName.get(nodeName);
    this.placement.set(p.key, p);
    this.placedOn.set(p.key, nodeName);
    if (hasInterPodAffinity(p.template)) this.podsWithAffinity++;
    if (p.template.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity++;
    if (n) {
      n.addPod(p, 1);
      if (hasInterPodAffinity(p.template)) this.track(n);
    }
  }

  removePod(key: string): void {
    const placed = this.placement.get(key);
    if (!placed) return;
    const nodeName = this.placedOn.get(key)!;
    const n = this.byName.get(nodeName);
    if (n) {
      n.addPod(placed, -1);
      if (hasInterPodAffinity(placed.template)) this.track(n);
    }
    this.placement.delete(key);
    this.placedOn.delete(key);
    if (hasInterPodAffinity(placed.template)) this.podsWithAffinity--;
    if (placed.template.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity--;
  }

  isPlaced(key: string): boolean {
    return this.placement.has(key);
  }

  nodeOf(key: string): string | undefined {
    return this.placedOn.get(key);
  }
}

const byIndex = (a: NodeInfo, b: NodeInfo) => a.index - b.index;
