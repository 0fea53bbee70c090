/**
 * Container validation (validateContainers and what it calls): names, image, ports, env,
 * volume mounts, pull policy, probes, resources. The order of checks follows upstream, which
 * changed in 1.27 (validateContainerCommon), because the order is visible in the aggregate.
 */
import {
  duplicate,
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
import { compareQuantities, formatQuantity, parseQuantity } from "./quantity.ts";

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

export function validateDNS1123LabelField(value: string, fld: string, minor: number): FieldErrors {
  return isDNS1123Label(value, minor).map((m) => invalid(fld, value, m));
}

export function validateContainerPorts(ports: Json[] | undefined, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p: Json, i: number) => {
    const at = `${fld}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(`${at}.name`, p.name, m));
      else if (names.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
      else names.add(p.name);
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
  const points = new Set<string>();
  (mounts ?? []).forEach((m: Json, i: number) => {
    const at = `${fld}[${i}]`;
    if (!m.name) errs.push(required(`${at}.name`));
    if (!volumes.has(m.name ?? "")) errs.push(notFoundField(`${at}.name`, m.name ?? ""));
    if (!m.mountPath) errs.push(required(`${at}.mountPath`));
    if (points.has(m.mountPath ?? "")) errs.push(invalid(`${at}.mountPath`, m.mountPath ?? "", "must be unique"));
    points.add(m.mountPath ?? "");
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

function validatePullPolicy(policy: string | undefined, fld: string): FieldErrors {
  if (!policy) return [required(fld)];
  return PULL_POLICIES.includes(policy) ? [] : [notSupported(fld, policy, PULL_POLICIES)];
}

function isStandardContainerResource(name: string): boolean {
  return name === "cpu" || name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-");
}

function overcommitAllowed(name: string): boolean {
  return isStandardContainerResource(name) && !name.startsWith("hugepages-");
}

export function validateResourceRequirements(res: Json, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  const limits: Record<string, unknown> = res?.limits ?? {};
  const requests: Record<string, unknown> = res?.requests ?? {};
  const checkName = (name: string, at: string) => {
    if (!name.includes("/") && !isStandardContainerResource(name)) {
      errs.push(invalid(at, name, "must be a standard resource for containers"));
    }
  };
  const checkValue = (v: unknown, at: string) => {
    const q = parseQuantity(v as string);
    if (!q.ok) return undefined;
    if (q.value.n < 0n) errs.push(invalid(at, formatQuantity(q.value), "must be greater than or equal to 0"));
    return q.value;
  };
  for (const name of Object.keys(limits).sort()) {
    const at = `${fld}.limits[${name}]`;
    checkName(name, at);
    checkValue(limits[name], at);
  }
  for (const name of Object.keys(requests).sort()) {
    const at = `${fld}.requests[${name}]`;
    checkName(name, at);
    const req = checkValue(requests[name], at);
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

function validateTerminationMessagePolicy(policy: string | undefined, fld: string): FieldErrors {
  if (policy === "File" || policy === "FallbackToLogsOnError") return [];
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
    const dup = names.has(c.name ?? "") ? [duplicate(`${at}.name`, c.name ?? "")] : [];
    names.add(c.name ?? "");
    const image = c.image ? [] : [required(`${at}.image`)];
    const probes = [
      ...(isInit ? [] : validateProbe(c.livenessProbe, `${at}.livenessProbe`, minor)),
      ...(isInit ? [] : validateSuccessThresholdIsOne(c.livenessProbe, `${at}.livenessProbe`)),
      ...(isInit ? [] : validateProbe(c.readinessProbe, `${at}.readinessProbe`, minor)),
      ...(isInit ? [] : validateProbe(c.startupProbe, `${at}.startupProbe`, minor)),
      ...(isInit ? [] : validateSuccessThresholdIsOne(c.startupProbe, `${at}.startupProbe`)),
    ];
    const lifecycle = c.lifecycle ? validateLifecycle(c.lifecycle, `${at}.lifecycle`, minor) : [];
    const common = [
      ...validateContainerPorts(c.ports, `${at}.ports`),
      ...validateEnv(c.env, `${at}.env`, minor),
      ...validateEnvFrom(c.envFrom, `${at}.envFrom`, minor),
      ...validateVolumeMounts(c.volumeMounts, volumes, `${at}.volumeMounts`),
      ...validatePullPolicy(c.imagePullPolicy, `${at}.imagePullPolicy`),
      ...validateResourceRequirements(c.resources, `${at}.resources`, minor),
    ];
    const tmp = validateTerminationMessagePolicy(c.terminationMessagePolicy, `${at}.terminationMessagePolicy`);
    if (minor >= 27) {
      errs.push(...nameErrs, ...tmp, ...common, ...dup, ...image, ...lifecycle, ...probes);
    } else {
      errs.push(...nameErrs, ...dup, ...image, ...lifecycle, ...probes, ...tmp, ...common);
    }
  });
  errs.push(...checkHostPortConflicts(containers, fld));
  return errs;
}

function checkHostPortConflicts(containers: Json[], fld: string): FieldErrors {
  const errs: FieldErrors = [];
  const seen = new Set<string>();
  containers.forEach((c: Json, ci: number) => {
    (c.ports ?? []).forEach((p: Json, pi: number) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? "TCP"}/${p.hostIP ?? ""}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(`${fld}[${ci}].ports[${pi}].hostPort`, key));
      seen.add(key);
    });
  });
  return errs;
}
