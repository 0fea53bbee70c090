/**
 * A StatefulSet pod's stable identity (pkg/controller/statefulset/stateful_set_utils.go):
 *   name      <set>-<ordinal>               web-0, web-1, ...
 *   hostname  the pod name; subdomain the set's serviceName (DNS web-0.nginx.default.svc...)
 *   labels    statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index (PodIndexLabel,
 *             beta and on since 1.28), controller-revision-hash = the revision's *name*
 *   storage   one PVC per volumeClaimTemplate, `<claim>-<set>-<ordinal>` (www-web-0), mounted
 *             in place of any template volume of the same name
 */
import { clone, type KObject } from "../../api/object.ts";
import { CONTROLLER_REVISION_HASH } from "../controllerrevision/history.ts";
import { type Json, podFromTemplate } from "../controllerrevision/owned.ts";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

/** getParentNameAndOrdinal: the ordinal of a pod named `<set>-<n>`, or -1. */
export function ordinalOf(set: KObject, pod: KObject): number {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? "";
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

export const podRevision = (pod: KObject): string => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? "";

export const claimName = (set: KObject, claim: Json, ordinal: number): string =>
  `${claim?.metadata?.name ?? ""}-${set.metadata.name}-${ordinal}`;

/** getPersistentVolumeClaims: the claims a pod of this ordinal uses, labelled with the set's selector. */
export function claimsFor(set: KObject, ordinal: number): KObject[] {
  const out: KObject[] = [];
  const matchLabels = set.spec?.selector?.matchLabels ?? {};
  for (const tmpl of set.spec?.volumeClaimTemplates ?? []) {
    const c = clone(tmpl ?? {});
    const metadata: KObject["metadata"] = { ...(c.metadata ?? {}) };
    delete metadata.creationTimestamp;
    metadata.name = claimName(set, tmpl, ordinal);
    metadata.namespace = set.metadata.namespace;
    const labels: Record<string, string> = { ...(metadata.labels ?? {}), ...matchLabels };
    if (Object.keys(labels).length > 0) metadata.labels = labels;
    else delete metadata.labels;
    out.push({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata, spec: c.spec ?? {} });
  }
  return out;
}

/**
 * newVersionedStatefulSetPod: the pod of `ordinal` made from `template` (the template of the
 * revision it belongs to), with its identity and storage.
 */
export function newStatefulPod(set: KObject, template: Json, revisionName: string, ordinal: number, minor: number) {
  const pod = podFromTemplate(template, set);
  const name = `${set.metadata.name}-${ordinal}`;
  pod.metadata.name = name;
  const labels: Record<string, string> = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: name };
  if (minor >= 28) labels[POD_INDEX_LABEL] = String(ordinal);
  labels[CONTROLLER_REVISION_HASH] = revisionName;
  pod.metadata.labels = labels;
  pod.spec.hostname = name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  const templates: Json[] = set.spec?.volumeClaimTemplates ?? [];
  if (templates.length > 0) {
    const claimed = new Set(templates.map((t) => t?.metadata?.name));
    const volumes: Json[] = (pod.spec.volumes ?? []).filter((v: Json) => !claimed.has(v?.name));
    for (const t of templates) {
      volumes.push({ name: t?.metadata?.name, persistentVolumeClaim: { claimName: claimName(set, t, ordinal) } });
    }
    pod.spec.volumes = volumes;
  }
  return pod;
}

/** The template a revision restores (ApplyRevision): its patch without `$patch`. */
export function revisionTemplate(revision: KObject | undefined, fallback: Json): Json {
  const t = revision?.data?.spec?.template;
  if (!t) return fallback;
  const { $patch: _p, ...rest } = t;
  return rest;
}
