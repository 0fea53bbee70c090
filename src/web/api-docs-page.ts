/**
 * The instructor API's documentation as one HTML page rendered from its OpenAPI 3.1
 * document, no script: operations grouped by tag (in the document's tag order), each with
 * its method and path, summary, parameters, request body and responses; `$ref`s inside the
 * document are followed, schemas are named, not expanded.
 */
import { type Html, html, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import { renderMarkdown } from "./markdown.ts";

// The subset of OpenAPI 3.1 the page reads. Every field the page does not need is left out,
// so any document object (typed or parsed JSON cast to this) fits.
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: readonly { url: string; description?: string }[];
  tags?: readonly { name: string; description?: string }[];
  paths?: Readonly<Record<string, OpenApiPathItem | undefined>>;
  components?: Readonly<Record<string, unknown>>;
  security?: readonly OpenApiSecurityRequirement[];
}

export type OpenApiSecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface OpenApiReference {
  $ref: string;
}

export interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  deprecated?: boolean;
  description?: string;
  schema?: unknown;
}

export interface OpenApiMediaType {
  schema?: unknown;
}

export interface OpenApiRequestBody {
  description?: string;
  required?: boolean;
  content?: Readonly<Record<string, OpenApiMediaType>>;
}

export interface OpenApiResponse {
  description?: string;
  content?: Readonly<Record<string, OpenApiMediaType>>;
}

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: readonly string[];
  deprecated?: boolean;
  parameters?: readonly (OpenApiParameter | OpenApiReference)[];
  requestBody?: OpenApiRequestBody | OpenApiReference;
  responses?: Readonly<Record<string, OpenApiResponse | OpenApiReference>>;
  security?: readonly OpenApiSecurityRequirement[];
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type OpenApiPathItem = { parameters?: readonly (OpenApiParameter | OpenApiReference)[] } & {
  [M in HttpMethod]?: OpenApiOperation;
};

export interface ApiDocsOptions {
  /** Where the document itself is served (`/api/v1/openapi.json`), linked from the page. */
  specUrl?: string;
}

interface Operation {
  id: string;
  method: HttpMethod;
  path: string;
  op: OpenApiOperation;
  parameters: OpenApiParameter[];
}

interface TagGroup {
  name: string;
  id: string;
  description?: string;
  operations: Operation[];
}

const UNTAGGED = "Other operations";

export function renderApiDocsPage(doc: OpenApiDocument, options: ApiDocsOptions = {}): string {
  const groups = groupByTag(doc);
  const spec = options.specUrl === undefined ? undefined : safeUrl(options.specUrl);
  return renderPage({
    title: `${doc.info.title} reference`,
    main: html`<h1>${doc.info.title}</h1>
<p>Version ${doc.info.version} · OpenAPI ${doc.openapi}${spec === undefined ? "" : html` · <a href="${spec}">the document as JSON</a>`}</p>
${doc.info.description === undefined ? "" : renderMarkdown(doc.info.description, { headingLevel: 3 })}
${servers(doc)}
<nav aria-labelledby="contents-title">
<h2 id="contents-title">Contents</h2>
<ul>${groups.map(
      (g) => html`<li><a href="#${g.id}">${g.name}</a>
<ul>${g.operations.map((o) => html`<li><a href="#${o.id}">${o.method.toUpperCase()} ${o.path}</a>${o.op.summary === undefined ? "" : html`: ${o.op.summary}`}</li>`)}</ul></li>`,
    )}</ul>
</nav>
${groups.map((g) => tagSection(doc, g))}`,
  });
}

function servers(doc: OpenApiDocument): Html | "" {
  const list = doc.servers ?? [];
  if (list.length === 0) return "";
  return html`<h2>Servers</h2>
<ul>${list.map((s) => html`<li><code>${s.url}</code>${s.description === undefined ? "" : html`: ${s.description}`}</li>`)}</ul>`;
}

/** Operations in path order under their first tag; the document's tags first, in its order. */
function groupByTag(doc: OpenApiDocument): TagGroup[] {
  const ids = new Set<string>();
  const uniqueId = (base: string) => {
    const stem = slug(base) || "section";
    let id = stem;
    for (let n = 2; ids.has(id); n += 1) id = `${stem}-${n}`;
    ids.add(id);
    return id;
  };
  const groups = new Map<string, TagGroup>();
  const groupOf = (name: string) => {
    let g = groups.get(name);
    if (!g) {
      const description = doc.tags?.find((t) => t.name === name)?.description;
      g = { name, id: uniqueId(`tag-${name}`), description, operations: [] };
      groups.set(name, g);
    }
    return g;
  };
  for (const t of doc.tags ?? []) groupOf(t.name);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const id = uniqueId(`op-${op.operationId ?? `${method}-${path}`}`);
      const parameters = mergeParameters(doc, item.parameters ?? [], op.parameters ?? []);
      groupOf(op.tags?.[0] ?? UNTAGGED).operations.push({ id, method, path, op, parameters });
    }
  }
  const all = [...groups.values()].filter((g) => g.operations.length > 0);
  // Untagged operations come last, whatever the order they were met in.
  return [...all.filter((g) => g.name !== UNTAGGED), ...all.filter((g) => g.name === UNTAGGED)];
}

/** Path-level parameters apply to every operation; an operation's own with the same name and place replaces one. */
function mergeParameters(
  doc: OpenApiDocument,
  shared: readonly (OpenApiParameter | OpenApiReference)[],
  own: readonly (OpenApiParameter | OpenApiReference)[],
): OpenApiParameter[] {
  const byKey = new Map<string, OpenApiParameter>();
  for (const p of [...shared, ...own]) {
    const param = resolve<OpenApiParameter>(doc, p);
    if (param && typeof param.name === "string") byKey.set(`${param.in}:${param.name}`, param);
  }
  return [...byKey.values()];
}

function tagSection(doc: OpenApiDocument, g: TagGroup): Html {
  return html`<section aria-labelledby="${g.id}">
<h2 id="${g.id}">${g.name}</h2>
${g.description === undefined ? "" : renderMarkdown(g.description, { headingLevel: 3 })}
${g.operations.map((o) => operationSection(doc, o))}
</section>`;
}

function operationSection(doc: OpenApiDocument, o: Operation): Html {
  const { op } = o;
  const label = `${o.method.toUpperCase()} ${o.path}`;
  const security = op.security ?? doc.security;
  return html`<section aria-labelledby="${o.id}">
<h3 id="${o.id}"><span class="method">${o.method}</span> <code>${o.path}</code></h3>
${op.summary === undefined ? "" : html`<p>${op.summary}</p>`}
${op.deprecated ? html`<p class="notice"><strong>Deprecated.</strong></p>` : ""}
${op.description === undefined ? "" : renderMarkdown(op.description, { headingLevel: 4 })}
${security === undefined ? "" : html`<p>Authentication: ${securityText(security)}</p>`}
${parametersTable(o.id, label, o.parameters)}
${requestBody(doc, op.requestBody)}
${responsesTable(doc, o.id, label, op.responses ?? {})}
</section>`;
}

/** `[{apiKey: []}, {}]` -> `apiKey, or none`; `[{a: [], b: []}]` -> `a and b`. */
function securityText(requirements: readonly OpenApiSecurityRequirement[]): string {
  if (requirements.length === 0) return "none";
  return requirements
    .map((r) => {
      const names = Object.keys(r);
      return names.length === 0 ? "none" : names.join(" and ");
    })
    .join(", or ");
}

function parametersTable(id: string, label: string, parameters: OpenApiParameter[]): Html {
  if (parameters.length === 0) return html`<p>No parameters.</p>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-parameters" tabindex="0"><table>
<caption id="${id}-parameters">Parameters of ${label}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Schema</th><th scope="col">Description</th></tr></thead>
<tbody>${parameters.map(
    (p) =>
      html`<tr><th scope="row"><code>${p.name}</code>${p.deprecated ? " (deprecated)" : ""}</th><td>${p.in}</td><td>${p.required ? "yes" : "no"}</td><td>${schemaName(p.schema)}</td><td>${p.description ?? ""}</td></tr>`,
  )}</tbody>
</table></div>`;
}

function requestBody(doc: OpenApiDocument, ref: OpenApiRequestBody | OpenApiReference | undefined): Html | "" {
  if (ref === undefined) return "";
  const body = resolve<OpenApiRequestBody>(doc, ref);
  if (!body) return html`<p>Request body: <code>${refName(ref)}</code></p>`;
  const content = Object.entries(body.content ?? {});
  return html`<h4>Request body${body.required ? " (required)" : " (optional)"}</h4>
${body.description === undefined ? "" : html`<p>${body.description}</p>`}
<ul>${content.map(([type, media]) => html`<li><code>${type}</code>: ${schemaName(media.schema)}</li>`)}</ul>`;
}

function responsesTable(
  doc: OpenApiDocument,
  id: string,
  label: string,
  responses: Readonly<Record<string, OpenApiResponse | OpenApiReference>>,
): Html {
  const rows = Object.entries(responses).map(([status, ref]) => {
    const r = resolve<OpenApiResponse>(doc, ref);
    const content = Object.entries(r?.content ?? {});
    const bodies = content.map(([type, media]) => html`<code>${type}</code>: ${schemaName(media.schema)}`);
    return html`<tr><th scope="row">${status}</th><td>${r?.description ?? refName(ref)}</td><td>${
      bodies.length === 0 ? "none" : bodies.map((b, i) => (i === 0 ? b : html`<br>${b}`))
    }</td></tr>`;
  });
  if (rows.length === 0) return html`<p>No responses documented.</p>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-responses" tabindex="0"><table>
<caption id="${id}-responses">Responses of ${label}</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Description</th><th scope="col">Body</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

// ---------------------------------------------------------------------------------------------
// References and schemas

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function isReference(v: unknown): v is OpenApiReference {
  return isObject(v) && typeof v.$ref === "string";
}

/** `#/components/schemas/Course` -> `Course`. */
function refName(v: unknown): string {
  if (!isReference(v)) return "";
  const last = v.$ref.split("/").pop() ?? v.$ref;
  return last.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Follows local `$ref`s (`#/components/...`), at most a few in a row, or undefined. */
function resolve<T>(doc: OpenApiDocument, value: unknown): T | undefined {
  let v = value;
  for (let hops = 0; isReference(v); hops += 1) {
    if (hops === 8 || !v.$ref.startsWith("#/")) return undefined;
    let at: unknown = doc;
    for (const raw of v.$ref.slice(2).split("/")) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      at = isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined;
    }
    v = at;
  }
  return isObject(v) ? (v as T) : undefined;
}

/**
 * A schema's name as a reader wants it: the referenced name (`Course`), `array of Course`,
 * `string (date-time)`, `string: "open" | "closed"`, `Course or Error`; nested at most 4 deep.
 */
export function schemaName(schema: unknown, depth = 0): string {
  if (!isObject(schema) || depth > 4) return "any";
  if (isReference(schema)) return refName(schema);
  if (typeof schema.title === "string") return schema.title;
  for (const key of ["oneOf", "anyOf"]) {
    const alternatives = schema[key];
    if (Array.isArray(alternatives)) return alternatives.map((s) => schemaName(s, depth + 1)).join(" or ");
  }
  const type = Array.isArray(schema.type)
    ? schema.type.join(" or ")
    : typeof schema.type === "string"
      ? schema.type
      : "object";
  if (type === "array") return `array of ${schemaName(schema.items, depth + 1)}`;
  if (Array.isArray(schema.enum)) return `${type}: ${schema.enum.map((e) => JSON.stringify(e)).join(" | ")}`;
  if (typeof schema.format === "string") return `${type} (${schema.format})`;
  return type;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
