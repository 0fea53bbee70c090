/**
 * Resource arithmetic as the scheduler does it (framework.Resource, resourcehelper.PodRequests):
 * cpu in millicores, memory and ephemeral-storage in bytes, pods and extended resources as
 * plain counts, all as JS numbers (exact up to 2^53 bytes, far beyond any node).
 *
 * Scoring uses "non-zero" requests: a container that requests no cpu counts as 100m and one
 * that requests no memory as 200Mi (schedutil.DefaultMilliCPURequest/DefaultMemoryRequest), so
 * that BestEffort pods still spread instead of piling onto one node.
 */
import { milliValue, parseQuantity, unitValue } from "../validation/quantity.ts";

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * A class, not object literals: every instance shares one hidden class, so the hot filter and
 * score loops read these fields monomorphically. The fields start as -0 (a heap number, equal
 * to 0) so V8 gives them a double representation from the start: byte counts exceed the small
 * integer range, and a field changing representation later slows every access site down.
 */
export class Resources {
  milliCPU = -0;
  memory = -0;
  ephemeralStorage = -0;
  /** Extended and hugepages resources (`nvidia.com/gpu`, `hugepages-2Mi`), when any. */
  scalar: Map<string, number> | null = null;
}

export function emptyResources(): Resources {
  return new Resources();
}

// Quantities repeat (every replica says `cpu: 100m`); parsing them with bigints once is enough.
const milliCache = new Map<string, number>();
const unitCache = new Map<string, number>();

export function quantityMilli(q: unknown): number {
  const text = String(q);
  let v = milliCache.get(text);
  if (v === undefined) {
    const p = parseQuantity(text);
    v = p.ok ? milliValue(p.value) : 0;
    if (milliCache.size < 10_000) milliCache.set(text, v);
  }
  return v;
}

export function quantityValue(q: unknown): number {
  const text = String(q);
  let v = unitCache.get(text);
  if (v === undefined) {
    const p = parseQuantity(text);
    v = p.ok ? unitValue(p.value) : 0;
    if (unitCache.size < 10_000) unitCache.set(text, v);
  }
  return v;
}

/** Resources that are not counted by the NodeResourcesFit filter (framework.Resource ignores them). */
function isIgnored(name: string): boolean {
  return name === "pods" || name === "storage";
}

/** Adds a ResourceList (`{cpu: "250m", memory: "64Mi"}`) into `into`. */
export function addResourceList(into: Resources, list: Record<string, unknown> | undefined | null, factor = 1): void {
  if (!list) return;
  for (const name of Object.keys(list)) {
    const q = list[name];
    switch (name) {
      case "cpu":
        into.milliCPU += factor * quantityMilli(q);
        break;
      case "memory":
        into.memory += factor * quantityValue(q);
        break;
      case "ephemeral-storage":
        into.ephemeralStorage += factor * quantityValue(q);
        break;
      default:
        if (isIgnored(name)) break;
        into.scalar ??= new Map();
        into.scalar.set(name, (into.scalar.get(name) ?? 0) + factor * quantityValue(q));
    }
  }
}

/** max(a, b) per resource, into `a` (init containers run one at a time). */
function maxInto(a: Resources, b: Resources): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage);
  if (b.scalar) {
    a.scalar ??= new Map();
    for (const [k, v] of b.scalar) a.scalar.set(k, Math.max(a.scalar.get(k) ?? 0, v));
  }
}

function addInto(a: Resources, b: Resources): void {
  a.milliCPU += b.milliCPU;
  a.memory += b.memory;
  a.ephemeralStorage += b.ephemeralStorage;
  if (b.scalar) {
    a.scalar ??= new Map();
    for (const [k, v] of b.scalar) a.scalar.set(k, (a.scalar.get(k) ?? 0) + v);
  }
}

export class PodRequests {
  constructor(
    readonly requests: Resources,
    /** cpu and memory with the non-zero defaults, for scoring. */
    readonly nonZeroMilliCPU: number,
    readonly nonZeroMemory: number,
  ) {}
}

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON.
type Json = any;

/**
 * resourcehelper.PodRequests: the sum of the app containers, or the largest init container if
 * that is more (sidecars, init containers with restartPolicy Always, keep running and add up,
 * since 1.28), plus the RuntimeClass overhead.
 *   containers 100m + 200m, init 500m -> 500m;  containers 100m + 200m, init 250m -> 300m
 */
export function podRequests(spec: Json, minor: number): PodRequests {
  const requests = emptyResources();
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of spec?.containers ?? []) {
    const req = c?.resources?.requests;
    addResourceList(requests, req);
    nzCpu += req && Object.hasOwn(req, "cpu") ? quantityMilli(req.cpu) : DEFAULT_MILLI_CPU_REQUEST;
    nzMem += req && Object.hasOwn(req, "memory") ? quantityValue(req.memory) : DEFAULT_MEMORY_REQUEST;
  }
  const sidecars = emptyResources();
  const initMax = emptyResources();
  let nzInitCpu = 0;
  let nzInitMem = 0;
  let nzSideCpu = 0;
  let nzSideMem = 0;
  for (const c of spec?.initContainers ?? []) {
    const req = c?.resources?.requests;
    const r = emptyResources();
    addResourceList(r, req);
    const cpu = req && Object.hasOwn(req, "cpu") ? quantityMilli(req.cpu) : DEFAULT_MILLI_CPU_REQUEST;
    const mem = req && Object.hasOwn(req, "memory") ? quantityValue(req.memory) : DEFAULT_MEMORY_REQUEST;
    if (minor >= 28 && c?.restartPolicy === "Always") {
      addInto(sidecars, r);
      nzSideCpu += cpu;
      nzSideMem += mem;
      continue;
    }
    // A regular init container runs next to the sidecars started before it.
    addInto(r, sidecars);
    maxInto(initMax, r);
    nzInitCpu = Math.max(nzInitCpu, cpu + nzSideCpu);
    nzInitMem = Math.max(nzInitMem, mem + nzSideMem);
  }
  addInto(requests, sidecars);
  maxInto(requests, initMax);
  nzCpu = Math.max(nzCpu + nzSideCpu, nzInitCpu);
  nzMem = Math.max(nzMem + nzSideMem, nzInitMem);
  if (spec?.overhead) {
    const o = emptyResources();
    addResourceList(o, spec.overhead);
    addInto(requests, o);
    nzCpu += o.milliCPU;
    nzMem += o.memory;
  }
  return new PodRequests(requests, nzCpu, nzMem);
}

/** A node's status.allocatable, with `pods` as a count. */
export class Allocatable extends Resources {
  allowedPodNumber = 0;
}

export function nodeAllocatable(node: Json): Allocatable {
  const list = node?.status?.allocatable ?? {};
  const a = new Allocatable();
  addResourceList(a, list);
  a.allowedPodNumber = list.pods !== undefined ? quantityValue(list.pods) : 0;
  return a;
}
