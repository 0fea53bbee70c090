/**
 * `system:controller:<name>` ClusterRoles, one per kube-controller-manager controller that runs
 * under its own ServiceAccount (--use-service-account-credentials), each bound to that
 * ServiceAccount in kube-system (bootstrappolicy/controller_policy.go; rules from its golden
 * testdata/controller-roles.yaml). `since` is the first minor whose default roles include it.
 */
import type { PolicyRule } from "./rules.ts";
import { eventsRule, READ, rule } from "./rules.ts";

export interface ControllerRoleDef {
  name: string;
  since?: number;
  rules: PolicyRule[];
}

const CRUD = "create,delete,get,list,update,watch";

export const CONTROLLER_ROLES: ControllerRoleDef[] = [
  {
    name: "attachdetach-controller",
    rules: [
      rule("list,watch", "", "persistentvolumeclaims,persistentvolumes"),
      rule(READ, "", "nodes"),
      rule("patch,update", "", "nodes/status"),
      rule("list,watch", "", "pods"),
      eventsRule(),
      rule("create,delete,get,list,watch", "storage.k8s.io", "volumeattachments"),
      rule(READ, "storage.k8s.io", "csidrivers"),
      rule(READ, "storage.k8s.io", "csinodes"),
    ],
  },
  {
    name: "certificate-controller",
    rules: [
      rule("delete,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
      rule("update", "certificates.k8s.io", "certificatesigningrequests/approval,certificatesigningrequests/status"),
      rule("approve", "certificates.k8s.io", "signers", "kubernetes.io/kube-apiserver-client-kubelet"),
      rule(
        "sign",
        "certificates.k8s.io",
        "signers",
        "kubernetes.io/kube-apiserver-client,kubernetes.io/kube-apiserver-client-kubelet,kubernetes.io/kubelet-serving,kubernetes.io/legacy-unknown",
      ),
      rule("create", "authorization.k8s.io", "subjectaccessreviews"),
      eventsRule(),
    ],
  },
  {
    name: "clusterrole-aggregation-controller",
    rules: [rule("escalate,get,list,patch,update,watch", "rbac.authorization.k8s.io", "clusterroles")],
  },
  {
    name: "cronjob-controller",
    rules: [
      rule("get,list,update,watch", "batch", "cronjobs"),
      rule("create,delete,get,list,patch,update,watch", "batch", "jobs"),
      rule("update", "batch", "cronjobs/status"),
      rule("update", "batch", "cronjobs/finalizers"),
      rule("delete,list,watch", "", "pods"),
      eventsRule(),
    ],
  },
  {
    name: "daemon-set-controller",
    rules: [
      rule(READ, "apps,extensions", "daemonsets"),
      rule("update", "apps,extensions", "daemonsets/status"),
      rule("update", "apps,extensions", "daemonsets/finalizers"),
      rule("list,watch", "", "nodes"),
      rule("create,delete,list,patch,watch", "", "pods"),
      rule("create", "", "pods/binding"),
      rule("create,delete,get,list,patch,update,watch", "apps", "controllerrevisions"),
      eventsRule(),
    ],
  },
  {
    name: "deployment-controller",
    rules: [
      rule("get,list,update,watch", "apps,extensions", "deployments"),
      rule("update", "apps,extensions", "deployments/status"),
      rule("update", "apps,extensions", "deployments/finalizers"),
      rule("create,delete,get,list,patch,update,watch", "apps,extensions", "replicasets"),
      rule("get,list,update,watch", "", "pods"),
      eventsRule(),
    ],
  },
  {
    name: "disruption-controller",
    rules: [
      rule(READ, "apps,extensions", "deployments"),
      rule(READ, "apps,extensions", "replicasets"),
      rule(READ, "", "replicationcontrollers"),
      rule(READ, "policy", "poddisruptionbudgets"),
      rule(READ, "apps", "statefulsets"),
      rule("update", "policy", "poddisruptionbudgets/status"),
      rule("patch,update", "", "pods/status"),
      rule("get", "*", "*/scale"),
      eventsRule(),
    ],
  },
  {
    name: "endpoint-controller",
    rules: [
      rule(READ, "", "pods,services"),
      rule(CRUD, "", "endpoints"),
      rule("create", "", "endpoints/restricted"),
      eventsRule(),
    ],
  },
  {
    name: "endpointslice-controller",
    rules: [
      rule(READ, "", "nodes,pods,services"),
      rule("update", "", "services/finalizers"),
      rule(CRUD, "discovery.k8s.io", "endpointslices"),
      eventsRule(),
    ],
  },
  {
    name: "endpointslicemirroring-controller",
    rules: [
      rule(READ, "", "endpoints,services"),
      rule("update", "", "services/finalizers"),
      rule("update", "", "endpoints/finalizers"),
      rule(CRUD, "discovery.k8s.io", "endpointslices"),
      eventsRule(),
    ],
  },
  {
    name: "ephemeral-volume-controller",
    rules: [
      rule(READ, "", "pods"),
      rule("update", "", "pods/finalizers"),
      rule("create,get,list,watch", "", "persistentvolumeclaims"),
      eventsRule(),
    ],
  },
  {
    name: "expand-controller",
    rules: [
      rule("get,list,patch,update,watch", "", "persistentvolumes"),
      rule("patch,update", "", "persistentvolumeclaims/status"),
      rule(READ, "", "persistentvolumeclaims"),
      eventsRule(),
    ],
  },
  {
    name: "generic-garbage-collector",
    rules: [rule("delete,get,list,patch,update,watch", "*", "*"), eventsRule()],
  },
  {
    name: "horizontal-pod-autoscaler",
    rules: [
      rule(READ, "autoscaling", "horizontalpodautoscalers"),
      rule("update", "autoscaling", "horizontalpodautoscalers/status"),
      rule("get,update", "*", "*/scale"),
      rule("list,watch", "", "pods"),
      rule("list,watch", "metrics.k8s.io", "pods"),
      rule(READ, "custom.metrics.k8s.io", "*"),
      rule(READ, "external.metrics.k8s.io", "*"),
      eventsRule(),
    ],
  },
  {
    name: "job-controller",
    rules: [
      rule("get,list,patch,update,watch", "batch", "jobs"),
      rule("update", "batch", "jobs/status"),
      rule("update", "batch", "jobs/finalizers"),
      rule("create,delete,list,patch,watch", "", "pods"),
      eventsRule(),
    ],
  },
  {
    name: "legacy-service-account-token-cleaner",
    since: 28,
    rules: [
      rule("get", "", "configmaps", "kube-apiserver-legacy-service-account-token-tracking"),
      rule("delete,patch", "", "secrets"),
    ],
  },
  {
    name: "namespace-controller",
    rules: [
      rule("delete,get,list,watch", "", "namespaces"),
      rule("update", "", "namespaces/finalize,namespaces/status"),
      rule("delete,deletecollection,get,list,watch", "*", "*"),
    ],
  },
  {
    name: "node-controller",
    rules: [
      rule("delete,get,list,patch,update,watch", "", "nodes"),
      rule("patch,update", "", "nodes/status"),
      rule("patch,update", "", "pods/status"),
      rule("delete,get,list,watch", "", "pods"),
      eventsRule(),
    ],
  },
  {
    name: "persistent-volume-binder",
    rules: [
      rule(CRUD, "", "persistentvolumes"),
      rule("update", "", "persistentvolumes/status"),
      rule("get,list,update,watch", "", "persistentvolumeclaims"),
      rule("update", "", "persistentvolumeclaims/status"),
      rule("create,delete,get,list,watch", "", "pods"),
      rule(READ, "storage.k8s.io", "storageclasses"),
      rule("list,watch", "", "nodes"),
      eventsRule(),
      rule("watch", "", "events"),
    ],
  },
  {
    name: "pod-garbage-collector",
    rules: [rule("delete,list,watch", "", "pods"), rule(READ, "", "nodes"), rule("patch", "", "pods/status")],
  },
  {
    name: "pv-protection-controller",
    rules: [rule("get,list,update,watch", "", "persistentvolumes"), eventsRule()],
  },
  {
    name: "pvc-protection-controller",
    rules: [
      rule("get,list,update,watch", "", "persistentvolumeclaims"),
      ...[rule("update", "", "persistentvolumeclaims/status")],
      rule(READ, "", "pods"),
      eventsRule(),
    ],
  },
  {
    name: "replicaset-controller",
    rules: [
      rule("get,list,update,watch", "apps,extensions", "replicasets"),
      rule("update", "apps,extensions", "replicasets/status"),
      rule("update", "apps,extensions", "replicasets/finalizers"),
      rule("create,delete,list,patch,watch", "", "pods"),
      eventsRule(),
    ],
  },
  {
    name: "replication-controller",
    rules: [
      rule("get,list,update,watch", "", "replicationcontrollers"),
      rule("update", "", "replicationcontrollers/status"),
      rule("update", "", "replicationcontrollers/finalizers"),
      rule("create,delete,list,patch,watch", "", "pods"),
      eventsRule(),
    ],
  },
  {
    name: "resourcequota-controller",
    rules: [rule("list,watch", "*", "*"), rule("update", "", "resourcequotas/status"), eventsRule()],
  },
  { name: "root-ca-cert-publisher", rules: [rule("create,update", "", "configmaps"), eventsRule()] },
  {
    name: "route-controller",
    rules: [rule("list,watch", "", "nodes"), rule("patch", "", "nodes/status"), eventsRule()],
  },
  {
    name: "selinux-warning-controller",
    since: 33,
    rules: [
      eventsRule(),
      rule(READ, "", "persistentvolumes"),
      rule(READ, "", "persistentvolumeclaims"),
      rule(READ, "", "pods"),
      rule(READ, "storage.k8s.io", "csidrivers"),
    ],
  },
  { name: "service-account-controller", rules: [rule("create", "", "serviceaccounts"), eventsRule()] },
  {
    name: "service-cidrs-controller",
    since: 33,
    rules: [
      rule("get,list,patch,update,watch", "networking.k8s.io", "servicecidrs"),
      rule("patch,update", "networking.k8s.io", "servicecidrs/finalizers"),
      rule("patch,update", "networking.k8s.io", "servicecidrs/status"),
      rule(READ, "networking.k8s.io", "ipaddresses"),
      eventsRule(),
    ],
  },
  {
    name: "service-controller",
    rules: [
      rule(READ, "", "services"),
      rule("patch,update", "", "services/status"),
      rule("list,watch", "", "nodes"),
      eventsRule(),
    ],
  },
  {
    name: "statefulset-controller",
    rules: [
      rule("list,watch", "", "pods"),
      rule(READ, "apps", "statefulsets"),
      rule("update", "apps", "statefulsets/status"),
      rule("update", "apps", "statefulsets/finalizers"),
      rule("create,delete,get,patch,update", "", "pods"),
      rule("create,delete,get,list,patch,update,watch", "apps", "controllerrevisions"),
      rule("create,get,list,watch", "", "persistentvolumeclaims"),
      rule("delete,update", "", "persistentvolumeclaims"),
      rule("update", "", "pods/finalizers"),
      eventsRule(),
    ],
  },
  {
    name: "ttl-after-finished-controller",
    rules: [rule("delete,get,list,watch", "batch", "jobs"), eventsRule()],
  },
  { name: "ttl-controller", rules: [rule("list,patch,update,watch", "", "nodes"), eventsRule()] },
  {
    name: "validatingadmissionpolicy-status-controller",
    since: 28,
    rules: [
      rule(READ, "admissionregistration.k8s.io", "validatingadmissionpolicies"),
      rule("get,patch,update", "admissionregistration.k8s.io", "validatingadmissionpolicies/status"),
      eventsRule(),
    ],
  },
];

export function controllerRoles(minor: number): ControllerRoleDef[] {
  return CONTROLLER_ROLES.filter((r) => (r.since ?? 0) <= minor);
}

/**
 * The ServiceAccounts kube-controller-manager creates in kube-system (one per controller it
 * starts with its own credentials). Not every role has one: route-controller and, since
 * the in-tree cloud controllers stopped starting without a cloud provider, service-controller
 * have none; selinux-warning-controller is off by default. bootstrap-signer and token-cleaner
 * come from kubeadm's `--controllers=*,bootstrapsigner,tokencleaner`.
 */
export function controllerServiceAccounts(minor: number): string[] {
  const names = controllerRoles(minor)
    .map((r) => r.name)
    .filter((n) => n !== "route-controller" && n !== "selinux-warning-controller")
    .filter((n) => n !== "service-controller" || minor < 24);
  return [...names, "bootstrap-signer", "token-cleaner"].sort();
}
