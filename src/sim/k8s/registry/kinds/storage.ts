/** PersistentVolumes, PersistentVolumeClaims and StorageClasses (basic rules). */
import type { KObject } from "../../api/object.ts";
import { jsonEqual } from "../../api/object.ts";
import { type FieldErrors, forbiddenField, invalid, notSupported, required } from "../../validation/field-errors.ts";
import { validateImmutable } from "../../validation/meta.ts";
import { formatQuantity, parseQuantity } from "../../validation/quantity.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { defaultResourceList } from "./pod-defaults.ts";
import { type Json, keepStatus, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";

const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];
const RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"];
const PV_SOURCES = [
  "hostPath",
  "local",
  "nfs",
  "csi",
  "iscsi",
  "fc",
  "rbd",
  "cephfs",
  "glusterfs",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "azureDisk",
  "azureFile",
  "cinder",
  "vsphereVolume",
  "flexVolume",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "quobyte",
  "flocker",
  "photonPersistentDisk",
];

function validateAccessModes(modes: unknown[] | undefined, fld: string, minor: number): FieldErrors {
  const errs: FieldErrors = [];
  const supported = minor >= 22 ? ACCESS_MODES : ACCESS_MODES.slice(0, 3);
  if (!modes?.length) errs.push(required(fld));
  for (const m of modes ?? []) if (!supported.includes(String(m))) errs.push(notSupported(fld, m, supported));
  return errs;
}

function validateStorageQuantity(q: unknown, fld: string): FieldErrors {
  if (q === undefined) return [required(fld)];
  const p = parseQuantity(q as string);
  if (!p.ok) return [];
  if (p.value.n <= 0n) return [invalid(fld, formatQuantity(p.value), "must be greater than zero")];
  return [];
}

function validatePV(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, false);
  const s = obj.spec ?? {};
  errs.push(...validateAccessModes(s.accessModes, "spec.accessModes", ctx.minor));
  errs.push(...validateStorageQuantity(s.capacity?.storage, "spec.capacity[storage]"));
  const sources = PV_SOURCES.filter((k) => s[k] != null);
  if (sources.length === 0) errs.push(required("spec", "must specify a volume type"));
  for (const k of sources.slice(1)) errs.push(forbiddenField(`spec.${k}`, "may not specify more than 1 volume type"));
  if (s.hostPath && !s.hostPath.path) errs.push(required("spec.hostPath.path"));
  if (s.persistentVolumeReclaimPolicy && !RECLAIM_POLICIES.includes(s.persistentVolumeReclaimPolicy)) {
    errs.push(notSupported("spec.persistentVolumeReclaimPolicy", s.persistentVolumeReclaimPolicy, RECLAIM_POLICIES));
  }
  return errs;
}

registerStrategy({
  kind: "PersistentVolume",
  tracksGeneration: false,
  defaults(obj) {
    obj.spec ??= {};
    if (!obj.spec.persistentVolumeReclaimPolicy) obj.spec.persistentVolumeReclaimPolicy = "Retain";
    setDefault(obj.spec, "volumeMode", "Filesystem");
    if (obj.spec.hostPath) setDefault(obj.spec.hostPath, "type", "");
    defaultResourceList(obj.spec.capacity);
  },
  prepareForCreate(obj) {
    obj.status = { phase: "Pending" };
  },
  prepareForUpdate: keepStatus,
  validate: validatePV,
  validateUpdate(obj, old, ctx) {
    const errs = [
      ...validateMetaUpdate(obj, old, ctx),
      ...validatePV(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
    ];
    errs.push(...validateImmutable(obj.spec?.volumeMode, old.spec?.volumeMode, "volumeMode"));
    return errs;
  },
});

function validatePVC(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  const s = obj.spec ?? {};
  errs.push(...validateAccessModes(s.accessModes, "spec.accessModes", ctx.minor));
  errs.push(...validateStorageQuantity(s.resources?.requests?.storage, "spec.resources[storage]"));
  return errs;
}

registerStrategy({
  kind: "PersistentVolumeClaim",
  tracksGeneration: false,
  defaults(obj) {
    obj.spec ??= {};
    setDefault(obj.spec, "volumeMode", "Filesystem");
    defaultResourceList(obj.spec.resources?.requests);
    defaultResourceList(obj.spec.resources?.limits);
  },
  prepareForCreate(obj) {
    obj.status = { phase: "Pending" };
  },
  prepareForUpdate: keepStatus,
  validate: validatePVC,
  validateUpdate(obj, old, ctx) {
    const errs = [
      ...validateMetaUpdate(obj, old, ctx),
      ...validatePVC(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
    ];
    const strip = (spec: Json) => {
      const c = structuredClone(spec ?? {});
      delete c.resources;
      delete c.volumeAttributesClassName;
      return c;
    };
    if (!jsonEqual(strip(obj.spec), strip(old.spec))) {
      errs.push(forbiddenField("spec", "spec is immutable after creation except resources.requests for bound claims"));
    }
    return errs;
  },
});

const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];

function validateStorageClass(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, false);
  if (!obj.provisioner) errs.push(required("provisioner"));
  if (obj.reclaimPolicy && !["Delete", "Retain"].includes(obj.reclaimPolicy))
    errs.push(notSupported("reclaimPolicy", obj.reclaimPolicy, ["Delete", "Retain"]));
  if (obj.volumeBindingMode && !BINDING_MODES.includes(obj.volumeBindingMode)) {
    errs.push(notSupported("volumeBindingMode", obj.volumeBindingMode, BINDING_MODES));
  }
  return errs;
}

registerStrategy({
  kind: "StorageClass",
  tracksGeneration: false,
  defaults(obj) {
    if (!obj.reclaimPolicy) obj.reclaimPolicy = "Delete";
    if (!obj.volumeBindingMode) obj.volumeBindingMode = "Immediate";
  },
  validate: validateStorageClass,
  validateUpdate(obj, old, ctx) {
    const errs = [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateStorageClass(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
    ];
    if (!jsonEqual(obj.parameters ?? null, old.parameters ?? null))
      errs.push(forbiddenField("parameters", "updates to parameters are forbidden."));
    if (obj.provisioner !== old.provisioner)
      errs.push(forbiddenField("provisioner", "updates to provisioner are forbidden."));
    if ((obj.reclaimPolicy ?? "") !== (old.reclaimPolicy ?? ""))
      errs.push(forbiddenField("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
    return errs;
  },
});
