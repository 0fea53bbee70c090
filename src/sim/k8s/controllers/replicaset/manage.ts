/**
 * manageReplicas (pkg/controller/replicaset/replica_set.go): moves the number of active pods
 * towards spec.replicas, at most `burstReplicas` (500) per sync.
 *  - Too few: create the difference in slow-start batches (1, 2, 4, ...), stopping at the
 *    first batch with a failure. A create refused because the namespace is terminating counts
 *    as done, as upstream: every later create would fail the same way.
 *  - Too many: delete the first `diff` pods in deletion order (active-pods.ts), where pods
 *    on a node crowded with related pods (same owner's ReplicaSets) go first.
 * Events as pod_control.go records them: SuccessfulCreate `Created pod: x`, FailedCreate
 * `Error creating: <API error>`, SuccessfulDelete `Deleted pod: x`, FailedDelete
 * `Error deleting: <API error>`. The result is the first error's message, if any.
 */
import type { KObject } from "../../api/object.ts";
import type { ResourceType } from "../../api/resources.ts";
import type { Cluster } from "../../cluster.ts";
import { sortForDeletion } from "../controller-utils/active-pods.ts";
import { controllerOf } from "../controller-utils/controller-ref.ts";
import type { Expectations } from "../controller-utils/expectations.ts";
import type { OwnerIndex } from "../controller-utils/owner-index.ts";
import { isPodActive } from "../controller-utils/pod-filters.ts";
import { slowStartBatch } from "../controller-utils/slow-start.ts";
import type { ReplicaKind } from "./kinds.ts";
import { podFromTemplate } from "./pod-template.ts";

export const BURST_REPLICAS = 500;

export interface ManageContext {
  cluster: Cluster;
  kind: ReplicaKind;
  podsType: ResourceType;
  expectations: Expectations;
  pods: OwnerIndex;
  owners: OwnerIndex;
}

const podKey = (p: KObject) => `${p.metadata.namespace ?? ""}/${p.metadata.name ?? ""}`;

/**
 * The pods the ReplicaSet claimed: their number, and the list itself, built only when some must
 * be deleted (a create needs the count alone, and the list of a large ReplicaSet costs a walk).
 */
export interface Claimed {
  count: number;
  list(): KObject[];
}

export function manageReplicas(c: ManageContext, rs: KObject, key: string, claimed: Claimed): string | undefined {
  const wanted = rs.spec?.replicas ?? 1;
  const diff = claimed.count - wanted;
  const source = { component: c.kind.component };
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    c.expectations.expectCreations(key, n);
    const { successes, error } = slowStartBatch(n, () => {
      const created = c.cluster.api.create(c.podsType, podFromTemplate(rs), { handOff: true });
      if (created.ok) {
        c.cluster.events.record(
          rs,
          "Normal",
          "SuccessfulCreate",
          `Created pod: ${created.value.metadata.name}`,
          source,
        );
        return undefined;
      }
      const message = created.status.message;
      if (message.includes("because it is being terminated")) return undefined;
      c.cluster.events.record(rs, "Warning", "FailedCreate", `Error creating: ${message}`, source);
      return message;
    });
    // The store tells watchers synchronously, so each successful create has already been
    // observed; the failed and the skipped never will be.
    c.expectations.lowerCreations(key, n - successes);
    return error;
  }
  if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const victims = podsToDelete(c, rs, claimed.list(), n);
    c.expectations.expectDeletions(key, victims.map(podKey));
    let error: string | undefined;
    for (const pod of victims) {
      const r = c.cluster.api.delete(c.podsType, pod.metadata.namespace ?? "", pod.metadata.name ?? "");
      if (r.ok) {
        c.cluster.events.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, source);
        continue;
      }
      c.expectations.deletionObserved(key, podKey(pod));
      if (r.status.reason === "NotFound") continue;
      c.cluster.events.record(rs, "Warning", "FailedDelete", `Error deleting: ${r.status.message}`, source);
      error ??= r.status.message;
    }
    return error;
  }
  return undefined;
}

/** getPodsToDelete: everything when deleting all, else the head of the deletion order. */
function podsToDelete(c: ManageContext, rs: KObject, filtered: KObject[], n: number): KObject[] {
  if (n >= filtered.length) return filtered.slice(0, n);
  const onNode = new Map<string, number>();
  for (const pod of relatedPods(c, rs)) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? "";
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranks = filtered.map((p) => onNode.get(p.spec?.nodeName ?? "") ?? 0);
  return sortForDeletion(filtered, ranks, { minor: c.cluster.minor, now: c.cluster.clock.now() }).slice(0, n);
}

/** getIndirectlyRelatedPods: the pods of every ReplicaSet sharing this one's controller (a Deployment). */
function relatedPods(c: ManageContext, rs: KObject): KObject[] {
  const owner = controllerOf(rs);
  if (!owner) return [];
  const seen = new Set<string>();
  const out: KObject[] = [];
  for (const sibling of c.owners.owned(owner.uid)) {
    for (const pod of c.pods.owned(sibling.metadata.uid ?? "")) {
      const k = podKey(pod);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(pod);
    }
  }
  return out;
}
