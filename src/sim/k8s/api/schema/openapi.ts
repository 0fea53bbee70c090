/**
 * The OpenAPI definitions of the built-in kinds, as the API server of one Kubernetes version
 * publishes them. The data is generated (scripts/gen-schema.mjs) for 1.21 and 1.33; every
 * other minor uses the nearer of the two (before 1.27: 1.21, from 1.27: 1.33).
 *
 * Definition names are the OpenAPI ones (`io.k8s.api.core.v1.PodSpec`); a field's type is a
 * reference to one, a primitive, an array or a map, exactly as in the `definitions` section.
 */
import generated from "./generated.json" with { type: "json" };

export type PrimitiveType = "string" | "integer" | "number" | "boolean";

export type FieldType =
  | { kind: "primitive"; type: PrimitiveType /** int32, int64, double */; format?: string }
  | { kind: "ref"; name: string }
  | { kind: "array"; items: FieldType }
  | { kind: "map"; values: FieldType }
  | { kind: "any" };

/**
 * `object`: fields; `string`: a named string; `int-or-string`, `quantity`, `time`: the
 * apimachinery scalars; `raw-object`: any JSON object (RawExtension, FieldsV1); `any`: any JSON.
 */
export type DefinitionShape = "object" | "string" | "int-or-string" | "quantity" | "time" | "raw-object" | "any";

export interface Field {
  name: string;
  description: string;
  type: FieldType;
  enum?: string[];
}

export interface Definition {
  name: string;
  description: string;
  shape: DefinitionShape;
  /** Sorted by name, as the OpenAPI document (and so kubectl) orders them. */
  fields: Map<string, Field>;
  required: string[];
}

export type SchemaVersion = 21 | 33;

interface EncodedDefinition {
  d: number;
  s: DefinitionShape;
  p?: Record<string, [number, string] | [number, string, string[]]>;
  r?: string[];
}

interface GeneratedSchema {
  strings: string[];
  definitions: EncodedDefinition[];
  versions: Record<string, { kinds: Record<string, string>; definitions: Record<string, number> }>;
}

const doc = generated as unknown as GeneratedSchema;

export function schemaVersion(minor: number): SchemaVersion {
  return minor >= 27 ? 33 : 21;
}

/** `[]@io.k8s.api.core.v1.Container` -> array of a reference. */
export function parseFieldType(encoded: string): FieldType {
  if (encoded.startsWith("[]")) return { kind: "array", items: parseFieldType(encoded.slice(2)) };
  if (encoded.startsWith("{}")) return { kind: "map", values: parseFieldType(encoded.slice(2)) };
  if (encoded.startsWith("@")) return { kind: "ref", name: encoded.slice(1) };
  if (encoded === "any") return { kind: "any" };
  const [type, format] = encoded.split(":");
  return format
    ? { kind: "primitive", type: type as PrimitiveType, format }
    : { kind: "primitive", type: type as PrimitiveType };
}

export class OpenApiSchema {
  private readonly cache = new Map<string, Definition>();
  private readonly index: Record<string, number>;
  private readonly kinds: Record<string, string>;

  constructor(readonly version: SchemaVersion) {
    const v = doc.versions[String(version)];
    this.index = v.definitions;
    this.kinds = v.kinds;
  }

  definition(name: string): Definition | undefined {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const i = this.index[name];
    if (i === undefined) return undefined;
    const e = doc.definitions[i];
    const fields = new Map<string, Field>();
    for (const [field, [d, type, enumValues]] of Object.entries(e.p ?? {})) {
      const f: Field = { name: field, description: doc.strings[d] ?? "", type: parseFieldType(type) };
      if (enumValues) f.enum = enumValues;
      fields.set(field, f);
    }
    const def: Definition = { name, description: doc.strings[e.d] ?? "", shape: e.s, fields, required: e.r ?? [] };
    this.cache.set(name, def);
    return def;
  }

  /** The definition name of `kind` served at `apiVersion`, e.g. `apps/v1`, `Deployment`. */
  definitionNameFor(apiVersion: string, kind: string): string | undefined {
    return this.kinds[`${apiVersion}/${kind}`];
  }

  definitionFor(apiVersion: string, kind: string): Definition | undefined {
    const name = this.definitionNameFor(apiVersion, kind);
    return name === undefined ? undefined : this.definition(name);
  }
}

const schemas = new Map<SchemaVersion, OpenApiSchema>();

/** The schema kubectl and the API server of Kubernetes 1.`minor` see. */
export function openApiSchema(minor: number): OpenApiSchema {
  const v = schemaVersion(minor);
  let s = schemas.get(v);
  if (!s) {
    s = new OpenApiSchema(v);
    schemas.set(v, s);
  }
  return s;
}

/** `io.k8s.api.core.v1.PodSpec` -> `PodSpec`. */
export function shortDefinitionName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}
