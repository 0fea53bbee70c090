/**
 * Wake-ups without duplicates. Controllers ask to be woken at an instant (a pod becoming
 * available, a progress deadline) from every sync that notices it, often many times for the
 * same instant: 500 pods turning Ready together would otherwise queue 500 identical timers.
 * Upstream's delaying queue collapses them the same way (one entry per key and time).
 */
import type { Reconciler } from "../../../core/reconcile.ts";

export class WakeUps {
  private readonly pending = new Map<string, Set<number>>();

  constructor(
    private readonly reconciler: Reconciler,
    private readonly controller: string,
  ) {}

  /** Asks for `sync(key)` at `at`, unless that wake-up is already pending; `now` prunes past ones. */
  at(key: string, at: number, now: number): void {
    let times = this.pending.get(key);
    if (!times) {
      times = new Set();
      this.pending.set(key, times);
    }
    for (const t of times) if (t < now) times.delete(t);
    if (times.has(at)) return;
    times.add(at);
    this.reconciler.requeueAt(this.controller, key, at);
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
