/** Namespaces: a DNS-1123 label name, the `kubernetes` finalizer, phase Active, the metadata.name label. */
import type { KObject } from "../../api/object.ts";
import type { FieldErrors } from "../../validation/field-errors.ts";
import { validateFinalizerName } from "../../validation/meta.ts";
import { nameIsDNSLabel } from "../../validation/names.ts";
import { registerStrategy } from "../strategy.ts";
import { validateMeta, validateMetaUpdate } from "./shared.ts";

/** SetDefaults_Namespace (NamespaceDefaultLabelName, on since 1.21). */
function labelWithName(obj: KObject): void {
  if (!obj.metadata?.name) return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name };
}

function validateSpecFinalizers(obj: KObject): FieldErrors {
  const errs: FieldErrors = [];
  (obj.spec?.finalizers ?? []).forEach((f: string, i: number) => {
    errs.push(...validateFinalizerName(String(f), `spec.finalizers[${i}]`));
  });
  return errs;
}

registerStrategy({
  kind: "Namespace",
  tracksGeneration: false,
  defaults: labelWithName,
  prepareForCreate(obj) {
    obj.spec ??= {};
    const finalizers: string[] = obj.spec.finalizers ?? [];
    if (!finalizers.includes("kubernetes")) obj.spec.finalizers = [...finalizers, "kubernetes"];
    obj.status = { phase: "Active" };
    labelWithName(obj);
  },
  prepareForUpdate(obj, old) {
    // Finalizers change only through the finalize subresource; status only through status.
    obj.spec = { ...(obj.spec ?? {}), finalizers: structuredClone(old.spec?.finalizers ?? []) };
    if (old.spec?.finalizers === undefined) delete obj.spec.finalizers;
    obj.status = structuredClone(old.status);
    labelWithName(obj);
  },
  validate(obj, ctx) {
    return [...validateMeta(obj, ctx, false, nameIsDNSLabel(ctx.minor)), ...validateSpecFinalizers(obj)];
  },
  validateUpdate(obj, old, ctx) {
    return [...validateMetaUpdate(obj, old, ctx), ...validateSpecFinalizers(obj)];
  },
});
