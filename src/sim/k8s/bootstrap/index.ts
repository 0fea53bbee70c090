/**
 * bootstrapObjects: every object a fresh kubeadm cluster holds once `kubeadm init`, the Calico
 * manifest and `kubeadm join` on each worker have run and everything is Ready — the state a
 * student finds on a lab machine. The cluster inserts the list into its store as is (the store
 * stamps resourceVersion). Same options and seed, same bytes; the list is ordered by kind
 * (in dependency order), then namespace, then name.
 */
import type { KObject } from "../api/object.ts";
import { buildCalicoConfig, buildCalicoWorkloads, calicoServiceAccounts } from "./calico.ts";
import { buildControlPlaneLeases, buildNamespace, buildPriorityClasses, SYSTEM_NAMESPACES } from "./cluster-basics.ts";
import {
  buildClusterInfo,
  buildExtensionApiserverAuthentication,
  buildKubeadmConfig,
  buildKubeletConfig,
  buildRootCaConfigMap,
} from "./config-maps.ts";
import { compareStrings, createContext } from "./context.ts";
import { buildCoreDns, buildCoreDnsConfigMap, buildKubeDnsService } from "./coredns.ts";
import { buildKubeProxy, buildKubeProxyConfigMap } from "./kube-proxy.ts";
import { buildNode, buildNodeLease, resolveNodes } from "./nodes.ts";
import { fakeCertificate, fakeFrontProxyCertificate } from "./pem.ts";
import { buildRbac } from "./rbac/build.ts";
import { controllerServiceAccounts } from "./rbac/controller-roles.ts";
import { buildBootstrapToken, buildServiceAccount } from "./service-accounts.ts";
import { buildKubeDnsEndpoints, buildKubernetesService } from "./services.ts";
import { buildStaticPods } from "./static-pods.ts";
import type { BootstrapOptions } from "./types.ts";

export { calicoServiceAccounts } from "./calico.ts";
export { controlPlaneLabels, controlPlaneTaint, defaultNodes } from "./nodes.ts";
export { controllerServiceAccounts } from "./rbac/controller-roles.ts";
export type { BootstrapOptions, NodeCapacity, NodeSpec, Taint } from "./types.ts";
export { kubeletConfigMapName, versionProfile } from "./versions.ts";

/** Kinds in the order a cluster would create them; the returned list follows it. */
export const KIND_ORDER = [
  "Namespace",
  "PriorityClass",
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "Node",
  "Lease",
  "ServiceAccount",
  "Secret",
  "ConfigMap",
  "Service",
  "Endpoints",
  "EndpointSlice",
  "Deployment",
  "ReplicaSet",
  "DaemonSet",
  "ControllerRevision",
  "Pod",
];

export function bootstrapObjects(opts: BootstrapOptions): KObject[] {
  if (!opts.nodes.some((n) => n.role === "control-plane")) {
    throw new Error("bootstrapObjects: a kubeadm cluster needs a control-plane node");
  }
  const caCert = fakeCertificate(opts.ids);
  const frontProxyCa = fakeFrontProxyCertificate(opts.ids);
  const nodes = resolveNodes(opts.nodes, opts.podCidr ?? "10.244.0.0/16", () => opts.ids.uid());
  const ctx = createContext(opts, nodes, caCert);
  const { minor } = ctx.v;
  const out: KObject[] = [];

  out.push(...SYSTEM_NAMESPACES.map((ns) => buildNamespace(ctx, ns)));
  out.push(...buildPriorityClasses(ctx));
  out.push(...buildRbac(ctx));
  for (const node of nodes) {
    const obj = buildNode(ctx, node);
    out.push(obj, buildNodeLease(ctx, node, obj));
  }
  out.push(...buildControlPlaneLeases(ctx));

  // ServiceAccounts: `default` everywhere, then kube-system's controller and addon accounts.
  const systemAccounts = [
    "default",
    ...controllerServiceAccounts(minor),
    "coredns",
    "kube-proxy",
    ...calicoServiceAccounts(minor),
  ].sort();
  for (const ns of SYSTEM_NAMESPACES) {
    const names = ns === "kube-system" ? systemAccounts : ["default"];
    for (const name of names) out.push(...buildServiceAccount(ctx, ns, name, name === "default" ? 4 : 14));
  }
  const token = buildBootstrapToken(ctx);
  out.push(token.secret);

  out.push(...SYSTEM_NAMESPACES.map((ns) => buildRootCaConfigMap(ctx, ns)));
  out.push(buildExtensionApiserverAuthentication(ctx, frontProxyCa));
  out.push(buildKubeadmConfig(ctx), buildKubeletConfig(ctx), buildClusterInfo(ctx, token.tokenId));
  out.push(buildCoreDnsConfigMap(ctx), buildKubeProxyConfigMap(ctx), buildCalicoConfig(ctx));

  out.push(...buildKubernetesService(ctx));
  out.push(...buildStaticPods(ctx, ctx.controlPlane));
  const kubeProxy = buildKubeProxy(ctx);
  const calico = buildCalicoWorkloads(ctx);
  const coreDns = buildCoreDns(ctx);
  const dnsService = buildKubeDnsService(ctx);
  out.push(...kubeProxy, ...calico, ...coreDns, dnsService);
  out.push(
    ...buildKubeDnsEndpoints(
      ctx,
      dnsService,
      coreDns.filter((o) => o.kind === "Pod"),
    ),
  );

  return sortObjects(out);
}

export function sortObjects(objects: KObject[]): KObject[] {
  const rank = (k: string) => {
    const i = KIND_ORDER.indexOf(k);
    return i < 0 ? KIND_ORDER.length : i;
  };
  return [...objects].sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      compareStrings(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
      compareStrings(a.metadata.name!, b.metadata.name!),
  );
}
