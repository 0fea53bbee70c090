/**
 * advanceUntil: moves virtual time forward until a predicate on the cluster holds or a timeout
 * passes, the way `kubectl wait`, `kubectl drain` and `kubectl rollout status` wait on a real
 * cluster, and the way a grader's scenario check waits for an invariant to come back.
 *
 * State only changes when a controller timer fires (the reconcile loop runs to a fixed point
 * after every write), so between timers there is nothing to look at. Two ways of looking:
 *  - stepMs = 0: a watch. The predicate is checked at each timer, and time stops at the first
 *    timer where it holds (kubectl wait returns as soon as the watch event arrives).
 *  - stepMs > 0: polling, as wait.PollImmediate does. The predicate is checked now and then every
 *    stepMs; time stops at the first poll that sees it hold. E.g. drain polls every 1 s: a pod
 *    gone at t+2.4 s is seen at t+3 s.
 * Either way time never passes the deadline: with a 30 s timeout that never holds, the clock
 * ends exactly 30 s later.
 */
import type { Cluster } from "./cluster.ts";

export interface AdvanceResult {
  /** The predicate held (at the time the clock now shows). */
  met: boolean;
  /** Virtual milliseconds that passed. */
  elapsedMs: number;
  /** False when the caller's clock refused to move further (e.g. the simulation's time bound). */
  clockOk: boolean;
}

/** How time moves: the cluster's own advance, or a simulation's (which enforces its time bound). */
export type Advance = (ms: number) => boolean;

export function advanceUntil(
  cluster: Cluster,
  predicate: () => boolean,
  timeoutMs: number,
  stepMs = 0,
  advance: Advance = (ms) => {
    cluster.advance(ms);
    return true;
  },
): AdvanceResult {
  const start = cluster.clock.now();
  const deadline = start + Math.max(0, timeoutMs);
  const result = (met: boolean, clockOk = true): AdvanceResult => ({
    met,
    elapsedMs: cluster.clock.now() - start,
    clockOk,
  });
  cluster.settle();
  if (predicate()) return result(true);
  // Timers re-armed for the very same instant could otherwise spin here forever.
  let sameInstant = 0;
  for (;;) {
    const now = cluster.clock.now();
    if (now >= deadline) return result(false);
    let next: number;
    if (stepMs > 0) {
      next = Math.min(deadline, now + stepMs);
    } else {
      const timer = cluster.reconciler.nextTimer();
      next = timer === undefined || timer > deadline ? deadline : Math.max(timer, now);
    }
    if (next === now && ++sameInstant > 1000) next = deadline;
    else if (next > now) sameInstant = 0;
    if (!advance(next - now)) return result(predicate(), false);
    if (predicate()) return result(true);
  }
}
