/**
 * Container logs as the kubelet serves them (pkg/kubelet/kubelet_pods.go
 * validateContainerLogStatus): the running or last terminated instance, or with `previous`
 * the one before; a container that never ran answers why:
 *   container "nginx" in pod "web" is waiting to start: ContainerCreating
 *   container "nginx" in pod "web" is waiting to start: image can't be pulled        (ErrImagePull)
 *   container "nginx" in pod "web" is waiting to start: trying and failing to pull image (ImagePullBackOff)
 *   previous terminated container "nginx" in pod "web" not found
 */
import type { Kubelet } from "./kubelet.ts";
import { extendProgram, type LogLine } from "./program.ts";
import type { Ctr, Instance, PodRt } from "./types.ts";

export type LogsResult = { ok: true; lines: LogLine[] } | { ok: false; error: string };

export function containerLogs(k: Kubelet, p: PodRt, c: Ctr, previous: boolean, now: number): LogsResult {
  const pod = `"${p.name}"`;
  const name = `"${c.name}"`;
  let inst: Instance | undefined;
  if (previous) {
    inst = c.state === "waiting" ? c.last : c.last;
    if (c.state === "waiting" && c.current?.finishedAt !== undefined) inst = c.last;
    if (!inst) return { ok: false, error: `previous terminated container ${name} in pod ${pod} not found` };
  } else {
    inst = c.current;
    if (!inst) {
      const reason = c.waitingReason || "ContainerCreating";
      const why =
        reason === "ErrImagePull"
          ? "image can't be pulled"
          : reason === "ImagePullBackOff"
            ? "trying and failing to pull image"
            : reason;
      return { ok: false, error: `container ${name} in pod ${pod} is waiting to start: ${why}` };
    }
  }
  void k;
  inst.program = extendProgram(inst.program, inst.startedAt, Math.min(now, inst.finishedAt ?? now));
  const lines = [...inst.program.lines, ...inst.extraLines].filter(
    (l) => l.at <= now && l.at <= (inst.finishedAt ?? now),
  );
  lines.sort((a, b) => a.at - b.at);
  return { ok: true, lines };
}
