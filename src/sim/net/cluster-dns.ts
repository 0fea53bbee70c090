/**
 * Name resolution as a client sees it. Inside a pod (dnsPolicy ClusterFirst) CoreDNS answers
 * `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` (search path
 * `<ns>.svc.cluster.local svc.cluster.local cluster.local`), headless services with their
 * ready pods' IPs, `host.subdomain.ns.svc.cluster.local`, and `1-2-3-4.ns.pod.cluster.local`.
 * A node resolves through its own resolver: `localhost`, the nodes' names (the lab machines'
 * /etc/hosts), but no cluster names — `curl my-svc` on a node fails to resolve, as it does on
 * a kubeadm host.
 */
import type { KObject } from "../k8s/api/object.ts";
import type { Cluster } from "../k8s/cluster.ts";

export const CLUSTER_DOMAIN = "cluster.local";

export type Client = { kind: "node"; node: string; ip: string } | { kind: "pod"; pod: KObject; ip: string };

export type Resolution = { ok: true; ips: string[]; canonical?: string } | { ok: false };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIPv4(s: string): boolean {
  const m = IPV4.exec(s);
  return !!m && m.slice(1).every((x) => Number(x) <= 255);
}

export function resolve(cluster: Cluster, name: string, client: Client): Resolution {
  const host = name.toLowerCase().replace(/\.$/, "");
  if (isIPv4(host)) return { ok: true, ips: [host] };
  if (host === "localhost") return { ok: true, ips: ["127.0.0.1"] };
  if (client.kind === "node") return resolveOnNode(cluster, host);
  const ns = client.pod.metadata.namespace ?? "default";
  // ndots:5: a name with fewer than five dots tries the search path first.
  const candidates: string[] = [];
  const search = [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  const dots = host.split(".").length - 1;
  if (dots < 5) candidates.push(...search.map((s) => `${host}.${s}`), host);
  else candidates.push(host, ...search.map((s) => `${host}.${s}`));
  for (const c of candidates) {
    const r = resolveClusterName(cluster, c);
    if (r.ok) return r;
  }
  return { ok: false };
}

function resolveOnNode(cluster: Cluster, host: string): Resolution {
  const node = cluster.store.get("nodes", "", host);
  const ip = node?.status?.addresses?.find((a: { type: string }) => a.type === "InternalIP")?.address;
  return ip ? { ok: true, ips: [ip] } : { ok: false };
}

/** CoreDNS's kubernetes plugin for a fully qualified name. */
export function resolveClusterName(cluster: Cluster, fqdn: string): Resolution {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return { ok: false };
  const labels = fqdn.slice(0, -suffix.length).split(".");
  if (labels.length === 3 && labels[2] === "pod") {
    const ip = labels[0].replace(/-/g, ".");
    return isIPv4(ip) ? { ok: true, ips: [ip] } : { ok: false };
  }
  if (labels.length === 3 && labels[2] === "svc") return serviceRecord(cluster, labels[1], labels[0]);
  if (labels.length === 4 && labels[3] === "svc") {
    // hostname.subdomain.ns.svc: a headless service's named endpoint.
    const ep = cluster.store.get("endpoints", labels[2], labels[1]);
    for (const s of ep?.subsets ?? []) {
      for (const a of s.addresses ?? []) if (a.hostname === labels[0]) return { ok: true, ips: [a.ip] };
    }
  }
  return { ok: false };
}

function serviceRecord(cluster: Cluster, namespace: string, name: string): Resolution {
  const svc = cluster.store.get("services", namespace, name);
  if (!svc) return { ok: false };
  const spec = svc.spec ?? {};
  if (spec.type === "ExternalName") return { ok: false, ...{ canonical: spec.externalName } };
  if (spec.clusterIP && spec.clusterIP !== "None") return { ok: true, ips: [spec.clusterIP] };
  const ep = cluster.store.get("endpoints", namespace, name);
  const ips: string[] = [];
  for (const s of ep?.subsets ?? []) for (const a of s.addresses ?? []) if (!ips.includes(a.ip)) ips.push(a.ip);
  return ips.length ? { ok: true, ips } : { ok: false };
}
