/**
 * How an API server before 1.23 words a request body it cannot decode: it read JSON with
 * json-iterator (1.23 moved to sigs.k8s.io/json, whose errors are encoding/json's). Modelled for
 * the case the course meets: a CertificateSigningRequest whose spec.request ([]byte) is not base64.
 *
 * json-iterator's base64Codec base64-decodes the string's raw JSON bytes (with `\r` and `\n`
 * escapes removed), then Iterator.ReportError quotes the body around the parser's head, which is
 * just past the string's closing quote:
 *   decode base64: <cause>, error found in #<head-peekStart> byte of ...|<body[head-10:head+10]>|..., bigger context ...|<body[head-50:head+50]>|...
 * Every decoder that runs after the error then prefixes the message, innermost first: a struct
 * field its Go name ("Request: "), a slice its type ("[]v1.KeyUsage: "), a struct its type and a
 * dot ("v1.CertificateSigningRequestSpec."). So upstream (kubernetes/kubernetes#90239) prints
 *   v1beta1.CertificateSigningRequest.Spec: v1beta1.CertificateSigningRequestSpec.Usages: []v1beta1.KeyUsage: Request: decode base64: ...
 * for a spec of groups, request and usages: usages was decoded after request failed.
 */
import { goJson } from "../../core/go-json.ts";
import type { KObject } from "./object.ts";

/** The first minor whose API server decodes with sigs.k8s.io/json instead of json-iterator. */
export const SIGS_JSON_SINCE = 23;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Iterator.ReportError's text for a body (UTF-8 bytes) whose parser head is at byte `head`. */
export function reportError(body: Uint8Array, head: number, operation: string, msg: string): string {
  const peekStart = Math.max(head - 10, 0);
  const peekEnd = Math.min(head + 10, body.length);
  const contextStart = Math.max(head - 50, 0);
  const contextEnd = Math.min(head + 50, body.length);
  const text = (from: number, to: number) => fromUtf8.decode(body.subarray(from, to));
  return (
    `${operation}: ${msg}, error found in #${head - peekStart} byte of ...|${text(peekStart, peekEnd)}|..., ` +
    `bigger context ...|${text(contextStart, contextEnd)}|...`
  );
}

/**
 * The byte offset just past the value at `path` (object keys) in goJson(obj). goJson sorts
 * keys, so the object cut after `key` serialises to the same prefix followed by "}".
 */
export function offsetAfter(obj: Record<string, unknown>, path: string[]): number {
  let start = 0;
  let end = 0;
  let o = obj;
  for (const key of path) {
    const upTo = Object.fromEntries(Object.entries(o).filter(([k]) => k <= key));
    end = start + utf8.encode(goJson(upTo)).length - 1;
    start = end - utf8.encode(goJson(o[key])).length;
    o = o[key] as Record<string, unknown>;
  }
  return end;
}

/**
 * The fields of CertificateSigningRequestSpec (1.21) that sort after `request`, as json-iterator
 * decodes them: the Go field name, and for a slice its type (`{v}` is the API version). Unknown
 * fields are skipped without a prefix.
 */
const SPEC_FIELDS_AFTER_REQUEST = new Map<string, { goName: string; sliceType?: string }>([
  ["signerName", { goName: "SignerName" }],
  ["uid", { goName: "UID" }],
  ["usages", { goName: "Usages", sliceType: "[]{v}.KeyUsage" }],
  ["username", { goName: "Username" }],
]);

/**
 * What a pre-1.23 server says of a CSR whose spec.request is not base64, or undefined when it
 * is. `body` is the object as the request carries it (apply's includes the last-applied
 * annotation); `base64Error` gives Go's base64 error for a string.
 */
export function csrRequestDecodeError(
  body: KObject,
  base64Error: (text: string) => string | undefined,
): string | undefined {
  const spec = body.spec as Record<string, unknown>;
  const raw = goJson(spec.request).slice(1, -1).replaceAll("\\r", "").replaceAll("\\n", "");
  const cause = base64Error(raw);
  if (!cause) return undefined;
  const v = body.apiVersion.slice(body.apiVersion.indexOf("/") + 1);
  const bytes = utf8.encode(`${goJson(body)}\n`);
  const head = offsetAfter(body as unknown as Record<string, unknown>, ["spec", "request"]);
  let err = `Request: ${reportError(bytes, head, "decode base64", cause)}`;
  for (const key of Object.keys(spec).sort()) {
    const field = SPEC_FIELDS_AFTER_REQUEST.get(key);
    if (!field) continue;
    if (field.sliceType) err = `${field.sliceType.replace("{v}", v)}: ${err}`;
    err = `${field.goName}: ${err}`;
  }
  return `${v}.CertificateSigningRequest.Spec: ${v}.CertificateSigningRequestSpec.${err}`;
}
