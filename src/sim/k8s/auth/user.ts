/**
 * Who is asking: user.Info as the API server sees it after authentication (and impersonation).
 * Service accounts are users named `system:serviceaccount:<ns>:<name>` in the groups
 * `system:serviceaccounts` and `system:serviceaccounts:<ns>`; every authenticated identity is
 * also in `system:authenticated` (k8s.io/apiserver/pkg/authentication/serviceaccount/util.go,
 * endpoints/filters/impersonation.go).
 */

export interface UserInfo {
  name: string;
  groups: string[];
}

export const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
export const ALL_SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts";
export const AUTHENTICATED_GROUP = "system:authenticated";
export const ANONYMOUS_USER = "system:anonymous";
/** The group the API server lets do anything, before any authorizer runs (system:masters). */
export const PRIVILEGED_GROUP = "system:masters";

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.SplitUsername: `system:serviceaccount:ns:name` -> {namespace, name}. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${ALL_SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}

/** A service account's identity, as its token authenticates. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: serviceAccountUsername(namespace, name),
    groups: [...serviceAccountGroups(namespace), AUTHENTICATED_GROUP],
  };
}

/**
 * The identity an impersonation request (`kubectl --as=X --as-group=G`) yields: a service
 * account name gets its fixed groups unless groups are given, and every user but anonymous is
 * in system:authenticated.
 */
export function impersonatedUser(name: string, groups: readonly string[] = []): UserInfo {
  const out = [...groups];
  const sa = splitServiceAccountUsername(name);
  if (sa && groups.length === 0) out.push(...serviceAccountGroups(sa.namespace));
  if (name !== ANONYMOUS_USER && !out.includes(AUTHENTICATED_GROUP)) out.push(AUTHENTICATED_GROUP);
  return { name, groups: out };
}
