/**
 * The pod status the kubelet reports (pkg/kubelet/kubelet_pods.go generateAPIPodStatus,
 * pkg/kubelet/status/generate.go): phase from the container states (getPhase), the conditions
 * PodReadyToStartContainers (1.29+), Initialized, Ready, ContainersReady, with upstream
 * reasons and messages (`containers with unready status: [nginx]`), container statuses sorted
 * by name (init containers in spec order), hostIP/hostIPs (1.28+), podIP/podIPs, startTime.
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

function condition(p: PodRt, type: string, status: string, now: number, reason?: string, message?: string): Json {
  const prev = p.conditionSince.get(type);
  let since = now;
  if (prev && prev.status === status) since = prev.at;
  else p.conditionSince.set(type, { status, at: now });
  const c: Json = { lastProbeTime: null, lastTransitionTime: rfc3339(since) };
  if (message) c.message = message;
  if (reason) c.reason = reason;
  c.status = status;
  c.type = type;
  return c;
}

export function buildStatus(p: PodRt, ctx: StatusContext, phase: string): Json {
  const now = ctx.now;
  const prevStatus: Json = p.pod.status ?? {};
  const conditions: Json[] = [];
  if (ctx.minor >= 29) {
    conditions.push(condition(p, "PodReadyToStartContainers", p.ip && p.ipReported ? "True" : "False", now));
  }
  const inits = p.ctrs.filter((c) => c.init);
  const apps = p.ctrs.filter((c) => !c.init);
  const incompleteInit = inits.filter((c) =>
    c.sidecar ? !c.started : !(c.state === "terminated" && c.current?.exitCode === 0),
  );
  if (inits.length === 0) conditions.push(condition(p, "Initialized", "True", now));
  else if (phase === "Succeeded") conditions.push(condition(p, "Initialized", "True", now, "PodCompleted"));
  else if (incompleteInit.length) {
    conditions.push(
      condition(
        p,
        "Initialized",
        "False",
        now,
        "ContainersNotInitialized",
        `containers with incomplete status: ${list(incompleteInit.map((c) => c.name))}`,
      ),
    );
  } else conditions.push(condition(p, "Initialized", "True", now));
  const unready = [...inits.filter((c) => c.sidecar && !c.ready), ...apps.filter((c) => !c.ready)].map((c) => c.name);
  let ready: [string, string?, string?];
  if (phase === "Succeeded") ready = ["False", "PodCompleted"];
  else if (phase === "Failed" && ctx.minor >= 27) ready = ["False", "PodFailed"];
  else if (unready.length) ready = ["False", "ContainersNotReady", `containers with unready status: ${list(unready)}`];
  else ready = ["True"];
  conditions.push(condition(p, "Ready", ready[0], now, ready[1], ready[2]));
  conditions.push(condition(p, "ContainersReady", ready[0], now, ready[1], ready[2]));
  const scheduled = (prevStatus.conditions ?? []).find((c: Json) => c.type === "PodScheduled");
  if (scheduled) conditions.push(scheduled);

  const status: Json = { conditions };
  status.containerStatuses = apps
    .map((c) => containerStatus(c, ctx))
    .sort((a: Json, b: Json) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  status.hostIP = ctx.hostIP;
  if (ctx.minor >= 28) status.hostIPs = [{ ip: ctx.hostIP }];
  if (inits.length) status.initContainerStatuses = inits.map((c) => containerStatus(c, ctx));
  status.phase = phase;
  if (p.ip && p.ipReported) {
    status.podIP = p.ip;
    status.podIPs = [{ ip: p.ip }];
  }
  if (prevStatus.qosClass) status.qosClass = prevStatus.qosClass;
  status.startTime = rfc3339(p.acceptedAt);
  return status;
}

/** `containerd://<id>`, built once per container run rather than at every status write that shows it. */
function containerID(inst: Instance, runtime: Runtime): string {
  let id = containerIDs.get(inst);
  if (id === undefined) {
    id = `${runtime}://${inst.id}`;
    containerIDs.set(inst, id);
  }
  return id;
}

const containerIDs = new WeakMap<Instance, string>();

function containerStatus(c: Ctr, ctx: StatusContext): Json {
  const img = c.image ? statusImage(c.image, ctx.runtime) : { image: c.spec.image, imageID: "" };
  const out: Json = {};
  // While waiting to restart, the most recent run is the last state; otherwise the one before.
  const lastInst = c.state === "waiting" ? c.current : c.last;
  if (c.current) out.containerID = containerID(c.current, ctx.runtime);
  out.image = img.image;
  out.imageID = c.current ? img.imageID : "";
  out.lastState = lastInst?.finishedAt !== undefined ? { terminated: terminated(lastInst, ctx) } : {};
  out.name = c.name;
  out.ready = c.ready;
  out.restartCount = c.restartCount;
  out.started = c.state === "running" && c.started;
  if (c.state === "running" && c.current) {
    out.state = { running: { startedAt: rfc3339(c.current.startedAt) } };
  } else if (c.state === "terminated" && c.current) {
    out.state = { terminated: terminated(c.current, ctx) };
  } else {
    const w: Json = {};
    if (c.waitingMessage) w.message = c.waitingMessage;
    w.reason = c.waitingReason;
    out.state = { waiting: w };
  }
  if (ctx.minor >= 30 && c.spec.volumeMounts && c.current) {
    out.volumeMounts = c.spec.volumeMounts.map((m: Json) => {
      const vm: Json = { mountPath: m.mountPath, name: m.name };
      if (m.readOnly) {
        vm.readOnly = true;
        vm.recursiveReadOnly = "Disabled";
      }
      return vm;
    });
  }
  return out;
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
