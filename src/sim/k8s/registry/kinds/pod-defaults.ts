/**
 * Pod defaulting, as core/v1 SetDefaults_* has it. `defaultPodSpec` applies wherever a
 * PodSpec appears (Pods and every template); `defaultPodOnly` only to Pods (requests copied
 * from limits, enableServiceLinks), exactly as upstream keeps those out of templates.
 */
import { formatQuantity, parseQuantity, type Quantity, roundUpMilli } from "../../validation/quantity.ts";
import { type Json, setDefault } from "./shared.ts";

/** parsers.ParseImageName's tag: "" with a digest and no tag, "latest" with neither. */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > lastSlash) return ref.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

/**
 * The canonical milli-rounded text of each quantity text seen: every pod of a Deployment
 * brings the same few (formatting is bigint arithmetic). Bounded, since manifests may hold any.
 */
const canonicalTexts = new Map<string, string>();

/** formatQuantity(roundUpMilli(q)) for the text `text` parsed as `q`. */
function canonicalMilli(text: unknown, q: Quantity): string {
  if (typeof text !== "string") return formatQuantity(roundUpMilli(q));
  let canonical = canonicalTexts.get(text);
  if (canonical === undefined) {
    canonical = formatQuantity(roundUpMilli(q));
    if (canonicalTexts.size >= 4096) canonicalTexts.clear();
    canonicalTexts.set(text, canonical);
  }
  return canonical;
}

/** SetDefaults_ResourceList: canonical quantities, rounded up to milli. */
export function defaultResourceList(list: Json): void {
  if (!list || typeof list !== "object") return;
  for (const k of Object.keys(list)) {
    const q = parseQuantity(list[k]);
    if (!q.ok) continue;
    // Written only when it changes: a defaulted list may be part of a stored (read-only) object.
    const canonical = canonicalMilli(list[k], q.value);
    if (canonical !== list[k]) list[k] = canonical;
  }
}

function defaultProbe(p: Json): void {
  if (!p) return;
  for (const [k, v] of [
    ["timeoutSeconds", 1],
    ["periodSeconds", 10],
    ["successThreshold", 1],
    ["failureThreshold", 3],
  ] as const) {
    if (!p[k]) p[k] = v;
  }
  defaultHandler(p);
}

function defaultHandler(h: Json): void {
  if (h?.httpGet) {
    if (!h.httpGet.path) h.httpGet.path = "/";
    if (!h.httpGet.scheme) h.httpGet.scheme = "HTTP";
  }
}

function defaultFieldRef(ref: Json): void {
  if (ref && !ref.apiVersion) ref.apiVersion = "v1";
}

export function defaultContainer(c: Json): void {
  if (!c || typeof c !== "object") return;
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? "")) === "latest" ? "Always" : "IfNotPresent";
  if (!c.terminationMessagePath) c.terminationMessagePath = "/dev/termination-log";
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  for (const p of c.ports ?? []) if (p && !p.protocol) p.protocol = "TCP";
  setDefault(c, "resources", {});
  defaultResourceList(c.resources.limits);
  defaultResourceList(c.resources.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHandler(c.lifecycle?.postStart);
  defaultHandler(c.lifecycle?.preStop);
  for (const e of c.env ?? []) defaultFieldRef(e?.valueFrom?.fieldRef);
}

function defaultVolume(v: Json): void {
  if (!v || typeof v !== "object") return;
  const sources = Object.keys(v).filter((k) => k !== "name");
  if (sources.length === 0) v.emptyDir = {};
  for (const k of ["secret", "configMap", "downwardAPI", "projected"]) if (v[k]) setDefault(v[k], "defaultMode", 420);
  if (v.hostPath) setDefault(v.hostPath, "type", "");
  for (const item of v.downwardAPI?.items ?? []) defaultFieldRef(item?.fieldRef);
  for (const s of v.projected?.sources ?? []) {
    if (s?.serviceAccountToken) setDefault(s.serviceAccountToken, "expirationSeconds", 3600);
    for (const item of s?.downwardAPI?.items ?? []) defaultFieldRef(item?.fieldRef);
  }
}

/** SetDefaults_PodSpec and the defaulters of everything inside it. */
export function defaultPodSpec(spec: Json): void {
  if (!spec || typeof spec !== "object") return;
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  setDefault(spec, "securityContext", {});
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  if (!spec.schedulerName) spec.schedulerName = "default-scheduler";
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

/** A template's spec is defaulted like a Pod's, minus the Pod-only part. */
export function defaultPodTemplate(template: Json): void {
  if (!template || typeof template !== "object") return;
  // An embedded ObjectMeta serialises its zero creationTimestamp as null.
  setDefault(template, "metadata", {});
  if (template.metadata.creationTimestamp === undefined) template.metadata.creationTimestamp = null;
  setDefault(template, "spec", {});
  defaultPodSpec(template.spec);
}

/** SetDefaults_Pod: only on Pods, never in templates. */
export function defaultPodOnly(spec: Json): void {
  if (!spec || typeof spec !== "object") return;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c?.resources?.limits;
    if (!limits) continue;
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(limits))
      if (!Object.hasOwn(c.resources.requests, k)) c.resources.requests[k] = v;
  }
  setDefault(spec, "enableServiceLinks", true);
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c?.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}
