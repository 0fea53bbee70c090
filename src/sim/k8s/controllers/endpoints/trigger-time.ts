/**
 * TriggerTimeTracker (endpointsliceutil): the `endpoints.kubernetes.io/last-change-trigger-time`
 * annotation says when the change that caused this endpoints update happened: the earliest
 * pod Ready transition (or service creation) the controller had not seen at its last sync.
 * The first sync of a service answers its creationTimestamp; a sync where no trigger time moved
 * (a pod deleted, say) answers none, and the annotation is dropped.
 *
 * Example: pods A and B became Ready at 09:00:10 and 09:00:12 since the last sync; the
 * annotation says 09:00:10.
 */
import type { KObject } from "../../api/object.ts";
import { podTriggerTime } from "./membership.ts";

interface ServiceState {
  pods: Map<string, string>;
  service: string;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  compute(key: string, service: KObject, pods: KObject[]): string | undefined {
    const state = this.states.get(key);
    let min: string | undefined;
    const consider = (t: string) => {
      if (min === undefined || t < min) min = t;
    };
    const now = new Map<string, string>();
    for (const p of pods) {
      const t = podTriggerTime(p);
      if (!t) continue;
      now.set(p.metadata.name ?? "", t);
      const before = state?.pods.get(p.metadata.name ?? "");
      if (before === undefined || t > before) consider(t);
    }
    const svcTime = service.metadata.creationTimestamp ?? "";
    if (!state || svcTime > state.service) consider(svcTime);
    this.states.set(key, { pods: now, service: svcTime });
    if (!state) return svcTime || undefined;
    return min;
  }

  forget(key: string): void {
    this.states.delete(key);
  }
}
