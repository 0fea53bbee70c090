/**
 * `kubectl describe` output for one object: the describer of its kind, or the generic one.
 * Pure: everything else the describer needs (pods, ReplicaSets, endpoints, events) comes
 * through the DescribeContext.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { DescribeContext } from "./common.ts";
import {
  describeConfigMap,
  describeNamespace,
  describePodDisruptionBudget,
  describeRole,
  describeRoleBinding,
  describeSecret,
  describeServiceAccount,
} from "./config.ts";
import { describeGeneric } from "./generic.ts";
import { describeIngress, describeService } from "./network.ts";
import { describeNode } from "./node.ts";
import { describePod } from "./pod.ts";
import { describeLimitRange, describeResourceQuota } from "./quota.ts";
import { describeDaemonSet, describeDeployment, describeJob, describeReplicaSet } from "./workloads.ts";

export type { DescribeContext } from "./common.ts";

const DESCRIBERS: Record<string, (obj: KObject, ctx: DescribeContext) => string> = {
  Pod: describePod,
  Node: describeNode,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  DaemonSet: describeDaemonSet,
  Job: describeJob,
  Service: describeService,
  Ingress: describeIngress,
  Namespace: describeNamespace,
  ConfigMap: describeConfigMap,
  Secret: (obj) => describeSecret(obj),
  ServiceAccount: describeServiceAccount,
  Role: (obj) => describeRole(obj),
  ClusterRole: (obj) => describeRole(obj),
  RoleBinding: (obj) => describeRoleBinding(obj),
  ClusterRoleBinding: (obj) => describeRoleBinding(obj),
  PodDisruptionBudget: describePodDisruptionBudget,
  ResourceQuota: (obj) => describeResourceQuota(obj),
  LimitRange: (obj) => describeLimitRange(obj),
};

export function describe(obj: KObject, ctx: DescribeContext): string {
  const describer = DESCRIBERS[obj.kind] ?? describeGeneric;
  return describer(obj, ctx);
}
