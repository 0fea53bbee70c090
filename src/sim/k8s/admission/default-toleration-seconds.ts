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
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!tolerates(key)) {
      added.push({ effect: "NoExecute", key, operator: "Exists", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  if (added.length) spec.tolerations = [...tolerations, ...added];
  pod.spec = spec;
  return ok(undefined);
};
