/**
 * Hashing, random tokens and HMAC with Web Crypto (the same on Workers and Node), but for the
 * SHA-256 of a short text: Web Crypto's digest is a job for another thread and a promise, some
 * tens of microseconds of the serving thread per API key a request presents, where `node:crypto`
 * (Node, and Workers with `nodejs_compat`) hashes it in one.
 */
import { createHash } from "node:crypto";

const enc = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  try {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    // One text per value: a last character differing only in its unused bits is not the same
    // encoding, so a signature cannot be altered and still verify.
    return base64url(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The payload of a signed token (`<payload>.<signature>`, the formats of student links and LTI
 * states): claims as JSON, in base64url.
 */
export function tokenPayload(claims: Record<string, unknown>): string {
  return base64url(enc.encode(JSON.stringify(claims)));
}

/** A signed token's parts and its claims, unverified; undefined when it is not one or is longer than `maxChars`. */
export function openToken(
  token: string,
  maxChars: number,
): { payload: string; signature: string; claims: Record<string, unknown> } | undefined {
  if (token.length > maxChars) return undefined;
  const [payload, signature, ...rest] = token.split(".");
  if (rest.length || !payload || !signature) return undefined;
  const bytes = fromBase64url(payload);
  if (!bytes) return undefined;
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return undefined;
    return { payload, signature, claims: claims as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

export function randomToken(bytes = 24): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

async function hmacKey(secret: string) {
  return crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

export async function hmacSign(secret: string, message: string): Promise<string> {
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(secret), enc.encode(message));
  return base64url(new Uint8Array(sig));
}

/** Web Crypto's HMAC verify compares in constant time. */
export async function hmacVerify(secret: string, message: string, signature: string): Promise<boolean> {
  const sig = fromBase64url(signature);
  if (sig?.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), sig, enc.encode(message));
}

/** Constant-time comparison of two strings (the time depends only on their lengths). */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = enc.encode(a);
  const y = enc.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string | undefined): s is string => s !== undefined && UUID_RE.test(s);
