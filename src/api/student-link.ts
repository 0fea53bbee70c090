/**
 * Signed student links: `/s/<token>` where the token carries tenant, assignment, student and
 * expiry, signed with the tenant's link secret (HMAC-SHA256, verified in constant time). A link
 * is the student's key to one assignment: no account, nothing to guess.
 */
import { base64url, fromBase64url, hmacSign, hmacVerify, isUuid } from "./crypto.ts";

export interface LinkClaims {
  tenantId: string;
  assignmentId: string;
  studentId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export async function signStudentLink(secret: string, claims: LinkClaims): Promise<string> {
  const payload = base64url(
    enc.encode(JSON.stringify({ t: claims.tenantId, a: claims.assignmentId, s: claims.studentId, e: claims.exp })),
  );
  return `${payload}.${await hmacSign(secret, `student-link:${payload}`)}`;
}

/** The claims a token states, unverified: the tenant id says whose secret to verify with. */
export function readStudentLink(token: string): (LinkClaims & { payload: string; signature: string }) | undefined {
  if (token.length > 512) return undefined;
  const [payload, signature, ...rest] = token.split(".");
  if (rest.length || !payload || !signature) return undefined;
  const bytes = fromBase64url(payload);
  if (!bytes) return undefined;
  try {
    const o = JSON.parse(dec.decode(bytes)) as Record<string, unknown>;
    if (typeof o.t !== "string" || typeof o.a !== "string" || typeof o.s !== "string" || typeof o.e !== "number") {
      return undefined;
    }
    if (!isUuid(o.t) || !isUuid(o.a) || !isUuid(o.s)) return undefined;
    return { tenantId: o.t, assignmentId: o.a, studentId: o.s, exp: o.e, payload, signature };
  } catch {
    return undefined;
  }
}

export function verifyStudentLink(secret: string, claims: { payload: string; signature: string }): Promise<boolean> {
  return hmacVerify(secret, `student-link:${claims.payload}`, claims.signature);
}

/** The form's anti-forgery token: bound to the link, so another site cannot post for the student. */
export function csrfToken(secret: string, token: string): Promise<string> {
  return hmacSign(secret, `csrf:${token}`);
}

export function verifyCsrf(secret: string, token: string, given: string): Promise<boolean> {
  return hmacVerify(secret, `csrf:${token}`, given);
}
