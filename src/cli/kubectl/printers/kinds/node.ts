/**
 * The Node row (printNode): STATUS is Ready/NotReady/Unknown from the Ready condition, plus
 * ",SchedulingDisabled" when cordoned; ROLES come from `node-role.kubernetes.io/<role>` labels
 * and the legacy `kubernetes.io/role=<role>` label, sorted.
 */
import type { KObject } from "../../../../sim/k8s/api/object.ts";
import { translateTimestampSince } from "../age.ts";
import { ageCol, col, type KindPrinter, nameCol, wideCol } from "../columns.ts";
import { byString, type Json } from "../format.ts";

const ROLE_PREFIX = "node-role.kubernetes.io/";
const ROLE_LABEL = "kubernetes.io/role";

export function nodeRoles(node: KObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v !== "") {
      roles.add(v);
    }
  }
  return [...roles].sort(byString);
}

export function nodeStatus(node: KObject): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c: Json) => c.type === "Ready");
  if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
  if (status.length === 0) status.push("Unknown");
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

function address(node: KObject, type: string): string {
  const a = (node.status?.addresses ?? []).find((x: Json) => x.type === type);
  return a?.address ?? "<none>";
}

export const nodePrinter: KindPrinter = {
  columns: () => [
    nameCol,
    col("Status"),
    col("Roles"),
    ageCol,
    col("Version"),
    wideCol("Internal-IP"),
    wideCol("External-IP"),
    wideCol("OS-Image"),
    wideCol("Kernel-Version"),
    wideCol("Container-Runtime"),
  ],
  row: (node, opts) => {
    const info = node.status?.nodeInfo ?? {};
    const roles = nodeRoles(node);
    return [
      node.metadata.name ?? "",
      nodeStatus(node),
      roles.length ? roles.join(",") : "<none>",
      translateTimestampSince(node.metadata.creationTimestamp, opts.now),
      info.kubeletVersion ?? "",
      address(node, "InternalIP"),
      address(node, "ExternalIP"),
      info.osImage || "<unknown>",
      info.kernelVersion || "<unknown>",
      info.containerRuntimeVersion || "<unknown>",
    ];
  },
};
