/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for every Service with a
 * selector, EndpointSlices named `<service>-<5 random>` (generateName), labelled
 * `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
 * endpointslice-controller.k8s.io`, owned by the Service (so the garbage collector removes
 * them with it), holding one endpoint per pod with an IP and its ready/serving/terminating
 * conditions. See reconcile.ts for how endpoints are spread over slices.
 */
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { clone, jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
import { serviceMembership, servicesForPodEvent } from "../endpoints/membership.ts";
import {
  HEADLESS_LABEL,
  isServiceIPSet,
  shouldPodBeInEndpoints,
  TRIGGER_TIME_ANNOTATION,
} from "../endpoints/pod-endpoints.ts";
import { TriggerTimeTracker } from "../endpoints/trigger-time.ts";
import { endpointKey, endpointPorts, podToEndpoint, portMapKey } from "./endpoint.ts";
import { type DesiredGroup, planSlices } from "./reconcile.ts";

// biome-ignore lint/suspicious/noExplicitAny: endpoint JSON is schemaless here.
type Json = any;

export const ENDPOINTSLICE_CONTROLLER = "endpointslice-controller";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const MANAGED_BY = "endpointslice-controller.k8s.io";
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
const SLICES = "endpointslices.discovery.k8s.io";

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

export function endpointSliceController(cluster: Cluster): Controller {
  const membership = serviceMembership(cluster.store);
  const triggers = new TriggerTimeTracker();
  const minor = cluster.minor;
  /** `namespace/service` -> names of the slices this controller manages for it. */
  const slicesOf = new Map<string, Set<string>>();
  const sliceType = () => cluster.discovery.forKind("discovery.k8s.io/v1", "EndpointSlice")!;

  const managedKey = (s: KObject): string | undefined =>
    s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY && s.metadata.labels?.[SERVICE_NAME_LABEL]
      ? `${s.metadata.namespace ?? ""}/${s.metadata.labels[SERVICE_NAME_LABEL]}`
      : undefined;

  function onSlice(e: WatchEvent): string[] {
    const before = e.old ? managedKey(e.old) : undefined;
    const after = managedKey(e.object);
    const name = e.object.metadata.name ?? "";
    if (before && before !== after) slicesOf.get(before)?.delete(name);
    if (after && e.type !== "DELETED") {
      let set = slicesOf.get(after);
      if (!set) {
        set = new Set();
        slicesOf.set(after, set);
      }
      set.add(name);
    }
    if (after && e.type === "DELETED") slicesOf.get(after)?.delete(name);
    // Someone else deleted or relabelled a managed slice: put the service right.
    return e.type === "DELETED" || before !== after ? [before, after].filter((k): k is string => !!k) : [];
  }

  function sliceLabels(svc: KObject): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
      if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
    }
    if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = "";
    labels[SERVICE_NAME_LABEL] = svc.metadata.name ?? "";
    labels[MANAGED_BY_LABEL] = MANAGED_BY;
    return labels;
  }

  function desiredGroups(svc: KObject, pods: KObject[]): Map<string, DesiredGroup> {
    const includeTerminating = minor >= 22 || svc.spec?.publishNotReadyAddresses === true;
    const groups = new Map<string, DesiredGroup>();
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, includeTerminating, minor)) continue;
      const node = pod.spec?.nodeName ? cluster.store.get("nodes", "", pod.spec.nodeName) : undefined;
      const ep = podToEndpoint(pod, node, svc, minor);
      if (!ep) continue;
      const headlessNoPorts = (svc.spec?.ports ?? []).length === 0 && svc.spec?.clusterIP === "None";
      const ports = headlessNoPorts ? [] : endpointPorts(svc, pod, minor);
      const key = portMapKey(ports);
      let g = groups.get(key);
      if (!g) {
        g = { ports, endpoints: new Map() };
        groups.set(key, g);
      }
      g.endpoints.set(endpointKey(ep), ep);
    }
    return groups;
  }

  function sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = cluster.store.get("services", namespace, name);
    if (!svc) {
      // The slices are the Service's dependents: the garbage collector deletes them.
      triggers.forget(key);
      return;
    }
    if (svc.spec?.type === "ExternalName" && minor >= 23) return;
    if (!svc.spec?.selector) return;
    const pods = membership.podsFor(namespace, svc.spec.selector);
    const triggerTime = triggers.compute(key, svc, pods);
    const existing = [...(slicesOf.get(key) ?? [])]
      .map((n) => cluster.store.get(SLICES, namespace, n))
      .filter((s): s is KObject => !!s && ownedBy(s, svc))
      .sort((a, b) => ((a.metadata.creationTimestamp ?? "") < (b.metadata.creationTimestamp ?? "") ? -1 : 1));
    const labels = sliceLabels(svc);
    const plan = planSlices(existing, desiredGroups(svc, pods), (s) => !jsonEqual(s.metadata.labels ?? {}, labels));

    const annotate = (meta: KObject["metadata"]) => {
      const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
      if (triggerTime) annotations[TRIGGER_TIME_ANNOTATION] = triggerTime;
      else delete annotations[TRIGGER_TIME_ANNOTATION];
      if (Object.keys(annotations).length) meta.annotations = annotations;
      else delete meta.annotations;
    };
    for (const name of plan.delete) cluster.api.delete(sliceType(), namespace, name);
    for (const u of plan.update) {
      const cur = cluster.store.get(SLICES, namespace, u.name);
      if (!cur) continue;
      const next = clone(cur);
      next.metadata.labels = labels;
      annotate(next.metadata);
      next.endpoints = u.endpoints.length ? u.endpoints : null;
      next.ports = u.ports.length ? u.ports : null;
      cluster.api.update(sliceType(), next);
    }
    for (const n of plan.relabel) {
      const cur = cluster.store.get(SLICES, namespace, n);
      if (!cur) continue;
      const next = clone(cur);
      next.metadata.labels = labels;
      cluster.api.update(sliceType(), next);
    }
    for (const c of plan.create) {
      const meta: KObject["metadata"] = {
        generateName: `${svc.metadata.name}-`,
        namespace,
        labels,
        ownerReferences: [
          {
            apiVersion: "v1",
            blockOwnerDeletion: true,
            controller: true,
            kind: "Service",
            name: svc.metadata.name ?? "",
            uid: svc.metadata.uid ?? "",
          },
        ],
      };
      annotate(meta);
      cluster.api.create(sliceType(), {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: meta,
        addressType: "IPv4",
        endpoints: c.endpoints.length ? c.endpoints : null,
        ports: c.ports.length ? c.ports : null,
      } as Json);
    }
  }

  return {
    name: ENDPOINTSLICE_CONTROLLER,
    watches: {
      services: (e) => [keyOf(e.object)],
      pods: (e) => servicesForPodEvent(membership, e),
      [SLICES]: onSlice,
    },
    sync,
  };
}

function ownedBy(slice: KObject, svc: KObject): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (o) => o.uid === svc.metadata.uid && o.kind === "Service" && o.apiVersion === "v1",
  );
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf("/");
  return [key.slice(0, i), key.slice(i + 1)];
}

registerController(endpointSliceController);
