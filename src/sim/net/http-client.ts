/**
 * One HTTP exchange through the simulated network: resolve the host as the client would,
 * route the connection (kube-proxy.ts), and let the container listening on the port answer
 * (http-servers.ts). Failures are the socket-level outcomes curl distinguishes: the name does
 * not resolve, the connection is refused, or nothing answers.
 */
import type { KObject } from "../k8s/api/object.ts";
import type { Cluster } from "../k8s/cluster.ts";
import { serveHttp } from "../k8s/kubelet/container-runtime.ts";
import { kubeletOf } from "../k8s/kubelet/kubelet.ts";
import { type Client, resolve } from "./cluster-dns.ts";
import { type HttpRequest, type HttpResponse, httpServerFor } from "./http-servers.ts";
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
  for (const c of pod.spec?.containers ?? []) {
    const server = httpServerFor(c.image ?? "");
    if (!server || server.port !== target.port || !containerRunning(pod, c.name)) continue;
    const hostname = pod.spec?.hostname ?? pod.metadata.name ?? "";
    // A request to localhost comes from inside the pod: the server sees 127.0.0.1.
    const local = host === "localhost" || host.startsWith("127.");
    logRequest(cluster, local ? { ...client, ip: "127.0.0.1" } : client, pod, target.port, req);
    return { kind: "response", ip, pod, response: server.respond(req, { hostname, now: cluster.clock.now() }) };
  }
  return { kind: "refused", ip };
}

/** The serving container's own view of the request: the kubelet records its access-log line (`kubectl logs`). */
function logRequest(cluster: Cluster, client: Client, pod: KObject, port: number, req: HttpRequest): void {
  const kubelet = kubeletOf(cluster);
  const rt = kubelet?.podRt(pod.metadata.namespace ?? "", pod.metadata.name ?? "");
  if (!kubelet || !rt) return;
  const userAgent = req.headers.find(([k]) => k.toLowerCase() === "user-agent")?.[1] ?? "-";
  serveHttp(kubelet, rt, port, {
    method: req.method,
    path: req.path,
    clientIP: client.ip,
    userAgent,
    at: cluster.clock.now(),
  });
}
