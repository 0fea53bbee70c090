/**
 * The simulated kube-apiserver: the only writer of the store. Each verb follows the real
 * request path: resolve the resource, decode defaults, admission (mutating), validation,
 * then storage semantics (uid, resourceVersion, generation, creationTimestamp, deletion with
 * finalizers). Answers are Results; errors are Status values with upstream wording.
 */
import { type Clock, rfc3339 } from "../core/clock.ts";
import type { Ids } from "../core/ids.ts";
import {
  alreadyExists,
  badRequest,
  conflict,
  fail,
  forbidden,
  notFound,
  ok,
  type Result,
  status,
} from "../core/status.ts";
import type { ObjectStore } from "../core/store.ts";
import { runAdmission } from "./admission/index.ts";
import { convertToVersion } from "./api/conversion.ts";
import { deprecationWarning } from "./api/deprecations.ts";
import { clone, jsonEqual, jsonEqualExcept, type KObject } from "./api/object.ts";
import { type Discovery, qualifiedResource, type ResourceType, storageKey } from "./api/resources.ts";
import { allocateServiceAddresses } from "./registry/service-alloc.ts";
import { type StrategyContext, strategyFor } from "./registry/strategy.ts";
import { invalidStatus } from "./validation/field-errors.ts";

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

export interface WriteOptions {
  dryRun?: boolean;
  /**
   * The caller built the input (for a status write, its status) for this write alone and never
   * touches it again, so it is kept as it is instead of copied first. Controllers writing
   * objects they have just assembled (pods from a template, the kubelet's status) set it, as
   * the copy is pure overhead on the busiest write paths. The input must share nothing another
   * holder may change (parts of stored objects are fine: those are never changed).
   */
  handOff?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  /** When set, the delete fails with Conflict unless the stored uid matches. */
  uid?: string;
}

export interface ListOptions {
  filter?: (o: KObject) => boolean;
}

export class ApiServer {
  /** Warnings for the requests since the last drain (kubectl prints them as `Warning: ...`). */
  private warnings: string[] = [];

  constructor(
    readonly store: ObjectStore,
    readonly discovery: Discovery,
    readonly clock: Clock,
    readonly ids: Ids,
  ) {}

  get minor(): number {
    return this.discovery.minor;
  }

  /** Returns and forgets the warnings collected since the last call. */
  drainWarnings(): string[] {
    const w = this.warnings;
    this.warnings = [];
    return w;
  }

  private warnIfDeprecated(apiVersion: string, kind: string): void {
    const w = deprecationWarning(apiVersion, kind, this.minor);
    if (w && !this.warnings.includes(w)) this.warnings.push(w);
  }

  /** Objects are stored in the preferred version of their resource, as etcd holds one version. */
  private toStorage(t: ResourceType, obj: KObject): KObject {
    if (!obj.apiVersion || t.custom) return obj;
    const stored = this.discovery.forStorage(storageKey(t)) ?? t;
    return convertToVersion(obj, this.discovery.preferredApiVersion(stored));
  }

  private ctx(apiVersion: string): StrategyContext {
    return { minor: this.minor, clock: this.clock, ids: this.ids, apiVersion };
  }

  get(t: ResourceType, namespace: string, name: string): Result<KObject> {
    const o = this.store.get(storageKey(t), t.namespaced ? namespace : "", name);
    return o ? ok(o) : fail(notFound(qualifiedResource(t), name));
  }

  /** Objects of a type, in one namespace or (namespace undefined) all, sorted. */
  list(t: ResourceType, namespace?: string, opts: ListOptions = {}): KObject[] {
    const all = this.store.list(storageKey(t), t.namespaced ? namespace : undefined);
    return opts.filter ? all.filter(opts.filter) : all;
  }

  create(t: ResourceType, input: KObject, opts: WriteOptions = {}): Result<KObject> {
    this.warnIfDeprecated(input.apiVersion, input.kind);
    const obj = this.toStorage(t, opts.handOff ? input : clone(input));
    const meta = obj.metadata ?? {};
    obj.metadata = meta;
    if (t.namespaced) meta.namespace = meta.namespace || "default";
    else delete meta.namespace;
    const ctx = this.ctx(obj.apiVersion);
    const strategy = strategyFor(t.kind);

    if (t.namespaced) {
      const ns = this.store.get("namespaces", "", meta.namespace!);
      if (!ns) return fail(notFound("namespaces", meta.namespace!));
      if (ns.metadata.deletionTimestamp) {
        return fail(
          forbidden(
            qualifiedResource(t),
            meta.name ?? "",
            `unable to create new content in namespace ${meta.namespace} because it is being terminated`,
          ),
        );
      }
    }
    if (!meta.name && meta.generateName) meta.name = meta.generateName + this.ids.suffix(5);

    // The uid exists before validation: a Job's generated selector is built from it.
    meta.uid = this.ids.uid();
    strategy?.defaults?.(obj, ctx);
    const admitted = runAdmission("CREATE", t, obj, undefined, this);
    if (!admitted.ok) return admitted;
    strategy?.prepareForCreate?.(obj, ctx);
    const errs = strategy?.validate?.(obj, ctx) ?? [];
    if (errs.length) return fail(invalidStatus(t.group, t.kind, meta.name ?? "", errs));
    if (!meta.name) return fail(status("Invalid", 422, "name or generateName is required"));

    if (this.store.get(storageKey(t), meta.namespace ?? "", meta.name)) {
      return fail(alreadyExists(qualifiedResource(t), meta.name));
    }
    if (t.kind === "Service" && !t.custom) {
      const allocated = allocateServiceAddresses(obj, undefined, this.store, this.ids);
      if (!allocated.ok) return allocated;
    }
    meta.creationTimestamp = rfc3339(this.clock.now());
    if (strategy?.tracksGeneration) meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (opts.dryRun) return ok(obj);
    return ok(this.store.put(storageKey(t), orderObject(obj)));
  }

  /** Replaces an object (PUT). A resourceVersion in the input must match the stored one. */
  update(t: ResourceType, input: KObject, opts: WriteOptions & { subresource?: "status" } = {}): Result<KObject> {
    if (opts.subresource === "status") return this.updateStatus(t, input, opts);
    this.warnIfDeprecated(input.apiVersion, input.kind);
    const obj = this.toStorage(t, opts.handOff ? input : clone(input));
    const meta = obj.metadata;
    const ns = t.namespaced ? meta.namespace || "default" : "";
    const name = meta.name ?? "";
    const found = this.storedFor(t, ns, name, meta);
    if (!found.ok) return found;
    const stored = found.value;
    if (t.namespaced) meta.namespace = ns;
    // System-owned metadata always comes from storage.
    meta.uid = stored.metadata.uid;
    meta.creationTimestamp = stored.metadata.creationTimestamp;
    if (stored.metadata.deletionTimestamp) meta.deletionTimestamp = stored.metadata.deletionTimestamp;
    if (stored.metadata.deletionGracePeriodSeconds !== undefined)
      meta.deletionGracePeriodSeconds = stored.metadata.deletionGracePeriodSeconds;
    if (stored.metadata.generation !== undefined) meta.generation = stored.metadata.generation;

    const ctx = this.ctx(obj.apiVersion);
    const strategy = strategyFor(t.kind);
    strategy?.defaults?.(obj, ctx);
    const admitted = runAdmission("UPDATE", t, obj, stored, this);
    if (!admitted.ok) return admitted;
    strategy?.prepareForUpdate?.(obj, stored, ctx);
    const errs = strategy?.validateUpdate?.(obj, stored, ctx) ?? strategy?.validate?.(obj, ctx) ?? [];
    if (errs.length) return fail(invalidStatus(t.group, t.kind, name, errs));
    if (t.kind === "Service" && !t.custom) {
      const allocated = allocateServiceAddresses(obj, stored, this.store, this.ids);
      if (!allocated.ok) return allocated;
    }
    if (strategy?.tracksGeneration && specChanged(obj, stored)) meta.generation = (stored.metadata.generation ?? 0) + 1;
    delete meta.resourceVersion;
    const sameAsStored =
      jsonEqualExcept(obj, stored, "metadata") && jsonEqualExcept(meta, stored.metadata, "resourceVersion");
    if (sameAsStored) return ok(stored);
    if (opts.dryRun) return ok(obj);
    // A write that clears the last finalizer of an object being deleted completes its deletion.
    if (meta.deletionTimestamp && !meta.finalizers?.length) {
      this.store.remove(storageKey(t), ns, name);
      return ok(obj);
    }
    return ok(this.store.put(storageKey(t), orderObject(obj)));
  }

  /** The stored object a write replaces, checked against the writer's resourceVersion and uid preconditions. */
  private storedFor(t: ResourceType, ns: string, name: string, meta: KObject["metadata"]): Result<KObject> {
    const stored = this.store.get(storageKey(t), ns, name);
    if (!stored) return fail(notFound(qualifiedResource(t), name));
    if (meta.resourceVersion && meta.resourceVersion !== stored.metadata.resourceVersion) {
      return fail(
        conflict(
          qualifiedResource(t),
          name,
          "the object has been modified; please apply your changes to the latest version and try again",
        ),
      );
    }
    if (meta.uid && meta.uid !== stored.metadata.uid) {
      return fail(
        conflict(
          qualifiedResource(t),
          name,
          `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${stored.metadata.uid}`,
        ),
      );
    }
    return ok(stored);
  }

  /**
   * PUT .../status: only status changes; everything else comes from storage. The stored object
   * is never mutated, so the new one shares all but its metadata and status with it (the
   * kubelet and controllers write status often; copying whole pods each time was the cost).
   */
  private updateStatus(t: ResourceType, input: KObject, opts: WriteOptions): Result<KObject> {
    const meta = input.metadata ?? {};
    const ns = t.namespaced ? meta.namespace || "default" : "";
    const name = meta.name ?? "";
    const found = this.storedFor(t, ns, name, meta);
    if (!found.ok) return found;
    const stored = found.value;
    if (jsonEqual(input.status, stored.status)) return ok(stored);
    const status = opts.handOff ? input.status : clone(input.status);
    const merged: KObject = { ...stored, metadata: { ...stored.metadata }, status };
    return opts.dryRun ? ok(merged) : ok(this.store.put(storageKey(t), merged));
  }

  /**
   * POST pods/binding: what the scheduler does to place a pod. Sets spec.nodeName and the
   * PodScheduled condition; a pod already bound is a Conflict, as in the pod registry.
   */
  bind(namespace: string, name: string, nodeName: string): Result<KObject> {
    const stored = this.store.get("pods", namespace, name);
    if (!stored) return fail(notFound("pods", name));
    if (stored.metadata.deletionTimestamp) {
      return fail(conflict("pods/binding", name, `pod ${name} is being deleted, cannot be assigned to a host`));
    }
    if (stored.spec?.nodeName) {
      return fail(conflict("pods/binding", name, `pod ${name} is already assigned to node "${stored.spec.nodeName}"`));
    }
    // Stored objects are never mutated: the bound pod shares everything but what binding changes.
    // Object.assign rather than a spread with a field added: V8 gives each object built by such
    // a spread a hidden class of its own, and every bound pod kept one (a few hundred bytes).
    const now = rfc3339(this.clock.now());
    const conditions: { type: string }[] = (stored.status?.conditions ?? []).filter(
      (c: { type: string }) => c.type !== "PodScheduled",
    );
    const pod: KObject = {
      ...stored,
      metadata: { ...stored.metadata },
      spec: Object.assign({}, stored.spec, { nodeName }),
      status: Object.assign({}, stored.status ?? {}, {
        conditions: [
          ...conditions,
          { lastProbeTime: null, lastTransitionTime: now, status: "True", type: "PodScheduled" },
        ],
      }),
    };
    return ok(this.store.put("pods", pod));
  }

  /**
   * DELETE. With finalizers (or foreground/orphan propagation, which add theirs) the object
   * stays, marked with deletionTimestamp, until the garbage collector or another controller
   * clears them; otherwise it is gone at once and the garbage collector deletes dependents.
   */
  delete(t: ResourceType, namespace: string, name: string, opts: DeleteOptions = {}): Result<KObject> {
    const ns = t.namespaced ? namespace : "";
    const stored = this.store.get(storageKey(t), ns, name);
    if (!stored) return fail(notFound(qualifiedResource(t), name));
    if (opts.uid && opts.uid !== stored.metadata.uid) {
      return fail(
        conflict(
          qualifiedResource(t),
          name,
          `Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${stored.metadata.uid}`,
        ),
      );
    }
    if (opts.dryRun) return ok(stored);
    const policy = opts.propagationPolicy ?? defaultPropagation(t);
    const finalizers = [...(stored.metadata.finalizers ?? [])];
    if (policy === "Foreground" && !finalizers.includes("foregroundDeletion")) finalizers.push("foregroundDeletion");
    if (policy === "Orphan" && !finalizers.includes("orphan")) finalizers.push("orphan");
    if (t.kind === "Namespace") {
      const obj = withOwnMetadata(stored);
      if (!obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = rfc3339(this.clock.now());
        obj.metadata.deletionGracePeriodSeconds = 0;
        obj.status = { ...(obj.status ?? {}), phase: "Terminating" };
        obj.metadata.finalizers = finalizers.length ? finalizers : undefined;
        if (!obj.metadata.finalizers) delete obj.metadata.finalizers;
        return ok(this.store.put(storageKey(t), obj));
      }
      return ok(stored);
    }
    if (t.kind === "Pod" && !t.custom) {
      // Graceful deletion (pkg/registry/core/pod/strategy.go CheckGracefulDelete): a pod on a
      // node is only marked, deletionTimestamp = now + grace; its kubelet stops the containers
      // and deletes it with grace 0. Unbound and finished pods go at once; a shorter grace
      // period on a second delete brings the deadline forward.
      const grace = podGracePeriod(stored, opts.gracePeriodSeconds);
      if (grace > 0) {
        const deadline = this.clock.now() + grace * 1000;
        const cur = stored.metadata;
        const sooner = !cur.deletionTimestamp || deadline < Date.parse(cur.deletionTimestamp);
        if (!sooner && jsonEqual(finalizers, cur.finalizers ?? [])) return ok(stored);
        const obj = withOwnMetadata(stored);
        if (sooner) {
          obj.metadata.deletionTimestamp = rfc3339(deadline);
          obj.metadata.deletionGracePeriodSeconds = grace;
        }
        if (finalizers.length) obj.metadata.finalizers = finalizers;
        return ok(this.store.put(storageKey(t), orderObject(obj)));
      }
    }
    if (finalizers.length > 0) {
      if (stored.metadata.deletionTimestamp && jsonEqual(finalizers, stored.metadata.finalizers ?? []))
        return ok(stored);
      const obj = withOwnMetadata(stored);
      obj.metadata.deletionTimestamp ??= rfc3339(this.clock.now());
      obj.metadata.deletionGracePeriodSeconds ??= 0;
      obj.metadata.finalizers = finalizers;
      return ok(this.store.put(storageKey(t), obj));
    }
    this.store.remove(storageKey(t), ns, name);
    return ok(stored);
  }
}

/**
 * A copy of a stored object to mark for deletion: only its metadata (and a namespace's whole
 * new status) change, so the rest stays shared with the stored object, which nobody changes.
 */
function withOwnMetadata(stored: KObject): KObject {
  return { ...stored, metadata: { ...stored.metadata } };
}

/** The grace period a pod deletion gets: 0 for unbound or finished pods, else the option or the pod's own (30 s). */
function podGracePeriod(pod: KObject, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return 0;
  if (requested !== undefined && requested >= 0) return requested;
  const own = pod.spec?.terminationGracePeriodSeconds;
  return typeof own === "number" && own >= 0 ? own : 30;
}

function defaultPropagation(t: ResourceType): PropagationPolicy {
  // The apps/v1 and batch/v1 REST strategies default to Background; so does everything we serve.
  void t;
  return "Background";
}

function specChanged(a: KObject, b: KObject): boolean {
  return !jsonEqualExcept(a, b, "metadata", "status");
}

/** Keys in the order the API server serialises them: apiVersion, kind, metadata, then the rest. */
export function orderObject(o: KObject): KObject {
  const out: KObject = { apiVersion: o.apiVersion, kind: o.kind, metadata: orderMetadata(o.metadata) };
  for (const k in o) {
    if (k === "apiVersion" || k === "kind" || k === "metadata" || !Object.hasOwn(o, k)) continue;
    if (o[k] !== undefined) out[k] = o[k];
  }
  return out;
}

const META_ORDER = [
  "annotations",
  "creationTimestamp",
  "deletionGracePeriodSeconds",
  "deletionTimestamp",
  "finalizers",
  "generateName",
  "generation",
  "labels",
  "managedFields",
  "name",
  "namespace",
  "ownerReferences",
  "resourceVersion",
  "uid",
];

function orderMetadata(m: KObject["metadata"]): KObject["metadata"] {
  const out: KObject["metadata"] = {};
  for (const k of META_ORDER) if (m[k] !== undefined) out[k] = m[k];
  for (const k in m) if (Object.hasOwn(m, k) && !(k in out) && m[k] !== undefined) out[k] = m[k];
  return out;
}

export { badRequest };
