/**
 * A stand-in kubelet for controller tests, independent of the real one: it only looks at pods
 * whose spec.schedulerName is `fake-scheduler`, which the real scheduler leaves alone and, never
 * being bound, the real kubelet never sees. Such a pod turns Running and Ready `readyAfterMs`
 * after it is created, unless its first container's image is in `neverPulls`, in which case it
 * stays Pending waiting in ErrImagePull. Tests can thus script readiness exactly.
 */
import { rfc3339 } from "../../../../src/sim/core/clock.ts";
import type { Controller } from "../../../../src/sim/core/reconcile.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import type { Cluster } from "../../../../src/sim/k8s/cluster.ts";
import { registerController } from "../../../../src/sim/k8s/controller-registry.ts";

export const FAKE_SCHEDULER = "fake-scheduler";

export const fakeKubelet = {
  readyAfterMs: 2000,
  neverPulls: new Set<string>(["nginx:does-not-exist"]),
};

function fakeKubeletController(cluster: Cluster): Controller {
  const podsType = cluster.discovery.forKind("v1", "Pod")!;
  const ours = (p: KObject) => p.spec?.schedulerName === FAKE_SCHEDULER && !p.spec?.nodeName;
  // Pods due at the same instant share one timer (the reconciler sorts its timers on every add).
  const due = new Map<number, string[]>();
  return {
    name: "fake-kubelet",
    watches: {
      pods: (e) => {
        if (e.type !== "ADDED" || !ours(e.object)) return [];
        const at = cluster.clock.now() + fakeKubelet.readyAfterMs;
        let keys = due.get(at);
        if (!keys) {
          keys = [];
          due.set(at, keys);
          cluster.reconciler.requeueAt("fake-kubelet", `@${at}`, at);
        }
        keys.push(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
        return [];
      },
    },
    sync(timerKey) {
      const at = Number(timerKey.slice(1));
      const keys = due.get(at) ?? [];
      due.delete(at);
      for (const key of keys) ready(key);
    },
  };

  function ready(key: string): void {
    const [ns, name] = key.split("/");
    const pod = cluster.store.get("pods", ns, name);
    if (!pod || !ours(pod) || pod.metadata.deletionTimestamp) return;
    const now = rfc3339(cluster.clock.now());
    const image = pod.spec.containers?.[0]?.image ?? "";
    const c = pod.spec.containers?.[0]?.name ?? "c";
    const status = fakeKubelet.neverPulls.has(image)
      ? {
          phase: "Pending",
          conditions: [{ type: "Ready", status: "False", lastProbeTime: null, lastTransitionTime: now }],
          containerStatuses: [
            {
              name: c,
              image,
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: "ErrImagePull", message: "pull failed" } },
            },
          ],
        }
      : {
          phase: "Running",
          conditions: [{ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: now }],
          containerStatuses: [{ name: c, image, ready: true, restartCount: 0, state: { running: { startedAt: now } } }],
        };
    cluster.api.update(podsType, { ...pod, status }, { subresource: "status" });
  }
}

registerController(fakeKubeletController);
