/**
 * kubectl version (version.go).
 *
 * version: 1.21 prints Go's `%#v` of version.Info per side (`--short` for the bare
 * versions); from 1.28 the short form is the default, with the Kustomize version, and
 * `--short` is gone. `-o json` is `json.MarshalIndent(v, "", "  ")` in struct order; `-o yaml`
 * has sorted keys. A 1.33 API server also reports its emulation and compatibility versions.
 */
import type { KubernetesVersion } from "../../../sim/k8s/versions.ts";
import { lookupVersion } from "../../../sim/k8s/versions.ts";
import type { ExecResult } from "../../types.ts";
import type { KubectlCommand } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { currentContext, readKubeconfig } from "../context.ts";
import { bool, str } from "../flags.ts";
import { toYaml } from "../output/yaml.ts";
import { errorLine } from "./targets.ts";

interface VersionInfo {
  [field: string]: string;
}

function info(v: KubernetesVersion, server: boolean): VersionInfo {
  const out: VersionInfo = { major: "1", minor: String(v.minor) };
  if (server && v.minor >= 33) {
    out.emulationMajor = "1";
    out.emulationMinor = String(v.minor);
    out.minCompatibilityMajor = "1";
    out.minCompatibilityMinor = String(v.minor - 1);
  }
  Object.assign(out, {
    gitVersion: v.gitVersion,
    gitCommit: v.gitCommit,
    gitTreeState: "clean",
    buildDate: v.buildDate,
    goVersion: v.goVersion,
    compiler: "gc",
    platform: "linux/amd64",
  });
  return out;
}

/** Go's %#v of version.Info: `version.Info{Major:"1", Minor:"21", ...}`. */
function goStruct(i: VersionInfo): string {
  const fields = Object.entries(i).map(([key, v]) => `${key[0].toUpperCase()}${key.slice(1)}:${JSON.stringify(v)}`);
  return `version.Info{${fields.join(", ")}}`;
}

/** The server the kubeconfig names, shown when it cannot be reached. */
function serverAddress(k: Kubectl): string {
  const kc = readKubeconfig(k.shell, str(k.global, "kubeconfig"));
  const ctx = kc ? currentContext(kc.config, str(k.global, "context")) : undefined;
  const cluster = (kc?.config?.clusters ?? []).find(
    (c: { name: string }) => c.name === (str(k.global, "cluster") || ctx?.context?.cluster),
  );
  return (str(k.global, "server") || cluster?.cluster?.server || "localhost:8080").replace(/^https?:\/\//, "");
}

export const versionCommand: KubectlCommand = {
  name: "version",
  short: "Print the client and server version information",
  usage: "kubectl version [flags] [options]",
  flags: [
    { name: "client", kind: "bool" },
    { name: "short", kind: "bool" },
    { name: "output", short: "o", kind: "string" },
  ],
  run(k, args, flags) {
    void args;
    // kubectl is the cluster's version; without a reachable cluster, the simulation's default.
    const client = k.cluster?.version ?? (lookupVersion(undefined) as { ok: true; version: KubernetesVersion }).version;
    const modern = client.minor >= 28;
    if (modern && k.shell.argv.some((a) => a === "--short" || a.startsWith("--short="))) {
      return errorLine("unknown flag: --short\nSee 'kubectl version --help' for usage.");
    }
    const output = str(flags, "output");
    if (output !== "" && output !== "yaml" && output !== "json") return errorLine("--output must be 'yaml' or 'json'");
    const clientOnly = bool(flags, "client");
    const c = info(client, false);
    const s = k.cluster && !clientOnly ? info(k.cluster.version, true) : undefined;
    const unreachable: ExecResult | undefined =
      !clientOnly && !k.cluster
        ? {
            stdout: "",
            stderr: `The connection to the server ${serverAddress(k)} was refused - did you specify the right host or port?\n`,
            exitCode: 1,
          }
        : undefined;
    const data: Record<string, unknown> = { clientVersion: c };
    if (modern && client.kustomizeVersion) data.kustomizeVersion = client.kustomizeVersion;
    if (s) data.serverVersion = s;
    let stdout: string;
    if (output === "json") stdout = `${JSON.stringify(data, null, 2)}\n`;
    else if (output === "yaml") stdout = toYaml(data);
    else if (modern || bool(flags, "short")) {
      stdout = `Client Version: ${client.gitVersion}\n`;
      if (modern && client.kustomizeVersion) stdout += `Kustomize Version: ${client.kustomizeVersion}\n`;
      if (s) stdout += `Server Version: ${s.gitVersion}\n`;
    } else {
      stdout = `Client Version: ${goStruct(c)}\n`;
      if (s) stdout += `Server Version: ${goStruct(s)}\n`;
    }
    if (unreachable) return { ...unreachable, stdout };
    return { stdout, stderr: "", exitCode: 0 };
  },
};
