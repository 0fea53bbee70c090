/**
 * Data generators: `create configmap` and `create secret generic|tls|docker-registry`
 * (create_configmap.go, create_secret*.go), reading `--from-file`, `--from-env-file` and
 * `--from-literal` sources from the shell's filesystem with kubectl's messages.
 */
import { encodeBase64 } from "../../../sim/core/base64.ts";
import type { KObject } from "../../../sim/k8s/api/object.ts";
import { isConfigMapKey, isEnvVarName } from "../../../sim/k8s/validation/names.ts";
import type { KubectlCommand } from "../command.ts";
import type { Kubectl } from "../context.ts";
import { list, str } from "../flags.ts";
import { type Generated, type GeneratorSpec, generatorCommand, objectMeta } from "./create-common.ts";
import { errorLine, slice } from "./targets.ts";

type Put = (key: string, value: string) => string | undefined;
type SourceResult = { ok: true } | { ok: false; error: string };

/** util.ParseLiteralSource */
function parseLiteral(source: string): { ok: true; key: string; value: string } | { ok: false; error: string } {
  const eq = source.indexOf("=");
  if (eq < 0) return { ok: false, error: `invalid literal source ${source}, expected key=value` };
  return { ok: true, key: source.slice(0, eq), value: source.slice(eq + 1) };
}

/** util.ParseFileSource */
function parseFileSource(source: string): { ok: true; key: string; path: string } | { ok: false; error: string } {
  if (!source.includes("="))
    return { ok: true, key: source.replace(/\/+$/, "").split("/").pop() || source, path: source };
  const parts = source.split("=");
  if (parts.length !== 2) return { ok: false, error: "key names or file paths cannot contain '='" };
  if (parts[0] === "") return { ok: false, error: `key name for file path ${parts[1]} missing` };
  if (parts[1] === "") return { ok: false, error: `file path for key name ${parts[0]} missing` };
  return { ok: true, key: parts[0], path: parts[1] };
}

function addLiterals(sources: string[], put: Put): SourceResult {
  for (const s of sources) {
    const p = parseLiteral(s);
    if (!p.ok) return p;
    const err = put(p.key, p.value);
    if (err) return { ok: false, error: err };
  }
  return { ok: true };
}

function addFiles(k: Kubectl, sources: string[], put: Put): SourceResult {
  for (const s of sources) {
    const p = parseFileSource(s);
    if (!p.ok) return p;
    const full = k.fs.resolve(k.cwd, p.path);
    if (!k.fs.exists(full)) return { ok: false, error: `error reading ${p.path}: no such file or directory` };
    if (k.fs.isDir(full)) {
      if (s.includes("=")) return { ok: false, error: "cannot give a key name for a directory path" };
      const entries = k.fs.readdir(full);
      if (!entries.ok) return { ok: false, error: `error listing files in ${p.path}: ${entries.message}` };
      for (const name of [...entries.value].sort()) {
        const child = `${full === "/" ? "" : full}/${name}`;
        if (!k.fs.isFile(child)) continue;
        const r = k.fs.readFile(child);
        if (!r.ok) continue;
        const err = put(name, r.value);
        if (err) return { ok: false, error: err };
      }
      continue;
    }
    const r = k.fs.readFile(full);
    if (!r.ok) return { ok: false, error: `error reading ${p.path}: ${r.message.toLowerCase()}` };
    const err = put(p.key, r.value);
    if (err) return { ok: false, error: err };
  }
  return { ok: true };
}

/** cmdutil.AddFromEnvFile: KEY=value lines, `#` comments, a bare KEY takes the (empty) environment value. */
function addEnvFiles(k: Kubectl, sources: string[], what: string, put: Put): SourceResult {
  for (const path of sources) {
    const full = k.fs.resolve(k.cwd, path);
    if (!k.fs.exists(full)) return { ok: false, error: `error reading ${path}: no such file or directory` };
    if (k.fs.isDir(full)) return { ok: false, error: `env ${what} file cannot be a directory` };
    const r = k.fs.readFile(full);
    if (!r.ok) return { ok: false, error: `error reading ${path}: ${r.message}` };
    const lines = r.value.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    for (let i = 0; i < lines.length; i++) {
      let line = i === 0 ? lines[i].replace(/^\uFEFF/, "") : lines[i];
      line = line.replace(/^\s+/, "");
      if (line === "" || line.startsWith("#")) continue;
      const eq = line.indexOf("=");
      const key = eq < 0 ? line : line.slice(0, eq);
      const errs = isEnvVarName(key, k.cluster.minor);
      if (errs.length) return { ok: false, error: `${JSON.stringify(key)} is not a valid key name: ${errs.join(";")}` };
      const value = eq < 0 ? (k.shell.env.get(key) ?? "") : line.slice(eq + 1);
      const err = put(key, value);
      if (err) return { ok: false, error: err };
    }
  }
  return { ok: true };
}

const SOURCE_FLAGS = [
  { name: "from-file", kind: "stringArray" as const },
  { name: "from-literal", kind: "stringArray" as const },
  { name: "from-env-file", kind: "stringArray" as const },
  { name: "append-hash", kind: "bool" as const },
];

function validateSources(input: { name: string; flags: Map<string, unknown> }): string | undefined {
  if (input.name === "") return "name must be specified";
  const flags = input.flags as Parameters<typeof slice>[0];
  if (
    slice(flags, "from-env-file").length > 0 &&
    (slice(flags, "from-file").length > 0 || list(flags, "from-literal").length > 0)
  ) {
    return "from-env-file cannot be combined with from-file or from-literal";
  }
  return undefined;
}

export const createConfigMap: GeneratorSpec = {
  name: "configmap",
  aliases: ["cm"],
  short: "Create a config map from a local file, directory or literal value",
  usage:
    "configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  flags: SOURCE_FLAGS,
  generate(k, input): Generated {
    const invalid = validateSources(input);
    if (invalid) return { ok: false, result: errorLine(invalid) };
    const data: Record<string, string> = {};
    const put: Put = (key, value) => {
      const errs = isConfigMapKey(key);
      if (errs.length) return `${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(",")}`;
      if (key in data)
        return `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(input.name)}`;
      data[key] = value;
      return undefined;
    };
    const steps = [
      () => addFiles(k, slice(input.flags, "from-file"), put),
      () => addLiterals(list(input.flags, "from-literal"), put),
      () => addEnvFiles(k, slice(input.flags, "from-env-file"), "config", put),
    ];
    for (const step of steps) {
      const r = step();
      if (!r.ok) return { ok: false, result: errorLine(r.error) };
    }
    const object: KObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: objectMeta(input.name, input.enforcedNamespace),
    };
    if (Object.keys(data).length) object.data = data;
    return { ok: true, object };
  },
  wrapCreateError: (m) => `failed to create configmap: ${m}`,
};

function secretObject(name: string, namespace: string, type: string, data: Record<string, string>): KObject {
  const object: KObject = { apiVersion: "v1", kind: "Secret", metadata: objectMeta(name, namespace) };
  if (Object.keys(data).length) object.data = data;
  if (type) object.type = type;
  return object;
}

const secretGeneric: GeneratorSpec = {
  name: "generic",
  short: "Create a secret from a local file, directory, or literal value",
  usage:
    "generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  flags: [...SOURCE_FLAGS, { name: "type", kind: "string" }],
  generate(k, input): Generated {
    const invalid = validateSources(input);
    if (invalid) return { ok: false, result: errorLine(invalid) };
    const data: Record<string, string> = {};
    const put: Put = (key, value) => {
      const errs = isConfigMapKey(key);
      if (errs.length) return `${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(";")}`;
      if (key in data) return `cannot add key ${key}, another key by that name already exists`;
      data[key] = encodeBase64(value);
      return undefined;
    };
    const steps = [
      () => addLiterals(list(input.flags, "from-literal"), put),
      () => addFiles(k, slice(input.flags, "from-file"), put),
      () => addEnvFiles(k, slice(input.flags, "from-env-file"), "secret", put),
    ];
    for (const step of steps) {
      const r = step();
      if (!r.ok) return { ok: false, result: errorLine(r.error) };
    }
    return { ok: true, object: secretObject(input.name, input.enforcedNamespace, str(input.flags, "type"), data) };
  },
  wrapCreateError: (m) => `failed to create secret: ${m}`,
};

const secretTls: GeneratorSpec = {
  name: "tls",
  short: "Create a TLS secret",
  usage: "tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] [options]",
  flags: [
    { name: "cert", kind: "string" },
    { name: "key", kind: "string" },
    { name: "append-hash", kind: "bool" },
  ],
  generate(k, input): Generated {
    const cert = str(input.flags, "cert");
    const key = str(input.flags, "key");
    if (cert === "" || key === "") return { ok: false, result: errorLine("key and cert must be specified") };
    const read = (p: string) => {
      const r = k.fs.readFile(k.fs.resolve(k.cwd, p));
      return r.ok ? r.value : undefined;
    };
    const certText = read(cert);
    if (certText === undefined) return { ok: false, result: errorLine(`open ${cert}: no such file or directory`) };
    const keyText = read(key);
    if (keyText === undefined) return { ok: false, result: errorLine(`open ${key}: no such file or directory`) };
    // tls.X509KeyPair: the simulation checks the PEM framing, not the cryptography.
    if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(certText)) {
      return { ok: false, result: errorLine("tls: failed to find any PEM data in certificate input") };
    }
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyText)) {
      return { ok: false, result: errorLine("tls: failed to find any PEM data in key input") };
    }
    const data = { "tls.crt": encodeBase64(certText), "tls.key": encodeBase64(keyText) };
    return { ok: true, object: secretObject(input.name, input.enforcedNamespace, "kubernetes.io/tls", data) };
  },
  wrapCreateError: (m) => `failed to create secret: ${m}`,
};

const secretDockerRegistry: GeneratorSpec = {
  name: "docker-registry",
  short: "Create a secret for use with a Docker registry",
  usage:
    "docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]",
  flags: [
    { name: "docker-server", kind: "string", default: "https://index.docker.io/v1/" },
    { name: "docker-username", kind: "string" },
    { name: "docker-password", kind: "string" },
    { name: "docker-email", kind: "string" },
    { name: "from-file", kind: "stringArray" },
    { name: "append-hash", kind: "bool" },
  ],
  generate(k, input): Generated {
    const files = slice(input.flags, "from-file");
    const user = str(input.flags, "docker-username");
    const password = str(input.flags, "docker-password");
    const server = str(input.flags, "docker-server");
    const data: Record<string, string> = {};
    if (files.length === 0) {
      if (user === "" || password === "" || server === "") {
        return {
          ok: false,
          result: errorLine(
            "either --from-file or the combination of --docker-username, --docker-password and --docker-server is required",
          ),
        };
      }
      // DockerConfigEntry field order: username, password, email (omitempty), auth.
      const entry: Record<string, string> = { username: user, password };
      const email = str(input.flags, "docker-email");
      if (email) entry.email = email;
      entry.auth = encodeBase64(`${user}:${password}`);
      data[".dockerconfigjson"] = encodeBase64(JSON.stringify({ auths: { [server]: entry } }));
    } else {
      const r = addFiles(k, files, (key, value) => {
        data[key] = encodeBase64(value);
        return undefined;
      });
      if (!r.ok) return { ok: false, result: errorLine(r.error) };
    }
    return {
      ok: true,
      object: secretObject(input.name, input.enforcedNamespace, "kubernetes.io/dockerconfigjson", data),
    };
  },
  wrapCreateError: (m) => `failed to create secret: ${m}`,
};

export const createSecret: KubectlCommand = {
  name: "secret",
  short: "Create a secret using a specified subcommand",
  usage: "kubectl create secret (docker-registry | generic | tls) [options]",
  flags: [],
  subcommands: [secretDockerRegistry, secretGeneric, secretTls].map((g) =>
    generatorCommand(g, "kubectl create secret"),
  ),
};
