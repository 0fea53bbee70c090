/**
 * The reconcile loop. Controllers are `sync(key)` recipes fed by work queues: a store write
 * enqueues the keys the write concerns; `runToFixedPoint` drains the queues, in sorted key
 * order so every run is the same, until a whole round finds no work. A guard on rounds turns a
 * controller that never settles into a loud failure rather than a hang.
 */

import { byCodeUnits, sortInPlace } from "./sorted.ts";
import type { ObjectStore, WatchEvent } from "./store.ts";

export interface Controller {
  name: string;
  /** For each store resource this controller watches (`*`: every one): the work keys a change enqueues. */
  watches: Record<string, (event: WatchEvent) => string[]>;
  sync(key: string): void;
}

export class ReconcileLimitError extends Error {}

interface Timer {
  at: number;
  seq: number;
  controller: string;
  key: string;
}

interface Route {
  watch: (event: WatchEvent) => string[];
  queue: Set<string>;
}

export class Reconciler {
  private readonly controllers: Controller[] = [];
  private readonly queues = new Map<string, Set<string>>();
  private readonly timers: Timer[] = [];
  private readonly routes = new Map<string, Route[]>();
  private timerSeq = 0;

  constructor(
    store: ObjectStore,
    readonly maxRounds = 10_000,
  ) {
    store.watch((e) => this.dispatch(e));
  }

  register(c: Controller): void {
    this.controllers.push(c);
    this.queues.set(c.name, new Set());
    this.routes.clear();
  }

  enqueue(controller: string, key: string): void {
    this.queues.get(controller)?.add(key);
  }

  /** Asks for `sync(key)` of `controller` once virtual time reaches `at`. */
  requeueAt(controller: string, key: string, at: number): void {
    // Binary insertion keeps the list ordered by (at, seq) in O(log n) comparisons.
    const t = { at, seq: this.timerSeq++, controller, key };
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timers[mid].at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, t);
  }

  /** The earliest pending timer, if any. */
  nextTimer(): number | undefined {
    return this.timers[0]?.at;
  }

  /** Enqueues every timer due at or before `now`. */
  fireTimers(now: number): void {
    while (this.timers.length > 0 && this.timers[0].at <= now) {
      const t = this.timers.shift()!;
      this.enqueue(t.controller, t.key);
    }
  }

  pending(): boolean {
    for (const q of this.queues.values()) if (q.size > 0) return true;
    return false;
  }

  runToFixedPoint(): void {
    let rounds = 0;
    while (this.pending()) {
      if (++rounds > this.maxRounds) {
        throw new ReconcileLimitError(
          `controllers did not settle within ${this.maxRounds} rounds (controller round limit)`,
        );
      }
      for (const c of this.controllers) {
        const q = this.queues.get(c.name)!;
        if (q.size === 0) continue;
        const keys = sortInPlace([...q], byCodeUnits);
        q.clear();
        for (const k of keys) c.sync(k);
      }
    }
  }

  private dispatch(e: WatchEvent): void {
    for (const { watch, queue } of this.routesFor(e.resource)) for (const k of watch(e)) queue.add(k);
  }

  /**
   * The controllers watching a resource, in registration order, with their queues: looked up
   * once per resource rather than on every write (a cluster's bootstrap alone is hundreds of
   * writes, each offered to every controller).
   */
  private routesFor(resource: string): Route[] {
    let routes = this.routes.get(resource);
    if (!routes) {
      routes = [];
      for (const c of this.controllers) {
        const watch: Route["watch"] | undefined = c.watches[resource] ?? c.watches["*"];
        if (watch !== undefined) routes.push({ watch, queue: this.queues.get(c.name)! });
      }
      this.routes.set(resource, routes);
    }
    return routes;
  }
}
