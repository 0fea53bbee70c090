/**
 * PodInfo: a pod's scheduling-relevant fields parsed once (framework.PodInfo plus the
 * pre-computed requests). Pods whose relevant fields are identical, typically the replicas of
 * one ReplicaSet, share one PodTemplateInfo: its `key` names their equivalence class, and the
 * scheduler caches node-static filter and score results per class.
 */
import { jsonEqual, type KObject } from "../api/object.ts";
import { fromLabelSelector, type LabelSelector } from "../selectors/labels.ts";
import {
  type NodeSelectorMatcher,
  type PreferredTerm,
  parseNodeSelector,
  parsePreferredTerms,
} from "./node-selector.ts";
import { type PodRequests, podRequests } from "./resources.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON.
type Json = any;

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface HostPort {
  protocol: string;
  hostIP: string;
  port: number;
}

/** framework.AffinityTerm: the selector, the namespaces it looks in, and the topology key. */
export interface AffinityTerm {
  selector: LabelSelector;
  /** Namespaces listed (or the pod's own when none and no namespaceSelector). */
  namespaces: ReadonlySet<string>;
  /** namespaceSelector, when given; `{}` selects every namespace. */
  namespaceSelector: LabelSelector | null;
  topologyKey: string;
  weight: number;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  selector: LabelSelector;
  minDomains: number;
}

export interface PodTemplateInfo {
  readonly key: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeName: string;
  readonly nodeSelector: Readonly<Record<string, string>> | null;
  readonly requiredNodeAffinity: NodeSelectorMatcher | null;
  readonly preferredNodeAffinity: readonly PreferredTerm[];
  readonly tolerations: readonly Toleration[];
  readonly resources: PodRequests;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly AffinityTerm[];
  readonly preferredAntiAffinity: readonly AffinityTerm[];
  readonly spread: readonly SpreadConstraint[];
}

export interface PodInfo {
  readonly pod: KObject;
  /** `namespace/name`. */
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly priority: number;
  readonly template: PodTemplateInfo;
}

/**
 * The equivalence key: every field any plugin reads. Labels are part of it because
 * inter-pod affinity and topology spread match on them.
 */
export function equivalenceKey(pod: KObject): string {
  const s: Json = pod.spec ?? {};
  const containers: Json[] = s.containers ?? [];
  const res: unknown[] = [];
  for (const c of containers) res.push(c?.resources?.requests ?? null, c?.ports ?? null);
  const init: unknown[] = [];
  for (const c of s.initContainers ?? []) init.push(c?.resources?.requests ?? null, c?.restartPolicy ?? null);
  return JSON.stringify([
    pod.metadata.namespace ?? "",
    pod.metadata.labels ?? null,
    s.nodeName ?? "",
    s.nodeSelector ?? null,
    s.affinity ?? null,
    s.tolerations ?? null,
    res,
    init,
    s.overhead ?? null,
    s.topologySpreadConstraints ?? null,
  ]);
}

/**
 * Parsed templates by version and equivalence key, shared by every scheduler in the process:
 * a template is a pure function of the two, and every new cluster schedules the same
 * bootstrap pods (every graded submission builds one or more).
 */
const templates = new Map<string, PodTemplateInfo>();

/** Parses pods, sharing one PodTemplateInfo per equivalence class. */
export class PodInfoCache {
  /** The template last handed out: replicas come one after another, so most pods find it here. */
  private last: PodTemplateInfo | undefined;
  /** A pod `last` was handed out for. */
  private lastPod: KObject | undefined;

  constructor(readonly minor: number) {}

  get(pod: KObject): PodInfo {
    // A replica of the pod before has the same values wherever the key looks: compared in
    // place, they cost no key (a JSON text of the whole scheduling spec, for every pod).
    if (this.last !== undefined && this.lastPod !== undefined && sameSchedulingFields(pod, this.lastPod)) {
      this.lastPod = pod;
      return podInfo(pod, this.last);
    }
    const key = equivalenceKey(pod);
    let t = this.last;
    if (t === undefined || t.key !== key) {
      const cacheKey = `${this.minor}\n${key}`;
      t = templates.get(cacheKey);
      if (!t) {
        // A bound on memory: templates are cheap to rebuild.
        if (templates.size >= 20_000) templates.clear();
        t = parseTemplate(pod, key, this.minor);
        templates.set(cacheKey, t);
      }
      this.last = t;
    }
    this.lastPod = pod;
    return podInfo(pod, t);
  }
}

/**
 * Whether two pods have the same values in every field equivalenceKey reads (so the same key,
 * up to the order of keys within an object, which no plugin looks at).
 */
function sameSchedulingFields(a: KObject, b: KObject): boolean {
  const sa: Json = a.spec ?? {};
  const sb: Json = b.spec ?? {};
  if (
    (a.metadata.namespace ?? "") !== (b.metadata.namespace ?? "") ||
    !jsonEqual(a.metadata.labels ?? null, b.metadata.labels ?? null) ||
    !jsonEqual(sa.nodeName ?? "", sb.nodeName ?? "") ||
    !jsonEqual(sa.nodeSelector ?? null, sb.nodeSelector ?? null) ||
    !jsonEqual(sa.affinity ?? null, sb.affinity ?? null) ||
    !jsonEqual(sa.tolerations ?? null, sb.tolerations ?? null) ||
    !jsonEqual(sa.overhead ?? null, sb.overhead ?? null) ||
    !jsonEqual(sa.topologySpreadConstraints ?? null, sb.topologySpreadConstraints ?? null)
  ) {
    return false;
  }
  const ca = sa.containers ?? [];
  const cb = sb.containers ?? [];
  if (!Array.isArray(ca) || !Array.isArray(cb) || ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    if (
      !jsonEqual(ca[i]?.resources?.requests ?? null, cb[i]?.resources?.requests ?? null) ||
      !jsonEqual(ca[i]?.ports ?? null, cb[i]?.ports ?? null)
    ) {
      return false;
    }
  }
  const ia = sa.initContainers ?? [];
  const ib = sb.initContainers ?? [];
  if (!Array.isArray(ia) || !Array.isArray(ib) || ia.length !== ib.length) return false;
  for (let i = 0; i < ia.length; i++) {
    if (
      !jsonEqual(ia[i]?.resources?.requests ?? null, ib[i]?.resources?.requests ?? null) ||
      !jsonEqual(ia[i]?.restartPolicy ?? null, ib[i]?.restartPolicy ?? null)
    ) {
      return false;
    }
  }
  return true;
}

/** A pod's PodInfo with a template already parsed for it (or for a pod that differs only in ways `template` ignores). */
export function podInfo(pod: KObject, template: PodTemplateInfo): PodInfo {
  const namespace = pod.metadata.namespace ?? "";
  const name = pod.metadata.name ?? "";
  return {
    pod,
    key: `${namespace}/${name}`,
    name,
    namespace,
    priority: typeof pod.spec?.priority === "number" ? pod.spec.priority : 0,
    template,
  };
}

function parseTemplate(pod: KObject, key: string, minor: number): PodTemplateInfo {
  const s: Json = pod.spec ?? {};
  const namespace = pod.metadata.namespace ?? "";
  const na = s.affinity?.nodeAffinity;
  const pa = s.affinity?.podAffinity;
  const paa = s.affinity?.podAntiAffinity;
  const hostPorts: HostPort[] = [];
  for (const c of s.containers ?? []) {
    for (const p of c?.ports ?? []) {
      if (!p?.hostPort || p.hostPort <= 0) continue;
      hostPorts.push({ protocol: p.protocol || "TCP", hostIP: p.hostIP || "0.0.0.0", port: p.hostPort });
    }
  }
  return {
    key,
    namespace,
    labels: pod.metadata.labels ?? {},
    nodeName: s.nodeName ?? "",
    nodeSelector: s.nodeSelector && Object.keys(s.nodeSelector).length > 0 ? s.nodeSelector : null,
    requiredNodeAffinity: na?.requiredDuringSchedulingIgnoredDuringExecution
      ? parseNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution)
      : null,
    preferredNodeAffinity: parsePreferredTerms(na?.preferredDuringSchedulingIgnoredDuringExecution),
    tolerations: Array.isArray(s.tolerations) ? s.tolerations : [],
    resources: podRequests(s, minor),
    hostPorts,
    requiredAffinity: affinityTerms(pa?.requiredDuringSchedulingIgnoredDuringExecution, namespace, false),
    requiredAntiAffinity: affinityTerms(paa?.requiredDuringSchedulingIgnoredDuringExecution, namespace, false),
    preferredAffinity: affinityTerms(pa?.preferredDuringSchedulingIgnoredDuringExecution, namespace, true),
    preferredAntiAffinity: affinityTerms(paa?.preferredDuringSchedulingIgnoredDuringExecution, namespace, true),
    spread: spreadConstraints(s.topologySpreadConstraints),
  };
}

function affinityTerms(list: Json, namespace: string, weighted: boolean): AffinityTerm[] {
  if (!Array.isArray(list)) return [];
  const out: AffinityTerm[] = [];
  for (const item of list) {
    const term = weighted ? item?.podAffinityTerm : item;
    if (!term) continue;
    // A nil labelSelector selects nothing; an invalid one too (validation rejects it anyway).
    const sel = fromLabelSelector(term.labelSelector);
    if (!sel.ok) continue;
    let nsSelector: LabelSelector | null = null;
    if (term.namespaceSelector) {
      const r = fromLabelSelector(term.namespaceSelector);
      if (r.ok) nsSelector = r.selector;
    }
    const names: string[] = Array.isArray(term.namespaces) ? term.namespaces : [];
    const namespaces = new Set(names.length === 0 && !nsSelector ? [namespace] : names);
    out.push({
      selector: sel.selector,
      namespaces,
      namespaceSelector: nsSelector,
      topologyKey: term.topologyKey ?? "",
      weight: weighted ? Number(item.weight ?? 0) : 1,
    });
  }
  return out;
}

function spreadConstraints(list: Json): SpreadConstraint[] {
  if (!Array.isArray(list)) return [];
  const out: SpreadConstraint[] = [];
  for (const c of list) {
    const sel = fromLabelSelector(c?.labelSelector);
    if (!sel.ok) continue;
    out.push({
      maxSkew: Number(c.maxSkew ?? 1),
      topologyKey: c.topologyKey ?? "",
      whenUnsatisfiable: c.whenUnsatisfiable === "ScheduleAnyway" ? "ScheduleAnyway" : "DoNotSchedule",
      selector: sel.selector,
      minDomains: Number(c.minDomains ?? 1),
    });
  }
  return out;
}

/**
 * Does an affinity term select `other` (a pod in `otherNamespace` with `otherLabels`)?
 * `nsLabels` looks up a namespace's labels for namespaceSelector.
 */
export function termMatches(
  term: AffinityTerm,
  otherNamespace: string,
  otherLabels: Readonly<Record<string, string>>,
  nsLabels: (ns: string) => Readonly<Record<string, string>> | undefined,
): boolean {
  if (!term.namespaces.has(otherNamespace)) {
    if (!term.namespaceSelector) return false;
    const labels = nsLabels(otherNamespace);
    if (!labels || !term.namespaceSelector.matches(labels)) return false;
  }
  return term.selector.matches(otherLabels);
}

export function hasInterPodAffinity(t: PodTemplateInfo): boolean {
  return (
    t.requiredAffinity.length > 0 ||
    t.requiredAntiAffinity.length > 0 ||
    t.preferredAffinity.length > 0 ||
    t.preferredAntiAffinity.length > 0
  );
}
