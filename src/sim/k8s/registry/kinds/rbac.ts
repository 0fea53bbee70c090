/** Roles, ClusterRoles and their bindings (rbac.authorization.k8s.io). */
import type { KObject } from "../../api/object.ts";
import { jsonEqual } from "../../api/object.ts";
import { type FieldErrors, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { goQuote, goStringSlice, goStruct } from "../../validation/go-format.ts";
import { isDNS1123Subdomain, isValidPathSegmentName, nameIsPathSegment } from "../../validation/names.ts";
import { validateLabelSelector } from "../../validation/selector.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { type Json, validateMeta, validateMetaUpdate } from "./shared.ts";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

function validatePolicyRule(rule: Json, namespaced: boolean, fld: string): FieldErrors {
  const r = rule ?? {};
  const errs: FieldErrors = [];
  if (!(r.verbs ?? []).length) errs.push(required(`${fld}.verbs`, "verbs must contain at least one value"));
  if ((r.nonResourceURLs ?? []).length) {
    if (namespaced)
      errs.push(
        invalid(
          `${fld}.nonResourceURLs`,
          goStringSlice(r.nonResourceURLs),
          "namespaced rules cannot apply to non-resource URLs",
        ),
      );
    if ((r.apiGroups ?? []).length || (r.resources ?? []).length || (r.resourceNames ?? []).length) {
      errs.push(
        invalid(
          `${fld}.nonResourceURLs`,
          goStringSlice(r.nonResourceURLs),
          "rules cannot apply to both regular resources and non-resource URLs",
        ),
      );
    }
    return errs;
  }
  if (!(r.apiGroups ?? []).length)
    errs.push(required(`${fld}.apiGroups`, "resource rules must supply at least one api group"));
  if (!(r.resources ?? []).length)
    errs.push(required(`${fld}.resources`, "resource rules must supply at least one resource"));
  return errs;
}

function validateRole(obj: KObject, ctx: StrategyContext, namespaced: boolean): FieldErrors {
  const errs = validateMeta(obj, ctx, namespaced, nameIsPathSegment);
  (obj.rules ?? []).forEach((r: Json, i: number) => {
    errs.push(...validatePolicyRule(r, namespaced, `rules[${i}]`));
  });
  if (!namespaced && obj.aggregationRule) {
    const sels: Json[] = obj.aggregationRule.clusterRoleSelectors ?? [];
    if (!sels.length)
      errs.push(
        required(
          "aggregationRule.clusterRoleSelectors",
          "at least one clusterRoleSelector required if aggregationRule is non-nil",
        ),
      );
    sels.forEach((s, i) => {
      errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`, ctx.minor));
    });
  }
  return errs;
}

function validateSubject(s: Json, namespaced: boolean, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  if (!s?.name) errs.push(required(`${fld}.name`));
  switch (s?.kind) {
    case "ServiceAccount":
      if (s.name) for (const m of isDNS1123Subdomain(s.name)) errs.push(invalid(`${fld}.name`, s.name, m));
      if (s.apiGroup) errs.push(notSupported(`${fld}.apiGroup`, s.apiGroup, [""]));
      if (!namespaced && !s.namespace) errs.push(required(`${fld}.namespace`));
      break;
    case "User":
    case "Group":
      if (s.apiGroup !== RBAC_GROUP) errs.push(notSupported(`${fld}.apiGroup`, s.apiGroup ?? "", [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${fld}.kind`, s?.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

function validateBinding(obj: KObject, ctx: StrategyContext, namespaced: boolean): FieldErrors {
  const errs = validateMeta(obj, ctx, namespaced, nameIsPathSegment);
  const ref = obj.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) errs.push(notSupported("roleRef.apiGroup", ref.apiGroup ?? "", [RBAC_GROUP]));
  const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(ref.kind)) errs.push(notSupported("roleRef.kind", ref.kind ?? "", kinds));
  if (!ref.name) errs.push(required("roleRef.name"));
  else for (const m of isValidPathSegmentName(ref.name)) errs.push(invalid("roleRef.name", ref.name, m));
  (obj.subjects ?? []).forEach((s: Json, i: number) => {
    errs.push(...validateSubject(s, namespaced, `subjects[${i}]`));
  });
  return errs;
}

/** %#v of rbac.RoleRef, as `cannot change roleRef` shows it. */
const goRoleRef = (ref: Json) =>
  goStruct("rbac.RoleRef", [
    ["APIGroup", goQuote(ref?.apiGroup ?? "")],
    ["Kind", goQuote(ref?.kind ?? "")],
    ["Name", goQuote(ref?.name ?? "")],
  ]);

function defaultBinding(obj: KObject): void {
  obj.roleRef ??= {};
  if (!obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC_GROUP;
  for (const s of obj.subjects ?? []) {
    if (s && !s.apiGroup && (s.kind === "User" || s.kind === "Group")) s.apiGroup = RBAC_GROUP;
  }
}

for (const [kind, namespaced] of [
  ["Role", true],
  ["ClusterRole", false],
] as const) {
  registerStrategy({
    kind,
    tracksGeneration: false,
    validate: (obj, ctx) => validateRole(obj, ctx, namespaced),
    validateUpdate: (obj, old, ctx) => [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateRole(obj, ctx, namespaced).filter((e) => !e.field.startsWith("metadata")),
    ],
  });
}

for (const [kind, namespaced] of [
  ["RoleBinding", true],
  ["ClusterRoleBinding", false],
] as const) {
  registerStrategy({
    kind,
    tracksGeneration: false,
    defaults: defaultBinding,
    validate: (obj, ctx) => validateBinding(obj, ctx, namespaced),
    validateUpdate(obj, old, ctx) {
      const errs = [
        ...validateBinding(obj, ctx, namespaced).filter((e) => !e.field.startsWith("metadata")),
        ...validateMetaUpdate(obj, old, ctx),
      ];
      if (!jsonEqual(obj.roleRef ?? null, old.roleRef ?? null))
        errs.push(invalid("roleRef", goRoleRef(obj.roleRef), "cannot change roleRef"));
      return errs;
    },
  });
}
