/**
 * One pod as an EndpointSlice endpoint (podToEndpoint, getEndpointPorts in
 * staging/src/k8s.io/endpointslice/utils.go). From 1.22 endpoints carry `serving` and
 * `terminating` (EndpointSliceTerminatingCondition beta) and a terminating pod stays listed
 * with ready=false; 1.21 knows only `ready`.
 */
import type { KObject } from "../../api/object.ts";
import { isPodReady } from "../endpoints/membership.ts";
import { findPort, podIPv4, podTargetRef, shouldSetHostname } from "../endpoints/pod-endpoints.ts";
import { dumpDiscoveryPort, hashString } from "../endpoints/spew.ts";

// biome-ignore lint/suspicious/noExplicitAny: endpoint JSON is schemaless here.
type Json = any;

export function podToEndpoint(pod: KObject, node: KObject | undefined, svc: KObject, minor: number): Json | undefined {
  const ip = podIPv4(pod);
  if (!ip) return undefined;
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ep: Json = { addresses: [ip] };
  if (minor >= 22) {
    ep.conditions = { ready: publishNotReady || (serving && !terminating), serving, terminating };
  } else {
    ep.conditions = { ready: publishNotReady || serving };
  }
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  ep.targetRef = podTargetRef(pod, minor);
  const zone = node?.metadata.labels?.["topology.kubernetes.io/zone"];
  if (zone) ep.zone = zone;
  return ep;
}

/**
 * getEndpointPorts, sorted as NewPortMapKey sorts them (portsInOrder: by the hex md5 of each
 * port's dump). kube-dns's ports come out `metrics, dns, dns-tcp`: PORTS `9153,53,53`.
 */
export function endpointPorts(svc: KObject, pod: KObject, minor: number): Json[] {
  const out: Json[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp, minor);
    if (port === undefined) continue;
    const p: Json = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return sortPorts(out);
}

export function sortPorts(ports: Json[]): Json[] {
  return ports
    .map((p) => ({ p, h: hashString(dumpDiscoveryPort(p)) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
    .map((x) => x.p);
}

/** The port-map key: slices group endpoints offering the same set of ports. */
export function portMapKey(ports: Json[] | null | undefined): string {
  return JSON.stringify(
    sortPorts([...(ports ?? [])]).map((p) => [p.name ?? "", p.port ?? null, p.protocol ?? "", p.appProtocol ?? null]),
  );
}

/** The identity of an endpoint across syncs (the endpoint set's hash: addresses and target). */
export function endpointKey(ep: Json): string {
  return `${(ep.addresses ?? []).join(",")}\u0000${ep.targetRef?.uid ?? ""}`;
}
