/**
 * Finding a deployment's ReplicaSets (deployment_controller.go getReplicaSetsForDeployment and
 * util FindNewReplicaSet / FindOldReplicaSets): claim the ReplicaSets it owns or may adopt;
 * the new one is the oldest whose template equals the deployment's ignoring pod-template-hash;
 * every other is old.
 */

import { sortedCopy } from "../../../core/sorted.ts";
import type { KObject } from "../../api/object.ts";
import { fromLabelSelector } from "../../selectors/labels.ts";
import { claimObjects } from "../controller-utils/controller-ref.ts";
import type { DeploymentContext } from "./context.ts";
import { byCreation, equalIgnoreHash } from "./util.ts";

export function replicaSetsForDeployment(c: DeploymentContext, d: KObject): KObject[] {
  const sel = fromLabelSelector(d.spec?.selector);
  if (!sel.ok) return [];
  const ns = d.metadata.namespace ?? "";
  const uid = d.metadata.uid ?? "";
  const candidates = [...c.replicaSets.owned(uid), ...c.replicaSets.orphansIn(ns)];
  return claimObjects(candidates, {
    api: c.cluster.api,
    type: c.rsType,
    owner: d,
    selector: sel.selector,
    ownerStillLive: () => {
      const fresh = c.cluster.store.get("deployments.apps", ns, d.metadata.name ?? "");
      return !!fresh && fresh.metadata.uid === uid && !fresh.metadata.deletionTimestamp;
    },
  });
}

export function findNewReplicaSet(d: KObject, rsList: readonly KObject[]): KObject | undefined {
  return sortedCopy(rsList, byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets' second result: every ReplicaSet but the new one, oldest first. */
export function findOldReplicaSets(d: KObject, rsList: readonly KObject[]): KObject[] {
  const newRS = findNewReplicaSet(d, rsList);
  return sortedCopy(rsList, byCreation).filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

/** getPodMapForDeployment: the pods of each ReplicaSet, by ReplicaSet uid (Recreate waits on them). */
export function podMapForDeployment(c: DeploymentContext, rsList: readonly KObject[]): Map<string, KObject[]> {
  const out = new Map<string, KObject[]>();
  for (const rs of rsList) out.set(rs.metadata.uid ?? "", [...c.pods.owned(rs.metadata.uid ?? "")]);
  return out;
}
