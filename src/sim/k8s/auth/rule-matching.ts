/**
 * Does one PolicyRule allow a request? rbac.RuleAllows and the rbacv1helpers matchers
 * (plugin/pkg/auth/authorizer/rbac/rbac.go, pkg/apis/rbac/v1/evaluation_helpers.go):
 *   - verbs and apiGroups match exactly or by `*`;
 *   - resources match exactly (`pods/log` for a subresource request), by `*`, or by
 *     `*\/log` for any resource's `log` subresource;
 *   - resourceNames, when present, must list the requested name (a request without a name,
 *     like `list`, never matches a rule that names resources);
 *   - nonResourceURLs match exactly, by `*`, or by a prefix ending in `*` (`/healthz/*`).
 */

export interface PolicyRule {
  verbs?: string[] | null;
  apiGroups?: string[] | null;
  resources?: string[] | null;
  resourceNames?: string[] | null;
  nonResourceURLs?: string[] | null;
}

/** authorizer.Attributes: a resource request or a non-resource request. */
export type Attributes =
  | {
      resourceRequest: true;
      verb: string;
      namespace: string;
      apiGroup: string;
      resource: string;
      subresource: string;
      name: string;
    }
  | { resourceRequest: false; verb: string; path: string };

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === "*" || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === "*" || g === group);
}

export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    if (!subresource) continue;
    if (r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === "*" || u === path) return true;
    if (u.endsWith("*") && path.startsWith(u.replace(/\*+$/, ""))) return true;
  }
  return false;
}

export function combinedResource(a: { resource: string; subresource: string }): string {
  return a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (a.resourceRequest) {
    return (
      verbMatches(rule, a.verb) &&
      apiGroupMatches(rule, a.apiGroup) &&
      resourceMatches(rule, combinedResource(a), a.subresource) &&
      resourceNameMatches(rule, a.name)
    );
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

/** The rule covers the request's resource (group, resource, name) whatever the verb: a near miss when the verb is absent. */
export function ruleCoversResource(a: Attributes, rule: PolicyRule): boolean {
  if (!a.resourceRequest) return nonResourceURLMatches(rule, a.path);
  return (
    apiGroupMatches(rule, a.apiGroup) &&
    resourceMatches(rule, combinedResource(a), a.subresource) &&
    resourceNameMatches(rule, a.name)
  );
}
