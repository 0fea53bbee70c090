/**
 * What is missing when RBAC denies a request: the authorizer itself only says "no", but a
 * student needs to know which half of the pair (a role that allows it, a binding that gives
 * that role to the subject, in the right namespace) is absent. Pure: reads the store.
 *
 *   bound        the bindings that name the subject, with the verbs their roles grant on the
 *                requested resource ("the Role pod-reader allows get, watch"), or the error
 *                when the role they refer to does not exist;
 *   unbound      roles the student wrote that would allow the request but are not bound to
 *                the subject (the cluster's own roles, such as admin, edit or Calico's, are
 *                left out: they always would);
 *   elsewhere    namespaces where a RoleBinding grants the request to the subject, when the
 *                question was about another namespace.
 */
import type { ObjectStore } from "../../core/store.ts";
import type { KObject } from "../api/object.ts";
import { type Attributes, ruleAllows, ruleCoversResource } from "./rule-matching.ts";
import {
  appliesTo,
  CLUSTER_ROLE_BINDINGS,
  CLUSTER_ROLES,
  describeSource,
  ROLE_BINDINGS,
  ROLES,
  type RoleRef,
  RuleResolver,
  subjectsOf,
} from "./rule-resolver.ts";
import type { UserInfo } from "./user.ts";

export interface BoundRole {
  /** `RoleBinding "read-pods/dev" of Role "pod-reader" to ServiceAccount "reader/dev"`. */
  source: string;
  bindingKind: "ClusterRoleBinding" | "RoleBinding";
  bindingName: string;
  bindingNamespace?: string;
  roleKind: string;
  roleName: string;
  /** The role does not exist: the lister's NotFound message. */
  error?: string;
  /** Verbs the role grants on the requested resource (and name), in rule order, deduplicated. */
  verbs: string[];
}

export interface DenialAnalysis {
  bound: BoundRole[];
  unbound: { kind: "Role" | "ClusterRole"; name: string; namespace?: string }[];
  elsewhere: string[];
}

const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";

export function analyzeDenial(store: ObjectStore, user: UserInfo, a: Attributes): DenialAnalysis {
  const resolver = new RuleResolver(store);
  const namespace = a.resourceRequest ? a.namespace : "";
  const bound: BoundRole[] = [];
  const boundRefs = new Set<string>();
  const consider = (b: KObject, bindingKind: BoundRole["bindingKind"], ns: string) => {
    const i = appliesTo(user, b, ns);
    if (i < 0) return;
    const ref = (b.roleRef ?? {}) as RoleRef;
    boundRefs.add(`${ref.kind}/${ref.kind === "Role" ? ns : ""}/${ref.name}`);
    const rules = resolver.roleReferenceRules(ref, ns);
    const verbs = rules.ok
      ? [...new Set(rules.rules.filter((r) => ruleCoversResource(a, r)).flatMap((r) => r.verbs ?? []))]
      : [];
    bound.push({
      source: describeSource({ bindingKind, binding: b, subject: subjectsOf(b)[i] }),
      bindingKind,
      bindingName: b.metadata.name ?? "",
      bindingNamespace: ns || undefined,
      roleKind: ref.kind,
      roleName: ref.name,
      error: rules.ok ? undefined : rules.error,
      verbs,
    });
  };
  for (const b of resolver.clusterRoleBindings()) consider(b, "ClusterRoleBinding", "");
  if (namespace) for (const b of resolver.roleBindings(namespace)) consider(b, "RoleBinding", namespace);

  const unbound: DenialAnalysis["unbound"] = [];
  const allows = (rules: { verbs?: string[] | null }[]) => rules.some((r) => ruleAllows(a, r));
  if (namespace) {
    for (const r of store.list(ROLES, namespace)) {
      if (boundRefs.has(`Role/${namespace}/${r.metadata.name}`)) continue;
      if (allows(Array.isArray(r.rules) ? r.rules : []))
        unbound.push({ kind: "Role", name: r.metadata.name ?? "", namespace });
    }
  }
  const componentRoles = componentClusterRoles(store);
  for (const r of store.list(CLUSTER_ROLES)) {
    if (componentRoles.has(r.metadata.name ?? "")) continue;
    if (boundRefs.has(`ClusterRole//${r.metadata.name}`)) continue;
    if (allows(resolver.clusterRoleRules(r))) unbound.push({ kind: "ClusterRole", name: r.metadata.name ?? "" });
  }

  const elsewhere: string[] = [];
  if (a.resourceRequest && namespace) {
    const seen = new Set<string>();
    for (const b of store.list(ROLE_BINDINGS)) {
      const ns = b.metadata.namespace ?? "";
      if (ns === namespace || seen.has(ns) || appliesTo(user, b, ns) < 0) continue;
      const rules = resolver.roleReferenceRules((b.roleRef ?? {}) as RoleRef, ns);
      if (rules.ok && rules.rules.some((r) => ruleAllows({ ...a, namespace: ns }, r))) {
        seen.add(ns);
        elsewhere.push(ns);
      }
    }
    elsewhere.sort();
  }
  return { bound, unbound, elsewhere };
}

/** A subject that is part of the cluster itself: a kube-system service account or a `system:` name. */
function isComponentSubject(s: { kind: string; name: string; namespace?: string }): boolean {
  return s.name.startsWith("system:") || (s.kind === "ServiceAccount" && s.namespace === "kube-system");
}

/**
 * ClusterRoles that belong to the cluster's own components, never worth suggesting to a
 * student: the API server's bootstrap roles, `system:` and `kubeadm:` roles, and roles bound
 * only to components (Calico's, CoreDNS's, kube-proxy's).
 */
function componentClusterRoles(store: ObjectStore): Set<string> {
  const out = new Set<string>();
  const boundTo = new Map<string, boolean>();
  for (const b of [...store.list(CLUSTER_ROLE_BINDINGS), ...store.list(ROLE_BINDINGS)]) {
    const ref = (b.roleRef ?? {}) as RoleRef;
    if (ref.kind !== "ClusterRole") continue;
    const onlyComponents = subjectsOf(b).every(isComponentSubject);
    boundTo.set(ref.name, (boundTo.get(ref.name) ?? true) && onlyComponents);
  }
  for (const r of store.list(CLUSTER_ROLES)) {
    const name = r.metadata.name ?? "";
    if (
      r.metadata.labels?.[BOOTSTRAP_LABEL] ||
      name.startsWith("system:") ||
      name.startsWith("kubeadm:") ||
      boundTo.get(name) === true
    ) {
      out.add(name);
    }
  }
  return out;
}
