/**
 * `systemctl` on a node, for the services a Kubernetes node runs: the kubelet and the
 * container runtime (containerd, or docker in the 1.21 era). Stopping them is how a lab
 * breaks a node by hand, and the cluster sees it as it would:
 *
 *   systemctl stop kubelet        the kubelet stops posting: after the grace period the node
 *                                 lifecycle controller marks the node Unknown, then taints it
 *   systemctl stop containerd     the kubelet posts Ready=False, "container runtime is down"
 *   systemctl start|restart X     the service runs again and the node is Ready
 *   systemctl is-active X         active / inactive (status 3)
 *
 * enable, disable and daemon-reload change nothing the simulation keeps and print nothing, as
 * they do for an enabled unit. `status` (PIDs, memory, the journal) is not simulated. Units
 * the node does not have are refused in systemd's words.
 */
import type { Cluster } from "../../sim/k8s/cluster.ts";
import { setNodeCondition } from "../../sim/k8s/controllers/node-lifecycle/index.ts";
import type { Command, CommandContext, ExecResult } from "../types.ts";

type UnitState = Map<string, boolean>;

/** Per cluster, per node: the services stopped by hand (absent: running). */
const stoppedUnits = new WeakMap<Cluster, Map<string, UnitState>>();

function unitsOf(cluster: Cluster, node: string): UnitState {
  let byNode = stoppedUnits.get(cluster);
  if (!byNode) {
    byNode = new Map();
    stoppedUnits.set(cluster, byNode);
  }
  let units = byNode.get(node);
  if (!units) {
    units = new Map();
    byNode.set(node, units);
  }
  return units;
}

/** The node's services: the kubelet and its container runtime. */
function nodeServices(cluster: Cluster): { kubelet: string; runtime: string } {
  return { kubelet: "kubelet", runtime: cluster.minor < 24 ? "docker" : "containerd" };
}

const result = (stdout: string, stderr: string, exitCode: number): ExecResult => ({ stdout, stderr, exitCode });

export const systemctlCommand: Command = {
  name: "systemctl",
  summary: "control the node's services (kubelet, the container runtime)",
  run(ctx: CommandContext): ExecResult {
    const cluster = ctx.host.cluster as Cluster | undefined;
    const node = ctx.host.hostname;
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith("-"));
    const [verb, ...names] = args;
    if (!cluster?.store.get("nodes", "", node)) {
      return result("", "System has not been booted with systemd as init system (PID 1). Can't operate.\n", 1);
    }
    if (verb === undefined || verb === "status" || verb === "list-units") {
      return result("", `error: "systemctl${verb ? ` ${verb}` : ""}" is not simulated by labgrader\n`, 1);
    }
    if (verb === "daemon-reload") return result("", "", 0);
    if (names.length === 0) return result("", `Too few arguments.\n`, 1);
    const services = nodeServices(cluster);
    const units = unitsOf(cluster, node);
    let out = "";
    let err = "";
    let code = 0;
    for (const raw of names) {
      const name = raw.replace(/\.service$/, "");
      const known = name === services.kubelet || name === services.runtime;
      const unit = `${name}.service`;
      switch (verb) {
        case "stop":
        case "start":
        case "restart":
          if (!known) {
            err += `Failed to ${verb} ${unit}: Unit ${unit} ${verb === "stop" ? "not loaded" : "not found"}.\n`;
            code = 5;
            continue;
          }
          if (verb === "stop") units.set(name, true);
          else units.delete(name);
          break;
        case "is-active":
          if (known && !units.has(name)) out += "active\n";
          else {
            out += "inactive\n";
            code = 3;
          }
          continue;
        case "enable":
        case "disable":
          if (!known) {
            // systemd 252 (measured): both say so, only enable fails.
            err += `Failed to ${verb} unit, unit ${unit} does not exist.\n`;
            if (verb === "enable") code = 1;
          }
          continue;
        default:
          return result("", `Unknown command verb ${verb}.\n`, 1);
      }
    }
    if (verb === "stop" || verb === "start" || verb === "restart") {
      const health = units.has(services.kubelet) ? "Unknown" : units.has(services.runtime) ? "NotReady" : "Ready";
      setNodeCondition(cluster, node, health);
    }
    return result(out, err, code);
  },
};
