/**
 * Values a module keeps per owner (a cluster, its store), held by the owner itself.
 *
 * Not a module-level WeakMap keyed by the owner: when such an entry's value leads back to its
 * key (a kubelet to its cluster, an index to its store), V8's young-generation collector keeps
 * the value, and through it the key, alive until the next full collection. A grader builds a
 * cluster per submission and drops it; with such an entry every dropped cluster was copied and
 * promoted to the old generation with all it held, a quarter of all it allocated.
 */
export interface HasSlots {
  readonly slots: Map<Slot<unknown>, unknown>;
}

export class Slot<T> {
  get(owner: HasSlots): T | undefined {
    return owner.slots.get(this) as T | undefined;
  }

  set(owner: HasSlots, value: T): void {
    owner.slots.set(this, value);
  }

  /** The owner's value, made by `create` on first use. */
  of(owner: HasSlots, create: () => T): T {
    let v = owner.slots.get(this) as T | undefined;
    if (v === undefined) {
      v = create();
      owner.slots.set(this, v);
    }
    return v;
  }
}
