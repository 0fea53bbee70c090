/**
 * Rows for Service, Endpoints, EndpointSlice, Ingress, IngressClass and NetworkPolicy
 * (printService, printEndpoints, ... in pkg/printers/internalversion). The server prints with
 * Wide=true, so load-balancer addresses are never clipped.
 */
import type { KObject } from "../../../../sim/k8s/api/object.ts";
import { translateTimestampSince } from "../age.ts";
import { ageCol, col, type KindPrinter, nameCol, wideCol } from "../columns.ts";
import { byString, formatLabelSelector, formatLabels, type Json } from "../format.ts";

function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The set of load-balancer IPs/hostnames, sorted, comma-joined. */
export function loadBalancerAddresses(lb: Json): string {
  const set = new Set<string>();
  for (const i of lb?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort(byString).join(",");
}

export function serviceExternalIP(svc: KObject): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? "ClusterIP") {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer);
      if (externalIPs.length) return [...(lb ? lb.split(",") : []), ...externalIPs].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
  }
  return "<unknown>";
}

/** "80/TCP", "80:30080/TCP", comma-joined. */
export function servicePorts(ports: Json[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`,
    )
    .join(",");
}

export const servicePrinter: KindPrinter = {
  columns: () => [
    nameCol,
    col("Type"),
    col("Cluster-IP"),
    col("External-IP"),
    col("Port(s)"),
    ageCol,
    wideCol("Selector"),
  ],
  row: (svc, opts) => {
    const spec = svc.spec ?? {};
    const clusterIP: string = spec.clusterIPs?.[0] ?? spec.clusterIP ?? "";
    return [
      svc.metadata.name ?? "",
      spec.type ?? "",
      clusterIP || "<none>",
      serviceExternalIP(svc),
      servicePorts(spec.ports) || "<none>",
      translateTimestampSince(svc.metadata.creationTimestamp, opts.now),
      formatLabels(spec.selector),
    ];
  },
};

/**
 * formatEndpoints: up to three `ip:port` entries then " + N more...". `portNames` restricts to
 * the named service port (describe service); undefined means all ports.
 */
export function formatEndpoints(ep: KObject | undefined, portNames?: Set<string>): string {
  const subsets: Json[] = ep?.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses: Json[] = ss.addresses ?? [];
    const ports: Json[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      if (portNames === undefined || portNames.has(port.name ?? "")) {
        count += addresses.length;
        for (const a of addresses) {
          if (list.length === max) {
            more = true;
            break;
          }
          list.push(joinHostPort(a.ip, port.port));
        }
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** formatEndpointSlices (describe service, 1.33): ready endpoints of the named port. */
export function formatEndpointSlices(slices: KObject[], portNames?: Set<string>): string {
  if (slices.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const s of slices) {
    const endpoints: Json[] = s.endpoints ?? [];
    const ports: Json[] = s.ports ?? [];
    const isReady = (e: Json): boolean =>
      e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready;
    if (ports.length === 0) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(e)) continue;
        if (!more) list.push(e.addresses?.[0]);
        count++;
      }
      continue;
    }
    for (const port of ports) {
      if (portNames !== undefined && !portNames.has(port.name ?? "")) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses?.[0], port.port));
        count++;
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: KindPrinter = {
  columns: () => [nameCol, col("Endpoints"), ageCol],
  row: (ep, opts) => [
    ep.metadata.name ?? "",
    formatEndpoints(ep),
    translateTimestampSince(ep.metadata.creationTimestamp, opts.now),
  ],
};

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(",");
  if (more) return `${ret} + ${count - max} more...`;
  return ret === "" ? "<unset>" : ret;
}

export const endpointSlicePrinter: KindPrinter = {
  columns: () => [nameCol, col("AddressType"), col("Ports"), col("Endpoints"), ageCol],
  row: (s, opts) => {
    const max = 3;
    const ports: string[] = [];
    let portsMore = false;
    let portCount = 0;
    for (const p of s.ports ?? []) {
      if (ports.length < max) ports.push(p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? "*"));
      else portsMore = true;
      portCount++;
    }
    const addrs: string[] = [];
    let addrMore = false;
    let addrCount = 0;
    for (const e of s.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else addrMore = true;
        addrCount++;
      }
    }
    return [
      s.metadata.name ?? "",
      s.addressType ?? "",
      listWithMore(ports, portsMore, portCount, max),
      listWithMore(addrs, addrMore, addrCount, max),
      translateTimestampSince(s.metadata.creationTimestamp, opts.now),
    ];
  },
};

function ingressHosts(rules: Json[] | undefined): string {
  const rs = rules ?? [];
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const r of rs) {
    if (list.length === max) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return "*";
  const ret = list.join(",");
  return more ? `${ret} + ${rs.length - max} more...` : ret;
}

export const ingressPrinter: KindPrinter = {
  columns: () => [nameCol, col("Class"), col("Hosts"), col("Address"), col("Ports"), ageCol],
  row: (ing, opts) => [
    ing.metadata.name ?? "",
    ing.spec?.ingressClassName ?? "<none>",
    ingressHosts(ing.spec?.rules),
    loadBalancerAddresses(ing.status?.loadBalancer),
    (ing.spec?.tls ?? []).length ? "80, 443" : "80",
    translateTimestampSince(ing.metadata.creationTimestamp, opts.now),
  ],
};

export const ingressClassPrinter: KindPrinter = {
  columns: () => [nameCol, col("Controller"), col("Parameters"), ageCol],
  row: (ic, opts) => {
    const p = ic.spec?.parameters;
    let parameters = "<none>";
    if (p) parameters = `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ""}/${p.name}`;
    return [
      ic.metadata.name ?? "",
      ic.spec?.controller ?? "",
      parameters,
      translateTimestampSince(ic.metadata.creationTimestamp, opts.now),
    ];
  },
};

export const networkPolicyPrinter: KindPrinter = {
  columns: () => [nameCol, col("Pod-Selector"), ageCol],
  row: (np, opts) => [
    np.metadata.name ?? "",
    formatLabelSelector(np.spec?.podSelector ?? {}),
    translateTimestampSince(np.metadata.creationTimestamp, opts.now),
  ],
};
