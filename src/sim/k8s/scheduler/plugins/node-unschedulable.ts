/**
 * NodeUnschedulable (plugins/nodeunschedulable): a cordoned node (`spec.unschedulable: true`)
 * takes no new pods, unless the pod tolerates the `node.kubernetes.io/unschedulable:NoSchedule`
 * taint (DaemonSet pods do).
 */
import { Code, newStatus, type Plugin, type Status } from "../framework.ts";
import { UNSCHEDULABLE_REASON } from "../messages.ts";
import { tolerationsTolerate } from "./taint-toleration.ts";

export const NAME = "NodeUnschedulable";

const UNSCHEDULABLE_TAINT = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };
const REJECTED: Status = newStatus(Code.UnschedulableAndUnresolvable, UNSCHEDULABLE_REASON);

export function nodeUnschedulable(): Plugin {
  return {
    name: NAME,
    nodeStatic: true,
    filter(ctx, node) {
      if (!node.unschedulable) return null;
      return tolerationsTolerate(ctx.pod.template.tolerations, UNSCHEDULABLE_TAINT) ? null : REJECTED;
    },
  };
}
