/**
 * ConfigMaps, Secrets and ServiceAccounts. A Secret's `stringData` is merged into `data` on
 * decode (base64-encoded) and never stored; its `data` must be valid base64, which the API
 * server checks on decode with `secretDecodeError`.
 */
import type { KObject } from "../../api/object.ts";
import { jsonEqual } from "../../api/object.ts";
import { type FieldErrors, forbiddenField, invalid, required, tooLong } from "../../validation/field-errors.ts";
import { validateImmutable } from "../../validation/meta.ts";
import { isConfigMapKey, isDNS1123Subdomain } from "../../validation/names.ts";
import { registerStrategy, type StrategyContext } from "../strategy.ts";
import { type Json, setDefault, validateMeta, validateMetaUpdate } from "./shared.ts";

/** 1 MiB, for a ConfigMap's or Secret's data. */
export const MAX_SECRET_SIZE = 1024 * 1024;
const IMMUTABLE_SET = "field is immutable when `immutable` is set";

function validateKeys(data: Json, fld: string): FieldErrors {
  const errs: FieldErrors = [];
  for (const k of Object.keys(data ?? {}).sort())
    for (const m of isConfigMapKey(k)) errs.push(invalid(`${fld}[${k}]`, k, m));
  return errs;
}

function validateConfigMap(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  errs.push(...validateKeys(obj.data, "data"));
  for (const k of Object.keys(obj.data ?? {}).sort()) {
    if (obj.binaryData && Object.hasOwn(obj.binaryData, k))
      errs.push(invalid(`data[${k}]`, k, "duplicate of key present in binaryData"));
  }
  errs.push(...validateKeys(obj.binaryData, "binaryData"));
  let size = 0;
  for (const v of Object.values(obj.data ?? {})) size += Buffer.byteLength(String(v));
  for (const v of Object.values(obj.binaryData ?? {})) size += Math.floor((String(v).length * 3) / 4);
  if (size > MAX_SECRET_SIZE) errs.push(tooLong("", "", MAX_SECRET_SIZE, ctx.minor));
  return errs;
}

function validateImmutableData(obj: KObject, old: KObject, fields: string[]): FieldErrors {
  const errs: FieldErrors = [];
  if (old.immutable !== true) return errs;
  if (obj.immutable !== true) errs.push(forbiddenField("immutable", IMMUTABLE_SET));
  for (const f of fields) if (!jsonEqual(obj[f] ?? null, old[f] ?? null)) errs.push(forbiddenField(f, IMMUTABLE_SET));
  return errs;
}

registerStrategy({
  kind: "ConfigMap",
  tracksGeneration: false,
  validate: validateConfigMap,
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateImmutableData(obj, old, ["data", "binaryData"]),
      ...validateConfigMap(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
    ];
  },
});

/** Go's base64.StdEncoding error for `text`, or undefined when it decodes (newlines are skipped). */
export function base64Error(text: string): string | undefined {
  const alphabet = /[A-Za-z0-9+/]/;
  let quantumStart = 0;
  let inQuantum = 0;
  let padding = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n" || ch === "\r") continue;
    if (inQuantum === 0) quantumStart = i;
    if (padding >= 0) {
      if (ch !== "=") return `illegal base64 data at input byte ${i}`;
      inQuantum++;
    } else if (ch === "=") {
      if (inQuantum < 2) return `illegal base64 data at input byte ${i}`;
      padding = i;
      inQuantum++;
    } else if (!alphabet.test(ch)) {
      return `illegal base64 data at input byte ${i}`;
    } else {
      inQuantum++;
    }
    if (inQuantum === 4) {
      inQuantum = 0;
      if (padding >= 0 && i < text.replace(/[\r\n]+$/, "").length - 1)
        return `illegal base64 data at input byte ${i + 1}`;
    }
  }
  if (inQuantum !== 0) return `illegal base64 data at input byte ${quantumStart}`;
  return undefined;
}

/** The decode error a Secret's `data` would raise, worded as Go's encoding/base64. */
export function secretDecodeError(obj: KObject): string | undefined {
  for (const v of Object.values(obj.data ?? {})) {
    const e = base64Error(String(v));
    if (e) return e;
  }
  return undefined;
}

function validateSecret(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  const data: Record<string, string> = obj.data ?? {};
  errs.push(...validateKeys(data, "data"));
  let size = 0;
  for (const v of Object.values(data)) size += Math.floor((String(v).replace(/=+$/, "").length * 3) / 4);
  if (size > MAX_SECRET_SIZE) errs.push(tooLong("data", "", MAX_SECRET_SIZE, ctx.minor));
  const has = (k: string) => Object.hasOwn(data, k);
  switch (obj.type) {
    case "kubernetes.io/service-account-token":
      if (!obj.metadata.annotations?.["kubernetes.io/service-account.name"]) {
        errs.push(required("metadata.annotations[kubernetes.io/service-account.name]"));
      }
      break;
    case "kubernetes.io/dockercfg":
      if (!has(".dockercfg")) errs.push(required("data[.dockercfg]"));
      break;
    case "kubernetes.io/dockerconfigjson":
      if (!has(".dockerconfigjson")) errs.push(required("data[.dockerconfigjson]"));
      else if (!isJson(data[".dockerconfigjson"])) {
        errs.push(
          invalid(
            "data[.dockerconfigjson]",
            "<secret contents redacted>",
            "invalid character looking for beginning of value",
          ),
        );
      }
      break;
    case "kubernetes.io/basic-auth":
      // Upstream's path really reads `data[%s][username]`.
      if (!has("username") && !has("password"))
        errs.push(required("data[%s][username]"), required("data[%s][password]"));
      break;
    case "kubernetes.io/ssh-auth":
      if (!data["ssh-privatekey"]) errs.push(required("data[%s][ssh-privatekey]"));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(required("data[tls.key]"));
      break;
  }
  return errs;
}

function isJson(b64: string): boolean {
  try {
    JSON.parse(Buffer.from(b64, "base64").toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

registerStrategy({
  kind: "Secret",
  tracksGeneration: false,
  defaults(obj) {
    if (!obj.type) obj.type = "Opaque";
    // stringData is write-only: its values overwrite data's, base64-encoded (v1 -> internal conversion).
    if (obj.stringData && typeof obj.stringData === "object") {
      obj.data ??= {};
      for (const [k, v] of Object.entries(obj.stringData))
        obj.data[k] = Buffer.from(String(v), "utf8").toString("base64");
      delete obj.stringData;
    }
  },
  validate: validateSecret,
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateImmutable(obj.type ?? "", old.type ?? "", "type"),
      ...validateImmutableData(obj, old, ["data"]),
      ...validateSecret(obj, ctx).filter(
        (e) => !e.field.startsWith("metadata.name") && !e.field.startsWith("metadata.namespace"),
      ),
    ];
  },
});

function validateServiceAccount(obj: KObject, ctx: StrategyContext): FieldErrors {
  const errs = validateMeta(obj, ctx, true);
  (obj.imagePullSecrets ?? []).forEach((s: Json, i: number) => {
    if (!s?.name) errs.push(required(`imagePullSecrets[${i}].name`));
  });
  (obj.secrets ?? []).forEach((s: Json, i: number) => {
    if (s?.name) for (const m of isDNS1123Subdomain(s.name)) errs.push(invalid(`secrets[${i}].name`, s.name, m));
  });
  return errs;
}

registerStrategy({
  kind: "ServiceAccount",
  tracksGeneration: false,
  defaults(obj) {
    setDefault(obj, "metadata", {});
  },
  validate: validateServiceAccount,
  validateUpdate(obj, old, ctx) {
    return [
      ...validateMetaUpdate(obj, old, ctx),
      ...validateServiceAccount(obj, ctx).filter((e) => !e.field.startsWith("metadata")),
    ];
  },
});
