/** Nodes, Endpoints, EndpointSlices and Events (basic rules). */
import type { KObject } from "../../api/object.ts";
import { type FieldErrors, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { validateLabelName } from "../../validation/meta.ts";
import { isValidIP, isValidPortNum } from "../../validation/names.ts";
import { validateTaintEffect } from "../../validation/scheduling.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { type Json, keepStatus, validateMeta, validateMetaUpdate } from "./shared.ts";

function validateNode(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, false);
  const seen = new Set<string>();
  (obj.spec?.taints ?? []).forEach((t: Json, i: number) => {
    const at = `spec.taints[${i}]`;
    errs.push(...validateLabelName(t?.key ?? "", `${at}.key`));
    errs.push(...validateTaintEffect(t?.effect, false, `${at}.effect`));
    const key = `${t?.key}:${t?.effect}`;
    if (seen.has(key)) errs.push(invalid(`${at}`, t?.key ?? "", "taints must be unique by key and effect pair"));
    seen.add(key);
  });
  return errs;
}

registerStrategy({
  kind: "Node",
  tracksGeneration: false,
  validate: validateNode,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateNode(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});

function validateEndpoints(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  (obj.subsets ?? []).forEach((ss: Json, i: number) => {
    for (const list of ["addresses", "notReadyAddresses"]) {
      (ss?.[list] ?? []).forEach((a: Json, j: number) => {
        for (const m of isValidIP(a?.ip ?? "")) errs.push(invalid(`subsets[${i}].${list}[${j}].ip`, a?.ip ?? "", m));
      });
    }
    (ss?.ports ?? []).forEach((p: Json, j: number) => {
      for (const m of isValidPortNum(p?.port ?? 0))
        errs.push(invalid(`subsets[${i}].ports[${j}].port`, p?.port ?? 0, m));
      if (!["TCP", "UDP", "SCTP"].includes(p?.protocol))
        errs.push(notSupported(`subsets[${i}].ports[${j}].protocol`, p?.protocol ?? "", ["SCTP", "TCP", "UDP"]));
    });
  });
  return errs;
}

registerStrategy({
  kind: "Endpoints",
  tracksGeneration: false,
  defaults(obj) {
    for (const ss of obj.subsets ?? []) for (const p of ss?.ports ?? []) if (p && !p.protocol) p.protocol = "TCP";
  },
  validate: validateEndpoints,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateEndpoints(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});

function validateEndpointSlice(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  const types = ["IPv4", "IPv6", "FQDN"];
  if (!obj.addressType) errs.push(required("addressType"));
  else if (!types.includes(obj.addressType)) errs.push(notSupported("addressType", obj.addressType, types));
  (obj.endpoints ?? []).forEach((e: Json, i: number) => {
    if (!(e?.addresses ?? []).length)
      errs.push(required(`endpoints[${i}].addresses`, "must contain at least 1 address"));
  });
  return errs;
}

registerStrategy({
  kind: "EndpointSlice",
  tracksGeneration: true,
  defaults(obj) {
    for (const p of obj.ports ?? []) if (p && !p.protocol) p.protocol = "TCP";
  },
  prepareForCreate(obj) {
    obj.metadata.generation = 1;
  },
  validate: validateEndpointSlice,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateEndpointSlice(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});

function validateEvent(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  const isCore = ctx.apiVersion === "v1";
  const regarding = isCore ? obj.involvedObject : obj.regarding;
  const regardingPath = isCore ? "involvedObject" : "regarding";
  if (regarding?.namespace && obj.metadata.namespace && regarding.namespace !== obj.metadata.namespace) {
    errs.push(invalid(`${regardingPath}.namespace`, regarding.namespace, "does not match event.namespace"));
  }
  if (obj.type && !["Normal", "Warning"].includes(obj.type) && !isCore) {
    errs.push(notSupported("type", obj.type, ["Normal", "Warning"]));
  }
  return errs;
}

registerStrategy({
  kind: "Event",
  tracksGeneration: false,
  prepareForUpdate: keepStatus,
  validate: validateEvent,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateEvent(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});
