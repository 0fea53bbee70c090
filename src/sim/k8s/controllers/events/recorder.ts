/**
 * The event recorder, as client-go's: an Event per (object, reason, message, source), counted
 * and re-stamped when it repeats instead of duplicated. Names follow `<object>.<hex nanos>`.
 *
 * Bounded as a real cluster bounds events with the API server's event TTL (--event-ttl, 1 h,
 * renewed on every write): past `maxEvents` the least recently written event the recorder
 * made is deleted. The bound is a count, not an age, so virtual time never deletes anything a
 * lab is looking at; at the default (100,000) only a run with tens of thousands of pods
 * reaches it (150,000 replicas write ~5 per pod: Scheduled, Pulling/Pulled, Created, Started).
 */
import { type Clock, rfc3339 } from "../../../core/clock.ts";
import type { Ids } from "../../../core/ids.ts";
import type { ObjectStore } from "../../../core/store.ts";
import type { KObject } from "../../api/object.ts";

export type EventType = "Normal" | "Warning";

export interface EventSource {
  component: string;
  host?: string;
}

export class EventRecorder {
  private seq = 0;
  /** (object uid, type, reason, message, source, fieldPath) -> the event's name, so a repeat is O(1). */
  private readonly index = new Map<string, { namespace: string; name: string }>();
  /**
   * `namespace/name` of each event written -> its place in the list below, which runs from the
   * least to the most recently written. A list rather than the Map's own order: taking a Map's
   * first entry skips every entry deleted before it, so evicting the oldest event again and
   * again (a cluster past the bound writes one and evicts one per event) grew costly.
   */
  private readonly written = new Map<string, Written>();
  private oldest: Written | undefined;
  private newest: Written | undefined;
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly ids: Ids,
    readonly maxEvents = DEFAULT_MAX_EVENTS,
  ) {}

  record(
    obj: KObject,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    const ns = obj.metadata.namespace || "default";
    const now = rfc3339(this.clock.now());
    const key = `${obj.metadata.uid ?? ""}\u0000${type}\u0000${reason}\u0000${message}\u0000${source.component}\u0000${fieldPath ?? ""}`;
    const at = this.index.get(key);
    const existing = at ? this.store.get("events", at.namespace, at.name) : undefined;
    if (existing) {
      // Only count, lastTimestamp and (in the store) resourceVersion change: the rest is shared
      // with the stored event, which is never changed in place.
      const e: KObject = { ...existing, metadata: { ...existing.metadata } };
      e.count = (e.count ?? 1) + 1;
      e.lastTimestamp = now;
      this.store.put("events", e);
      this.touch(`${at!.namespace}/${at!.name}`, key);
      return;
    }
    // Unique, increasing names: nanoseconds of virtual time plus a sequence, in hex.
    const involvedObject: Record<string, unknown> = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      resourceVersion: obj.metadata.resourceVersion,
      uid: obj.metadata.uid,
    };
    if (!obj.metadata.namespace) delete involvedObject.namespace;
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const event: KObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        creationTimestamp: now,
        name: `${obj.metadata.name}.${nanosHex(this.clock.now(), this.seq++)}`,
        namespace: ns,
        uid: this.ids.uid(),
      },
      count: 1,
      eventTime: null,
      firstTimestamp: now,
      involvedObject,
      lastTimestamp: now,
      message,
      reason,
      reportingComponent: "",
      reportingInstance: "",
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      type,
    };
    this.store.put("events", event);
    this.index.set(key, { namespace: ns, name: event.metadata.name! });
    this.touch(`${ns}/${event.metadata.name}`, key);
  }

  /** Marks an event as just written, deleting the least recently written past the bound. */
  private touch(ref: string, key: string): void {
    let w = this.written.get(ref);
    if (w) {
      this.unlink(w);
      w.key = key;
    } else {
      w = { ref, key, older: undefined, newer: undefined };
      this.written.set(ref, w);
    }
    w.older = this.newest;
    if (this.newest) this.newest.newer = w;
    else this.oldest = w;
    this.newest = w;
    if (this.written.size <= this.maxEvents) return;
    const oldest = this.oldest!;
    this.unlink(oldest);
    this.written.delete(oldest.ref);
    this.index.delete(oldest.key);
    const slash = oldest.ref.indexOf("/");
    this.store.remove("events", oldest.ref.slice(0, slash), oldest.ref.slice(slash + 1));
  }

  private unlink(w: Written): void {
    if (w.older) w.older.newer = w.newer;
    else this.oldest = w.newer;
    if (w.newer) w.newer.older = w.older;
    else this.newest = w.older;
    w.older = undefined;
    w.newer = undefined;
  }
}

interface Written {
  ref: string;
  key: string;
  older: Written | undefined;
  newer: Written | undefined;
}

/** Events kept before the least recently written is deleted (see the header). */
export const DEFAULT_MAX_EVENTS = 100_000;

/**
 * `(ms * 1e6 + seq)` in hex, as BigInt would print it, in doubles: ms splits at 2^24 so every
 * partial product stays exact (below 2^53), and the low 24 bits are six hex digits.
 */
function nanosHex(ms: number, seq: number): string {
  const high = Math.floor(ms / LOW);
  const low = (ms - high * LOW) * 1_000_000 + seq;
  const carry = Math.floor(low / LOW);
  const hi = high * 1_000_000 + carry;
  const lo = low - carry * LOW;
  return hi > 0 ? hi.toString(16) + lo.toString(16).padStart(6, "0") : lo.toString(16);
}

const LOW = 2 ** 24;
