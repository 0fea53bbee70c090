import { describe, expect, it } from "vitest";
import { buildSimulation, type Simulation } from "../../../../src/cli/simulation.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import {
  analyzeDenial,
  authorize,
  impersonate,
  kubeadmAdmin,
  reviewRules,
  serviceAccountUser,
} from "../../../../src/sim/k8s/auth/index.ts";
import type { Attributes } from "../../../../src/sim/k8s/auth/rule-matching.ts";
import { ruleAllows } from "../../../../src/sim/k8s/auth/rule-matching.ts";
import type { UserInfo } from "../../../../src/sim/k8s/auth/user.ts";

const RBAC = "rbac.authorization.k8s.io/v1";

function cluster(version: "1.21" | "1.33", objects: KObject[]): Simulation {
  const r = buildSimulation({ kubernetesVersion: version, seed: 1 });
  if (!r.ok) throw new Error(r.error);
  const sim = r.simulation;
  for (const o of objects) {
    const t = sim.cluster.discovery.forKind(o.apiVersion, o.kind)!;
    const created = sim.cluster.api.create(t, o);
    if (!created.ok) throw new Error(created.status.message);
  }
  sim.cluster.settle();
  return sim;
}

const ns = (name: string): KObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const role = (name: string, namespace: string, rules: object[]): KObject => ({
  apiVersion: RBAC,
  kind: "Role",
  metadata: { name, namespace },
  rules,
});
const clusterRole = (name: string, rules: object[], extra: Partial<KObject> = {}): KObject => ({
  apiVersion: RBAC,
  kind: "ClusterRole",
  metadata: { name, ...(extra.metadata ?? {}) },
  rules,
  ...(extra.aggregationRule ? { aggregationRule: extra.aggregationRule } : {}),
});
const binding = (
  kind: "RoleBinding" | "ClusterRoleBinding",
  name: string,
  namespace: string | undefined,
  roleKind: string,
  roleName: string,
  subjects: object[],
): KObject => ({
  apiVersion: RBAC,
  kind,
  metadata: namespace ? { name, namespace } : { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
  subjects,
});
const sa = (name: string, namespace?: string) => ({
  kind: "ServiceAccount",
  name,
  ...(namespace ? { namespace } : {}),
});
const user = (name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "User", name });
const group = (name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name });

const res = (
  verb: string,
  resource: string,
  namespace = "default",
  extra: Partial<Extract<Attributes, { resourceRequest: true }>> = {},
): Attributes => ({
  resourceRequest: true,
  verb,
  namespace,
  apiGroup: "",
  resource,
  subresource: "",
  name: "",
  ...extra,
});

const jane: UserInfo = { name: "jane", groups: ["system:authenticated"] };
const reader = serviceAccountUser("dev", "reader");

const world = cluster("1.33", [
  ns("dev"),
  role("pod-reader", "dev", [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "watch"] }]),
  role("log-reader", "dev", [{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }]),
  role("one-secret", "dev", [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get"] }]),
  binding("RoleBinding", "read-pods", "dev", "Role", "pod-reader", [sa("reader")]),
  binding("RoleBinding", "read-logs", "dev", "Role", "log-reader", [user("jane")]),
  binding("RoleBinding", "secret", "dev", "Role", "one-secret", [group("devs")]),
  binding("RoleBinding", "dangling", "dev", "Role", "nope", [user("bob")]),
  clusterRole("node-viewer", [{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list"] }]),
  binding("ClusterRoleBinding", "view-nodes", undefined, "ClusterRole", "node-viewer", [user("jane")]),
  clusterRole("metrics", [{ nonResourceURLs: ["/metrics", "/debug/*"], verbs: ["get"] }]),
  binding("ClusterRoleBinding", "metrics", undefined, "ClusterRole", "metrics", [group("system:serviceaccounts:dev")]),
  clusterRole("monitoring", [], {
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate-to-monitoring": "true" } }] },
  }),
  clusterRole("monitoring-endpoints", [{ apiGroups: [""], resources: ["endpoints"], verbs: ["list"] }], {
    metadata: { name: "monitoring-endpoints", labels: { "example.com/aggregate-to-monitoring": "true" } },
  }),
  binding("ClusterRoleBinding", "monitoring", undefined, "ClusterRole", "monitoring", [sa("reader", "dev")]),
  clusterRole("deployer", [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }]),
]);

describe("the RBAC authorizer", () => {
  const cases: { name: string; user: UserInfo; attrs: Attributes; allowed: boolean; reason: string }[] = [
    {
      name: "a RoleBinding to a ServiceAccount without a namespace means the binding's namespace",
      user: reader,
      attrs: res("get", "pods", "dev"),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "read-pods/dev" of Role "pod-reader" to ServiceAccount "reader/dev"',
    },
    {
      name: "a verb the role lacks is denied with no reason",
      user: reader,
      attrs: res("list", "pods", "dev"),
      allowed: false,
      reason: "",
    },
    {
      name: "a RoleBinding grants nothing in another namespace",
      user: reader,
      attrs: res("get", "pods", "default"),
      allowed: false,
      reason: "",
    },
    {
      name: "a subresource rule allows the subresource",
      user: jane,
      attrs: res("get", "pods", "dev", { subresource: "log" }),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "read-logs/dev" of Role "log-reader" to User "jane"',
    },
    {
      name: "a subresource rule does not allow the resource itself",
      user: jane,
      attrs: res("get", "pods", "dev"),
      allowed: false,
      reason: "",
    },
    {
      name: "resourceNames allow the named object",
      user: { name: "ann", groups: ["devs", "system:authenticated"] },
      attrs: res("get", "secrets", "dev", { name: "db" }),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "secret/dev" of Role "one-secret" to Group "devs"',
    },
    {
      name: "resourceNames never allow a request without a name",
      user: { name: "ann", groups: ["devs", "system:authenticated"] },
      attrs: res("list", "secrets", "dev"),
      allowed: false,
      reason: "",
    },
    {
      name: "a ClusterRoleBinding applies in every namespace and at cluster scope",
      user: jane,
      attrs: res("list", "nodes", ""),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "view-nodes" of ClusterRole "node-viewer" to User "jane"',
    },
    {
      name: "a binding to a missing role is reported in the reason",
      user: { name: "bob", groups: ["system:authenticated"] },
      attrs: res("get", "pods", "dev"),
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "nope" not found',
    },
    {
      name: "non-resource URLs match exactly and by a trailing star, through the namespace's service account group",
      user: reader,
      attrs: { resourceRequest: false, verb: "get", path: "/debug/pprof" },
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "metrics" of ClusterRole "metrics" to Group "system:serviceaccounts:dev"',
    },
    {
      name: "an aggregated ClusterRole has the rules of the roles it selects",
      user: reader,
      attrs: res("list", "endpoints", "kube-system"),
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "monitoring" of ClusterRole "monitoring" to ServiceAccount "reader/dev"',
    },
    {
      name: "every authenticated user may create a SelfSubjectAccessReview (system:basic-user)",
      user: jane,
      attrs: { ...res("create", "selfsubjectaccessreviews", ""), apiGroup: "authorization.k8s.io" } as Attributes,
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
    },
    {
      name: "the kubeadm admin of 1.33 is a cluster-admin through kubeadm:cluster-admins",
      user: kubeadmAdmin(33),
      attrs: res("delete", "nodes", ""),
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
    },
    {
      name: "system:masters is allowed before RBAC, with no reason",
      user: kubeadmAdmin(21),
      attrs: res("delete", "nodes", ""),
      allowed: true,
      reason: "",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = authorize(world.cluster.store, c.user, c.attrs);
      expect({ allowed: d.allowed, reason: d.reason }).toEqual({ allowed: c.allowed, reason: c.reason });
    });
  }
});

describe("rule matching", () => {
  const cases: { name: string; rule: object; attrs: Attributes; allowed: boolean }[] = [
    {
      name: "a */log rule allows any resource's log subresource",
      rule: { apiGroups: [""], resources: ["*/log"], verbs: ["get"] },
      attrs: res("get", "pods", "x", { subresource: "log" }),
      allowed: true,
    },
    {
      name: "a */log rule does not allow other subresources",
      rule: { apiGroups: [""], resources: ["*/log"], verbs: ["get"] },
      attrs: res("get", "pods", "x", { subresource: "exec" }),
      allowed: false,
    },
    {
      name: "the apiGroup must match",
      rule: { apiGroups: [""], resources: ["deployments"], verbs: ["get"] },
      attrs: res("get", "deployments", "x", { apiGroup: "apps" }),
      allowed: false,
    },
    {
      name: "star verbs, groups and resources allow anything",
      rule: { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
      attrs: res("escalate", "roles", "x", { apiGroup: "rbac.authorization.k8s.io" }),
      allowed: true,
    },
  ];
  for (const c of cases) it(c.name, () => expect(ruleAllows(c.attrs, c.rule)).toEqual(c.allowed));
});

describe("what is missing when RBAC denies", () => {
  it("names the bound role's verbs on the resource", () => {
    const a = analyzeDenial(world.cluster.store, reader, res("list", "pods", "dev"));
    expect(a.bound.filter((b) => b.verbs.length)).toEqual([
      {
        source: 'RoleBinding "read-pods/dev" of Role "pod-reader" to ServiceAccount "reader/dev"',
        bindingKind: "RoleBinding",
        bindingName: "read-pods",
        bindingNamespace: "dev",
        roleKind: "Role",
        roleName: "pod-reader",
        verbs: ["get", "watch"],
        error: undefined,
      },
    ]);
  });
  it("names roles that would allow it but are not bound, and namespaces where it is granted", () => {
    const a = analyzeDenial(world.cluster.store, reader, res("get", "pods", "default"));
    expect(a.elsewhere).toEqual(["dev"]);
    const b = analyzeDenial(world.cluster.store, jane, res("create", "deployments", "dev", { apiGroup: "apps" }));
    expect(b.unbound).toEqual([{ kind: "ClusterRole", name: "deployer" }]);
  });
});

describe("rules review and impersonation", () => {
  it("lists the rules that apply to a subject in a namespace", () => {
    const r = reviewRules(world.cluster.store, reader, "dev");
    expect(r.resourceRules).toContainEqual({
      verbs: ["get", "watch"],
      apiGroups: [""],
      resources: ["pods"],
      resourceNames: [],
    });
    expect(r.resourceRules).toContainEqual({
      verbs: ["list"],
      apiGroups: [""],
      resources: ["endpoints"],
      resourceNames: [],
    });
    expect(r.evaluationError).toEqual("");
  });
  it("refuses impersonation to a user who may not impersonate", () => {
    expect(impersonate(world.cluster.store, jane, "bob", [])).toEqual({
      ok: false,
      message:
        'users "bob" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope',
    });
  });
  it("gives an impersonated service account its groups", () => {
    expect(impersonate(world.cluster.store, kubeadmAdmin(33), "system:serviceaccount:dev:reader", [])).toEqual({
      ok: true,
      user: reader,
    });
  });
});
