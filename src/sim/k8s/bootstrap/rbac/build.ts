/**
 * All RBAC objects of a fresh kubeadm cluster: the API server's bootstrap policy (cluster,
 * controller and namespace roles with their bindings), kubeadm's additions
 * (cmd/kubeadm/app/phases/bootstraptoken/clusterinfo, bootstraptoken/node, kubelet,
 * uploadconfig, addons) and the CoreDNS / kube-proxy / Calico roles.
 */
import type { KObject } from "../../api/object.ts";
import { calicoClusterRoles } from "../calico.ts";
import { type BootstrapContext, compareStrings } from "../context.ts";
import { coreDnsRules } from "../coredns.ts";
import { hasKubeadmClusterAdmins, kubeletConfigMapName } from "../versions.ts";
import { defaultClusterRoleBindings, defaultClusterRoles } from "./cluster-roles.ts";
import { controllerRoles } from "./controller-roles.ts";
import { BOOTSTRAP, binding, eventsRule, group, type PolicyRule, role, rule, sa, user } from "./rules.ts";

const NODE_TOKEN_GROUP = "system:bootstrappers:kubeadm:default-node-token";

/** Created by the API server at start-up, before kubeadm's own objects. */
const API_SERVER_AT = 3;
const KUBEADM_AT = 10;

export function buildRbac(ctx: BootstrapContext): KObject[] {
  const { minor } = ctx.v;
  const out: KObject[] = [];

  // --- bootstrap ClusterRoles, with admin/edit/view aggregated as the controller leaves them.
  const defs = defaultClusterRoles(minor);
  const aggregated = (label: string, seen = new Set<string>()): PolicyRule[] => {
    const rules: PolicyRule[] = [];
    const matched = defs.filter((d) => d.labels?.[label] === "true").sort((a, b) => compareStrings(a.name, b.name));
    for (const d of matched) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      const own = d.aggregateFrom ? aggregated(d.aggregateFrom, seen) : d.rules;
      for (const r of own) if (!rules.some((x) => JSON.stringify(x) === JSON.stringify(r))) rules.push(r);
    }
    return rules;
  };
  for (const d of defs) {
    out.push(
      role(ctx, {
        name: d.name,
        labels: { ...BOOTSTRAP.labels, ...d.labels },
        annotations: BOOTSTRAP.annotations,
        aggregationRule: d.aggregateFrom
          ? { clusterRoleSelectors: [{ matchLabels: { [d.aggregateFrom]: "true" } }] }
          : undefined,
        rules: d.aggregateFrom ? aggregated(d.aggregateFrom, new Set([d.name])) : d.rules,
        createdAt: API_SERVER_AT,
      }),
    );
  }
  for (const b of defaultClusterRoleBindings(minor)) {
    out.push(
      binding(ctx, { name: b.name, roleName: b.role, subjects: b.subjects, ...BOOTSTRAP, createdAt: API_SERVER_AT }),
    );
  }

  // --- controller roles and their bindings.
  for (const c of controllerRoles(minor)) {
    const name = `system:controller:${c.name}`;
    out.push(role(ctx, { name, rules: c.rules, ...BOOTSTRAP, createdAt: API_SERVER_AT }));
    out.push(binding(ctx, { name, roleName: name, subjects: [sa(c.name)], ...BOOTSTRAP, createdAt: API_SERVER_AT }));
  }

  // --- namespace roles (bootstrappolicy/namespace_policy.go).
  const leaderLocking = (name: string): PolicyRule[] =>
    minor >= 24
      ? [
          rule("create,get,list,update,watch", "coordination.k8s.io", "leases"),
          ...(minor >= 31 ? [rule("create,get,list,update,watch", "coordination.k8s.io", "leasecandidates")] : []),
        ]
      : [rule("watch", "", "configmaps"), rule("get,update", "", "configmaps", name)];
  const nsRoles: [string, string, PolicyRule[]][] = [
    [
      "kube-public",
      "system:controller:bootstrap-signer",
      [rule("get,list,watch", "", "configmaps"), rule("update", "", "configmaps", "cluster-info"), eventsRule()],
    ],
    [
      "kube-system",
      "extension-apiserver-authentication-reader",
      [rule("get,list,watch", "", "configmaps", "extension-apiserver-authentication")],
    ],
    ["kube-system", "system::leader-locking-kube-controller-manager", leaderLocking("kube-controller-manager")],
    ["kube-system", "system::leader-locking-kube-scheduler", leaderLocking("kube-scheduler")],
    ["kube-system", "system:controller:bootstrap-signer", [rule("get,list,watch", "", "secrets")]],
    ["kube-system", "system:controller:cloud-provider", [rule("create,get,list,watch", "", "configmaps")]],
    ["kube-system", "system:controller:token-cleaner", [rule("delete,get,list,watch", "", "secrets"), eventsRule()]],
  ];
  for (const [namespace, name, rules] of nsRoles) {
    out.push(role(ctx, { name, namespace, rules, ...BOOTSTRAP, createdAt: API_SERVER_AT }));
  }
  const nsBindings: [string, string, string, ReturnType<typeof sa>[]][] = [
    [
      "kube-public",
      "system:controller:bootstrap-signer",
      "system:controller:bootstrap-signer",
      [sa("bootstrap-signer")],
    ],
    [
      "kube-system",
      "system::extension-apiserver-authentication-reader",
      "extension-apiserver-authentication-reader",
      [user("system:kube-controller-manager"), user("system:kube-scheduler")],
    ],
    [
      "kube-system",
      "system::leader-locking-kube-controller-manager",
      "system::leader-locking-kube-controller-manager",
      [
        user("system:kube-controller-manager"),
        sa("kube-controller-manager"),
        ...(minor >= 31 ? [sa("leader-election-controller")] : []),
      ],
    ],
    [
      "kube-system",
      "system::leader-locking-kube-scheduler",
      "system::leader-locking-kube-scheduler",
      [user("system:kube-scheduler"), sa("kube-scheduler")],
    ],
    [
      "kube-system",
      "system:controller:bootstrap-signer",
      "system:controller:bootstrap-signer",
      [sa("bootstrap-signer")],
    ],
    ["kube-system", "system:controller:cloud-provider", "system:controller:cloud-provider", [sa("cloud-provider")]],
    ["kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner", [sa("token-cleaner")]],
  ];
  for (const [namespace, name, roleName, subjects] of nsBindings) {
    out.push(
      binding(ctx, { name, namespace, roleKind: "Role", roleName, subjects, ...BOOTSTRAP, createdAt: API_SERVER_AT }),
    );
  }

  // --- kubeadm.
  const kubeletCm = kubeletConfigMapName(minor);
  out.push(role(ctx, { name: "kubeadm:get-nodes", rules: [rule("get", "", "nodes")], createdAt: KUBEADM_AT }));
  const kubeadmBindings: [string, string, ReturnType<typeof sa>[]][] = [
    ...(hasKubeadmClusterAdmins(minor)
      ? ([["kubeadm:cluster-admins", "cluster-admin", [group("kubeadm:cluster-admins")]]] as [
          string,
          string,
          ReturnType<typeof sa>[],
        ][])
      : []),
    ["kubeadm:get-nodes", "kubeadm:get-nodes", [group(NODE_TOKEN_GROUP)]],
    ["kubeadm:kubelet-bootstrap", "system:node-bootstrapper", [group(NODE_TOKEN_GROUP)]],
    [
      "kubeadm:node-autoapprove-bootstrap",
      "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
      [group(NODE_TOKEN_GROUP)],
    ],
    [
      "kubeadm:node-autoapprove-certificate-rotation",
      "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
      [group("system:nodes")],
    ],
    ["kubeadm:node-proxier", "system:node-proxier", [sa("kube-proxy")]],
  ];
  for (const [name, roleName, subjects] of kubeadmBindings) {
    out.push(binding(ctx, { name, roleName, subjects, createdAt: KUBEADM_AT }));
  }
  const kubeadmRoles: [string, string, string, PolicyRule[], ReturnType<typeof sa>[]][] = [
    [
      "kube-public",
      "kubeadm:bootstrap-signer-clusterinfo",
      "cluster-info",
      [rule("get", "", "configmaps", "cluster-info")],
      [user("system:anonymous")],
    ],
    [
      "kube-system",
      "kube-proxy",
      "kube-proxy",
      [rule("get", "", "configmaps", "kube-proxy")],
      [group(NODE_TOKEN_GROUP)],
    ],
    [
      "kube-system",
      `kubeadm:${kubeletCm}`,
      kubeletCm,
      [rule("get", "", "configmaps", kubeletCm)],
      [group("system:nodes"), group(NODE_TOKEN_GROUP)],
    ],
    [
      "kube-system",
      "kubeadm:nodes-kubeadm-config",
      "kubeadm-config",
      [rule("get", "", "configmaps", "kubeadm-config")],
      [group(NODE_TOKEN_GROUP), group("system:nodes")],
    ],
  ];
  for (const [namespace, name, , rules, subjects] of kubeadmRoles) {
    out.push(role(ctx, { name, namespace, rules, createdAt: KUBEADM_AT }));
    out.push(binding(ctx, { name, namespace, roleKind: "Role", roleName: name, subjects, createdAt: KUBEADM_AT }));
  }

  // --- addons.
  out.push(role(ctx, { name: "system:coredns", rules: coreDnsRules(minor), createdAt: 20 }));
  out.push(
    binding(ctx, { name: "system:coredns", roleName: "system:coredns", subjects: [sa("coredns")], createdAt: 20 }),
  );
  for (const r of calicoClusterRoles(minor)) {
    out.push(role(ctx, { name: r.name, rules: r.rules, createdAt: 40 }));
    out.push(binding(ctx, { name: r.name, roleName: r.name, subjects: [sa(r.name)], createdAt: 40 }));
  }
  return out;
}
