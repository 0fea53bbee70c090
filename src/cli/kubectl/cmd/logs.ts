/**
 * kubectl logs (staging/src/k8s.io/kubectl/pkg/cmd/logs): `POD [CONTAINER]`, `TYPE/NAME`,
 * `-l selector`, `-c`, `--all-containers`, `-p/--previous`, `-f` (returns at the current
 * virtual time: nothing more is written while kubectl waits), `--tail`, `--since`,
 * `--since-time`, `--timestamps`, `--prefix`. The kubelet decides what a container has logged.
 */

import { parseRfc3339 } from "../../../sim/core/clock.ts";
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { kubeletOf } from "../../../sim/k8s/kubelet/index.ts";
import { containerLogs } from "../../../sim/k8s/kubelet/logs.ts";
import type { LogLine } from "../../../sim/k8s/kubelet/program.ts";
import { parseLabelSelector } from "../../../sim/k8s/selectors/labels.ts";
import { chooseLogsContainer, findPod, parseGoDuration } from "../../container/select.ts";
import type { ExecResult } from "../../types.ts";
import type { KubectlCommand } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { bool, type FlagValues, int, str } from "../flags.ts";

export const logsCommand: KubectlCommand = {
  name: "logs",
  short: "Print the logs for a container in a pod",
  usage: "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
  flags: [
    { name: "container", short: "c", kind: "string" },
    { name: "previous", short: "p", kind: "bool" },
    { name: "follow", short: "f", kind: "bool" },
    { name: "tail", kind: "int", default: -1 },
    { name: "since", kind: "string" },
    { name: "since-time", kind: "string" },
    { name: "timestamps", kind: "bool" },
    { name: "selector", short: "l", kind: "string" },
    { name: "all-containers", kind: "bool" },
    { name: "all-pods", kind: "bool" },
    { name: "prefix", kind: "bool" },
    { name: "max-log-requests", kind: "int", default: 5 },
    { name: "limit-bytes", kind: "int", default: 0 },
    { name: "ignore-errors", kind: "bool" },
    { name: "pod-running-timeout", kind: "string", default: "20s" },
    { name: "insecure-skip-tls-verify-backend", kind: "bool" },
  ],
  run: (k, args, flags) => runLogs(k, args, flags),
};

const usage = (message: string): ExecResult => ({
  stdout: "",
  stderr: `error: ${message}\nSee 'kubectl logs -h' for help and examples\n`,
  exitCode: 1,
});

function runLogs(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const selector = str(flags, "selector");
  if (selector && args.length > 0) return usage("only a selector (-l) or a POD name is allowed");
  if (!selector && (args.length === 0 || args.length > 2)) {
    return usage(
      "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command",
    );
  }
  for (const name of ["since"]) {
    const v = str(flags, name);
    if (v) {
      const d = parseGoDuration(v);
      if (!d.ok)
        return {
          stdout: "",
          stderr: `error: invalid argument "${v}" for "--${name}" flag: ${d.error}\nSee 'kubectl logs --help' for usage.\n`,
          exitCode: 1,
        };
    }
  }
  if (str(flags, "since") && str(flags, "since-time"))
    return usage("at most one of `sinceTime` or `sinceSeconds` may be specified");
  let pods: KObject[];
  let stderr = "";
  let container = str(flags, "container");
  if (selector) {
    const sel = parseLabelSelector(selector);
    if (!sel.ok) return { stdout: "", stderr: `error: ${sel.error}\n`, exitCode: 1 };
    const podsType = k.cluster.discovery.forKind("v1", "Pod")!;
    pods = k.cluster.api.list(podsType, k.namespace, { filter: (p) => sel.selector.matches(p.metadata.labels ?? {}) });
    if (pods.length === 0)
      return { stdout: "", stderr: `No resources found in ${k.namespace} namespace.\n`, exitCode: 0 };
    const max = int(flags, "max-log-requests", 5);
    if (pods.length > max && bool(flags, "follow")) {
      return {
        stdout: "",
        stderr: `error: you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit\n`,
        exitCode: 1,
      };
    }
  } else {
    if (args.length === 2) {
      if (container) return usage("only one of -c or an inline [CONTAINER] arg is allowed");
      container = args[1];
    }
    const found = findPod(k, args[0]);
    if (!found.ok) return { stdout: "", stderr: found.error, exitCode: 1 };
    if (found.candidates > 1 && k.cluster.minor >= 22)
      stderr += `Found ${found.candidates} pods, using pod/${found.pod.metadata.name}\n`;
    pods = [found.pod];
  }
  const kubelet = kubeletOf(k.cluster);
  const now = k.now();
  let sinceMs: number | undefined;
  if (str(flags, "since")) {
    const d = parseGoDuration(str(flags, "since"));
    if (d.ok) sinceMs = now - d.ms;
  }
  if (str(flags, "since-time")) {
    const t = parseRfc3339(str(flags, "since-time"));
    if (Number.isNaN(t))
      return { stdout: "", stderr: `error: ${str(flags, "since-time")} is not a valid RFC3339 time\n`, exitCode: 1 };
    sinceMs = t;
  }
  const tail = int(flags, "tail", selector ? 10 : -1);
  const timestamps = bool(flags, "timestamps");
  const prefix = bool(flags, "prefix");
  let stdout = "";
  let exitCode = 0;
  for (const pod of pods) {
    const names: string[] = [];
    if (bool(flags, "all-containers")) {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) names.push(c.name);
    } else {
      const chosen = chooseLogsContainer(k.cluster.minor, pod, container);
      if (!chosen.ok) return { stdout, stderr: stderr + chosen.error, exitCode: 1 };
      stderr += chosen.notice;
      names.push(chosen.name);
    }
    for (const name of names) {
      const p = kubelet?.podRt(pod.metadata.namespace ?? "default", pod.metadata.name ?? "");
      const c = p?.ctrs.find((x) => x.name === name);
      if (!kubelet || !p || !c) {
        if (!pod.spec?.nodeName) continue;
        stderr += `Error from server (BadRequest): container "${name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating\n`;
        exitCode = 1;
        continue;
      }
      const r = containerLogs(kubelet, p, c, bool(flags, "previous"), now);
      if (!r.ok) {
        stderr += `Error from server (BadRequest): ${r.error}\n`;
        exitCode = 1;
        if (!bool(flags, "ignore-errors")) return { stdout, stderr, exitCode };
        continue;
      }
      let lines: LogLine[] = r.lines;
      if (sinceMs !== undefined) lines = lines.filter((l) => l.at >= sinceMs!);
      if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
      const pre = prefix ? `[pod/${pod.metadata.name}/${name}] ` : "";
      let text = lines.map((l) => `${pre}${timestamps ? `${nanoTime(l.at)} ` : ""}${l.text}\n`).join("");
      const limit = int(flags, "limit-bytes", 0);
      if (limit > 0) text = text.slice(0, limit);
      stdout += text;
    }
  }
  return { stdout, stderr, exitCode };
}

/** RFC 3339 with nanoseconds, as the kubelet stamps CRI log lines: 2026-01-05T09:00:03.040123456Z. */
function nanoTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const nanos = String((ms % 1000) * 1_000_000 + ((ms * 7919) % 1_000_000)).padStart(9, "0");
  return `${iso.slice(0, 19)}.${nanos}Z`;
}
