/** Stands in for the kubelet when none runs: scheduled pods become Running and Ready with an IP. */
import type { Simulation } from "../../../src/cli/simulation.ts";

// biome-ignore lint/suspicious/noExplicitAny: test JSON.
type Json = any;

export function bringUp(sim: Simulation, at = "2026-01-05T09:00:20Z"): void {
  const c = sim.cluster;
  const t = c.discovery.forKind("v1", "Pod")!;
  let n = 10;
  for (const p of c.store.list("pods", "default")) {
    if (p.status?.podIP || !p.spec?.nodeName) continue;
    const node = p.spec.nodeName as string;
    const ip = `10.244.${node === "k8s-m" ? 0 : Number(node.slice(-1))}.${n++}`;
    const pod = structuredClone(p);
    pod.status = {
      ...pod.status,
      phase: "Running",
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [
        ...(pod.status?.conditions ?? []).filter((x: Json) => x.type !== "Ready"),
        { lastProbeTime: null, lastTransitionTime: at, status: "True", type: "Ready" },
      ],
      containerStatuses: pod.spec.containers.map((x: Json) => ({
        name: x.name,
        ready: true,
        state: { running: { startedAt: at } },
      })),
    };
    c.api.update(t, pod, { subresource: "status" });
  }
  c.settle();
}

/** Replaces each pod's IP (which the kubelet picks) with `<ip of NAME>`, so goldens survive its choices. */
export function tokenizePodIPs(sim: Simulation, text: string): string {
  let out = text;
  const pods = sim.cluster.store.list("pods", "default").filter((p) => p.status?.podIP);
  // Longest IPs first so 10.244.1.1 does not eat into 10.244.1.10.
  pods.sort((a, b) => b.status.podIP.length - a.status.podIP.length);
  for (const p of pods) out = out.split(p.status.podIP).join(`<ip of ${p.metadata.name}>`);
  return out;
}
