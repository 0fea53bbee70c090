/**
 * The authorizer chain of a kubeadm API server (`--authorization-mode=Node,RBAC`, behind the
 * system:masters short-cut), as a SubjectAccessReview answers:
 *   - a user in system:masters is allowed before any authorizer runs, with no reason;
 *   - the Node authorizer has no opinion about anyone but kubelets (not simulated further);
 *   - RBAC (plugin/pkg/auth/authorizer/rbac/rbac.go) allows when any rule visited allows:
 *     `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "jane"`; otherwise
 *     it has no opinion, and its reason lists the errors met (a binding to a missing role:
 *     `RBAC: role.rbac.authorization.k8s.io "pod-reader" not found`), or is empty.
 * A decision is a value; `kubectl auth can-i` prints `yes`, or `no` and ` - <reason>`.
 */
import type { ObjectStore } from "../../core/store.ts";
import { type Attributes, type PolicyRule, ruleAllows } from "./rule-matching.ts";
import { aggregateErrors, describeSource, RuleResolver, type RuleSource } from "./rule-resolver.ts";
import { PRIVILEGED_GROUP, type UserInfo } from "./user.ts";

export type Decision =
  | { allowed: true; reason: string; source?: RuleSource; rule?: PolicyRule }
  | { allowed: false; reason: string; errors: string[] };

export function authorize(store: ObjectStore, user: UserInfo, a: Attributes): Decision {
  if (user.groups.includes(PRIVILEGED_GROUP)) return { allowed: true, reason: "" };
  const resolver = new RuleResolver(store);
  const errors: string[] = [];
  let found: { source: RuleSource; rule: PolicyRule } | undefined;
  const namespace = a.resourceRequest ? a.namespace : "";
  resolver.visitRulesFor(user, namespace, (source, rule, error) => {
    if (source && rule && ruleAllows(a, rule)) {
      found = { source, rule };
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (found) return { allowed: true, reason: `RBAC: allowed by ${describeSource(found.source)}`, ...found };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : "", errors };
}

export interface RulesReview {
  resourceRules: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[] }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs: string[] }[];
  incomplete: boolean;
  evaluationError: string;
}

/**
 * A SelfSubjectRulesReview's status: RBACAuthorizer.RulesFor splits every applicable rule into
 * its resource part and its non-resource part.
 */
export function reviewRules(store: ObjectStore, user: UserInfo, namespace: string): RulesReview {
  const { rules, errors } = new RuleResolver(store).rulesFor(user, namespace);
  const review: RulesReview = { resourceRules: [], nonResourceRules: [], incomplete: false, evaluationError: "" };
  for (const r of rules) {
    if ((r.resources ?? []).length > 0) {
      review.resourceRules.push({
        verbs: r.verbs ?? [],
        apiGroups: r.apiGroups ?? [],
        resources: r.resources ?? [],
        resourceNames: r.resourceNames ?? [],
      });
    }
    if ((r.nonResourceURLs ?? []).length > 0) {
      review.nonResourceRules.push({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs ?? [] });
    }
  }
  if (errors.length) review.evaluationError = aggregateErrors(errors);
  return review;
}
