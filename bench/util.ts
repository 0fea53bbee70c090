/** Timing helpers for the benchmark scripts (never used by tests). */
export interface Stats {
  median: number;
  p99: number;
  min: number;
  runs: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p99: at(0.99), min: s[0], runs: s.length };
}

/** Runs `fn` `warmup` times, then `runs` times, returning the samples in milliseconds. */
export async function measure(
  fn: () => unknown | Promise<unknown>,
  runs: number,
  warmup = Math.ceil(runs / 5),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Times `fn` on objects that `make` builds outside the timed part (a fresh simulation per run,
 * say), `warmup` times untimed first so the figures are the warm steady state a long-running
 * grader sees. Objects are built `chunk` at a time, so no more than a chunk is alive at once:
 * hundreds of idle clusters held for the whole run would make every collection slower than in
 * a process that grades one submission after another.
 */
export function measureFresh<T>(make: (i: number) => T, fn: (x: T) => void, runs: number, warmup: number, chunk = 50) {
  const out: number[] = [];
  let i = 0;
  while (i < warmup + runs) {
    const batch = Array.from({ length: Math.min(chunk, warmup + runs - i) }, (_, k) => make(i + k));
    for (const x of batch) {
      const t0 = performance.now();
      fn(x);
      if (i++ >= warmup) out.push(performance.now() - t0);
    }
  }
  return out;
}

export const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
