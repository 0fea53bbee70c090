/** CustomResourceDefinitions (basic): name is `<plural>.<group>`, names, scope, one storage version. */
import type { KObject } from "../../api/object.ts";
import { type FieldErrors, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { isDNS1035Label, isDNS1123Subdomain } from "../../validation/names.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { type Json, keepStatus, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate } from "./workload-shared.ts";

function validateCRD(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, false);
  const s = obj.spec ?? {};
  const names = s.names ?? {};
  const expected = `${names.plural ?? ""}.${s.group ?? ""}`;
  if (obj.metadata.name && obj.metadata.name !== expected) {
    errs.push(invalid("metadata.name", obj.metadata.name, `must be spec.names.plural+"."+spec.group`));
  }
  if (!s.group) errs.push(required("spec.group"));
  else {
    for (const m of isDNS1123Subdomain(s.group)) errs.push(invalid("spec.group", s.group, m));
    if (s.group.split(".").length < 2)
      errs.push(invalid("spec.group", s.group, "should be a domain with at least one dot"));
  }
  if (!["Cluster", "Namespaced"].includes(s.scope)) {
    errs.push(s.scope ? notSupported("spec.scope", s.scope, ["Cluster", "Namespaced"]) : required("spec.scope"));
  }
  for (const k of ["plural", "singular"]) {
    const v = names[k];
    if (k === "plural" && !v) errs.push(required(`spec.names.${k}`));
    else if (v) for (const m of isDNS1035Label(v)) errs.push(invalid(`spec.names.${k}`, v, m));
  }
  if (!names.kind) errs.push(required("spec.names.kind", "must be specified"));
  const versions: Json[] = s.versions ?? [];
  if (!versions.length)
    errs.push(invalid("spec.versions", versions, "must have exactly one version marked as storage version"));
  else if (versions.filter((v) => v?.storage).length !== 1) {
    errs.push(invalid("spec.versions", versions, "must have exactly one version marked as storage version"));
  }
  versions.forEach((v, i) => {
    if (!v?.name) errs.push(required(`spec.versions[${i}].name`));
    else for (const m of isDNS1035Label(v.name)) errs.push(invalid(`spec.versions[${i}].name`, v.name, m));
  });
  return errs;
}

registerStrategy({
  kind: "CustomResourceDefinition",
  tracksGeneration: true,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    s.names ??= {};
    const names = s.names;
    if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
    if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
    s.conversion ??= { strategy: "None" };
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate: validateCRD,
  validateUpdate: (obj, old, ctx) => [
    ...validateMetaUpdate(obj, old, ctx),
    ...validateCRD(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
  ],
});
