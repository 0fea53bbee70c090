/**
 * Strict decoding of a submitted object against the OpenAPI schema, and the error text kubectl
 * prints for it. The two supported versions check in different places, so the issues differ:
 *
 * - 1.21 (up to 1.26): kubectl validates on the client (kube-openapi proto validation). Keys
 *   are visited sorted; a string field accepts any scalar, an integer field any number; missing
 *   required fields are reported; every issue is listed.
 *   `error: error validating "pod.yaml": error validating data: ValidationError(Pod.spec.containers[0]): unknown field "imagePullPolice" in io.k8s.api.core.v1.Container; if you choose to ignore these errors, turn validation off with --validate=false`
 * - 1.33 (from 1.27): the API server decodes with fieldValidation=Strict. The body kubectl sends
 *   is JSON with sorted keys; the first type error wins (Go's encoding/json saves only the
 *   first), otherwise every unknown field is joined into one strict decoding error.
 *   `Error from server (BadRequest): error when creating "pod.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolice"`
 *
 * `strictDecodeErrors` therefore takes the minor version and returns issues whose `message` is
 * already that version's wording; `formatDecodeError` adds the envelope.
 */
import { isPlainObject } from "../object.ts";
import { type Definition, type FieldType, type OpenApiSchema, openApiSchema, shortDefinitionName } from "./openapi.ts";

export interface DecodeIssue {
  kind: "unknown-field" | "invalid-type" | "missing-field" | "invalid-value";
  /** JSON path from the object root: `spec.containers[0].imagePullPolice`. */
  path: string;
  /** This issue as the checking side words it (one list element of the final message). */
  message: string;
}

export type DecodeVerb = "creating" | "replacing" | "patching" | (string & {});

export interface DecodeErrorContext {
  minor: number;
  /** The file name as given (`-f nginx-pod.yaml`), `STDIN`, or "" when there is none. */
  source: string;
  verb: DecodeVerb;
  kind: string;
  apiVersion: string;
}

/** Walks `obj` as kubectl (1.21) or the API server (1.33) would; [] when it decodes cleanly. */
export function strictDecodeErrors(obj: unknown, apiVersion: string, kind: string, minor: number): DecodeIssue[] {
  const schema = openApiSchema(minor);
  const def = schema.definitionFor(apiVersion, kind);
  if (!def) return [];
  return schema.version === 21 ? validateClientSide(schema, def, obj, kind) : decodeServerSide(schema, def, obj);
}

/** The whole stderr kubectl prints for these issues, and its exit code (1). */
export function formatDecodeError(
  issues: DecodeIssue[],
  ctx: DecodeErrorContext,
): { stderr: string; exitCode: number } {
  if (openApiSchema(ctx.minor).version === 21) {
    const data = aggregate(issues.map((i) => i.message));
    const msg = `error validating data: ${data}; if you choose to ignore these errors, turn validation off with --validate=false`;
    return { stderr: `error: ${ctx.source ? `error validating ${goQuote(ctx.source)}: ` : ""}${msg}\n`, exitCode: 1 };
  }
  const typeError = issues.find((i) => i.kind !== "unknown-field");
  const cause = typeError ? typeError.message : `strict decoding error: ${issues.map((i) => i.message).join(", ")}`;
  const version = ctx.apiVersion.slice(ctx.apiVersion.indexOf("/") + 1);
  let message = `${ctx.kind} in version ${goQuote(version)} cannot be handled as a ${ctx.kind}: ${cause}`;
  if (ctx.source) message = `error when ${ctx.verb} ${goQuote(ctx.source)}: ${message}`;
  return { stderr: `Error from server (BadRequest): ${message}\n`, exitCode: 1 };
}

/** Go's `%q` for the plain strings that reach here (file names, field names). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** utilerrors.NewAggregate(...).Error(): one message bare, several deduplicated in brackets. */
function aggregate(messages: string[]): string {
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function jsonPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

// ------------------------------------------------------------------------------------------
// 1.21: kube-openapi proto validation (k8s.io/kube-openapi/pkg/util/proto/validation).

/** What the Go validator calls a YAML value's kind after yaml -> JSON -> interface{}. */
function protoKind(v: unknown): "boolean" | "number" | "string" | "array" | "map" {
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return "number"; // float64 after json.Unmarshal: never "integer"
  if (typeof v === "string") return "string";
  return Array.isArray(v) ? "array" : "map";
}

function validateClientSide(schema: OpenApiSchema, root: Definition, obj: unknown, kind: string): DecodeIssue[] {
  const issues: DecodeIssue[] = [];
  const add = (issueKind: DecodeIssue["kind"], objectPath: string, json: string, err: string) =>
    issues.push({ kind: issueKind, path: json, message: `ValidationError(${objectPath}): ${err}` });
  const invalidType = (objectPath: string, json: string, schemaPath: string, expected: string, actual: string) =>
    add("invalid-type", objectPath, json, `invalid type for ${schemaPath}: got "${actual}", expected "${expected}"`);

  /** Visits `value` (at item path `objectPath`) against a schema node whose path is `schemaPath`. */
  const visitType = (value: unknown, type: FieldType, objectPath: string, json: string, schemaPath: string): void => {
    switch (type.kind) {
      case "any":
        return;
      case "ref": {
        const def = schema.definition(type.name);
        if (def) visitDefinition(value, def, objectPath, json);
        return;
      }
      case "primitive":
        visitPrimitive(value, type.type, objectPath, json, schemaPath);
        return;
      case "array": {
        const k = protoKind(value);
        if (k === "array") {
          (value as unknown[]).forEach((item, i) => {
            const p = `${objectPath}[${i}]`;
            if (item === null || item === undefined) {
              add("invalid-value", objectPath, `${json}[${i}]`, `unknown object type "nil" in ${p}`);
              return;
            }
            visitType(item, type.items, p, `${json}[${i}]`, schemaPath);
          });
        } else invalidType(objectPath, json, schemaPath, "array", k);
        return;
      }
      case "map": {
        const k = protoKind(value);
        if (k !== "map") {
          invalidType(objectPath, json, schemaPath, "map", k);
          return;
        }
        const m = value as Record<string, unknown>;
        for (const key of sortedKeys(m)) {
          const p = `${objectPath}.${key}`;
          if (m[key] === null || m[key] === undefined) {
            issues.push({
              kind: "invalid-value",
              path: jsonPath(json, key),
              message: `unknown object type "nil" in ${p}`,
            });
            continue;
          }
          visitType(m[key], type.values, p, jsonPath(json, key), schemaPath);
        }
        return;
      }
    }
  };

  const visitPrimitive = (value: unknown, type: string, objectPath: string, json: string, schemaPath: string) => {
    const k = protoKind(value);
    if (type === "string") {
      if (k === "array" || k === "map") invalidType(objectPath, json, schemaPath, type, k);
      return;
    }
    const ok = type === "boolean" ? k === "boolean" : k === "number";
    if (!ok) invalidType(objectPath, json, schemaPath, type, k);
  };

  const visitDefinition = (value: unknown, def: Definition, objectPath: string, json: string): void => {
    switch (def.shape) {
      case "any":
        return;
      case "raw-object": // a map of arbitrary values
        if (protoKind(value) !== "map") invalidType(objectPath, json, def.name, "map", protoKind(value));
        return;
      case "object":
        break;
      default: // int-or-string, quantity, time and named strings are strings in the v2 document
        visitPrimitive(value, "string", objectPath, json, def.name);
        return;
    }
    const k = protoKind(value);
    if (k !== "map") {
      invalidType(objectPath, json, def.name, "map", k);
      return;
    }
    const m = value as Record<string, unknown>;
    for (const key of sortedKeys(m)) {
      if (m[key] === null || m[key] === undefined) continue;
      const field = def.fields.get(key);
      if (!field) {
        add("unknown-field", objectPath, jsonPath(json, key), `unknown field "${key}" in ${def.name}`);
        continue;
      }
      visitType(m[key], field.type, `${objectPath}.${key}`, jsonPath(json, key), `${def.name}.${key}`);
    }
    for (const required of def.required) {
      if (m[required] === null || m[required] === undefined)
        add(
          "missing-field",
          objectPath,
          jsonPath(json, required),
          `missing required field "${required}" in ${def.name}`,
        );
    }
  };

  visitDefinition(obj, root, kind, "");
  return issues;
}

// ------------------------------------------------------------------------------------------
// 1.33: the API server's strict JSON decoding into the Go types.

/** Named Go types of common enum-like string fields (the OpenAPI document does not name them). */
const NAMED_STRING_TYPES: Record<string, string> = {
  "io.k8s.api.core.v1.Container.imagePullPolicy": "v1.PullPolicy",
  "io.k8s.api.core.v1.Container.terminationMessagePolicy": "v1.TerminationMessagePolicy",
  "io.k8s.api.core.v1.PodSpec.restartPolicy": "v1.RestartPolicy",
  "io.k8s.api.core.v1.PodSpec.dnsPolicy": "v1.DNSPolicy",
  "io.k8s.api.core.v1.PodSpec.preemptionPolicy": "v1.PreemptionPolicy",
  "io.k8s.api.core.v1.ContainerPort.protocol": "v1.Protocol",
  "io.k8s.api.core.v1.ServicePort.protocol": "v1.Protocol",
  "io.k8s.api.core.v1.ServiceSpec.type": "v1.ServiceType",
  "io.k8s.api.core.v1.ServiceSpec.sessionAffinity": "v1.ServiceAffinity",
  "io.k8s.api.core.v1.ServiceSpec.externalTrafficPolicy": "v1.ServiceExternalTrafficPolicy",
  "io.k8s.api.core.v1.ServiceSpec.internalTrafficPolicy": "v1.ServiceInternalTrafficPolicy",
  "io.k8s.api.core.v1.Toleration.operator": "v1.TolerationOperator",
  "io.k8s.api.core.v1.Toleration.effect": "v1.TaintEffect",
  "io.k8s.api.core.v1.Taint.effect": "v1.TaintEffect",
  "io.k8s.api.core.v1.NodeSelectorRequirement.operator": "v1.NodeSelectorOperator",
  "io.k8s.api.core.v1.PersistentVolumeClaimSpec.accessModes": "v1.PersistentVolumeAccessMode",
  "io.k8s.api.core.v1.PersistentVolumeClaimSpec.volumeMode": "v1.PersistentVolumeMode",
  "io.k8s.api.core.v1.PersistentVolumeSpec.accessModes": "v1.PersistentVolumeAccessMode",
  "io.k8s.api.core.v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy": "v1.PersistentVolumeReclaimPolicy",
  "io.k8s.api.core.v1.SecretSpec.type": "v1.SecretType",
  "io.k8s.api.core.v1.Secret.type": "v1.SecretType",
  "io.k8s.api.apps.v1.DeploymentStrategy.type": "v1.DeploymentStrategyType",
  "io.k8s.api.apps.v1.StatefulSetSpec.podManagementPolicy": "v1.PodManagementPolicyType",
  "io.k8s.api.apps.v1.StatefulSetUpdateStrategy.type": "v1.StatefulSetUpdateStrategyType",
  "io.k8s.api.apps.v1.DaemonSetUpdateStrategy.type": "v1.DaemonSetUpdateStrategyType",
  "io.k8s.api.batch.v1.JobSpec.completionMode": "v1.CompletionMode",
  "io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy": "v1.ConcurrencyPolicy",
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement.operator": "v1.LabelSelectorOperator",
  "io.k8s.api.networking.v1.HTTPIngressPath.pathType": "v1.PathType",
  "io.k8s.api.networking.v1.NetworkPolicySpec.policyTypes": "v1.PolicyType",
};

/** The Go package name of a definition: its version (`v1`, `v1beta1`) or apimachinery package. */
function goTypeOfDefinition(name: string): string {
  const segments = name.split(".");
  const short = segments[segments.length - 1];
  const pkg = segments[segments.length - 2];
  return `${pkg}.${short}`;
}

function goTypeOf(schema: OpenApiSchema, type: FieldType, fieldKey: string): string {
  switch (type.kind) {
    case "any":
      return "interface {}";
    case "array":
      return `[]${goTypeOf(schema, type.items, fieldKey)}`;
    case "map":
      return `map[string]${goTypeOf(schema, type.values, fieldKey)}`;
    case "ref":
      return goTypeOfDefinition(type.name);
    case "primitive":
      if (type.type === "string") return NAMED_STRING_TYPES[fieldKey] ?? "string";
      if (type.type === "boolean") return "bool";
      if (type.type === "number") return "float64";
      return type.format === "int64" ? "int64" : "int32";
  }
}

/** The `Value` part of Go's UnmarshalTypeError for a JSON value kubectl sends. */
function goValueDescription(v: unknown, target: "int" | "other"): string {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return target === "int" ? `number ${goNumber(v)}` : "number";
  return "object";
}

/** How json.Marshal writes a float64 that came from YAML. */
function goNumber(n: number): string {
  const s = String(n);
  return s.replace(/e\+?(-?)(\d)$/, "e$1" + "0$2").replace("e0", "e+0");
}

const QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_SUFFIX = /^(|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)$/;

function isQuantity(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v !== "string") return false;
  const m = QUANTITY.exec(v.trim());
  return m !== null && QUANTITY_SUFFIX.test(m[2]) && /[0-9]/.test(m[1]) && (m[1].match(/\./g) ?? []).length <= 1;
}

function decodeServerSide(schema: OpenApiSchema, root: Definition, obj: unknown): DecodeIssue[] {
  const unknown: DecodeIssue[] = [];
  let typeError: DecodeIssue | undefined;
  const fail = (json: string, message: string) => {
    typeError ??= { kind: "invalid-type", path: json, message };
  };
  /** Go struct currently being decoded, and the field names from the root (no indices). */
  interface Ctx {
    struct: string;
    fields: string[];
    fieldKey: string;
  }
  const unmarshalError = (ctx: Ctx, json: string, value: unknown, goType: string, intTarget: boolean) =>
    fail(
      json,
      `json: cannot unmarshal ${goValueDescription(value, intTarget ? "int" : "other")} into Go struct field ${ctx.struct}.${ctx.fields.join(".")} of type ${goType}`,
    );

  const decodeType = (value: unknown, type: FieldType, json: string, ctx: Ctx): void => {
    if (value === null || value === undefined || typeError) return;
    switch (type.kind) {
      case "any":
        return;
      case "ref": {
        const def = schema.definition(type.name);
        if (def) decodeDefinition(value, def, json, ctx);
        return;
      }
      case "primitive": {
        const goType = goTypeOf(schema, type, ctx.fieldKey);
        if (type.type === "string") {
          if (typeof value !== "string") unmarshalError(ctx, json, value, goType, false);
        } else if (type.type === "boolean") {
          if (typeof value !== "boolean") unmarshalError(ctx, json, value, goType, false);
        } else if (type.type === "number") {
          if (typeof value !== "number") unmarshalError(ctx, json, value, goType, false);
        } else {
          const bits = type.format === "int64" ? 63 : 31;
          const ok = typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= 2 ** bits;
          if (!ok) unmarshalError(ctx, json, value, goType, typeof value === "number");
        }
        return;
      }
      case "array":
        if (!Array.isArray(value)) {
          unmarshalError(ctx, json, value, goTypeOf(schema, type, ctx.fieldKey), false);
          return;
        }
        value.forEach((item, i) => {
          decodeType(item, type.items, `${json}[${i}]`, ctx);
        });
        return;
      case "map": {
        if (!isPlainObject(value)) {
          unmarshalError(ctx, json, value, goTypeOf(schema, type, ctx.fieldKey), false);
          return;
        }
        for (const key of sortedKeys(value)) decodeType(value[key], type.values, `${json}[${key}]`, ctx);
        return;
      }
    }
  };

  const decodeDefinition = (value: unknown, def: Definition, json: string, ctx: Ctx): void => {
    switch (def.shape) {
      case "any":
      case "raw-object":
        return;
      case "string":
        if (typeof value !== "string") unmarshalError(ctx, json, value, goTypeOfDefinition(def.name), false);
        return;
      case "time":
        if (typeof value !== "string") unmarshalError({ ...ctx }, json, value, "string", false);
        return;
      case "int-or-string":
        // IntOrString.UnmarshalJSON decodes a non-string into an int32 on its own.
        if (typeof value !== "string" && !(typeof value === "number" && Number.isInteger(value)))
          unmarshalError(ctx, json, value, "int32", typeof value === "number");
        return;
      case "quantity":
        if (!isQuantity(value)) fail(json, QUANTITY_ERROR);
        return;
      case "object":
        break;
    }
    if (!isPlainObject(value)) {
      unmarshalError(ctx, json, value, goTypeOfDefinition(def.name), false);
      return;
    }
    const struct = shortDefinitionName(def.name);
    for (const key of sortedKeys(value)) {
      const field = def.fields.get(key);
      const path = jsonPath(json, key);
      if (!field) {
        unknown.push({ kind: "unknown-field", path, message: `unknown field ${goQuote(path)}` });
        continue;
      }
      decodeType(value[key], field.type, path, {
        struct,
        fields: [...ctx.fields, key],
        fieldKey: `${def.name}.${key}`,
      });
    }
  };

  decodeDefinition(obj, root, "", { struct: shortDefinitionName(root.name), fields: [], fieldKey: "" });
  return typeError ? [typeError] : unknown;
}
