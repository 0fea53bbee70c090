/**
 * Which pods a Service selects, kept as indexes so that a pod write costs work proportional to
 * the services of its namespace, not to the cluster: the selector services of each namespace
 * (endpointsliceutil.GetPodServiceMemberships), and the pods of a namespace as the store holds
 * them. One index per cluster, fed by the store's watch of services, shared by the Endpoints and
 * EndpointSlice controllers.
 */
import { Slot } from "../../../core/slots.ts";
import type { ObjectStore, WatchEvent } from "../../../core/store.ts";
import type { KObject } from "../../api/object.ts";
import { type LabelSelector, selectorFromSet } from "../../selectors/labels.ts";

interface SelectorService {
  name: string;
  selector: LabelSelector;
}

export class ServiceMembership {
  private readonly services = new Map<string, Map<string, SelectorService>>();

  constructor(private readonly store: ObjectStore) {
    for (const s of store.list("services")) this.putService(s);
    store.watch((e) => this.observe(e), "services");
  }

  private observe(e: WatchEvent): void {
    if (e.type === "DELETED") this.services.get(ns(e.object))?.delete(e.object.metadata.name ?? "");
    else this.putService(e.object);
  }

  private putService(s: KObject): void {
    let m = this.services.get(ns(s));
    if (!m) {
      m = new Map();
      this.services.set(ns(s), m);
    }
    // Services without a selector get no endpoints from the controllers: never members.
    if (s.spec?.selector)
      m.set(s.metadata.name ?? "", { name: s.metadata.name ?? "", selector: selectorFromSet(s.spec.selector) });
    else m.delete(s.metadata.name ?? "");
  }

  /** Does the namespace hold any Service with a selector? (Most pod writes stop here.) */
  hasServices(namespace: string): boolean {
    return (this.services.get(namespace)?.size ?? 0) > 0;
  }

  /** `namespace/name` keys of the services whose selector matches these labels. */
  servicesFor(namespace: string, labels: Record<string, string> | undefined): string[] {
    const out: string[] = [];
    for (const s of this.services.get(namespace)?.values() ?? []) {
      if (s.selector.matches(labels ?? {})) out.push(`${namespace}/${s.name}`);
    }
    return out;
  }

  /** The pods of a namespace a selector picks, sorted by name. */
  podsFor(namespace: string, selector: Record<string, string>): KObject[] {
    const sel = selectorFromSet(selector);
    const out: KObject[] = [];
    for (const p of this.store.objects("pods", namespace)) if (sel.matches(p.metadata.labels ?? {})) out.push(p);
    return out.sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
  }
}

const ns = (o: KObject) => o.metadata.namespace ?? "";

const MEMBERSHIP = new Slot<ServiceMembership>();

export function serviceMembership(store: ObjectStore): ServiceMembership {
  return MEMBERSHIP.of(store, () => new ServiceMembership(store));
}

/**
 * The answer of a pod write that concerns no service: shared, so never written to (the
 * reconciler only reads it). Every pod write of a namespace without selector services ends here.
 */
const NO_KEYS: string[] = [];

/**
 * The services a pod write concerns (GetServicesToUpdateOnPodChange): those selecting the pod
 * before or after, when something an endpoint reflects changed.
 */
export function servicesForPodEvent(m: ServiceMembership, e: WatchEvent): string[] {
  const pod = e.object;
  const namespace = ns(pod);
  if (!m.hasServices(namespace)) return NO_KEYS;
  if (e.type !== "MODIFIED" || !e.old) return m.servicesFor(namespace, pod.metadata.labels);
  if (!endpointRelevantChange(e.old, pod) && sameLabels(e.old, pod)) return NO_KEYS;
  const keys = new Set([
    ...m.servicesFor(namespace, e.old.metadata.labels),
    ...m.servicesFor(namespace, pod.metadata.labels),
  ]);
  return [...keys];
}

function sameLabels(a: KObject, b: KObject): boolean {
  return JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {});
}

/** podEndpointsChanged: readiness, deletion, IPs, node, hostname/subdomain, phase, ports. */
function endpointRelevantChange(a: KObject, b: KObject): boolean {
  const view = (p: KObject) =>
    JSON.stringify([
      isPodReady(p),
      p.metadata.deletionTimestamp ?? null,
      p.status?.podIP ?? null,
      p.status?.podIPs ?? null,
      p.status?.phase ?? null,
      p.spec?.nodeName ?? null,
      p.spec?.hostname ?? null,
      p.spec?.subdomain ?? null,
      (p.spec?.containers ?? []).map((c: { ports?: unknown }) => c.ports ?? null),
      readyTransition(p),
    ]);
  return view(a) !== view(b);
}

const readyCondition = (p: KObject) =>
  (p.status?.conditions ?? []).find((c: { type?: string }) => c.type === "Ready") as
    | { status?: string; lastTransitionTime?: string }
    | undefined;

const readyTransition = (p: KObject) => readyCondition(p)?.lastTransitionTime ?? null;

export function isPodReady(p: KObject): boolean {
  return readyCondition(p)?.status === "True";
}

/** The Ready condition's lastTransitionTime: the pod's trigger time (TriggerTimeTracker). */
export function podTriggerTime(p: KObject): string | undefined {
  return readyCondition(p)?.lastTransitionTime;
}
