/**
 * Where a TCP connection to ip:port lands, as kube-proxy's iptables rules decide it:
 *  - a Service's ClusterIP and port: one of its ready endpoints; none ready: REJECT
 *    (connection refused); a port the Service does not expose: nothing answers (timeout);
 *  - a node's IP (or a node's own 127.0.0.1) and a NodePort: the same, with
 *    externalTrafficPolicy Local keeping only that node's endpoints (none: DROP, a timeout);
 *  - a pod IP: that pod.
 * iptables picks endpoints at random; here each Service rotates through its endpoints
 * (round-robin from an offset derived from the Service's uid, so reproducible per seed), and
 * sessionAffinity ClientIP pins a client to its endpoint for timeoutSeconds of virtual time.
 */
import { Slot } from "../core/slots.ts";
import type { KObject } from "../k8s/api/object.ts";
import type { Cluster } from "../k8s/cluster.ts";
import type { Client } from "./cluster-dns.ts";

// biome-ignore lint/suspicious/noExplicitAny: service and endpoint JSON is schemaless here.
type Json = any;

export type Route =
  | { kind: "pod"; pod: KObject; port: number; service?: KObject }
  | { kind: "refused" }
  | { kind: "timeout" };

interface ProxyState {
  next: Map<string, number>;
  affinity: Map<string, { ip: string; until: number }>;
}

const STATES = new Slot<ProxyState>();

function state(cluster: Cluster): ProxyState {
  return STATES.of(cluster, () => ({ next: new Map(), affinity: new Map() }));
}

function nodeIP(n: KObject): string | undefined {
  return n.status?.addresses?.find((a: Json) => a.type === "InternalIP")?.address;
}

interface Candidate {
  ip: string;
  port: number;
  nodeName?: string;
  targetRef?: Json;
}

/** The ready endpoints of a service port, from the service's Endpoints object. */
function readyEndpoints(cluster: Cluster, svc: KObject, portName: string): Candidate[] {
  const ep = cluster.store.get("endpoints", svc.metadata.namespace ?? "", svc.metadata.name ?? "");
  const out: Candidate[] = [];
  for (const s of ep?.subsets ?? []) {
    const port = (s.ports ?? []).find((p: Json) => (p.name ?? "") === portName && (p.protocol ?? "TCP") === "TCP");
    if (!port) continue;
    for (const a of s.addresses ?? [])
      out.push({ ip: a.ip, port: port.port, nodeName: a.nodeName, targetRef: a.targetRef });
  }
  return out;
}

function seedOffset(uid: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < uid.length; i++) h = Math.imul(h ^ uid.charCodeAt(i), 16777619) >>> 0;
  return h % n;
}

function pick(cluster: Cluster, svc: KObject, candidates: Candidate[], client: Client): Candidate {
  const st = state(cluster);
  const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
  const now = cluster.clock.now();
  const affinity = svc.spec?.sessionAffinity === "ClientIP";
  const aKey = `${key}|${client.ip}`;
  if (affinity) {
    const held = st.affinity.get(aKey);
    const still = held && held.until > now ? candidates.find((c) => c.ip === held.ip) : undefined;
    if (still) {
      held!.until = now + timeoutSeconds(svc) * 1000;
      return still;
    }
  }
  const i = st.next.get(key) ?? seedOffset(svc.metadata.uid ?? key, candidates.length);
  const chosen = candidates[i % candidates.length];
  st.next.set(key, (i + 1) % Math.max(1, candidates.length));
  if (affinity) st.affinity.set(aKey, { ip: chosen.ip, until: now + timeoutSeconds(svc) * 1000 });
  return chosen;
}

const timeoutSeconds = (svc: KObject): number => svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;

function toPod(cluster: Cluster, c: Candidate, svc: KObject): Route {
  const ns = c.targetRef?.namespace ?? svc.metadata.namespace ?? "";
  const pod = c.targetRef?.name ? cluster.store.get("pods", ns, c.targetRef.name) : podByIP(cluster, c.ip);
  return pod ? { kind: "pod", pod, port: c.port, service: svc } : { kind: "refused" };
}

export function podByIP(cluster: Cluster, ip: string): KObject | undefined {
  return cluster.store.list("pods").find((p) => p.status?.podIP === ip && !p.spec?.hostNetwork);
}

export function route(cluster: Cluster, ip: string, port: number, client: Client): Route {
  // A pod's own loopback.
  if (ip.startsWith("127.") && client.kind === "pod") return { kind: "pod", pod: client.pod, port };
  const services = cluster.store.list("services");
  const svc = services.find((s) => s.spec?.clusterIP === ip && s.spec?.type !== "ExternalName");
  if (svc) {
    const sp = (svc.spec.ports ?? []).find((p: Json) => p.port === port && (p.protocol ?? "TCP") === "TCP");
    if (!sp) return { kind: "timeout" };
    const candidates = readyEndpoints(cluster, svc, sp.name ?? "");
    if (candidates.length === 0) return { kind: "refused" };
    return toPod(cluster, pick(cluster, svc, candidates, client), svc);
  }
  const nodes = cluster.store.list("nodes");
  const node =
    ip.startsWith("127.") && client.kind === "node"
      ? nodes.find((n) => n.metadata.name === client.node)
      : nodes.find((n) => nodeIP(n) === ip);
  if (node) {
    const np = services.find(
      (s) =>
        (s.spec?.type === "NodePort" || s.spec?.type === "LoadBalancer") &&
        (s.spec.ports ?? []).some((p: Json) => p.nodePort === port && (p.protocol ?? "TCP") === "TCP"),
    );
    if (!np) return { kind: "refused" };
    const sp = np.spec.ports.find((p: Json) => p.nodePort === port);
    let candidates = readyEndpoints(cluster, np, sp.name ?? "");
    if (candidates.length === 0) return { kind: "refused" };
    if (np.spec.externalTrafficPolicy === "Local") {
      candidates = candidates.filter((c) => c.nodeName === node.metadata.name);
      if (candidates.length === 0) return { kind: "timeout" };
    }
    return toPod(cluster, pick(cluster, np, candidates, client), np);
  }
  const pod = podByIP(cluster, ip);
  if (pod) return { kind: "pod", pod, port };
  return { kind: "timeout" };
}
