/**
 * The taints the node lifecycle controller owns (nodelifecycle/node_lifecycle_controller.go):
 *
 *  - NoSchedule, from conditions and cordoning (doNoScheduleTaintingPass):
 *      Ready False -> node.kubernetes.io/not-ready, Ready Unknown -> node.kubernetes.io/unreachable,
 *      MemoryPressure/DiskPressure/PIDPressure/NetworkUnavailable True -> memory-pressure, ...,
 *      spec.unschedulable -> node.kubernetes.io/unschedulable;
 *  - NoExecute, from the Ready condition alone (doNoExecuteTaintingPass):
 *      False -> not-ready, Unknown -> unreachable, True -> neither.
 *
 * Taints the controller adds carry `timeAdded` (SwapNodeControllerTaint stamps it) and go after
 * the node's other taints; taints it does not own are never touched.
 */
import type { KObject } from "../../api/object.ts";

export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export const NOT_READY_TAINT = "node.kubernetes.io/not-ready";
export const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
export const UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

const NO_SCHEDULE_BY_CONDITION: Record<string, Record<string, string>> = {
  Ready: { False: NOT_READY_TAINT, Unknown: UNREACHABLE_TAINT },
  MemoryPressure: { True: "node.kubernetes.io/memory-pressure" },
  DiskPressure: { True: "node.kubernetes.io/disk-pressure" },
  NetworkUnavailable: { True: "node.kubernetes.io/network-unavailable" },
  PIDPressure: { True: "node.kubernetes.io/pid-pressure" },
};

const OWNED_NO_SCHEDULE = new Set([
  ...Object.values(NO_SCHEDULE_BY_CONDITION).flatMap((m) => Object.values(m)),
  UNSCHEDULABLE_TAINT,
]);
const OWNED_NO_EXECUTE = new Set([NOT_READY_TAINT, UNREACHABLE_TAINT]);

export function readyStatus(node: KObject): string | undefined {
  const c = (node.status?.conditions ?? []).find((x: { type?: string }) => x.type === "Ready");
  return c?.status;
}

/** The controller-owned taints a node should carry now, as `key:effect` strings. */
export function desiredControllerTaints(node: KObject): Set<string> {
  const out = new Set<string>();
  for (const c of node.status?.conditions ?? []) {
    const key = NO_SCHEDULE_BY_CONDITION[c.type]?.[c.status];
    if (key) out.add(`${key}:NoSchedule`);
  }
  if (node.spec?.unschedulable) out.add(`${UNSCHEDULABLE_TAINT}:NoSchedule`);
  const ready = readyStatus(node);
  if (ready === "False") out.add(`${NOT_READY_TAINT}:NoExecute`);
  if (ready === "Unknown") out.add(`${UNREACHABLE_TAINT}:NoExecute`);
  return out;
}

function owned(t: NodeTaint): boolean {
  return t.effect === "NoSchedule"
    ? OWNED_NO_SCHEDULE.has(t.key)
    : t.effect === "NoExecute" && OWNED_NO_EXECUTE.has(t.key);
}

/**
 * The node's taints with the controller-owned ones brought in line, or undefined when nothing
 * changes. New taints are stamped with `now`; kept ones keep their timeAdded.
 */
export function reconcileTaints(node: KObject, now: string): NodeTaint[] | undefined {
  const current: NodeTaint[] = node.spec?.taints ?? [];
  const desired = desiredControllerTaints(node);
  const kept = current.filter((t) => !owned(t) || desired.has(`${t.key}:${t.effect}`));
  const present = new Set(kept.map((t) => `${t.key}:${t.effect}`));
  const added: NodeTaint[] = [];
  for (const d of desired) {
    if (present.has(d)) continue;
    const colon = d.lastIndexOf(":");
    added.push({ effect: d.slice(colon + 1), key: d.slice(0, colon), timeAdded: now });
  }
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
