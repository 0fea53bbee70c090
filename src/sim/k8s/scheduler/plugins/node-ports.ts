/**
 * NodePorts (plugins/nodeports): a pod's hostPorts must be free on the node. A port bound on
 * 0.0.0.0 conflicts with the same protocol/port on any address; one bound on a specific
 * address conflicts with that address and with 0.0.0.0.
 */
import { Code, newStatus, type Plugin, SKIP, type Status } from "../framework.ts";
import { PORTS_REASON } from "../messages.ts";

export const NAME = "NodePorts";

const CONFLICT: Status = newStatus(Code.Unschedulable, PORTS_REASON);

export function nodePorts(): Plugin {
  return {
    name: NAME,
    nodeLocal: true,
    preFilter(ctx) {
      return ctx.pod.template.hostPorts.length === 0 ? SKIP : null;
    },
    filter(ctx, node) {
      const used = node.usedPorts;
      if (!used) return null;
      for (const hp of ctx.pod.template.hostPorts) {
        const ips = used.get(`${hp.protocol}/${hp.port}`);
        if (!ips) continue;
        if (hp.hostIP === "0.0.0.0" || ips.includes("0.0.0.0") || ips.includes(hp.hostIP)) return CONFLICT;
      }
      return null;
    },
  };
}
