/**
 * Deprecated API versions and the warning the API server sends (and kubectl prints as
 * `Warning: ...`) when one is used, from the upstream deprecation guide:
 *   policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget
 */
import { joinApiVersion } from "./object.ts";

interface Deprecation {
  apiVersion: string;
  kind: string;
  deprecatedIn: number;
  /** First minor that no longer serves it; undefined while no removal is scheduled. */
  removedIn?: number;
  replacement?: string;
}

const D = (
  apiVersion: string,
  kind: string,
  deprecatedIn: number,
  removedIn: number | undefined,
  replacement?: string,
): Deprecation => ({
  apiVersion,
  kind,
  deprecatedIn,
  removedIn,
  replacement,
});

const DEPRECATIONS: Deprecation[] = [
  D("extensions/v1beta1", "Ingress", 14, 22, "networking.k8s.io/v1 Ingress"),
  D("networking.k8s.io/v1beta1", "Ingress", 19, 22, "networking.k8s.io/v1 Ingress"),
  D("networking.k8s.io/v1beta1", "IngressClass", 19, 22, "networking.k8s.io/v1 IngressClass"),
  ...["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"].map((k) =>
    D("rbac.authorization.k8s.io/v1beta1", k, 17, 22, `rbac.authorization.k8s.io/v1 ${k}`),
  ),
  D(
    "apiextensions.k8s.io/v1beta1",
    "CustomResourceDefinition",
    16,
    22,
    "apiextensions.k8s.io/v1 CustomResourceDefinition",
  ),
  D("apiregistration.k8s.io/v1beta1", "APIService", 19, 22, "apiregistration.k8s.io/v1 APIService"),
  D(
    "certificates.k8s.io/v1beta1",
    "CertificateSigningRequest",
    19,
    22,
    "certificates.k8s.io/v1 CertificateSigningRequest",
  ),
  D("scheduling.k8s.io/v1beta1", "PriorityClass", 14, 22, "scheduling.k8s.io/v1 PriorityClass"),
  D("storage.k8s.io/v1beta1", "StorageClass", 19, 22, "storage.k8s.io/v1 StorageClass"),
  D("policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1 PodDisruptionBudget"),
  D("policy/v1beta1", "PodSecurityPolicy", 21, 25),
  D("batch/v1beta1", "CronJob", 21, 25, "batch/v1 CronJob"),
  D("discovery.k8s.io/v1beta1", "EndpointSlice", 21, 25, "discovery.k8s.io/v1 EndpointSlice"),
  D("node.k8s.io/v1beta1", "RuntimeClass", 22, 25, "node.k8s.io/v1 RuntimeClass"),
  D("autoscaling/v2beta1", "HorizontalPodAutoscaler", 22, 25, "autoscaling/v2 HorizontalPodAutoscaler"),
  D("autoscaling/v2beta2", "HorizontalPodAutoscaler", 23, 26, "autoscaling/v2 HorizontalPodAutoscaler"),
  // Deprecated without a removal date (KEP-4974): every request for v1 Endpoints warns from 1.33.
  D("v1", "Endpoints", 33, undefined, "discovery.k8s.io/v1 EndpointSlice"),
];

/** The warning for using `apiVersion` `kind` on a 1.`minor` server, if any. */
export function deprecationWarning(apiVersion: string, kind: string, minor: number): string | undefined {
  const d = DEPRECATIONS.find((x) => x.apiVersion === apiVersion && x.kind === kind);
  if (!d || minor < d.deprecatedIn || (d.removedIn !== undefined && minor >= d.removedIn)) return undefined;
  let w = `${d.apiVersion} ${d.kind} is deprecated in v1.${d.deprecatedIn}+`;
  if (d.removedIn !== undefined) w += `, unavailable in v1.${d.removedIn}+`;
  if (d.replacement) w += `; use ${d.replacement}`;
  return w;
}

export { joinApiVersion };
