/**
 * `curl`, as labs use it from a node or from inside a container: `curl URL`, `-s`, `-S`,
 * `-v`, `-I`, `-o FILE`, `-H`, `-X`, `--connect-timeout`, `-m`. The answer comes from the
 * simulated network (src/sim/net): cluster DNS inside pods, kube-proxy for ClusterIPs and
 * NodePorts, and the backing container's image for the body.
 *
 * Messages follow the curl the host has: Ubuntu 20.04 nodes (the 1.21 era) ship 7.68.0,
 * Ubuntu 24.04 nodes 8.5.0; inside a container, the image's own curl (`host.curlVersion`, from
 * the image catalogue), falling back to the node's when the catalogue does not know it.
 *   7.68.0  curl: (7) Failed to connect to 10.96.0.5 port 80: Connection refused
 *   8.5.0   curl: (7) Failed to connect to 10.96.0.5 port 80 after 1 ms: Couldn't connect to server
 * stdout is taken to be a terminal, so no progress meter is drawn unless the body goes to a
 * file (`-o`).
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import type { Client } from "../../sim/net/cluster-dns.ts";
import { exchange } from "../../sim/net/http-client.ts";
import type { HttpRequest } from "../../sim/net/http-servers.ts";
import type { Command, CommandContext, ExecResult } from "../types.ts";

interface Options {
  version: boolean;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  output?: string;
  headers: [string, string][];
  method?: string;
  connectTimeout?: number;
  maxTime?: number;
  url?: string;
}

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/** Linux gives up on an unanswered SYN after 6 retries: 1+2+4+8+16+32+64 s. */
const KERNEL_CONNECT_TIMEOUT_MS = 127_000;

type Parsed = { ok: true; opts: Options } | { ok: false; result: ExecResult };

const usage = (msg: string): Parsed => ({
  ok: false,
  result: { stdout: "", stderr: `curl: ${msg}\n${TRY}`, exitCode: 2 },
});

function parse(argv: string[]): Parsed {
  const o: Options = { version: false, silent: false, showError: false, verbose: false, head: false, headers: [] };
  const needsValue = new Set(["o", "H", "X", "m"]);
  const long: Record<string, string> = {
    silent: "s",
    "show-error": "S",
    verbose: "v",
    head: "I",
    output: "o",
    header: "H",
    request: "X",
    "max-time": "m",
    "connect-timeout": "connect-timeout",
    version: "V",
    location: "L",
    insecure: "k",
  };
  const set = (flag: string, value?: string): Parsed | undefined => {
    switch (flag) {
      case "V":
        o.version = true;
        break;
      case "s":
        o.silent = true;
        break;
      case "S":
        o.showError = true;
        break;
      case "v":
        o.verbose = true;
        break;
      case "I":
        o.head = true;
        break;
      case "L":
      case "k":
        break;
      case "o":
        o.output = value;
        break;
      case "X":
        o.method = value;
        break;
      case "H": {
        const i = (value ?? "").indexOf(":");
        if (i > 0) o.headers.push([value!.slice(0, i).trim(), value!.slice(i + 1).trim()]);
        break;
      }
      case "m":
      case "connect-timeout": {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0)
          return usage(`option --${flag === "m" ? "max-time" : flag}: expected a proper numerical parameter`);
        if (flag === "m") o.maxTime = n;
        else o.connectTimeout = n;
        break;
      }
    }
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--") && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      const flag = long[name];
      if (!flag) return usage(`option ${a}: is unknown`);
      const takes = needsValue.has(flag) || flag === "connect-timeout";
      let value: string | undefined;
      if (takes) {
        value = inline ?? argv[++i];
        if (value === undefined) return usage(`option ${a}: requires parameter`);
      }
      const err = set(flag, value);
      if (err) return err;
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (!"sSvIoHXmLkV".includes(f)) return usage(`option -${a.slice(j)}: is unknown`);
        if (needsValue.has(f)) {
          const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (value === undefined) return usage(`option -${f}: requires parameter`);
          const err = set(f, value);
          if (err) return err;
          break;
        }
        set(f);
      }
    } else {
      o.url = a;
    }
  }
  if (!o.url && !o.version)
    return { ok: false, result: { stdout: "", stderr: `curl: no URL specified!\n${TRY}`, exitCode: 2 } };
  return { ok: true, opts: o };
}

interface Url {
  scheme: string;
  host: string;
  port: number;
  explicitPort: boolean;
  path: string;
}

function parseUrl(raw: string): Url | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? "http").toLowerCase();
  const port = m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80;
  let path = m[4] || "/";
  if (!path.startsWith("/")) path = `/${path}`;
  return { scheme, host: m[2], port, explicitPort: !!m[3], path };
}

/** Version families of curl's connect-failure wording. */
function curlFlavour(version: string): "old" | "after-refused" | "after-couldnt" {
  const [a, b] = version.split(".").map(Number);
  const minor = a > 7 ? 999 : b;
  if (minor < 76) return "old";
  if (minor < 87) return "after-refused";
  return "after-couldnt";
}

export interface CurlHost {
  cluster: Cluster;
  /** The pod the command runs in, when run inside a container. */
  pod?: KObject;
  hostname: string;
  ip?: string;
  curlVersion?: string;
}

function clientOf(h: CurlHost): Client {
  if (h.pod) return { kind: "pod", pod: h.pod, ip: h.pod.status?.podIP ?? "" };
  return { kind: "node", node: h.hostname, ip: h.ip ?? "" };
}

export function defaultCurlVersion(minor: number): string {
  return minor < 24 ? "7.68.0" : "8.5.0";
}

function run(ctx: CommandContext): ExecResult {
  const parsed = parse(ctx.argv.slice(1));
  if (!parsed.ok) return parsed.result;
  const o = parsed.opts;
  const host = ctx.host as unknown as CurlHost;
  const version = host.curlVersion ?? defaultCurlVersion(host.cluster?.minor ?? 33);
  // curl -V prints its banner and ignores any URL.
  if (o.version) return { stdout: versionBanner(version), stderr: "", exitCode: 0 };
  const flavour = curlFlavour(version);
  const showErrors = !o.silent || o.showError;
  const url = parseUrl(o.url!);
  const err: string[] = [];
  const fail = (code: number, message: string): ExecResult => ({
    stdout: "",
    stderr: err.join("") + (showErrors ? `curl: (${code}) ${message}\n` : ""),
    exitCode: code,
  });
  if (!url) return fail(3, `URL using bad/illegal format or missing URL`);
  if (url.scheme !== "http" && url.scheme !== "https")
    return fail(1, `Protocol "${url.scheme}" not supported${flavour === "old" ? " or disabled in libcurl" : ""}`);
  if (!host.cluster) return fail(6, `Could not resolve host: ${url.host}`);

  const method = o.method ?? (o.head ? "HEAD" : "GET");
  const hostHeader =
    url.explicitPort && url.port !== (url.scheme === "https" ? 443 : 80) ? `${url.host}:${url.port}` : url.host;
  const reqHeaders: [string, string][] = [
    ["Host", hostHeader],
    ["User-Agent", `curl/${version}`],
    ["Accept", "*/*"],
  ];
  for (const [k, v] of o.headers) {
    const i = reqHeaders.findIndex(([n]) => n.toLowerCase() === k.toLowerCase());
    if (i >= 0) reqHeaders[i] = [k, v];
    else reqHeaders.push([k, v]);
  }
  const req: HttpRequest = { method, path: url.path, headers: reqHeaders };
  const result = exchange(host.cluster, clientOf(host), url.host, url.port, req);
  if (result.kind === "unresolved") {
    if (o.verbose) err.push(`* Could not resolve host: ${url.host}\n`);
    if (o.verbose && flavour !== "old") err.push(`* Closing connection\n`);
    if (o.verbose && flavour === "old") err.push(`* Closing connection 0\n`);
    return fail(6, `Could not resolve host: ${url.host}`);
  }
  const ip = result.ip;
  if (o.verbose) err.push(`*   Trying ${ip}:${url.port}...\n`);
  if (o.verbose && flavour === "old") err.push("* TCP_NODELAY set\n");
  if (result.kind === "refused") {
    if (o.verbose) err.push(connectFailedVerbose(flavour, ip, url.port, 1, "Connection refused"));
    return fail(7, connectFailed(flavour, url.host, ip, url.port, 1, "refused"));
  }
  if (result.kind === "timeout") {
    const limits = [o.connectTimeout, o.maxTime].filter((x): x is number => x !== undefined);
    if (limits.length) {
      const ms = Math.round(Math.min(...limits) * 1000) + 1;
      ctx.host.advance(ms);
      if (flavour === "old") return fail(28, `Connection timed out after ${ms} milliseconds`);
      return fail(28, `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Timeout was reached`);
    }
    ctx.host.advance(KERNEL_CONNECT_TIMEOUT_MS);
    if (flavour === "old") return fail(7, `Failed to connect to ${url.host} port ${url.port}: Connection timed out`);
    return fail(
      28,
      `Failed to connect to ${url.host} port ${url.port} after ${KERNEL_CONNECT_TIMEOUT_MS} ms: Couldn't connect to server`,
    );
  }
  const res = result.response;
  if (o.verbose) {
    err.push(`* Connected to ${url.host} (${ip}) port ${url.port}${flavour === "after-couldnt" ? "" : " (#0)"}\n`);
    err.push(`> ${method} ${url.path} HTTP/1.1\n`);
    for (const [k, v] of reqHeaders) err.push(`> ${k}: ${v}\n`);
    err.push("> \n");
    err.push(`< HTTP/1.1 ${res.status} ${res.reason}\n`);
    for (const [k, v] of res.headers) err.push(`< ${k}: ${v}\n`);
    err.push("< \n");
  }
  let stdout = "";
  if (o.head) {
    stdout = `HTTP/1.1 ${res.status} ${res.reason}\r\n${res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
  } else if (o.output !== undefined && o.output !== "-") {
    const path = ctx.fs.resolve(ctx.cwd, o.output);
    const w = ctx.fs.writeFile(path, res.body);
    if (!w.ok) return fail(23, `Failure writing output to destination`);
    if (!o.silent) err.unshift(progressMeter(new TextEncoder().encode(res.body).length));
  } else {
    stdout = res.body;
  }
  if (o.verbose) err.push(`* Connection #0 to host ${url.host} left intact\n`);
  return { stdout, stderr: err.join(""), exitCode: 0 };
}

function connectFailed(
  flavour: ReturnType<typeof curlFlavour>,
  host: string,
  _ip: string,
  port: number,
  ms: number,
  why: "refused",
): string {
  void why;
  if (flavour === "old") return `Failed to connect to ${host} port ${port}: Connection refused`;
  if (flavour === "after-refused")
    return `Failed to connect to ${host} port ${port} after ${ms} ms: Connection refused`;
  return `Failed to connect to ${host} port ${port} after ${ms} ms: Couldn't connect to server`;
}

function connectFailedVerbose(
  flavour: ReturnType<typeof curlFlavour>,
  ip: string,
  port: number,
  ms: number,
  reason: string,
): string {
  if (flavour === "old")
    return `* connect to ${ip} port ${port} failed: ${reason}\n* Failed to connect to ${ip} port ${port}: ${reason}\n* Closing connection 0\n`;
  if (flavour === "after-refused")
    return `* connect to ${ip} port ${port} failed: ${reason}\n* Failed to connect to ${ip} port ${port} after ${ms} ms: ${reason}\n* Closing connection 0\n`;
  return `* connect to ${ip} port ${port} from 0.0.0.0 port 0 failed: ${reason}\n* Failed to connect to ${ip} port ${port} after ${ms} ms: Couldn't connect to server\n* Closing connection\n`;
}

/**
 * `curl -V`. The banners recorded from a real build are given in full; for other versions only
 * the parts the version decides are known (name, libcurl, release date), so the library list
 * and the Protocols/Features lines are left out rather than guessed.
 */
const BANNERS: Record<string, string> = {
  // Debian 12 (bookworm): nginx 1.25.1 to 1.28 images, as of the current security update.
  "7.88.1":
    "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\n" +
    "Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u14\n" +
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n" +
    "Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n",
};

/** curl's own release dates, for the second line of a banner not recorded in full. */
const RELEASE_DATES: Record<string, string> = {
  "7.64.0": "2019-02-06",
  "7.68.0": "2020-01-08",
  "7.74.0": "2020-12-09",
  "8.5.0": "2023-12-06",
  "8.14.1": "2025-06-04",
};

function versionBanner(version: string): string {
  const known = BANNERS[version];
  if (known) return known;
  const date = RELEASE_DATES[version];
  return `curl ${version} (x86_64-pc-linux-gnu) libcurl/${version}\n${date ? `Release-Date: ${date}\n` : ""}`;
}

/** The progress meter of a transfer that took 1 ms (its speeds are the only varying part on a real host). */
function progressMeter(bytes: number): string {
  const size = (n: number) => {
    if (n < 100000) return String(n).padStart(5);
    const k = n / 1024;
    if (k < 10000) return `${Math.floor(k)}k`.padStart(5);
    return `${Math.floor(k / 1024)}M`.padStart(5);
  };
  const speed = size(bytes * 1000);
  const header =
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
    "                                 Dload  Upload   Total   Spent    Left  Speed\n";
  const zero = "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0";
  const done = `100 ${size(bytes)}  100 ${size(bytes)}    0     0 ${speed.padStart(6)}      0 --:--:-- --:--:-- --:--:-- ${speed}`;
  return `${header}\r${zero}\r${done}\n`;
}

export const curlCommand: Command = {
  name: "curl",
  summary: "transfer a URL",
  run,
};
