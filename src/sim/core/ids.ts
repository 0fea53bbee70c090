/**
 * Seeded randomness: pod-name suffixes, uids, ClusterIPs and container ids are reproducible
 * for a given seed. The generator is splitmix32-like, small and fast; quality is ample for
 * names.
 */
export interface Ids {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A random string of `n` characters from Kubernetes' name alphabet (no vowels, no 0/1/3). */
  suffix(n: number): string;
  /** A v4-shaped UUID. */
  uid(): string;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** The generator's whole internal state: `fromState(ids.state())` continues the same sequence. */
  state(): number;
}

const HEX_CODES = [..."0123456789abcdef"].map((c) => c.charCodeAt(0));
const DASH = 45;
const FOUR = 52;

/** The alphabet apimachinery's rand.String uses: consonants and digits that can't spell words. */
export const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** A scratch array of `n` character codes, one per length, reused (ids are built one at a time). */
const scratches = new Map<number, number[]>();
function scratch(n: number): number[] {
  let a = scratches.get(n);
  if (a === undefined) {
    a = new Array<number>(n).fill(0);
    if (n <= 256) scratches.set(n, a);
  }
  return a;
}

export function createIds(seed: number): Ids {
  return fromState(seed >>> 0 || 0x9e3779b9);
}

/** An id source resuming from a captured `state()` (used to reuse cached bootstrap output). */
export function fromState(initial: number): Ids {
  let state = initial >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  // Character codes are gathered and turned into one flat string: appending characters builds
  // a rope of one node per character, and container ids and uids live as long as their objects.
  // The codes go to a scratch array reused from call to call (every pod and event takes a uid).
  const hex = (n: number) => {
    const codes = scratch(n);
    for (let i = 0; i < n; i++) codes[i] = HEX_CODES[int(16)];
    return String.fromCharCode.apply(null, codes);
  };
  return {
    next,
    int,
    hex,
    state: () => state,
    suffix(n) {
      const out: string[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = NAME_ALPHABET[int(NAME_ALPHABET.length)];
      return out.join("");
    },
    uid() {
      // 32 hex digits then the variant, drawn in that order; digits 12 and 16 give way to the
      // version (4) and the variant. Written as codes into one flat string, not slices.
      const out = scratch(36);
      for (let i = 0, at = 0; i < 32; i++, at++) {
        if (at === 8 || at === 13 || at === 18 || at === 23) out[at++] = DASH;
        out[at] = HEX_CODES[int(16)];
      }
      out[14] = FOUR;
      out[19] = "89ab".charCodeAt(int(4));
      return String.fromCharCode.apply(null, out);
    },
  };
}
