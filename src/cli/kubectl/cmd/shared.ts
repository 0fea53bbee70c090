/** What several kubectl commands share: mapping manifest objects to targets, and -o printing. */

import { status } from "../../../sim/core/status.ts";
import { csrRequestDecodeError, SIGS_JSON_SINCE } from "../../../sim/k8s/api/json-iterator.ts";
import { type KObject, splitApiVersion } from "../../../sim/k8s/api/object.ts";
import type { ResourceType } from "../../../sim/k8s/api/resources.ts";
import { strictDecodeErrors } from "../../../sim/k8s/api/schema/decode.ts";
import { base64Error, secretDecodeError } from "../../../sim/k8s/registry/kinds/index.ts";
import type { ExecResult } from "../../types.ts";
import type { Info } from "../builder.ts";
import type { Kubectl } from "../context.ts";
import type { KubectlError } from "../errors.ts";
import { bool, type FlagValues } from "../flags.ts";
import { formatOutput } from "./format.ts";

export interface Target {
  type: ResourceType;
  namespace: string;
  name: string;
  object: KObject;
}

export type TargetResult = { ok: true; value: Target } | { ok: false; error: string };

/** RESTMapping + namespace resolution for an object read from a manifest. */
export function resolveInfo(k: Kubectl, info: Info): TargetResult {
  const o = info.object;
  const apiVersion = typeof o.apiVersion === "string" ? o.apiVersion : "";
  const kind = typeof o.kind === "string" ? o.kind : "";
  if (!apiVersion || !kind) {
    const missing = [!apiVersion && "apiVersion not set", !kind && "kind not set"].filter(Boolean) as string[];
    const detail = missing.length === 1 ? missing[0] : `[${missing.join(", ")}]`;
    return {
      ok: false,
      error: `error validating "${info.source}": error validating data: ${detail}; if you choose to ignore these errors, turn validation off with --validate=false`,
    };
  }
  const meta = (o.metadata ?? {}) as KObject["metadata"];
  const name = typeof meta.name === "string" ? meta.name : "";
  const type = k.cluster.discovery.forKind(apiVersion, kind);
  if (!type) {
    const ns = typeof meta.namespace === "string" ? meta.namespace : "";
    if (k.cluster.minor >= 26) {
      return {
        ok: false,
        error: `resource mapping not found for name: "${name}" namespace: "${ns}" from "${info.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      };
    }
    return {
      ok: false,
      error: `unable to recognize "${info.source}": no matches for kind "${kind}" in version "${apiVersion}"`,
    };
  }
  const object: KObject = { ...o, metadata: { ...meta } };
  let namespace = "";
  if (type.namespaced) {
    const declared = typeof meta.namespace === "string" && meta.namespace ? meta.namespace : "";
    if (declared && k.namespaceFromFlag && declared !== k.namespace) {
      return {
        ok: false,
        error: `the namespace from the provided object "${declared}" does not match the namespace "${k.namespace}". You must pass '--namespace=${declared}' to perform this operation.`,
      };
    }
    namespace = declared || k.namespace;
    object.metadata.namespace = namespace;
  }
  return { ok: true, value: { type, namespace, name, object } };
}

/**
 * `-o` for commands that act on objects (apply, create, label, scale, ...): each object is
 * printed as kubectl's printers print one object at a time, so YAML documents are separated
 * by `---` and a custom-columns header appears once.
 */
export function printObjects(k: Kubectl, objects: KObject[], output: string, flags: FlagValues): ExecResult {
  let stdout = "";
  let stderr = "";
  objects.forEach((o, i) => {
    const t = k.cluster.discovery.forKind(o.apiVersion, o.kind);
    const group = { type: t ?? fallbackType(o), objects: [o] };
    const one = formatOutput(k, [group], output, flags, true);
    if (output === "yaml" && i > 0) stdout += "---\n";
    let text = one.stdout;
    if (i > 0 && output.startsWith("custom-columns") && !bool(flags, "no-headers"))
      text = text.slice(text.indexOf("\n") + 1);
    stdout += text;
    stderr += one.stderr;
  });
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

function fallbackType(o: KObject): ResourceType {
  const [group] = splitApiVersion(o.apiVersion);
  return {
    group,
    versions: [],
    kind: o.kind,
    resource: `${o.kind.toLowerCase()}s`,
    singular: o.kind.toLowerCase(),
    namespaced: Boolean(o.metadata.namespace),
    shortNames: [],
    categories: [],
    verbs: [],
  };
}

/**
 * Schema validation of a manifest object, as the emulated version does it: kubectl 1.21
 * validates on the client against the OpenAPI schema (`error validating "x.yaml": ...`);
 * 1.27+ leaves it to the server's strict field validation (a BadRequest on create).
 * `--validate=false` turns both off. `body` gives the object as the request would carry it.
 */
export function validationError(
  k: Kubectl,
  info: Info,
  target: Target,
  validate: string,
  body: () => KObject = () => target.object,
): KubectlError | undefined {
  const o = target.object;
  // Secret data is base64 the server must decode, whatever the client validated.
  if (o.kind === "Secret" && o.apiVersion === "v1") {
    const bad = secretDecodeError(o);
    if (bad)
      return { status: status("BadRequest", 400, `Secret in version "v1" cannot be handled as a Secret: ${bad}`) };
  }
  // So is a CSR's spec.request ([]byte): the textbook's `request: <CSR>` placeholder fails at byte 0.
  // Before 1.23 the server's json-iterator words it with excerpts of the request body.
  const request = (o.spec as { request?: unknown } | undefined)?.request;
  if (o.kind === "CertificateSigningRequest" && typeof request === "string") {
    const bad = k.cluster.minor < SIGS_JSON_SINCE ? csrRequestDecodeError(body(), base64Error) : base64Error(request);
    const version = o.apiVersion.slice(o.apiVersion.indexOf("/") + 1);
    if (bad)
      return {
        status: status(
          "BadRequest",
          400,
          `CertificateSigningRequest in version "${version}" cannot be handled as a CertificateSigningRequest: ${bad}`,
        ),
      };
  }
  if (validate === "false" || validate === "ignore") return undefined;
  const issues = strictDecodeErrors(info.object, o.apiVersion, o.kind, k.cluster.minor);
  if (issues.length === 0) return undefined;
  if (k.cluster.minor < 25) {
    const data = dedupe(issues.map((i) => i.message));
    return {
      message: `error validating "${info.source}": error validating data: ${data}; if you choose to ignore these errors, turn validation off with --validate=false`,
    };
  }
  const typeError = issues.find((i) => i.kind !== "unknown-field");
  const cause = typeError ? typeError.message : `strict decoding error: ${issues.map((i) => i.message).join(", ")}`;
  const version = o.apiVersion.slice(o.apiVersion.indexOf("/") + 1);
  return {
    status: status("BadRequest", 400, `${o.kind} in version "${version}" cannot be handled as a ${o.kind}: ${cause}`),
  };
}

function dedupe(messages: string[]): string {
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}
