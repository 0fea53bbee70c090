/**
 * GetPodFromTemplate (pkg/controller/controller_utils.go): a pod as a ReplicaSet creates it:
 * the template's labels, annotations and finalizers, `generateName: <owner>-` (the API server
 * appends five random characters), the controller reference, and the template's spec.
 *
 * What every replica has the same of and nothing writes to (stored objects are read-only;
 * neither defaulting nor admission touches them) is made once per owner and shared, frozen:
 * the generateName, the owner references, the labels. A ReplicaSet of 150,000 replicas then
 * holds one copy of each, not 150,000. The spec is the pod's own: defaulting and admission
 * complete it in place.
 */
import { clone, type KObject, type OwnerReference } from "../../api/object.ts";
import { newControllerRef } from "../controller-utils/controller-ref.ts";

export function podFromTemplate(owner: KObject): KObject {
  const template = owner.spec?.template ?? {};
  const meta = template.metadata ?? {};
  const shared = sharedParts(owner);
  const metadata: KObject["metadata"] = {
    generateName: shared.generateName,
    namespace: owner.metadata.namespace,
    ownerReferences: shared.ownerReferences,
  };
  if (meta.labels && Object.keys(meta.labels).length > 0) metadata.labels = frozenCopy(meta.labels);
  if (meta.annotations && Object.keys(meta.annotations).length > 0) metadata.annotations = { ...meta.annotations };
  if (Array.isArray(meta.finalizers) && meta.finalizers.length > 0) metadata.finalizers = [...meta.finalizers];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: clone(template.spec ?? {}) };
}

interface SharedParts {
  generateName: string;
  ownerReferences: OwnerReference[];
}

/** By owner uid; checked against the owner, whose name cannot change but whose object does at every write. */
const parts = new Map<string, SharedParts>();

function sharedParts(owner: KObject): SharedParts {
  const uid = owner.metadata.uid ?? "";
  const name = owner.metadata.name ?? "";
  let p = parts.get(uid);
  const ref = p?.ownerReferences[0];
  if (p === undefined || ref?.name !== name || ref.apiVersion !== owner.apiVersion || ref.kind !== owner.kind) {
    // A bound on memory: the parts are cheap to make again.
    if (parts.size >= 10_000) parts.clear();
    p = {
      generateName: `${name}-`,
      ownerReferences: Object.freeze([Object.freeze(newControllerRef(owner))]) as OwnerReference[],
    };
    parts.set(uid, p);
  }
  return p;
}

/** A frozen copy of a template's labels, one per labels object (the template's own is stored, so never changes). */
const copies = new WeakMap<Record<string, string>, Record<string, string>>();

function frozenCopy(labels: Record<string, string>): Record<string, string> {
  let c = copies.get(labels);
  if (c === undefined) {
    c = Object.freeze({ ...labels });
    copies.set(labels, c);
  }
  return c;
}
