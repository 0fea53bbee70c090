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

/** The alphabet apimachinery's rand.String uses: consonants and digits that can't spell words. */
export const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

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
  const hex = (n: number) => {
    let out = "";
    for (let i = 0; i < n; i++) out += "0123456789abcdef"[int(16)];
    return out;
  };
  return {
    next,
    int,
    hex,
    state: () => state,
    suffix(n) {
      let out = "";
      for (let i = 0; i < n; i++) out += NAME_ALPHABET[int(NAME_ALPHABET.length)];
      return out;
    },
    uid() {
      const h = hex(32);
      const variant = "89ab"[int(4)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
