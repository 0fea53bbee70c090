/**
 * Every controller a cluster runs beyond the built-in namespace, service-account, CRD and
 * garbage-collector controllers, in the order they run within a reconcile round. Each module
 * registers itself with src/sim/k8s/controller-registry.ts when imported.
 */
// kube-scheduler: binds pending pods to nodes.
import "../scheduler/index.ts";
