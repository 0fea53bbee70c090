/**
 * The DefaultRuleResolver (pkg/registry/rbac/validation/rule.go) over the simulation's store:
 * ClusterRoleBindings first, then the RoleBindings of the request's namespace; for each
 * binding whose subjects include the user, the rules of the role it refers to. Listers hand
 * out objects in map order upstream; here they come sorted by name, so the first rule that
 * allows a request (and the reason naming it) is the same every run.
 *
 * Aggregated ClusterRoles (an `aggregationRule`) get their rules from the
 * clusterrole-aggregation controller upstream. The simulation computes them on the fly, as
 * that controller would leave them: the rules of every ClusterRole matched by any selector,
 * in name order, skipping the role itself and duplicate rules (aggregation-controller.go).
 */
import type { ObjectStore } from "../../core/store.ts";
import type { KObject } from "../api/object.ts";
import { fromLabelSelector } from "../selectors/labels.ts";
import type { PolicyRule } from "./rule-matching.ts";
import { splitServiceAccountUsername, type UserInfo } from "./user.ts";

const RBAC = "rbac.authorization.k8s.io";
export const CLUSTER_ROLES = `clusterroles.${RBAC}`;
export const ROLES = `roles.${RBAC}`;
export const CLUSTER_ROLE_BINDINGS = `clusterrolebindings.${RBAC}`;
export const ROLE_BINDINGS = `rolebindings.${RBAC}`;

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

/** Where a rule came from: the binding, the role it refers to, and the subject that matched. */
export interface RuleSource {
  bindingKind: "ClusterRoleBinding" | "RoleBinding";
  binding: KObject;
  subject: Subject;
}

/** source.String() of rule.go: `ClusterRoleBinding "x" of ClusterRole "y" to User "jane"`. */
export function describeSource(s: RuleSource): string {
  const b = s.binding;
  const ref = (b.roleRef ?? {}) as RoleRef;
  if (s.bindingKind === "ClusterRoleBinding") {
    return `ClusterRoleBinding "${b.metadata.name}" of ${ref.kind} "${ref.name}" to ${describeSubject(s.subject, "")}`;
  }
  const ns = b.metadata.namespace ?? "";
  return `RoleBinding "${b.metadata.name}/${ns}" of ${ref.kind} "${ref.name}" to ${describeSubject(s.subject, ns)}`;
}

export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** appliesToUser: does one subject of a binding (in `namespace`, "" for cluster bindings) name this user? */
export function subjectMatches(user: UserInfo, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case "User":
      return user.name === s.name;
    case "Group":
      return user.groups.includes(s.name);
    case "ServiceAccount": {
      const ns = s.namespace || namespace;
      if (!ns) return false;
      const sa = splitServiceAccountUsername(user.name);
      return sa !== undefined && sa.namespace === ns && sa.name === s.name;
    }
    default:
      return false;
  }
}

export function subjectsOf(binding: KObject): Subject[] {
  return Array.isArray(binding.subjects) ? (binding.subjects as Subject[]) : [];
}

/** The index of the first subject naming the user, or -1. */
export function appliesTo(user: UserInfo, binding: KObject, namespace: string): number {
  return subjectsOf(binding).findIndex((s) => subjectMatches(user, s, namespace));
}

export type RulesResult = { ok: true; rules: PolicyRule[] } | { ok: false; error: string };

export class RuleResolver {
  constructor(private readonly store: ObjectStore) {}

  clusterRoleBindings(): KObject[] {
    return this.store.list(CLUSTER_ROLE_BINDINGS);
  }

  roleBindings(namespace: string): KObject[] {
    return this.store.list(ROLE_BINDINGS, namespace);
  }

  /** GetRoleReferenceRules; a missing role is the lister's NotFound, in its singular wording. */
  roleReferenceRules(ref: RoleRef, bindingNamespace: string): RulesResult {
    if (ref.kind === "Role") {
      const role = this.store.get(ROLES, bindingNamespace, ref.name);
      if (!role) return { ok: false, error: `role.${RBAC} "${ref.name}" not found` };
      return { ok: true, rules: rulesOf(role) };
    }
    if (ref.kind === "ClusterRole") {
      const role = this.store.get(CLUSTER_ROLES, "", ref.name);
      if (!role) return { ok: false, error: `clusterrole.${RBAC} "${ref.name}" not found` };
      return { ok: true, rules: this.clusterRoleRules(role) };
    }
    return { ok: false, error: `unsupported role reference kind: "${ref.kind}"` };
  }

  /** A ClusterRole's effective rules: its own, or the aggregation of the roles it selects. */
  clusterRoleRules(role: KObject, seen: Set<string> = new Set()): PolicyRule[] {
    const selectors = role.aggregationRule?.clusterRoleSelectors;
    if (!Array.isArray(selectors)) return rulesOf(role);
    const name = role.metadata.name ?? "";
    seen.add(name);
    const matched = new Map<string, KObject>();
    for (const sel of selectors) {
      const parsed = fromLabelSelector(sel);
      if (!parsed.ok) continue;
      for (const r of this.store.list(CLUSTER_ROLES)) {
        if (parsed.selector.matches(r.metadata.labels ?? {})) matched.set(r.metadata.name ?? "", r);
      }
    }
    const out: PolicyRule[] = [];
    const keys = new Set<string>();
    for (const n of [...matched.keys()].sort()) {
      if (n === name || seen.has(n)) continue;
      for (const rule of this.clusterRoleRules(matched.get(n)!, new Set(seen))) {
        const k = JSON.stringify(canonicalRule(rule));
        if (keys.has(k)) continue;
        keys.add(k);
        out.push(rule);
      }
    }
    return out;
  }

  /**
   * VisitRulesFor: calls `visit` with each rule that applies to the user in `namespace` ("" for
   * cluster scope), or with an error; stops when `visit` returns false.
   */
  visitRulesFor(
    user: UserInfo,
    namespace: string,
    visit: (source: RuleSource | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean,
  ): void {
    for (const b of this.clusterRoleBindings()) {
      const i = appliesTo(user, b, "");
      if (i < 0) continue;
      const rules = this.roleReferenceRules((b.roleRef ?? {}) as RoleRef, "");
      if (!rules.ok) {
        if (!visit(undefined, undefined, rules.error)) return;
        continue;
      }
      const source: RuleSource = { bindingKind: "ClusterRoleBinding", binding: b, subject: subjectsOf(b)[i] };
      for (const r of rules.rules) if (!visit(source, r, undefined)) return;
    }
    if (!namespace) return;
    for (const b of this.roleBindings(namespace)) {
      const i = appliesTo(user, b, namespace);
      if (i < 0) continue;
      const rules = this.roleReferenceRules((b.roleRef ?? {}) as RoleRef, namespace);
      if (!rules.ok) {
        if (!visit(undefined, undefined, rules.error)) return;
        continue;
      }
      const source: RuleSource = { bindingKind: "RoleBinding", binding: b, subject: subjectsOf(b)[i] };
      for (const r of rules.rules) if (!visit(source, r, undefined)) return;
    }
  }

  /** RulesFor: every rule that applies, and the errors met on the way. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_s, r, e) => {
      if (r) rules.push(r);
      if (e) errors.push(e);
      return true;
    });
    return { rules, errors };
  }
}

function rulesOf(role: KObject): PolicyRule[] {
  return Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : [];
}

/** Field order does not make two rules different (ruleExists compares with DeepEqual). */
function canonicalRule(r: PolicyRule): PolicyRule {
  return {
    verbs: r.verbs ?? [],
    apiGroups: r.apiGroups ?? [],
    resources: r.resources ?? [],
    resourceNames: r.resourceNames ?? [],
    nonResourceURLs: r.nonResourceURLs ?? [],
  };
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several deduplicated in `[a, b]`. */
export function aggregateErrors(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  if (unique.length === 0) return "";
  if (unique.length === 1) return unique[0];
  return `[${unique.join(", ")}]`;
}
