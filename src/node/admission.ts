/**
 * A first-come, first-served gate in front of the Node server: at most `limit` requests are
 * handled at once, the rest wait in arrival order. The embedded database runs one transaction
 * at a time, so letting fifty requests interleave their transactions only makes every one of
 * them slow, and some very slow; in order, each waits for the ones before it and no longer.
 */
export function admissionGate(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async function run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
