/**
 * Finding what a check talks about: a resource named the way kubectl takes it (`deploy`,
 * `pods`, `ingresses.networking.k8s.io`) resolved through the cluster's discovery, and the
 * words for it in an explanation (`deployment "web"`, `3 pods`).
 */
import { resolveResource } from "../../cli/kubectl/resource-mapper.ts";
import type { KObject } from "../../sim/k8s/api/object.ts";
import type { ResourceType } from "../../sim/k8s/api/resources.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import { fromLabelSelector } from "../../sim/k8s/selectors/labels.ts";

export type TypeLookup = { ok: true; type: ResourceType } | { ok: false; error: string };

export function lookupType(cluster: Cluster, resource: string): TypeLookup {
  const r = resolveResource(cluster.discovery, resource);
  if (!r.ok)
    return {
      ok: false,
      error: `the lab asks about "${resource}", but ${r.error.replace(/^the server/, "the cluster")}`,
    };
  if (r.types.length !== 1)
    return { ok: false, error: `the lab's resource "${resource}" names a category, not one resource type` };
  return { ok: true, type: r.types[0] };
}

/** `deployment`, `pod`, `ingress`: the word a user says. */
export const kindWord = (t: ResourceType): string => t.kind.toLowerCase();
/** `deployments`, `pods`. */
export const kindWords = (t: ResourceType): string => t.resource;

/** `pods` for 1, `3 pods`. */
export function countWords(n: number, t: ResourceType): string {
  return `${n} ${n === 1 ? kindWord(t) : kindWords(t)}`;
}

/** The namespace a check means: its own, else `default`; "" for cluster-scoped types; undefined for all (`*`). */
export function namespaceOf(t: ResourceType, namespace: string | undefined): string | undefined {
  if (!t.namespaced) return "";
  if (namespace === "*" || namespace === "all") return undefined;
  return namespace || "default";
}

/** ` in namespace dev` (nothing for cluster-scoped objects, ` in all namespaces` for `*`). */
export function whereWords(t: ResourceType, namespace: string | undefined): string {
  if (!t.namespaced) return "";
  return namespace === undefined ? " in all namespaces" : ` in namespace ${namespace}`;
}

/** `deployment "web"` (with ` in namespace dev` when asked). */
export function objectWords(t: ResourceType, o: KObject): string {
  return `${kindWord(t)} "${o.metadata.name ?? ""}"`;
}

export function listObjects(cluster: Cluster, t: ResourceType, namespace: string | undefined): KObject[] {
  return cluster.api.list(t, namespace);
}

/** The pods a workload's selector picks (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, Service). */
export function podsOf(cluster: Cluster, o: KObject): KObject[] {
  const ns = o.metadata.namespace ?? "default";
  const sel =
    o.kind === "Service" || o.kind === "ReplicationController" ? { matchLabels: o.spec?.selector } : o.spec?.selector;
  if (!sel || (o.kind === "Service" && !o.spec?.selector)) return [];
  const parsed = fromLabelSelector(sel);
  if (!parsed.ok) return [];
  return cluster.store.list("pods", ns).filter((p) => parsed.selector.matches(p.metadata.labels ?? {}));
}

/** Kinds whose objects run pods, so a failing check about them can say why their pods are not ready. */
export const WORKLOAD_KINDS = new Set([
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "ReplicationController",
  "Service",
]);
