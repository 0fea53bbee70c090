/**
 * The Eviction API (POST pods/NAME/eviction; pkg/registry/core/pod/storage/eviction.go): a
 * delete that honours PodDisruptionBudgets. `kubectl drain` calls it for each pod; a grader's
 * scenario check can too.
 *
 *  - A pod that is Pending, Succeeded, Failed or already being deleted goes at once: it is not
 *    disrupting anything a budget protects.
 *  - No PDB selects the pod: deleted. Two or more: refused (500, unsupported).
 *  - One PDB: a pod that is not Ready is deleted without spending budget when the budget is
 *    met anyway (currentHealthy >= desiredHealthy > 0); otherwise the budget must allow a
 *    disruption: disruptionsAllowed is decremented, the pod noted in status.disruptedPods,
 *    then the pod deleted. With none left: 429 TooManyRequests, "Cannot evict pod as it would
 *    violate the pod's disruption budget.", cause DisruptionBudget "The disruption budget web
 *    needs 2 healthy pods and has 2 currently". A budget the controller has not observed yet
 *    (observedGeneration < generation) also answers 429, retry after 10 s.
 * From 1.26 (PodDisruptionConditions) the pod gets a DisruptionTarget condition
 * (EvictionByEvictionAPI, "Eviction API: evicting") before it is deleted.
 *
 * kubectl posts policy/v1beta1 Evictions up to 1.21 and policy/v1 from 1.22; the server's
 * answers are the same.
 */
import { rfc3339 } from "../core/clock.ts";
import { fail, notFound, ok, type Result, type Status, status } from "../core/status.ts";
import type { KObject } from "./api/object.ts";
import type { Cluster } from "./cluster.ts";
import { isPodReady, PDB_RESOURCE } from "./controllers/disruption/controller.ts";
import { fromLabelSelector } from "./selectors/labels.ts";

export const EVICTION_VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
export const DISRUPTION_BUDGET_CAUSE = "DisruptionBudget";

export interface EvictOptions {
  dryRun?: boolean;
  /** DeleteOptions.gracePeriodSeconds; undefined: the pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
}

/** The Eviction group/version kubectl of this minor posts. */
export function evictionGroupVersion(minor: number): "policy/v1" | "policy/v1beta1" {
  return minor >= 22 ? "policy/v1" : "policy/v1beta1";
}

function budgetViolation(cause: string, retryAfterSeconds = 0): Status {
  const details: Status["details"] = { causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message: cause }] };
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return status("TooManyRequests", 429, EVICTION_VIOLATES_BUDGET, details);
}

/** The PDBs whose (non-empty) selector matches the pod: an empty selector never guards an eviction. */
export function pdbsForPod(cluster: Cluster, pod: KObject): KObject[] {
  const out: KObject[] = [];
  for (const pdb of cluster.store.list(PDB_RESOURCE, pod.metadata.namespace ?? "")) {
    const sel = fromLabelSelector(pdb.spec?.selector);
    if (!sel.ok || sel.selector.empty() || !sel.selector.matches(pod.metadata.labels ?? {})) continue;
    out.push(pdb);
  }
  return out;
}

/** Evicts a pod; the value is the pod as it was when deleted (or would be, with dryRun). */
export function evictPod(cluster: Cluster, namespace: string, name: string, opts: EvictOptions = {}): Result<KObject> {
  const pod = cluster.store.get("pods", namespace, name);
  if (!pod) return fail(notFound("pods", name));
  const phase = pod.status?.phase;
  const canIgnorePdb =
    phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata.deletionTimestamp;
  if (canIgnorePdb) return deletePod(cluster, pod, opts);

  const pdbs = pdbsForPod(cluster, pod);
  if (pdbs.length > 1) {
    return fail(
      status(
        "InternalError",
        500,
        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
      ),
    );
  }
  if (pdbs.length === 1) {
    const pdb = pdbs[0];
    const st = pdb.status ?? {};
    const currentHealthy: number = st.currentHealthy ?? 0;
    const desiredHealthy: number = st.desiredHealthy ?? 0;
    const alwaysAllow = cluster.minor >= 26 && pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow";
    const unhealthyMayGo = alwaysAllow || (currentHealthy >= desiredHealthy && desiredHealthy > 0);
    // An unhealthy pod does not count towards currentHealthy: removing it spends no budget.
    if (!isPodReady(pod) && unhealthyMayGo) return deletePod(cluster, pod, opts);
    if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
      return fail(
        budgetViolation(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`, 10),
      );
    }
    const allowed: number = st.disruptionsAllowed ?? 0;
    if (allowed === 0) {
      return fail(
        budgetViolation(
          `The disruption budget ${pdb.metadata.name} needs ${desiredHealthy} healthy pods and has ${currentHealthy} currently`,
        ),
      );
    }
    if (!opts.dryRun) {
      const pdbType = cluster.discovery.forStorage(PDB_RESOURCE)!;
      const next: Record<string, unknown> = { ...st, disruptionsAllowed: allowed - 1 };
      if (allowed - 1 === 0) next.conditions = insufficientPods(pdb, rfc3339(cluster.clock.now()));
      next.disruptedPods = { ...(st.disruptedPods ?? {}), [name]: rfc3339(cluster.clock.now()) };
      const updated = cluster.api.update(pdbType, { ...pdb, status: next }, { subresource: "status" });
      if (!updated.ok) return updated;
    }
  }
  return deletePod(cluster, pod, opts);
}

/** UpdateDisruptionAllowedCondition when the last allowed disruption is spent. */
function insufficientPods(pdb: KObject, now: string): unknown[] {
  const conditions: Record<string, unknown>[] = [...(pdb.status?.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === "DisruptionAllowed");
  const prev = i >= 0 ? conditions[i] : undefined;
  const c = {
    lastTransitionTime: prev?.status === "False" ? prev.lastTransitionTime : now,
    message: "",
    observedGeneration: pdb.status?.observedGeneration ?? 0,
    reason: "InsufficientPods",
    status: "False",
    type: "DisruptionAllowed",
  };
  if (i >= 0) conditions[i] = c;
  else conditions.push(c);
  return conditions;
}

function deletePod(cluster: Cluster, pod: KObject, opts: EvictOptions): Result<KObject> {
  const podsType = cluster.discovery.forKind("v1", "Pod")!;
  const ns = pod.metadata.namespace ?? "";
  const name = pod.metadata.name ?? "";
  if (opts.dryRun) return ok(pod);
  let current = pod;
  if (cluster.minor >= 26) {
    const conditions: Record<string, unknown>[] = [...(pod.status?.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === "DisruptionTarget");
    if (i < 0 || conditions[i].status !== "True") {
      const c = {
        lastProbeTime: null,
        lastTransitionTime: rfc3339(cluster.clock.now()),
        message: "Eviction API: evicting",
        reason: "EvictionByEvictionAPI",
        status: "True",
        type: "DisruptionTarget",
      };
      if (i >= 0) conditions[i] = c;
      else conditions.push(c);
      const r = cluster.api.update(
        podsType,
        { ...pod, status: { ...(pod.status ?? {}), conditions } },
        { subresource: "status" },
      );
      if (r.ok) current = r.value;
    }
  }
  const deleted = cluster.api.delete(podsType, ns, name, {
    gracePeriodSeconds: opts.gracePeriodSeconds,
    uid: current.metadata.uid,
  });
  if (!deleted.ok) return deleted;
  return ok(current);
}
