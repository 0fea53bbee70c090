/**
 * Test support: what the kubelet simulation will do on its own once it is wired — bound pods
 * become Running and Ready. Only pods not yet Ready are touched, so this stays harmless then.
 */
import { rfc3339 } from "../../../../../src/sim/core/clock.ts";
import type { Cluster } from "../../../../../src/sim/k8s/cluster.ts";

export function makePodsReady(cluster: Cluster): void {
  const t = cluster.discovery.forKind("v1", "Pod")!;
  const now = rfc3339(cluster.clock.now());
  for (const p of cluster.store.list("pods")) {
    if (!p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
    const conditions: Record<string, unknown>[] = p.status?.conditions ?? [];
    if (conditions.some((c) => c.type === "Ready" && c.status === "True")) continue;
    const others = conditions.filter((c) => c.type !== "Ready" && c.type !== "ContainersReady");
    const ready = { lastProbeTime: null, lastTransitionTime: now, status: "True" };
    cluster.api.update(
      t,
      {
        ...p,
        status: {
          ...p.status,
          phase: "Running",
          conditions: [...others, { ...ready, type: "Ready" }, { ...ready, type: "ContainersReady" }],
        },
      },
      { subresource: "status" },
    );
  }
  cluster.settle();
}
