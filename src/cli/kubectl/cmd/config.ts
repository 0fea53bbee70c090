/**
 * kubectl config (cmd/config/*.go): reads and writes the kubeconfig file in the shell's
 * filesystem (--kubeconfig, $KUBECONFIG, ~/.kube/config). `view` redacts embedded
 * credentials as kubectl does (CA data `DATA+OMITTED`, client certificate and key `REDACTED`)
 * unless `--raw`; writes go back as kubectl serialises a Config (YAML, keys sorted).
 */
import type { ExecResult } from "../../types.ts";
import type { KubectlCommand } from "../command.ts";
import { type Kubectl, kubeconfigPath, readKubeconfig } from "../context.ts";
import { bool, type FlagValues, str } from "../flags.ts";
import { isJsonPathFormat, newJsonPathPrinter } from "../output/jsonpath-printer.ts";
import { toYaml } from "../output/yaml.ts";
import { errorLine, usageError } from "./targets.ts";

// biome-ignore lint/suspicious/noExplicitAny: kubeconfig is YAML data.
type Config = any;
type Named<T> = { name: string } & T;

function load(k: Kubectl): { path: string; config: Config; exists: boolean } {
  const flag = str(k.global, "kubeconfig");
  const view = readKubeconfig(k.shell, flag);
  const path = view?.path ?? kubeconfigPath(k.shell, flag);
  const config = view?.config ?? {};
  return { path, config: normalise(config), exists: view !== undefined };
}

/** The fields clientcmd always writes. */
function normalise(c: Config): Config {
  return {
    apiVersion: c.apiVersion ?? "v1",
    clusters: c.clusters ?? null,
    contexts: c.contexts ?? null,
    "current-context": c["current-context"] ?? "",
    kind: c.kind ?? "Config",
    preferences: c.preferences ?? {},
    users: c.users ?? null,
    ...(c.extensions ? { extensions: c.extensions } : {}),
  };
}

function save(k: Kubectl, path: string, config: Config): string | undefined {
  const dir = path.slice(0, path.lastIndexOf("/")) || "/";
  k.fs.mkdir(dir, { recursive: true });
  const r = k.fs.writeFile(path, toYaml(config));
  return r.ok ? undefined : `open ${path}: ${r.message.toLowerCase()}`;
}

function list<T>(config: Config, field: string): Named<T>[] {
  return Array.isArray(config[field]) ? config[field] : [];
}

/** clientcmdapi.ShortenConfig: what `config view` shows instead of embedded credentials. */
function redact(config: Config): Config {
  const c = structuredClone(config);
  for (const cl of list<{ cluster?: Record<string, unknown> }>(c, "clusters")) {
    if (cl.cluster?.["certificate-authority-data"]) cl.cluster["certificate-authority-data"] = "DATA+OMITTED";
  }
  for (const u of list<{ user?: Record<string, unknown> }>(c, "users")) {
    if (!u.user) continue;
    for (const f of ["client-certificate-data", "client-key-data", "token", "password"])
      if (u.user[f]) u.user[f] = "REDACTED";
  }
  return c;
}

function minify(config: Config, contextOverride: string): { ok: true; config: Config } | { ok: false; error: string } {
  const name = contextOverride || config["current-context"];
  if (!name) return { ok: false, error: "current-context must exist in order to minify" };
  const ctx = list<{ context?: { cluster?: string; user?: string } }>(config, "contexts").find((c) => c.name === name);
  if (!ctx) return { ok: false, error: `cannot locate context ${name}` };
  const cluster = list(config, "clusters").filter((c) => c.name === ctx.context?.cluster);
  const user = list(config, "users").filter((u) => u.name === ctx.context?.user);
  return {
    ok: true,
    config: {
      ...config,
      clusters: cluster,
      contexts: [ctx],
      "current-context": name,
      users: user.length ? user : null,
    },
  };
}

/** v1.Config as encoding/json orders its fields, for `-o json`. */
function jsonOrder(c: Config): Config {
  const out: Config = {
    kind: c.kind,
    apiVersion: c.apiVersion,
    preferences: c.preferences,
    clusters: c.clusters,
    users: c.users,
    contexts: c.contexts,
    "current-context": c["current-context"],
  };
  if (c.extensions) out.extensions = c.extensions;
  return out;
}

const view: KubectlCommand = {
  name: "view",
  short: "Display merged kubeconfig settings or a specified kubeconfig file",
  usage: "kubectl config view [flags] [options]",
  flags: [
    { name: "output", short: "o", kind: "string", default: "yaml" },
    { name: "template", kind: "string" },
    { name: "minify", kind: "bool" },
    { name: "raw", kind: "bool" },
    { name: "flatten", kind: "bool" },
    { name: "merge", kind: "string", default: "true" },
    { name: "allow-missing-template-keys", kind: "bool", default: true },
    { name: "show-managed-fields", kind: "bool" },
  ],
  run(k, _args, flags) {
    const { config } = load(k);
    let c = config;
    if (bool(flags, "minify")) {
      const m = minify(c, str(k.global, "context"));
      if (!m.ok) return errorLine(m.error);
      c = m.config;
    }
    if (!bool(flags, "raw")) c = redact(c);
    const output = str(flags, "output");
    if (output === "yaml") return ok(toYaml(c));
    if (output === "json") return ok(`${JSON.stringify(jsonOrder(c), null, 4)}\n`);
    if (isJsonPathFormat(output)) {
      const p = newJsonPathPrinter(output, { templateArgument: str(flags, "template") });
      if (!p.ok) return errorLine(p.error);
      const r = p.printer.printObj(jsonOrder(c));
      return r.ok ? ok(r.text) : errorLine(r.error);
    }
    return errorLine(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml`,
    );
  },
};

const ok = (stdout: string): ExecResult => ({ stdout, stderr: "", exitCode: 0 });

const currentContext: KubectlCommand = {
  name: "current-context",
  short: "Display the current-context",
  usage: "kubectl config current-context [options]",
  flags: [],
  run(k) {
    const { config } = load(k);
    const name = config["current-context"];
    return name ? ok(`${name}\n`) : errorLine("current-context is not set");
  },
};

/** text/tabwriter with kubectl's settings (minwidth 6, padding 3), for the config tables. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length - 1; i++) widths[i] = Math.max(widths[i] ?? 0, r[i].length + 3, 6);
  }
  return rows
    .map((r) => `${r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join("")}\n`)
    .join("");
}

const getContexts: KubectlCommand = {
  name: "get-contexts",
  short: "Describe one or many contexts",
  usage: "kubectl config get-contexts [(-o|--output=)name)] [options]",
  flags: [
    { name: "output", short: "o", kind: "string" },
    { name: "no-headers", kind: "bool" },
  ],
  run(k, args, flags) {
    const { config, path } = load(k);
    const output = str(flags, "output");
    if (output !== "" && output !== "name") return errorLine(`output must be one of '' or 'name': ${output}`);
    const contexts = list<{ context?: { cluster?: string; user?: string; namespace?: string } }>(config, "contexts");
    let chosen = [...contexts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const missing: string[] = [];
    if (args.length) {
      chosen = [];
      for (const a of args) {
        const c = contexts.find((x) => x.name === a);
        if (c) chosen.push(c);
        else missing.push(a);
      }
    }
    void path;
    let stdout: string;
    if (output === "name") stdout = chosen.map((c) => `${c.name}\n`).join("");
    else {
      const rows = bool(flags, "no-headers") ? [] : [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]];
      for (const c of chosen) {
        rows.push([
          c.name === config["current-context"] ? "*" : "",
          c.name,
          c.context?.cluster ?? "",
          c.context?.user ?? "",
          c.context?.namespace ?? "",
        ]);
      }
      stdout = table(rows);
    }
    if (missing.length) return { stdout, stderr: `error: context ${missing[0]} not found\n`, exitCode: 1 };
    return ok(stdout);
  },
};

function namesCommand(name: string, field: string, short: string): KubectlCommand {
  return {
    name,
    short,
    usage: `kubectl config ${name} [options]`,
    flags: [],
    run(k) {
      const { config } = load(k);
      return ok(
        `NAME\n${list(config, field)
          .map((c) => `${c.name}\n`)
          .join("")}`,
      );
    },
  };
}

const useContext: KubectlCommand = {
  name: "use-context",
  aliases: ["use"],
  short: "Set the current-context in a kubeconfig file",
  usage: "kubectl config use-context CONTEXT_NAME [options]",
  flags: [],
  run(k, args) {
    if (args.length !== 1) return usageError("kubectl config use-context", "Unexpected args: " + JSON.stringify(args));
    const { config, path } = load(k);
    if (!list(config, "contexts").some((c) => c.name === args[0]))
      return errorLine(`no context exists with the name: "${args[0]}"`);
    config["current-context"] = args[0];
    const err = save(k, path, config);
    return err ? errorLine(err) : ok(`Switched to context "${args[0]}".\n`);
  },
};

/** Creates or updates a named entry (`clusters`, `contexts`, `users`) with some fields. */
function upsert(
  config: Config,
  field: string,
  inner: string,
  name: string,
  fields: Record<string, string | undefined>,
): boolean {
  const entries = list<Record<string, Record<string, unknown>>>(config, field);
  let entry = entries.find((e) => e.name === name);
  const created = !entry;
  if (!entry) {
    entry = { name, [inner]: {} } as Named<Record<string, Record<string, unknown>>>;
    entries.push(entry);
  }
  if (!entry[inner]) entry[inner] = {};
  const body = entry[inner] as Record<string, unknown>;
  for (const [key, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (v === "") delete body[key];
    else body[key] = v;
  }
  config[field] = entries;
  return created;
}

function flagIfSet(k: Kubectl, flags: FlagValues, name: string): string | undefined {
  return k.shell.argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`)) ? str(flags, name) : undefined;
}

const setContext: KubectlCommand = {
  name: "set-context",
  short: "Set a context entry in kubeconfig",
  usage:
    "kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]",
  flags: [{ name: "current", kind: "bool" }],
  run(k, args, flags) {
    const { config, path } = load(k);
    let name = args[0] ?? "";
    if (bool(flags, "current")) {
      if (args.length > 0) return errorLine("you cannot specify both a context name and --current");
      name = config["current-context"];
      if (!name) return errorLine("no current context is set");
    } else if (args.length !== 1)
      return usageError("kubectl config set-context", `Unexpected args: [${args.join(" ")}]`);
    // --cluster, --user and --namespace are kubectl's global flags, read here as the context's fields.
    const created = upsert(config, "contexts", "context", name, {
      cluster: flagIfSet(k, k.global, "cluster"),
      user: flagIfSet(k, k.global, "user"),
      namespace: k.namespaceFromFlag ? k.namespace : flagIfSetShort(k),
    });
    const err = save(k, path, config);
    return err ? errorLine(err) : ok(`Context "${name}" ${created ? "created" : "modified"}.\n`);
  },
};

function flagIfSetShort(k: Kubectl): string | undefined {
  return k.shell.argv.some((a) => a === "--namespace=" || a === "-n=") ? "" : undefined;
}

const setCluster: KubectlCommand = {
  name: "set-cluster",
  short: "Set a cluster entry in kubeconfig",
  usage:
    "kubectl config set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com] [options]",
  flags: [
    { name: "embed-certs", kind: "bool" },
    { name: "tls-server-name", kind: "string" },
    { name: "proxy-url", kind: "string" },
  ],
  run(k, args, flags) {
    if (args.length !== 1) return usageError("kubectl config set-cluster", `Unexpected args: [${args.join(" ")}]`);
    const { config, path } = load(k);
    const insecure = flagIfSet(k, k.global, "insecure-skip-tls-verify");
    upsert(config, "clusters", "cluster", args[0], {
      server: flagIfSet(k, k.global, "server"),
      "certificate-authority": flagIfSet(k, k.global, "certificate-authority"),
      "tls-server-name": flagIfSet(k, flags, "tls-server-name"),
      "proxy-url": flagIfSet(k, flags, "proxy-url"),
    });
    if (insecure !== undefined) {
      const entry = list<{ cluster: Record<string, unknown> }>(config, "clusters").find((c) => c.name === args[0]);
      if (entry) entry.cluster["insecure-skip-tls-verify"] = bool(k.global, "insecure-skip-tls-verify");
    }
    const err = save(k, path, config);
    return err ? errorLine(err) : ok(`Cluster "${args[0]}" set.\n`);
  },
};

const setCredentials: KubectlCommand = {
  name: "set-credentials",
  short: "Set a user entry in kubeconfig",
  usage:
    "kubectl config set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [options]",
  flags: [
    { name: "username", kind: "string" },
    { name: "password", kind: "string" },
    { name: "embed-certs", kind: "bool" },
    { name: "auth-provider", kind: "string" },
    { name: "exec-command", kind: "string" },
  ],
  run(k, args, flags) {
    if (args.length !== 1) return usageError("kubectl config set-credentials", `Unexpected args: [${args.join(" ")}]`);
    const { config, path } = load(k);
    upsert(config, "users", "user", args[0], {
      "client-certificate": flagIfSet(k, k.global, "client-certificate"),
      "client-key": flagIfSet(k, k.global, "client-key"),
      token: flagIfSet(k, k.global, "token"),
      username: flagIfSet(k, flags, "username"),
      password: flagIfSet(k, flags, "password"),
    });
    const err = save(k, path, config);
    return err ? errorLine(err) : ok(`User "${args[0]}" set.\n`);
  },
};

function deleteCommand(name: string, field: string, what: string): KubectlCommand {
  return {
    name,
    short: `Delete the specified ${what} from the kubeconfig`,
    usage: `kubectl config ${name} NAME [options]`,
    flags: [],
    run(k, args) {
      const { config, path } = load(k);
      if (args.length !== 1) return usageError(`kubectl config ${name}`, `Unexpected args: [${args.join(" ")}]`);
      const entries = list(config, field);
      if (!entries.some((e) => e.name === args[0]))
        return errorLine(`cannot delete ${what} ${args[0]}, not in ${path}`);
      config[field] = entries.filter((e) => e.name !== args[0]);
      let stderr = "";
      if (field === "contexts" && config["current-context"] === args[0]) {
        stderr =
          'warning: this removed your active context, use "kubectl config use-context" to select a different one\n';
      }
      const err = save(k, path, config);
      if (err) return errorLine(err);
      return { stdout: `deleted ${what} ${args[0]} from ${path}\n`, stderr, exitCode: 0 };
    },
  };
}

const renameContext: KubectlCommand = {
  name: "rename-context",
  short: "Rename a context from the kubeconfig file",
  usage: "kubectl config rename-context CONTEXT_NAME NEW_NAME [options]",
  flags: [],
  run(k, args) {
    if (args.length !== 2)
      return usageError("kubectl config rename-context", "Unexpected args: " + `[${args.join(" ")}]`);
    const [from, to] = args;
    const { config, path } = load(k);
    const contexts = list(config, "contexts");
    const entry = contexts.find((c) => c.name === from);
    if (!entry) return errorLine(`cannot rename the context "${from}", it's not in ${path}`);
    if (contexts.some((c) => c.name === to))
      return errorLine(`cannot rename the context "${from}", the context "${to}" already exists in ${path}`);
    entry.name = to;
    if (config["current-context"] === from) config["current-context"] = to;
    const err = save(k, path, config);
    return err ? errorLine(err) : ok(`Context "${from}" renamed to "${to}".\n`);
  },
};

/** `config set|unset a.b.c` over the kubeconfig's named maps. */
function setProperty(config: Config, property: string, value: string | undefined): string | undefined {
  const parts = property.split(".");
  let node: Config = config;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    if (["clusters", "contexts", "users"].includes(p) && i + 1 < parts.length - 1) {
      const name = parts[++i];
      const inner = p.slice(0, -1) === "user" ? "user" : p.slice(0, -1);
      const entries = list<Record<string, unknown>>(node, p);
      let e = entries.find((x) => x.name === name);
      if (!e) {
        if (value === undefined) return `current map key \`${name}\` is invalid`;
        e = { name, [inner]: {} } as Named<Record<string, unknown>>;
        entries.push(e);
        node[p] = entries;
      }
      node = e[inner];
      continue;
    }
    node[p] ??= {};
    node = node[p];
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value === "true" ? true : value === "false" ? false : value;
  return undefined;
}

const setCmd: KubectlCommand = {
  name: "set",
  short: "Set an individual value in a kubeconfig file",
  usage: "kubectl config set PROPERTY_NAME PROPERTY_VALUE [options]",
  flags: [{ name: "set-raw-bytes", kind: "bool" }],
  run(k, args) {
    if (args.length !== 2) return usageError("kubectl config set", `Unexpected args: [${args.join(" ")}]`);
    const { config, path } = load(k);
    const e = setProperty(config, args[0], args[1]);
    if (e) return errorLine(e);
    const err = save(k, path, config);
    return err ? errorLine(err) : ok(`Property "${args[0]}" set.\n`);
  },
};

const unsetCmd: KubectlCommand = {
  name: "unset",
  short: "Unset an individual value in a kubeconfig file",
  usage: "kubectl config unset PROPERTY_NAME [options]",
  flags: [],
  run(k, args) {
    if (args.length !== 1) return usageError("kubectl config unset", `Unexpected args: [${args.join(" ")}]`);
    const { config, path } = load(k);
    const e = setProperty(config, args[0], undefined);
    if (e) return errorLine(e);
    const err = save(k, path, config);
    return err ? errorLine(err) : ok(`Property "${args[0]}" unset.\n`);
  },
};

export const configCommand: KubectlCommand = {
  name: "config",
  short: "Modify kubeconfig files",
  usage: "kubectl config SUBCOMMAND [options]",
  flags: [],
  subcommands: [
    currentContext,
    deleteCommand("delete-cluster", "clusters", "cluster"),
    deleteCommand("delete-context", "contexts", "context"),
    deleteCommand("delete-user", "users", "user"),
    namesCommand("get-clusters", "clusters", "Display clusters defined in the kubeconfig"),
    getContexts,
    namesCommand("get-users", "users", "Display users defined in the kubeconfig"),
    renameContext,
    setCmd,
    setCluster,
    setContext,
    setCredentials,
    unsetCmd,
    useContext,
    view,
  ],
};
