/**
 * The programs of the images' own software that students run through `kubectl exec`, where
 * the simulation knows what they print:
 *
 *   nginx -v            nginx version: nginx/1.27.5          (on stderr, as nginx writes it)
 *   redis-cli ping      PONG                                  (a server listening in the pod)
 *   redis-cli -v        redis-cli 7.4.6
 *
 * Other arguments (nginx -t, which would read a configuration the simulation does not parse;
 * redis-cli commands) are refused as not simulated rather than answered with a guess. A program
 * of the image with no entry here is refused the same way by the shell.
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import type { ResolvedImage } from "../../sim/k8s/images/registry.ts";
import { kubeletOf } from "../../sim/k8s/kubelet/index.ts";
import type { Command, CommandContext, ExecResult } from "../types.ts";
import { errResult, okResult } from "../types.ts";

const notSimulated = (ctx: CommandContext): ExecResult =>
  errResult(`error: "${ctx.argv.join(" ")}" is not simulated by labgrader\n`);

/** The image the command runs in, and the version of its software the tag carries. */
function versionOf(ctx: CommandContext): string | undefined {
  return (ctx.host.image as ResolvedImage | undefined)?.tag.version;
}

const REDIS_PORT = 6379;

/** Whether a running container of the pod (they share localhost) serves `port`. */
function listening(ctx: CommandContext, port: number): boolean {
  const pod = ctx.host.pod as KObject | undefined;
  const kubelet = kubeletOf(ctx.host.cluster as Cluster);
  const p = pod && kubelet?.podRt(pod.metadata.namespace ?? "default", pod.metadata.name ?? "");
  return !!p && p.ctrs.some((c) => c.state === "running" && c.current?.program.ports.includes(port));
}

export const nginxCommand: Command = {
  name: "nginx",
  summary: "the nginx of the image: -v prints its version",
  run(ctx) {
    const version = versionOf(ctx);
    const args = ctx.argv.slice(1);
    if (version !== undefined && args.length === 1 && args[0] === "-v") {
      return { stdout: "", stderr: `nginx version: nginx/${version}\n`, exitCode: 0 };
    }
    return notSimulated(ctx);
  },
};

export const redisCliCommand: Command = {
  name: "redis-cli",
  summary: "the redis-cli of the image: ping, -v",
  run(ctx) {
    const version = versionOf(ctx);
    const args = ctx.argv.slice(1);
    if (version !== undefined && args.length === 1 && (args[0] === "-v" || args[0] === "--version")) {
      return okResult(`redis-cli ${version}\n`);
    }
    if (args.length === 1 && args[0].toLowerCase() === "ping") {
      if (listening(ctx, REDIS_PORT)) return okResult("PONG\n");
      return errResult(`Could not connect to Redis at 127.0.0.1:${REDIS_PORT}: Connection refused\n`);
    }
    return notSimulated(ctx);
  },
};
