/**
 * `create service clusterip|nodeport|loadbalancer|externalname` (create_service.go): ports
 * from `--tcp=port[:targetPort]`, each named after its spec (`5678-8080`), label and selector
 * `app=NAME`, and the `status: {loadBalancer: {}}` a typed Service carries.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { isDNS1123Subdomain, isValidPortName, isValidPortNum } from "../../../sim/k8s/validation/names.ts";
import type { KubectlCommand } from "../command.ts";
import { int, str } from "../flags.ts";
import { atoi, type Generated, type GeneratorSpec, generatorCommand, objectMeta } from "./create-common.ts";
import { errorLine, slice } from "./targets.ts";

type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

function parsePort(spec: string): { ok: true; port: number; target: number | string } | { ok: false; error: string } {
  const parts = spec.split(":");
  const port = atoi(parts[0]);
  if (port === undefined)
    return { ok: false, error: `strconv.Atoi: parsing ${JSON.stringify(parts[0])}: invalid syntax` };
  if (port < 0 || port > 65535) return { ok: false, error: `port ${JSON.stringify(parts[0])} out of range` };
  if (parts.length === 1) return { ok: true, port, target: port };
  const n = atoi(parts[1]);
  if (n === undefined) {
    const errs = isValidPortName(parts[1]);
    if (errs.length) return { ok: false, error: errs.join(",") };
    return { ok: true, port, target: parts[1] };
  }
  const errs = isValidPortNum(n);
  if (errs.length) return { ok: false, error: errs.join(",") };
  return { ok: true, port, target: n };
}

function serviceGenerator(
  type: ServiceType,
  name: string,
  short: string,
  usage: string,
  extraFlags: GeneratorSpec["flags"],
): GeneratorSpec {
  return {
    name,
    short,
    usage,
    required: type === "ExternalName" ? ["external-name"] : [],
    flags: extraFlags,
    generate(_k, input): Generated {
      const tcp = slice(input.flags, "tcp");
      const clusterIP = str(input.flags, "clusterip");
      const externalName = str(input.flags, "external-name");
      if (clusterIP === "None" && type !== "ClusterIP") {
        return { ok: false, result: errorLine("ClusterIP=None can only be used with ClusterIP service type") };
      }
      if (clusterIP !== "None" && tcp.length === 0 && type !== "ExternalName") {
        return { ok: false, result: errorLine("at least one tcp port specifier must be provided") };
      }
      if (type === "ExternalName" && isDNS1123Subdomain(externalName).length > 0) {
        return { ok: false, result: errorLine(`invalid service external name ${externalName}`) };
      }
      const nodePort = int(input.flags, "node-port", 0);
      const ports: Record<string, unknown>[] = [];
      for (const spec of tcp) {
        const p = parsePort(spec);
        if (!p.ok) return { ok: false, result: errorLine(p.error) };
        const entry: Record<string, unknown> = {
          name: spec.replaceAll(":", "-"),
          port: p.port,
          protocol: "TCP",
          targetPort: p.target,
        };
        if (nodePort) entry.nodePort = nodePort;
        ports.push(entry);
      }
      const spec: Record<string, unknown> = { selector: { app: input.name }, type };
      if (ports.length) spec.ports = ports;
      if (externalName) spec.externalName = externalName;
      if (clusterIP) spec.clusterIP = clusterIP;
      const object: KObject = {
        apiVersion: "v1",
        kind: "Service",
        metadata: objectMeta(input.name, input.enforcedNamespace, { labels: { app: input.name } }),
        spec,
        status: { loadBalancer: {} },
      };
      return { ok: true, object };
    },
    wrapCreateError: (m) => `failed to create ${type} service: ${m}`,
  };
}

const TCP = { name: "tcp", kind: "stringArray" as const };

const subcommands = [
  serviceGenerator(
    "ClusterIP",
    "clusterip",
    "Create a ClusterIP service",
    "clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
    [TCP, { name: "clusterip", kind: "string" }],
  ),
  serviceGenerator(
    "ExternalName",
    "externalname",
    "Create an ExternalName service",
    "externalname NAME --external-name external.name [--dry-run=server|client|none] [options]",
    [TCP, { name: "external-name", kind: "string" }],
  ),
  serviceGenerator(
    "LoadBalancer",
    "loadbalancer",
    "Create a LoadBalancer service",
    "loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
    [TCP],
  ),
  serviceGenerator(
    "NodePort",
    "nodeport",
    "Create a NodePort service",
    "nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
    [TCP, { name: "node-port", kind: "int", default: 0 }],
  ),
];

export const createService: KubectlCommand = {
  name: "service",
  aliases: ["svc"],
  short: "Create a service using a specified subcommand",
  usage: "kubectl create service [flags] [options]",
  flags: [],
  subcommands: subcommands.map((g) => generatorCommand(g, "kubectl create service")),
};
