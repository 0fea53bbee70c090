/**
 * kubectl expose (expose.go with the service/v2 generator): a Service whose selector, ports
 * and protocols are introspected from a Pod, Service, Deployment, ReplicaSet or
 * ReplicationController unless given, labelled like the exposed object.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import type { ExecResult } from "../../types.ts";
import {
  DRY_RUN_FLAG,
  dryRunSuffix,
  FILENAME_FLAGS,
  type KubectlCommand,
  OUTPUT_FLAGS,
  parseDryRun,
} from "../command.ts";
import type { Kubectl } from "../context.ts";
import { type KubectlError, renderError, renderErrors } from "../errors.ts";
import { type FlagValues, str } from "../flags.ts";
import { objectMeta } from "./create-common.ts";
import { printObjects } from "./shared.ts";
import { errorLine, type LiveTarget, resolveTargets, usageError } from "./targets.ts";

const EXPOSABLE = new Set(["Pod", "Service", "Deployment", "ReplicaSet", "ReplicationController"]);

export const exposeCommand: KubectlCommand = {
  name: "expose",
  short: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
  usage:
    "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
  flags: [
    ...FILENAME_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN_FLAG,
    { name: "port", kind: "string" },
    { name: "protocol", kind: "string" },
    { name: "target-port", kind: "string" },
    { name: "container-port", kind: "string" },
    { name: "name", kind: "string" },
    { name: "type", kind: "string" },
    { name: "selector", kind: "string" },
    { name: "labels", short: "l", kind: "string" },
    { name: "external-ip", kind: "string" },
    { name: "load-balancer-ip", kind: "string" },
    { name: "session-affinity", kind: "string" },
    { name: "cluster-ip", kind: "string" },
    { name: "overrides", kind: "string" },
    { name: "generator", kind: "string", default: "service/v2" },
    { name: "save-config", kind: "bool" },
    { name: "record", kind: "bool" },
    { name: "field-manager", kind: "string", default: "kubectl-expose" },
  ],
  run: (k, args, flags) => runExpose(k, args, flags),
};

function runExpose(k: Kubectl, args: string[], flags: FlagValues): ExecResult {
  const dry = parseDryRun(str(flags, "dry-run"));
  if (!dry.ok) return errorLine(dry.error);
  const resolved = resolveTargets(k, args, flags);
  if (!resolved.ok) return resolved.result;
  const errors: KubectlError[] = [...resolved.errors];
  let stdout = "";
  for (const t of resolved.targets) {
    if (!EXPOSABLE.has(t.object.kind)) {
      errors.push({ message: `cannot expose a ${t.object.kind}` });
      continue;
    }
    const built = buildService(k, t, flags);
    if (!built.ok) return { stdout, stderr: built.result.stderr + renderErrorsIf(errors), exitCode: 1 };
    const svc = built.object;
    let shown = svc;
    const svcType = k.cluster.discovery.forKind("v1", "Service");
    if (!svcType) return errorLine(`the server doesn't have a resource type "services"`);
    if (dry.value !== "client") {
      const created = k.cluster.api.create(
        svcType,
        { ...svc, metadata: { ...svc.metadata, namespace: t.namespace || k.namespace } },
        { dryRun: dry.value === "server" },
      );
      if (!created.ok) {
        errors.push({ status: created.status });
        continue;
      }
      if (dry.value === "none") k.cluster.settle();
      shown = created.value;
    }
    const output = str(flags, "output");
    if (output) {
      const p = printObjects(k, [shown], output, flags);
      stdout += p.stdout;
      if (p.exitCode !== 0) return { stdout, stderr: p.stderr, exitCode: 1 };
    } else stdout += `service/${svc.metadata.name} exposed${dryRunSuffix(dry.value)}\n`;
  }
  if (errors.length)
    return { stdout, stderr: errors.length === 1 ? renderError(errors[0]) : renderErrors(errors), exitCode: 1 };
  return { stdout, stderr: "", exitCode: 0 };
}

function renderErrorsIf(errors: KubectlError[]): string {
  return errors.length ? renderErrors(errors) : "";
}

/** polymorphichelpers.MapBasedSelectorForObject */
function selectorFor(o: KObject): { ok: true; value: Record<string, string> } | { ok: false; error: string } {
  switch (o.kind) {
    case "Pod":
      if (!o.metadata.labels || Object.keys(o.metadata.labels).length === 0) {
        return { ok: false, error: "the pod has no labels and cannot be exposed" };
      }
      return { ok: true, value: { ...o.metadata.labels } };
    case "Service":
      if (!o.spec?.selector || Object.keys(o.spec.selector).length === 0) {
        return { ok: false, error: "the service has no pod selector set" };
      }
      return { ok: true, value: { ...o.spec.selector } };
    case "ReplicationController":
      return { ok: true, value: { ...(o.spec?.selector ?? {}) } };
    default: {
      const sel = o.spec?.selector ?? {};
      if (Array.isArray(sel.matchExpressions) && sel.matchExpressions.length > 0) {
        return {
          ok: false,
          error: `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`,
        };
      }
      return { ok: true, value: { ...(sel.matchLabels ?? {}) } };
    }
  }
}

/** polymorphichelpers.PortsForObject + ProtocolsForObject, as `port -> protocol` in order. */
function portsFor(o: KObject): { port: string; protocol: string }[] {
  const fromContainers = (
    spec: { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] } | undefined,
  ) =>
    (spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => ({ port: String(p.containerPort), protocol: p.protocol ?? "TCP" })),
    );
  switch (o.kind) {
    case "Pod":
      return fromContainers(o.spec);
    case "Service":
      return ((o.spec?.ports ?? []) as { port: number; protocol?: string }[]).map((p) => ({
        port: String(p.port),
        protocol: p.protocol ?? "TCP",
      }));
    default:
      return fromContainers(o.spec?.template?.spec);
  }
}

function buildService(
  k: Kubectl,
  t: LiveTarget,
  flags: FlagValues,
): { ok: true; object: KObject } | { ok: false; result: ExecResult } {
  const o = t.object;
  const name = str(flags, "name") || o.metadata.name || "";
  let selector: Record<string, string>;
  const selectorText = str(flags, "selector");
  if (selectorText) {
    selector = {};
    for (const pair of selectorText.split(",")) {
      const eq = pair.indexOf("=");
      if (eq < 0) return { ok: false, result: errorLine(`unexpected selector spec: ${pair}`) };
      selector[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  } else {
    const s = selectorFor(o);
    if (!s.ok)
      return {
        ok: false,
        result: errorLine(`couldn't retrieve selectors via --selector flag or introspection: ${s.error}`),
      };
    selector = s.value;
  }
  const clusterIP = str(flags, "cluster-ip");
  const headless = clusterIP === "None";
  let ports: { port: string; protocol: string }[];
  const portFlag = str(flags, "port");
  if (portFlag) ports = portFlag.split(",").map((p) => ({ port: p, protocol: "" }));
  else {
    ports = portsFor(o);
    if (ports.length === 0 && !headless) {
      return { ok: false, result: usageError("kubectl expose", "couldn't find port via --port flag or introspection") };
    }
  }
  const protocolFlag = str(flags, "protocol");
  const servicePorts: Record<string, unknown>[] = [];
  for (let i = 0; i < ports.length; i++) {
    const n = Number.parseInt(ports[i].port, 10);
    if (!/^\d+$/.test(ports[i].port))
      return { ok: false, result: errorLine(`strconv.Atoi: parsing "${ports[i].port}": invalid syntax`) };
    const entry: Record<string, unknown> = {};
    if (ports.length > 1) entry.name = `port-${i + 1}`;
    entry.port = n;
    entry.protocol = protocolFlag || ports[i].protocol || "TCP";
    servicePorts.push(entry);
  }
  const target = str(flags, "target-port") || str(flags, "container-port");
  for (const p of servicePorts) {
    p.targetPort = target ? (/^\d+$/.test(target) ? Number.parseInt(target, 10) : target) : p.port;
  }
  let labels: Record<string, string> | undefined;
  const labelText = str(flags, "labels");
  if (labelText) {
    labels = {};
    for (const pair of labelText.split(",")) {
      const eq = pair.indexOf("=");
      if (eq < 0) return { ok: false, result: errorLine(`unexpected label spec: ${pair}`) };
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  } else labels = o.metadata.labels ? { ...o.metadata.labels } : undefined;
  const spec: Record<string, unknown> = {};
  if (servicePorts.length) spec.ports = servicePorts;
  spec.selector = selector;
  const externalIp = str(flags, "external-ip");
  if (externalIp) spec.externalIPs = [externalIp];
  const type = str(flags, "type");
  if (type) spec.type = type;
  const lbIp = str(flags, "load-balancer-ip");
  if (type === "LoadBalancer" && lbIp) spec.loadBalancerIP = lbIp;
  const affinity = str(flags, "session-affinity");
  if (affinity) spec.sessionAffinity = affinity;
  if (clusterIP) spec.clusterIP = clusterIP;
  const object: KObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(name, k.namespaceFromFlag ? k.namespace : "", { labels }),
    spec,
    status: { loadBalancer: {} },
  };
  return { ok: true, object };
}
