/**
 * Container validation (validateContainers and what it calls): names, image, ports, env,
 * volume mounts, pull policy, probes, resources. The order of checks follows upstream, which
 * changed in 1.27 (validateContainerCommon), because the order is visible in the aggregate.
 */

import { byCodeUnits, sortInPlace } from "../../core/sorted.ts";
import {
  duplicate,
  type FieldError,
  type FieldErrors,
  forbiddenField,
  invalid,
  notFoundField,
  notSupported,
  required,
} from "./field-errors.ts";
import { validatePortNumOrName } from "./intstr.ts";
import { validateNonnegative } from "./meta.ts";
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isValidPortName,
  isValidPortNum,
} from "./names.ts";
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from "./quantity.ts";

// biome-ignore lint/suspicious/noExplicitAny: manifests are schemaless JSON.
type Json = any;

export const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const ENV_FIELD_PATHS = [
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.podIP",
  "status.podIPs",
];

/**
 * What a check that found nothing answers within this module: shared, so never written to
 * (lists are joined with `append`). Every container of every pod created passes through here,
 * and nearly all of them are valid.
 */
const NONE = Object.freeze([]) as readonly FieldError[] as FieldErrors;

/** `errs.push(...more)`, without spreading (most lists are empty). */
function append(errs: FieldErrors, more: FieldErrors): void {
  for (let i = 0; i < more.length; i++) errs.push(more[i]);
}

export function validateDNS1123LabelField(value: string, fld: string, minor: number): FieldErrors {
  const msgs = isDNS1123Label(value, minor);
  return msgs.length === 0 ? [] : msgs.map((m) => invalid(fld, value, m));
}

export function validateContainerPorts(ports: Json[] | undefined, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  // Paths are built when an error needs them; the set when a port has a name.
  let names: Set<string> | undefined;
  (ports ?? []).forEach((p: Json, i: number) => {
    const at = `${fld}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(`${at}.name`, p.name, m));
      else if (names?.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
      else {
        names ??= new Set();
        names.add(p.name);
      }
    }
    if (!p.containerPort) errs.push(required(`${at}.containerPort`));
    else for (const m of isValidPortNum(p.containerPort)) errs.push(invalid(`${at}.containerPort`, p.containerPort, m));
    if (p.hostPort) for (const m of isValidPortNum(p.hostPort)) errs.push(invalid(`${at}.hostPort`, p.hostPort, m));
    if (!p.protocol) errs.push(required(`${at}.protocol`));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(p.protocol))
      errs.push(notSupported(`${at}.protocol`, p.protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(s: Json, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  for (const m of isDNS1123Subdomain(s.name ?? "")) errs.push(invalid(`${fld}.name`, s.name ?? "", m));
  if (!s.key) errs.push(required(`${fld}.key`));
  else for (const m of isConfigMapKey(s.key)) errs.push(invalid(`${fld}.key`, s.key, m));
  return errs;
}

function validateEnvValueFrom(ev: Json, fld: string): FieldErrors {
  const vf = ev.valueFrom;
  if (!vf) return [];
  const errs: FieldErrors = [];
  let sources = 0;
  if (vf.fieldRef) {
    sources++;
    const fp = String(vf.fieldRef.fieldPath ?? "");
    if (!vf.fieldRef.apiVersion) errs.push(required(`${fld}.fieldRef.apiVersion`));
    else if (!fp) errs.push(required(`${fld}.fieldRef.fieldPath`));
    else if (!ENV_FIELD_PATHS.includes(fp.replace(/\['[^']*'\]$/, ""))) {
      errs.push(notSupported(`${fld}.fieldRef.fieldPath`, fp, ENV_FIELD_PATHS));
    }
  }
  if (vf.resourceFieldRef) {
    sources++;
    if (!vf.resourceFieldRef.resource) errs.push(required(`${fld}.resourceFieldRef.resource`));
  }
  if (vf.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(vf.configMapKeyRef, `${fld}.configMapKeyRef`));
  }
  if (vf.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(vf.secretKeyRef, `${fld}.secretKeyRef`));
  }
  if (sources === 0) {
    errs.push(
      invalid(fld, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
    );
  } else if (ev.value) {
    errs.push(invalid(fld, "", "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    errs.push(invalid(fld, "", "may not have more than one field specified at a time"));
  }
  return errs;
}

export function validateEnv(env: Json[] | undefined, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  (env ?? []).forEach((ev: Json, i: number) => {
    const at = `${fld}[${i}]`;
    if (!ev.name) errs.push(required(`${at}.name`));
    else for (const m of isEnvVarName(ev.name, minor)) errs.push(invalid(`${at}.name`, ev.name, m));
    errs.push(...validateEnvValueFrom(ev, `${at}.valueFrom`));
  });
  return errs;
}

function validateEnvFrom(envFrom: Json[] | undefined, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  (envFrom ?? []).forEach((ef: Json, i: number) => {
    const at = `${fld}[${i}]`;
    if (ef.prefix) for (const m of isEnvVarName(ef.prefix, minor)) errs.push(invalid(`${at}.prefix`, ef.prefix, m));
    let sources = 0;
    for (const k of ["configMapRef", "secretRef"]) {
      if (!ef[k]) continue;
      sources++;
      for (const m of isDNS1123Subdomain(ef[k].name ?? "")) errs.push(invalid(`${at}.${k}.name`, ef[k].name ?? "", m));
    }
    if (sources === 0) errs.push(invalid(at, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1) errs.push(invalid(at, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

export function validateVolumeMounts(mounts: Json[] | undefined, volumes: Set<string>, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  // The mount points seen: the first alone, a set once there is a second.
  let first: string | undefined;
  let points: Set<string> | undefined;
  (mounts ?? []).forEach((m: Json, i: number) => {
    if (!m.name) errs.push(required(`${fld}[${i}].name`));
    if (!volumes.has(m.name ?? "")) errs.push(notFoundField(`${fld}[${i}].name`, m.name ?? ""));
    if (!m.mountPath) errs.push(required(`${fld}[${i}].mountPath`));
    const point: string = m.mountPath ?? "";
    if (first === undefined) first = point;
    else {
      if (points === undefined) points = new Set([first]);
      if (points.has(point)) errs.push(invalid(`${fld}[${i}].mountPath`, point, "must be unique"));
      points.add(point);
    }
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, `${fld}.subPath`));
  });
  return errs;
}

export function validateLocalDescendingPath(p: string, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  if (p.startsWith("/")) errs.push(invalid(fld, p, "must be a relative path"));
  if (p.split("/").includes("..")) errs.push(invalid(fld, p, "must not contain '..'"));
  return errs;
}

/** The pull policy of the container at `at`. */
function validatePullPolicy(policy: string | undefined, at: string): FieldErrors {
  if (policy && PULL_POLICIES.includes(policy)) return NONE;
  const fld = `${at}.imagePullPolicy`;
  if (!policy) return [required(fld)];
  return PULL_POLICIES.includes(policy) ? [] : [notSupported(fld, policy, PULL_POLICIES)];
}

function isStandardContainerResource(name: string): boolean {
  return name === "cpu" || name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-");
}

function overcommitAllowed(name: string): boolean {
  return isStandardContainerResource(name) && !name.startsWith("hugepages-");
}

/** One resource of a limits or requests list: its name, and its value (returned when it parses). */
function checkResource(errs: FieldErrors, fld: string, list: string, name: string, v: unknown): Quantity | undefined {
  if (!name.includes("/") && !isStandardContainerResource(name)) {
    errs.push(invalid(`${fld}.${list}[${name}]`, name, "must be a standard resource for containers"));
  }
  const q = parseQuantity(v as string);
  if (!q.ok) return undefined;
  if (q.value.n < 0n) {
    errs.push(invalid(`${fld}.${list}[${name}]`, formatQuantity(q.value), "must be greater than or equal to 0"));
  }
  return q.value;
}

export function validateResourceRequirements(res: Json, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  const limits: Record<string, unknown> = res?.limits ?? {};
  const requests: Record<string, unknown> = res?.requests ?? {};
  for (const name of sortInPlace(Object.keys(limits), byCodeUnits))
    checkResource(errs, fld, "limits", name, limits[name]);
  for (const name of sortInPlace(Object.keys(requests), byCodeUnits)) {
    const req = checkResource(errs, fld, "requests", name, requests[name]);
    if (!req) continue;
    if (Object.hasOwn(limits, name)) {
      const lim = parseQuantity(limits[name] as string);
      if (!lim.ok) continue;
      const cmp = compareQuantities(req, lim.value);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        errs.push(invalid(`${fld}.requests`, formatQuantity(req), `must be equal to ${name} limit`));
      } else if (cmp > 0) {
        // Since 1.27 the message names the limit.
        const detail =
          minor >= 27
            ? `must be less than or equal to ${name} limit of ${formatQuantity(lim.value)}`
            : `must be less than or equal to ${name} limit`;
        errs.push(invalid(`${fld}.requests`, formatQuantity(req), detail));
      }
    } else if (!overcommitAllowed(name) && !name.includes("/")) {
      errs.push(required(`${fld}.limits`, "Limit must be set for non overcommitable resources"));
    }
  }
  return errs;
}

const HANDLER_KINDS = ["exec", "httpGet", "tcpSocket", "grpc"];

function validateHandler(h: Json, fld: string, kinds: string[]): FieldErrors {
  const errs: FieldErrors = [];
  let count = 0;
  for (const k of kinds) {
    if (!h[k]) continue;
    if (count > 0) {
      errs.push(forbiddenField(`${fld}.${k}`, "may not specify more than 1 handler type"));
      continue;
    }
    count++;
    const a = h[k];
    switch (k) {
      case "exec":
        if (!a.command?.length) errs.push(required(`${fld}.exec.command`));
        break;
      case "httpGet":
        if (!a.path) errs.push(required(`${fld}.httpGet.path`));
        errs.push(...validatePortNumOrName(a.port ?? 0, `${fld}.httpGet.port`));
        if (!["HTTP", "HTTPS"].includes(a.scheme))
          errs.push(notSupported(`${fld}.httpGet.scheme`, a.scheme ?? "", ["HTTP", "HTTPS"]));
        break;
      case "tcpSocket":
        errs.push(...validatePortNumOrName(a.port ?? 0, `${fld}.tcpSocket.port`));
        break;
      case "grpc":
        for (const m of isValidPortNum(a.port ?? 0)) errs.push(invalid(`${fld}.grpc.port`, a.port ?? 0, m));
        break;
      case "sleep":
        if (typeof a.seconds !== "number" || a.seconds < 0)
          errs.push(invalid(`${fld}.sleep.seconds`, a.seconds ?? 0, "must be non-negative"));
        break;
    }
  }
  if (count === 0) errs.push(required(fld, "must specify a handler type"));
  return errs;
}

export function validateProbe(probe: Json, fld: string, minor: number): FieldErrors {
  if (!probe) return [];
  const kinds = minor >= 24 ? HANDLER_KINDS : HANDLER_KINDS.slice(0, 3);
  const errs = validateHandler(probe, fld, kinds);
  for (const k of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    errs.push(...validateNonnegative(probe[k] ?? 0, `${fld}.${k}`));
  }
  if (typeof probe.terminationGracePeriodSeconds === "number" && probe.terminationGracePeriodSeconds <= 0) {
    errs.push(
      invalid(`${fld}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, "must be greater than 0"),
    );
  }
  return errs;
}

function validateLifecycle(lc: Json, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  const kinds = minor >= 29 ? ["exec", "httpGet", "tcpSocket", "sleep"] : ["exec", "httpGet", "tcpSocket"];
  for (const hook of ["postStart", "preStop"])
    if (lc[hook]) errs.push(...validateHandler(lc[hook], `${fld}.${hook}`, kinds));
  return errs;
}

/** The termination message policy of the container at `at`. */
function validateTerminationMessagePolicy(policy: string | undefined, at: string): FieldErrors {
  if (policy === "File" || policy === "FallbackToLogsOnError") return NONE;
  const fld = `${at}.terminationMessagePolicy`;
  return policy
    ? [invalid(fld, policy, "must be 'File' or 'FallbackToLogsOnError'")]
    : [required(fld, "must be 'File' or 'FallbackToLogsOnError'")];
}

function validateSuccessThresholdIsOne(probe: Json, fld: string): FieldErrors {
  return probe && probe.successThreshold !== undefined && probe.successThreshold !== 1
    ? [invalid(`${fld}.successThreshold`, probe.successThreshold, "must be 1")]
    : [];
}

/**
 * validateContainers. `names` is shared with init containers so that a name is unique
 * across both lists.
 */
export function validateContainers(
  containers: Json[] | undefined,
  volumes: Set<string>,
  fld: string,
  minor: number,
  names: Set<string> = new Set(),
  isInit = false,
): FieldErrors {
  const errs: FieldErrors = [];
  if (!containers?.length) return isInit ? errs : [required(fld)];
  containers.forEach((c: Json, i: number) => {
    const at = `${fld}[${i}]`;
    const nameErrs = c.name ? validateDNS1123LabelField(c.name, `${at}.name`, minor) : [required(`${at}.name`)];
    const dup = names.has(c.name ?? "") ? [duplicate(`${at}.name`, c.name ?? "")] : NONE;
    names.add(c.name ?? "");
    const image = c.image ? NONE : [required(`${at}.image`)];
    const probes = isInit ? NONE : probeErrors(c, at, minor);
    const lifecycle = c.lifecycle ? validateLifecycle(c.lifecycle, `${at}.lifecycle`, minor) : NONE;
    const common = commonErrors(c, at, volumes, minor);
    const tmp = validateTerminationMessagePolicy(c.terminationMessagePolicy, at);
    if (minor >= 27) {
      append(errs, nameErrs);
      append(errs, tmp);
      append(errs, common);
      append(errs, dup);
      append(errs, image);
      append(errs, lifecycle);
      append(errs, probes);
    } else {
      append(errs, nameErrs);
      append(errs, dup);
      append(errs, image);
      append(errs, lifecycle);
      append(errs, probes);
      append(errs, tmp);
      append(errs, common);
    }
  });
  append(errs, checkHostPortConflicts(containers, fld));
  return errs;
}

/** The probes of a (non-init) container at `at`; nothing to check, and no paths built, without any. */
function probeErrors(c: Json, at: string, minor: number): FieldErrors {
  if (!c.livenessProbe && !c.readinessProbe && !c.startupProbe) return NONE;
  return [
    ...validateProbe(c.livenessProbe, `${at}.livenessProbe`, minor),
    ...validateSuccessThresholdIsOne(c.livenessProbe, `${at}.livenessProbe`),
    ...validateProbe(c.readinessProbe, `${at}.readinessProbe`, minor),
    ...validateProbe(c.startupProbe, `${at}.startupProbe`, minor),
    ...validateSuccessThresholdIsOne(c.startupProbe, `${at}.startupProbe`),
  ];
}

/**
 * validateContainerCommon's checks of the container at `at`, in order. A list the container
 * does not have finds nothing, so it is not visited (nor its path built).
 */
function commonErrors(c: Json, at: string, volumes: Set<string>, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  if (c.ports != null) append(errs, validateContainerPorts(c.ports, `${at}.ports`));
  if (c.env != null) append(errs, validateEnv(c.env, `${at}.env`, minor));
  if (c.envFrom != null) append(errs, validateEnvFrom(c.envFrom, `${at}.envFrom`, minor));
  if (c.volumeMounts != null) append(errs, validateVolumeMounts(c.volumeMounts, volumes, `${at}.volumeMounts`));
  append(errs, validatePullPolicy(c.imagePullPolicy, at));
  if (c.resources != null) append(errs, validateResourceRequirements(c.resources, `${at}.resources`, minor));
  return errs;
}

function checkHostPortConflicts(containers: Json[], fld: string): FieldErrors {
  const errs: FieldErrors = [];
  // Made when a host port is found: most pods have none.
  let seen: Set<string> | undefined;
  containers.forEach((c: Json, ci: number) => {
    (c.ports ?? []).forEach((p: Json, pi: number) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? "TCP"}/${p.hostIP ?? ""}/${p.hostPort}`;
      seen ??= new Set();
      if (seen.has(key)) errs.push(duplicate(`${fld}[${ci}].ports[${pi}].hostPort`, key));
      seen.add(key);
    });
  });
  return errs;
}
