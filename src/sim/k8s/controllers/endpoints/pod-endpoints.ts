/**
 * What a pod contributes to a Service's endpoints, shared by the Endpoints and EndpointSlice
 * controllers (endpointsliceutil in staging/src/k8s.io/endpointslice/util).
 */
import type { KObject } from "../../api/object.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod and service JSON is schemaless here.
type Json = any;

/**
 * ShouldPodBeInEndpoints. A pod needs an IP; terminal pods never count (1.21 spells that out
 * per restartPolicy); a terminating pod counts only when asked (publishNotReadyAddresses for
 * Endpoints, always for EndpointSlices from 1.22 where they carry `terminating`).
 */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean, minor: number): boolean {
  const phase = pod.status?.phase;
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  if (minor >= 22) return phase !== "Failed" && phase !== "Succeeded";
  const restart = pod.spec?.restartPolicy;
  if (restart === "Never") return phase !== "Failed" && phase !== "Succeeded";
  if (restart === "OnFailure") return phase !== "Succeeded";
  return true;
}

/** The pod's IPv4 address (the family of a single-stack IPv4 Service), if any. */
export function podIPv4(pod: KObject): string | undefined {
  const ips: string[] = (pod.status?.podIPs ?? []).map((x: Json) => x.ip);
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips.find((ip) => !ip.includes(":"));
}

/**
 * FindPort: a numeric targetPort is used as is; a named one is looked up among the containers'
 * ports with the service port's protocol (and, since 1.29, restartable init containers).
 */
export function findPort(pod: KObject, servicePort: Json, minor: number): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  if (/^[0-9]+$/.test(String(target))) return Number(target);
  const protocol = servicePort.protocol ?? "TCP";
  const containers: Json[] = [...(pod.spec?.containers ?? [])];
  if (minor >= 29)
    containers.push(...(pod.spec?.initContainers ?? []).filter((c: Json) => c.restartPolicy === "Always"));
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  }
  return undefined;
}

/** ShouldSetHostname: a pod with hostname and a subdomain naming this service. */
export function shouldSetHostname(pod: KObject, svc: KObject): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec?.subdomain === svc.metadata.name &&
    pod.metadata.namespace === svc.metadata.namespace
  );
}

/** Until 1.24 endpoint targetRefs carried the pod's resourceVersion (kubernetes#108450 removed it). */
export function podTargetRef(pod: KObject, minor: number): Json {
  const ref: Json = { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace };
  if (minor < 24) ref.resourceVersion = pod.metadata.resourceVersion;
  ref.uid = pod.metadata.uid;
  return ref;
}

/** IsServiceIPSet: neither headless nor unallocated. */
export function isServiceIPSet(svc: KObject): boolean {
  return !!svc.spec?.clusterIP && svc.spec.clusterIP !== "None";
}

export const HEADLESS_LABEL = "service.kubernetes.io/headless";
export const TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
