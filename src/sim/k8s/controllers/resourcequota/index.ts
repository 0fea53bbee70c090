/**
 * The resource-quota controller (pkg/controller/resourcequota): keeps each ResourceQuota's
 * status.hard equal to its spec.hard and status.used equal to what the namespace consumes of
 * those resources (usage.ts), recomputed whenever an object of the namespace changes. The
 * ResourceQuota admission plugin checks new objects against the same usage.
 */
import type { Controller } from "../../../core/reconcile.ts";
import { clone, jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
// LimitRanger, then ResourceQuota: the upstream admission order (both register on import).
import "../../admission/limit-ranger.ts";
import "../../admission/resource-quota.ts";
import { text } from "./quantity-math.ts";
import { namespaceUsage, storageFor } from "./usage.ts";

export const RESOURCE_QUOTA_CONTROLLER = "resourcequota-controller";

/** The answer of a write that concerns nothing: shared, so never written to (the reconciler only reads it). */
const NO_KEYS: string[] = [];

export function resourceQuotaController(cluster: Cluster): Controller {
  /** namespace -> quota names, so a write elsewhere costs nothing. */
  const quotas = new Map<string, Set<string>>();
  const quotaType = () => cluster.discovery.forKind("v1", "ResourceQuota")!;

  function sync(key: string): void {
    const i = key.indexOf("/");
    const quota = cluster.store.get("resourcequotas", key.slice(0, i), key.slice(i + 1));
    if (!quota) return;
    const hard: Record<string, string> = {};
    for (const k of Object.keys(quota.spec?.hard ?? {}).sort()) hard[k] = String(quota.spec.hard[k]);
    const used: Record<string, string> = {};
    for (const [k, v] of [...namespaceUsage(cluster.store, quota)].sort(([a], [b]) => (a < b ? -1 : 1)))
      used[k] = text(v);
    const status = { hard, used };
    if (jsonEqual(quota.status, status)) return;
    const next = clone(quota);
    next.status = status;
    cluster.api.update(quotaType(), next, { subresource: "status" });
  }

  const quotasIn = (ns: string) => [...(quotas.get(ns) ?? [])].map((n) => `${ns}/${n}`);

  return {
    name: RESOURCE_QUOTA_CONTROLLER,
    watches: {
      resourcequotas: (e) => {
        const ns = e.object.metadata.namespace ?? "";
        const name = e.object.metadata.name ?? "";
        if (e.type === "DELETED") quotas.get(ns)?.delete(name);
        else {
          let set = quotas.get(ns);
          if (!set) {
            set = new Set();
            quotas.set(ns, set);
          }
          set.add(name);
        }
        return e.type === "DELETED" ? [] : [`${ns}/${name}`];
      },
      "*": (e) => {
        // Events first: as many are written as everything else together.
        if (e.resource === "events") return NO_KEYS;
        const ns = e.object.metadata.namespace;
        if (!ns || !quotas.get(ns)?.size) return NO_KEYS;
        return quotasIn(ns).filter((k) => tracks(cluster, k, e.resource));
      },
    },
    sync,
  };
}

/** Does the quota count objects of this store resource? */
function tracks(cluster: Cluster, key: string, resource: string): boolean {
  const i = key.indexOf("/");
  const quota: KObject | undefined = cluster.store.get("resourcequotas", key.slice(0, i), key.slice(i + 1));
  return Object.keys(quota?.spec?.hard ?? {}).some((r) => storageFor(r) === resource);
}

registerController(resourceQuotaController);
