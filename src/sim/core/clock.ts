/**
 * Virtual time. The simulation never reads the real clock: every timestamp, AGE and delay
 * comes from here, and time moves only when a command (or a check) advances it.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, virtual. */
  now(): number;
  /** Moves time forward; never backwards. */
  advanceTo(ms: number): void;
}

/** 2026-01-05T09:00:00Z: a fixed, readable start so reports are identical run to run. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export function createClock(startMs: number = DEFAULT_EPOCH_MS): Clock {
  let current = startMs;
  return {
    now: () => current,
    advanceTo(ms) {
      if (ms > current) current = ms;
    },
  };
}

/**
 * RFC 3339 with second precision, as Kubernetes serialises metav1.Time. Virtual time moves in
 * whole steps, so the same few seconds are formatted over and over (every status write, event
 * and condition): each second is formatted once and the one string shared, instead of a Date,
 * an ISO string, a slice and a concatenation per call, all kept alive by the object storing it.
 */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = formatted.get(second);
  if (text === undefined) {
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    text = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    formatted.set(second, text);
  }
  return text;
}

const formatted = new Map<number, string>();
const MAX_FORMATTED = 4096;

/**
 * The inverse of rfc3339, memoised the same way: controllers parse the same few timestamps
 * (conditions' lastTransitionTime, deadlines) at every sync, and Date.parse is slow by comparison.
 */
export function parseRfc3339(text: string): number {
  let ms = parsed.get(text);
  if (ms === undefined) {
    if (parsed.size >= MAX_FORMATTED) parsed.clear();
    ms = Date.parse(text);
    parsed.set(text, ms);
  }
  return ms;
}

const parsed = new Map<string, number>();
