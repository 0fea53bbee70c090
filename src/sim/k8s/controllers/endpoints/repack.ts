/**
 * RepackSubsets and SortSubsets (pkg/api/v1/endpoints): the controller emits one subset per
 * (pod, port); repacking groups ports that the same set of addresses offers, so three ready
 * pods behind two ports become one subset of three addresses and two ports. An address that is
 * not ready for any port is listed as not ready ("not ready always trumps ready"). Addresses
 * sort by IP bytes then pod uid; ports and subsets by the md5 of their spew dump (spew.ts).
 */
import { dumpEndpointPort, dumpSubset, sortByHash } from "./spew.ts";

// biome-ignore lint/suspicious/noExplicitAny: endpoint JSON is schemaless here.
type Json = any;

export interface RawSubset {
  addresses?: Json[];
  notReadyAddresses?: Json[];
  /** Empty for a headless service without ports. */
  ports: Json[];
}

const addressKey = (a: Json) => `${a.ip}\u0000${a.targetRef?.uid ?? ""}`;
const portKey = (p: Json) => JSON.stringify([p.name ?? "", p.port ?? 0, p.protocol ?? "", p.appProtocol ?? null]);
/** The sentinel port that keeps addresses of a port-less headless service. */
const NO_PORTS = "\u0000none";

export function repackSubsets(subsets: RawSubset[]): Json[] {
  const allAddrs = new Map<string, Json>();
  const portToAddrs = new Map<string, { port: Json | undefined; ready: Map<string, boolean> }>();
  const add = (addr: Json, port: Json | undefined, ready: boolean) => {
    const ak = addressKey(addr);
    if (!allAddrs.has(ak)) allAddrs.set(ak, addr);
    const pk = port ? portKey(port) : NO_PORTS;
    let entry = portToAddrs.get(pk);
    if (!entry) {
      entry = { port, ready: new Map() };
      portToAddrs.set(pk, entry);
    }
    const was = entry.ready.get(ak);
    if (was === undefined || was) entry.ready.set(ak, ready);
  };
  for (const s of subsets) {
    const ports: (Json | undefined)[] = s.ports.length ? s.ports : [undefined];
    for (const port of ports) {
      for (const a of s.addresses ?? []) add(a, port, true);
      for (const a of s.notReadyAddresses ?? []) add(a, port, false);
    }
  }
  // Group ports by the exact set of (address, readiness) that offers them.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: Json[] }>();
  for (const { port, ready } of portToAddrs.values()) {
    const key = [...ready.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, r]) => `${k}=${r}`)
      .join("\u0001");
    let g = groups.get(key);
    if (!g) {
      g = { ready, ports: [] };
      groups.set(key, g);
    }
    if (port) g.ports.push(port);
  }
  const final: Json[] = [];
  for (const g of groups.values()) {
    const ready: Json[] = [];
    const notReady: Json[] = [];
    for (const [k, r] of g.ready) (r ? ready : notReady).push(allAddrs.get(k));
    const s: Json = {};
    if (ready.length) s.addresses = ready;
    if (notReady.length) s.notReadyAddresses = notReady;
    if (g.ports.length) s.ports = g.ports;
    final.push(s);
  }
  return sortSubsets(final);
}

/** LessEndpointAddress: IP bytes, then the target's uid. */
function compareAddresses(a: Json, b: Json): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const au = a.targetRef?.uid ?? "";
  const bu = b.targetRef?.uid ?? "";
  return au < bu ? -1 : au > bu ? 1 : 0;
}

export function sortSubsets(subsets: Json[]): Json[] {
  for (const s of subsets) {
    if (s.addresses) s.addresses.sort(compareAddresses);
    if (s.notReadyAddresses) s.notReadyAddresses.sort(compareAddresses);
    if (s.ports) s.ports = sortByHash(s.ports, dumpEndpointPort);
  }
  return subsets.length > 1 ? sortByHash(subsets, dumpSubset) : subsets;
}
