/**
 * `kubectl describe node` (describeNode): conditions, addresses, capacity, the node's lease,
 * its non-terminated pods with their requests/limits as a share of allocatable, and the totals.
 *
 * Worked example of the percentages (integer-truncated, as Go's int64(float64)): a node with
 * 2 allocatable CPUs (2000m) running pods requesting 100m and 250m shows "100m (5%)",
 * "250m (12%)" and allocated "350m (17%)" (350 / 2000 * 100 = 17.5 -> 17).
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { formatRFC1123Z, translateTimestampSince } from "../printers/age.ts";
import { byString, type Json } from "../printers/format.ts";
import { nodeRoles } from "../printers/kinds/node.ts";
import {
  addQuantity,
  formatQuantity,
  parseQuantity,
  type Quantity,
  quantityMilliValue,
  quantityValue,
  ZERO,
} from "../printers/quantity.ts";
import {
  type DescribeContext,
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
} from "./common.ts";
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from "./writer.ts";

type ResourceTotals = Map<string, Quantity>;

function addList(into: ResourceTotals, list: Record<string, unknown> | undefined): void {
  for (const [name, v] of Object.entries(list ?? {})) {
    const q = parseQuantity(v);
    const cur = into.get(name);
    into.set(name, cur ? addQuantity(cur, q) : q);
  }
}

/** PodRequests/PodLimits: the sum over containers, at least the largest init container. */
export function podResources(pod: KObject, field: "requests" | "limits"): ResourceTotals {
  const sum: ResourceTotals = new Map();
  for (const c of pod.spec?.containers ?? []) addList(sum, c.resources?.[field]);
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [name, v] of Object.entries<unknown>(c.resources?.[field] ?? {})) {
      const q = parseQuantity(v);
      const cur = sum.get(name);
      if (!cur || q.nano > cur.nano) sum.set(name, q);
    }
  }
  return sum;
}

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.trunc((part / whole) * 100));

function describeNodeResource(pods: KObject[], node: KObject, w: PrefixWriter, ctx: DescribeContext): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const capacity = node.status?.capacity ?? {};
  const allocatableList: Record<string, unknown> =
    Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status.allocatable : capacity;
  const alloc = (name: string): Quantity => parseQuantity(allocatableList[name] ?? "0");
  const cpuAlloc = quantityMilliValue(alloc("cpu"));
  const memAlloc = quantityValue(alloc("memory"));
  const fmt = (q: Quantity | undefined): Quantity => q ?? ZERO;
  for (const pod of pods) {
    const req = podResources(pod, "requests");
    const lim = podResources(pod, "limits");
    const cells = [
      [fmt(req.get("cpu")), cpuAlloc, true],
      [fmt(lim.get("cpu")), cpuAlloc, true],
      [fmt(req.get("memory")), memAlloc, false],
      [fmt(lim.get("memory")), memAlloc, false],
    ] as const;
    const text = cells
      .map(
        ([q, whole, milli]) =>
          `${formatQuantity(q)} (${percent(milli ? quantityMilliValue(q) : quantityValue(q), whole)}%)`,
      )
      .join("\t");
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ""}\t${pod.metadata.name ?? ""}\t\t${text}\t${translateTimestampSince(pod.metadata.creationTimestamp, ctx.now)}\n`,
    );
  }

  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const reqs: ResourceTotals = new Map();
  const limits: ResourceTotals = new Map();
  for (const pod of pods) {
    for (const [k, v] of podResources(pod, "requests")) reqs.set(k, reqs.has(k) ? addQuantity(reqs.get(k)!, v) : v);
    for (const [k, v] of podResources(pod, "limits")) limits.set(k, limits.has(k) ? addQuantity(limits.get(k)!, v) : v);
  }
  const row = (name: string, milli: boolean, whole: number): void => {
    const r = fmt(reqs.get(name));
    const l = fmt(limits.get(name));
    const v = (q: Quantity): number => (milli ? quantityMilliValue(q) : quantityValue(q));
    w.write(
      LEVEL_1,
      `${name}\t${formatQuantity(r)} (${percent(v(r), whole)}%)\t${formatQuantity(l)} (${percent(v(l), whole)}%)\n`,
    );
  };
  row("cpu", true, cpuAlloc);
  row("memory", false, memAlloc);
  row("ephemeral-storage", false, quantityValue(alloc("ephemeral-storage")));
  const names = Object.keys(allocatableList).sort(byString);
  for (const name of names.filter((n) => n.startsWith("hugepages-"))) row(name, false, quantityValue(alloc(name)));
  const standard = new Set(["cpu", "memory", "ephemeral-storage", "pods", "storage"]);
  for (const name of names.filter(
    (n) => !n.startsWith("hugepages-") && !standard.has(n) && !n.startsWith("requests."),
  )) {
    w.write(LEVEL_1, `${name}\t${formatQuantity(fmt(reqs.get(name)))}\t${formatQuantity(fmt(limits.get(name)))}\n`);
  }
}

function printResourceList(w: PrefixWriter, list: Record<string, unknown>): void {
  for (const name of Object.keys(list).sort(byString))
    w.write(LEVEL_0, `  ${name}:\t${formatQuantity(parseQuantity(list[name]))}\n`);
}

export function describeNode(node: KObject, ctx: DescribeContext): string {
  const name = node.metadata.name ?? "";
  const pods = ctx
    .list("pods")
    .filter((p) => p.spec?.nodeName === name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")
    .sort(
      (a, b) =>
        byString(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
        byString(a.metadata.name ?? "", b.metadata.name ?? ""),
    );
  const lease = ctx.list("leases.coordination.k8s.io", "kube-node-lease").find((l) => l.metadata.name === name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, "Taints", node.spec?.taints);
    w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
    if (lease) {
      w.write(LEVEL_0, "Lease:\n");
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? "<unset>"}\n`);
      w.write(
        LEVEL_1,
        `AcquireTime:\t${lease.spec?.acquireTime ? formatRFC1123Z(lease.spec.acquireTime) : "<unset>"}\n`,
      );
      w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? formatRFC1123Z(lease.spec.renewTime) : "<unset>"}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);
    }
    const conditions: Json[] = node.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime)} \t${formatRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
      }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of node.status?.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    if (Object.keys(node.status?.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, "Capacity:\n");
      printResourceList(w, node.status.capacity);
    }
    if (Object.keys(node.status?.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, "Allocatable:\n");
      printResourceList(w, node.status.allocatable);
    }
    const info = node.status?.nodeInfo ?? {};
    w.write(LEVEL_0, "System Info:\n");
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ""}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ""}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ""}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ""}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ""}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ""}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ""}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ""}\n`);
    // kubeProxyVersion was deprecated in 1.31 and dropped from the output.
    if (ctx.minor < 31) w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ""}\n`);
    if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    if ((node.spec?.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs.join(",")}\n`);
    if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
    describeNodeResource(pods, node, w, ctx);
    describeEvents(ctx.events(node), w, ctx);
  });
}
