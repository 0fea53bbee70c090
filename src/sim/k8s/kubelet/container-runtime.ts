/**
 * What runs against a live container: its filesystem at a given time (the program's recorded
 * changes replayed up to then, on top of whatever `kubectl exec` changed), commands run
 * inside it (exec probes, lifecycle hooks, `kubectl exec`), and HTTP answered by its server.
 */
import { type ContainerShellOptions, createContainerShell } from "../../../cli/container/shell.ts";
import type { VirtualFs } from "../../../cli/shell/vfs.ts";
import type { ExecResult } from "../../../cli/types.ts";
import type { ServerKind } from "../images/catalogue.ts";
import { accessLine, answerHttp, type HttpAnswer, type HttpRequest } from "../images/servers.ts";
import type { Kubelet } from "./kubelet.ts";
import { buildRootfs } from "./rootfs.ts";
import type { Ctr, Instance, PodRt } from "./types.ts";

/** The container's filesystem as it is at `at`. */
export function liveFs(inst: Instance, at: number): VirtualFs | undefined {
  if (!inst.fs) {
    if (!inst.rootfs || !inst.fsClock) return undefined;
    inst.fs = buildRootfs(inst.rootfs, inst.fsClock, false);
  }
  const changes = inst.program.changes;
  while (inst.applied < changes.length && changes[inst.applied].at <= at) {
    changes[inst.applied].apply(inst.fs);
    inst.applied++;
  }
  return inst.fs;
}

export interface RunOptions {
  /** Command-line text to run in a shell, or argv run as one command. */
  script: string;
  at: number;
  /** Advances virtual time (kubectl exec ... sleep): the caller's clock. Default: time does not pass. */
  advance?: (ms: number) => boolean;
  now?: () => number;
  stdin?: string;
  services?: Record<string, unknown>;
  withPwd?: boolean;
  /** The shell the script runs in (`sh -c`, an interactive `bash`); none for a bare command. */
  shell?: ContainerShellOptions["shell"];
}

/** Runs a command line inside a running container. */
export function runInContainer(k: Kubelet, p: PodRt, c: Ctr, o: RunOptions): ExecResult {
  const inst = c.current;
  if (!inst) return { stdout: "", stderr: "", exitCode: 1 };
  const fs = liveFs(inst, o.at);
  if (!fs) return { stdout: "", stderr: "", exitCode: 1 };
  let local = o.at;
  const shell = createContainerShell({
    fs,
    env: inst.env,
    hostname: inst.env.HOSTNAME ?? p.name,
    ip: p.ip ?? "",
    cwd: c.spec.workingDir ?? inst.image.entry.workingDir ?? "/",
    now: o.now ?? (() => local),
    advance:
      o.advance ??
      ((ms) => {
        local += ms;
        return true;
      }),
    services: { cluster: k.cluster, pod: p.pod, container: c.name, ...o.services },
    withPwd: o.withPwd,
    image: inst.image,
    shell: o.shell,
    limits: { maxCommands: 10_000, maxLoopIterations: 10_000 },
  });
  // The process ends with the command: an EXIT trap it set runs.
  return shell.exec(o.script, { asProcess: true });
}

export type HttpResult =
  | { ok: true; answer: HttpAnswer; server: ServerKind; version: string | undefined }
  | { ok: false; refused: true };

/**
 * An HTTP request reaching a pod's port: answered by the container serving it (and logged in
 * its access log), or refused when nothing listens there.
 */
export function serveHttp(k: Kubelet, p: PodRt, port: number, req: HttpRequest): HttpResult {
  for (const c of p.ctrs) {
    const inst = c.current;
    if (c.state !== "running" || !inst || !inst.program.ports.includes(port)) continue;
    const kind = inst.image.entry.server;
    if (!kind) continue;
    const node = k.node(p.node);
    const ctx = {
      version: inst.image.tag.version,
      hostname: inst.env.HOSTNAME ?? p.name,
      ip: p.ip ?? "",
      kernel: node.kernel,
      cpus: node.cpus,
    };
    const answer = answerHttp(kind, ctx, req.path, (path) => {
      const fs = liveFs(inst, req.at);
      const r = fs?.readFile(path);
      const st = r?.ok ? fs?.stat(path) : undefined;
      return r?.ok && st?.ok ? { content: r.value, mtime: st.value.mtime } : undefined;
    });
    if (!answer) return { ok: false, refused: true };
    const line = accessLine(kind, req, answer);
    if (line) inst.extraLines.push({ at: req.at, stream: line.stream, text: line.text });
    return { ok: true, answer, server: kind, version: ctx.version };
  }
  return { ok: false, refused: true };
}
