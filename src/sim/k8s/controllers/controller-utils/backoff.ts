/**
 * The work queue's rate limiter for keys whose sync failed (workqueue.DefaultControllerRateLimiter's
 * per-item exponential part): 5 ms, 10 ms, 20 ms, ... doubling up to 1000 s, reset when a sync
 * succeeds. A ReplicaSet whose pods a quota rejects therefore retries 8 times in its first
 * second (5+10+...+640 ms = 1275 ms covers the 8th retry at 635 ms), then ever more slowly.
 */
const BASE_MS = 5;
const MAX_MS = 1000 * 1000;

export class Backoff {
  private readonly failures = new Map<string, number>();

  /** The delay before the next retry of `key`, counting this failure. */
  next(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(MAX_MS, BASE_MS * 2 ** n);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}
