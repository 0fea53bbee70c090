/**
 * The pod-template-hash (controller.ComputeHash): FNV-32a over the pod template, then the
 * collisionCount (when set) as 8 little-endian bytes, the 32-bit sum printed in decimal and
 * each digit mapped through apimachinery's SafeEncodeString alphabet.
 *
 * Upstream feeds the hasher Go's spew dump of the PodTemplateSpec struct; the simulation feeds
 * it the template's canonical JSON (keys sorted) instead, so the hashes have the real shape and
 * behaviour (same template, same hash; any change, a new hash; collisionCount moves it) but not
 * the real values.
 *
 * Worked example of the last step: a sum of 2193416520 prints as "2193416520"; digit '2' is
 * code 50, 50 % 27 = 23 -> '6'; '1' is 49 % 27 = 22 -> '5'; '9' is 57 % 27 = 3 -> 'f'; ...
 * giving "65f8...": ten characters for sums of ten digits.
 */
import { NAME_ALPHABET } from "../../../core/ids.ts";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv32a(bytes: Iterable<number>, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b & 0xff;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character c becomes alphanums[c % 27]. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) out += NAME_ALPHABET[(ch.codePointAt(0) ?? 0) % NAME_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted, so equal templates always hash alike. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  const bytes = new TextEncoder().encode(canonicalJson(template ?? {}));
  let h = fnv32a(bytes);
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0;
    h = fnv32a([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0], h);
  }
  return safeEncodeString(String(h));
}
