/**
 * DefaultTolerationSeconds: every pod tolerates the not-ready and unreachable NoExecute
 * taints for 300 s unless it already says how long, so a node failure evicts its pods after
 * five minutes.
 */
import { ok } from "../../core/status.ts";
import type { AdmissionPlugin } from "./index.ts";

export const NOT_READY_TAINT = "node.kubernetes.io/not-ready";
export const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
export const DEFAULT_TOLERATION_SECONDS = 300;

interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** The tolerations added, the same for every pod: stored objects are read-only, so one frozen copy of each. */
const NOT_READY_TOLERATION: Toleration = Object.freeze({
  effect: "NoExecute",
  key: NOT_READY_TAINT,
  operator: "Exists",
  tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
});
const UNREACHABLE_TOLERATION: Toleration = Object.freeze({
  effect: "NoExecute",
  key: UNREACHABLE_TAINT,
  operator: "Exists",
  tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
});

export const defaultTolerationSeconds: AdmissionPlugin = (op, t, pod) => {
  if (op !== "CREATE" || t.kind !== "Pod") return ok(undefined);
  const spec = pod.spec ?? {};
  const tolerations: Toleration[] = spec.tolerations ?? [];
  const notReady = !tolerates(tolerations, NOT_READY_TAINT);
  const unreachable = !tolerates(tolerations, UNREACHABLE_TAINT);
  if (notReady || unreachable) {
    // Both, as nearly every pod needs, are one shared list.
    const added = notReady && unreachable ? BOTH : notReady ? [NOT_READY_TOLERATION] : [UNREACHABLE_TOLERATION];
    // concat rather than a spread: a spread array keeps room for 17 elements, for as long as the pod lives.
    spec.tolerations = Array.isArray(tolerations) ? tolerations.concat(added) : [...tolerations, ...added];
  }
  pod.spec = spec;
  return ok(undefined);
};

const BOTH: readonly Toleration[] = Object.freeze([NOT_READY_TOLERATION, UNREACHABLE_TOLERATION]);

/** Whether some toleration already covers the NoExecute taint `key`. */
function tolerates(tolerations: Toleration[], key: string): boolean {
  // A plain loop over a list: every pod created asks twice. Anything else answers as it always has.
  if (!Array.isArray(tolerations)) return (tolerations as readonly Toleration[]).some((tol) => covers(tol, key));
  for (let i = 0; i < tolerations.length; i++) if (covers(tolerations[i], key)) return true;
  return false;
}

function covers(tol: Toleration, key: string): boolean {
  return (tol.effect === "NoExecute" || !tol.effect) && ((tol.operator === "Exists" && !tol.key) || tol.key === key);
}
