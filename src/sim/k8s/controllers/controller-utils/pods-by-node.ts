/**
 * Pods by the node they are bound to, as `namespace/name` keys: what the node lifecycle and
 * taint eviction controllers look through when a node changes. It follows only a pod being
 * bound, moved or deleted, not each of its status writes: every pod is seen when it is added
 * (controllers are registered before the cluster is seeded) or when its node is set.
 */
import type { WatchEvent } from "../../../core/store.ts";

export class PodsByNode {
  private readonly byNode = new Map<string, Set<string>>();

  /** Follows a pod write. A deleted pod is reported as it was last stored, without `old`. */
  observe(e: WatchEvent): void {
    const before: string | undefined = e.type === "DELETED" ? e.object.spec?.nodeName : e.old?.spec?.nodeName;
    const after: string | undefined = e.type === "DELETED" ? undefined : e.object.spec?.nodeName;
    if (before === after) return;
    const key = `${e.object.metadata.namespace ?? ""}/${e.object.metadata.name ?? ""}`;
    if (before) this.byNode.get(before)?.delete(key);
    if (after) {
      let keys = this.byNode.get(after);
      if (!keys) {
        keys = new Set();
        this.byNode.set(after, keys);
      }
      keys.add(key);
    }
  }

  /** The keys of the pods bound to `node`, sorted. */
  keysOn(node: string): string[] {
    return [...(this.byNode.get(node) ?? [])].sort();
  }

  forgetNode(node: string): void {
    this.byNode.delete(node);
  }
}
