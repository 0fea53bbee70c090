/**
 * The namespace controller: a namespace marked for deletion (phase Terminating) has its
 * content deleted; once nothing is left its `kubernetes` finalizer is removed and it is gone.
 */
import type { Controller } from "../../../core/reconcile.ts";
import { clone } from "../../api/object.ts";
import type { ResourceType } from "../../api/resources.ts";
import type { ApiServer } from "../../apiserver.ts";

/** The answer of a write that concerns nothing: shared, so never written to (the reconciler only reads it). */
const NO_KEYS: string[] = [];

export function namespaceController(
  api: ApiServer,
  typeOfStorage: (resource: string) => ResourceType | undefined,
): Controller {
  const store = api.store;
  return {
    name: "namespace",
    watches: {
      namespaces: (e) => (e.type !== "DELETED" && e.object.metadata.deletionTimestamp ? [e.object.metadata.name!] : []),
      "*": (e) => {
        const ns = e.object.metadata.namespace;
        if (e.type !== "DELETED" || !ns) return NO_KEYS;
        return store.get("namespaces", "", ns)?.metadata.deletionTimestamp ? [ns] : [];
      },
    },
    sync(name) {
      const ns = store.get("namespaces", "", name);
      if (!ns?.metadata.deletionTimestamp) return;
      let remaining = 0;
      for (const resource of store.resourceNames()) {
        const t = typeOfStorage(resource);
        if (!t?.namespaced) continue;
        for (const o of store.list(resource, name)) {
          remaining += 1;
          if (!o.metadata.deletionTimestamp) api.delete(t, name, o.metadata.name!, { propagationPolicy: "Background" });
        }
      }
      if (remaining > 0) {
        // Deletions with finalizers finish later; a DELETED event requeues this namespace.
        let left = 0;
        for (const resource of store.resourceNames())
          if (typeOfStorage(resource)?.namespaced) left += store.list(resource, name).length;
        if (left > 0) return;
      }
      const t = typeOfStorage("namespaces")!;
      const o = clone(ns);
      if (o.spec?.finalizers?.length) o.spec = { ...o.spec, finalizers: [] };
      if (o.spec && Object.keys(o.spec).length === 1 && o.spec.finalizers?.length === 0) delete o.spec.finalizers;
      store.remove("namespaces", "", name);
      void t;
    },
  };
}
