/**
 * Running counts of each ReplicaSet's active pods, kept current from the store's watch, so a
 * sync costs what changed rather than what the ReplicaSet owns. Without them every sync walks
 * all of its pods twice (claim, then status): a 150,000-replica ReplicaSet synced once per
 * reconcile round (300 bursts of 500 creates, then every kubelet tick) walks billions of pods.
 *
 * Per owner uid, over the owned pods that are active (isPodActive):
 *  - matching: the selector matches their labels (what claimObjects keeps, the status's replicas);
 *  - fully: of those, the ones carrying every template label (fullyLabeledReplicas);
 *  - ready: of those, the Ready ones (readyReplicas; availableReplicas too when minReadySeconds is 0);
 *  - stray: the ones the selector no longer matches (claimObjects would release them).
 *
 * The counts are for one (selector, template labels) pair, recorded on first use; a sync with a
 * different pair (an RC's selector or a template's labels were edited) recounts from the index.
 *
 * Worked example: a ReplicaSet `app=web` owning 3 active pods, one Ready, one relabelled
 * `app=old`, gives matching 2, fully 2, ready 1, stray 1: the sync releases the stray pod and
 * reports replicas 2, readyReplicas 1.
 */
import type { ObjectStore, WatchEvent } from "../../../core/store.ts";
import type { KObject } from "../../api/object.ts";
import type { LabelSelector } from "../../selectors/labels.ts";
import { controllerOf } from "../controller-utils/controller-ref.ts";
import type { OwnerIndex } from "../controller-utils/owner-index.ts";
import { isPodActive, isPodReady } from "../controller-utils/pod-filters.ts";

export interface PodCounts {
  matching: number;
  fully: number;
  ready: number;
  stray: number;
}

interface Tally extends PodCounts {
  signature: string;
  selector: LabelSelector;
  template: LabelSelector;
}

export class PodTally {
  private readonly byOwner = new Map<string, Tally>();

  constructor(
    store: ObjectStore,
    private readonly pods: OwnerIndex,
  ) {
    store.watch((e) => this.onEvent(e), "pods");
  }

  /** The counts of `uid`'s pods under `selector` and `template` (recounted when that pair changed). */
  counts(uid: string, selector: LabelSelector, template: LabelSelector): Readonly<PodCounts> {
    const signature = `${describe(selector)}\u0000${describe(template)}`;
    let t = this.byOwner.get(uid);
    if (!t || t.signature !== signature) {
      t = { signature, selector, template, matching: 0, fully: 0, ready: 0, stray: 0 };
      for (const p of this.pods.owned(uid)) add(t, p, 1);
      this.byOwner.set(uid, t);
    }
    return t;
  }

  /** Drops the counts of a ReplicaSet that is gone. */
  forget(uid: string): void {
    this.byOwner.delete(uid);
  }

  private onEvent(e: WatchEvent): void {
    const old = e.old;
    if (old) {
      // A write that keeps the owner references and labels (a status write) moves a pod
      // between counts only if it became (in)active or (un)ready.
      const pod = e.object;
      if (
        old.metadata.ownerReferences === pod.metadata.ownerReferences &&
        old.metadata.labels === pod.metadata.labels &&
        isPodActive(old) === isPodActive(pod) &&
        isPodReady(old) === isPodReady(pod)
      ) {
        return;
      }
    }
    if (old) this.apply(old, -1);
    else if (e.type !== "ADDED") this.apply(e.object, -1);
    if (e.type !== "DELETED") this.apply(e.object, 1);
  }

  private apply(pod: KObject, sign: 1 | -1): void {
    const ref = controllerOf(pod);
    const t = ref ? this.byOwner.get(ref.uid) : undefined;
    if (t) add(t, pod, sign);
  }
}

/** A selector as text; Nothing and Everything both print as "" and must differ here. */
function describe(s: LabelSelector): string {
  return s.matchesNothing() ? "\u0001nothing" : s.toString();
}

function add(t: Tally, pod: KObject, sign: 1 | -1): void {
  if (!isPodActive(pod)) return;
  const labels = pod.metadata.labels ?? {};
  if (!t.selector.matches(labels)) {
    t.stray += sign;
    return;
  }
  t.matching += sign;
  if (t.template.matches(labels)) t.fully += sign;
  if (isPodReady(pod)) t.ready += sign;
}
