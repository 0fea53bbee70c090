/**
 * The apiextensions controllers, folded into one: a CustomResourceDefinition's names are
 * accepted and it becomes Established, at which point discovery serves its kind (so
 * `kubectl get <plural>` and `kubectl apply` of its objects work); deleting the definition
 * deletes its objects and stops serving the kind.
 */
import { rfc3339 } from "../../../core/clock.ts";
import type { Controller } from "../../../core/reconcile.ts";
import { clone, jsonEqual, type KObject } from "../../api/object.ts";
import type { ResourceType, ServedVersion } from "../../api/resources.ts";
import type { Cluster } from "../../cluster.ts";

const CRD_STORAGE = "customresourcedefinitions.apiextensions.k8s.io";

export function crdController(cluster: Cluster): Controller {
  const served = new Map<string, ResourceType>();
  return {
    name: "customresourcedefinitions",
    watches: { [CRD_STORAGE]: (e) => [e.object.metadata.name!] },
    sync(name) {
      const crd = cluster.store.get(CRD_STORAGE, "", name);
      const before = served.get(name);
      if (!crd || crd.metadata.deletionTimestamp) {
        if (before) {
          for (const o of cluster.store.list(`${before.resource}.${before.group}`)) {
            cluster.api.delete(before, o.metadata.namespace ?? "", o.metadata.name!);
          }
          cluster.discovery.removeCustom(before.group, before.resource);
          served.delete(name);
        }
        return;
      }
      const t = typeOf(crd);
      if (!t) return;
      cluster.discovery.addCustom(t);
      served.set(name, t);
      const status = establishedStatus(crd, cluster.clock.now());
      if (!jsonEqual(status, crd.status)) {
        const updated = clone(crd);
        updated.status = status;
        const crdType = cluster.typeOfStorage(CRD_STORAGE);
        if (crdType) cluster.api.update(crdType, updated, { subresource: "status" });
      }
    },
  };
}

function typeOf(crd: KObject): ResourceType | undefined {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group || !names.plural || !names.kind) return undefined;
  // apiextensions/v1beta1 CRDs may give one `version` instead of a list.
  const versions: { name: string; served?: boolean; storage?: boolean }[] = Array.isArray(spec.versions)
    ? spec.versions
    : spec.version
      ? [{ name: spec.version, served: true, storage: true }]
      : [];
  const servedVersions: ServedVersion[] = versions
    .filter((v) => v.served !== false)
    .sort((a, b) => compareKubeVersions(a.name, b.name))
    .map((v) => ({ version: v.name }));
  if (servedVersions.length === 0) return undefined;
  return {
    group: spec.group,
    versions: servedVersions,
    kind: names.kind,
    resource: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    namespaced: spec.scope !== "Cluster",
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    custom: true,
  };
}

function establishedStatus(crd: KObject, now: number) {
  const at =
    crd.status?.conditions?.find((c: { type: string }) => c.type === "Established")?.lastTransitionTime ?? rfc3339(now);
  const names = { ...crd.spec.names };
  names.singular ??= names.kind.toLowerCase();
  names.listKind ??= `${names.kind}List`;
  const versions: { name: string; storage?: boolean }[] = Array.isArray(crd.spec.versions)
    ? crd.spec.versions
    : [{ name: crd.spec.version, storage: true }];
  return {
    acceptedNames: names,
    conditions: [
      {
        lastTransitionTime: at,
        message: "no conflicts found",
        reason: "NoConflicts",
        status: "True",
        type: "NamesAccepted",
      },
      {
        lastTransitionTime: at,
        message: "the initial names have been accepted",
        reason: "InitialNamesAccepted",
        status: "True",
        type: "Established",
      },
    ],
    storedVersions: versions.filter((v) => v.storage).map((v) => v.name),
  };
}

/**
 * Kubernetes' version priority: GA before beta before alpha, higher numbers first, then
 * anything else alphabetically (v1 > v1beta2 > v1beta1 > v1alpha1 > foo).
 */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const stage = m[2] === "alpha" ? 2 : m[2] === "beta" ? 1 : 0;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0), v];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return ra[3] < rb[3] ? -1 : ra[3] > rb[3] ? 1 : 0;
}
