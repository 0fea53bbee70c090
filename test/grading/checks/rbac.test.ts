import { describe, expect, it } from "vitest";
import { type Case, expectChecks, type World } from "./helpers.ts";

const rbac: World = {
  commands: [
    "kubectl create namespace dev",
    "kubectl create serviceaccount reader -n dev",
    "kubectl create role pod-reader --verb=get,watch --resource=pods -n dev",
    "kubectl create rolebinding read-pods --role=pod-reader --serviceaccount=dev:reader -n dev",
    "kubectl create role pod-lister --verb=list --resource=pods -n dev",
    "kubectl create clusterrole deployer --verb='*' --resource=deployments.apps",
    "kubectl create rolebinding jane-admin --clusterrole=admin --user=jane -n dev",
    "kubectl create rolebinding dangling --role=missing --user=bob -n dev",
    "kubectl create clusterrolebinding ops-nodes --clusterrole=view --group=ops",
  ],
};

const cases: Case[] = [
  {
    name: "an allowed request passes with the binding that allows it",
    world: rbac,
    check: { kind: "rbac", subject: "serviceaccount:dev:reader", verb: "get", resource: "pods", namespace: "dev" },
    passed: true,
    explanation:
      'serviceaccount dev:reader can get pods in namespace dev (allowed by RoleBinding "read-pods/dev" of Role "pod-reader" to ServiceAccount "reader/dev")',
  },
  {
    name: "a denied request names the unbound role that would allow it and the bound role's verbs",
    world: rbac,
    check: { kind: "rbac", subject: "serviceaccount:dev:reader", verb: "list", resource: "pods", namespace: "dev" },
    passed: false,
    explanation:
      'serviceaccount dev:reader cannot list pods in namespace dev: Role "pod-lister" allows it, but no RoleBinding gives it to serviceaccount dev:reader (the Role "pod-reader" allows get, watch)',
  },
  {
    name: "a denied request with nothing that would allow it says no binding grants it",
    world: rbac,
    check: { kind: "rbac", subject: "serviceaccount:dev:reader", verb: "delete", resource: "pods", namespace: "dev" },
    passed: false,
    explanation:
      'serviceaccount dev:reader cannot delete pods in namespace dev: no RoleBinding or ClusterRoleBinding grants it (the Role "pod-reader" allows get, watch)',
  },
  {
    name: "a request in another namespace says where it is granted",
    world: rbac,
    check: { kind: "rbac", subject: "serviceaccount:dev:reader", verb: "get", resource: "pods" },
    passed: false,
    explanation:
      "serviceaccount dev:reader cannot get pods in namespace default: no RoleBinding or ClusterRoleBinding grants it; a RoleBinding grants it in namespace dev, not in default",
  },
  {
    name: "a binding to a missing role is named",
    world: rbac,
    check: { kind: "rbac", subject: "user:bob", verb: "get", resource: "pods", namespace: "dev" },
    passed: false,
    explanation:
      'user bob cannot get pods in namespace dev: RoleBinding "dangling" refers to Role "missing", which does not exist in namespace dev',
  },
  {
    name: "an allowed request expected to be denied fails with the reason it is allowed",
    world: rbac,
    check: { kind: "rbac", subject: "user:jane", verb: "delete", resource: "pods", namespace: "dev", allowed: false },
    passed: false,
    explanation:
      'user jane can delete pods in namespace dev (allowed by RoleBinding "jane-admin/dev" of ClusterRole "admin" to User "jane"); expected it not to',
  },
  {
    name: "a denied request expected to be denied passes",
    world: rbac,
    check: {
      kind: "rbac",
      subject: "user:jane",
      verb: "delete",
      resource: "pods",
      namespace: "default",
      allowed: false,
    },
    passed: true,
    explanation: "user jane cannot delete pods in namespace default",
  },
  {
    name: "a group subject is a member of that group",
    world: rbac,
    check: { kind: "rbac", subject: "group:ops", verb: "list", resource: "deployments", namespace: "kube-system" },
    passed: true,
    explanation:
      'group ops can list deployments.apps in namespace kube-system (allowed by ClusterRoleBinding "ops-nodes" of ClusterRole "view" to Group "ops")',
  },
  {
    name: "a ClusterRole nobody is bound to is suggested",
    world: rbac,
    check: { kind: "rbac", subject: "group:ops", verb: "create", resource: "deployments", namespace: "dev" },
    passed: false,
    explanation:
      'group ops cannot create deployments.apps in namespace dev: ClusterRole "deployer" allows it, but no RoleBinding or ClusterRoleBinding gives it to group ops (the ClusterRole "view" allows get, list, watch)',
  },
  {
    name: "subresources are asked with a slash",
    world: rbac,
    check: { kind: "rbac", subject: "user:jane", verb: "get", resource: "pods/log", namespace: "dev" },
    passed: true,
    explanation:
      'user jane can get pods/log in namespace dev (allowed by RoleBinding "jane-admin/dev" of ClusterRole "admin" to User "jane")',
  },
  {
    name: "cluster-scoped resources are asked without a namespace",
    world: rbac,
    check: { kind: "rbac", subject: "user:jane", verb: "list", resource: "nodes" },
    passed: false,
    explanation: "user jane cannot list nodes: no RoleBinding or ClusterRoleBinding grants it",
  },
  {
    name: "a malformed subject is the lab's mistake",
    world: rbac,
    check: { kind: "rbac", subject: "jane", verb: "get", resource: "pods" },
    passed: false,
    explanation: 'the lab\'s subject "jane" is not one of user:NAME, group:NAME or serviceaccount:NAMESPACE:NAME',
  },
];

describe("rbac checks", () => {
  expectChecks(it, expect, cases);
});
