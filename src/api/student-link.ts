/**
 * Signed student links: `/s/<token>` where the token carries tenant, assignment, student and
 * expiry, signed with the tenant's link secret (HMAC-SHA256, verified in constant time). A link
 * is the student's key to one assignment: no account, nothing to guess.
 */
import { hmacSign, hmacVerify, isUuid, openToken, tokenPayload } from "./crypto.ts";

export interface LinkClaims {
  tenantId: string;
  assignmentId: string;
  studentId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export async function signStudentLink(secret: string, claims: LinkClaims): Promise<string> {
  const payload = tokenPayload({ t: claims.tenantId, a: claims.assignmentId, s: claims.studentId, e: claims.exp });
  return `${payload}.${await hmacSign(secret, `student-link:${payload}`)}`;
}

/** The claims a token states, unverified: the tenant id says whose secret to verify with. */
export function readStudentLink(token: string): (LinkClaims & { payload: string; signature: string }) | undefined {
  const opened = openToken(token, 512);
  if (!opened) return undefined;
  const { claims: o, payload, signature } = opened;
  if (typeof o.t !== "string" || typeof o.a !== "string" || typeof o.s !== "string" || typeof o.e !== "number") {
    return undefined;
  }
  if (!isUuid(o.t) || !isUuid(o.a) || !isUuid(o.s)) return undefined;
  return { tenantId: o.t, assignmentId: o.a, studentId: o.s, exp: o.e, payload, signature };
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
