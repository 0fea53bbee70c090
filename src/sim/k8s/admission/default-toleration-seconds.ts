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
  const tolerates = (key: string) =>
    tolerations.some(
      (tol) =>
        (tol.effect === "NoExecute" || !tol.effect) && ((tol.operator === "Exists" && !tol.key) || tol.key === key),
    );
  const added: Toleration[] = [];
  if (!tolerates(NOT_READY_TAINT)) added.push(NOT_READY_TOLERATION);
  if (!tolerates(UNREACHABLE_TAINT)) added.push(UNREACHABLE_TOLERATION);
  // concat rather than a spread: a spread array keeps room for 17 elements, for as long as the pod lives.
  if (added.length)
    spec.tolerations = Array.isArray(tolerations) ? tolerations.concat(added) : [...tolerations, ...added];
  pod.spec = spec;
  return ok(undefined);
};
