/**
 * Controller references and the ControllerRefManager's claim semantics
 * (k8s.io/kubernetes/pkg/controller/controller_ref_manager.go), shared by every workload
 * controller:
 *  - an object this controller already controls stays claimed while the selector matches it,
 *    and is released (its controller reference removed) when its labels stop matching;
 *  - an orphan (no controller reference) that matches is adopted, unless the controller or the
 *    orphan is being deleted;
 *  - an object controlled by someone else is never touched.
 */
import { clone, type KObject, type OwnerReference } from "../../api/object.ts";
import type { ResourceType } from "../../api/resources.ts";
import type { ApiServer } from "../../apiserver.ts";
import type { LabelSelector } from "../../selectors/labels.ts";

/** metav1.GetControllerOf: the owner reference with controller=true, if any. */
export function controllerOf(o: KObject): OwnerReference | undefined {
  // A plain loop: every watcher asks this of every pod write, and a callback per call adds up.
  const refs = o.metadata.ownerReferences;
  if (refs == null) return undefined;
  for (let i = 0; i < refs.length; i++) if (refs[i].controller === true) return refs[i];
  return undefined;
}

/** metav1.NewControllerRef: what a controller stamps on what it creates or adopts. */
export function newControllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(o: KObject, owner: KObject): boolean {
  return controllerOf(o)?.uid === owner.metadata.uid;
}

export interface ClaimOptions {
  api: ApiServer;
  /** The type of the claimed objects (pods, replicasets). */
  type: ResourceType;
  owner: KObject;
  selector: LabelSelector;
  /** Re-reads the owner: adoption stops once it is being deleted (RecheckDeletionTimestamp). */
  ownerStillLive?: () => boolean;
}

/**
 * ClaimObjects: returns the objects the owner controls after adopting and releasing. Writes
 * go through the API (a patch of metadata.ownerReferences upstream; an update here). A failed
 * write (the object is gone) simply leaves the object out, as upstream ignores NotFound.
 */
export function claimObjects(candidates: Iterable<KObject>, o: ClaimOptions): KObject[] {
  const claimed: KObject[] = [];
  const ownerUid = o.owner.metadata.uid;
  const ownerDeleting = () => !!o.owner.metadata.deletionTimestamp || (o.ownerStillLive ? !o.ownerStillLive() : false);
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const matches = o.selector.matches(obj.metadata.labels ?? {});
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (matches) {
        claimed.push(obj);
        continue;
      }
      // Release: the owner is being deleted means the garbage collector handles it instead.
      if (ownerDeleting()) continue;
      const released = clone(obj);
      released.metadata.ownerReferences = (released.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
      if (released.metadata.ownerReferences.length === 0) delete released.metadata.ownerReferences;
      o.api.update(o.type, released);
      continue;
    }
    if (!matches || obj.metadata.deletionTimestamp || ownerDeleting()) continue;
    const adopted = clone(obj);
    adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), newControllerRef(o.owner)];
    const r = o.api.update(o.type, adopted);
    if (r.ok) claimed.push(r.value);
  }
  return claimed;
}
