/**
 * The event recorder, as client-go's: an Event per (object, reason, message, source), counted
 * and re-stamped when it repeats instead of duplicated. Names follow `<object>.<hex nanos>`.
 *
 * Bounded as a real cluster bounds events with the API server's event TTL (--event-ttl, 1 h,
 * renewed on every write): past `maxEvents` the least recently written event the recorder
 * made is deleted. The bound is a count, not an age, so virtual time never deletes anything a
 * lab is looking at; at the default (100,000) only a run with tens of thousands of pods
 * reaches it (150,000 replicas write ~5 per pod: Scheduled, Pulling/Pulled, Created, Started).
 *
 * Between the two, client-go's event correlator (tools/record/events_cache.go), as every
 * component but the scheduler (which writes through events.k8s.io) records through it:
 *  - aggregation: events about one object from one source, of one type and reason, with 10
 *    different messages within 10 minutes become one event, `(combined from similar events): `
 *    and the latest message, counted from then on (a ReplicaSet of 10 pods and more);
 *  - a spam filter: a source may write 25 events about an object, then one every 5 minutes;
 *    what it may not write is still counted, and shows in the count of the next write.
 * Upstream keeps these in caches of 4,096 entries per process; here they live with the
 * object's other records. Where upstream drops an arbitrary one of the 10 messages, the
 * oldest goes.
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
  /**
   * Per object uid, its events by (type, reason, message, source, fieldPath): the event each
   * was last recorded as, so a repeat is found at once. An object has a handful (a pod's
   * Scheduled, Pulling, Pulled, Created, Started), looked through in a short list; one with
   * many (a ReplicaSet's `Created pod: x` for each of its pods) gets a Map. Either way no key
   * string is built and hashed per event, which long messages made the bulk of recording one.
   *
   * The entries double as the nodes of a list of the events written, from the least to the
   * most recently written, which the bound evicts from. A list rather than a Map's own order:
   * taking a Map's first entry skips every entry deleted before it, so evicting the oldest
   * event again and again (a cluster past the bound writes one and evicts one per event) grew
   * costly.
   */
  private readonly index = new Map<string, Recorded>();
  private readonly sources = new Map<string, Map<string, EventSource>>();
  private lastInvolved:
    | {
        apiVersion: string;
        kind: string;
        name: string | undefined;
        namespace: string | undefined;
        resourceVersion: string | undefined;
        uid: string | undefined;
        fieldPath: string | undefined;
        value: Record<string, unknown>;
      }
    | undefined;
  /** Events in the list (an event whose key was recorded again after it was deleted stays in it). */
  private written = 0;
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
    const nowMs = this.clock.now();
    const now = rfc3339(nowMs);
    const uid = obj.metadata.uid ?? "";
    const component = source.component;
    const host = source.host ?? "";
    let path = fieldPath ?? "";
    let recorded = this.index.get(uid);
    let keyMessage = message;
    let eventMessage = message;
    if (component !== SCHEDULER) {
      if (recorded === undefined) {
        recorded = { list: [], byKey: undefined, similar: undefined, buckets: undefined };
        this.index.set(uid, recorded);
      }
      if (similarMessages(recorded, component, host, obj.apiVersion, type, reason, message, nowMs)) {
        keyMessage = COMBINED_KEY;
        eventMessage = `(combined from similar events): ${message}`;
        path = "";
      }
    }
    const at = recorded === undefined ? undefined : find(recorded, type, reason, keyMessage, component, path);
    const existing = at && at.heldSince === undefined ? this.store.get("events", at.namespace, at.name) : undefined;
    if (component !== SCHEDULER && !takeToken(recorded!, component, host, obj.apiVersion, nowMs)) {
      if (existing || at?.heldSince !== undefined) {
        at!.pending += 1;
      } else {
        // A new event held back is still observed, as client-go's correlator observes before
        // it filters: its name and first timestamp are chosen now, and the next occurrence let
        // through creates it with every occurrence counted.
        const held = this.newWritten(ns, this.nameFor(obj), uid, type, reason, keyMessage, component, path);
        held.heldSince = now;
        held.pending = 1;
        put(recorded!, held);
      }
      return;
    }
    if (at?.heldSince !== undefined) {
      this.create(obj, at.name, at.heldSince, 1 + at.pending, eventMessage, reason, type, source, fieldPath, now);
      at.heldSince = undefined;
      at.pending = 0;
      this.written += 1;
      this.append(at);
      return;
    }
    if (existing) {
      // Only count, lastTimestamp (a combined event's message) and, in the store,
      // resourceVersion change: the rest is shared with the stored event, never changed in place.
      const e: KObject = { ...existing, metadata: { ...existing.metadata } };
      e.count = (e.count ?? 1) + 1 + at!.pending;
      at!.pending = 0;
      e.lastTimestamp = now;
      if (keyMessage === COMBINED_KEY) e.message = eventMessage;
      this.store.put("events", e);
      this.unlink(at!);
      this.append(at!);
      return;
    }
    const w = this.newWritten(ns, this.nameFor(obj), uid, type, reason, keyMessage, component, path);
    this.create(obj, w.name, now, 1, eventMessage, reason, type, source, fieldPath, now);
    // A key recorded again after its event was deleted names the new event from now on.
    if (recorded === undefined)
      this.index.set(uid, { list: [w], byKey: undefined, similar: undefined, buckets: undefined });
    else put(recorded, w);
    this.written += 1;
    this.append(w);
  }

  /** Unique, increasing names: nanoseconds of virtual time plus a sequence, in hex. */
  private nameFor(obj: KObject): string {
    return `${obj.metadata.name}.${nanosHex(this.clock.now(), this.seq++)}`;
  }

  private newWritten(
    namespace: string,
    name: string,
    uid: string,
    type: string,
    reason: string,
    message: string,
    component: string,
    fieldPath: string,
  ): Written {
    return {
      namespace,
      name,
      uid,
      type,
      reason,
      message,
      component,
      fieldPath,
      pending: 0,
      heldSince: undefined,
      older: undefined,
      newer: undefined,
    };
  }

  private create(
    obj: KObject,
    name: string,
    first: string,
    count: number,
    message: string,
    reason: string,
    type: string,
    source: EventSource,
    fieldPath: string | undefined,
    now: string,
  ): void {
    const event: KObject = {
      apiVersion: "v1",
      kind: "Event",
      // resourceVersion is the store's to stamp; listed here, last, so the metadata has its place.
      metadata: {
        creationTimestamp: now,
        name,
        namespace: obj.metadata.namespace || "default",
        uid: this.ids.uid(),
        resourceVersion: undefined,
      },
      count,
      eventTime: null,
      firstTimestamp: first,
      involvedObject: this.involvedObject(obj, fieldPath),
      lastTimestamp: now,
      message,
      reason,
      reportingComponent: "",
      reportingInstance: "",
      source: this.sourceOf(source.component, source.host),
      type,
    };
    this.store.put("events", event);
  }

  /**
   * The event's involvedObject. Consecutive events about the same version of the same object
   * (a kubelet's Pulled, Created and Started) share one, frozen. Compared field by field: a
   * caller's object may be the same one with a new resourceVersion stamped in since.
   */
  private involvedObject(obj: KObject, fieldPath: string | undefined): Record<string, unknown> {
    const m = obj.metadata;
    const last = this.lastInvolved;
    if (
      last !== undefined &&
      last.uid === m.uid &&
      last.resourceVersion === m.resourceVersion &&
      last.name === m.name &&
      last.namespace === m.namespace &&
      last.kind === obj.kind &&
      last.apiVersion === obj.apiVersion &&
      last.fieldPath === fieldPath
    ) {
      return last.value;
    }
    const value: Record<string, unknown> = m.namespace
      ? {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: m.name,
          namespace: m.namespace,
          resourceVersion: m.resourceVersion,
          uid: m.uid,
        }
      : { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, resourceVersion: m.resourceVersion, uid: m.uid };
    if (fieldPath) value.fieldPath = fieldPath;
    Object.freeze(value);
    this.lastInvolved = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: m.name,
      namespace: m.namespace,
      resourceVersion: m.resourceVersion,
      uid: m.uid,
      fieldPath,
      value,
    };
    return value;
  }

  /**
   * The event's source, one frozen object per (component, host) shared by all its events: a
   * kubelet writes five per pod, each naming the same node.
   */
  private sourceOf(component: string, host: string | undefined): EventSource {
    let byHost = this.sources.get(component);
    if (byHost === undefined) {
      byHost = new Map();
      this.sources.set(component, byHost);
    }
    const k = host || "";
    let s = byHost.get(k);
    if (s === undefined) {
      s = Object.freeze(host ? { component, host } : { component });
      // A bound on memory: sources are cheap to rebuild.
      if (byHost.size >= 10_000) byHost.clear();
      byHost.set(k, s);
    }
    return s;
  }

  /** Marks an event as just written, deleting the least recently written past the bound. */
  private append(w: Written): void {
    w.older = this.newest;
    if (this.newest) this.newest.newer = w;
    else this.oldest = w;
    this.newest = w;
    if (this.written <= this.maxEvents) return;
    const oldest = this.oldest!;
    this.unlink(oldest);
    this.written -= 1;
    // Its key is forgotten, even if it names a later event by now (this one was deleted, then
    // recorded again): a repeat of that one starts a new event.
    const recorded = this.index.get(oldest.uid);
    if (recorded !== undefined && forget(recorded, oldest)) this.index.delete(oldest.uid);
    this.store.remove("events", oldest.namespace, oldest.name);
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
  namespace: string;
  name: string;
  /** What the event is recorded under: the object's uid, then the rest of the key. */
  uid: string;
  type: string;
  reason: string;
  message: string;
  component: string;
  fieldPath: string;
  /** Occurrences the spam filter kept from being written, added to the count of the next write. */
  pending: number;
  /** Set while the event is held back before ever being written: when it was first observed. */
  heldSince: string | undefined;
  older: Written | undefined;
  newer: Written | undefined;
}

/** One object's events: a short list, or past LIST_MAX of them a Map by the rest of the key. */
interface Recorded {
  list: Written[] | undefined;
  byKey: Map<string, Written> | undefined;
  /** The correlator's aggregation records (EventAggregator), by source, type and reason. */
  similar: Similar[] | undefined;
  /** The spam filter's token buckets (EventSourceObjectSpamFilter), by source. */
  buckets: Bucket[] | undefined;
}

interface Similar {
  component: string;
  host: string;
  apiVersion: string;
  type: string;
  reason: string;
  /**
   * The different messages seen, fewer than AGGREGATE_MAX_EVENTS: the first, and any others
   * (most reasons only ever have one, so most records need no list).
   */
  first: string | undefined;
  others: string[] | undefined;
  last: number;
}

interface Bucket {
  component: string;
  host: string;
  apiVersion: string;
  tokens: number;
  at: number;
}

/** The scheduler records through events.k8s.io, which has neither aggregation nor spam filter. */
const SCHEDULER = "default-scheduler";
/** What a combined event is recorded under in place of its message (no message is this). */
const COMBINED_KEY = "\u0000combined";
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;

/**
 * EventAggregate: notes `message` among the similar events' messages; true when this event is
 * to be recorded as their combined event.
 */
function similarMessages(
  r: Recorded,
  component: string,
  host: string,
  apiVersion: string,
  type: string,
  reason: string,
  message: string,
  now: number,
): boolean {
  r.similar ??= [];
  let s: Similar | undefined;
  for (const x of r.similar) {
    if (
      x.reason === reason &&
      x.type === type &&
      x.component === component &&
      x.host === host &&
      x.apiVersion === apiVersion
    ) {
      s = x;
      break;
    }
  }
  if (s === undefined) {
    s = { component, host, apiVersion, type, reason, first: message, others: undefined, last: now };
    r.similar.push(s);
    return false;
  }
  if (now - s.last > AGGREGATE_INTERVAL_MS) {
    s.first = undefined;
    s.others = undefined;
  }
  s.last = now;
  if (s.first === undefined) {
    s.first = message;
    return false;
  }
  if (s.first === message || s.others?.includes(message)) return false;
  s.others ??= [];
  s.others.push(message);
  if (1 + s.others.length < AGGREGATE_MAX_EVENTS) return false;
  // At the bound: the oldest is dropped and this event is recorded as the combined one.
  s.first = s.others.shift();
  return true;
}

/** The spam filter's TryAccept: a token from the source's bucket for this object, if it has one. */
function takeToken(r: Recorded, component: string, host: string, apiVersion: string, now: number): boolean {
  r.buckets ??= [];
  let b: Bucket | undefined;
  for (const x of r.buckets) {
    if (x.component === component && x.host === host && x.apiVersion === apiVersion) {
      b = x;
      break;
    }
  }
  if (b === undefined) {
    b = { component, host, apiVersion, tokens: SPAM_BURST, at: now };
    r.buckets.push(b);
  }
  b.tokens = Math.min(SPAM_BURST, b.tokens + (now - b.at) / SPAM_REFILL_MS);
  b.at = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

const LIST_MAX = 16;

const restOfKey = (type: string, reason: string, message: string, component: string, fieldPath: string) =>
  `${type}\u0000${reason}\u0000${message}\u0000${component}\u0000${fieldPath}`;

const keyOf = (w: Written) => restOfKey(w.type, w.reason, w.message, w.component, w.fieldPath);

/** Whether `w` is recorded under this key (compared field by field, no key string built). */
function sameKey(w: Written, type: string, reason: string, message: string, component: string, fieldPath: string) {
  return (
    w.reason === reason &&
    w.message === message &&
    w.type === type &&
    w.component === component &&
    w.fieldPath === fieldPath
  );
}

function find(
  r: Recorded,
  type: string,
  reason: string,
  message: string,
  component: string,
  fieldPath: string,
): Written | undefined {
  if (r.byKey !== undefined) return r.byKey.get(restOfKey(type, reason, message, component, fieldPath));
  const list = r.list!;
  for (let i = 0; i < list.length; i++) {
    const w = list[i];
    if (sameKey(w, type, reason, message, component, fieldPath)) return w;
  }
  return undefined;
}

/** Records `w` under its key, in place of any event recorded under the same key before. */
function put(r: Recorded, w: Written): void {
  if (r.byKey !== undefined) {
    r.byKey.set(keyOf(w), w);
    return;
  }
  const list = r.list!;
  for (let i = 0; i < list.length; i++) {
    if (sameKey(list[i], w.type, w.reason, w.message, w.component, w.fieldPath)) {
      list[i] = w;
      return;
    }
  }
  list.push(w);
  if (list.length > LIST_MAX) {
    const byKey = new Map<string, Written>();
    for (const x of list) byKey.set(keyOf(x), x);
    r.byKey = byKey;
    r.list = undefined;
  }
}

/** Forgets whatever is recorded under `w`'s key; true when the object has nothing recorded left. */
function forget(r: Recorded, w: Written): boolean {
  if (r.byKey !== undefined) {
    r.byKey.delete(keyOf(w));
    return r.byKey.size === 0;
  }
  const list = r.list!;
  for (let i = 0; i < list.length; i++) {
    if (sameKey(list[i], w.type, w.reason, w.message, w.component, w.fieldPath)) {
      list.splice(i, 1);
      break;
    }
  }
  return list.length === 0;
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
