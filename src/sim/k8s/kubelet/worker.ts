/**
 * A pod worker: `step(pod, now)` does what the kubelet's SyncPod would have done by `now` and
 * returns when it next needs to run. The lifecycle, as stages (when -> what, after a delay):
 *
 *   bound, not seen        -> Pending, containers waiting ContainerCreating (or PodInitializing)
 *   +1 s (sandbox)         -> pod IP from the node's podCIDR, PodReadyToStartContainers
 *   each container to run  -> Pulling (serial per node) -> Pulled / Failed -> Created -> Started
 *   program exits          -> terminated Completed/Error; +1 s (next relist) restart per policy,
 *                             at once the first time, then after the crash-loop back-off
 *   pull fails             -> ErrImagePull; retried at the next sync (+10 s) unless in back-off,
 *                             when it shows ImagePullBackOff
 *   deletionTimestamp      -> Killing (Stopping container), preStop, SIGTERM; servers exit at
 *                             once, PID-1 shells and sleep at the end of the grace period;
 *                             then the pod object is deleted with grace 0
 */

import { hasBinary } from "../../../cli/container/binaries.ts";
import { rfc3339 } from "../../core/clock.ts";
import type { KObject } from "../api/object.ts";
import { parseImageRef } from "../images/reference.ts";
import { failedPullDurationMs, nanosOf, pullDurationMs, pullImage, resolveImage } from "../images/registry.ts";
import type { Backoff } from "./backoff.ts";
import { containerEnv } from "./env.ts";
import type { Kubelet } from "./kubelet.ts";
import * as msg from "./messages.ts";
import { runHook, runProbes, startProbes } from "./probes.ts";
import { containerArgv, expandVars, extendProgram, startProgram, withStopsOnSigterm } from "./program.ts";
import { buildRootfs, type RootfsContext } from "./rootfs.ts";
import { buildStatus, noConditionsYet, podPhase } from "./status.ts";
import type { Ctr, Instance, Json, PodRt } from "./types.ts";

/** Creating the sandbox and wiring its network (CNI). */
export const SANDBOX_MS = 1000;
/** The pod lifecycle event generator relists every second: exits are noticed then. */
export const RELIST_MS = 1000;
/** The pod worker retries a failed sync after this (backOffPeriod). */
export const RESYNC_MS = 10_000;
/** A server asked to stop (SIGQUIT/SIGTERM) is gone this soon. */
export const STOP_MS = 100;

function backoff(k: Kubelet): Backoff {
  return k.imageBackoff;
}

// The runtime records below list every field, set later or not: fields added to an object after
// it is made are kept out of line, one more allocation for each of thousands of pods.

function newCtr(spec: Json, init: boolean, minor: number): Ctr {
  return {
    name: spec.name,
    spec,
    init,
    sidecar: init && minor >= 28 && spec.restartPolicy === "Always",
    restartCount: 0,
    state: "waiting",
    waitingReason: "ContainerCreating",
    waitingMessage: undefined,
    current: undefined,
    last: undefined,
    ready: false,
    started: false,
    image: undefined,
    restartAt: undefined,
    probes: [],
    statusMounts: undefined,
  };
}

export function newPodRt(k: Kubelet, key: string, pod: KObject): PodRt {
  const inits: Json[] = pod.spec?.initContainers ?? [];
  // concat keeps the array at its size (a spread leaves room for 17), for the pod's lifetime.
  const ctrs = inits
    .map((s) => newCtr(s, true, k.minor))
    .concat((pod.spec?.containers ?? []).map((s: Json) => newCtr(s, false, k.minor)));
  if (inits.length) for (const c of ctrs) c.waitingReason = "PodInitializing";
  return {
    key,
    uid: pod.metadata.uid ?? "",
    namespace: pod.metadata.namespace ?? "default",
    name: pod.metadata.name ?? "",
    node: pod.spec.nodeName,
    pod,
    acceptedAt: k.now(),
    ip: undefined,
    ipReported: false,
    hostNetwork: !!pod.spec?.hostNetwork,
    ctrs,
    pending: undefined,
    resyncAt: undefined,
    terminal: false,
    phase: "Pending",
    deleting: undefined,
    nextWake: undefined,
    conditionSince: noConditionsYet(),
    adopted: false,
    forgotten: false,
    unreadyMessage: undefined,
    statusPodIPs: undefined,
  };
}

/** A pod already running when the simulation starts (the kube-system pods): taken as it is. */
export function adoptRunningPod(k: Kubelet, key: string, pod: KObject): PodRt {
  const p = newPodRt(k, key, pod);
  p.adopted = true;
  p.ip = pod.status?.podIP;
  p.ipReported = true;
  p.phase = pod.status?.phase ?? "Running";
  p.acceptedAt = Date.parse(pod.status?.startTime ?? "") || k.now();
  const statuses: Json[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const c of p.ctrs) {
    const s = statuses.find((x) => x.name === c.name);
    const image = resolveImage(c.spec.image);
    if (!s || !image) continue;
    c.image = image;
    const id = String(s.containerID ?? "").replace(/^[a-z]+:\/\//, "");
    const startedAt = Date.parse(s.state?.running?.startedAt ?? s.state?.terminated?.startedAt ?? "") || p.acceptedAt;
    const inst: Instance = {
      id,
      image,
      env: {},
      startedAt,
      program: {
        kind: "idle",
        exitCode: 0,
        lines: [],
        ports: [],
        stopsOnSigterm: true,
        stopLines: () => [],
        changes: [],
      },
      extraLines: [],
      applied: 0,
      statusID: undefined,
    };
    c.current = inst;
    c.restartCount = s.restartCount ?? 0;
    c.ready = !!s.ready;
    c.started = !!s.started;
    if (s.state?.terminated) {
      c.state = "terminated";
      inst.finishedAt = Date.parse(s.state.terminated.finishedAt ?? "") || startedAt;
      inst.exitCode = s.state.terminated.exitCode ?? 0;
      inst.reason = s.state.terminated.reason;
    } else c.state = "running";
  }
  return p;
}

const policyOf = (p: PodRt): string => p.pod.spec?.restartPolicy ?? "Always";
const podRef = (p: PodRt) => `${p.name}_${p.namespace}(${p.uid})`;

function event(k: Kubelet, p: PodRt, c: Ctr | undefined, type: "Normal" | "Warning", reason: string, message: string) {
  const pod = k.cluster.store.get("pods", p.namespace, p.name) ?? p.pod;
  k.cluster.events.record(
    pod,
    type,
    reason,
    message,
    { component: msg.COMPONENT, host: p.node },
    c ? msg.fieldPath(c.init, c.name) : undefined,
  );
}

export function step(k: Kubelet, p: PodRt, now: number): number | undefined {
  if (p.pod.metadata.deletionTimestamp) return terminate(k, p, now);
  if (p.terminal || p.adopted) return undefined;
  const node = k.node(p.node);
  let next: number | undefined;
  const soon = (t: number | undefined) => {
    if (t !== undefined && (next === undefined || t < next)) next = t;
  };

  if (!p.ip) {
    if (now < p.acceptedAt + SANDBOX_MS) {
      writeStatus(k, p, now);
      return p.acceptedAt + SANDBOX_MS;
    }
    p.ip = p.hostNetwork ? node.ip : k.allocateIP(node);
  }
  if (p.pending) {
    if (now < p.pending.doneAt) {
      writeStatus(k, p, now);
      return p.pending.doneAt;
    }
    finishPull(k, p, now);
  }
  for (const c of p.ctrs) soon(progress(k, p, c, now));
  if (p.resyncAt !== undefined && now >= p.resyncAt) p.resyncAt = undefined;
  if (p.resyncAt === undefined) soon(syncContainers(k, p, now));
  else soon(p.resyncAt);
  // Containers started just now have their own next events (exit, first probe).
  for (const c of p.ctrs) soon(upcoming(c));
  if (p.pending) soon(p.pending.doneAt);
  else p.ipReported = true;
  writeStatus(k, p, now);
  if (p.terminal) return undefined;
  return next;
}

/** Moves a running container forward to `now`: its exit, probe results. Returns its next event. */
function progress(k: Kubelet, p: PodRt, c: Ctr, now: number): number | undefined {
  const inst = c.current;
  if (c.state === "terminated") return c.restartAt !== undefined && c.restartAt > now ? c.restartAt : undefined;
  if (c.state !== "running" || !inst) return undefined;
  inst.program = extendProgram(inst.program, inst.startedAt, now);
  const probeNext = runProbes(k, p, c, Math.min(now, inst.stopAt ?? inst.program.exitAt ?? now));
  if (c.state !== "running") return c.restartAt;
  // A failed liveness probe may just have asked the container to stop.
  const exitAt = inst.stopAt ?? inst.program.exitAt;
  if (exitAt !== undefined && exitAt <= now) {
    finish(c, exitAt, inst.stopAt !== undefined && !inst.program.stopsOnSigterm ? 137 : inst.program.exitCode);
    return c.restartAt;
  }
  let next = exitAt ?? inst.program.horizonAt;
  if (probeNext !== undefined && (next === undefined || probeNext < next)) next = probeNext;
  return next;
}

/** The next moment a container needs the worker: its exit, a stop, a probe, a restart decision. */
function upcoming(c: Ctr): number | undefined {
  if (c.state === "terminated") return c.restartAt;
  if (c.state !== "running" || !c.current) return undefined;
  let next = c.current.stopAt ?? c.current.program.exitAt ?? c.current.program.horizonAt;
  for (const pr of c.probes)
    if (Number.isFinite(pr.nextAt) && (next === undefined || pr.nextAt < next)) next = pr.nextAt;
  return next;
}

export function finish(c: Ctr, at: number, exitCode: number): void {
  const inst = c.current!;
  inst.finishedAt = at;
  inst.exitCode = exitCode;
  inst.reason = exitCode === 0 ? "Completed" : "Error";
  if (inst.stopAt !== undefined) inst.extraLines.push(...inst.program.stopLines(at));
  c.state = "terminated";
  // A completed init container counts as ready (it has done its job).
  c.ready = c.init && !c.sidecar && exitCode === 0;
  c.started = false;
  c.restartAt = at + RELIST_MS;
  for (const pr of c.probes) pr.nextAt = Number.POSITIVE_INFINITY;
}

/** computePodActions + the start loop of SyncPod: init containers one at a time, then every app container. */
function syncContainers(k: Kubelet, p: PodRt, now: number): number | undefined {
  const policy = policyOf(p);
  let next: number | undefined;
  const soon = (t: number | undefined) => {
    if (t !== undefined && (next === undefined || t < next)) next = t;
  };
  let failed = false;
  let initsDone = true;
  for (const c of p.ctrs.filter((x) => x.init)) {
    if (c.sidecar) {
      if (c.state === "running") continue;
      if (c.state === "terminated" && (c.restartAt ?? 0) > now) {
        soon(c.restartAt);
        initsDone = false;
        break;
      }
      const r = ensureStarted(k, p, c, now);
      if (r === "blocked") return next;
      if (r === "failed") failed = true;
      if ((c.state as string) !== "running") {
        initsDone = false;
        break;
      }
      continue;
    }
    if (c.state === "terminated" && c.current?.exitCode === 0) continue;
    initsDone = false;
    if (c.state === "running") break;
    if (c.state === "terminated") {
      if (policy === "Never") break;
      if ((c.restartAt ?? 0) > now) {
        soon(c.restartAt);
        break;
      }
    }
    const r = ensureStarted(k, p, c, now);
    if (r === "blocked") return next;
    if (r === "failed") failed = true;
    break;
  }
  if (initsDone) {
    for (const c of p.ctrs.filter((x) => !x.init)) {
      if (c.state === "running") continue;
      if (c.state === "terminated") {
        const code = c.current?.exitCode ?? 0;
        if (policy === "Never" || (policy === "OnFailure" && code === 0)) continue;
        if ((c.restartAt ?? 0) > now) {
          soon(c.restartAt);
          continue;
        }
      }
      if (c.state === "waiting" && c.waitingReason === "PodInitializing") c.waitingReason = "ContainerCreating";
      const r = ensureStarted(k, p, c, now);
      if (r === "blocked") return next;
      if (r === "failed") failed = true;
    }
  }
  if (failed) {
    p.resyncAt = now + RESYNC_MS;
    soon(p.resyncAt);
  }
  return next;
}

type StartResult = "started" | "blocked" | "failed";

/** Starts (or restarts) a container: crash-loop back-off, image, config, create, start, postStart. */
function ensureStarted(k: Kubelet, p: PodRt, c: Ctr, now: number): StartResult {
  const bo = backoff(k);
  const restartKey = `${p.uid}/${c.name}`;
  if (c.current?.finishedAt !== undefined) {
    if (bo.inBackOffSince(restartKey, c.current.finishedAt, now)) {
      c.state = "waiting";
      c.waitingReason = "CrashLoopBackOff";
      c.waitingMessage = msg.crashLoopMessage(bo.delay(restartKey), c.name, podRef(p));
      event(k, p, c, "Warning", "BackOff", msg.backOffRestarting(k.minor, c.name, podRef(p)));
      return "failed";
    }
    bo.next(restartKey, c.current.finishedAt, now);
  }
  const node = k.node(p.node);
  const ref = parseImageRef(c.spec.image);
  const pullPolicy: string = c.spec.imagePullPolicy ?? (ref.tag === "latest" ? "Always" : "IfNotPresent");
  const present = node.images.has(ref.normalized) && (node.images.get(ref.normalized) ?? 0) <= now;
  if (pullPolicy === "Never" && !present) {
    setWaiting(c, "ErrImageNeverPull", msg.neverPull(c.spec.image));
    event(k, p, c, "Warning", "ErrImageNeverPull", msg.neverPull(c.spec.image));
    event(k, p, c, "Warning", "Failed", "Error: ErrImageNeverPull");
    return "failed";
  }
  if (pullPolicy === "Always" || !present) {
    const pullKey = `${p.uid}/${c.spec.image}`;
    if (bo.inBackOffSinceUpdate(pullKey, now)) {
      setWaiting(c, "ImagePullBackOff", msg.backOffPulling(c.spec.image));
      event(k, p, c, "Normal", "BackOff", msg.backOffPulling(c.spec.image));
      event(k, p, c, "Warning", "Failed", "Error: ImagePullBackOff");
      return "failed";
    }
    event(k, p, c, "Normal", "Pulling", msg.pulling(c.spec.image));
    const answer = pullImage(c.spec.image, k.runtime);
    const start = Math.max(now, node.pullFreeAt);
    const key = `${p.node}/${ref.normalized}/${c.restartCount}/${now}`;
    const layersPresent = node.images.has(ref.normalized) || node.inFlight.has(ref.normalized);
    const duration = answer.ok ? pullDurationMs(answer.image.size, key, layersPresent) : failedPullDurationMs(key);
    const doneAt = start + duration;
    node.pullFreeAt = doneAt;
    if (answer.ok) node.inFlight.set(ref.normalized, doneAt);
    p.pending = {
      ctr: c,
      image: c.spec.image,
      askedAt: now,
      pullStart: start,
      doneAt,
      error: answer.ok ? undefined : answer.error,
      resolved: answer.ok ? answer.image : undefined,
    };
    return "blocked";
  }
  event(k, p, c, "Normal", "Pulled", msg.alreadyPresent(c.spec.image));
  const image = resolveImage(c.spec.image);
  if (!image) return "failed";
  return createAndStart(k, p, c, image, now);
}

function setWaiting(c: Ctr, reason: string, message?: string): void {
  c.state = "waiting";
  c.waitingReason = reason;
  c.waitingMessage = message;
  c.ready = false;
}

/** The serial puller finished this pod's pull: Pulled or Failed, then the rest of SyncPod goes on. */
function finishPull(k: Kubelet, p: PodRt, now: number): void {
  const pend = p.pending!;
  p.pending = undefined;
  const c = pend.ctr;
  const node = k.node(p.node);
  const ref = parseImageRef(pend.image);
  if (pend.error || !pend.resolved) {
    backoff(k).next(`${p.uid}/${pend.image}`, pend.doneAt, pend.doneAt);
    event(k, p, c, "Warning", "Failed", msg.failedToPull(pend.image, pend.error ?? ""));
    event(k, p, c, "Warning", "Failed", "Error: ErrImagePull");
    setWaiting(c, "ErrImagePull", pend.error);
    p.resyncAt = pend.doneAt + RESYNC_MS;
    return;
  }
  if (node.inFlight.get(ref.normalized) === pend.doneAt) node.inFlight.delete(ref.normalized);
  if (!node.images.has(ref.normalized)) node.images.set(ref.normalized, pend.doneAt);
  const key = `${p.node}/${ref.normalized}`;
  const pullNanos = (pend.doneAt - pend.pullStart) * 1e6 + nanosOf(`${key}/p/${pend.doneAt}`);
  const totalNanos = (pend.doneAt - pend.askedAt) * 1e6 + nanosOf(`${key}/t/${pend.doneAt}`);
  event(k, p, c, "Normal", "Pulled", msg.pulled(k.minor, pend.image, pullNanos, totalNanos, pend.resolved.size));
  createAndStart(k, p, c, pend.resolved, pend.doneAt);
  void now;
}

function createAndStart(k: Kubelet, p: PodRt, c: Ctr, image: NonNullable<Ctr["image"]>, at: number): StartResult {
  c.image = image;
  const node = k.node(p.node);
  const hostname = String(p.pod.spec?.hostname ?? p.name).slice(0, 63);
  const envR = containerEnv({
    store: k.cluster.store,
    pod: p.pod,
    container: c.spec,
    image,
    hostname,
    podIP: p.ip ?? "",
    hostIP: node.ip,
    at,
  });
  if (!envR.ok) {
    setWaiting(c, "CreateContainerConfigError", envR.error);
    event(k, p, c, "Warning", "Failed", `Error: ${envR.error}`);
    return "failed";
  }
  const env = envR.env;
  const argv = containerArgv(c.spec, image).map((a) => expandVars(a, env));
  if (argv.length > 0 && !hasBinary(image.base, image.entry.extraBinaries, argv[0])) {
    return startError(k, p, c, image, argv[0], env, at);
  }
  if (c.current) {
    c.last = c.current;
    c.restartCount += c.current.finishedAt !== undefined ? 1 : 0;
  }
  const fsCtx: RootfsContext = {
    store: k.cluster.store,
    // The filesystem reads the pod's spec and, of its metadata, what the downward API and the
    // token show (rootfs.ts); keeping only those keeps a long-running container from holding on
    // to the pod object as it was at its start.
    pod: {
      apiVersion: p.pod.apiVersion,
      kind: p.pod.kind,
      metadata: fsMetadata(p.pod.metadata),
      spec: p.pod.spec,
    },
    container: c.spec,
    image,
    hostname,
    podIP: p.ip ?? "",
    dnsIP: dnsIP(k),
    at,
  };
  const inst: Instance = {
    id: k.cluster.ids.hex(64),
    image,
    env,
    startedAt: at,
    program: undefined as unknown as Instance["program"],
    finishedAt: undefined,
    exitCode: undefined,
    reason: undefined,
    stopAt: undefined,
    extraLines: [],
    fs: undefined,
    applied: 0,
    rootfs: fsCtx,
    fsClock: k.clock,
    statusID: undefined,
  };
  inst.program = startProgram({
    argv,
    image,
    env,
    hostname,
    ip: p.ip ?? "",
    cwd: c.spec.workingDir ?? image.entry.workingDir ?? "/",
    startedAt: at,
    server: { version: image.tag.version, hostname, ip: p.ip ?? "", kernel: node.kernel, cpus: node.cpus },
    newFs: (clock, recording) => buildRootfs({ ...fsCtx, at: clock() }, clock, recording),
  });
  c.current = inst;
  c.state = "running";
  c.waitingReason = "";
  c.waitingMessage = undefined;
  c.restartAt = undefined;
  event(k, p, c, "Normal", "Created", msg.created(k.minor, c.name));
  event(k, p, c, "Normal", "Started", msg.started(c.name));
  startProbes(c, at);
  c.started = !c.probes.some((pr) => pr.kind === "startup");
  c.ready = c.started && !c.probes.some((pr) => pr.kind === "readiness") && (!c.init || c.sidecar);
  if (c.spec.lifecycle?.postStart) runHook(k, p, c, c.spec.lifecycle.postStart, at);
  return "started";
}

/** The runtime could not start the process: StartError (containerd) / ContainerCannotRun (docker). */
function startError(
  k: Kubelet,
  p: PodRt,
  c: Ctr,
  image: NonNullable<Ctr["image"]>,
  exe: string,
  env: Record<string, string>,
  at: number,
): StartResult {
  if (c.current) {
    c.last = c.current;
    if (c.current.finishedAt !== undefined) c.restartCount += 1;
  }
  const id = k.cluster.ids.hex(64);
  const docker = k.runtime === "docker";
  const message = docker
    ? `OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "${exe}": executable file not found in $PATH: unknown`
    : `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${exe}": executable file not found in $PATH: unknown`;
  c.current = {
    id,
    image,
    env,
    startedAt: at,
    finishedAt: at,
    exitCode: docker ? 127 : 128,
    reason: docker ? "ContainerCannotRun" : "StartError",
    program: {
      kind: "script",
      exitCode: 128,
      lines: [],
      ports: [],
      stopsOnSigterm: true,
      stopLines: () => [],
      changes: [],
    },
    extraLines: [],
    applied: 0,
    statusID: undefined,
  };
  c.state = "terminated";
  c.ready = false;
  c.started = false;
  c.restartAt = at + RELIST_MS;
  c.waitingMessage = message;
  event(k, p, c, "Normal", "Created", msg.created(k.minor, c.name));
  event(k, p, c, "Warning", "Failed", `Error: ${message}`);
  return "started";
}

/** The metadata a container's filesystem reads (rootfs.ts): names, uid, labels, annotations. */
function fsMetadata(m: KObject["metadata"]): KObject["metadata"] {
  return { name: m.name, namespace: m.namespace, uid: m.uid, labels: m.labels, annotations: m.annotations };
}

function dnsIP(k: Kubelet): string {
  return k.cluster.store.get("services", "kube-system", "kube-dns")?.spec?.clusterIP ?? "10.96.0.10";
}

/** Graceful termination: stop every container (preStop first), then delete the pod object. */
function terminate(k: Kubelet, p: PodRt, now: number): number | undefined {
  if (!p.deleting) {
    const grace = p.pod.metadata.deletionGracePeriodSeconds ?? 30;
    p.deleting = { observedAt: now, deadline: now + grace * 1000 };
    p.pending = undefined;
    for (const c of p.ctrs) {
      if (c.state !== "running" || !c.current) continue;
      progress(k, p, c, now);
      if (c.state !== "running") continue;
      event(k, p, c, "Normal", "Killing", msg.stopping(c.name));
      const hook = c.spec.lifecycle?.preStop;
      let stopsNow = c.current.program.stopsOnSigterm;
      if (hook) {
        runHook(k, p, c, hook, now);
        if (/nginx\s+-s\s+(quit|stop)/.test(JSON.stringify(hook))) stopsNow = true;
      }
      c.current.stopAt = stopsNow ? now + STOP_MS : p.deleting.deadline;
      if (!stopsNow) c.current.program = withStopsOnSigterm(c.current.program, false);
    }
  } else {
    const grace = p.pod.metadata.deletionGracePeriodSeconds ?? 30;
    const deadline = p.deleting.observedAt + grace * 1000;
    if (deadline < p.deleting.deadline) {
      p.deleting.deadline = Math.max(now, deadline);
      for (const c of p.ctrs)
        if (c.current?.stopAt !== undefined && c.current.stopAt > p.deleting.deadline)
          c.current.stopAt = p.deleting.deadline;
    }
  }
  let next: number | undefined;
  for (const c of p.ctrs) {
    if (c.state !== "running" || !c.current) continue;
    const inst = c.current;
    const at = Math.min(inst.stopAt ?? Number.POSITIVE_INFINITY, inst.program.exitAt ?? Number.POSITIVE_INFINITY);
    if (at <= now) {
      const killed = inst.stopAt !== undefined && at === inst.stopAt && !inst.program.stopsOnSigterm;
      finish(c, at, killed ? 137 : at === inst.program.exitAt ? inst.program.exitCode : 0);
    } else if (next === undefined || at < next) next = at;
  }
  if (next !== undefined) {
    writeStatus(k, p, now);
    return next;
  }
  for (const c of p.ctrs) {
    if (c.state === "waiting" && !c.current) continue;
    c.ready = false;
  }
  writeStatus(k, p, now);
  const stored = k.cluster.store.get("pods", p.namespace, p.name);
  if (stored && stored.metadata.uid === p.uid) {
    k.cluster.api.delete(k.podsType, p.namespace, p.name, { gracePeriodSeconds: 0, uid: p.uid });
  }
  return undefined;
}

/** Writes the status if it changed (status subresource), keeping phase terminal once reached. */
function writeStatus(k: Kubelet, p: PodRt, now: number): void {
  const stored = k.cluster.store.get("pods", p.namespace, p.name);
  if (!stored || stored.metadata.uid !== p.uid) return;
  p.pod = stored;
  let phase = p.terminal ? p.phase : podPhase(p);
  if (p.pod.metadata.deletionTimestamp && (p.phase === "Succeeded" || p.phase === "Failed")) phase = p.phase;
  if (phase === "Succeeded" || phase === "Failed") p.terminal = true;
  p.phase = phase;
  const status = buildStatus(p, { minor: k.minor, runtime: k.runtime, hostIP: k.node(p.node).ip, now }, phase);
  const next = { ...stored, status };
  // buildStatus makes a new status every time: the API server may keep it without a copy.
  k.writing = p;
  try {
    k.cluster.api.update(k.podsType, next, { subresource: "status", handOff: true });
  } finally {
    k.writing = undefined;
  }
}

export { rfc3339 };
