/**
 * A simulation: the world a student's terminal lives in. One Kubernetes cluster, the hosts
 * that reach it (each with its own sandboxed shell session and filesystem), and virtual time.
 * `exec` runs one command line in the current host's shell, as typing it would.
 */

import { encodeBase64 } from "../sim/core/base64.ts";
import { createClock } from "../sim/core/clock.ts";
import type { KObject } from "../sim/k8s/api/object.ts";
import type { NodeSpec } from "../sim/k8s/bootstrap/index.ts";
import { fakeCertificate, randomBase64 } from "../sim/k8s/bootstrap/pem.ts";
import type { Cluster } from "../sim/k8s/cluster.ts";
import { createCluster } from "../sim/k8s/cluster.ts";
import { curlCommand } from "./host/curl.ts";
import { systemctlCommand } from "./host/systemctl.ts";
import { rememberKubeconfig } from "./kubectl/context.ts";
import { kubectlCommand } from "./kubectl/index.ts";
import "./kubectl/register.ts";
import { Shell } from "./shell/interpreter.ts";
import type { ShellLimits } from "./shell/limits.ts";
import { VirtualFs } from "./shell/vfs.ts";
import type { Command, ExecResult, HostServices } from "./types.ts";

export interface SimulationOptions {
  /** Kubernetes version to emulate, e.g. `1.33` (default) or `1.21`. */
  kubernetesVersion?: string;
  seed?: number;
  /** Virtual time a command takes when nothing else says (think time between commands). */
  stepMs?: number;
  /** Bound on virtual time for the whole simulation. */
  maxVirtualMs?: number;
  shellLimits?: Partial<ShellLimits>;
  /** The cluster's nodes; default: the kubeadm cluster (k8s-m and three workers). */
  nodes?: NodeSpec[];
}

export interface Host {
  name: string;
  ip: string;
  fs: VirtualFs;
  shell: Shell;
}

export const DEFAULT_STEP_MS = 1000;
export const DEFAULT_MAX_VIRTUAL_MS = 30 * 24 * 3600 * 1000;

export class SimulationError extends Error {}

export class Simulation {
  readonly hosts = new Map<string, Host>();
  current: Host;
  /** The hosts left by `ssh` to another, most recent last: `exit` returns to them. */
  private readonly sessions: Host[] = [];
  private readonly startMs: number;

  constructor(
    readonly cluster: Cluster,
    private readonly opts: Required<Pick<SimulationOptions, "stepMs" | "maxVirtualMs">> & SimulationOptions,
  ) {
    this.startMs = cluster.clock.now();
    const nodes = cluster.store.list("nodes");
    const controlPlane =
      nodes.find((n) => Object.keys(n.metadata.labels ?? {}).some((l) => l.startsWith("node-role.kubernetes.io/"))) ??
      nodes[0];
    for (const n of nodes) this.addHost(n.metadata.name!, nodeIp(n), n === controlPlane);
    this.current = this.hosts.get(controlPlane?.metadata.name ?? "") ?? [...this.hosts.values()][0];
  }

  get apiServerUrl(): string {
    const cp = [...this.hosts.values()].find((h) => h.fs.exists("/root/.kube/config"));
    return `https://${cp?.ip ?? "127.0.0.1"}:6443`;
  }

  private addHost(name: string, ip: string, controlPlane: boolean): Host {
    const fs = new VirtualFs({ now: () => this.cluster.clock.now() });
    fs.writeFile("/etc/hostname", `${name}\n`);
    fs.writeFile("/etc/os-release", hostOsRelease(this.cluster.minor));
    if (controlPlane) {
      const kubeconfig = adminKubeconfig(fs, `https://${ip}:6443`, this.credentials());
      fs.mkdir("/root/.kube", { recursive: true });
      fs.writeFile("/root/.kube/config", kubeconfig);
      fs.mkdir("/etc/kubernetes", { recursive: true });
      fs.writeFile("/etc/kubernetes/admin.conf", kubeconfig);
    }
    const host: HostServices = {
      hostname: name,
      ip,
      now: () => this.cluster.clock.now(),
      advance: (ms) => this.advance(ms),
      cluster: this.cluster,
    };
    const kubectl = kubectlCommand((_ctx, server) => (this.serves(server) ? this.cluster : undefined));
    const commands = new Map<string, Command>([
      ["kubectl", kubectl],
      ["curl", curlCommand],
      ["systemctl", systemctlCommand],
      ["ssh", this.sshCommand()],
    ]);
    const shell = new Shell({
      fs,
      host,
      resolveCommand: (cmd) => commands.get(cmd),
      env: {
        HOME: "/root",
        USER: "root",
        LOGNAME: "root",
        SHELL: "/bin/bash",
        HOSTNAME: name,
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        PWD: "/root",
        TERM: "xterm",
        LANG: "C.UTF-8",
      },
      cwd: "/root",
      limits: this.opts.shellLimits,
    });
    const h: Host = { name, ip, fs, shell };
    this.hosts.set(name, h);
    return h;
  }

  /** The admin credentials kubeadm writes: the cluster CA, and a client certificate and key for kubernetes-admin. */
  private credentials(): { ca: string; cert: string; key: string } {
    const ca =
      (this.cluster.store.get("configmaps", "kube-system", "kube-root-ca.crt")?.data?.["ca.crt"] as string) ?? "";
    const ids = this.cluster.ids;
    const cert = fakeCertificate(ids, "MIIDITCCAgmgAwIBAgIIDANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJlcm5ldGVz");
    const keyBody = (randomBase64(ids, 1676) + "==").match(/.{1,64}/g)?.join("\n") ?? "";
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${keyBody}\n-----END RSA PRIVATE KEY-----\n`;
    return { ca: encodeBase64(ca), cert: encodeBase64(cert), key: encodeBase64(key) };
  }

  private serves(server: string): boolean {
    const hostPort = server.replace(/^https?:\/\//, "").replace(/\/$/, "");
    const cp = this.apiServerUrl.replace(/^https:\/\//, "");
    return hostPort === cp || hostPort === "kubernetes.default.svc" || hostPort === "kubernetes.default.svc:443";
  }

  /** Advances virtual time, running controllers on the way. False when the time bound is hit. */
  advance(ms: number): boolean {
    const elapsed = this.cluster.clock.now() - this.startMs;
    if (elapsed + ms > this.opts.maxVirtualMs) {
      this.cluster.advance(Math.max(0, this.opts.maxVirtualMs - elapsed));
      return false;
    }
    this.cluster.advance(ms);
    return true;
  }

  /** Writes a file into the current host's working directory (or an absolute path). */
  writeFile(path: string, text: string): void {
    const h = this.current;
    const full = h.fs.resolve(h.shell.cwd, path);
    const dir = full.slice(0, full.lastIndexOf("/")) || "/";
    h.fs.mkdir(dir, { recursive: true });
    const r = h.fs.writeFile(full, text);
    if (!r.ok) throw new SimulationError(`cannot write ${path}: ${r.message}`);
  }

  /** Runs one command line on the current host, then lets the default think time pass. */
  execSync(line: string): ExecResult {
    const host = this.current;
    const r = host.shell.exec(line);
    const left = host.shell.exited ? this.sessions.pop() : undefined;
    if (left) {
      // `exit` on a host reached with ssh ends that session: back where ssh was typed.
      this.current = left;
      r.stderr += `logout\nConnection to ${host.name} closed.\n`;
    }
    this.advance(this.opts.stepMs);
    return r;
  }

  /**
   * `ssh [options] [user@]host [command]` between the simulation's hosts, by name or address:
   * with a command, it runs there in a login shell and its output comes back; without, the
   * terminal is on that host until `exit`.
   */
  private sshCommand(): Command {
    return {
      name: "ssh",
      summary: "log in to another node, or run a command there",
      run: (ctx) => {
        const args = ctx.argv.slice(1);
        let i = 0;
        while (i < args.length && args[i].startsWith("-")) {
          // Options with a value: -i key, -p port, -l user, -o option, -F config, -J jump.
          if (/^-[iploFJ]$/.test(args[i])) i++;
          i++;
        }
        const destination = args[i];
        if (destination === undefined) {
          return { stdout: "", stderr: SSH_USAGE, exitCode: 255 };
        }
        const name = destination.slice(destination.lastIndexOf("@") + 1);
        const target = [...this.hosts.values()].find((h) => h.name === name || h.ip === name);
        if (!target) {
          const stderr = /^[\d.]+$/.test(name)
            ? `ssh: connect to host ${name} port 22: No route to host\n`
            : `ssh: Could not resolve hostname ${name}: Name or service not known\n`;
          return { stdout: "", stderr, exitCode: 255 };
        }
        const command = args.slice(i + 1).join(" ");
        if (command === "") {
          this.sessions.push(this.current);
          this.current = target;
          target.shell.cwd = "/root";
          return { stdout: "", stderr: "", exitCode: 0 };
        }
        const cwd = target.shell.cwd;
        target.shell.cwd = "/root";
        try {
          return target.shell.exec(command);
        } finally {
          target.shell.cwd = cwd;
        }
      },
    };
  }

  async exec(line: string): Promise<ExecResult> {
    return this.execSync(line);
  }
}

function nodeIp(n: KObject): string {
  const addresses: { type: string; address: string }[] = n.status?.addresses ?? [];
  return addresses.find((a) => a.type === "InternalIP")?.address ?? "127.0.0.1";
}

function adminKubeconfig(fs: VirtualFs, server: string, creds: { ca: string; cert: string; key: string }): string {
  const text = adminKubeconfigText(server, creds);
  // An empty value would parse as null, not "": only the usual, fully populated file is remembered.
  if (creds.ca && creds.cert && creds.key) rememberKubeconfig(fs, text, adminKubeconfigObject(server, creds));
  return text;
}

/** What YAML-parsing adminKubeconfigText gives, keys in the same order (test/cli checks both agree). */
export function adminKubeconfigObject(server: string, creds: { ca: string; cert: string; key: string }): unknown {
  return {
    apiVersion: "v1",
    clusters: [{ cluster: { "certificate-authority-data": creds.ca, server }, name: "kubernetes" }],
    contexts: [{ context: { cluster: "kubernetes", user: "kubernetes-admin" }, name: "kubernetes-admin@kubernetes" }],
    "current-context": "kubernetes-admin@kubernetes",
    kind: "Config",
    preferences: {},
    users: [
      {
        name: "kubernetes-admin",
        user: { "client-certificate-data": creds.cert, "client-key-data": creds.key },
      },
    ],
  };
}

export function adminKubeconfigText(server: string, creds: { ca: string; cert: string; key: string }): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${creds.ca}
    server: ${server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: ${creds.cert}
    client-key-data: ${creds.key}
`;
}

export type CreateSimulationResult = { ok: true; simulation: Simulation } | { ok: false; error: string };

export function buildSimulation(opts: SimulationOptions = {}): CreateSimulationResult {
  const seed = opts.seed ?? 1;
  const created = createCluster({
    version: opts.kubernetesVersion,
    seed,
    clock: createClock(),
    nodes: opts.nodes,
  });
  if (!created.ok) return created;
  return {
    ok: true,
    simulation: new Simulation(created.cluster, {
      ...opts,
      stepMs: opts.stepMs ?? DEFAULT_STEP_MS,
      maxVirtualMs: opts.maxVirtualMs ?? DEFAULT_MAX_VIRTUAL_MS,
    }),
  };
}

/**
 * The hosts' /etc/os-release: the Ubuntu their nodes report (osImage, bootstrap/versions.ts),
 * 20.04 in the 1.21 era and 24.04 now. Their `sh` is dash (the shell's host dialect).
 */
function hostOsRelease(minor: number): string {
  if (minor < 24) {
    return 'NAME="Ubuntu"\nVERSION="20.04.6 LTS (Focal Fossa)"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 20.04.6 LTS"\nVERSION_ID="20.04"\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nVERSION_CODENAME=focal\nUBUNTU_CODENAME=focal\n';
  }
  return 'PRETTY_NAME="Ubuntu 24.04.2 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.2 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n';
}

/** OpenSSH 9's usage, as `ssh` alone prints it. */
const SSH_USAGE = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]
`;
