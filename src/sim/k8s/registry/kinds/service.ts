/**
 * Services. Defaulting follows core/v1 SetDefaults_Service of each minor; the IP-family fields
 * are those the REST layer fills in on a single-stack IPv4 cluster. ClusterIP and NodePort
 * allocation itself belongs to the API server; a NodePort outside the range is reported here
 * with the allocator's words, after every validation error (as upstream allocates after
 * validating).
 */
import type { KObject } from "../../api/object.ts";
import { jsonEqual } from "../../api/object.ts";
import { SUPPORTED_PORT_PROTOCOLS, validateDNS1123LabelField } from "../../validation/containers.ts";
import {
  duplicate,
  type FieldErrors,
  forbiddenField,
  invalid,
  notSupported,
  required,
} from "../../validation/field-errors.ts";
import { goPointer, goQuote, goStringSlice, goStruct, intOrStringText } from "../../validation/go-format.ts";
import { validatePortNumOrName } from "../../validation/intstr.ts";
import { validateLabels } from "../../validation/meta.ts";
import { isDNS1123Subdomain, isValidIP, isValidPortNum, nameIsDNS1035Label } from "../../validation/names.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { type Json, keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";

export const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
export const NODE_PORT_RANGE: [number, number] = [30000, 32767];
const KUBELET_PORT = 10250;

const isHeadless = (s: Json) => s?.clusterIP === "None";
const externallyAccessible = (s: Json) =>
  s.type === "LoadBalancer" || s.type === "NodePort" || (s.type === "ClusterIP" && (s.externalIPs ?? []).length > 0);

function defaultService(obj: KObject, ctx: StrategyContext): void {
  obj.spec ??= {};
  const s = obj.spec;
  if (!s.sessionAffinity) s.sessionAffinity = "None";
  if (s.sessionAffinity === "None") delete s.sessionAffinityConfig;
  if (s.sessionAffinity === "ClientIP" && typeof s.sessionAffinityConfig?.clientIP?.timeoutSeconds !== "number") {
    s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!s.type) s.type = "ClusterIP";
  for (const p of s.ports ?? []) {
    if (!p || typeof p !== "object") continue;
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "")
      p.targetPort = p.port;
  }
  const etpApplies = ctx.minor >= 22 ? externallyAccessible(s) : s.type === "NodePort" || s.type === "LoadBalancer";
  if (etpApplies && !s.externalTrafficPolicy) s.externalTrafficPolicy = "Cluster";
  // ServiceInternalTrafficPolicy and ServiceLBNodePortControl: beta (on) in 1.22.
  if (ctx.minor >= 22 && ["ClusterIP", "NodePort", "LoadBalancer"].includes(s.type))
    setDefault(s, "internalTrafficPolicy", "Cluster");
  if (ctx.minor >= 22 && s.type === "LoadBalancer") setDefault(s, "allocateLoadBalancerNodePorts", true);
}

/** What the REST layer fills in on create: IP families of a single-stack IPv4 cluster, clusterIPs mirrored. */
function prepareServiceCreate(obj: KObject): void {
  const s = obj.spec;
  obj.status = { loadBalancer: {} };
  normalizeClusterIPs(s);
  if (s.type === "ExternalName") return;
  if (isHeadless(s) && !s.selector) setDefault(s, "ipFamilyPolicy", "RequireDualStack");
  else setDefault(s, "ipFamilyPolicy", "SingleStack");
  setDefault(s, "ipFamilies", ["IPv4"]);
}

function normalizeClusterIPs(s: Json): void {
  if (s.clusterIP && !(s.clusterIPs ?? []).length) s.clusterIPs = [s.clusterIP];
  else if (!s.clusterIP && (s.clusterIPs ?? []).length) s.clusterIP = s.clusterIPs[0];
}

/** patchAllocatedValues: an update that leaves out allocated values keeps them. */
function prepareServiceUpdate(obj: KObject, old: KObject): void {
  keepStatus(obj, old);
  const s = obj.spec ?? {};
  const o = old.spec ?? {};
  const needsIP = (x: Json) => x.type !== "ExternalName";
  if (needsIP(s) && needsIP(o)) {
    if (!s.clusterIP && !(s.clusterIPs ?? []).length) {
      if (o.clusterIP !== undefined) s.clusterIP = o.clusterIP;
      if (o.clusterIPs !== undefined) s.clusterIPs = structuredClone(o.clusterIPs);
    }
    if (s.ipFamilies === undefined && o.ipFamilies !== undefined) s.ipFamilies = structuredClone(o.ipFamilies);
    if (s.ipFamilyPolicy === undefined && o.ipFamilyPolicy !== undefined) s.ipFamilyPolicy = o.ipFamilyPolicy;
  }
  normalizeClusterIPs(s);
  const needsNodePort = (x: Json) => x.type === "NodePort" || x.type === "LoadBalancer";
  if (needsNodePort(s) && needsNodePort(o)) {
    for (const p of s.ports ?? []) {
      if (p.nodePort) continue;
      const prev = (o.ports ?? []).find(
        (q: Json) => q.port === p.port && (q.protocol ?? "TCP") === (p.protocol ?? "TCP"),
      );
      if (prev?.nodePort) p.nodePort = prev.nodePort;
    }
    if (!s.healthCheckNodePort && o.healthCheckNodePort) s.healthCheckNodePort = o.healthCheckNodePort;
  }
}

/** %#v of the core.ServicePort{Protocol, Port} key used to find duplicate ports. */
function goPortKey(p: Json) {
  return goStruct("core.ServicePort", [
    ["Name", '""'],
    ["Protocol", goQuote(p.protocol ?? "")],
    ["AppProtocol", goPointer("string", undefined)],
    ["Port", String(p.port ?? 0)],
    ["TargetPort", intOrStringText(0)],
    ["NodePort", "0"],
  ]);
}

function validateServicePort(
  p: Json,
  requireName: boolean,
  names: Set<string>,
  at: string,
  minor: number,
): FieldErrors {
  const errs: FieldErrors = [];
  if (requireName && !p.name) errs.push(required(`${at}.name`));
  else if (p.name) {
    errs.push(...validateDNS1123LabelField(p.name, `${at}.name`, minor));
    if (names.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
    else names.add(p.name);
  }
  for (const m of isValidPortNum(p.port ?? 0)) errs.push(invalid(`${at}.port`, p.port ?? 0, m));
  if (!p.protocol) errs.push(required(`${at}.protocol`));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(p.protocol))
    errs.push(notSupported(`${at}.protocol`, p.protocol, SUPPORTED_PORT_PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort, `${at}.targetPort`));
  return errs;
}

export function validateServiceSpec(obj: KObject, ctx: StrategyContext): FieldErrors {
  const s = obj.spec ?? {};
  const errs: FieldErrors = [];
  const ports: Json[] = s.ports ?? [];
  if (ports.length === 0 && !isHeadless(s) && s.type !== "ExternalName") errs.push(required("spec.ports"));
  switch (s.type) {
    case "LoadBalancer":
      ports.forEach((p, i) => {
        if (p.port === KUBELET_PORT) {
          errs.push(
            invalid(
              `spec.ports[${i}]`,
              p.port,
              `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
            ),
          );
        }
      });
      if (isHeadless(s))
        errs.push(invalid("spec.clusterIP", s.clusterIP, "may not be set to 'None' for LoadBalancer services"));
      break;
    case "NodePort":
      if (isHeadless(s))
        errs.push(invalid("spec.clusterIP", s.clusterIP, "may not be set to 'None' for NodePort services"));
      break;
    case "ExternalName": {
      if ((s.clusterIPs ?? []).length)
        errs.push(forbiddenField("spec.clusterIPs", "may not be set for ExternalName services"));
      if ((s.ipFamilies ?? []).length)
        errs.push(forbiddenField("spec.ipFamilies", "may not be set for ExternalName services"));
      if (s.ipFamilyPolicy)
        errs.push(forbiddenField("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
      const cname = String(s.externalName ?? "").replace(/\.$/, "");
      if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid("spec.externalName", cname, m));
      else errs.push(required("spec.externalName"));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`, ctx.minor));
  });
  if (s.selector) errs.push(...validateLabels(s.selector, "spec.selector"));
  if (!s.sessionAffinity) errs.push(required("spec.sessionAffinity"));
  else if (!["ClientIP", "None"].includes(s.sessionAffinity))
    errs.push(notSupported("spec.sessionAffinity", s.sessionAffinity, ["ClientIP", "None"]));
  if (s.sessionAffinity === "None" && s.sessionAffinityConfig) {
    errs.push(forbiddenField("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  (s.clusterIPs ?? []).forEach((ip: string, i: number) => {
    if (ip === "None" || ip === "") return;
    for (const m of isValidIP(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, m));
  });
  if (
    s.ipFamilyPolicy !== undefined &&
    !["SingleStack", "PreferDualStack", "RequireDualStack"].includes(s.ipFamilyPolicy)
  ) {
    errs.push(
      notSupported("spec.ipFamilyPolicy", s.ipFamilyPolicy, ["SingleStack", "PreferDualStack", "RequireDualStack"]),
    );
  }
  (s.externalIPs ?? []).forEach((ip: string, i: number) => {
    for (const m of isValidIP(ip)) errs.push(invalid(`spec.externalIPs[${i}]`, ip, m));
  });
  if (!s.type) errs.push(required("spec.type"));
  else if (!SERVICE_TYPES.includes(s.type)) errs.push(notSupported("spec.type", s.type, SERVICE_TYPES));
  if (s.type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(forbiddenField(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (portKeys.has(key)) errs.push(duplicate(`spec.ports[${i}]`, goPortKey(p)));
    portKeys.add(key);
  });
  if (s.externalTrafficPolicy && !externallyAccessible(s)) {
    errs.push(
      invalid(
        "spec.externalTrafficPolicy",
        s.externalTrafficPolicy,
        "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
      ),
    );
  } else if (s.externalTrafficPolicy && !["Cluster", "Local"].includes(s.externalTrafficPolicy)) {
    errs.push(notSupported("spec.externalTrafficPolicy", s.externalTrafficPolicy, ["Cluster", "Local"]));
  }
  if (s.internalTrafficPolicy !== undefined && !["Cluster", "Local"].includes(s.internalTrafficPolicy)) {
    errs.push(notSupported("spec.internalTrafficPolicy", s.internalTrafficPolicy, ["Cluster", "Local"]));
  }
  return errs;
}

/** The allocator's check of a requested NodePort. */
export function validateNodePortRange(obj: KObject, range: [number, number] = NODE_PORT_RANGE): FieldErrors {
  const errs: FieldErrors = [];
  (obj.spec?.ports ?? []).forEach((p: Json, i: number) => {
    if (!p.nodePort) return;
    if (p.nodePort < range[0] || p.nodePort > range[1]) {
      errs.push(
        invalid(
          `spec.ports[${i}].nodePort`,
          p.nodePort,
          `provided port is not in the valid range. The range of valid ports is ${range[0]}-${range[1]}`,
        ),
      );
    }
  });
  return errs;
}

function validateClusterIPsUpdate(obj: KObject, old: KObject): FieldErrors {
  const s = obj.spec ?? {};
  const o = old.spec ?? {};
  if (s.type === "ExternalName" || o.type === "ExternalName") return [];
  const errs: FieldErrors = [];
  const now: string[] = s.clusterIPs ?? [];
  (o.clusterIPs ?? []).forEach((ip: string, i: number) => {
    if (i < now.length && ip !== now[i])
      errs.push(invalid(`spec.clusterIPs[${i}]`, goStringSlice(now), "may not change once set"));
  });
  if (o.clusterIP && !s.clusterIP && now.length === 0 && jsonEqual(s.type, o.type)) {
    errs.push(invalid("spec.clusterIPs[0]", goStringSlice(now), "primary clusterIP can not be unset"));
  }
  return errs;
}

registerStrategy({
  kind: "Service",
  tracksGeneration: false,
  defaults: defaultService,
  prepareForCreate: prepareServiceCreate,
  prepareForUpdate: prepareServiceUpdate,
  validate(obj, ctx) {
    const errs = [...validateMeta(obj, ctx, true, nameIsDNS1035Label), ...validateServiceSpec(obj, ctx)];
    return errs.length ? errs : validateNodePortRange(obj);
  },
  validateUpdate(obj, old, ctx) {
    const errs = [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateServiceSpec(obj, ctx),
      ...validateClusterIPsUpdate(obj, old),
    ];
    return errs.length ? errs : validateNodePortRange(obj);
  },
});
