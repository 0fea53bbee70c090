/**
 * PodInfo: a pod's scheduling-relevant fields parsed once (framework.PodInfo plus the
 * pre-computed requests). Pods whose relevant fields are identical, typically the replicas of
 * one ReplicaSet, share one PodTemplateInfo: its `key` names their equivalence class, and the
 * scheduler caches node-static filter and score results per class.
 */
import type { KObject } from "../api/object.ts";
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

  constructor(readonly minor: number) {}

  get(pod: KObject): PodInfo {
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
    return podInfo(pod, t);
  }
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
