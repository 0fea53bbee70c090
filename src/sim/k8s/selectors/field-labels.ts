/**
 * Which fields each kind can be selected on, per Kubernetes minor version, and the value each
 * field has on an object. Two upstream pieces meet here:
 *  - the field label conversion funcs (pkg/apis/<group>/<version>/conversion.go) decide which
 *    labels a list request may name, and word the rejection; kinds without one fall back to
 *    runtime.DefaultMetaV1FieldSelectorConversion (metadata.name, metadata.namespace);
 *  - the registry strategies' GetAttrs / ToSelectableFields give each label its value.
 */
import type { KObject } from "../api/object.ts";
import { goQuote } from "./go-quote.ts";

interface FieldLabel {
  label: string;
  /** First minor that accepts it (absent in 1.21, present in 1.33 unless noted). */
  since?: number;
}

interface Conversion {
  labels: FieldLabel[];
  /** Old spellings still accepted and what they mean. */
  aliases?: Record<string, string>;
  reject(label: string): string;
}

const notSupported = (label: string) => `field label not supported: ${label}`;
const l = (label: string, since?: number): FieldLabel => (since ? { label, since } : { label });

const CONVERSIONS: Record<string, Conversion> = {
  "v1/Pod": {
    labels: [
      l("metadata.name"),
      l("metadata.namespace"),
      l("spec.nodeName"),
      l("spec.restartPolicy"),
      l("spec.schedulerName"),
      l("spec.serviceAccountName"),
      l("spec.hostNetwork", 28), // kubernetes#110477
      l("status.phase"),
      l("status.podIP"),
      l("status.podIPs", 28),
      l("status.nominatedNodeName"),
    ],
    // "for backwards compatibility with old v1 clients which send spec.host"
    aliases: { "spec.host": "spec.nodeName" },
    reject: notSupported,
  },
  "v1/Node": { labels: [l("metadata.name"), l("spec.unschedulable")], reject: notSupported },
  "v1/ReplicationController": {
    labels: [l("metadata.name"), l("metadata.namespace"), l("status.replicas")],
    reject: notSupported,
  },
  "v1/Event": {
    labels: [
      l("involvedObject.kind"),
      l("involvedObject.namespace"),
      l("involvedObject.name"),
      l("involvedObject.uid"),
      l("involvedObject.apiVersion"),
      l("involvedObject.resourceVersion"),
      l("involvedObject.fieldPath"),
      l("reason"),
      l("reportingComponent"),
      l("source"),
      l("type"),
      l("metadata.namespace"),
      l("metadata.name"),
    ],
    reject: notSupported,
  },
  "v1/Namespace": { labels: [l("status.phase"), l("metadata.name")], reject: notSupported },
  "v1/Secret": { labels: [l("type"), l("metadata.namespace"), l("metadata.name")], reject: notSupported },
  // Before 1.30 Services had no conversion func, so they got the default one's wording.
  "v1/Service": {
    labels: [l("metadata.namespace"), l("metadata.name"), l("spec.clusterIP"), l("spec.type")],
    reject: notSupported,
  },
  "batch/v1/Job": {
    labels: [l("metadata.name"), l("metadata.namespace"), l("status.successful")],
    reject: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
  },
  "certificates.k8s.io/v1/CertificateSigningRequest": {
    labels: [l("metadata.name"), l("spec.signerName")],
    reject: notSupported,
  },
};

/** Minor version from which a kind has its own conversion func (otherwise: the default one). */
const CONVERSION_SINCE: Record<string, number> = { "v1/Service": 30 };

/** runtime.DefaultMetaV1FieldSelectorConversion. */
function defaultConversion(label: string, value: string): FieldLabelResult {
  if (label === "metadata.name" || label === "metadata.namespace") return { ok: true, label, value };
  return {
    ok: false,
    error: `${goQuote(label)} is not a known field selector: only ${goQuote("metadata.name")}, ${goQuote("metadata.namespace")}`,
  };
}

export type FieldLabelResult = { ok: true; label: string; value: string } | { ok: false; error: string };

/** scheme.ConvertFieldLabel for `apiVersion`/`kind` as served by Kubernetes 1.`minor`. */
export function convertFieldLabel(
  apiVersion: string,
  kind: string,
  minor: number,
  label: string,
  value: string,
): FieldLabelResult {
  const key = `${apiVersion}/${kind}`;
  const conv = CONVERSIONS[key];
  if (!conv || (CONVERSION_SINCE[key] ?? 0) > minor) return defaultConversion(label, value);
  if (conv.aliases && Object.hasOwn(conv.aliases, label)) return { ok: true, label: conv.aliases[label], value };
  const known = conv.labels.some((f) => f.label === label && (f.since ?? 0) <= minor);
  return known ? { ok: true, label, value } : { ok: false, error: conv.reject(label) };
}

/** The labels a kind accepts in 1.`minor`, for help texts and tests. */
export function supportedFieldLabels(apiVersion: string, kind: string, minor: number): string[] {
  const key = `${apiVersion}/${kind}`;
  const conv = CONVERSIONS[key];
  if (!conv || (CONVERSION_SINCE[key] ?? 0) > minor) return ["metadata.name", "metadata.namespace"];
  return conv.labels.filter((f) => (f.since ?? 0) <= minor).map((f) => f.label);
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown): string => (typeof v === "number" ? String(Math.trunc(v)) : "0");
const bool = (v: unknown): string => (v === true ? "true" : "false");

/**
 * GetAttrs' field set: every selectable field with its value as a string. A field the object
 * lacks has the zero value ("" / "0" / "false"), so `spec.nodeName=` selects unscheduled pods.
 */
export function selectableFields(o: KObject, namespaced: boolean): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  fields["metadata.name"] = o.metadata?.name ?? "";
  if (namespaced) fields["metadata.namespace"] = o.metadata?.namespace ?? "";
  const spec = obj(o.spec);
  const status = obj(o.status);
  const group = o.apiVersion.includes("/") ? o.apiVersion.slice(0, o.apiVersion.indexOf("/")) : "";
  switch (`${group}/${o.kind}`) {
    case "/Pod": {
      fields["spec.nodeName"] = str(spec.nodeName);
      fields["spec.restartPolicy"] = str(spec.restartPolicy);
      fields["spec.schedulerName"] = str(spec.schedulerName);
      fields["spec.serviceAccountName"] = str(spec.serviceAccountName);
      fields["spec.hostNetwork"] = bool(spec.hostNetwork);
      fields["status.phase"] = str(status.phase);
      const ips = Array.isArray(status.podIPs) ? status.podIPs.map((p) => str(obj(p).ip)) : [];
      if (ips.length === 0 && str(status.podIP)) ips.push(str(status.podIP));
      fields["status.podIP"] = ips[0] ?? "";
      fields["status.podIPs"] = ips.join(",");
      fields["status.nominatedNodeName"] = str(status.nominatedNodeName);
      break;
    }
    case "/Node":
      fields["spec.unschedulable"] = bool(spec.unschedulable);
      break;
    case "/ReplicationController":
    case "apps/ReplicaSet":
      fields["status.replicas"] = num(status.replicas);
      break;
    case "/Event": {
      const io = obj(o.involvedObject);
      for (const f of ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]) {
        fields[`involvedObject.${f}`] = str(io[f]);
      }
      fields.reason = str(o.reason);
      fields.reportingComponent = str(o.reportingComponent);
      // An Event written through events.k8s.io has no source; upstream falls back.
      fields.source = str(obj(o.source).component) || str(o.reportingComponent);
      fields.type = str(o.type);
      break;
    }
    case "/Namespace":
      fields["status.phase"] = str(status.phase);
      break;
    case "/Secret":
      fields.type = str(o.type);
      break;
    case "/Service":
      fields["spec.clusterIP"] = str(spec.clusterIP);
      fields["spec.type"] = str(spec.type);
      break;
    case "batch/Job":
      fields["status.successful"] = num(status.succeeded);
      break;
    case "certificates.k8s.io/CertificateSigningRequest":
      fields["spec.signerName"] = str(spec.signerName);
      break;
  }
  return fields;
}
