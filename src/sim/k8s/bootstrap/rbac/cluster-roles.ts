/**
 * The API server's default ClusterRoles and ClusterRoleBindings
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), as tables. The user-facing
 * roles (cluster-admin, admin/edit/view and their aggregate-to-* parts, basic-user, discovery,
 * public-info-viewer) are exact; the component roles keep upstream names and verbs with the
 * rules that matter to students.
 */
import type { PolicyRule, Subject } from "./rules.ts";
import { eventsRule, group, READ, rule, sa, urls, user, WRITE } from "./rules.ts";

const READ_WRITE = "get,list,watch,create,update,patch,delete,deletecollection";
const AGG = "rbac.authorization.k8s.io/aggregate-to-";

export interface ClusterRoleDef {
  name: string;
  rules: PolicyRule[];
  /** Extra labels beside kubernetes.io/bootstrapping. */
  labels?: Record<string, string>;
  /** admin/edit/view: the labels of the roles they aggregate. */
  aggregateFrom?: string;
}

export function defaultClusterRoles(minor: number): ClusterRoleDef[] {
  const roles: ClusterRoleDef[] = [
    { name: "admin", rules: [], aggregateFrom: `${AGG}admin` },
    {
      name: "cluster-admin",
      rules: [rule("*", "*", "*"), urls("*", "*")],
    },
    { name: "edit", rules: [], aggregateFrom: `${AGG}edit`, labels: { [`${AGG}admin`]: "true" } },
    {
      name: "system:aggregate-to-admin",
      labels: { [`${AGG}admin`]: "true" },
      rules: [
        rule("create", "authorization.k8s.io", "localsubjectaccessreviews"),
        rule(READ_WRITE, "rbac.authorization.k8s.io", "roles,rolebindings"),
      ],
    },
    {
      name: "system:aggregate-to-edit",
      labels: { [`${AGG}admin`]: "true", [`${AGG}edit`]: "true" },
      rules: [
        rule(READ, "", "pods/attach,pods/proxy,pods/exec,pods/portforward,secrets,services/proxy"),
        rule("impersonate", "", "serviceaccounts"),
        rule(WRITE, "", "pods,pods/attach,pods/proxy,pods/exec,pods/portforward"),
        ...(minor >= 22 ? [rule("create", "", "pods/eviction")] : []),
        rule(
          WRITE,
          "",
          "replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/proxy,persistentvolumeclaims,configmaps,secrets,events",
        ),
        ...(minor >= 24 ? [rule("create", "", "serviceaccounts/token")] : []),
        rule(
          WRITE,
          "apps",
          "statefulsets,statefulsets/scale,daemonsets,deployments,deployments/scale,deployments/rollback,replicasets,replicasets/scale",
        ),
        rule(WRITE, "autoscaling", "horizontalpodautoscalers"),
        rule(WRITE, "batch", "jobs,cronjobs"),
        rule(
          WRITE,
          "extensions",
          "daemonsets,deployments,deployments/scale,deployments/rollback,ingresses,replicasets,replicasets/scale,replicationcontrollers/scale,networkpolicies",
        ),
        rule(WRITE, "policy", "poddisruptionbudgets"),
        rule(WRITE, "networking.k8s.io", "networkpolicies,ingresses"),
      ],
    },
    {
      name: "system:aggregate-to-view",
      labels: { [`${AGG}admin`]: "true", [`${AGG}edit`]: "true", [`${AGG}view`]: "true" },
      rules: [
        rule(
          READ,
          "",
          "pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,configmaps",
        ),
        rule(
          READ,
          "",
          "limitranges,resourcequotas,bindings,events,pods/status,resourcequotas/status,namespaces/status,replicationcontrollers/status,pods/log",
        ),
        rule(READ, "", "namespaces"),
        ...(minor >= 25 ? [rule(READ, "discovery.k8s.io", "endpointslices")] : []),
        rule(
          READ,
          "apps",
          "controllerrevisions,statefulsets,statefulsets/status,statefulsets/scale,daemonsets,daemonsets/status,deployments,deployments/status,deployments/scale,replicasets,replicasets/status,replicasets/scale",
        ),
        rule(READ, "autoscaling", "horizontalpodautoscalers,horizontalpodautoscalers/status"),
        rule(READ, "batch", "jobs,cronjobs,cronjobs/status,jobs/status"),
        rule(
          READ,
          "extensions",
          "daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale,networkpolicies",
        ),
        rule(READ, "policy", "poddisruptionbudgets,poddisruptionbudgets/status"),
        rule(READ, "networking.k8s.io", "networkpolicies,ingresses,ingresses/status"),
      ],
    },
    {
      name: "system:auth-delegator",
      rules: [
        rule("create", "authentication.k8s.io", "tokenreviews"),
        rule("create", "authorization.k8s.io", "subjectaccessreviews"),
      ],
    },
    {
      name: "system:basic-user",
      rules: [
        rule("create", "authorization.k8s.io", "selfsubjectaccessreviews,selfsubjectrulesreviews"),
        ...(minor >= 28 ? [rule("create", "authentication.k8s.io", "selfsubjectreviews")] : []),
      ],
    },
    {
      name: "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
      rules: [rule("create", "certificates.k8s.io", "certificatesigningrequests/nodeclient")],
    },
    {
      name: "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
      rules: [rule("create", "certificates.k8s.io", "certificatesigningrequests/selfnodeclient")],
    },
    {
      name: "system:certificates.k8s.io:kube-apiserver-client-approver",
      rules: [rule("approve", "certificates.k8s.io", "signers", "kubernetes.io/kube-apiserver-client")],
    },
    {
      name: "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
      rules: [rule("approve", "certificates.k8s.io", "signers", "kubernetes.io/kube-apiserver-client-kubelet")],
    },
    {
      name: "system:certificates.k8s.io:kubelet-serving-approver",
      rules: [rule("approve", "certificates.k8s.io", "signers", "kubernetes.io/kubelet-serving")],
    },
    {
      name: "system:certificates.k8s.io:legacy-unknown-approver",
      rules: [rule("approve", "certificates.k8s.io", "signers", "kubernetes.io/legacy-unknown")],
    },
    {
      name: "system:discovery",
      rules: [urls("get", "/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/")],
    },
    {
      name: "system:heapster",
      rules: [rule(READ, "", "events,pods,nodes,namespaces"), rule(READ, "extensions", "deployments")],
    },
    { name: "system:kube-aggregator", rules: [rule(READ, "", "services,endpoints")] },
    {
      name: "system:kube-controller-manager",
      rules: [
        eventsRule(),
        rule("create", "coordination.k8s.io", "leases"),
        rule("get,update", "coordination.k8s.io", "leases", "kube-controller-manager"),
        ...(minor < 24
          ? [rule("create", "", "endpoints"), rule("get,update", "", "endpoints", "kube-controller-manager")]
          : []),
        rule("create", "", "secrets,serviceaccounts"),
        rule("delete", "", "secrets"),
        rule("get", "", "configmaps,namespaces,secrets,serviceaccounts"),
        rule("update", "", "secrets,serviceaccounts"),
        rule("create", "authentication.k8s.io", "tokenreviews"),
        rule("create", "authorization.k8s.io", "subjectaccessreviews"),
        rule("list,watch", "*", "*"),
        rule("create", "", "serviceaccounts/token"),
      ],
    },
    { name: "system:kube-dns", rules: [rule("list,watch", "", "endpoints,services")] },
    {
      name: "system:kube-scheduler",
      rules: [
        eventsRule(),
        rule("create", "coordination.k8s.io", "leases"),
        rule("get,update", "coordination.k8s.io", "leases", "kube-scheduler"),
        ...(minor < 24 ? [rule("create", "", "endpoints"), rule("get,update", "", "endpoints", "kube-scheduler")] : []),
        rule(READ, "", "nodes"),
        rule("delete,get,list,watch", "", "pods"),
        rule("create", "", "bindings,pods/binding"),
        rule("patch,update", "", "pods/status"),
        rule(READ, "", "replicationcontrollers,services"),
        rule(READ, "apps,extensions", "replicasets"),
        rule(READ, "apps", "statefulsets"),
        rule(READ, "policy", "poddisruptionbudgets"),
        rule(READ, "", "persistentvolumeclaims,persistentvolumes"),
        rule("create", "authentication.k8s.io", "tokenreviews"),
        rule("create", "authorization.k8s.io", "subjectaccessreviews"),
        rule(READ, "storage.k8s.io", "csinodes"),
        rule(READ, "", "namespaces"),
        rule(READ, "storage.k8s.io", "csidrivers"),
        rule(READ, "storage.k8s.io", "csistoragecapacities"),
      ],
    },
    {
      name: "system:kubelet-api-admin",
      rules: [
        rule(READ, "", "nodes"),
        rule("proxy", "", "nodes"),
        rule("*", "", "nodes/log,nodes/metrics,nodes/proxy,nodes/spec,nodes/stats"),
      ],
    },
    ...(minor >= 22
      ? [
          {
            name: "system:monitoring",
            rules: [
              urls(
                "get",
                `/healthz,/healthz/*,/livez,/livez/*,/metrics,${minor >= 26 ? "/metrics/slis," : ""}/readyz,/readyz/*`,
              ),
            ],
          },
        ]
      : []),
    { name: "system:node", rules: nodeRules(minor) },
    {
      name: "system:node-bootstrapper",
      rules: [rule("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests")],
    },
    {
      name: "system:node-problem-detector",
      rules: [rule("get", "", "nodes"), rule("patch", "", "nodes/status"), eventsRule()],
    },
    {
      name: "system:node-proxier",
      rules: [
        rule("list,watch", "", "endpoints,services"),
        rule("get,list,watch", "", "nodes"),
        eventsRule(),
        rule("list,watch", "discovery.k8s.io", "endpointslices"),
        ...(minor >= 33 ? [rule("list,watch", "networking.k8s.io", "servicecidrs")] : []),
      ],
    },
    {
      name: "system:persistent-volume-provisioner",
      rules: [
        rule("create,delete,get,list,watch", "", "persistentvolumes"),
        rule("get,list,update,watch", "", "persistentvolumeclaims"),
        rule(READ, "storage.k8s.io", "storageclasses"),
        rule("create,patch,update,watch", "", "events"),
      ],
    },
    { name: "system:public-info-viewer", rules: [urls("get", "/healthz,/livez,/readyz,/version,/version/")] },
    {
      name: "system:service-account-issuer-discovery",
      rules: [urls("get", "/.well-known/openid-configuration,/openid/v1/jwks")],
    },
    {
      name: "system:volume-scheduler",
      rules: [
        rule("get,list,patch,update,watch", "", "persistentvolumes"),
        rule(READ, "storage.k8s.io", "storageclasses"),
        rule("get,list,patch,update,watch", "", "persistentvolumeclaims"),
      ],
    },
    {
      name: "view",
      rules: [],
      aggregateFrom: `${AGG}view`,
      labels: { [`${AGG}edit`]: "true" },
    },
  ];
  return roles;
}

/** system:node: what kubelets may do (the Node authorizer narrows it per node). */
function nodeRules(minor: number): PolicyRule[] {
  return [
    rule("create", "authentication.k8s.io", "tokenreviews"),
    rule("create", "authorization.k8s.io", "localsubjectaccessreviews,subjectaccessreviews"),
    rule(READ, "", "services"),
    rule("create,get,list,watch", "", "nodes"),
    rule("patch,update", "", "nodes/status"),
    rule("patch,update", "", "nodes"),
    rule("create,patch,update", "", "events"),
    rule(READ, "", "pods"),
    rule("create,delete", "", "pods"),
    rule("patch,update", "", "pods/status"),
    rule("create", "", "pods/eviction"),
    rule("get", "", "configmaps,secrets"),
    rule("get", "", "persistentvolumeclaims,persistentvolumes"),
    rule("get", "", "endpoints"),
    rule("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
    rule("create,delete,get,patch,update", "coordination.k8s.io", "leases"),
    rule("get", "storage.k8s.io", "volumeattachments"),
    rule("create", "", "serviceaccounts/token"),
    rule("get,patch,update", "", "persistentvolumeclaims/status"),
    rule(READ, "storage.k8s.io", "csidrivers"),
    rule("create,delete,get,patch,update", "storage.k8s.io", "csinodes"),
    rule(READ, "node.k8s.io", "runtimeclasses"),
    ...(minor >= 26 ? [rule(READ, "resource.k8s.io", "resourceclaims")] : []),
  ];
}

export interface ClusterRoleBindingDef {
  name: string;
  role: string;
  subjects: Subject[];
}

export function defaultClusterRoleBindings(minor: number): ClusterRoleBindingDef[] {
  const b = (name: string, subjects: Subject[], role = name): ClusterRoleBindingDef => ({ name, role, subjects });
  return [
    b("cluster-admin", [group("system:masters")]),
    b("system:basic-user", [group("system:authenticated")]),
    b("system:discovery", [group("system:authenticated")]),
    b("system:kube-controller-manager", [user("system:kube-controller-manager")]),
    b("system:kube-dns", [sa("kube-dns")]),
    b("system:kube-scheduler", [user("system:kube-scheduler")]),
    ...(minor >= 22 ? [b("system:monitoring", [group("system:monitoring")])] : []),
    b("system:node", []),
    b("system:node-proxier", [user("system:kube-proxy")]),
    b("system:public-info-viewer", [group("system:authenticated"), group("system:unauthenticated")]),
    b("system:service-account-issuer-discovery", [group("system:serviceaccounts")]),
    b("system:volume-scheduler", [user("system:kube-scheduler")]),
  ];
}
