/**
 * `kubectl describe` for Service and Ingress.
 *
 * The Endpoints line of a service port comes from the service's Endpoints object up to 1.32 and
 * from its EndpointSlices in 1.33 (where Endpoints is deprecated). Ingress in 1.21 shows the
 * implicit `default-http-backend:80` of kube-system as default backend; later versions print
 * Labels, the Ingress Class and `<default>`.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { formatLabels, type Json } from "../printers/format.ts";
import { formatEndpointSlices, formatEndpoints, loadBalancerAddresses } from "../printers/kinds/network.ts";
import { type DescribeContext, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./common.ts";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from "./writer.ts";

const USE_SLICES_SINCE = 33;

function serviceEndpoints(ctx: DescribeContext, namespace: string, service: string): (portName: string) => string {
  if (ctx.minor >= USE_SLICES_SINCE) {
    const slices = ctx
      .list("endpointslices.discovery.k8s.io", namespace)
      .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === service);
    return (portName) => formatEndpointSlices(slices, new Set([portName]));
  }
  const ep = ctx.list("endpoints", namespace).find((e) => e.metadata.name === service);
  return (portName) => formatEndpoints(ep, new Set([portName]));
}

export function describeService(svc: KObject, ctx: DescribeContext): string {
  const spec = svc.spec ?? {};
  const ns = svc.metadata.namespace ?? "";
  const endpointsFor = serviceEndpoints(ctx, ns, svc.metadata.name ?? "");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    printLabelsMultiline(w, "Labels", svc.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ""}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families: string[] = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length ? families.join(",") : "<none>"}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
    const ips: string[] = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length ? ips.join(",") : "<none>"}\n`);
    if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(",")}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const lbIngress: Json[] = svc.status?.loadBalancer?.ingress ?? [];
    if (lbIngress.length > 0) {
      const list = lbIngress
        .map((i) => (i.ip ? (i.ipMode && ctx.minor >= 29 ? `${i.ip} (${i.ipMode})` : i.ip) : (i.hostname ?? "")))
        .join(", ");
      w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
    }
    for (const p of spec.ports ?? []) {
      const name = p.name || "<unset>";
      const protocol = p.protocol ?? "TCP";
      w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? p.port}/${protocol}\n`);
      if (p.appProtocol) w.write(LEVEL_0, `AppProtocol:\t${p.appProtocol}\n`);
      if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${endpointsFor(p.name ?? "")}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(",")}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    describeEvents(ctx.events(svc), w, ctx);
  });
}

/** `svc:port (endpoints)` for an ingress backend, with kubectl's error text when lookups fail. */
function describeBackend(ctx: DescribeContext, ns: string, backend: Json): string {
  if (backend?.service) {
    const b = backend.service;
    const port = b.port?.number ? String(b.port.number) : (b.port?.name ?? "");
    const sb = `${b.name}:${port}`;
    const svc = ctx.list("services", ns).find((s) => s.metadata.name === b.name);
    let endpoints: (portName: string) => string;
    if (ctx.minor >= USE_SLICES_SINCE) {
      endpoints = serviceEndpoints(ctx, ns, b.name);
    } else {
      const ep = ctx.list("endpoints", ns).find((e) => e.metadata.name === b.name);
      if (!ep) return `${sb} (<error: endpoints "${b.name}" not found>)`;
      endpoints = (name) => formatEndpoints(ep, new Set([name]));
    }
    if (!svc) return `${sb} (<error: services "${b.name}" not found>)`;
    let spName = "";
    for (const sp of svc.spec?.ports ?? []) {
      if (b.port?.number && b.port.number === sp.port) spName = sp.name ?? "";
      else if (b.port?.name && b.port.name === sp.name) spName = sp.name ?? "";
    }
    return `${sb} (${endpoints(spName)})`;
  }
  if (backend?.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? "<none>"}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return "";
}

export function describeIngress(ing: KObject, ctx: DescribeContext): string {
  const spec = ing.spec ?? {};
  const ns = ing.metadata.namespace ?? "";
  const modern = ctx.minor >= 22;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata.name ?? ""}\n`);
    if (modern) printLabelsMultiline(w, "Labels", ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${loadBalancerAddresses(ing.status?.loadBalancer)}\n`);
    let defaultBackend: string;
    if (modern) {
      w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? "<none>"}\n`);
      defaultBackend = spec.defaultBackend ? describeBackend(ctx, ns, spec.defaultBackend) : "<default>";
    } else if (spec.defaultBackend) {
      defaultBackend = describeBackend(ctx, ns, spec.defaultBackend);
    } else {
      defaultBackend = describeBackend(ctx, "kube-system", {
        service: { name: "default-http-backend", port: { number: 80 } },
      });
    }
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if ((spec.tls ?? []).length > 0) {
      w.write(LEVEL_0, "TLS:\n");
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(",");
        if (t.secretName) w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
        else w.write(LEVEL_1, `SNI routes ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n");
    w.write(LEVEL_1, "----\t----\t--------\n");
    let count = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host || "*"}\t\n`);
      for (const p of rule.http.paths ?? [])
        w.write(LEVEL_2, `\t${p.path ?? ""} \t${describeBackend(ctx, ns, p.backend)}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, "Annotations", ing.metadata.annotations);
    describeEvents(ctx.events(ing), w, ctx);
  });
}
