/**
 * One scheduling cycle (schedule_one.go: schedulePod -> findNodesThatFitPod ->
 * prioritizeNodes -> selectHost), pure: it decides, the controller binds.
 *
 * Filtering: nodes are visited in name order starting where the previous cycle stopped
 * (upstream's nextStartNodeIndex) until enough feasible nodes are found: every node in
 * clusters under 100 nodes, otherwise upstream's adaptive percentageOfNodesToScore
 * (50% - nodes/125, at least 5% and 100 nodes; 500 of 5,000 nodes). When no node fits, every
 * node has been visited and each has its rejecting plugin and reasons.
 *
 * Node-static plugins (framework.ts) are evaluated once per equivalence class of pods and
 * cached until any node changes; the others run per pod against the incrementally
 * maintained node aggregates (snapshot.ts).
 *
 * Selection: the highest weighted sum of normalised scores. Upstream breaks ties at random
 * (reservoir sampling); the simulation must be reproducible, so it takes the node whose name
 * sorts first. On the default cluster an empty workload thus starts on k8s-w1, and
 * LeastAllocated then spreads replicas k8s-w1, k8s-w2, k8s-w3.
 */
import type { KObject } from "../api/object.ts";
import { Code, type CycleContext, isRejection, type Plugin, SKIP, type Status } from "./framework.ts";
import { fitErrorMessage } from "./messages.ts";
import { type PodInfo, PodInfoCache, type PodTemplateInfo } from "./pod-info.ts";
import { defaultProfile, instantiate, type Plugins, type Profile } from "./registry.ts";
import { type NodeInfo, Snapshot } from "./snapshot.ts";

export interface NodeVerdict {
  node: string;
  plugin: string;
  code: Code;
  reasons: readonly string[];
}

export type ScheduleResult =
  | { ok: true; node: string; pod: PodInfo; feasibleNodes: number; evaluatedNodes: number }
  | {
      ok: false;
      pod: PodInfo;
      /** The FailedScheduling message, e.g. `0/4 nodes are available: ...`. */
      message: string;
      /** Every rejected node, by name. */
      verdicts: NodeVerdict[];
      /** Plugins that rejected some node (which cluster changes may help). */
      plugins: ReadonlySet<string>;
    };

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** numFeasibleNodesToFind with the default (adaptive) percentageOfNodesToScore. */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * pct) / 100));
}

/** Cached results for one equivalence class, valid for one node generation. */
interface ClassEntry {
  generation: number;
  /** Per node index: the rejecting node-static plugin's status, or null. */
  status: (Status | null)[];
  plugin: (string | null)[];
  /** Per node index: the rejecting node-local plugin's status, valid while localVersion matches. */
  localStatus: (Status | null)[];
  localPlugin: (string | null)[];
  localVersion: Int32Array;
  /** Per node-static score plugin: raw scores per node index. */
  scores: Map<string, Float64Array>;
  /** Node-static score plugins whose raw score is the same on every node. */
  uniform: Set<string>;
  /** Per node-local score plugin: raw scores per node index and the node version they are for. */
  localScores: Map<string, { raw: Float64Array; version: Int32Array }>;
}

export class Scheduler {
  readonly snapshot = new Snapshot();
  readonly podInfos: PodInfoCache;
  private readonly plugins: Plugins;
  private readonly staticFilters: Plugin[];
  private readonly localFilters: Plugin[];
  private readonly dynamicFilters: Plugin[];
  private readonly classes = new Map<string, ClassEntry>();
  private nextStartNodeIndex = 0;
  // Reused per cycle so the common path allocates little.
  private totals = new Float64Array(0);
  private scratch = new Float64Array(0);
  private readonly active: Plugin[] = [];
  private readonly activeLocal: Plugin[] = [];
  private readonly feasible: NodeInfo[] = [];

  constructor(
    readonly minor: number,
    readonly profile: Profile = defaultProfile(minor),
  ) {
    this.podInfos = new PodInfoCache(minor);
    this.plugins = instantiate(minor, profile);
    // Filters run in three groups: node-static, node-local, the rest. That keeps the profile's
    // order (and so which plugin a node's rejection names) only if the profile lists them in
    // that order, as the default profiles do; a plugin out of order joins the last group.
    const fs = this.plugins.filters;
    let i = 0;
    while (i < fs.length && fs[i].nodeStatic) i++;
    const firstLocal = i;
    while (i < fs.length && fs[i].nodeLocal) i++;
    this.staticFilters = fs.slice(0, firstLocal);
    this.localFilters = fs.slice(firstLocal, i);
    this.dynamicFilters = fs.slice(i);
  }

  /** Places a pod in the snapshot (bound, or assumed until its binding lands). */
  assume(pod: PodInfo, nodeName: string): void {
    this.snapshot.addPod(placedInfo(pod), nodeName);
  }

  /** Picks a node for `pod`, or explains why none fits. Does not place it: call assume(). */
  schedule(input: KObject | PodInfo): ScheduleResult {
    const pod = "template" in input ? (input as PodInfo) : this.podInfos.get(input as KObject);
    const nodes = this.snapshot.allNodes();
    const n = nodes.length;
    if (n === 0) {
      return { ok: false, pod, message: "no nodes available to schedule pods", verdicts: [], plugins: new Set() };
    }
    const ctx: CycleContext = { pod, snapshot: this.snapshot, minor: this.minor };
    const cls = this.classEntry(ctx);

    // The scratch arrays are filled from the start and never emptied: setting an array's
    // length to 0 frees its storage, and regrowing it to hundreds of nodes every cycle was
    // most of what a cycle allocated.
    const activeLocal = this.activeLocal;
    const active = this.active;
    let localCount = 0;
    let activeCount = 0;
    for (const p of this.localFilters) {
      const s = p.preFilter ? p.preFilter(ctx) : null;
      if (s === SKIP) continue;
      if (isRejection(s)) return this.failure(ctx, cls, { plugin: p.name, status: s });
      activeLocal[localCount++] = p;
    }
    for (const p of this.dynamicFilters) {
      const s = p.preFilter ? p.preFilter(ctx) : null;
      if (s === SKIP) continue;
      if (isRejection(s)) return this.failure(ctx, cls, { plugin: p.name, status: s });
      active[activeCount++] = p;
    }
    const localVersion = cls.localVersion;
    const localStatus = cls.localStatus;

    const want = numFeasibleNodesToFind(n);
    const feasible = this.feasible;
    let count = 0;
    let processed = 0;
    const start = this.nextStartNodeIndex % n;
    for (let i = 0; i < n && count < want; i++) {
      const idx = start + i < n ? start + i : start + i - n;
      processed++;
      if (cls.status[idx] !== null) continue;
      const node = nodes[idx];
      if (localCount > 0) {
        if (localVersion[idx] !== node.version) this.runLocalFilters(ctx, cls, node, activeLocal, localCount);
        if (localStatus[idx] !== null) continue;
      }
      let ok = true;
      for (let f = 0; f < activeCount; f++) {
        if (active[f].filter!(ctx, node) !== null) {
          ok = false;
          break;
        }
      }
      if (ok) feasible[count++] = node;
    }
    this.nextStartNodeIndex = (start + processed) % n;

    if (count === 0) return this.failure(ctx, cls);
    const best = count === 1 ? feasible[0] : this.selectHost(ctx, cls, feasible, count);
    return { ok: true, node: best.name, pod, feasibleNodes: count, evaluatedNodes: processed };
  }

  /** Every node's verdict for `pod` (no sampling), as a grader explains a Pending pod. */
  diagnose(input: KObject | PodInfo): { verdicts: NodeVerdict[]; feasible: string[]; message: string } {
    const pod = "template" in input ? (input as PodInfo) : this.podInfos.get(input as KObject);
    const ctx: CycleContext = { pod, snapshot: this.snapshot, minor: this.minor };
    if (this.snapshot.size === 0) return { verdicts: [], feasible: [], message: "no nodes available to schedule pods" };
    const cls = this.classEntry(ctx);
    const r = this.evaluateAll(ctx, cls);
    return { verdicts: r.verdicts, feasible: r.feasible, message: this.message(ctx, r.verdicts) };
  }

  private runLocalFilters(
    ctx: CycleContext,
    cls: ClassEntry,
    node: NodeInfo,
    plugins: readonly Plugin[],
    count: number,
  ): void {
    const idx = node.index;
    cls.localStatus[idx] = null;
    cls.localPlugin[idx] = null;
    for (let i = 0; i < count; i++) {
      const p = plugins[i];
      const s = p.filter!(ctx, node);
      if (isRejection(s)) {
        cls.localStatus[idx] = s;
        cls.localPlugin[idx] = p.name;
        break;
      }
    }
    cls.localVersion[idx] = node.version;
  }

  private failure(ctx: CycleContext, cls: ClassEntry, preFilter?: { plugin: string; status: Status }): ScheduleResult {
    const r = this.evaluateAll(ctx, cls, preFilter);
    const plugins = new Set(r.verdicts.map((v) => v.plugin));
    if (r.feasible.length > 0) {
      // Cannot happen: a full pass found nothing feasible a moment ago.
      throw new Error(`scheduler: inconsistent filter results for ${ctx.pod.key}`);
    }
    let message = this.message(ctx, r.verdicts);
    if (preFilter) {
      message = fitErrorMessage(
        this.minor,
        this.snapshot.size,
        r.verdicts.map((v) => ({ code: v.code, reasons: v.reasons })),
        preFilter.status.reasons.join(", "),
        ctx.pod.pod.spec?.preemptionPolicy === "Never",
      );
    }
    return { ok: false, pod: ctx.pod, message, verdicts: r.verdicts, plugins };
  }

  private message(ctx: CycleContext, verdicts: readonly NodeVerdict[]): string {
    return fitErrorMessage(
      this.minor,
      this.snapshot.size,
      verdicts.map((v) => ({ code: v.code, reasons: v.reasons })),
      "",
      ctx.pod.pod.spec?.preemptionPolicy === "Never",
    );
  }

  /** All nodes, recording each rejection (the slow path: failures and explanations). */
  private evaluateAll(
    ctx: CycleContext,
    cls: ClassEntry,
    preFilter?: { plugin: string; status: Status },
  ): { verdicts: NodeVerdict[]; feasible: string[] } {
    const verdicts: NodeVerdict[] = [];
    const feasible: string[] = [];
    const nodes = this.snapshot.allNodes();
    if (preFilter) {
      for (const node of nodes) {
        verdicts.push({
          node: node.name,
          plugin: preFilter.plugin,
          code: preFilter.status.code,
          reasons: preFilter.status.reasons,
        });
      }
      return { verdicts, feasible };
    }
    const active: Plugin[] = [];
    for (const p of [...this.localFilters, ...this.dynamicFilters]) {
      const s = p.preFilter ? p.preFilter(ctx) : null;
      if (s !== SKIP) active.push(p);
    }
    for (const node of nodes) {
      const st = cls.status[node.index];
      if (st) {
        verdicts.push({ node: node.name, plugin: cls.plugin[node.index]!, code: st.code, reasons: st.reasons });
        continue;
      }
      let rejected = false;
      for (const p of active) {
        const s = p.filter!(ctx, node);
        if (isRejection(s)) {
          verdicts.push({ node: node.name, plugin: p.name, code: s.code, reasons: s.reasons });
          rejected = true;
          break;
        }
      }
      if (!rejected) feasible.push(node.name);
    }
    return { verdicts, feasible };
  }

  private classEntry(ctx: CycleContext): ClassEntry {
    const t: PodTemplateInfo = ctx.pod.template;
    const gen = this.snapshot.nodeGeneration;
    let e = this.classes.get(t.key);
    if (e && e.generation === gen) return e;
    if (!e && this.classes.size >= 10_000) this.classes.clear();
    const nodes = this.snapshot.allNodes();
    const status: (Status | null)[] = new Array(nodes.length).fill(null);
    const plugin: (string | null)[] = new Array(nodes.length).fill(null);
    for (const node of nodes) {
      for (const p of this.staticFilters) {
        const s = p.filter!(ctx, node);
        if (isRejection(s)) {
          status[node.index] = s;
          plugin[node.index] = p.name;
          break;
        }
      }
    }
    e = {
      generation: gen,
      status,
      plugin,
      localStatus: new Array(nodes.length).fill(null),
      localPlugin: new Array(nodes.length).fill(null),
      localVersion: new Int32Array(nodes.length).fill(-1),
      scores: new Map(),
      uniform: new Set(),
      localScores: new Map(),
    };
    this.classes.set(t.key, e);
    return e;
  }

  private staticScores(ctx: CycleContext, cls: ClassEntry, p: Plugin): Float64Array {
    let s = cls.scores.get(p.name);
    if (!s) {
      const nodes = this.snapshot.allNodes();
      s = new Float64Array(nodes.length);
      for (const node of nodes) s[node.index] = p.score!(ctx, node);
      cls.scores.set(p.name, s);
      let same = true;
      for (let i = 1; i < s.length && same; i++) same = s[i] === s[0];
      if (same) cls.uniform.add(p.name);
    }
    return s;
  }

  /**
   * A node-local plugin's raw scores for this class, by node index: kept per class and
   * recomputed only for the feasible nodes whose version changed since.
   */
  private localScores(
    ctx: CycleContext,
    cls: ClassEntry,
    plugin: Plugin,
    feasible: readonly NodeInfo[],
    f: number,
  ): Float64Array {
    let c = cls.localScores.get(plugin.name);
    if (!c) {
      const n = this.snapshot.size;
      c = { raw: new Float64Array(n), version: new Int32Array(n).fill(-1) };
      cls.localScores.set(plugin.name, c);
    }
    const { raw, version } = c;
    for (let j = 0; j < f; j++) {
      const node = feasible[j];
      if (version[node.index] !== node.version) {
        raw[node.index] = plugin.score!(ctx, node);
        version[node.index] = node.version;
      }
    }
    return raw;
  }

  /** prioritizeNodes + selectHost over the first `f` feasible nodes, with the stable tie-break. */
  private selectHost(ctx: CycleContext, cls: ClassEntry, feasible: readonly NodeInfo[], f: number): NodeInfo {
    if (this.totals.length < f) {
      this.totals = new Float64Array(f * 2);
      this.scratch = new Float64Array(f * 2);
    }
    const totals = this.totals;
    const scratch = this.scratch;
    totals.fill(0, 0, f);
    for (const { plugin, weight } of this.plugins.scores) {
      if (plugin.preScore && plugin.preScore(ctx, feasible, f) === SKIP) continue;
      if (plugin.nodeStatic) {
        const raw = this.staticScores(ctx, cls, plugin);
        // The same raw score everywhere normalises to the same score everywhere: it adds one
        // constant to every total (whole numbers, so exactly), which changes no choice.
        if (!plugin.preScore && cls.uniform.has(plugin.name)) continue;
        for (let j = 0; j < f; j++) scratch[j] = raw[feasible[j].index];
      } else if (plugin.nodeLocal) {
        const raw = this.localScores(ctx, cls, plugin, feasible, f);
        if (!plugin.normalizeScore) {
          // Raw scores are final: added to the totals as they are.
          for (let j = 0; j < f; j++) totals[j] += raw[feasible[j].index] * weight;
          continue;
        }
        for (let j = 0; j < f; j++) scratch[j] = raw[feasible[j].index];
      } else {
        for (let j = 0; j < f; j++) scratch[j] = plugin.score!(ctx, feasible[j]);
      }
      plugin.normalizeScore?.(ctx, scratch, f);
      for (let j = 0; j < f; j++) totals[j] += scratch[j] * weight;
    }
    // Ties go to the name that sorts first: nodes are held sorted by name, so to the lower index.
    let best = feasible[0];
    let bestScore = totals[0];
    for (let j = 1; j < f; j++) {
      const s = totals[j];
      const node = feasible[j];
      if (s > bestScore || (s === bestScore && node.index < best.index)) {
        best = node;
        bestScore = s;
      }
    }
    return best;
  }
}

/**
 * What the snapshot keeps of a placed pod: its scheduling fields, and of the object only what
 * the plugins read of placed pods, whether it is being deleted (pod-topology-spread.ts). Not the
 * object itself: the kubelet's status writes replace it within seconds, and the version placed
 * would otherwise stay alive as long as the pod does.
 */
function placedInfo(p: PodInfo): PodInfo {
  const deleting = p.pod.metadata.deletionTimestamp;
  const pod: KObject = deleting ? { ...PLACED, metadata: { deletionTimestamp: deleting } } : PLACED;
  return { pod, key: p.key, name: p.name, namespace: p.namespace, priority: p.priority, template: p.template };
}

const PLACED: KObject = Object.freeze({ apiVersion: "v1", kind: "Pod", metadata: Object.freeze({}) }) as KObject;

export { Code };
