/**
 * kubectl run (run.go; only Pods since 1.18): the run-pod/v1 generator with `run=NAME`
 * labels, `dnsPolicy: ClusterFirst`, the restart policy, env, port, `--command` and args,
 * `--overrides` merged in, and `--expose` creating a Service first.
 *
 * The simulated terminal cannot attach to a container: `-i`, `-t`, `--attach` and `--rm` are
 * reported as such instead of pretending a session happened.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { strategicMergePatch } from "../../../sim/k8s/patch/strategic.ts";
import type { ExecResult } from "../../types.ts";
import { DRY_RUN_FLAG, type DryRun, dryRunSuffix, type KubectlCommand, OUTPUT_FLAGS, parseDryRun } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { renderError } from "../errors.ts";
import { bool, type FlagValues, int, list, str } from "../flags.ts";
import { withLastApplied } from "./apply.ts";
import { objectMeta } from "./create-common.ts";
import { printObjects } from "./shared.ts";
import { errorLine, failure, usageError } from "./targets.ts";

/** docker/distribution's reference grammar, as kubectl validates `--image`. */
const IMAGE_REFERENCE =
  /^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}))?$/;

export const runCommand: KubectlCommand = {
  name: "run",
  short: "Run a particular image on the cluster",
  usage:
    'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  flags: [
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "image", kind: "string" },
    { name: "image-pull-policy", kind: "string" },
    { name: "env", kind: "stringArray" },
    { name: "port", kind: "string" },
    { name: "labels", short: "l", kind: "string" },
    { name: "annotations", kind: "stringArray" },
    { name: "restart", kind: "string", default: "Always" },
    { name: "command", kind: "bool" },
    { name: "overrides", kind: "string" },
    { name: "expose", kind: "bool" },
    { name: "hostport", kind: "int", default: -1 },
    { name: "serviceaccount", kind: "string" },
    { name: "stdin", short: "i", kind: "bool" },
    { name: "tty", short: "t", kind: "bool" },
    { name: "attach", kind: "bool" },
    { name: "leave-stdin-open", kind: "bool" },
    { name: "rm", kind: "bool" },
    { name: "quiet", short: "q", kind: "bool" },
    { name: "privileged", kind: "bool" },
    { name: "save-config", kind: "bool" },
    { name: "record", kind: "bool" },
    { name: "pod-running-timeout", kind: "string", default: "1m0s" },
    { name: "timeout", kind: "string", default: "0s" },
    { name: "wait", kind: "bool" },
    { name: "cascade", kind: "string", default: "background" },
    { name: "force", kind: "bool" },
    { name: "grace-period", kind: "int", default: -1 },
    { name: "field-manager", kind: "string", default: "kubectl-run" },
    { name: "filename", short: "f", kind: "stringArray" },
    { name: "kustomize", short: "k", kind: "string" },
    { name: "recursive", short: "R", kind: "bool" },
  ],
  run: (k, args, flags, afterDash) => runRun(k, args, flags, afterDash),
};

function runRun(k: Kubectl, args: string[], flags: FlagValues, afterDash: string[] | undefined): ExecResult {
  if (args.length === 0) return usageError("kubectl run", "NAME is required for run");
  const name = args[0];
  const containerArgs = [...args.slice(1), ...(afterDash ?? [])];
  const image = str(flags, "image");
  if (image === "") return usageError("kubectl run", "--image is required");
  if (!IMAGE_REFERENCE.test(image)) return errorLine(`Invalid image name "${image}": invalid reference format`);
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return errorLine(dry.error);
  const restart = str(flags, "restart");
  if (!["Always", "OnFailure", "Never"].includes(restart)) return errorLine(`invalid restart policy: ${restart}`);
  const interactive = bool(flags, "stdin") || bool(flags, "tty") || bool(flags, "attach");
  if (bool(flags, "rm") && !interactive)
    return usageError("kubectl run", "--rm should only be used for attached containers");
  if (bool(flags, "expose") && str(flags, "port") === "")
    return errorLine("--port must be set when exposing a service");
  if (bool(flags, "tty") && !bool(flags, "stdin")) {
    // kubectl warns and carries on; a TTY without stdin is harmless here.
  }

  const pod = buildPod(k, name, image, containerArgs, flags, restart);
  if (!pod.ok) return pod.result;
  let object = pod.object;
  if (bool(flags, "save-config")) object = withLastApplied(object);

  if (interactive && bool(flags, "rm")) {
    return failure(
      `error: this simulated terminal cannot attach to a container, so "kubectl run --rm -i/-t" was not run; pod "${name}" was not created (run it without -i, -t and --rm, then use "kubectl logs ${name}")\n`,
    );
  }

  let stdout = "";
  if (bool(flags, "expose")) {
    const svc = serviceFor(name, object, str(flags, "port"), k.namespaceFromFlag ? k.namespace : "");
    const r = createAndPrint(k, svc, dry.value, flags);
    if (r.exitCode !== 0) return r;
    stdout += r.stdout;
  }
  const r = createAndPrint(k, object, dry.value, flags);
  if (r.exitCode !== 0) return { ...r, stdout: stdout + r.stdout };
  if (interactive) {
    return {
      stdout: stdout + r.stdout,
      stderr: `error: this simulated terminal cannot attach to a container; pod "${name}" was created but no session was opened (use "kubectl logs ${name}" or "kubectl exec ${name} -- COMMAND")\n`,
      exitCode: 1,
    };
  }
  return { stdout: stdout + r.stdout, stderr: "", exitCode: 0 };
}

function buildPod(
  k: Kubectl,
  name: string,
  image: string,
  containerArgs: string[],
  flags: FlagValues,
  restart: string,
): { ok: true; object: KObject } | { ok: false; result: ExecResult } {
  const labels: Record<string, string> = {};
  const labelText = str(flags, "labels");
  if (labelText) {
    for (const pair of labelText.split(",")) {
      const eq = pair.indexOf("=");
      if (eq < 0) return { ok: false, result: errorLine(`unexpected label spec: ${pair}`) };
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  } else labels.run = name;
  const annotations: Record<string, string> = {};
  for (const a of list(flags, "annotations")) {
    const eq = a.indexOf("=");
    if (eq < 0) return { ok: false, result: errorLine(`invalid annotation spec: ${a}`) };
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const container: Record<string, unknown> = { image, name, resources: {} };
  if (containerArgs.length) container[bool(flags, "command") ? "command" : "args"] = containerArgs;
  const env = list(flags, "env").map((e) => {
    const eq = e.indexOf("=");
    return eq < 0 ? { name: e } : { name: e.slice(0, eq), value: e.slice(eq + 1) };
  });
  if (env.length) container.env = env;
  const portText = str(flags, "port");
  if (portText) {
    const port = Number.parseInt(portText, 10);
    if (!/^\d+$/.test(portText))
      return { ok: false, result: errorLine(`strconv.Atoi: parsing "${portText}": invalid syntax`) };
    const entry: Record<string, number> = { containerPort: port };
    const hostPort = int(flags, "hostport", -1);
    if (hostPort >= 0) entry.hostPort = hostPort;
    container.ports = [entry];
  }
  const pullPolicy = str(flags, "image-pull-policy");
  if (pullPolicy) container.imagePullPolicy = pullPolicy;
  if (bool(flags, "stdin") || bool(flags, "attach")) {
    container.stdin = true;
    if (!bool(flags, "leave-stdin-open")) container.stdinOnce = true;
  }
  if (bool(flags, "tty")) container.tty = true;
  if (bool(flags, "privileged")) container.securityContext = { privileged: true };
  const spec: Record<string, unknown> = { containers: [container], dnsPolicy: "ClusterFirst", restartPolicy: restart };
  const sa = str(flags, "serviceaccount");
  if (sa) spec.serviceAccountName = sa;
  let object: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: objectMeta(name, k.namespaceFromFlag ? k.namespace : "", { labels, annotations }),
    spec,
    status: {},
  };
  const overrides = str(flags, "overrides");
  if (overrides) {
    let patch: unknown;
    try {
      patch = JSON.parse(overrides);
    } catch (e) {
      return { ok: false, result: errorLine(`error unmarshaling JSON: ${(e as Error).message}`) };
    }
    object = strategicMergePatch(object, patch) as KObject;
  }
  return { ok: true, object };
}

function serviceFor(name: string, pod: KObject, port: string, namespace: string): KObject {
  const p = Number.parseInt(port, 10);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(name, namespace),
    spec: {
      ports: [{ port: p, protocol: "TCP", targetPort: p }],
      selector: { ...(pod.metadata.labels ?? {}) },
    },
    status: { loadBalancer: {} },
  };
}

function createAndPrint(k: Kubectl, object: KObject, dry: DryRun, flags: FlagValues): ExecResult {
  let shown = object;
  const type = k.cluster.discovery.forKind(object.apiVersion, object.kind);
  if (!type) return errorLine(`no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
  if (dry !== "client") {
    const toSend = { ...object, metadata: { ...object.metadata, namespace: k.namespace } };
    const created = k.cluster.api.create(type, toSend, { dryRun: dry === "server" });
    if (!created.ok) return failure(renderError({ status: created.status }));
    if (dry === "none") k.cluster.settle();
    shown = created.value;
  }
  const output = str(flags, "output");
  if (output) return printObjects(k, [shown], output, flags);
  return {
    stdout: `${type.kind.toLowerCase()}/${object.metadata.name} created${dryRunSuffix(dry)}\n`,
    stderr: "",
    exitCode: 0,
  };
}
