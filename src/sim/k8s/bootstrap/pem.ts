/**
 * Certificates and tokens that look like kubeadm's but are made from the seeded id source: a
 * PEM block whose base64 body opens like an RSA-2048 CA certificate with CN=kubernetes, and
 * JWS / JWT strings of the right shape. Nothing here is cryptographically valid; nothing in the
 * simulation verifies signatures.
 */
import type { Ids } from "../../core/ids.ts";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The DER opening of a kubeadm CA certificate (SEQUENCE, version 3, serial 0, sha256WithRSA, CN=kubernetes). */
const CA_PREFIX = "MIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJlcm5ldGVz";

export function randomBase64(ids: Ids, n: number, alphabet = B64): string {
  // Character codes turned into one flat string: appending a character at a time builds a
  // string of one piece per character, and a kubeconfig's key is 1,676 of them.
  const codes = new Array<number>(n);
  for (let i = 0; i < n; i++) codes[i] = alphabet.charCodeAt(ids.int(64));
  let out = "";
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, codes.slice(i, i + 4096));
  return out;
}

/** A 1,028-character base64 body (a ~770-byte DER), wrapped at 64 columns like openssl/kubeadm. */
export function fakeCertificate(ids: Ids, prefix = CA_PREFIX): string {
  const body = prefix + randomBase64(ids, 1028 - prefix.length - 2) + "==";
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** The front-proxy CA: same shape, CN=front-proxy-ca. */
export function fakeFrontProxyCertificate(ids: Ids): string {
  return fakeCertificate(ids, "MIIDCjCCAfKgAwIBAgIBADANBgkqhkiG9w0BAQsFADAZMRcwFQYDVQQDEw5mcm9udC1wcm94eS1jYQ");
}

/** Base64 of an ASCII string (every input here is ASCII); `btoa` exists on Node and Workers alike. */
export function base64(text: string): string {
  return btoa(text);
}

export function base64url(text: string): string {
  return base64(text).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** A legacy ServiceAccount token (RS256 JWT, issuer kubernetes/serviceaccount), as its Secret stores it. */
export function legacyServiceAccountJwt(
  ids: Ids,
  namespace: string,
  secretName: string,
  saName: string,
  saUid: string,
): string {
  const header = base64url(JSON.stringify({ alg: "RS256", kid: randomBase64(ids, 43, B64URL) }));
  const claims = base64url(
    JSON.stringify({
      iss: "kubernetes/serviceaccount",
      "kubernetes.io/serviceaccount/namespace": namespace,
      "kubernetes.io/serviceaccount/secret.name": secretName,
      "kubernetes.io/serviceaccount/service-account.name": saName,
      "kubernetes.io/serviceaccount/service-account.uid": saUid,
      sub: `system:serviceaccount:${namespace}:${saName}`,
    }),
  );
  return `${header}.${claims}.${randomBase64(ids, 342, B64URL)}`;
}

/** The detached JWS the bootstrap signer writes into cluster-info for a token id. */
export function detachedJws(ids: Ids, tokenId: string): string {
  return `${base64url(JSON.stringify({ alg: "HS256", kid: tokenId }))}..${randomBase64(ids, 43, B64URL)}`;
}
