/**
 * The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's
 * status — currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, disruptedPods,
 * observedGeneration and the DisruptionAllowed condition (SufficientPods / InsufficientPods,
 * SyncFailed when the expected count cannot be worked out) — which the Eviction API reads.
 *
 * sync(`ns/name`): pods selected (nil selector: none; `{}`: all in the namespace, policy/v1
 * semantics) -> expected and desired counts (budget.ts; scale through the pods' controllers,
 * scale.ts) -> healthy = Ready, not being deleted, not just evicted (disruptedPods) -> status.
 *
 * Watches: PDB spec changes; pods in namespaces that have PDBs (labels, readiness, deletion,
 * owner); scalable controllers' replicas in such namespaces. Our own status writes change no
 * generation and are ignored, so a sync never triggers itself.
 */
import { parseRfc3339, rfc3339 } from "../../../core/clock.ts";
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { fromLabelSelector } from "../../selectors/labels.ts";
import { goLabelSelector } from "../../validation/go-format.ts";
import { type BudgetSpec, disruptionsAllowed, expectedPodCount, needsScale } from "./budget.ts";
import { expectedScale } from "./scale.ts";

export const DISRUPTION_CONTROLLER = "disruption";
export const PDB_RESOURCE = "poddisruptionbudgets.policy";
const COMPONENT = "controllermanager";
/** DeletionTimeout: an eviction not followed by the pod's deletion within 2 minutes is forgotten. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

const SCALABLE = new Set(["deployments.apps", "replicasets.apps", "statefulsets.apps", "replicationcontrollers"]);

/** The answer of a write that concerns nothing: shared, so never written to (the reconciler only reads it). */
const NO_KEYS: string[] = [];

export function isPodReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type?: string; status?: string }) => c.type === "Ready" && c.status === "True",
  );
}

/** The pods a PDB selects (getPodsForPdb), sorted by name. */
export function podsForPdb(cluster: Cluster, pdb: KObject): KObject[] {
  const sel = fromLabelSelector(pdb.spec?.selector);
  if (!sel.ok || sel.selector.matchesNothing()) return [];
  return cluster.store
    .list("pods", pdb.metadata.namespace ?? "")
    .filter((p) => sel.selector.matches(p.metadata.labels ?? {}));
}

export function disruptionController(cluster: Cluster): Controller {
  const store = cluster.store;
  const pdbType = cluster.discovery.forStorage(PDB_RESOURCE);
  /** namespace -> names of its PDBs. */
  const pdbsByNamespace = new Map<string, Set<string>>();
  const pdbKeysIn = (ns: string) => [...(pdbsByNamespace.get(ns) ?? [])].map((n) => `${ns}/${n}`);

  const onPdb = (e: WatchEvent): string[] => {
    const ns = e.object.metadata.namespace ?? "";
    const name = e.object.metadata.name ?? "";
    if (e.type === "DELETED") {
      pdbsByNamespace.get(ns)?.delete(name);
      return [];
    }
    let set = pdbsByNamespace.get(ns);
    if (!set) {
      set = new Set();
      pdbsByNamespace.set(ns, set);
    }
    set.add(name);
    if (
      e.type === "MODIFIED" &&
      e.old &&
      jsonEqual(e.old.spec, e.object.spec) &&
      e.old.metadata.generation === e.object.metadata.generation
    ) {
      // A status write: ours, or the Eviction API's. The Eviction API's disruptedPods entry is
      // cleared when its pod goes, which the pod watch reports.
      return [];
    }
    return [`${ns}/${name}`];
  };

  const podMatters = (e: WatchEvent): boolean => {
    if (e.type !== "MODIFIED" || !e.old) return true;
    const a = e.old;
    const b = e.object;
    return (
      !jsonEqual(a.metadata.labels, b.metadata.labels) ||
      isPodReady(a) !== isPodReady(b) ||
      a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp ||
      !jsonEqual(a.metadata.ownerReferences, b.metadata.ownerReferences)
    );
  };

  const onPod = (e: WatchEvent): string[] => {
    const ns = e.object.metadata.namespace ?? "";
    const names = pdbsByNamespace.get(ns);
    if (!names || names.size === 0 || !podMatters(e)) return NO_KEYS;
    const keys: string[] = [];
    for (const name of names) {
      const pdb = store.get(PDB_RESOURCE, ns, name);
      const sel = fromLabelSelector(pdb?.spec?.selector);
      if (!sel.ok) continue;
      const now = sel.selector.matches(e.object.metadata.labels ?? {});
      const before = e.old ? sel.selector.matches(e.old.metadata.labels ?? {}) : false;
      if (now || before) keys.push(`${ns}/${name}`);
    }
    return keys;
  };

  const onScalable = (e: WatchEvent): string[] => {
    if (e.type === "MODIFIED" && e.old?.spec?.replicas === e.object.spec?.replicas) return [];
    return pdbKeysIn(e.object.metadata.namespace ?? "");
  };

  const writeStatus = (pdb: KObject, status: Record<string, unknown>): void => {
    if (!pdbType || jsonEqual(pdb.status ?? {}, status)) return;
    cluster.api.update(pdbType, { ...pdb, status }, { subresource: "status" });
  };

  /** SetStatusCondition for DisruptionAllowed: lastTransitionTime moves only when status does. */
  const condition = (pdb: KObject, status: string, reason: string, message: string, observedGeneration: number) => {
    const prev = (pdb.status?.conditions ?? []).find((c: { type?: string }) => c.type === "DisruptionAllowed");
    return {
      lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : rfc3339(cluster.clock.now()),
      message,
      observedGeneration,
      reason,
      status,
      type: "DisruptionAllowed",
    };
  };

  /** failSafe: no disruption allowed until the budget can be computed again. */
  const failSafe = (pdb: KObject, error: string): void => {
    const status = { ...(pdb.status ?? {}) };
    status.disruptionsAllowed = 0;
    const observed = typeof status.observedGeneration === "number" ? status.observedGeneration : 0;
    const others = (pdb.status?.conditions ?? []).filter((c: { type?: string }) => c.type !== "DisruptionAllowed");
    status.conditions = [...others, condition(pdb, "False", "SyncFailed", error, observed)];
    writeStatus(pdb, status);
  };

  const sync = (key: string): void => {
    const slash = key.indexOf("/");
    const ns = key.slice(0, slash);
    const pdb = store.get(PDB_RESOURCE, ns, key.slice(slash + 1));
    if (!pdb) return;
    const pods = podsForPdb(cluster, pdb);
    if (pods.length === 0)
      cluster.events.record(pdb, "Normal", "NoPods", "No matching pods found", { component: COMPONENT });
    const spec: BudgetSpec = pdb.spec ?? {};
    let scale = 0;
    if (needsScale(spec)) {
      const s = expectedScale(cluster, pods);
      if (!s.ok) {
        if (s.event) cluster.events.record(pdb, "Warning", s.event, s.error, { component: COMPONENT });
        cluster.events.record(
          pdb,
          "Warning",
          "CalculateExpectedPodCountFailed",
          `Failed to calculate the number of expected pods: ${s.error}`,
          { component: COMPONENT },
        );
        failSafe(pdb, s.error);
        return;
      }
      scale = s.scale;
      if (s.unmanaged.length > 0) {
        cluster.events.record(
          pdb,
          "Warning",
          "UnmanagedPods",
          `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelector(pdb.spec?.selector, cluster.minor).text}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
          { component: COMPONENT },
        );
      }
    }
    const expected = expectedPodCount(spec, pods.length, scale);
    if (!expected.ok) {
      failSafe(pdb, expected.error);
      return;
    }

    // buildDisruptedPodMap: entries for pods gone, being deleted or evicted too long ago drop out.
    const now = cluster.clock.now();
    const disrupted: Record<string, string> = {};
    const byName = new Map(pods.map((p) => [p.metadata.name ?? "", p]));
    for (const [name, at] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
      const pod = byName.get(name);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      const expires = parseRfc3339(at) + DELETION_TIMEOUT_MS;
      if (expires <= now) continue;
      disrupted[name] = at;
      cluster.reconciler.requeueAt(DISRUPTION_CONTROLLER, key, expires);
    }
    let currentHealthy = 0;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp || disrupted[p.metadata.name ?? ""] !== undefined) continue;
      if (isPodReady(p)) currentHealthy++;
    }
    const allowed = disruptionsAllowed(currentHealthy, expected.desiredHealthy, expected.expectedCount);
    const generation = pdb.metadata.generation ?? 0;
    const others = (pdb.status?.conditions ?? []).filter((c: { type?: string }) => c.type !== "DisruptionAllowed");
    const status: Record<string, unknown> = {
      conditions: [
        ...others,
        allowed > 0
          ? condition(pdb, "True", "SufficientPods", "", generation)
          : condition(pdb, "False", "InsufficientPods", "", generation),
      ],
      currentHealthy,
      desiredHealthy: expected.desiredHealthy,
      disruptionsAllowed: allowed,
      expectedPods: expected.expectedCount,
      observedGeneration: generation,
    };
    if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
    writeStatus(pdb, status);
  };

  const watches: Controller["watches"] = { [PDB_RESOURCE]: onPdb, pods: onPod };
  for (const r of SCALABLE) watches[r] = onScalable;
  return { name: DISRUPTION_CONTROLLER, watches, sync };
}
