/**
 * Every controller a cluster runs beyond the built-in namespace, service-account, CRD and
 * garbage-collector controllers, in the order they run within a reconcile round. Each module
 * registers itself with src/sim/k8s/controller-registry.ts when imported.
 */
// kube-scheduler: binds pending pods to nodes.
import "../scheduler/index.ts";
// ReplicaSet, ReplicationController and Deployment controllers (ReplicaSets first: Deployments read their status).
import "./deployment/index.ts";
// DaemonSet controller: one pod per eligible node, ControllerRevisions, rolling updates.
import "./daemonset/index.ts";
// StatefulSet controller: ordinal pods, ordered start, PVCs from volumeClaimTemplates.
import "./statefulset/index.ts";
// Node lifecycle: Unknown after missed heartbeats, not-ready/unreachable/unschedulable taints, pods marked not ready.
import "./node-lifecycle/index.ts";
// Taint eviction: deletes pods from NoExecute-tainted nodes once their tolerationSeconds run out.
import "./taint-eviction/index.ts";
// Disruption: PodDisruptionBudget status, which the Eviction API reads.
import "./disruption/index.ts";
// Job controller (and ttl-after-finished): run-to-completion pods, back-off, deadlines.
import "./job/index.ts";
// Endpoints and EndpointSlices for Services with a selector; ResourceQuota status (and, on import, the LimitRanger and ResourceQuota admission plugins).
import "./endpoints/index.ts";
import "./endpointslice/index.ts";
import "./resourcequota/index.ts";
// CronJob controller: Jobs on a cron schedule in virtual time, concurrency policy, history limits.
import "./cronjob/index.ts";
// Kubelets: pod lifecycle on each node (sandbox, image pulls, containers, probes, graceful termination).
import "../kubelet/index.ts";
