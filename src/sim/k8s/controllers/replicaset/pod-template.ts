/**
 * GetPodFromTemplate (pkg/controller/controller_utils.go): a pod as a ReplicaSet creates it:
 * the template's labels, annotations and finalizers, `generateName: <owner>-` (the API server
 * appends five random characters), the controller reference, and the template's spec.
 */
import { clone, type KObject } from "../../api/object.ts";
import { newControllerRef } from "../controller-utils/controller-ref.ts";

export function podFromTemplate(owner: KObject): KObject {
  const template = owner.spec?.template ?? {};
  const meta = template.metadata ?? {};
  const metadata: KObject["metadata"] = {
    generateName: `${owner.metadata.name}-`,
    namespace: owner.metadata.namespace,
    ownerReferences: [newControllerRef(owner)],
  };
  if (meta.labels && Object.keys(meta.labels).length > 0) metadata.labels = { ...meta.labels };
  if (meta.annotations && Object.keys(meta.annotations).length > 0) metadata.annotations = { ...meta.annotations };
  if (Array.isArray(meta.finalizers) && meta.finalizers.length > 0) metadata.finalizers = [...meta.finalizers];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: clone(template.spec ?? {}) };
}
