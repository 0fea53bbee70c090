/**
 * The shared state of one bootstrap run: the version profile, the resolved nodes, virtual time
 * and the id source. Builders run in a fixed order and draw ids in a fixed order, so a seed
 * gives the same objects byte for byte.
 */
import { rfc3339 } from "../../core/clock.ts";
import type { Ids } from "../../core/ids.ts";
import type { KObject, ObjectMeta, OwnerReference } from "../api/object.ts";
import type { BootstrapOptions, ResolvedNode } from "./types.ts";
import { type VersionProfile, versionProfile } from "./versions.ts";

/**
 * The cluster was `kubeadm init`-ed this long before the simulation starts, so `kubectl get
 * pods -A` shows an AGE of minutes, as on a lab machine handed to a student.
 */
export const CLUSTER_AGE_SECONDS = 600;

export interface BootstrapContext {
  v: VersionProfile;
  ids: Ids;
  nodes: ResolvedNode[];
  controlPlane: ResolvedNode;
  podCidr: string;
  serviceCidr: string;
  /** The first address of the service range: the `kubernetes` Service's ClusterIP. */
  apiServiceIP: string;
  /** The tenth address: kube-dns. */
  dnsServiceIP: string;
  /** RFC 3339 time `seconds` after `kubeadm init`. */
  at(seconds: number): string;
  /** Same with sub-second precision, as kubelet writes config.seen. */
  atNanos(seconds: number): string;
  /** The CA certificate every kube-root-ca.crt and token Secret carries. */
  caCert: string;
}

export function createContext(opts: BootstrapOptions, nodes: ResolvedNode[], caCert: string): BootstrapContext {
  const v = versionProfile(opts.minor, opts.patch);
  const start = opts.clock.now() - CLUSTER_AGE_SECONDS * 1000;
  const serviceCidr = opts.serviceCidr ?? "10.96.0.0/12";
  const controlPlane = nodes.find((n) => n.controlPlane) ?? nodes[0];
  return {
    v,
    ids: opts.ids,
    nodes,
    controlPlane,
    podCidr: opts.podCidr ?? "10.244.0.0/16",
    serviceCidr,
    apiServiceIP: nthAddress(serviceCidr, 1),
    dnsServiceIP: nthAddress(serviceCidr, 10),
    at: (s) => rfc3339(start + s * 1000),
    atNanos: (s) =>
      `${new Date(start + s * 1000).toISOString().slice(0, 19)}.${String(123456789 + s * 7919).slice(0, 9)}Z`,
    caCert,
  };
}

/** `10.96.0.0/12`, 10 -> `10.96.0.10`. */
export function nthAddress(cidr: string, n: number): string {
  const [base] = cidr.split("/");
  const parts = base.split(".").map(Number);
  let value = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
  value = (value + n) >>> 0;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

export interface MetaInput {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  generation?: number;
  /** Seconds after `kubeadm init`. */
  createdAt: number;
}

/** metadata in the key order the API server serialises it (alphabetical, as kubectl prints). */
export function meta(ctx: BootstrapContext, m: MetaInput): ObjectMeta {
  const out: ObjectMeta = {};
  if (m.annotations && Object.keys(m.annotations).length) out.annotations = sortKeys(m.annotations);
  out.creationTimestamp = ctx.at(m.createdAt);
  if (m.finalizers) out.finalizers = m.finalizers;
  if (m.generation !== undefined) out.generation = m.generation;
  if (m.labels && Object.keys(m.labels).length) out.labels = sortKeys(m.labels);
  out.name = m.name;
  if (m.namespace) out.namespace = m.namespace;
  if (m.ownerReferences) out.ownerReferences = m.ownerReferences;
  out.uid = ctx.ids.uid();
  return out;
}

export function controllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    blockOwnerDeletion: true,
    controller: true,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
  };
}

/** Code-unit order, as Go sorts strings: independent of the host's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}

/** A stable 64-hex digest for an image reference: the same image has the same digest on every node and seed. */
export function imageDigest(image: string): string {
  let out = "";
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < image.length; i++) {
      h ^= image.charCodeAt(i) + round;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}
