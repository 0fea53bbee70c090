#!/usr/bin/env node
/**
 * Generates src/sim/k8s/api/schema/generated.json: the OpenAPI field trees (types, required
 * fields, enums, descriptions) of the built-in kinds labgrader serves, for Kubernetes 1.21 and
 * 1.33. `kubectl explain`, client-side validation (1.21) and strict decoding (1.33) read it.
 *
 * Sources, installed by this script into a scratch directory (never into the project):
 *   kubernetes-types@1.21.0-beta.1            the Kubernetes 1.21 API as .d.ts, with the OpenAPI
 *                                             descriptions as JSDoc (exactly v1.21 swagger.json)
 *   kubernetes-models@4.5.1                   the Kubernetes 1.33 API (newest definitions: 1.33;
 *   @kubernetes-models/apimachinery@2.2.0     it also keeps removed group/versions) as .d.ts with
 *                                             descriptions and enums, plus ajv validators that we
 *                                             probe for integer vs number and int32 vs int64
 *   typescript@5.9.3                          to parse the .d.ts files
 *
 * TypeScript declarations lose two facts that the OpenAPI documents have; they are recovered so:
 *   - integer vs number: probed in the 1.33 validators; 1.21 takes the 1.33 answer for the
 *     same definition and field, else the same field name elsewhere, else integer.
 *   - apiVersion/kind descriptions: kubernetes-models drops them; they are the same text in
 *     every kind, taken from 1.21.
 * kubernetes-types inlines IntOrString as `number | string`; it becomes a reference to
 * io.k8s.apimachinery.pkg.util.intstr.IntOrString again.
 *
 * Usage: node scripts/gen-schema.mjs [--src DIR]   (DIR defaults to $TMPDIR/labgrader-schema-src)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PACKAGES = [
  "kubernetes-types@1.21.0-beta.1",
  "kubernetes-models@4.5.1",
  "@kubernetes-models/apimachinery@2.2.0",
  "typescript@5.9.3",
];
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const srcArg = process.argv.indexOf("--src");
const srcDir = srcArg > 0 ? resolve(process.argv[srcArg + 1]) : join(tmpdir(), "labgrader-schema-src");
const outFile = join(root, "src/sim/k8s/api/schema/generated.json");

function ensureInstalled() {
  const marker = join(srcDir, "node_modules/kubernetes-models/package.json");
  if (existsSync(marker) && JSON.parse(readFileSync(marker, "utf8")).version === "4.5.1") return;
  mkdirSync(srcDir, { recursive: true });
  writeFileSync(join(srcDir, "package.json"), '{"name":"labgrader-schema-src","private":true}\n');
  execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--save-exact", ...PACKAGES], {
    cwd: srcDir,
    stdio: "inherit",
  });
}
ensureInstalled();
const nm = join(srcDir, "node_modules");
const require = createRequire(join(nm, "noop.js"));
const ts = (await import(pathToFileURL(join(nm, "typescript/lib/typescript.js")).href)).default;

// ---------------------------------------------------------------------------------------------
// Shared helpers

const INTSTR = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
/** Definitions whose OpenAPI shape is not an object with properties. */
const SPECIAL_SHAPES = {
  [INTSTR]: "int-or-string",
  [QUANTITY]: "quantity",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "time",
  "io.k8s.apimachinery.pkg.runtime.RawExtension": "raw-object",
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "raw-object",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": "any",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray": "any",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool": "any",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray": "any",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSON": "any",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaPropsOrArray": "any",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaPropsOrBool": "any",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaPropsOrStringArray": "any",
};

/** JSDoc text of a node, with the comment markers removed and lines rejoined with "\n". */
function jsDoc(node, sf) {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.pos) ?? [];
  const doc = ranges.filter((r) => sf.text.slice(r.pos, r.pos + 3) === "/**").pop();
  if (!doc) return "";
  const body = sf.text.slice(doc.pos + 3, doc.end - 2);
  const lines = body.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
  while (lines.length && lines[0].trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  return lines.join("\n").replaceAll("*\\/", "*/");
}

function propName(member) {
  const n = member.name;
  return ts.isStringLiteral(n) || ts.isIdentifier(n) ? n.text : n.getText();
}

// ---------------------------------------------------------------------------------------------
// Kubernetes 1.21 from kubernetes-types

const KT_PREFIX = {
  core: "io.k8s.api.core",
  meta: "io.k8s.apimachinery.pkg.apis.meta",
  runtime: "io.k8s.apimachinery.pkg.runtime",
  "api/resource": "io.k8s.apimachinery.pkg.api.resource",
  version: "io.k8s.apimachinery.pkg.version",
  apiextensions: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
  apiregistration: "io.k8s.kube-aggregator.pkg.apis.apiregistration",
};

function ktPackage(relFile) {
  // "core/v1.d.ts" -> io.k8s.api.core.v1 ; "runtime.d.ts" -> io.k8s.apimachinery.pkg.runtime
  const p = relFile.replace(/\.d\.ts$/, "");
  if (p === "runtime" || p === "version" || p === "api/resource") return KT_PREFIX[p];
  const [group, version] = p.split("/");
  return `${KT_PREFIX[group] ?? `io.k8s.api.${group}`}.${version}`;
}

function walkFiles(dir, pred, out = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walkFiles(full, pred, out);
    else if (pred(full)) out.push(full);
  }
  return out;
}

function parseKubernetesTypes() {
  const base = join(nm, "kubernetes-types");
  const defs = new Map();
  for (const file of walkFiles(base, (f) => f.endsWith(".d.ts"))) {
    const rel = relative(base, file);
    const pkg = ktPackage(rel);
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const imports = new Map(); // local name -> package
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st)) {
        const from = st.moduleSpecifier.text;
        const target = relative(base, resolve(dirname(file), `${from}.d.ts`));
        for (const el of st.importClause?.namedBindings?.elements ?? []) imports.set(el.name.text, ktPackage(target));
      }
    }
    const local = new Set(
      sf.statements.filter((s) => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)).map((s) => s.name.text),
    );
    const refName = (id) => `${imports.get(id) ?? (local.has(id) ? pkg : pkg)}.${id}`;
    const typeOf = (node) => {
      if (!node) return "any";
      switch (node.kind) {
        case ts.SyntaxKind.StringKeyword:
          return "string";
        case ts.SyntaxKind.NumberKeyword:
          return "number?";
        case ts.SyntaxKind.BooleanKeyword:
          return "boolean";
        case ts.SyntaxKind.AnyKeyword:
        case ts.SyntaxKind.UnknownKeyword:
          return "any";
        case ts.SyntaxKind.LiteralType:
          return ts.isStringLiteral(node.literal) ? "string" : "any";
        case ts.SyntaxKind.ArrayType:
          return `[]${typeOf(node.elementType)}`;
        case ts.SyntaxKind.UnionType: {
          const kinds = node.types.map((t) => t.kind).sort();
          if (
            kinds.length === 2 &&
            kinds.includes(ts.SyntaxKind.NumberKeyword) &&
            kinds.includes(ts.SyntaxKind.StringKeyword)
          )
            return `@${INTSTR}`;
          if (node.types.every((t) => ts.isLiteralTypeNode(t))) return "string";
          return "any";
        }
        case ts.SyntaxKind.TypeReference: {
          const id = node.typeName.getText();
          if (id === "Array") return `[]${typeOf(node.typeArguments[0])}`;
          return `@${refName(id)}`;
        }
        case ts.SyntaxKind.TypeLiteral: {
          const idx = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
          if (idx) return `{}${typeOf(idx.type)}`;
          return "any";
        }
        default:
          throw new Error(`unhandled type ${ts.SyntaxKind[node.kind]} in ${rel}`);
      }
    };
    for (const st of sf.statements) {
      const name = `${pkg}.${st.name?.text}`;
      if (ts.isInterfaceDeclaration(st)) {
        const props = {};
        const required = [];
        for (const m of st.members) {
          if (!ts.isPropertySignature(m)) continue;
          const p = propName(m);
          props[p] = { description: jsDoc(m, sf), type: typeOf(m.type) };
          if (!m.questionToken) required.push(p);
        }
        defs.set(name, { description: jsDoc(st, sf), shape: "object", properties: props, required });
      } else if (ts.isTypeAliasDeclaration(st)) {
        defs.set(name, { description: jsDoc(st, sf), shape: "alias", alias: typeOf(st.type) });
      }
    }
  }
  return defs;
}

/**
 * kubernetes-types@1.21.0-beta.1 put each description into a JSDoc comment without escaping
 * "*" + "/": where a description holds it, the comment ends early and the declaration file lost
 * that property and every one after it (alphabetical, as in swagger.json). So
 * io.k8s.api.rbac.v1beta1.PolicyRule keeps apiGroups, nonResourceURLs and resourceNames but lost
 * resources ("'*" + "/foo' represents the subresource 'foo' ...") and the required verbs; likewise
 * admissionregistration RuleWithOperations (resources, scope) and authorization ResourceRule
 * (resources, verbs). The lost run is taken from kubernetes-models' definition of the same name,
 * which holds a removed group/version as its last release served it (1.21 for rbac v1beta1) and
 * the others as 1.33 has them.
 */
function restoreLostProperties(defs21, defs33) {
  const restored = [];
  for (const [name, def] of defs21) {
    const donor = defs33.get(name);
    if (def.shape !== "object" || donor?.shape !== "object") continue;
    const have = Object.keys(def.properties);
    const missing = Object.keys(donor.properties).filter((p) => !(p in def.properties));
    const first = missing.find((p) => donor.properties[p].description.includes("*/"));
    // Only a run that starts after the last property kubernetes-types kept is such a loss.
    if (!first || have.some((p) => p > first)) continue;
    for (const p of missing.filter((m) => m >= first)) {
      const { description, type } = donor.properties[p];
      // kubernetes-models escapes "*" in its JSDoc; swagger.json's text has none.
      def.properties[p] = { description: description.replaceAll("\\*", "*"), type };
      if (donor.required.includes(p)) def.required.push(p);
      restored.push(`${name}.${p}`);
    }
  }
  return restored;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes 1.33 from kubernetes-models

const KM_GROUP_PKG = {
  "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
  "apiregistration.k8s.io": "io.k8s.kube-aggregator.pkg.apis.apiregistration",
  "internal.apiserver.k8s.io": "io.k8s.api.apiserverinternal",
};

/** kubernetes-models inlines these object types (a kind embedded in a field) instead of referencing them. */
const INLINE_OBJECTS = {
  "io.k8s.api.apps.v1.StatefulSetSpec#volumeClaimTemplates": "io.k8s.api.core.v1.PersistentVolumeClaim",
};

/** A kubernetes-models or apimachinery .d.ts path -> the OpenAPI definition name it declares. */
function kmDefName(file) {
  const am = join(nm, "@kubernetes-models/apimachinery");
  if (file.startsWith(am)) {
    const rel = relative(am, file)
      .replace(/\.d\.ts$/, "")
      .split("/");
    return `io.k8s.apimachinery.pkg.${rel.join(".")}`;
  }
  const rel = relative(join(nm, "kubernetes-models"), file)
    .replace(/\.d\.ts$/, "")
    .split("/");
  if (rel.length === 2) return `io.k8s.api.core.${rel[0]}.${rel[1]}`;
  const [group, version, kind] = rel;
  const pkg = KM_GROUP_PKG[group] ?? `io.k8s.api.${group.split(".")[0]}`;
  return `${pkg}.${version}.${kind}`;
}

function resolveImport(fromFile, spec) {
  let target;
  if (spec.startsWith(".")) target = resolve(dirname(fromFile), spec);
  else if (spec.startsWith("@kubernetes-models/apimachinery/")) target = join(nm, spec);
  else return undefined;
  return `${target.replace(/\.js$/, "")}.d.ts`;
}

function parseKubernetesModels() {
  const defs = new Map();
  const files = [
    ...walkFiles(join(nm, "kubernetes-models"), (f) => f.endsWith(".d.ts") && !f.includes("_schemas")),
    ...walkFiles(join(nm, "@kubernetes-models/apimachinery"), (f) => f.endsWith(".d.ts") && !f.includes("_schemas")),
  ].filter(
    (f) => !/\/index\.d\.ts$/.test(f) && /\/v\d[^/]*\/[^/]+\.d\.ts$|apimachinery\/.+\/[A-Z][^/]*\.d\.ts$/.test(f),
  );
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const name = kmDefName(file);
    const imports = new Map();
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st)) continue;
      const target = resolveImport(file, st.moduleSpecifier.text);
      if (!target) continue;
      for (const el of st.importClause?.namedBindings?.elements ?? []) imports.set(el.name.text, kmDefName(target));
    }
    const localNames = new Set(
      sf.statements.filter((s) => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)).map((s) => s.name.text),
    );
    const typeOf = (node) => {
      switch (node.kind) {
        case ts.SyntaxKind.StringKeyword:
          return { type: "string" };
        case ts.SyntaxKind.NumberKeyword:
          return { type: "number?" };
        case ts.SyntaxKind.BooleanKeyword:
          return { type: "boolean" };
        case ts.SyntaxKind.AnyKeyword:
        case ts.SyntaxKind.UnknownKeyword:
        case ts.SyntaxKind.ObjectKeyword:
          return { type: "any" };
        case ts.SyntaxKind.LiteralType:
          if (ts.isStringLiteral(node.literal)) return { type: "string", enum: [node.literal.text] };
          return { type: "any" };
        case ts.SyntaxKind.UnionType: {
          if (node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)))
            return { type: "string", enum: node.types.map((t) => t.literal.text) };
          const kinds = node.types.map((t) => t.kind);
          if (
            kinds.length === 2 &&
            kinds.includes(ts.SyntaxKind.NumberKeyword) &&
            kinds.includes(ts.SyntaxKind.StringKeyword)
          )
            return { type: `@${INTSTR}` };
          return { type: "any" };
        }
        case ts.SyntaxKind.ArrayType:
          return { type: `[]${typeOf(node.elementType).type}`, enum: typeOf(node.elementType).enum };
        case ts.SyntaxKind.TypeReference: {
          const id = node.typeName.getText();
          if (id === "Array") {
            const el = typeOf(node.typeArguments[0]);
            return { type: `[]${el.type}`, enum: el.enum };
          }
          const ref = imports.get(id) ?? (localNames.has(id) ? name : undefined);
          if (!ref) throw new Error(`unresolved ${id} in ${file}`);
          return { type: `@${ref}` };
        }
        case ts.SyntaxKind.TypeLiteral: {
          const idx = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
          if (idx) {
            const v = typeOf(idx.type);
            return { type: `{}${v.type}`, enum: v.enum };
          }
          return { type: node.members.length ? "inline" : "any" };
        }
        default:
          throw new Error(`unhandled type ${ts.SyntaxKind[node.kind]} in ${file}`);
      }
    };
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st) && st.name.text.startsWith("I")) {
        const props = {};
        const required = [];
        const isTypeMeta = st.heritageClauses?.some((h) => h.getText().includes("TypeMeta"));
        for (const m of st.members) {
          if (!ts.isPropertySignature(m)) continue;
          const p = propName(m);
          const t = typeOf(m.type);
          if (t.type.endsWith("inline")) {
            const target = INLINE_OBJECTS[`${name}#${p}`];
            if (!target) throw new Error(`inline object type at ${name}#${p}: add it to INLINE_OBJECTS`);
            t.type = t.type.replace(/inline$/, `@${target}`);
          }
          if (isTypeMeta && (p === "apiVersion" || p === "kind")) {
            props[p] = { description: "", type: "string" };
            continue;
          }
          props[p] = {
            description: jsDoc(m, sf),
            type: t.type,
            ...(t.enum && t.enum.length > 1 ? { enum: t.enum } : {}),
          };
          if (!m.questionToken) required.push(p);
        }
        defs.set(name, { description: jsDoc(st, sf), shape: "object", properties: props, required });
        break;
      }
      if (ts.isTypeAliasDeclaration(st) && st.name.text.startsWith("I")) {
        defs.set(name, { description: jsDoc(st, sf), shape: "alias", alias: typeOf(st.type).type });
        break;
      }
    }
  }
  return defs;
}

/** Probes the 1.33 ajv validators: integer vs number, and int32 vs int64. */
function probeNumbers(defs) {
  const found = new Map(); // "def#prop" -> "integer:int32" | "integer:int64" | "number:double"
  const camel = (name) =>
    name
      .split(/[.-]/)
      .map((s) => s[0].toUpperCase() + s.slice(1))
      .join("");
  for (const [name, def] of defs) {
    if (def.shape !== "object") continue;
    const numeric = Object.entries(def.properties).filter(([, p]) => p.type.replace(/^(\[\]|\{\})+/, "") === "number?");
    if (!numeric.length) continue;
    const schemaFile = name.startsWith("io.k8s.apimachinery.")
      ? join(nm, "@kubernetes-models/apimachinery/_schemas", `${camel(name)}.js`)
      : join(nm, "kubernetes-models/_schemas", `${camel(name)}.js`);
    if (!existsSync(schemaFile)) throw new Error(`no validator for ${name}: ${schemaFile}`);
    const { validate } = require(schemaFile);
    for (const [prop, p] of numeric) {
      const wrap = (v) => (p.type.startsWith("[]") ? [v] : p.type.startsWith("{}") ? { k: v } : v);
      const errs = (v) => {
        validate({ [prop]: wrap(v) });
        return (validate.errors ?? []).filter((e) => e.instancePath.startsWith(`/${prop}`));
      };
      let kind = "number:double";
      if (errs(1.5).some((e) => e.keyword === "type" && e.params.type === "integer")) {
        kind = errs(2 ** 40).some((e) => e.keyword === "format") ? "integer:int32" : "integer:int64";
      }
      found.set(`${name}#${prop}`, kind);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Which kinds each version serves (mirrors src/sim/k8s/api/resources.ts; checked below).

function pkgForGroup(group) {
  if (group === "") return "io.k8s.api.core";
  if (group === "apiextensions.k8s.io") return KM_GROUP_PKG[group];
  if (group === "apiregistration.k8s.io") return KM_GROUP_PKG[group];
  return `io.k8s.api.${group.split(".")[0]}`;
}

async function servedKinds(minor) {
  const { RESOURCE_TYPES, servedVersions } = await import(pathToFileURL(join(srcDir, "resources.mjs")).href);
  const out = {};
  for (const t of RESOURCE_TYPES) {
    for (const v of servedVersions(t, minor)) {
      const apiVersion = t.group ? `${t.group}/${v}` : v;
      out[`${apiVersion}/${t.kind}`] = `${pkgForGroup(t.group)}.${v}.${t.kind}`;
    }
  }
  return out;
}

/** resources.ts is TypeScript; strip its types with the scratch TypeScript to import it here. */
function transpileResources() {
  const objectTs = readFileSync(join(root, "src/sim/k8s/api/object.ts"), "utf8");
  const resTs = readFileSync(join(root, "src/sim/k8s/api/resources.ts"), "utf8");
  const js = (src) =>
    ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      .outputText;
  writeFileSync(join(srcDir, "object.mjs"), js(objectTs));
  writeFileSync(join(srcDir, "resources.mjs"), js(resTs).replace(/from "\.\/object\.ts"/, 'from "./object.mjs"'));
}

// ---------------------------------------------------------------------------------------------
// Normalise, close over references, dedupe, write.

function normalise(defs, numbers, fallbackNumbers, apiVersionDesc, kindDesc) {
  const out = new Map();
  const byFieldName = new Map();
  for (const [k, v] of fallbackNumbers) byFieldName.set(k.split("#")[1], v);
  const numberType = (def, prop) =>
    numbers.get(`${def}#${prop}`) ?? fallbackNumbers.get(`${def}#${prop}`) ?? byFieldName.get(prop) ?? "integer:int32";
  const fixType = (t, def, prop) => t.replace(/number\?$/, () => numberType(def, prop));
  for (const [name, def] of defs) {
    const special = SPECIAL_SHAPES[name];
    if (special) {
      out.set(name, { description: def.description, shape: special });
      continue;
    }
    if (def.shape === "alias") {
      if (def.alias === "string") out.set(name, { description: def.description, shape: "string" });
      else out.set(name, { description: def.description, shape: "any" });
      continue;
    }
    const properties = {};
    for (const [p, v] of Object.entries(def.properties)) {
      let description = v.description;
      if (p === "apiVersion" && !description && v.type === "string") description = apiVersionDesc;
      if (p === "kind" && !description && v.type === "string") description = kindDesc;
      properties[p] = { ...v, description, type: fixType(v.type, name, p) };
    }
    out.set(name, { description: def.description, shape: "object", properties, required: def.required });
  }
  return out;
}

function closure(defs, roots, extraDefs) {
  const keep = new Set();
  const visit = (name) => {
    if (keep.has(name)) return;
    let def = defs.get(name);
    if (!def && extraDefs?.has(name)) {
      def = extraDefs.get(name);
      defs.set(name, def);
    }
    if (!def) throw new Error(`missing definition ${name}`);
    keep.add(name);
    for (const p of Object.values(def.properties ?? {})) {
      const m = /@(.+)$/.exec(p.type);
      if (m) visit(m[1]);
    }
  };
  for (const r of roots) visit(r);
  return keep;
}

transpileResources();
const kinds21 = await servedKinds(21);
const kinds33 = await servedKinds(33);

const raw21 = parseKubernetesTypes();
const raw33 = parseKubernetesModels();
const numbers33 = probeNumbers(raw33);
const restored21 = restoreLostProperties(raw21, raw33);
const pod21 = raw21.get("io.k8s.api.core.v1.Pod");
const apiVersionDesc = pod21.properties.apiVersion.description;
const kindDesc = pod21.properties.kind.description;
// IntOrString is inlined in kubernetes-types; its definition (same text in every version) comes from apimachinery.
raw21.set(INTSTR, raw33.get(INTSTR));

const defs33 = normalise(raw33, numbers33, new Map(), apiVersionDesc, kindDesc);
const defs21 = normalise(raw21, new Map(), numbers33, apiVersionDesc, kindDesc);

// 1.21 definitions kubernetes-types lacks (e.g. apiregistration) are taken from 1.33.
const keep21 = closure(defs21, Object.values(kinds21), defs33);
const keep33 = closure(defs33, Object.values(kinds33));

const strings = [];
const stringIndex = new Map();
const str = (s) => {
  if (!s) return -1;
  let i = stringIndex.get(s);
  if (i === undefined) {
    i = strings.length;
    strings.push(s);
    stringIndex.set(s, i);
  }
  return i;
};
const table = [];
const tableIndex = new Map();
function encode(def) {
  const e = { d: str(def.description), s: def.shape };
  if (def.shape === "object") {
    e.p = {};
    for (const [p, v] of Object.entries(def.properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const entry = [str(v.description), v.type];
      if (v.enum) entry.push(v.enum);
      e.p[p] = entry;
    }
    if (def.required.length) e.r = def.required;
  }
  const key = JSON.stringify(e);
  let i = tableIndex.get(key);
  if (i === undefined) {
    i = table.length;
    table.push(e);
    tableIndex.set(key, i);
  }
  return i;
}
const index = (defs, keep) => Object.fromEntries([...keep].sort().map((n) => [n, encode(defs.get(n))]));
const versions = {
  21: { kinds: kinds21, definitions: index(defs21, keep21) },
  33: { kinds: kinds33, definitions: index(defs33, keep33) },
};
const doc = {
  $comment:
    "Generated by scripts/gen-schema.mjs from kubernetes-types@1.21.0-beta.1 (1.21) and kubernetes-models@4.5.1 + @kubernetes-models/apimachinery@2.2.0 (1.33). Do not edit.",
  strings,
  definitions: table,
  versions,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(doc)}\n`);
console.log(
  `wrote ${relative(root, outFile)}: ${statSync(outFile).size} bytes, ${table.length} unique definitions, ` +
    `${Object.keys(versions[21].definitions).length} (1.21) / ${Object.keys(versions[33].definitions).length} (1.33) named; ` +
    `1.21 properties restored from kubernetes-models: ${restored21.join(", ")}`,
);
