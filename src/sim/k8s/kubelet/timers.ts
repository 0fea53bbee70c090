/**
 * The kubelet's wake-ups: pod workers grouped by the instant they are due, and a min-heap of
 * those instants. Only the earliest instant is handed to the reconciler as a timer, so 150,000 pods
 * finishing their pulls cost one reconciler timer at a time, not a sorted list of 150,000.
 *
 * Wake-ups are rounded to whole seconds (kubelet.ts), so thousands of pods share an instant:
 * grouping them costs one sort of each group when it falls due, where a heap of (instant, key)
 * pairs paid a string comparison at every level of every push and pop. `takeEarliest` hands
 * them out in the order such a heap would pop them: by instant, then by key.
 */
export class WakeQueue<T extends { readonly key: string }> {
  private readonly due = new Map<number, T[]>();
  /** The instants of `due`, as a binary min-heap. */
  private readonly instants: number[] = [];

  /** The earliest instant with a wake-up, if any. */
  peek(): number | undefined {
    return this.instants[0];
  }

  push(at: number, item: T): void {
    const items = this.due.get(at);
    if (items) {
      items.push(item);
      return;
    }
    this.due.set(at, [item]);
    const a = this.instants;
    a.push(at);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= at) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = at;
  }

  /** Removes the earliest instant and returns it with its items, sorted by key (repeats included). */
  takeEarliest(): { at: number; items: T[] } | undefined {
    const a = this.instants;
    if (a.length === 0) return undefined;
    const at = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const m = r < a.length && a[r] < a[l] ? r : l;
        if (a[m] >= last) break;
        a[i] = a[m];
        i = m;
      }
      a[i] = last;
    }
    const items = this.due.get(at)!;
    this.due.delete(at);
    items.sort(byKey);
    return { at, items };
  }
}

/** By key in code unit order, as `<` compares strings (and Array.prototype.sort sorts them). */
function byKey(a: { readonly key: string }, b: { readonly key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
