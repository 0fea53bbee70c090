/**
 * `kubectl explain`: field documentation from the API server's OpenAPI schema.
 *
 * Two renderers, as upstream has two:
 * - up to 1.26 (pkg/explain): `KIND:`/`VERSION:`/`RESOURCE:`|`FIELD:`/`DESCRIPTION:`/`FIELDS:`,
 *   fields indented 3 with descriptions at 5, re-flowed to 80 columns; types `<Object>`,
 *   `<[]Object>`, `<map[string]string>`; `--recursive` indents 3 per level.
 * - from 1.27 (pkg/explain/v2, plaintext.tmpl over the OpenAPI v3 document): `GROUP:`/`KIND:`/
 *   `VERSION:`, `FIELD: name <Type>`, `ENUM:`, descriptions at 4 wrapped to 76 by go-wordwrap,
 *   fields at 2 per level; object types named after their definition (`<PodSpec>`,
 *   `<[]Container>`, `<IntOrString>`, `<map[string]Quantity>`).
 */
import { Discovery, RESOURCE_TYPES } from "../../sim/k8s/api/resources.ts";
import {
  type Definition,
  type FieldType,
  type OpenApiSchema,
  openApiSchema,
  shortDefinitionName,
} from "../../sim/k8s/api/schema/openapi.ts";
import { goIndent, goWordWrap, wrapStringV1 } from "../../sim/k8s/api/schema/wrap.ts";
import type { ExecResult } from "../types.ts";

export interface ExplainArgs {
  /** `pods`, `pod.spec.containers`, `deploy.spec.replicas`. */
  path: string;
  recursive?: boolean;
  /** `--api-version`, e.g. `apps/v1`. */
  apiVersion?: string;
  minor: number;
  /** The REST mapper: a resource name, singular, short name or kind -> its preferred GVK. */
  resolve: (nameOrShort: string) => { group: string; kind: string; version: string } | undefined;
}

export function explain(args: ExplainArgs): ExecResult {
  const trimmed = args.path.endsWith(".") ? args.path.slice(0, -1) : args.path;
  const [resource, ...fieldsPath] = trimmed.split(".");
  const gvk = args.resolve(resource);
  if (!gvk) return fail(`the server doesn't have a resource type "${resource}"`);
  let { group, version } = gvk;
  if (args.apiVersion) {
    const slash = args.apiVersion.indexOf("/");
    [group, version] =
      slash < 0 ? ["", args.apiVersion] : [args.apiVersion.slice(0, slash), args.apiVersion.slice(slash + 1)];
  }
  const apiVersion = group ? `${group}/${version}` : version;
  const schema = openApiSchema(args.minor);
  const def = schema.definitionFor(apiVersion, gvk.kind);
  if (schema.version === 21) {
    if (!def) return fail(`couldn't find resource for "${group}/${version}, Kind=${gvk.kind}"`);
    return explainV1(schema, def, { group, version, kind: gvk.kind }, fieldsPath, args.recursive ?? false);
  }
  if (!def) {
    // explain v2 fetches /openapi/v3/<group-version>, then looks for the GVR inside it.
    const discovery = new Discovery(args.minor);
    const plural = RESOURCE_TYPES.find((t) => t.kind === gvk.kind && t.group === gvk.group)?.resource ?? resource;
    const gvr = `${group}/${version}, Resource=${plural}`;
    if (!discovery.groupVersions().includes(apiVersion)) return fail(`couldn't find resource for "${gvr}"`);
    return fail(`GVR (${gvr}) not found in OpenAPI schema`);
  }
  return explainV2(schema, def, { group, version, kind: gvk.kind }, fieldsPath, args.recursive ?? false);
}

function fail(message: string): ExecResult {
  return { stdout: "", stderr: `error: ${message}\n`, exitCode: 1 };
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

// ------------------------------------------------------------------------------------------
// 1.21: the kube-openapi proto model of the v2 document.

/**
 * A node as kube-openapi's proto package parses the v2 document: a property with `$ref` is a
 * Reference carrying the property's description; array items and map values are sub-nodes.
 */
type ProtoNode =
  | { kind: "kind"; description: string; def: Definition }
  | { kind: "reference"; description: string; name: string }
  | { kind: "array"; description: string; sub: ProtoNode }
  | { kind: "map"; description: string; sub: ProtoNode }
  | { kind: "primitive"; description: string; type: string }
  | { kind: "arbitrary"; description: string };

function protoOfType(type: FieldType, description: string): ProtoNode {
  switch (type.kind) {
    case "ref":
      return { kind: "reference", description, name: type.name };
    case "array":
      return { kind: "array", description, sub: protoOfType(type.items, "") };
    case "map":
      return { kind: "map", description, sub: protoOfType(type.values, "") };
    case "primitive":
      return { kind: "primitive", description, type: type.type };
    case "any":
      return { kind: "arbitrary", description };
  }
}

function protoOfDefinition(def: Definition): ProtoNode {
  switch (def.shape) {
    case "object":
      return { kind: "kind", description: def.description, def };
    case "raw-object":
      return { kind: "map", description: def.description, sub: { kind: "arbitrary", description: def.description } };
    case "any":
      return { kind: "arbitrary", description: def.description };
    default:
      return { kind: "primitive", description: def.description, type: "string" };
  }
}

function subSchema(schema: OpenApiSchema, ref: { name: string }): ProtoNode {
  const def = schema.definition(ref.name);
  return def ? protoOfDefinition(def) : { kind: "arbitrary", description: "" };
}

function typeNameV1(schema: OpenApiSchema, node: ProtoNode): string {
  switch (node.kind) {
    case "kind":
      return "Object";
    case "reference":
      return typeNameV1(schema, subSchema(schema, node));
    case "array":
      return `[]${typeNameV1(schema, node.sub)}`;
    case "map":
      return `map[string]${typeNameV1(schema, node.sub)}`;
    case "primitive":
      return node.type;
    case "arbitrary":
      return ""; // typeName has no VisitArbitrary
  }
}

function explainV1(
  schema: OpenApiSchema,
  def: Definition,
  gvk: Gvk,
  fieldsPath: string[],
  recursive: boolean,
): ExecResult {
  // LookupSchemaForField
  let node: ProtoNode = protoOfDefinition(def);
  const path = [...fieldsPath];
  for (;;) {
    if (node.kind === "primitive" || node.kind === "arbitrary") break; // even with path left
    if (path.length === 0) break;
    if (node.kind === "kind") {
      const field = node.def.fields.get(path[0]);
      if (!field) return fail(`field "${path[0]}" does not exist`);
      path.shift();
      node = protoOfType(field.type, field.description);
    } else if (node.kind === "reference") node = subSchema(schema, node);
    else node = node.sub;
  }
  const name = fieldsPath.length ? fieldsPath[fieldsPath.length - 1] : "";
  const out: string[] = [];
  const write = (indent: number, s: string) => out.push(s === "" ? "\n" : `${" ".repeat(indent)}${s}\n`);
  const writeWrapped = (indent: number, s: string) => {
    for (const line of wrapStringV1(s, 80 - indent)) write(indent, line);
  };
  const kindAndVersion = () => {
    write(0, `KIND:     ${gvk.kind}`);
    write(0, `VERSION:  ${gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version}\n`);
  };
  const descriptions: string[] = [];
  let type = "";
  const printDescription = (own: string) => {
    write(0, "DESCRIPTION:");
    let empty = true;
    [...descriptions, own].forEach((desc, i) => {
      if (desc === "") return;
      empty = false;
      if (i !== 0) write(0, "");
      writeWrapped(5, desc);
    });
    if (empty) writeWrapped(5, "<empty>");
  };
  // modelPrinter
  for (;;) {
    if (node.kind === "reference") {
      descriptions.push(node.description);
      node = subSchema(schema, node);
    } else if (node.kind === "array" || node.kind === "map") {
      descriptions.push(node.description);
      if (type === "") type = typeNameV1(schema, node);
      node = node.sub;
    } else break;
  }
  if (node.kind === "kind") {
    kindAndVersion();
    if (type === "") type = "Object";
    if (name !== "") write(0, `RESOURCE: ${name} <${type}>\n`);
    printDescription(node.description);
    write(0, "\nFIELDS:");
    if (recursive) printFieldsRecursive(schema, node, 3, new Set(), write);
    else
      for (const field of node.def.fields.values()) {
        const required = node.def.required.includes(field.name) ? " -required-" : "";
        write(3, `${field.name}\t<${typeNameV1(schema, protoOfType(field.type, ""))}>${required}`);
        writeWrapped(5, field.description);
        write(0, "");
      }
  } else if (node.kind === "primitive") {
    kindAndVersion();
    if (type === "") type = node.type;
    write(0, `FIELD:    ${name} <${type}>\n`);
    printDescription(node.description);
  } else {
    kindAndVersion();
    printDescription(node.description);
  }
  return { stdout: out.join(""), stderr: "", exitCode: 0 };
}

function printFieldsRecursive(
  schema: OpenApiSchema,
  node: ProtoNode,
  indent: number,
  visiting: Set<string>,
  write: (indent: number, s: string) => void,
): void {
  switch (node.kind) {
    case "kind":
      for (const field of node.def.fields.values()) {
        const sub = protoOfType(field.type, "");
        write(indent, `${field.name}\t<${typeNameV1(schema, sub)}>`);
        printFieldsRecursive(schema, sub, indent + 3, visiting, write);
      }
      return;
    case "reference":
      if (visiting.has(node.name)) return;
      visiting.add(node.name);
      printFieldsRecursive(schema, subSchema(schema, node), indent, visiting, write);
      visiting.delete(node.name);
      return;
    case "array":
    case "map":
      printFieldsRecursive(schema, node.sub, indent, visiting, write);
      return;
    default:
      return;
  }
}

// ------------------------------------------------------------------------------------------
// 1.33: plaintext.tmpl over the OpenAPI v3 document.

/** typeGuess: `[]`/`map[string]` prefixes; object refs by short name; primitive refs by type. */
function typeGuess(schema: OpenApiSchema, type: FieldType): string {
  switch (type.kind) {
    case "array":
      return `[]${typeGuess(schema, type.items)}`;
    case "map":
      return `map[string]${typeGuess(schema, type.values)}`;
    case "primitive":
      return type.type;
    case "any":
      return "Object";
    case "ref": {
      const def = schema.definition(type.name);
      // In the v3 document only time and named strings carry a `type` of their own; IntOrString
      // and Quantity are oneOf, RawExtension and FieldsV1 are `type: object`.
      if (def && (def.shape === "time" || def.shape === "string")) return "string";
      return shortDefinitionName(type.name);
    }
  }
}

/** The template's "description": own text, then the referenced/item/value schema's, each + "\n". */
function descriptionV2(schema: OpenApiSchema, own: string, type: FieldType | undefined): string {
  let out = own ? `${own}\n` : "";
  let t = type;
  while (t) {
    if (t.kind === "array") t = t.items;
    else if (t.kind === "map") t = t.values;
    else if (t.kind === "ref") {
      const d = schema.definition(t.name)?.description ?? "";
      if (d) out += `${d}\n`;
      t = undefined;
    } else t = undefined;
  }
  return out;
}

/** The definition whose fields a field of this type lists (through arrays, maps and refs). */
function objectOf(schema: OpenApiSchema, type: FieldType): Definition | undefined {
  let t = type;
  while (t.kind === "array" || t.kind === "map") t = t.kind === "array" ? t.items : t.values;
  if (t.kind !== "ref") return undefined;
  const def = schema.definition(t.name);
  return def?.shape === "object" ? def : undefined;
}

function enumLong(values: string[] | undefined): string {
  if (!values?.length) return "";
  return `ENUM:${values.map((v) => `\n    ${v === "" ? '""' : v}`).join("")}`;
}

function enumShort(values: string[] | undefined, indent: number): string {
  if (!values?.length) return "";
  const shown = values.slice(0, 4).map((v) => (v === "" ? '""' : v));
  return `\n${" ".repeat(indent)}enum: ${shown.join(", ")}${values.length > 4 ? ", ...." : ""}`;
}

function explainV2(
  schema: OpenApiSchema,
  root: Definition,
  gvk: Gvk,
  fieldsPath: string[],
  recursive: boolean,
): ExecResult {
  let out = "";
  if (gvk.group) out += `GROUP:      ${gvk.group}\n`;
  out += `KIND:       ${gvk.kind}\n`;
  out += `VERSION:    ${gvk.version}\n\n`;

  // Follow the path: `current` is the schema being printed (a definition or a field).
  let own = root.description;
  let ownType: FieldType | undefined;
  let fields: Definition | undefined = root;
  let parent: Definition | undefined = root;
  for (let i = 0; i < fieldsPath.length; i++) {
    const field = parent?.fields.get(fieldsPath[i]);
    if (!parent || !field) return fail(`field "${fieldsPath[fieldsPath.length - 1]}" does not exist`);
    if (i === fieldsPath.length - 1)
      out += `FIELD: ${field.name} <${typeGuess(schema, field.type)}>\n${enumLong(field.enum)}\n\n`;
    own = field.description;
    ownType = field.type;
    fields = objectOf(schema, field.type);
    parent = fields;
  }
  const description = ownType === undefined ? (own ? `${own}\n` : "") : descriptionV2(schema, own, ownType);
  out += `DESCRIPTION:\n${goIndent(4, goWordWrap(description || "<empty>", 76))}\n`;
  if (fields && fields.fields.size > 0) {
    out += "FIELDS:\n";
    out += fieldListV2(schema, fields, 1, recursive, new Set([fields.name]));
  }
  out += "\n";
  return { stdout: out, stderr: "", exitCode: 0 };
}

function fieldListV2(
  schema: OpenApiSchema,
  def: Definition,
  level: number,
  recursive: boolean,
  history: Set<string>,
): string {
  let out = "";
  const indent = level * 2;
  for (const field of def.fields.values()) {
    const required = def.required.includes(field.name) ? " -required-" : "";
    out += `${goIndent(indent, field.name)}\t<${typeGuess(schema, field.type)}>${required}${enumShort(field.enum, indent)}\n`;
    if (!recursive) {
      out += `${goIndent(indent + 2, goWordWrap(field.description || "<no description>", 78 - indent))}\n\n`;
      continue;
    }
    const sub = objectOf(schema, field.type);
    if (sub && !history.has(sub.name)) {
      out += fieldListV2(schema, sub, level + 1, recursive, new Set([...history, sub.name]));
    }
  }
  return out;
}
