/**
 * slowStartBatch (pkg/controller/replicaset): creates `count` things in batches of 1, 2, 4,
 * 8, ... and stops at the first batch with a failure, so a controller whose creates are all
 * rejected (a quota, a bad template) makes one failed call instead of hundreds. For 10 pods
 * the batches are 1, 2, 4 and the remaining 3; if the third batch fails, 3 were created and
 * 7 are reported as skipped.
 *
 * `create` returns an error value (a message) or undefined; within a batch every item is tried
 * (upstream runs a batch concurrently), and the error returned is the first one seen.
 */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export function slowStartBatch(
  count: number,
  create: () => string | undefined,
  initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE,
): { successes: number; error?: string } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: string | undefined;
    for (let i = 0; i < batch; i++) {
      const e = create();
      if (e === undefined) successes++;
      else error ??= e;
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}
