/**
 * What the DaemonSet, StatefulSet, Job and CronJob controllers share about the objects they
 * own, on top of the shared controller-utils (controller references and claims, pod filters,
 * the owner index): keys, pods made from a template (controller.GetPodFromTemplate), and which
 * owners a child's watch event concerns.
 */
import { rfc3339 } from "../../../core/clock.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { fromLabelSelector, type LabelSelector } from "../../selectors/labels.ts";
import { claimObjects, controllerOf, newControllerRef, ownerIndex } from "../controller-utils/index.ts";

export {
  availableAt,
  controllerOf,
  isPodActive,
  isPodAvailable,
  isPodReady,
  newControllerRef as controllerRef,
} from "../controller-utils/index.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod specs and statuses are schemaless JSON.
export type Json = any;

export const objectKey = (o: KObject): string => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

export function splitKey(key: string): [namespace: string, name: string] {
  const slash = key.indexOf("/");
  return [key.slice(0, slash), key.slice(slash + 1)];
}

export const isPodTerminal = (pod: KObject): boolean =>
  pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/**
 * controller.GetPodFromTemplate: labels, annotations and finalizers of the template, the
 * controller reference, and the template's spec. The caller names it (generateName or name).
 */
export function podFromTemplate(template: Json, owner: KObject): KObject {
  const t = template ?? {};
  const metadata: KObject["metadata"] = { namespace: owner.metadata.namespace };
  if (t.metadata?.labels) metadata.labels = { ...t.metadata.labels };
  if (t.metadata?.annotations) metadata.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers) metadata.finalizers = [...t.metadata.finalizers];
  metadata.ownerReferences = [newControllerRef(owner)];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: structuredClone(t.spec ?? {}) };
}

/** RFC 3339 of the virtual now. */
export const nowTime = (cluster: Cluster): string => rfc3339(cluster.clock.now());

/** The controller uids a child's write concerns: its controller before and after. */
export function controllerUids(e: WatchEvent): string[] {
  const before = e.old ? controllerOf(e.old)?.uid : undefined;
  const after = controllerOf(e.object)?.uid;
  const out: string[] = [];
  if (before) out.push(before);
  if (after && after !== before) out.push(after);
  return out;
}

/** The children of `owner` in `resource` (read from the shared owner index), sorted by name. */
export function ownedObjects(cluster: Cluster, resource: string, owner: KObject): KObject[] {
  const out = [...ownerIndex(cluster.store, resource).owned(owner.metadata.uid ?? "")];
  return out.sort((a, b) => cmp(a.metadata.name, b.metadata.name));
}

/** The answer that concerns no owner: shared, so never written to (the reconciler only reads it). */
const NO_KEYS: string[] = [];

const cmp = (a = "", b = ""): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * ControllerRefManager.ClaimObjects for one owner: children it controls that still match stay
 * (those that don't are released), orphans that match are adopted (unless the owner or the
 * orphan is being deleted). Returns the claimed objects, as stored after any adoption.
 */
export function claimChildren(
  cluster: Cluster,
  resource: string,
  owner: KObject,
  selector: LabelSelector,
  filter: (o: KObject) => boolean = () => true,
): KObject[] {
  const type = cluster.typeOfStorage(resource);
  if (!type) return [];
  const idx = ownerIndex(cluster.store, resource);
  const candidates = [...idx.owned(owner.metadata.uid ?? ""), ...idx.orphansIn(owner.metadata.namespace ?? "")]
    .filter(filter)
    .sort((a, b) => cmp(a.metadata.name, b.metadata.name));
  return claimObjects(candidates, { api: cluster.api, type, owner, selector });
}

/** Whether an orphan event concerns an owner with this selector. */
export function matchesOrphan(selector: LabelSelector | undefined, o: KObject): boolean {
  return !!selector && !controllerOf(o) && selector.matches(o.metadata.labels ?? {});
}

/** A write that changed only status (and resourceVersion): usually the controller's own. */
export function onlyStatusChanged(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => ({ ...o, status: undefined, metadata: { ...o.metadata, resourceVersion: undefined } });
  return jsonEqual(strip(a), strip(b));
}

/**
 * The owners one controller manages (its DaemonSets, StatefulSets or Jobs), known from their
 * watch events: each by uid with its key, and its selector per namespace, so that a child's
 * event finds the owners it concerns (informer handlers' getPodDaemonSets and the like).
 */
export class Owners {
  private readonly keys = new Map<string, string>();
  private readonly selectors = new Map<string, Map<string, LabelSelector>>();

  /** Records an owner's write, or forgets the owner when it is deleted; returns its key. */
  observe(e: WatchEvent): string {
    const key = objectKey(e.object);
    const uid = e.object.metadata.uid ?? "";
    const ns = e.object.metadata.namespace ?? "";
    if (e.type === "DELETED") {
      this.keys.delete(uid);
      this.selectors.get(ns)?.delete(key);
      return key;
    }
    this.keys.set(uid, key);
    const sel = fromLabelSelector(e.object.spec?.selector);
    let byKey = this.selectors.get(ns);
    if (!byKey) {
      byKey = new Map();
      this.selectors.set(ns, byKey);
    }
    if (sel.ok) byKey.set(key, sel.selector);
    else byKey.delete(key);
    return key;
  }

  has(uid: string): boolean {
    return this.keys.has(uid);
  }

  all(): string[] {
    return [...this.keys.values()];
  }

  /**
   * The owners that controlled the child before or after its write. Most children written are
   * not this controller's (every write to every pod of a Deployment comes here): for them the
   * answer is the shared empty list, built from no arrays at all.
   */
  controllersOf(e: WatchEvent): string[] {
    if (this.keys.size === 0) return NO_KEYS;
    return this.known(e.old ? controllerOf(e.old)?.uid : undefined, controllerOf(e.object)?.uid);
  }

  /** The keys of the owners with these uids (before and after a write), as controllersOf lists them. */
  private known(before: string | undefined, after: string | undefined): string[] {
    const kb = before ? this.keys.get(before) : undefined;
    const ka = after && after !== before ? this.keys.get(after) : undefined;
    if (kb === undefined) return ka === undefined ? NO_KEYS : [ka];
    return ka === undefined ? [kb] : [kb, ka];
  }

  /** Its controllers, and for an orphan every owner whose selector matches it (it may be adopted). */
  concernedBy(e: WatchEvent): string[] {
    // A controller without owners of its kind (no StatefulSet, no Job) has nothing to look up.
    if (this.keys.size === 0 && this.selectors.size === 0) return NO_KEYS;
    const controller = controllerOf(e.object);
    const controllers =
      this.keys.size === 0 ? NO_KEYS : this.known(e.old ? controllerOf(e.old)?.uid : undefined, controller?.uid);
    if (controller) return controllers;
    let out: string[] | undefined;
    for (const [k, sel] of this.selectors.get(e.object.metadata.namespace ?? "") ?? []) {
      if (!matchesOrphan(sel, e.object)) continue;
      out ??= [...controllers];
      out.push(k);
    }
    return out ?? controllers;
  }
}
