/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com) for the LMS webhook.
 *
 * The signed content is `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 with the
 * base64 key after `whsec_`, sent as `v1,<base64>`; a sender rotating its secret sends several
 * space-separated signatures and any one of them may match.
 *
 * The `standardwebhooks` package computes the HMAC (pure JS: @stablelib/base64 + fast-sha256,
 * so it runs in workerd), but its `verify` reads `Date.now()` and compares with a helper that
 * ignores typed-array offsets. The headers, the replay window (from the injected clock) and the
 * constant-time comparison are therefore done here.
 */
import { Webhook } from "standardwebhooks";

/** How far the sender's clock may be from ours, in both directions (the spec's 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** Bounds on the headers: they are read before anything is authenticated. */
const MAX_ID_LENGTH = 256;
const MAX_SIGNATURE_HEADER_LENGTH = 4096;
const MAX_SIGNATURES = 16;

export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export type WebhookFailureCode =
  | "missing_header"
  | "malformed_header"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "no_matching_signature"
  | "invalid_secret";

export type WebhookVerification =
  | { ok: true; id: string; timestamp: Date }
  | { ok: false; code: WebhookFailureCode; detail: string };

export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookInput {
  /** `whsec_<base64>`; during a rotation the receiver may hold the old and the new secret. */
  secret: string | readonly string[];
  headers: HeaderSource;
  /** The raw request body exactly as received (re-serialised JSON would not match). */
  body: string;
  now: Date;
}

export async function verifyWebhook(input: VerifyWebhookInput): Promise<WebhookVerification> {
  const id = header(input.headers, "webhook-id");
  const timestampText = header(input.headers, "webhook-timestamp");
  const signatureText = header(input.headers, "webhook-signature");
  if (id === undefined || timestampText === undefined || signatureText === undefined) {
    const present = { "webhook-id": id, "webhook-timestamp": timestampText, "webhook-signature": signatureText };
    const missing = Object.entries(present).flatMap(([name, value]) => (value === undefined ? [name] : []));
    return fail("missing_header", `missing ${missing.join(", ")} header${missing.length > 1 ? "s" : ""}`);
  }

  // A `.` in the id would make `${id}.${timestamp}.${body}` ambiguous: ("a.1", "2", "b") and
  // ("a", "1", "2.b") sign the same bytes. Ids are opaque tokens, so allow visible ASCII only.
  if (id.length > MAX_ID_LENGTH || !/^[\x21-\x2d\x2f-\x7e]+$/.test(id)) {
    return fail(
      "malformed_header",
      `webhook-id must be 1 to ${MAX_ID_LENGTH} visible ASCII characters without "." (got ${quote(id)})`,
    );
  }
  if (!/^\d{1,15}$/.test(timestampText)) {
    return fail("malformed_header", `webhook-timestamp must be Unix seconds (got ${quote(timestampText)})`);
  }
  const signatures = parseSignatures(signatureText);
  if (!signatures.ok) return fail("malformed_header", signatures.detail);

  const keys = signers(input.secret);
  if (!keys.ok) return fail("invalid_secret", keys.detail);

  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (nowSeconds - timestamp > WEBHOOK_TOLERANCE_SECONDS) {
    return fail(
      "timestamp_too_old",
      `webhook-timestamp is ${nowSeconds - timestamp} s behind the server clock (tolerance ${WEBHOOK_TOLERANCE_SECONDS} s)`,
    );
  }
  if (timestamp - nowSeconds > WEBHOOK_TOLERANCE_SECONDS) {
    return fail(
      "timestamp_too_new",
      `webhook-timestamp is ${timestamp - nowSeconds} s ahead of the server clock (tolerance ${WEBHOOK_TOLERANCE_SECONDS} s)`,
    );
  }

  const signedAt = new Date(timestamp * 1000);
  let matched = false;
  for (const key of keys.webhooks) {
    const expected = key.sign(id, signedAt, input.body).slice("v1,".length);
    // Every candidate is compared in full, so the time taken does not say which one matched.
    for (const candidate of signatures.v1) matched = constantTimeEqual(candidate, expected) || matched;
  }
  if (!matched) return fail("no_matching_signature", "no v1 signature in webhook-signature matches the body");
  return { ok: true, id, timestamp: signedAt };
}

export interface SignWebhookInput {
  /** One secret, or several to produce the header of a sender in the middle of a rotation. */
  secret: string | readonly string[];
  id: string;
  timestamp: Date;
  body: string;
}

/** The three headers a Standard Webhooks sender attaches to `body`. Throws on an invalid secret. */
export async function signWebhook(input: SignWebhookInput): Promise<WebhookHeaders> {
  const keys = signers(input.secret);
  if (!keys.ok) throw new Error(keys.detail);
  const signedAt = new Date(Math.floor(input.timestamp.getTime() / 1000) * 1000);
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(signedAt.getTime() / 1000),
    "webhook-signature": keys.webhooks.map((w) => w.sign(input.id, signedAt, input.body)).join(" "),
  };
}

/** A new signing secret, `whsec_` and 32 random bytes in base64, shown once to the LMS admin. */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

function header(headers: HeaderSource, name: string): string | undefined {
  let value: string | readonly string[] | null | undefined;
  if (headers instanceof Headers) value = headers.get(name);
  else {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name) value = headers[key];
  }
  if (Array.isArray(value)) value = value.join(", ");
  const text = typeof value === "string" ? value.trim() : "";
  return text === "" ? undefined : text;
}

type ParsedSignatures = { ok: true; v1: string[] } | { ok: false; detail: string };

/** `v1,<base64> v1,<base64> v1a,<base64>`: versions other than v1 (e.g. asymmetric v1a) are skipped. */
function parseSignatures(text: string): ParsedSignatures {
  if (text.length > MAX_SIGNATURE_HEADER_LENGTH) {
    return { ok: false, detail: `webhook-signature is longer than ${MAX_SIGNATURE_HEADER_LENGTH} characters` };
  }
  const entries = text.split(/ +/);
  if (entries.length > MAX_SIGNATURES) {
    return { ok: false, detail: `webhook-signature has more than ${MAX_SIGNATURES} signatures` };
  }
  const v1: string[] = [];
  for (const entry of entries) {
    const comma = entry.indexOf(",");
    if (comma <= 0 || comma === entry.length - 1) {
      return { ok: false, detail: `webhook-signature entries must be "<version>,<base64>" (got ${quote(entry)})` };
    }
    if (entry.slice(0, comma) === "v1") v1.push(entry.slice(comma + 1));
  }
  if (v1.length === 0) return { ok: false, detail: "webhook-signature has no v1 signature" };
  return { ok: true, v1 };
}

type Signers = { ok: true; webhooks: Webhook[] } | { ok: false; detail: string };

function signers(secret: string | readonly string[]): Signers {
  const secrets = typeof secret === "string" ? [secret] : secret;
  if (secrets.length === 0) return { ok: false, detail: "no webhook signing secret is configured" };
  const webhooks: Webhook[] = [];
  for (const [i, s] of secrets.entries()) {
    try {
      webhooks.push(new Webhook(s));
    } catch {
      // The message would not add anything safe to log: never echo a secret.
      return { ok: false, detail: `webhook signing secret ${i + 1} is not "whsec_" followed by base64` };
    }
  }
  return { ok: true, webhooks };
}

/** Compares every byte whatever the first difference, so timing does not reveal a prefix. */
function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  // The length of a valid signature is public (44 characters), so leaving early on it is safe.
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

function fail(code: WebhookFailureCode, detail: string): WebhookVerification {
  return { ok: false, code, detail };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
