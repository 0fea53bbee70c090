/**
 * ControllerExpectations (pkg/controller/controller_utils.go): before creating or deleting
 * pods a controller records how many ADDED / DELETED events it expects to see, and does not
 * manage replicas again for that key until it has seen them, so a sync that runs before the
 * informer caught up cannot create the same pods twice. The simulated store notifies watchers
 * synchronously, so expectations are normally met by the time the write returns; they still
 * guard a controller woken in the middle of its own burst.
 */
export class Expectations {
  /** Per controller key: creations still to observe, and the pods whose deletion is awaited. */
  private readonly pending = new Map<string, { add: number; del: Set<string> }>();

  satisfied(key: string): boolean {
    const e = this.pending.get(key);
    return !e || (e.add <= 0 && e.del.size === 0);
  }

  expectCreations(key: string, n: number): void {
    this.pending.set(key, { add: n, del: new Set() });
  }

  /** UIDTrackingControllerExpectations: deletions are tracked per pod, so seeing one twice counts once. */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.pending.set(key, { add: 0, del: new Set(podKeys) });
  }

  creationObserved(key: string): void {
    const e = this.pending.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string, podKey: string): void {
    this.pending.get(key)?.del.delete(podKey);
  }

  /** Creations that failed or were skipped will never be observed. */
  lowerCreations(key: string, n: number): void {
    const e = this.pending.get(key);
    if (e) e.add -= n;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
