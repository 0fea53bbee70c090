/**
 * The server side of `kubectl get`: which columns and cells kube-apiserver returns as a
 * metav1.Table for a list of objects of one kind, for the emulated version.
 *
 * Kinds with a printer in pkg/printers/internalversion get their own columns; built-in kinds
 * without one (Role, ClusterRole, LimitRange, CRD) get the apiserver's default table
 * (NAME, CREATED AT as RFC 3339); anything else (custom resources) gets NAME, AGE.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { translateTimestampSince } from "./age.ts";
import { ageCol, type Column, col, type KindPrinter, nameCol, type TableOptions } from "./columns.ts";
import {
  configMapPrinter,
  eventPrinter,
  leasePrinter,
  namespacePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  priorityClassPrinter,
  resourceQuotaPrinter,
  roleBindingPrinter,
  secretPrinter,
  serviceAccountPrinter,
  storageClassPrinter,
} from "./kinds/cluster.ts";
import {
  endpointSlicePrinter,
  endpointsPrinter,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
  servicePrinter,
} from "./kinds/network.ts";
import { nodePrinter } from "./kinds/node.ts";
import { podPrinter } from "./kinds/pod.ts";
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  horizontalPodAutoscalerPrinter,
  jobPrinter,
  podDisruptionBudgetPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from "./kinds/workloads.ts";

export type { Column, Table, TableOptions } from "./columns.ts";

const countPrinter = (header: string, field: string): KindPrinter => ({
  columns: () => [nameCol, col(header), ageCol],
  row: (o, opts) => [
    o.metadata.name ?? "",
    String((o[field] ?? []).length),
    translateTimestampSince(o.metadata.creationTimestamp, opts.now),
  ],
});

const runtimeClassPrinter: KindPrinter = {
  columns: () => [nameCol, col("Handler"), ageCol],
  row: (o, opts) => [
    o.metadata.name ?? "",
    o.handler ?? "",
    translateTimestampSince(o.metadata.creationTimestamp, opts.now),
  ],
};

const PRINTERS: Record<string, KindPrinter> = {
  Pod: podPrinter,
  Node: nodePrinter,
  Namespace: namespacePrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  EndpointSlice: endpointSlicePrinter,
  Ingress: ingressPrinter,
  IngressClass: ingressClassPrinter,
  NetworkPolicy: networkPolicyPrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  ReplicationController: replicationControllerPrinter,
  DaemonSet: daemonSetPrinter,
  StatefulSet: statefulSetPrinter,
  Job: jobPrinter,
  CronJob: cronJobPrinter,
  ControllerRevision: controllerRevisionPrinter,
  HorizontalPodAutoscaler: horizontalPodAutoscalerPrinter,
  PodDisruptionBudget: podDisruptionBudgetPrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  ServiceAccount: serviceAccountPrinter,
  RoleBinding: roleBindingPrinter,
  ClusterRoleBinding: roleBindingPrinter,
  Event: eventPrinter,
  Lease: leasePrinter,
  PriorityClass: priorityClassPrinter,
  ResourceQuota: resourceQuotaPrinter,
  PersistentVolume: persistentVolumePrinter,
  PersistentVolumeClaim: persistentVolumeClaimPrinter,
  StorageClass: storageClassPrinter,
  RuntimeClass: runtimeClassPrinter,
  MutatingWebhookConfiguration: countPrinter("Webhooks", "webhooks"),
  ValidatingWebhookConfiguration: countPrinter("Webhooks", "webhooks"),
};

/** Built-in kinds the apiserver prints with its default table convertor. */
const DEFAULT_TABLE_KINDS = new Set(["Role", "ClusterRole", "LimitRange", "CustomResourceDefinition"]);

/** RFC 3339 in UTC with second precision, as Go's time.RFC3339 prints a UTC time. */
function createdAt(ts: string | null | undefined): string {
  if (!ts) return "";
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return "";
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

const defaultTablePrinter: KindPrinter = {
  columns: () => [nameCol, { name: "Created At", priority: 0 }],
  row: (o) => [o.metadata.name ?? "", createdAt(o.metadata.creationTimestamp)],
};

const genericPrinter: KindPrinter = {
  columns: () => [nameCol, ageCol],
  row: (o, opts) => [o.metadata.name ?? "", translateTimestampSince(o.metadata.creationTimestamp, opts.now)],
};

export function printerFor(kind: string): KindPrinter {
  if (PRINTERS[kind]) return PRINTERS[kind];
  if (DEFAULT_TABLE_KINDS.has(kind)) return defaultTablePrinter;
  return genericPrinter;
}

/**
 * The table for objects of one kind (the kind of the first object; an empty list needs `kind`).
 * Rows carry every cell, wide ones included; `columns` says which are wide (priority 1) and the
 * renderer drops them unless `opts.wide`.
 */
export function tableFor(
  objects: KObject[],
  opts: TableOptions,
  kind?: string,
): { columns: Column[]; rows: string[][] } {
  const printer = printerFor(kind ?? objects[0]?.kind ?? "");
  return { columns: printer.columns(opts.minor), rows: objects.map((o) => printer.row(o, opts)) };
}

export type { KindPrinter };
