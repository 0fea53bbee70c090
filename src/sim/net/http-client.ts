/**
 * One HTTP exchange through the simulated network: resolve the host as the client would,
 * route the connection (kube-proxy.ts), and let the container listening on the port answer
 * (the kubelet's container runtime, which also writes its access log with the source address
 * the server sees: sourceSeen), framed as that server frames it (http-servers.ts). Failures
 * are the socket-level outcomes curl distinguishes: the name does not resolve, the connection
 * is refused, or nothing answers.
 */
import type { KObject } from "../k8s/api/object.ts";
import type { Cluster } from "../k8s/cluster.ts";
import { serveHttp } from "../k8s/kubelet/container-runtime.ts";
import { kubeletOf } from "../k8s/kubelet/kubelet.ts";
import { type Client, resolve } from "./cluster-dns.ts";
import { type HttpRequest, type HttpResponse, httpResponse } from "./http-servers.ts";
import { route } from "./kube-proxy.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod JSON is schemaless here.
type Json = any;

export type Exchange =
  | { kind: "response"; ip: string; response: HttpResponse; pod: KObject }
  | { kind: "unresolved" }
  | { kind: "refused"; ip: string }
  | { kind: "timeout"; ip: string };

function containerRunning(pod: KObject, name: string): boolean {
  const st = (pod.status?.containerStatuses ?? []).find((c: Json) => c.name === name);
  if (st) return !!st.state?.running;
  return pod.status?.phase === "Running";
}

export function exchange(cluster: Cluster, client: Client, host: string, port: number, req: HttpRequest): Exchange {
  const r = resolve(cluster, host, client);
  if (!r.ok) return { kind: "unresolved" };
  const ip = r.ips[0];
  const target = route(cluster, ip, port, client);
  if (target.kind !== "pod") return { kind: target.kind, ip };
  const pod = target.pod;
  if (pod.metadata.deletionTimestamp && !containerRunning(pod, pod.spec?.containers?.[0]?.name))
    return { kind: "refused", ip };
  const kubelet = kubeletOf(cluster);
  const rt = kubelet?.podRt(pod.metadata.namespace ?? "", pod.metadata.name ?? "");
  if (!kubelet || !rt) return { kind: "refused", ip };
  const at = cluster.clock.now();
  const served = serveHttp(kubelet, rt, target.port, {
    method: req.method,
    path: req.path,
    clientIP: sourceSeen(cluster, client, ip, pod, target.service),
    userAgent: req.headers.find(([k]) => k.toLowerCase() === "user-agent")?.[1] ?? "-",
    at,
  });
  if (!served.ok) return { kind: "refused", ip };
  return { kind: "response", ip, pod, response: httpResponse(served.server, served.version, served.answer, req, at) };
}

/**
 * The source address the serving pod sees (its access log's first field), as the kernel and
 * kube-proxy's iptables rules leave it on a Calico (IPIP) cluster:
 *  - a pod's request to its own localhost: 127.0.0.1;
 *  - through a NodePort with externalTrafficPolicy Cluster: masqueraded by the node that
 *    received it, to that node's IP when the pod runs there, else to its tunl0 address
 *    (projectcalico.org/IPv4IPIPTunnelAddr), the source of anything it routes through the tunnel;
 *  - any other request from a pod (pod IP, ClusterIP, a Local NodePort): the client pod's IP;
 *  - from a node: its own IP when the pod runs on it, else its tunnel address.
 * Example: on k8s-w1 (10.0.0.11, tunnel 10.244.1.0) `curl 10.0.0.12:30080` reaching a pod on
 * k8s-w2 logs 10.244.2.0 (k8s-w2 SNATs); `curl <pod IP on k8s-w2>` logs 10.244.1.0.
 */
function sourceSeen(cluster: Cluster, client: Client, ip: string, pod: KObject, service?: KObject): string {
  const podNode = pod.spec?.nodeName;
  if (client.kind === "pod" && pod === client.pod && ip.startsWith("127.")) return "127.0.0.1";
  const receiving = service ? nodeReceiving(cluster, client, ip) : undefined;
  if (receiving && service?.spec?.externalTrafficPolicy !== "Local") {
    return podNode === receiving.metadata.name ? nodeAddress(receiving) : tunnelAddress(receiving);
  }
  if (client.kind === "pod" || receiving) return client.ip;
  if (podNode === client.node) return client.ip;
  const node = cluster.store.get("nodes", "", client.node);
  return node ? tunnelAddress(node) : client.ip;
}

/** The node a NodePort connection arrived at: the one owning the address (or the client node's own 127.0.0.1). */
function nodeReceiving(cluster: Cluster, client: Client, ip: string): KObject | undefined {
  if (ip.startsWith("127.")) return client.kind === "node" ? cluster.store.get("nodes", "", client.node) : undefined;
  return cluster.store.list("nodes").find((n) => nodeAddress(n) === ip);
}

function nodeAddress(node: KObject): string {
  return node.status?.addresses?.find((a: Json) => a.type === "InternalIP")?.address ?? "";
}

function tunnelAddress(node: KObject): string {
  return node.metadata.annotations?.["projectcalico.org/IPv4IPIPTunnelAddr"] ?? nodeAddress(node);
}
