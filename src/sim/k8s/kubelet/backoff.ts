/**
 * client-go's flowcontrol.Backoff as the kubelet uses it (no jitter): per key, a delay that
 * starts at 10 s and doubles up to 5 min; an entry idle for more than twice the maximum
 * (10 min) starts over. Crash loops use IsInBackOffSince (time since the container finished),
 * image pulls IsInBackOffSinceUpdate (time since the last failed pull).
 *
 * Worked example, a container exiting at once, again and again: finished at t=3 s, restarted at
 * once (no entry yet; Next sets 10 s); finished again at t=4 s, in back-off until 14 s; restarted
 * at the first sync after that, Next sets 20 s; and so on: 40 s, 80 s, 160 s, 300 s, 300 s.
 */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initial = INITIAL_BACKOFF_MS,
    readonly max = MAX_BACKOFF_MS,
  ) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > this.max * 2;
  }

  /** Moves the key to its next delay; `now` becomes its last update. */
  next(key: string, eventTime: number, now: number): void {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) this.entries.set(key, { backoff: this.initial, lastUpdate: now });
    else {
      e.backoff = Math.min(e.backoff * 2, this.max);
      e.lastUpdate = now;
    }
  }

  /** True while less than the current delay has passed since `eventTime`. */
  inBackOffSince(key: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return now - eventTime < e.backoff;
  }

  /** True while less than the current delay has passed since the last `next`. */
  inBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(now, e)) return false;
    return now - e.lastUpdate < e.backoff;
  }

  delay(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** When the key leaves back-off counted from `eventTime` (for scheduling the next sync). */
  until(key: string, eventTime: number): number {
    return eventTime + (this.entries.get(key)?.backoff ?? 0);
  }
}

/**
 * Go's time.Duration.String(): `10s`, `1m20s`, `5m0s`, `4.127470185s`, `512ms`.
 * `nanos` is the duration in nanoseconds.
 */
export function goDuration(nanos: number): string {
  if (nanos === 0) return "0s";
  if (nanos < 1000) return `${nanos}ns`;
  if (nanos < 1_000_000) return `${trimFraction(nanos / 1000, 3)}µs`;
  if (nanos < 1_000_000_000) return `${trimFraction(nanos / 1_000_000, 6)}ms`;
  const totalSeconds = nanos / 1e9;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds - h * 3600) / 60);
  const sNanos = nanos - (h * 3600 + m * 60) * 1e9;
  const s = `${trimFraction(sNanos / 1e9, 9)}s`;
  if (h > 0) return `${h}h${m}m${s}`;
  if (m > 0) return `${m}m${s}`;
  return s;
}

function trimFraction(v: number, digits: number): string {
  const fixed = v.toFixed(digits);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}
