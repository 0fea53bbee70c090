/**
 * A sorted copy of `items`, stable, as `[...items].sort(compare)` gives. Controllers sort short
 * lists on every sync (a Deployment's ReplicaSets, a selector's requirements, a work queue's
 * keys); the built-in sort sets up work arrays each time, which costs more than the sorting. Up
 * to 16 items an insertion sort does it in place; longer lists take the built-in sort.
 */
export function sortedCopy<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  return sortInPlace(items.slice(), compare);
}

/** sortedCopy's sort, of the array itself. */
export function sortInPlace<T>(out: T[], compare: (a: T, b: T) => number): T[] {
  if (out.length > 16) return out.sort(compare);
  for (let i = 1; i < out.length; i++) {
    const x = out[i];
    let j = i - 1;
    while (j >= 0 && compare(out[j], x) > 0) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = x;
  }
  return out;
}

/** Orders strings as the built-in sort's default does (UTF-16 code units). */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
