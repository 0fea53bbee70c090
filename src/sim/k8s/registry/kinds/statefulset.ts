/** StatefulSets (apps/v1): OrderedReady, RollingUpdate partition 0; only a few spec fields may change. */
import { jsonEqual } from "../../api/object.ts";
import { type FieldErrors, forbiddenField, invalid, required } from "../../validation/field-errors.ts";
import { goPointer, goQuote, goStruct } from "../../validation/go-format.ts";
import { validateNonnegative } from "../../validation/meta.ts";
import { isDNS1035Label } from "../../validation/names.ts";
import { validateSpecSelector, validateTemplateForSelector } from "../../validation/workloads.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { defaultPodTemplate } from "./pod-defaults.ts";
import { type Json, keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";
import { prepareControlledCreate } from "./workload-shared.ts";

function validateStatefulSetSpec(spec: Json, ctx: StrategyContext): FieldErrors {
  const s = spec ?? {};
  const errs: FieldErrors = [];
  const pmp = s.podManagementPolicy;
  if (!pmp) errs.push(required("spec.podManagementPolicy"));
  else if (pmp !== "OrderedReady" && pmp !== "Parallel") {
    errs.push(invalid("spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = s.updateStrategy ?? {};
  switch (us.type) {
    case undefined:
    case "":
      errs.push(required("spec.updateStrategy"));
      break;
    case "OnDelete":
      if (us.rollingUpdate) {
        errs.push(
          invalid(
            "spec.updateStrategy.rollingUpdate",
            goPointer("apps.RollingUpdateStatefulSetStrategy", 1),
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      }
      break;
    case "RollingUpdate":
      if (us.rollingUpdate)
        errs.push(
          ...validateNonnegative(us.rollingUpdate.partition ?? 0, "spec.updateStrategy.rollingUpdate.partition"),
        );
      break;
    default:
      errs.push(
        invalid(
          "spec.updateStrategy",
          goStruct("apps.StatefulSetUpdateStrategy", [
            ["Type", goQuote(us.type)],
            ["RollingUpdate", goPointer("apps.RollingUpdateStatefulSetStrategy", us.rollingUpdate)],
          ]),
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      );
  }
  errs.push(...validateNonnegative(s.replicas ?? 0, "spec.replicas"));
  errs.push(...validateSpecSelector(s.selector, "spec", "statefulset", ctx.minor));
  errs.push(
    ...validateTemplateForSelector(s.template, s.selector, "spec", ctx.minor, {
      kindName: "StatefulSet",
      activeDeadline: "forbidden",
      validatePodSpec: false,
    }),
  );
  // serviceName became optional, and is checked when given, in 1.30.
  if (ctx.minor >= 30 && s.serviceName) {
    for (const m of isDNS1035Label(s.serviceName)) errs.push(invalid("spec.serviceName", s.serviceName, m));
  }
  return errs;
}

/** The fields an update may change, in the server's own words. */
function updatableFields(minor: number): { fields: string[]; message: string } {
  if (minor >= 27) {
    return {
      fields: [
        "replicas",
        "ordinals",
        "template",
        "updateStrategy",
        "revisionHistoryLimit",
        "persistentVolumeClaimRetentionPolicy",
        "minReadySeconds",
      ],
      message:
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    };
  }
  return {
    fields: ["replicas", "template", "updateStrategy"],
    message:
      "updates to statefulset spec for fields other than 'replicas', 'template', and 'updateStrategy' are forbidden",
  };
}

registerStrategy({
  kind: "StatefulSet",
  tracksGeneration: true,
  defaults(obj, ctx) {
    obj.spec ??= {};
    const s = obj.spec;
    if (!s.podManagementPolicy) s.podManagementPolicy = "OrderedReady";
    setDefault(s, "updateStrategy", {});
    if (!s.updateStrategy.type) s.updateStrategy.type = "RollingUpdate";
    if (s.updateStrategy.type === "RollingUpdate") {
      setDefault(s.updateStrategy, "rollingUpdate", {});
      setDefault(s.updateStrategy.rollingUpdate, "partition", 0);
    }
    setDefault(s, "replicas", 1);
    setDefault(s, "revisionHistoryLimit", 10);
    // StatefulSetAutoDeletePVC: beta (on) since 1.27.
    if (ctx.minor >= 27) {
      setDefault(s, "persistentVolumeClaimRetentionPolicy", {});
      setDefault(s.persistentVolumeClaimRetentionPolicy, "whenDeleted", "Retain");
      setDefault(s.persistentVolumeClaimRetentionPolicy, "whenScaled", "Retain");
    }
    defaultPodTemplate(s.template);
    for (const pvc of s.volumeClaimTemplates ?? []) {
      pvc.spec ??= {};
      setDefault(pvc.spec, "volumeMode", "Filesystem");
      pvc.status ??= { phase: "Pending" };
    }
  },
  prepareForCreate: prepareControlledCreate,
  prepareForUpdate: keepStatus,
  validate(obj, ctx) {
    return [...validateMeta(obj, ctx, true), ...validateStatefulSetSpec(obj.spec, ctx)];
  },
  validateUpdate(obj, old, ctx) {
    const errs = [...validateMetaUpdate(obj, old, ctx), ...validateStatefulSetSpec(obj.spec, ctx)];
    const { fields, message } = updatableFields(ctx.minor);
    const strip = (spec: Json) => {
      const c = structuredClone(spec ?? {});
      for (const f of fields) delete c[f];
      return c;
    };
    if (!jsonEqual(strip(obj.spec), strip(old.spec))) errs.push(forbiddenField("spec", message));
    return errs;
  },
});
