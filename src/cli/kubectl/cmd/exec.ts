/**
 * kubectl exec (staging/src/k8s.io/kubectl/pkg/cmd/exec): `POD|TYPE/NAME [-c C] [-i] [-t] -- CMD`.
 * The command runs in the container's live filesystem with its environment (src/cli/container);
 * its exit code becomes kubectl's, with `command terminated with exit code N`.
 *
 * Versions: 1.21 still runs `kubectl exec POD CMD` (no `--`) after a deprecation warning; 1.33
 * refuses it. A command the image lacks is the runtime's error: on dockershim it arrives on the
 * stream (exit 126), on containerd as an Internal error from the server.
 */
import "../../container/index.ts";
import { type RunOptions, runInContainer } from "../../../sim/k8s/kubelet/container-runtime.ts";
import { kubeletOf } from "../../../sim/k8s/kubelet/index.ts";
import { hasBinary } from "../../container/binaries.ts";
import { chooseExecContainer, findPod } from "../../container/select.ts";
import { shellQuote } from "../../container/shell.ts";
import type { ExecResult } from "../../types.ts";
import { FILENAME_FLAGS, type KubectlCommand } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { bool, type FlagValues, str } from "../flags.ts";

export const execCommand: KubectlCommand = {
  name: "exec",
  short: "Execute a command in a container",
  usage: "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
  flags: [
    ...FILENAME_FLAGS,
    { name: "container", short: "c", kind: "string" },
    { name: "stdin", short: "i", kind: "bool" },
    { name: "tty", short: "t", kind: "bool" },
    { name: "quiet", short: "q", kind: "bool" },
    { name: "pod-running-timeout", kind: "string", default: "1m0s" },
  ],
  run: (k, args, flags, afterDash) => runExec(k, args, flags, afterDash),
};

const SHELLS = new Set(["sh", "bash", "ash", "dash", "/bin/sh", "/bin/bash", "/bin/ash", "/usr/bin/bash"]);

function runExec(k: Kubectl, args: string[], flags: FlagValues, afterDash: string[] | undefined): ExecResult {
  const fail = (stderr: string, exitCode = 1): ExecResult => ({ stdout: "", stderr, exitCode });
  if (args.length === 0) {
    if (k.cluster.minor < 22) {
      return fail(
        "error: expected 'exec (POD | TYPE/NAME) COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD or TYPE/NAME and COMMAND are required arguments for the exec command\nSee 'kubectl exec -h' for help and examples\n",
      );
    }
    return fail("error: pod, type/name or --filename must be specified\n");
  }
  let warning = "";
  let command = afterDash ?? [];
  if (args.length > 1) {
    if (k.cluster.minor >= 22 && afterDash === undefined) {
      return fail(
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
      );
    }
    if (afterDash === undefined) {
      warning =
        "kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n";
      command = args.slice(1);
    }
  }
  if (command.length === 0) return fail(`${warning}error: you must specify at least one command for the container\n`);
  const found = findPod(k, args[0]);
  if (!found.ok) return fail(warning + found.error);
  const pod = found.pod;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") {
    return fail(`${warning}error: cannot exec into a container in a completed pod; current phase is ${phase}\n`);
  }
  const chosen = chooseExecContainer(pod, str(flags, "container"));
  if (!chosen.ok) return fail(warning + chosen.error);
  const notice = bool(flags, "quiet") ? "" : chosen.notice;
  const kubelet = kubeletOf(k.cluster);
  const p = kubelet?.podRt(pod.metadata.namespace ?? "default", pod.metadata.name ?? "");
  const c = p?.ctrs.find((x) => x.name === chosen.name);
  if (!kubelet || !p || !c || c.state !== "running" || !c.current) {
    return fail(`${warning}${notice}error: unable to upgrade connection: container not found ("${chosen.name}")\n`);
  }
  const inst = c.current;
  const exe = command[0];
  if (!hasBinary(inst.image.base, inst.image.entry.extraBinaries, exe)) {
    const what = `exec: "${exe}": executable file not found in $PATH: unknown`;
    if (kubelet.runtime === "docker") {
      return {
        stdout: `OCI runtime exec failed: exec failed: container_linux.go:380: starting container process caused: ${what}\r\n`,
        stderr: `${warning}${notice}command terminated with exit code 126\n`,
        exitCode: 126,
      };
    }
    const execId = hexOf(`${inst.id}/${k.now()}/${command.join(" ")}`);
    return fail(
      `${warning}${notice}error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId}": OCI runtime exec failed: exec failed: unable to start container process: ${what}\n`,
    );
  }
  const interactiveShell = SHELLS.has(exe) && command.length === 1;
  let script: string;
  let shell: RunOptions["shell"];
  if (interactiveShell) {
    script = bool(flags, "stdin") ? k.stdin : "";
    // Typed at the shell's prompt through a terminal (-t), or read from a pipe.
    shell = { name: exe, input: bool(flags, "tty") ? "interactive" : "stdin" };
  } else if (SHELLS.has(exe) && command[1] === "-c" && command.length >= 3) {
    script = command[2];
    const named = command[3];
    shell = { name: exe, input: named === undefined ? "command" : "named-command", arg0: named };
  } else script = shellQuote(command);
  const r = runInContainer(kubelet, p, c, {
    script,
    at: k.now(),
    now: () => k.now(),
    advance: (ms) => k.advance(ms),
    withPwd: SHELLS.has(exe),
    shell,
  });
  let stderr = warning + notice + r.stderr;
  if (r.exitCode !== 0) stderr += `command terminated with exit code ${r.exitCode}\n`;
  return { stdout: r.stdout, stderr, exitCode: r.exitCode };
}

/** A 64-hex exec id, stable for the same container, time and command. */
function hexOf(seed: string): string {
  let out = "";
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ (seed.charCodeAt(i) + round), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}
