/** Small builders for scheduler tests: nodes and pods as the API server would store them. */
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";

export interface NodeOptions {
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  cpu?: string;
  memory?: string;
  pods?: string;
}

export function node(name: string, o: NodeOptions = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: o.cpu ?? "2", memory: o.memory ?? "4Gi", pods: o.pods ?? "110" } },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test specs are free-form JSON.
export function pod(name: string, spec: Record<string, any> = {}, meta: Record<string, any> = {}): KObject {
  const { requests, ports, ...rest } = spec;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: `uid-${name}`, ...meta },
    spec: {
      containers: [
        {
          name: "c",
          image: "nginx",
          ...(requests ? { resources: { requests } } : {}),
          ...(ports ? { ports } : {}),
        },
      ],
      schedulerName: "default-scheduler",
      ...rest,
    },
    status: { phase: "Pending" },
  };
}

/** The default lab cluster's nodes, as seen by the scheduler. */
export function defaultNodes(minor: number): KObject[] {
  const cpTaint = minor >= 25 ? "node-role.kubernetes.io/control-plane" : "node-role.kubernetes.io/master";
  return [
    node("k8s-m", { taints: [{ key: cpTaint, effect: "NoSchedule" }] }),
    node("k8s-w1"),
    node("k8s-w2"),
    node("k8s-w3"),
  ];
}
