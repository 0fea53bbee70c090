/**
 * kubectl top (top.go, top_pod.go, top_node.go): CPU and memory usage read from the Metrics API
 * (metrics.k8s.io), which metrics-server serves. A kubeadm cluster has no metrics-server until
 * someone installs it, so discovery finds no such group and every `kubectl top pod|node` ends
 * the way kubectl ends it then, before it looks at any pod or node: `error: Metrics API not
 * available`.
 */
import type { ExecResult } from "../../types.ts";
import type { KubectlCommand } from "../command.ts";

/**
 * SupportedMetricsAPIVersionAvailable fails: nothing in the simulation serves metrics.k8s.io
 * (an aggregated API a CRD cannot stand in for), so there is no usage to show.
 */
const metricsUnavailable = (): ExecResult => ({
  stdout: "",
  stderr: "error: Metrics API not available\n",
  exitCode: 1,
});

const topPodCommand: KubectlCommand = {
  name: "pod",
  aliases: ["pods", "po"],
  short: "Display resource (CPU/memory) usage of pods",
  usage: "kubectl top pod [NAME | -l label]",
  flags: [
    { name: "all-namespaces", short: "A", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "field-selector", kind: "string" },
    { name: "containers", kind: "bool" },
    { name: "no-headers", kind: "bool" },
    { name: "sort-by", kind: "string" },
    { name: "sum", kind: "bool" },
    { name: "use-protocol-buffers", kind: "bool", default: true },
  ],
  run: metricsUnavailable,
};

const topNodeCommand: KubectlCommand = {
  name: "node",
  aliases: ["nodes", "no"],
  short: "Display resource (CPU/memory) usage of nodes",
  usage: "kubectl top node [NAME | -l label]",
  flags: [
    { name: "selector", short: "l", kind: "string" },
    { name: "no-headers", kind: "bool" },
    { name: "sort-by", kind: "string" },
    { name: "show-capacity", kind: "bool" },
    { name: "use-protocol-buffers", kind: "bool", default: true },
  ],
  run: metricsUnavailable,
};

export const topCommand: KubectlCommand = {
  name: "top",
  short: "Display resource (CPU/memory) usage",
  usage: "kubectl top [flags] [options]",
  flags: [],
  subcommands: [topNodeCommand, topPodCommand],
};
