/**
 * Conversion to the storage (preferred) version. The API server decodes every request into
 * one internal form; we store the preferred version's shape instead, so `kubectl get -o yaml`
 * shows what a real cluster shows whatever version a manifest used. For most deprecated
 * versions only apiVersion changes; the few schema changes the course meets are spelled out.
 */
import { clone, isPlainObject, type KObject, splitApiVersion } from "./object.ts";

type Json = Record<string, unknown>;
type Converter = (obj: KObject) => void;

/** Converters keyed by `<from apiVersion>/<kind>`; the result has the preferred apiVersion set by the caller. */
const CONVERTERS: Record<string, Converter> = {
  "networking.k8s.io/v1beta1/Ingress": ingressV1beta1ToV1,
  "extensions/v1beta1/Ingress": ingressV1beta1ToV1,
  "apiextensions.k8s.io/v1beta1/CustomResourceDefinition": crdV1beta1ToV1,
  "policy/v1beta1/PodDisruptionBudget": pdbV1beta1ToV1,
};

/**
 * policy/v1beta1 PDB -> v1: an empty selector selected no pods in v1beta1 but all pods in v1,
 * so upstream's conversion stores it as a requirement nothing satisfies.
 */
function pdbV1beta1ToV1(obj: KObject): void {
  const sel = obj.spec?.selector;
  if (isPlainObject(sel) && Object.keys(sel).length === 0) {
    obj.spec.selector = {
      matchExpressions: [{ key: "pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match", operator: "Exists" }],
    };
  }
}

export function convertToVersion(obj: KObject, targetApiVersion: string): KObject {
  if (obj.apiVersion === targetApiVersion) return obj;
  const out = clone(obj);
  CONVERTERS[`${obj.apiVersion}/${obj.kind}`]?.(out);
  out.apiVersion = targetApiVersion;
  return out;
}

/** The group of an apiVersion, for checking that a conversion stays within one resource. */
export function groupOf(apiVersion: string): string {
  return splitApiVersion(apiVersion)[0];
}

/**
 * Ingress v1beta1 -> v1: backend.serviceName/servicePort become backend.service.name/port
 * (number or name), spec.backend becomes spec.defaultBackend, and a path without pathType gets
 * ImplementationSpecific (the v1beta1 default).
 */
function ingressV1beta1ToV1(obj: KObject): void {
  const spec = obj.spec;
  if (!isPlainObject(spec)) return;
  if (spec.backend !== undefined) {
    spec.defaultBackend = backendV1(spec.backend);
    delete spec.backend;
  }
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
    const paths =
      isPlainObject(rule) && isPlainObject(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
    for (const p of paths) {
      if (!isPlainObject(p)) continue;
      p.pathType ??= "ImplementationSpecific";
      if (p.backend !== undefined) p.backend = backendV1(p.backend);
    }
  }
}

function backendV1(b: unknown): unknown {
  if (!isPlainObject(b)) return b;
  const { serviceName, servicePort, resource, ...rest } = b as Json;
  const out: Json = { ...rest };
  if (resource !== undefined) out.resource = resource;
  if (serviceName !== undefined || servicePort !== undefined) {
    const port =
      typeof servicePort === "number"
        ? { number: servicePort }
        : servicePort !== undefined
          ? { name: servicePort }
          : undefined;
    out.service = port ? { name: serviceName, port } : { name: serviceName };
  }
  return out;
}

/**
 * CustomResourceDefinition v1beta1 -> v1 (apiextensions' v1beta1 conversion and defaults): the
 * single `spec.version` becomes `spec.versions: [{name, served: true, storage: true}]`; the
 * top-level `validation`, `subresources` and `additionalPrinterColumns` move into every version
 * (`validation` as `schema`, a column's `JSONPath` as `jsonPath`); v1beta1 defaults
 * `preserveUnknownFields` to true, which v1 keeps.
 */
function crdV1beta1ToV1(obj: KObject): void {
  const spec = obj.spec;
  if (!isPlainObject(spec)) return;
  const versions: Json[] = Array.isArray(spec.versions) ? (spec.versions.filter(isPlainObject) as Json[]) : [];
  if (versions.length === 0 && typeof spec.version === "string") {
    versions.push({ name: spec.version, served: true, storage: true });
  }
  const columns = Array.isArray(spec.additionalPrinterColumns)
    ? spec.additionalPrinterColumns.map((c) => {
        if (!isPlainObject(c)) return c;
        const { JSONPath, ...rest } = c as Json;
        return JSONPath === undefined ? rest : { ...rest, jsonPath: JSONPath };
      })
    : undefined;
  for (const v of versions) {
    if (spec.validation !== undefined && v.schema === undefined) v.schema = clone(spec.validation);
    if (spec.subresources !== undefined && v.subresources === undefined) v.subresources = clone(spec.subresources);
    if (columns !== undefined && v.additionalPrinterColumns === undefined) v.additionalPrinterColumns = clone(columns);
  }
  spec.versions = versions;
  delete spec.version;
  delete spec.validation;
  delete spec.subresources;
  delete spec.additionalPrinterColumns;
  spec.preserveUnknownFields ??= true;
}
