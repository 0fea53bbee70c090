/**
 * The bytes Kubernetes hashes to order endpoint ports and subsets: go-spew's `%#v` dump
 * (hash.DeepHashObject: types in parentheses, struct fields `Name:value` separated by spaces,
 * nil pointers and slices as `<nil>`, no pointer addresses), then md5. Only the structs the
 * endpoint controllers hash are modelled, field by field in Go declaration order.
 *
 * Worked example (kube-dns): the three core/v1 EndpointPorts dump as
 *   (v1.EndpointPort){Name:(string)dns-tcp Port:(int32)53 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}
 * whose md5 digests start 3b6a.., 3e9d.. (dns/UDP) and 76a7.. (metrics), hence the order
 * `dns-tcp, dns, metrics` every real cluster shows.
 */
import { md5, md5Hex } from "./md5.ts";

// biome-ignore lint/suspicious/noExplicitAny: endpoint JSON is schemaless here.
type Json = any;

const ptr = (type: string, v: unknown): string =>
  v === undefined || v === null ? `(*${type})<nil>` : `(*${type})${v}`;

/** core/v1 EndpointPort. */
export function dumpEndpointPort(p: Json): string {
  return `(v1.EndpointPort){Name:(string)${p.name ?? ""} Port:(int32)${p.port ?? 0} Protocol:(v1.Protocol)${p.protocol ?? ""} AppProtocol:${ptr("string", p.appProtocol)}}`;
}

/** discovery/v1 EndpointPort: every field is a pointer. */
export function dumpDiscoveryPort(p: Json): string {
  return `(v1.EndpointPort){Name:${ptr("string", p.name)} Protocol:${ptr("v1.Protocol", p.protocol)} Port:${ptr("int32", p.port)} AppProtocol:${ptr("string", p.appProtocol)}}`;
}

function dumpObjectReference(r: Json): string {
  if (!r) return "(*v1.ObjectReference)<nil>";
  return `(*v1.ObjectReference){Kind:(string)${r.kind ?? ""} Namespace:(string)${r.namespace ?? ""} Name:(string)${r.name ?? ""} UID:(types.UID)${r.uid ?? ""} APIVersion:(string)${r.apiVersion ?? ""} ResourceVersion:(string)${r.resourceVersion ?? ""} FieldPath:(string)${r.fieldPath ?? ""}}`;
}

/** An element of a slice: spew omits the element type. */
function dumpAddressElem(a: Json): string {
  return `{IP:(string)${a.ip ?? ""} Hostname:(string)${a.hostname ?? ""} NodeName:${ptr("string", a.nodeName)} TargetRef:${dumpObjectReference(a.targetRef)}}`;
}

function dumpSlice(type: string, items: Json[] | undefined, elem: (x: Json) => string): string {
  if (!items) return `([]${type})<nil>`;
  return `([]${type})[${items.map(elem).join(" ")}]`;
}

const portElem = (p: Json) => dumpEndpointPort(p).slice("(v1.EndpointPort)".length);

export function dumpSubset(s: Json): string {
  return `(v1.EndpointSubset){Addresses:${dumpSlice("v1.EndpointAddress", s.addresses, dumpAddressElem)} NotReadyAddresses:${dumpSlice("v1.EndpointAddress", s.notReadyAddresses, dumpAddressElem)} Ports:${dumpSlice("v1.EndpointPort", s.ports, portElem)}}`;
}

/** bytes.Compare of two md5 digests. */
function compareDigests(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Sorts by the md5 of each element's dump (stable, like Go's insertion sort at these sizes). */
export function sortByHash<T>(items: T[], dump: (x: T) => string): T[] {
  const keyed = items.map((x) => ({ x, h: md5(dump(x)) }));
  keyed.sort((a, b) => compareDigests(a.h, b.h));
  return keyed.map((k) => k.x);
}

/** DeepHashObjectToString: the hex md5 of a dump (EndpointSlice port-map keys). */
export function hashString(dump: string): string {
  return md5Hex(dump);
}
