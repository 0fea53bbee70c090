/**
 * PodSpec and PodTemplateSpec validation (ValidatePodSpec, ValidatePodTemplateSpec), the
 * volumes they declare, and what a Pod update may change.
 */
import { jsonEqual } from "../api/object.ts";
import { validateContainers, validateDNS1123LabelField } from "./containers.ts";
import { duplicate, type FieldErrors, forbiddenField, invalid, notSupported, required } from "./field-errors.ts";
import { validateAnnotations, validateLabels } from "./meta.ts";
import { inclusiveRangeError, isDNS1123Subdomain } from "./names.ts";
import { validateAffinity, validateTolerations } from "./scheduling.ts";

// biome-ignore lint/suspicious/noExplicitAny: manifests are schemaless JSON.
type Json = any;

export const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const HOST_PATH_TYPES = [
  "",
  "DirectoryOrCreate",
  "Directory",
  "FileOrCreate",
  "File",
  "Socket",
  "CharDevice",
  "BlockDevice",
];
const MAX_INT32 = 2147483647;

/** Every volume source a v1 Volume may name; exactly one is allowed. */
const VOLUME_SOURCES = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
];

function validateVolumeSource(vol: Json, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  // The first source named is checked; each further one is an error of its own.
  let k: string | undefined;
  for (const source of VOLUME_SOURCES) {
    if (vol[source] === undefined || vol[source] === null) continue;
    if (k === undefined) k = source;
    else errs.push(forbiddenField(`${fld}.${source}`, "may not specify more than 1 volume type"));
  }
  if (k === undefined) return [required(fld, "must specify a volume type")];
  const src = vol[k];
  const at = `${fld}.${k}`;
  switch (k) {
    case "hostPath":
      if (!src.path) errs.push(required(`${at}.path`));
      if (src.type !== undefined && !HOST_PATH_TYPES.includes(src.type))
        errs.push(notSupported(`${at}.type`, src.type, HOST_PATH_TYPES));
      break;
    case "secret":
      if (!src.secretName) errs.push(required(`${at}.secretName`));
      break;
    case "configMap":
      if (!src.name) errs.push(required(`${at}.name`));
      break;
    case "persistentVolumeClaim":
      if (!src.claimName) errs.push(required(`${at}.claimName`));
      break;
    case "nfs":
      if (!src.server) errs.push(required(`${at}.server`));
      if (!src.path) errs.push(required(`${at}.path`));
      else if (!String(src.path).startsWith("/"))
        errs.push(invalid(`${at}.path`, src.path, "must be an absolute path"));
      break;
    case "emptyDir":
      if (
        src.medium !== undefined &&
        !["", "Memory", "HugePages"].includes(src.medium) &&
        !String(src.medium).startsWith("HugePages-")
      ) {
        errs.push(notSupported(`${at}.medium`, src.medium, ["", "Memory", "HugePages"]));
      }
      break;
  }
  return errs;
}

/** ValidateVolumes: returns the errors and the names that are valid (mounts may name them). */
export function validateVolumes(
  volumes: Json[] | undefined,
  fld: string,
  minor: number,
): { errs: FieldErrors; names: Set<string> } {
  const errs: FieldErrors = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((v: Json, i: number) => {
    const at = `${fld}[${i}]`;
    const el = validateVolumeSource(v, at);
    if (!v.name) el.push(required(`${at}.name`));
    else el.push(...validateDNS1123LabelField(v.name, `${at}.name`, minor));
    if (names.has(v.name ?? "")) el.push(duplicate(`${at}.name`, v.name ?? ""));
    if (el.length === 0) names.add(v.name);
    else errs.push(...el);
  });
  return { errs, names };
}

function validateRestartPolicy(p: string | undefined, fld: string): FieldErrors {
  if (!p) return [required(fld)];
  return RESTART_POLICIES.includes(p) ? [] : [notSupported(fld, p, RESTART_POLICIES)];
}

function validateDNSPolicy(p: string | undefined, fld: string): FieldErrors {
  if (!p) return [required(fld)];
  return DNS_POLICIES.includes(p) ? [] : [notSupported(fld, p, DNS_POLICIES)];
}

/** The errors of `value` as the subdomain at `at`.`leaf`: none (and no path built) when it is one. */
function subdomainField(value: string, at: string, leaf: string): FieldErrors {
  const msgs = isDNS1123Subdomain(value);
  if (msgs.length === 0) return [];
  const fld = `${at}.${leaf}`;
  return msgs.map((m) => invalid(fld, value, m));
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: Json, fld: string, minor: number): FieldErrors {
  const s = spec ?? {};
  const errs: FieldErrors = [];
  const vols = validateVolumes(s.volumes, `${fld}.volumes`, minor);
  errs.push(...vols.errs);
  const names = new Set<string>();
  errs.push(...validateContainers(s.containers, vols.names, `${fld}.containers`, minor, names));
  // Every pod is created through here: what it lacks, or has right, builds no path and no list.
  if (s.initContainers?.length) {
    errs.push(...validateContainers(s.initContainers, vols.names, `${fld}.initContainers`, minor, names, true));
  }
  if (!RESTART_POLICIES.includes(s.restartPolicy)) {
    errs.push(...validateRestartPolicy(s.restartPolicy, `${fld}.restartPolicy`));
  }
  if (!DNS_POLICIES.includes(s.dnsPolicy)) errs.push(...validateDNSPolicy(s.dnsPolicy, `${fld}.dnsPolicy`));
  if (s.nodeSelector) errs.push(...validateLabels(s.nodeSelector, `${fld}.nodeSelector`));
  if (s.affinity) errs.push(...validateAffinity(s.affinity, `${fld}.affinity`, minor));
  if (s.serviceAccountName) errs.push(...subdomainField(s.serviceAccountName, fld, "serviceAccountName"));
  if (s.nodeName) errs.push(...subdomainField(s.nodeName, fld, "nodeName"));
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null) {
    const v = s.activeDeadlineSeconds;
    if (v < 1 || v > MAX_INT32)
      errs.push(invalid(`${fld}.activeDeadlineSeconds`, v, inclusiveRangeError(1, MAX_INT32)));
  }
  if (s.hostname) errs.push(...validateDNS1123LabelField(s.hostname, `${fld}.hostname`, minor));
  if (s.subdomain) errs.push(...validateDNS1123LabelField(s.subdomain, `${fld}.subdomain`, minor));
  if (s.tolerations?.length) errs.push(...validateTolerations(s.tolerations, `${fld}.tolerations`));
  if (s.priorityClassName) errs.push(...subdomainField(s.priorityClassName, fld, "priorityClassName"));
  if (s.preemptionPolicy !== undefined && !["Never", "PreemptLowerPriority"].includes(s.preemptionPolicy)) {
    errs.push(notSupported(`${fld}.preemptionPolicy`, s.preemptionPolicy, ["Never", "PreemptLowerPriority"]));
  }
  if (typeof s.terminationGracePeriodSeconds === "number" && s.terminationGracePeriodSeconds < 0 && minor >= 27) {
    errs.push(
      invalid(
        `${fld}.terminationGracePeriodSeconds`,
        s.terminationGracePeriodSeconds,
        "must be greater than or equal to 0",
      ),
    );
  }
  return errs;
}

/** ValidatePodTemplateSpec: note upstream's path `template.labels`, not `template.metadata.labels`. */
export function validatePodTemplateSpec(template: Json, fld: string, minor: number): FieldErrors {
  const t = template ?? {};
  const errs: FieldErrors = [];
  errs.push(...validateLabels(t.metadata?.labels, `${fld}.labels`));
  errs.push(...validateAnnotations(t.metadata?.annotations, `${fld}.annotations`, minor));
  errs.push(...validatePodSpec(t.spec, `${fld}.spec`, minor));
  if (t.spec?.ephemeralContainers?.length) {
    errs.push(forbiddenField(`${fld}.spec.ephemeralContainers`, "ephemeral containers not allowed in pod template"));
  }
  return errs;
}

/** The pod-spec fields an update may change, worded as the server of each minor words them. */
export function podUpdateForbiddenMessage(minor: number): string {
  if (minor >= 27) {
    return "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
  }
  if (minor >= 23) {
    return "pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
  }
  return "pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds` or `spec.tolerations` (only additions to existing tolerations)";
}

/**
 * A short diff of what changed, in the spirit of the cmp.Diff upstream appends (upstream
 * prints the whole internal PodSpec; we print only the changed leaves, by JSON path).
 */
export function specDiff(oldSpec: Json, newSpec: Json): string {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, p: string) => {
    if (jsonEqual(a, b)) return;
    const objA = a !== null && typeof a === "object";
    const objB = b !== null && typeof b === "object";
    if (objA && objB && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const k of keys) {
        const child = Array.isArray(a) ? `${p}[${k}]` : p ? `${p}.${k}` : k;
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], child);
      }
      return;
    }
    if (a !== undefined) lines.push(`- \t${p}: ${JSON.stringify(a)},`);
    if (b !== undefined) lines.push(`+ \t${p}: ${JSON.stringify(b)},`);
  };
  walk(oldSpec, newSpec, "");
  return ["  core.PodSpec{", ...lines, "  }"].join("\n");
}

/**
 * ValidatePodUpdate's spec rule: only images, activeDeadlineSeconds, additions to tolerations
 * (and since 1.23 a negative terminationGracePeriodSeconds set to 1) may change.
 */
export function validatePodSpecUpdate(newSpec: Json, oldSpec: Json, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  const n = newSpec ?? {};
  const o = oldSpec ?? {};
  const munged = structuredClone(n);
  for (const list of ["containers", "initContainers"]) {
    if (!Array.isArray(munged[list]) || !Array.isArray(o[list])) continue;
    munged[list].forEach((c: Json, i: number) => {
      if (o[list][i]) c.image = o[list][i].image;
    });
  }
  munged.activeDeadlineSeconds = o.activeDeadlineSeconds;
  if (munged.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  // Additions to tolerations are allowed: existing ones must stay (tolerationSeconds may change).
  const oldTol: Json[] = o.tolerations ?? [];
  const newTol: Json[] = n.tolerations ?? [];
  const sameButSeconds = (a: Json, b: Json) =>
    (a.key ?? "") === (b.key ?? "") &&
    (a.operator ?? "") === (b.operator ?? "") &&
    (a.value ?? "") === (b.value ?? "") &&
    (a.effect ?? "") === (b.effect ?? "");
  for (const [i, ot] of oldTol.entries()) {
    if (!newTol.some((nt) => sameButSeconds(ot, nt))) {
      errs.push(
        forbiddenField(
          `spec.tolerations[${i}]`,
          "existing toleration can not be modified except its tolerationSeconds",
        ),
      );
    }
  }
  if (o.tolerations === undefined) delete munged.tolerations;
  else munged.tolerations = o.tolerations;
  if (minor >= 23 && typeof o.terminationGracePeriodSeconds === "number" && o.terminationGracePeriodSeconds < 0) {
    if (n.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = o.terminationGracePeriodSeconds;
  }
  if (!jsonEqual(munged, o)) {
    errs.push(forbiddenField("spec", `${podUpdateForbiddenMessage(minor)}\n${specDiff(o, munged)}`));
  }
  return errs;
}
