/**
 * The Endpoints controller (pkg/controller/endpoint): for every Service with a selector, an
 * Endpoints object of the same name listing the selected pods' IPs, ready pods under
 * `addresses` and the others under `notReadyAddresses`, with the service port names and the
 * container ports the targetPorts resolve to. Services without a selector (like the API
 * server's `kubernetes`) are left alone: their Endpoints are written by hand or by their owner.
 *
 * sync(namespace/name) is syncService: get the service (gone: delete the Endpoints), list its
 * pods, build subsets, repack them, and write only when subsets or labels differ.
 */
import type { Controller } from "../../../core/reconcile.ts";
import { clone, jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
import { isPodReady, serviceMembership, servicesForPodEvent } from "./membership.ts";
import {
  findPort,
  HEADLESS_LABEL,
  isServiceIPSet,
  podIPv4,
  podTargetRef,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  TRIGGER_TIME_ANNOTATION,
} from "./pod-endpoints.ts";
import { type RawSubset, repackSubsets } from "./repack.ts";
import { TriggerTimeTracker } from "./trigger-time.ts";

// biome-ignore lint/suspicious/noExplicitAny: endpoint JSON is schemaless here.
type Json = any;

export const ENDPOINTS_CONTROLLER = "endpoint-controller";
/** EndpointsOverCapacity: the Endpoints API keeps at most 1000 addresses. */
const MAX_CAPACITY = 1000;

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

export function endpointsController(cluster: Cluster): Controller {
  const membership = serviceMembership(cluster.store);
  const triggers = new TriggerTimeTracker();
  const minor = cluster.minor;
  const endpointsType = () => cluster.discovery.forKind("v1", "Endpoints")!;

  /** The subsets the service's pods make, before repacking (one per pod and port). */
  function desiredSubsets(svc: KObject, pods: KObject[]): RawSubset[] {
    const spec = svc.spec ?? {};
    const publishNotReady = spec.publishNotReadyAddresses === true;
    const out: RawSubset[] = [];
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, publishNotReady, minor)) continue;
      const ip = podIPv4(pod);
      if (!ip) continue;
      const epa: Json = { ip };
      if (shouldSetHostname(pod, svc)) epa.hostname = pod.spec.hostname;
      epa.nodeName = pod.spec?.nodeName ?? "";
      epa.targetRef = podTargetRef(pod, minor);
      const ready = publishNotReady || isPodReady(pod);
      const subset = (ports: Json[]): RawSubset =>
        ready ? { addresses: [epa], ports } : { notReadyAddresses: [epa], ports };
      const svcPorts: Json[] = spec.ports ?? [];
      if (svcPorts.length === 0) {
        if (spec.clusterIP === "None") out.push(subset([]));
        continue;
      }
      for (const sp of svcPorts) {
        const port = findPort(pod, sp, minor);
        if (port === undefined) continue;
        const epp: Json = { name: sp.name, port, protocol: sp.protocol ?? "TCP" };
        if (!sp.name) delete epp.name;
        if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
        out.push(subset([epp]));
      }
    }
    return out;
  }

  function sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = cluster.store.get("services", namespace, name);
    if (!svc) {
      triggers.forget(key);
      if (cluster.store.get("endpoints", namespace, name)) cluster.api.delete(endpointsType(), namespace, name);
      return;
    }
    // ExternalName services get no endpoints from 1.23 (kubernetes#105986).
    if (svc.spec?.type === "ExternalName" && minor >= 23) return;
    if (!svc.spec?.selector) return;

    const pods = membership.podsFor(namespace, svc.spec.selector);
    const triggerTime = triggers.compute(key, svc, pods);
    const subsets = repackSubsets(desiredSubsets(svc, pods));

    const current = cluster.store.get("endpoints", namespace, name);
    const svcLabels: Record<string, string> | undefined = svc.metadata.labels;
    if (current) {
      const currentLabels = { ...(current.metadata.labels ?? {}) };
      delete currentLabels[HEADLESS_LABEL];
      const count = subsets.reduce(
        (n: number, s: Json) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0),
        0,
      );
      if (
        jsonEqual(stripResourceVersions(current.subsets ?? []), stripResourceVersions(subsets)) &&
        jsonEqual(currentLabels, svcLabels ?? {}) &&
        count <= MAX_CAPACITY
      ) {
        return;
      }
    }
    const next: KObject = current
      ? clone(current)
      : { apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace } };
    const labels: Record<string, string> = { ...(svcLabels ?? {}) };
    if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = "";
    if (Object.keys(labels).length) next.metadata.labels = labels;
    else delete next.metadata.labels;
    const annotations: Record<string, string> = { ...(next.metadata.annotations ?? {}) };
    if (triggerTime) annotations[TRIGGER_TIME_ANNOTATION] = triggerTime;
    else delete annotations[TRIGGER_TIME_ANNOTATION];
    if (Object.keys(annotations).length) next.metadata.annotations = annotations;
    else delete next.metadata.annotations;
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;
    const r = current ? cluster.api.update(endpointsType(), next) : cluster.api.create(endpointsType(), next);
    if (!r.ok && !current && r.status.reason !== "Forbidden") {
      cluster.events.record(
        next,
        "Warning",
        "FailedToCreateEndpoint",
        `Failed to create endpoint for service ${namespace}/${name}: ${r.status.message}`,
        { component: ENDPOINTS_CONTROLLER },
      );
    }
  }

  return {
    name: ENDPOINTS_CONTROLLER,
    watches: {
      services: (e) => [keyOf(e.object)],
      pods: (e) => servicesForPodEvent(membership, e),
      // A deleted Endpoints object of a live service is recreated.
      endpoints: (e) => (e.type === "DELETED" ? [keyOf(e.object)] : []),
    },
    sync,
  };
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf("/");
  return [key.slice(0, i), key.slice(i + 1)];
}

/** endpointSubsetsEqualIgnoreResourceVersion: a pod's new resourceVersion alone changes nothing. */
function stripResourceVersions(subsets: Json[]): Json[] {
  return subsets.map((s) => {
    const strip = (as: Json[] | undefined) =>
      as?.map((a) => (a.targetRef ? { ...a, targetRef: { ...a.targetRef, resourceVersion: undefined } } : a));
    const out: Json = { ...s };
    if (s.addresses) out.addresses = strip(s.addresses);
    if (s.notReadyAddresses) out.notReadyAddresses = strip(s.notReadyAddresses);
    return JSON.parse(JSON.stringify(out));
  });
}

registerController(endpointsController);
