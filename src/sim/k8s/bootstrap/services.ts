/**
 * The `kubernetes` Service (kube-apiserver's own, default namespace) with the Endpoints and
 * EndpointSlice the API server reconciles, and the Endpoints/EndpointSlice the endpoint
 * controllers build for `kube-dns` from the CoreDNS pods.
 */
import type { KObject } from "../api/object.ts";
import { type BootstrapContext, compareStrings, controllerRef, meta } from "./context.ts";
import type { Json } from "./pods.ts";

export function buildKubernetesService(ctx: BootstrapContext): KObject[] {
  const ip = ctx.controlPlane.ip;
  const spec: Json = { clusterIP: ctx.apiServiceIP, clusterIPs: [ctx.apiServiceIP] };
  if (ctx.v.minor >= 22) spec.internalTrafficPolicy = "Cluster";
  spec.ipFamilies = ["IPv4"];
  spec.ipFamilyPolicy = "SingleStack";
  spec.ports = [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }];
  spec.sessionAffinity = "None";
  spec.type = "ClusterIP";
  const labels = { component: "apiserver", provider: "kubernetes" };
  return [
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(ctx, { name: "kubernetes", namespace: "default", labels, createdAt: 3 }),
      spec,
      status: { loadBalancer: {} },
    },
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: meta(ctx, {
        name: "kubernetes",
        namespace: "default",
        labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
        createdAt: 3,
      }),
      subsets: [{ addresses: [{ ip }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }],
    },
    {
      addressType: "IPv4",
      apiVersion: "discovery.k8s.io/v1",
      endpoints: [{ addresses: [ip], conditions: conditions(ctx) }],
      kind: "EndpointSlice",
      metadata: meta(ctx, {
        name: "kubernetes",
        namespace: "default",
        labels: { "kubernetes.io/service-name": "kubernetes" },
        generation: 1,
        createdAt: 3,
      }),
      ports: [{ name: "https", port: 6443, protocol: "TCP" }],
    },
  ];
}

/** serving/terminating joined `ready` in 1.22 (EndpointSliceTerminatingCondition beta). */
function conditions(ctx: BootstrapContext): Json {
  return ctx.v.minor >= 22 ? { ready: true, serving: true, terminating: false } : { ready: true };
}

const DNS_PORTS = [
  { name: "dns-tcp", port: 53, protocol: "TCP" },
  { name: "dns", port: 53, protocol: "UDP" },
  { name: "metrics", port: 9153, protocol: "TCP" },
];

export function buildKubeDnsEndpoints(ctx: BootstrapContext, service: KObject, pods: KObject[]): KObject[] {
  const labels = service.metadata.labels!;
  const ready = pods.map((p) => p.status.conditions.find((c: Json) => c.type === "Ready").lastTransitionTime).sort();
  const trigger = { "endpoints.kubernetes.io/last-change-trigger-time": ready[ready.length - 1] };
  const targetRef = (p: KObject) => ({
    kind: "Pod",
    name: p.metadata.name,
    namespace: p.metadata.namespace,
    uid: p.metadata.uid,
  });
  const sorted = [...pods].sort((a, b) => compareStrings(a.status.podIP, b.status.podIP));
  const sliceName = `kube-dns-${ctx.ids.suffix(5)}`;
  const sliceMeta = meta(ctx, {
    name: sliceName,
    namespace: "kube-system",
    labels: {
      ...labels,
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
      "kubernetes.io/service-name": "kube-dns",
    },
    annotations: trigger,
    ownerReferences: [controllerRef(service)],
    generation: 1,
    createdAt: 20,
  });
  sliceMeta.generateName = "kube-dns-";
  return [
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: meta(ctx, { name: "kube-dns", namespace: "kube-system", labels, annotations: trigger, createdAt: 20 }),
      subsets: [
        {
          addresses: sorted.map((p) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: targetRef(p) })),
          ports: DNS_PORTS,
        },
      ],
    },
    {
      addressType: "IPv4",
      apiVersion: "discovery.k8s.io/v1",
      endpoints: sorted.map((p) => ({
        addresses: [p.status.podIP],
        conditions: conditions(ctx),
        nodeName: p.spec.nodeName,
        targetRef: targetRef(p),
      })),
      kind: "EndpointSlice",
      metadata: sortMeta(sliceMeta),
      ports: DNS_PORTS,
    },
  ];
}

function sortMeta(m: Json): Json {
  const out: Json = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}
