/**
 * Authentication, at the level kubectl users meet it: the kubeadm admin's client certificate
 * (`kubernetes-admin`, in system:masters until 1.28 and in kubeadm:cluster-admins since 1.29),
 * ServiceAccount tokens (the legacy Secret tokens, and bound JWTs whose `sub` claim names
 * the account), and impersonation (`--as`, `--as-group`), which the authenticated user must be
 * allowed to do (`impersonate` on users, groups or serviceaccounts).
 */
import { decodeBase64 } from "../../core/base64.ts";
import type { ObjectStore } from "../../core/store.ts";
import { hasKubeadmClusterAdmins } from "../bootstrap/versions.ts";
import { authorize } from "./authorizer.ts";
import {
  AUTHENTICATED_GROUP,
  impersonatedUser,
  PRIVILEGED_GROUP,
  serviceAccountUser,
  splitServiceAccountUsername,
  type UserInfo,
} from "./user.ts";

export const KUBEADM_ADMIN = "kubernetes-admin";
export const KUBEADM_CLUSTER_ADMINS = "kubeadm:cluster-admins";

/** The identity of kubeadm's admin.conf certificate (CN=kubernetes-admin, O=<group>). */
export function kubeadmAdmin(minor: number): UserInfo {
  const group = hasKubeadmClusterAdmins(minor) ? KUBEADM_CLUSTER_ADMINS : PRIVILEGED_GROUP;
  return { name: KUBEADM_ADMIN, groups: [group, AUTHENTICATED_GROUP] };
}

/** A bearer token: a legacy ServiceAccount token Secret's, or a bound token naming its account. */
export function authenticateToken(store: ObjectStore, token: string): UserInfo | undefined {
  for (const s of store.list("secrets")) {
    if (s.type !== "kubernetes.io/service-account-token") continue;
    const data = s.data as Record<string, string> | undefined;
    if (!data?.token || decodeBase64(data.token) !== token) continue;
    const name = s.metadata.annotations?.["kubernetes.io/service-account.name"];
    if (name) return serviceAccountUser(s.metadata.namespace ?? "", name);
  }
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
  const payload = decodeBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  if (!payload) return undefined;
  let sub: unknown;
  try {
    sub = (JSON.parse(payload) as { sub?: unknown }).sub;
  } catch {
    return undefined;
  }
  const sa = typeof sub === "string" ? splitServiceAccountUsername(sub) : undefined;
  return sa ? serviceAccountUser(sa.namespace, sa.name) : undefined;
}

export type ImpersonationResult = { ok: true; user: UserInfo } | { ok: false; message: string };

/**
 * The impersonation filter: each requested identity (the user or service account, then each
 * group) is an `impersonate` request the real user must be allowed; the first refusal is the
 * Forbidden error kubectl prints.
 */
export function impersonate(
  store: ObjectStore,
  real: UserInfo,
  as: string,
  asGroups: readonly string[],
): ImpersonationResult {
  const checks: { resource: string; name: string; namespace: string }[] = [];
  const sa = splitServiceAccountUsername(as);
  if (sa) checks.push({ resource: "serviceaccounts", name: sa.name, namespace: sa.namespace });
  else checks.push({ resource: "users", name: as, namespace: "" });
  for (const g of asGroups) checks.push({ resource: "groups", name: g, namespace: "" });
  for (const c of checks) {
    const d = authorize(store, real, {
      resourceRequest: true,
      verb: "impersonate",
      namespace: c.namespace,
      apiGroup: "",
      resource: c.resource,
      subresource: "",
      name: c.name,
    });
    if (!d.allowed) {
      const scope = c.namespace ? `in the namespace "${c.namespace}"` : "at the cluster scope";
      return {
        ok: false,
        message: `${c.resource} "${c.name}" is forbidden: User "${real.name}" cannot impersonate resource "${c.resource}" in API group "" ${scope}`,
      };
    }
  }
  return { ok: true, user: impersonatedUser(as, asGroups) };
}
