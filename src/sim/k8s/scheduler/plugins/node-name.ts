/**
 * NodeName (plugins/nodename): a pod naming a node in spec.nodeName fits only there. Pods that
 * already have a nodeName never reach the scheduler (they are bound at creation); this plugin
 * matters for explanations and for pods another component hands to the framework.
 */
import { Code, newStatus, type Plugin } from "../framework.ts";
import { nodeNameReason } from "../messages.ts";

export const NAME = "NodeName";

export function nodeName(): Plugin {
  return {
    name: NAME,
    nodeStatic: true,
    filter(ctx, node) {
      const want = ctx.pod.template.nodeName;
      if (!want || want === node.name) return null;
      return newStatus(Code.UnschedulableAndUnresolvable, nodeNameReason(ctx.minor));
    },
  };
}
