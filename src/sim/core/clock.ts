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

/** RFC 3339 with second precision, as Kubernetes serialises metav1.Time. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function parseRfc3339(text: string): number {
  return Date.parse(text);
}
