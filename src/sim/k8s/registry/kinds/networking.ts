/** Ingresses (networking.k8s.io/v1, and v1beta1 forms in 1.21) and IngressClasses. */
import type { KObject } from "../../api/object.ts";
import { type FieldErrors, GoLiteral, invalid, notSupported, required } from "../../validation/field-errors.ts";
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isIPv4,
  isIPv6,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from "../../validation/names.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { type Json, keepStatus, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate } from "./workload-shared.ts";

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES = ["/..", "/."];

const isV1 = (ctx: StrategyContext) => ctx.apiVersion === "networking.k8s.io/v1";

/** v1beta1's backend {serviceName, servicePort} as v1's {service: {name, port}}. */
function backendOf(b: Json): Json {
  if (!b) return b;
  if (b.serviceName !== undefined || b.servicePort !== undefined) {
    const port = typeof b.servicePort === "number" ? { number: b.servicePort } : { name: b.servicePort ?? "" };
    return { service: { name: b.serviceName ?? "", port }, resource: b.resource };
  }
  return b;
}

function validateBackend(raw: Json, fld: string): FieldErrors {
  const b = backendOf(raw) ?? {};
  const errs: FieldErrors = [];
  if (b.resource && b.service) return [invalid(fld, "", "cannot set both resource and service backends")];
  if (b.resource) {
    if (!b.resource.kind) errs.push(required(`${fld}.resource.kind`));
    if (!b.resource.name) errs.push(required(`${fld}.resource.name`));
    return errs;
  }
  if (!b.service) return [invalid(fld, "", "resource or service backend is required")];
  const svc = b.service;
  if (!svc.name) errs.push(required(`${fld}.service.name`));
  else for (const m of isDNS1035Label(svc.name)) errs.push(invalid(`${fld}.service.name`, svc.name, m));
  const hasName = !!svc.port?.name;
  const hasNumber = !!svc.port?.number;
  if (hasName && hasNumber) errs.push(invalid(fld, "", "cannot set both port name & port number"));
  else if (hasName)
    for (const m of isValidPortName(svc.port.name)) errs.push(invalid(`${fld}.service.port.name`, svc.port.name, m));
  else if (hasNumber)
    for (const m of isValidPortNum(svc.port.number))
      errs.push(invalid(`${fld}.service.port.number`, svc.port.number, m));
  else errs.push(required(fld, "port name or number is required"));
  return errs;
}

function validatePath(p: Json, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  if (!p.pathType) return [required(`${fld}.pathType`, "pathType must be specified")];
  const path = String(p.path ?? "");
  switch (p.pathType) {
    case "Exact":
    case "Prefix":
      if (!path.startsWith("/")) errs.push(invalid(`${fld}.path`, path, "must be an absolute path"));
      if (path) {
        for (const s of INVALID_SEQUENCES)
          if (path.includes(s)) errs.push(invalid(`${fld}.path`, path, `must not contain '${s}'`));
        for (const s of INVALID_SUFFIXES)
          if (path.endsWith(s)) errs.push(invalid(`${fld}.path`, path, `cannot end with '${s}'`));
      }
      break;
    case "ImplementationSpecific":
      if (path && !path.startsWith("/")) errs.push(invalid(`${fld}.path`, path, "must be an absolute path"));
      break;
    default:
      errs.push(notSupported(`${fld}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, `${fld}.backend`));
  return errs;
}

function validateIngress(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  const s = obj.spec ?? {};
  const defaultKey = isV1(ctx) ? "defaultBackend" : "backend";
  const rules: Json[] = s.rules ?? [];
  if (!rules.length && !s[defaultKey]) {
    errs.push(
      invalid(
        "spec",
        new GoLiteral(s.rules ? "[]networking.IngressRule{}" : "[]networking.IngressRule(nil)"),
        `either \`${defaultKey}\` or \`rules\` must be specified`,
      ),
    );
  }
  if (s[defaultKey]) errs.push(...validateBackend(s[defaultKey], `spec.${defaultKey}`));
  rules.forEach((r, i) => {
    const at = `spec.rules[${i}]`;
    if (r.host) {
      if (isIPv4(r.host) || isIPv6(r.host))
        errs.push(invalid(`${at}.host`, r.host, "must be a DNS name, not an IP address"));
      const msgs = r.host.includes("*") ? isWildcardDNS1123Subdomain(r.host) : isDNS1123Subdomain(r.host);
      for (const m of msgs) errs.push(invalid(`${at}.host`, r.host, m));
    }
    if (r.http) {
      const paths: Json[] = r.http.paths ?? [];
      if (!paths.length) errs.push(required(`${at}.http.paths`));
      paths.forEach((p, j) => {
        errs.push(...validatePath(p, `${at}.http.paths[${j}]`));
      });
    }
  });
  (s.tls ?? []).forEach((t: Json, i: number) => {
    (t.hosts ?? []).forEach((h: string, j: number) => {
      const msgs = h.includes("*") ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
      for (const m of msgs) errs.push(invalid(`spec.tls[${i}].hosts[${j}]`, h, m));
    });
  });
  if (s.ingressClassName)
    for (const m of isDNS1123Subdomain(s.ingressClassName))
      errs.push(invalid("spec.ingressClassName", s.ingressClassName, m));
  return errs;
}

registerStrategy({
  kind: "Ingress",
  tracksGeneration: true,
  defaults(obj, ctx) {
    // v1beta1 defaults pathType to ImplementationSpecific; v1 requires it.
    if (isV1(ctx)) return;
    for (const r of obj.spec?.rules ?? [])
      for (const p of r?.http?.paths ?? []) if (p && !p.pathType) p.pathType = "ImplementationSpecific";
  },
  prepareForCreate(obj) {
    prepareControlledCreate(obj);
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate: keepStatus,
  validate: validateIngress,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateIngress(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});

function validateIngressClass(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, false);
  const c = obj.spec?.controller;
  if (!c) errs.push(required("spec.controller"));
  else if (c.length > 250)
    errs.push({
      type: "FieldValueTooLong",
      field: "spec.controller",
      badValue: "",
      detail: ctx.minor >= 30 ? "may not be more than 250 bytes" : "must have at most 250 bytes",
    });
  return errs;
}

registerStrategy({
  kind: "IngressClass",
  tracksGeneration: true,
  prepareForCreate(obj) {
    obj.metadata.generation = 1;
  },
  validate: validateIngressClass,
  validateUpdate(obj, old, ctx) {
    const errs = [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateIngressClass(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
    ];
    if ((obj.spec?.controller ?? "") !== (old.spec?.controller ?? ""))
      errs.push(invalid("spec.controller", obj.spec?.controller ?? "", "field is immutable"));
    return errs;
  },
});
