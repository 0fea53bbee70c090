/** UTF-8 aware base64, without Node's Buffer, so the core runs unchanged in Workers. */
const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: false });
const ASCII = /^[\x00-\x7f]*$/;

export function encodeBase64(text: string): string {
  // ASCII text is its own UTF-8, and btoa takes it as is: the same bytes, without the copy
  // (kubeconfigs carry kilobytes of certificate text for every simulation built).
  if (ASCII.test(text)) return btoa(text);
  return bytesToBase64(enc.encode(text));
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Decodes base64; undefined when the text is not valid base64 (as Go's StdEncoding rejects it). */
export function decodeBase64(b64: string): string | undefined {
  const bytes = base64ToBytes(b64);
  return bytes ? dec.decode(bytes) : undefined;
}

export function base64ToBytes(b64: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeBase64Url(text: string): string {
  return encodeBase64(text).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}
