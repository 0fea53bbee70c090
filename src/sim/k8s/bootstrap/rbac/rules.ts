/**
 * A compact notation for RBAC PolicyRules, so role tables read like policy.go:
 *   rule("get,list,watch", "", "pods,services")  ->  {apiGroups: [""], resources: [...], verbs: [...]}
 *   urls("get", "/healthz,/livez")               ->  {nonResourceURLs: [...], verbs: ["get"]}
 * bootstrappolicy's rule builder sorts every list (rbacv1helpers.PolicyRuleBuilder.Rule), so
 * `rule` does too; `asWritten` keeps the order of a YAML manifest (kubeadm, Calico).
 */
import type { KObject } from "../../api/object.ts";
import { type BootstrapContext, meta } from "../context.ts";

export interface PolicyRule {
  apiGroups?: string[];
  nonResourceURLs?: string[];
  resourceNames?: string[];
  resources?: string[];
  verbs: string[];
}

const list = (csv: string): string[] => (csv === "" ? [""] : csv.split(","));

export function rule(verbs: string, groups: string, resources: string, names?: string): PolicyRule {
  return asWritten(verbs, groups, resources, names, true);
}

export function asWritten(verbs: string, groups: string, resources: string, names?: string, sort = false): PolicyRule {
  const s = (a: string[]) => (sort ? [...a].sort() : a);
  const out: PolicyRule = { apiGroups: s(groups.split(",").map((g) => g.trim())), verbs: [] };
  if (names) out.resourceNames = s(list(names));
  out.resources = s(list(resources));
  out.verbs = s(list(verbs));
  return out;
}

export function urls(verbs: string, paths: string): PolicyRule {
  return { nonResourceURLs: list(paths).sort(), verbs: list(verbs).sort() };
}

/** The events rule every controller role ends with. */
export const eventsRule = (): PolicyRule => rule("create,patch,update", ",events.k8s.io", "events");

export const READ = "get,list,watch";
export const WRITE = "create,delete,deletecollection,patch,update";

export interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  namespace?: string;
}

export const user = (name: string): Subject => ({ kind: "User", name });
export const group = (name: string): Subject => ({ kind: "Group", name });
export const sa = (name: string, namespace = "kube-system"): Subject => ({ kind: "ServiceAccount", name, namespace });

function subjectJson(s: Subject): Record<string, string> {
  if (s.kind === "ServiceAccount") return { kind: s.kind, name: s.name, namespace: s.namespace! };
  return { apiGroup: "rbac.authorization.k8s.io", kind: s.kind, name: s.name };
}

/** bootstrappolicy's marks on every default role and binding. */
export const BOOTSTRAP = {
  annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
  labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
};

export interface RoleInput {
  name: string;
  namespace?: string;
  rules: PolicyRule[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  aggregationRule?: { clusterRoleSelectors: { matchLabels: Record<string, string> }[] };
  createdAt: number;
}

export function role(ctx: BootstrapContext, r: RoleInput): KObject {
  const obj: KObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: r.namespace ? "Role" : "ClusterRole",
    metadata: meta(ctx, {
      name: r.name,
      namespace: r.namespace,
      labels: r.labels,
      annotations: r.annotations,
      createdAt: r.createdAt,
    }),
  };
  if (r.aggregationRule) obj.aggregationRule = r.aggregationRule;
  // An aggregated role with nothing matched yet serialises `rules: null`; everything here has rules.
  obj.rules = r.rules;
  return obj;
}

export interface BindingInput {
  name: string;
  namespace?: string;
  roleKind?: "ClusterRole" | "Role";
  roleName: string;
  subjects: Subject[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  createdAt: number;
}

export function binding(ctx: BootstrapContext, b: BindingInput): KObject {
  const obj: KObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: b.namespace ? "RoleBinding" : "ClusterRoleBinding",
    metadata: meta(ctx, {
      name: b.name,
      namespace: b.namespace,
      labels: b.labels,
      annotations: b.annotations,
      createdAt: b.createdAt,
    }),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: b.roleKind ?? "ClusterRole", name: b.roleName },
  };
  // system:node is bound to nobody since 1.8 (the Node authorizer decides): no `subjects` key at all.
  if (b.subjects.length) obj.subjects = b.subjects.map(subjectJson);
  return obj;
}
