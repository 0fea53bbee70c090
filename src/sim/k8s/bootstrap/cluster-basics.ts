/**
 * Namespaces, PriorityClasses and leader-election Leases: what the API server and the
 * control-plane components create before any addon.
 */
import type { KObject } from "../api/object.ts";
import { type BootstrapContext, meta } from "./context.ts";

export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** Every namespace carries kubernetes.io/metadata.name since 1.21 (NamespaceDefaultLabelName, beta and on). */
export function buildNamespace(ctx: BootstrapContext, name: string): KObject {
  const labels = ctx.v.minor >= 21 ? { "kubernetes.io/metadata.name": name } : undefined;
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(ctx, { name, labels, createdAt: 2 }),
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

export function buildPriorityClasses(ctx: BootstrapContext): KObject[] {
  const pc = (name: string, value: number, description: string): KObject => ({
    apiVersion: "scheduling.k8s.io/v1",
    description,
    kind: "PriorityClass",
    metadata: meta(ctx, { name, createdAt: 2 }),
    preemptionPolicy: "PreemptLowerPriority",
    value,
  });
  return [
    pc(
      "system-cluster-critical",
      2000000000,
      "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
    ),
    pc(
      "system-node-critical",
      2000001000,
      "Used for system critical pods that must not be moved from their current node.",
    ),
  ];
}

/** kube-controller-manager and kube-scheduler hold Leases in kube-system; since 1.26 each API server too. */
export function buildControlPlaneLeases(ctx: BootstrapContext): KObject[] {
  const cp = ctx.controlPlane;
  const renew = `${ctx.at(598).slice(0, 19)}.000000Z`;
  const leader = (name: string, at: number): KObject => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: meta(ctx, { name, namespace: "kube-system", createdAt: at }),
    spec: {
      acquireTime: `${ctx.at(at).slice(0, 19)}.000000Z`,
      holderIdentity: `${cp.name}_${ctx.ids.uid()}`,
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
      renewTime: renew,
    },
  });
  const out = [leader("kube-controller-manager", 14), leader("kube-scheduler", 15)];
  if (ctx.v.minor >= 26) {
    let id = "";
    for (let i = 0; i < 26; i++) id += "abcdefghijklmnopqrstuvwxyz234567"[ctx.ids.int(32)];
    out.push({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: meta(ctx, {
        name: `apiserver-${id}`,
        namespace: "kube-system",
        labels: { "apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": cp.name },
        createdAt: 3,
      }),
      spec: {
        holderIdentity: `apiserver-${id}_${ctx.ids.uid()}`,
        leaseDurationSeconds: 3600,
        renewTime: renew,
      },
    });
  }
  return out;
}
