/**
 * busybox `nslookup HOST [SERVER]` inside a container, against the cluster's CoreDNS.
 *
 * busybox 1.29 and later (busybox:1.36, alpine) build FEATURE_NSLOOKUP_BIG: nslookup sends its
 * own queries, A then AAAA for each name, or one PTR for an address, and prints each reply as
 * it arrives; we take them to arrive in the order sent. The resolv.conf search list is applied
 * only to a name without a dot, so `nslookup web` tries web.default.svc.cluster.local,
 * web.svc.cluster.local and web.cluster.local (two of which are NXDOMAIN), while
 * `nslookup web.default` is sent as is and is NXDOMAIN. Any NXDOMAIN makes the exit status 1.
 *
 *   Server:         10.96.0.10
 *   Address:        10.96.0.10:53
 *
 *   Name:   web.default.svc.cluster.local
 *   Address: 10.96.45.3
 *
 *   ** server can't find web.svc.cluster.local: NXDOMAIN
 *
 * (An authoritative empty answer, such as the AAAA of a Service, prints only its blank line.)
 *
 * busybox:1.28 is the last image with the small libc-based nslookup the Kubernetes DNS
 * debugging page uses: the libc resolver applies the search list (ndots:5) and each address is
 * followed by its reverse name; a failure is `nslookup: can't resolve 'x'` on stderr.
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import { resolveImage } from "../../sim/k8s/images/registry.ts";
import { CLUSTER_DOMAIN, isIPv4, resolve, resolveClusterName } from "../../sim/net/cluster-dns.ts";
import type { Command, CommandContext, ExecResult } from "../types.ts";

type Answer =
  | { rcode: "NOERROR"; authoritative: boolean; lines: string[] }
  | { rcode: "NXDOMAIN" | "SERVFAIL" | "REFUSED" };

interface Query {
  name: string;
  type: "A" | "AAAA" | "PTR";
}

const USAGE =
  "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n" +
  "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n" +
  "Query DNS about HOST\n\n" +
  "QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n";

function run(ctx: CommandContext): ExecResult {
  const args = ctx.argv.slice(1);
  const cluster = ctx.host.cluster as Cluster | undefined;
  const pod = ctx.host.pod as KObject | undefined;
  if (args.length === 0 || args.length > 2 || args[0].startsWith("-"))
    return { stdout: "", stderr: USAGE, exitCode: 1 };
  const conf = readResolvConf(ctx);
  const server = args[1] ?? conf.nameservers[0] ?? "127.0.0.1";
  if (legacyBusybox(pod, ctx.host.container as string | undefined)) return runLegacy(cluster, pod, args[0], server);
  const queries: Query[] = [];
  const ptr = reverseName(args[0]);
  if (ptr) queries.push({ name: ptr, type: "PTR" });
  else {
    const names =
      args[0].includes(".") || conf.search.length === 0 ? [args[0]] : conf.search.map((s) => `${args[0]}.${s}`);
    for (const type of ["A", "AAAA"] as const) for (const name of names) queries.push({ name, type });
  }
  if (!cluster || !isClusterDns(cluster, server)) {
    // No DNS server answers there: busybox waits out its 5 s budget.
    ctx.host.advance(5000);
    return { stdout: ";; connection timed out; no servers could be reached\n\n", stderr: "", exitCode: 1 };
  }
  let stdout = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let exitCode = 0;
  for (const q of queries) {
    const a = answer(cluster, q);
    if (a.rcode !== "NOERROR") {
      stdout += `** server can't find ${q.name}: ${a.rcode}\n`;
      exitCode = 1;
    } else {
      if (!a.authoritative) stdout += "Non-authoritative answer:\n";
      stdout += a.lines.join("");
    }
    stdout += "\n";
  }
  return { stdout, stderr: "", exitCode };
}

/** One reply of CoreDNS (the kubernetes plugin is authoritative for cluster.local and the reverse zones). */
export function answer(cluster: Cluster, q: Query): Answer {
  const name = q.name.toLowerCase().replace(/\.$/, "");
  if (q.type === "PTR") {
    const ip = name.endsWith(".in-addr.arpa")
      ? name.slice(0, -".in-addr.arpa".length).split(".").reverse().join(".")
      : "";
    const host = isIPv4(ip) ? reverseRecord(cluster, ip) : undefined;
    return host
      ? { rcode: "NOERROR", authoritative: true, lines: [`${q.name}\tname = ${host}\n`] }
      : { rcode: "NXDOMAIN" };
  }
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(suffix)) return { rcode: "NXDOMAIN" }; // forwarded upstream: the sandbox has no Internet
  const labels = name.slice(0, -suffix.length).split(".");
  if (labels.length === 2 && labels[1] === "svc") {
    // `<namespace>.svc.cluster.local`: an empty answer when the namespace exists.
    return cluster.store.get("namespaces", "", labels[0])
      ? { rcode: "NOERROR", authoritative: true, lines: [] }
      : { rcode: "NXDOMAIN" };
  }
  if (labels.length === 3 && labels[2] === "svc") {
    const svc = cluster.store.get("services", labels[1], labels[0]);
    if (svc?.spec?.type === "ExternalName") {
      return {
        rcode: "NOERROR",
        authoritative: true,
        lines: [`${q.name}\tcanonical name = ${svc.spec.externalName}\n`],
      };
    }
  }
  const r = resolveClusterName(cluster, name);
  if (!r.ok) return { rcode: "NXDOMAIN" };
  if (q.type === "AAAA") return { rcode: "NOERROR", authoritative: true, lines: [] };
  return { rcode: "NOERROR", authoritative: true, lines: r.ips.map((ip) => `Name:\t${q.name}\nAddress: ${ip}\n`) };
}

/**
 * CoreDNS's reverse record for an IP: a Service's ClusterIP names the Service; an endpoint's IP
 * names `<hostname or dashed IP>.<service>.<namespace>.svc.cluster.local` (the first match).
 */
function reverseRecord(cluster: Cluster, ip: string): string | undefined {
  for (const svc of cluster.store.list("services")) {
    if (svc.spec?.clusterIP === ip) return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
  }
  for (const ep of cluster.store.list("endpoints")) {
    for (const s of ep.subsets ?? []) {
      for (const a of s.addresses ?? []) {
        if (a.ip !== ip) continue;
        const host = a.hostname || ip.replace(/\./g, "-");
        return `${host}.${ep.metadata.name}.${ep.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
      }
    }
  }
  return undefined;
}

function reverseName(s: string): string | undefined {
  return isIPv4(s) ? `${s.split(".").reverse().join(".")}.in-addr.arpa` : undefined;
}

function isClusterDns(cluster: Cluster, server: string): boolean {
  return cluster.store.get("services", "kube-system", "kube-dns")?.spec?.clusterIP === server;
}

function readResolvConf(ctx: CommandContext): { nameservers: string[]; search: string[] } {
  const text = ctx.fs.readFile("/etc/resolv.conf");
  const out = { nameservers: [] as string[], search: [] as string[] };
  if (!text.ok) return out;
  for (const line of text.value.split("\n")) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === "nameserver" && rest[0]) out.nameservers.push(rest[0]);
    else if (key === "search") out.search = rest;
    else if (key === "domain" && out.search.length === 0 && rest[0]) out.search = [rest[0]];
  }
  return out;
}

/** busybox:1.28 (and older) run the small nslookup; later tags the one described above. */
function legacyBusybox(pod: KObject | undefined, container: string | undefined): boolean {
  type Spec = { name: string; image?: string };
  const specs: Spec[] = [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])];
  const image = specs.find((c) => c.name === container)?.image;
  const resolved = image ? resolveImage(image) : undefined;
  if (resolved?.entry.repository !== "docker.io/library/busybox") return false;
  const m = /^1\.(\d+)/.exec(resolved.ref.tag);
  return !!m && Number(m[1]) <= 28;
}

/** The libc nslookup: `%-10s` headers, `Address N: IP [reverse name]`. */
function runLegacy(cluster: Cluster | undefined, pod: KObject | undefined, host: string, server: string): ExecResult {
  const reverse = (ip: string) => (cluster ? reverseRecord(cluster, ip) : undefined);
  const addressLine = (n: number, ip: string) => {
    const name = reverse(ip);
    return `Address ${n}: ${ip}${name ? ` ${name}` : ""}\n`;
  };
  let stdout = `${"Server:".padEnd(10)} ${server}\n${addressLine(1, server)}\n`;
  const r = cluster && pod ? resolve(cluster, host, { kind: "pod", pod, ip: pod.status?.podIP ?? "" }) : { ok: false };
  if (!r.ok || !("ips" in r)) return { stdout, stderr: `nslookup: can't resolve '${host}'\n`, exitCode: 1 };
  stdout += `${"Name:".padEnd(10)} ${host}\n`;
  r.ips.forEach((ip, i) => {
    stdout += addressLine(i + 1, ip);
  });
  return { stdout, stderr: "", exitCode: 0 };
}

export const nslookupCommand: Command = {
  name: "nslookup",
  summary: "query DNS about a host",
  run,
};
