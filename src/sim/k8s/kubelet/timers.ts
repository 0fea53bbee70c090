/**
 * The kubelet's wake-ups: a min-heap of (time, pod key). Only the earliest is handed to the
 * reconciler as a timer, so 150,000 pods finishing their pulls at 150,000 different instants
 * cost one reconciler timer at a time, not a sorted list of 150,000.
 */
export interface Wake {
  at: number;
  key: string;
}

export class WakeHeap {
  private readonly a: Wake[] = [];

  get size(): number {
    return this.a.length;
  }

  peek(): Wake | undefined {
    return this.a[0];
  }

  push(w: Wake): void {
    const a = this.a;
    a.push(w);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): Wake | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Earlier first; at the same instant, by key, so runs are reproducible. */
function less(x: Wake, y: Wake): boolean {
  return x.at < y.at || (x.at === y.at && x.key < y.key);
}
