/**
 * The pod status the kubelet reports (pkg/kubelet/kubelet_pods.go generateAPIPodStatus,
 * pkg/kubelet/status/generate.go): phase from the container states (getPhase), the conditions
 * PodReadyToStartContainers (1.29+), Initialized, Ready, ContainersReady, with upstream
 * reasons and messages (`containers with unready status: [nginx]`), container statuses sorted
 * by name (init containers in spec order), hostIP/hostIPs (1.28+), podIP/podIPs, startTime.
 *
 * A status is rebuilt at every sync and stored as built, so its parts that are the same for
 * many pods (a condition that turned True in the same second, a container running since the
 * same second, `lastState: {}`, a node's hostIPs) are built once and shared, frozen: stored
 * objects are read-only, and 150,000 pods then hold one copy of each instead of 150,000.
 */
import { rfc3339 } from "../../core/clock.ts";
import { type Runtime, statusImage } from "../images/registry.ts";
import type { Ctr, Instance, Json, PodRt } from "./types.ts";

export interface StatusContext {
  minor: number;
  runtime: Runtime;
  hostIP: string;
  now: number;
}

const list = (names: string[]) => `[${names.join(" ")}]`;

/** pkg/kubelet/kubelet_pods.go getPhase. */
export function podPhase(p: PodRt): string {
  const policy: string = p.pod.spec?.restartPolicy ?? "Always";
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of p.ctrs) {
    if (!c.init) continue;
    if (c.sidecar) {
      if (c.state !== "running" || !c.started) pendingInit++;
      continue;
    }
    if (c.state === "running") pendingInit++;
    else if (c.state === "terminated") {
      if ((c.current?.exitCode ?? 0) !== 0) failedInit++;
    } else if (c.last?.exitCode !== undefined) {
      if (c.last.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let failed = 0;
  for (const c of p.ctrs) {
    if (c.init) continue;
    if (c.state === "running") running++;
    else if (c.state === "terminated") {
      stopped++;
      if ((c.current?.exitCode ?? 0) !== 0) failed++;
    } else if (c.last) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && policy === "Never") return "Failed";
  if (pendingInit > 0 || waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (policy === "Always") return "Running";
    if (policy === "OnFailure") return failed > 0 ? "Running" : "Succeeded";
    return failed > 0 ? "Failed" : "Succeeded";
  }
  return "Pending";
}

/** Each condition type's slot in PodRt.conditionSince. */
const SLOT: Readonly<Record<string, number>> = {
  PodReadyToStartContainers: 0,
  Initialized: 2,
  Ready: 4,
  ContainersReady: 6,
};

/** A fresh PodRt.conditionSince: no condition reported yet. */
export function noConditionsYet(): (string | number | undefined)[] {
  return [undefined, 0, undefined, 0, undefined, 0, undefined, 0];
}

function condition(p: PodRt, type: string, status: string, now: number, reason?: string, message?: string): Json {
  const since = p.conditionSince;
  const i = SLOT[type];
  if (since[i] !== status) {
    since[i] = status;
    since[i + 1] = now;
  }
  return sharedCondition(type, status, since[i + 1] as number, reason, message);
}

/**
 * The one frozen copy of each distinct condition, by the second it changed in: a handful per
 * second (a few types, True or False, a few messages), found by a look down the list rather
 * than by a key string built at every status write. A bounded cache: past the bounds a
 * condition is simply built.
 */
const conditionsBySecond = new Map<number, Json[]>();
const MAX_SHARED = 10_000;
const MAX_PER_SECOND = 64;

function sharedCondition(type: string, status: string, sinceMs: number, reason?: string, message?: string): Json {
  const second = Math.floor(sinceMs / 1000);
  let list = conditionsBySecond.get(second);
  if (list === undefined) {
    if (conditionsBySecond.size >= MAX_SHARED) conditionsBySecond.clear();
    list = [];
    conditionsBySecond.set(second, list);
  }
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c.type === type && c.status === status && c.reason === reason && c.message === message) return c;
  }
  const since = rfc3339(sinceMs);
  // Whole literals, keys in the order the API server writes them (no property added later).
  let c: Json;
  if (message && reason) c = { lastProbeTime: null, lastTransitionTime: since, message, reason, status, type };
  else if (message) c = { lastProbeTime: null, lastTransitionTime: since, message, status, type };
  else if (reason) c = { lastProbeTime: null, lastTransitionTime: since, reason, status, type };
  else c = { lastProbeTime: null, lastTransitionTime: since, status, type };
  Object.freeze(c);
  if (list.length < MAX_PER_SECOND) list.push(c);
  return c;
}

export function buildStatus(p: PodRt, ctx: StatusContext, phase: string): Json {
  const now = ctx.now;
  const prevStatus: Json = p.pod.status ?? {};
  const conditions: Json[] = [];
  if (ctx.minor >= 29) {
    conditions.push(condition(p, "PodReadyToStartContainers", p.ip && p.ipReported ? "True" : "False", now));
  }
  // Plain loops over the containers: a status is built at every sync of every pod.
  let inits = 0;
  let apps = 0;
  let incompleteInit: string[] | undefined;
  let unready: string[] | undefined;
  for (const c of p.ctrs) {
    if (!c.init) {
      apps++;
      continue;
    }
    inits++;
    if (c.sidecar ? !c.started : !(c.state === "terminated" && c.current?.exitCode === 0)) {
      incompleteInit = append(incompleteInit, c.name);
    }
    if (c.sidecar && !c.ready) unready = append(unready, c.name);
  }
  for (const c of p.ctrs) if (!c.init && !c.ready) unready = append(unready, c.name);
  // A ready pod keeps no message for later.
  if (!unready && p.unreadyMessage !== undefined) p.unreadyMessage = undefined;
  if (inits === 0) conditions.push(condition(p, "Initialized", "True", now));
  else if (phase === "Succeeded") conditions.push(condition(p, "Initialized", "True", now, "PodCompleted"));
  else if (incompleteInit) {
    conditions.push(
      condition(
        p,
        "Initialized",
        "False",
        now,
        "ContainersNotInitialized",
        `containers with incomplete status: ${list(incompleteInit)}`,
      ),
    );
  } else conditions.push(condition(p, "Initialized", "True", now));
  let readyStatus = "True";
  let readyReason: string | undefined;
  let readyMessage: string | undefined;
  if (phase === "Succeeded") {
    readyStatus = "False";
    readyReason = "PodCompleted";
  } else if (phase === "Failed" && ctx.minor >= 27) {
    readyStatus = "False";
    readyReason = "PodFailed";
  } else if (unready) {
    readyStatus = "False";
    readyReason = "ContainersNotReady";
    readyMessage = unreadyMessage(p, unready);
  }
  conditions.push(condition(p, "Ready", readyStatus, now, readyReason, readyMessage));
  conditions.push(condition(p, "ContainersReady", readyStatus, now, readyReason, readyMessage));
  const prevConditions: Json[] | undefined = prevStatus.conditions;
  if (prevConditions) {
    for (let i = 0; i < prevConditions.length; i++) {
      if (prevConditions[i].type === "PodScheduled") {
        conditions.push(prevConditions[i]);
        break;
      }
    }
  }
  // The stored status keeps the list: a copy at its size (a list grown by push keeps room for 17).
  const storedConditions = conditions.slice();

  let containerStatuses: Json[];
  if (apps === 1) {
    // One app container (most pods): nothing to sort.
    let only: Ctr | undefined;
    for (const c of p.ctrs) if (!c.init) only = c;
    containerStatuses = [containerStatus(only!, ctx)];
  } else {
    containerStatuses = p.ctrs
      .filter((c) => !c.init)
      .map((c) => containerStatus(c, ctx))
      .sort((a: Json, b: Json) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const podIPs = p.ip && p.ipReported ? statusPodIPs(p) : undefined;
  const startTime = rfc3339(p.acceptedAt);
  if (ctx.minor >= 28 && inits === 0 && podIPs && prevStatus.qosClass) {
    // The usual shape, as one literal: a status built key by key keeps its keys out of line.
    return {
      conditions: storedConditions,
      containerStatuses,
      hostIP: ctx.hostIP,
      hostIPs: hostIPs(ctx.hostIP),
      phase,
      podIP: p.ip,
      podIPs,
      qosClass: prevStatus.qosClass,
      startTime,
    };
  }
  const status: Json = { conditions: storedConditions };
  status.containerStatuses = containerStatuses;
  status.hostIP = ctx.hostIP;
  if (ctx.minor >= 28) status.hostIPs = hostIPs(ctx.hostIP);
  if (inits) status.initContainerStatuses = p.ctrs.filter((c) => c.init).map((c) => containerStatus(c, ctx));
  status.phase = phase;
  if (podIPs) {
    status.podIP = p.ip;
    status.podIPs = podIPs;
  }
  if (prevStatus.qosClass) status.qosClass = prevStatus.qosClass;
  status.startTime = startTime;
  return status;
}

/** `list` with `name` added, the list made on first use (most pods have nothing to list). */
function append(list: string[] | undefined, name: string): string[] {
  if (list === undefined) return [name];
  list.push(name);
  return list;
}

/** `containers with unready status: [a b]`, kept on the pod while the same containers are unready. */
function unreadyMessage(p: PodRt, names: string[]): string {
  const last = p.unreadyMessage;
  if (last !== undefined && last.names.length === names.length && last.names.every((n, i) => n === names[i])) {
    return last.message;
  }
  const message = `containers with unready status: ${list(names)}`;
  p.unreadyMessage = { names, message };
  return message;
}

/** `[{ip}]` of a node, shared by every status of its pods. */
function hostIPs(ip: string): Json {
  let v = hostIPLists.get(ip);
  if (v === undefined) {
    v = Object.freeze([Object.freeze({ ip })]);
    if (hostIPLists.size >= MAX_SHARED) hostIPLists.clear();
    hostIPLists.set(ip, v);
  }
  return v;
}

const hostIPLists = new Map<string, Json>();

/** `[{ip}]` of a pod, built once per IP it is given. */
function statusPodIPs(p: PodRt): Json {
  if (p.statusPodIPs === undefined || p.statusPodIPs[0].ip !== p.ip) {
    p.statusPodIPs = Object.freeze([Object.freeze({ ip: p.ip })]) as PodRt["statusPodIPs"];
  }
  return p.statusPodIPs;
}

/** `containerd://<id>`, built once per container run rather than at every status write that shows it. */
function containerID(inst: Instance, runtime: Runtime): string {
  inst.statusID ??= `${runtime}://${inst.id}`;
  return inst.statusID;
}

const NO_LAST_STATE: Json = Object.freeze({});

/** `{running: {startedAt}}`, one per second a container may have started in. */
function runningState(startedAt: number): Json {
  const at = rfc3339(startedAt);
  let v = runningStates.get(at);
  if (v === undefined) {
    v = Object.freeze({ running: Object.freeze({ startedAt: at }) });
    if (runningStates.size >= MAX_SHARED) runningStates.clear();
    runningStates.set(at, v);
  }
  return v;
}

const runningStates = new Map<string, Json>();

/** `{waiting: {reason}}` without a message, one per reason. */
function waitingState(reason: string): Json {
  let v = waitingStates.get(reason);
  if (v === undefined) {
    v = Object.freeze({ waiting: Object.freeze({ reason }) });
    if (waitingStates.size >= MAX_SHARED) waitingStates.clear();
    waitingStates.set(reason, v);
  }
  return v;
}

const waitingStates = new Map<string, Json>();

/** The container's volumeMounts as its status lists them (1.30+): fixed for the container, so built once. */
function statusMounts(c: Ctr): Json[] {
  c.statusMounts ??= Object.freeze(
    (c.spec.volumeMounts as Json[]).map((m: Json) =>
      Object.freeze(
        m.readOnly
          ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: "Disabled" }
          : { mountPath: m.mountPath, name: m.name },
      ),
    ),
  ) as Json[];
  return c.statusMounts;
}

function containerStatus(c: Ctr, ctx: StatusContext): Json {
  const img = c.image ? statusImage(c.image, ctx.runtime) : { image: c.spec.image, imageID: "" };
  // While waiting to restart, the most recent run is the last state; otherwise the one before.
  const lastInst = c.state === "waiting" ? c.current : c.last;
  const lastState = lastInst?.finishedAt !== undefined ? { terminated: terminated(lastInst, ctx) } : NO_LAST_STATE;
  const started = c.state === "running" && c.started;
  let state: Json;
  if (c.state === "running" && c.current) {
    state = runningState(c.current.startedAt);
  } else if (c.state === "terminated" && c.current) {
    state = { terminated: terminated(c.current, ctx) };
  } else if (c.waitingMessage) {
    state = { waiting: { message: c.waitingMessage, reason: c.waitingReason } };
  } else {
    state = waitingState(c.waitingReason);
  }
  const mounts = ctx.minor >= 30 && c.spec.volumeMounts && c.current ? statusMounts(c) : undefined;
  if (c.current) {
    const out: Json = {
      containerID: containerID(c.current, ctx.runtime),
      image: img.image,
      imageID: img.imageID,
      lastState,
      name: c.name,
      ready: c.ready,
      restartCount: c.restartCount,
      started,
      state,
    };
    if (mounts) out.volumeMounts = mounts;
    return out;
  }
  return {
    image: img.image,
    imageID: "",
    lastState,
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started,
    state,
  };
}

function terminated(i: NonNullable<Ctr["current"]>, ctx: StatusContext): Json {
  return {
    containerID: `${ctx.runtime}://${i.id}`,
    exitCode: i.exitCode ?? 0,
    finishedAt: rfc3339(i.finishedAt ?? i.startedAt),
    reason: i.reason ?? ((i.exitCode ?? 0) === 0 ? "Completed" : "Error"),
    startedAt: rfc3339(i.startedAt),
  };
}
