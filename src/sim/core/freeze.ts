/**
 * Freezes a JSON value and everything in it. A part already frozen is taken as frozen
 * throughout (freezing always goes top-down here), so values that share frozen parts are
 * walked once.
 */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
