/**
 * kubectl cluster-info (clusterinfo.go): the API server URL and every Service in kube-system
 * (or -n) labelled `kubernetes.io/cluster-service=true`, named by its `kubernetes.io/name`
 * label, with a proxy link. Names and links are coloured with go-colortext's ANSI sequences,
 * which it writes whether or not stdout is a terminal (only TERM=dumb turns them off).
 */
import type { KubectlCommand } from "../command.ts";
import { currentContext, readKubeconfig } from "../context.ts";
import { str } from "../flags.ts";

/** utilnet.JoinSchemeNamePort */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  return port ? `${name}:${port}` : name;
}

const GREEN = "\x1b[0;32m";
const YELLOW = "\x1b[0;33m";
const RESET = "\x1b[0m";

export const clusterInfoCommand: KubectlCommand = {
  name: "cluster-info",
  short: "Display cluster information",
  usage: "kubectl cluster-info [flags] [options]",
  flags: [],
  run(k) {
    const colour = k.shell.env.get("TERM") !== "dumb";
    const paint = (c: string, text: string) => (colour ? `${c}${text}${RESET}` : text);
    const line = (name: string, link: string) => `${paint(GREEN, name)} is running at ${paint(YELLOW, link)}\n`;
    const kc = readKubeconfig(k.shell, str(k.global, "kubeconfig"));
    const ctx = kc ? currentContext(kc.config, str(k.global, "context")) : undefined;
    const cluster = (kc?.config?.clusters ?? []).find(
      (c: { name: string }) => c.name === (str(k.global, "cluster") || ctx?.context?.cluster),
    );
    const host: string = str(k.global, "server") || cluster?.cluster?.server || "http://localhost:8080";
    const namespace = k.namespaceFromFlag ? k.namespace : "kube-system";
    const svcType = k.cluster.discovery.forKind("v1", "Service");
    let stdout = "";
    if (svcType) {
      stdout += line("Kubernetes control plane", host);
      const services = k.cluster.api.list(svcType, namespace, {
        filter: (o) => o.metadata.labels?.["kubernetes.io/cluster-service"] === "true",
      });
      for (const svc of services) {
        let link = "";
        const ingress = svc.status?.loadBalancer?.ingress ?? [];
        if (ingress.length > 0) {
          const ip = ingress[0].ip || ingress[0].hostname;
          for (const p of svc.spec?.ports ?? []) link += `http://${ip}:${p.port} `;
        } else {
          let name = svc.metadata.name ?? "";
          const port = svc.spec?.ports?.[0];
          if (port) {
            const scheme = port.name === "https" || port.port === 443 ? "https" : "";
            name = joinSchemeNamePort(scheme, name, port.name ?? "");
          }
          link = `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
        }
        stdout += line(svc.metadata.labels?.["kubernetes.io/name"] || svc.metadata.name || "", link);
      }
    }
    stdout += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    return { stdout, stderr: "", exitCode: 0 };
  },
};
