/**
 * The Pod row of kube-apiserver's printer (pkg/printers/internalversion printPod): READY counts
 * ready running containers, STATUS is the phase refined by the first failing init container or
 * the last waiting/terminated app container, RESTARTS sums restart counts.
 *
 * Version differences:
 * - 1.22+ (kubernetes PR #100142) appends the time since the last restart: "3 (45s ago)".
 * - 1.28+ counts restartable init containers (sidecars) as containers.
 * - 1.26+ shows SchedulingGated for pods held by scheduling gates.
 * - newer servers no longer show Terminating for pods already Succeeded/Failed.
 */
import type { KObject } from "../../../../sim/k8s/api/object.ts";
import { parseTimestamp, translateTimestampSince } from "../age.ts";
import { ageCol, col, type KindPrinter, nameCol, type TableOptions, wideCol } from "../columns.ts";
import type { Json } from "../format.ts";

const NODE_UNREACHABLE_REASON = "NodeLost";

export const podPrinter: KindPrinter = {
  columns: () => [
    nameCol,
    col("Ready"),
    col("Status"),
    col("Restarts"),
    ageCol,
    wideCol("IP"),
    wideCol("Node"),
    wideCol("Nominated Node"),
    wideCol("Readiness Gates"),
  ],
  row: (pod, opts) => {
    const s = podSummary(pod, opts);
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    const podIP: string = status.podIPs?.[0]?.ip ?? status.podIP ?? "";
    return [
      pod.metadata.name ?? "",
      `${s.ready}/${s.total}`,
      s.reason,
      s.restarts,
      translateTimestampSince(pod.metadata.creationTimestamp, opts.now),
      podIP || "<none>",
      spec.nodeName || "<none>",
      status.nominatedNodeName || "<none>",
      readinessGates(pod),
    ];
  },
};

export interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: string;
}

const isRestartable = (c: Json): boolean => c?.restartPolicy === "Always";

/** READY, STATUS and RESTARTS of `kubectl get pods` for the emulated version. */
export function podSummary(pod: KObject, opts: Pick<TableOptions, "now" | "minor">): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const sidecars = opts.minor >= 28;
  const initSpecs: Json[] = spec.initContainers ?? [];
  const initByName = new Map<string, Json>(initSpecs.map((c) => [c.name, c]));
  let total = (spec.containers ?? []).length;
  if (sidecars) total += initSpecs.filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  const phase: string = status.phase ?? "";
  let reason: string = status.reason || phase;

  if (opts.minor >= 26) {
    for (const c of status.conditions ?? []) {
      if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
    }
  }

  const finishedAt = (cs: Json): number => parseTimestamp(cs?.lastState?.terminated?.finishedAt) ?? 0;

  let initializing = false;
  const initStatuses: Json[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, finishedAt(cs));
    const restartable = sidecars && isRestartable(initByName.get(cs.name));
    if (restartable) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(cs));
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) {
        reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      } else {
        reason = `Init:${term.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c: Json) => c.type === "Initialized" && c.status === "True");
  if (!initializing || (sidecars && initializedTrue)) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: Json[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, finishedAt(cs));
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (term?.reason) {
        reason = term.reason;
      } else if (term) {
        reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last container completed but another still runs is Running (or NotReady).
    if (reason === "Completed" && hasRunning) {
      const podReady = (status.conditions ?? []).some((c: Json) => c.type === "Ready" && c.status === "True");
      reason = podReady ? "Running" : "NotReady";
    }
  }

  const deleting = !!pod.metadata.deletionTimestamp;
  const terminal = phase === "Succeeded" || phase === "Failed";
  if (deleting && status.reason === NODE_UNREACHABLE_REASON) {
    reason = "Unknown";
  } else if (deleting && (opts.minor < 27 || !terminal)) {
    reason = "Terminating";
  }

  let restartsText = String(restarts);
  if (opts.minor >= 22 && restarts !== 0 && lastRestart !== 0) {
    restartsText = `${restarts} (${translateTimestampSince(new Date(lastRestart).toISOString(), opts.now)} ago)`;
  }
  return { ready, total, reason, restarts: restartsText };
}

function readinessGates(pod: KObject): string {
  const gates: Json[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  const conditions: Json[] = pod.status?.conditions ?? [];
  let trueCount = 0;
  for (const g of gates) {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (c?.status === "True") trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}
