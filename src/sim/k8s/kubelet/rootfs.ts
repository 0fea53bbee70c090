/**
 * A container's filesystem: the image's files (what labs look at: nginx's html and config,
 * /etc/os-release), the files the kubelet writes (/etc/hosts "Kubernetes-managed hosts file",
 * /etc/resolv.conf pointing at the cluster DNS, /etc/hostname) and the pod's volumes at their
 * mount paths: ConfigMap and Secret keys as files, the projected ServiceAccount token
 * (ca.crt, namespace, token), downwardAPI items, and empty directories for emptyDir, hostPath
 * and claims.
 *
 * Limits: the filesystem has no symlinks, so a ConfigMap volume holds its keys as plain files
 * (no `..data` link); an emptyDir is per container, not shared between the pod's containers.
 */

import { VirtualFs } from "../../../cli/shell/vfs.ts";
import { decodeBase64 } from "../../core/base64.ts";
import type { ObjectStore } from "../../core/store.ts";
import type { KObject } from "../api/object.ts";
import type { ResolvedImage } from "../images/registry.ts";
import { HTTPD_INDEX, nginxIndex } from "../images/servers.ts";
import { RecordingFs } from "./recording-fs.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON.
type Json = any;

export interface RootfsContext {
  store: ObjectStore;
  /** The pod's spec, and of its metadata the name, namespace, uid, labels and annotations. */
  pod: KObject;
  container: Json;
  image: ResolvedImage;
  hostname: string;
  podIP: string;
  /** The cluster DNS Service IP (kube-dns). */
  dnsIP: string;
  /** When the container was created (file times). */
  at: number;
}

const OS_RELEASE: Record<string, string> = {
  debian: `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n`,
  ubuntu: `PRETTY_NAME="Ubuntu 24.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.3 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n`,
  alpine: `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.2\nPRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n`,
  oraclelinux: `NAME="Oracle Linux Server"\nVERSION="9.6"\nID="ol"\nID_LIKE="fedora"\nVARIANT="Server"\nVARIANT_ID="server"\nVERSION_ID="9.6"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Oracle Linux Server 9.6"\n`,
};

export function hostsFile(podIP: string, hostname: string): string {
  return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${podIP}\t${hostname}\n`;
}

export function resolvConf(namespace: string, dnsIP: string): string {
  return `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${dnsIP}\noptions ndots:5\n`;
}

export function buildRootfs(c: RootfsContext, clock: () => number, recording: boolean): VirtualFs {
  const opts = { now: clock, skeleton: false, maxEntries: 5_000, maxTotalBytes: 8 * 1024 * 1024 };
  const fs = recording ? new RecordingFs(opts, clock) : new VirtualFs(opts);
  const dirs = [
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/sys",
    "/tmp",
    "/usr/bin",
    "/usr/local/bin",
    "/usr/sbin",
    "/var/log",
    "/var/run",
  ];
  for (const d of dirs) fs.mkdir(d, { recursive: true });
  const ns = c.pod.metadata.namespace ?? "default";
  fs.writeFile("/etc/hostname", `${c.hostname}\n`);
  fs.writeFile("/etc/hosts", hostsFile(c.podIP, c.hostname));
  fs.writeFile("/etc/resolv.conf", resolvConf(ns, c.dnsIP));
  const osRelease = OS_RELEASE[c.image.base];
  if (osRelease) fs.writeFile("/etc/os-release", osRelease);
  if (c.image.entry.server === "nginx") {
    fs.mkdir("/usr/share/nginx/html", { recursive: true });
    fs.writeFile("/usr/share/nginx/html/index.html", nginxIndex(c.image.tag.version));
    fs.writeFile(
      "/usr/share/nginx/html/50x.html",
      `<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n<p>Sorry, the page you are looking for is currently unavailable.<br/>\nPlease try again later.</p>\n</body>\n</html>\n`,
    );
    fs.mkdir("/etc/nginx/conf.d", { recursive: true });
    fs.writeFile("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF);
  }
  if (c.image.entry.server === "httpd") {
    fs.mkdir("/usr/local/apache2/htdocs", { recursive: true });
    fs.writeFile("/usr/local/apache2/htdocs/index.html", HTTPD_INDEX);
  }
  if (c.image.entry.workingDir) fs.mkdir(c.image.entry.workingDir, { recursive: true });
  if (c.container.workingDir) fs.mkdir(c.container.workingDir, { recursive: true });
  for (const m of (c.container.volumeMounts ?? []) as Json[]) mountVolume(c, fs, m);
  return fs;
}

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

function mountVolume(c: RootfsContext, fs: VirtualFs, m: Json): void {
  const vol: Json = (c.pod.spec?.volumes ?? []).find((v: Json) => v.name === m.name);
  const path: string = m.mountPath;
  fs.mkdir(path, { recursive: true });
  if (!vol) return;
  const files = volumeFiles(c, vol);
  for (const [rel, text] of files) {
    if (m.subPath) {
      if (rel === m.subPath) {
        fs.rm(path, { recursive: true });
        fs.writeFile(path, text);
      }
      continue;
    }
    const full = `${path.replace(/\/$/, "")}/${rel}`;
    fs.mkdir(full.slice(0, full.lastIndexOf("/")) || "/", { recursive: true });
    fs.writeFile(full, text);
  }
}

/** The files a volume presents: [relative path, content]. */
function volumeFiles(c: RootfsContext, vol: Json): [string, string][] {
  const ns = c.pod.metadata.namespace ?? "default";
  const fromData = (data: Record<string, string> | undefined, items: Json[] | undefined, secret: boolean) => {
    const value = (v: string) => (secret ? (decodeBase64(v) ?? "") : v);
    const d = data ?? {};
    if (items?.length)
      return items.filter((i) => d[i.key] !== undefined).map((i): [string, string] => [i.path, value(d[i.key])]);
    return Object.keys(d)
      .sort()
      .map((k): [string, string] => [k, value(d[k])]);
  };
  if (vol.configMap) {
    const cm = c.store.get("configmaps", ns, vol.configMap.name);
    return cm ? fromData({ ...(cm.data ?? {}) }, vol.configMap.items, false) : [];
  }
  if (vol.secret) {
    const s = c.store.get("secrets", ns, vol.secret.secretName);
    return s ? fromData(s.data, vol.secret.items, true) : [];
  }
  if (vol.downwardAPI) return downwardFiles(c, vol.downwardAPI.items ?? []);
  if (vol.projected) {
    const out: [string, string][] = [];
    for (const src of vol.projected.sources ?? []) {
      if (src.serviceAccountToken) out.push([src.serviceAccountToken.path ?? "token", projectedToken(c)]);
      if (src.configMap) {
        const cm = c.store.get("configmaps", ns, src.configMap.name);
        if (cm) out.push(...fromData(cm.data, src.configMap.items, false));
      }
      if (src.secret) {
        const s = c.store.get("secrets", ns, src.secret.name);
        if (s) out.push(...fromData(s.data, src.secret.items, true));
      }
      if (src.downwardAPI) out.push(...downwardFiles(c, src.downwardAPI.items ?? []));
    }
    return out;
  }
  return [];
}

function downwardFiles(c: RootfsContext, items: Json[]): [string, string][] {
  const p = c.pod;
  return items.map((i): [string, string] => {
    const f: string = i.fieldRef?.fieldPath ?? "";
    let v = "";
    if (f === "metadata.namespace") v = p.metadata.namespace ?? "";
    else if (f === "metadata.name") v = p.metadata.name ?? "";
    else if (f === "metadata.uid") v = p.metadata.uid ?? "";
    else if (f === "metadata.labels" || f === "metadata.annotations") {
      const m = (f === "metadata.labels" ? p.metadata.labels : p.metadata.annotations) ?? {};
      v = Object.keys(m)
        .sort()
        .map((k) => `${k}="${m[k]}"`)
        .join("\n");
    }
    return [i.path, v];
  });
}

/**
 * A bound ServiceAccount token (RS256 JWT, audience the API server, one hour and seven
 * seconds, bound to the pod). The signature is pseudo-random from the pod's uid so reading
 * it never draws from the cluster's id stream.
 */
function projectedToken(c: RootfsContext): string {
  const ns = c.pod.metadata.namespace ?? "default";
  const sa = c.pod.spec?.serviceAccountName ?? "default";
  const saObj = c.store.get("serviceaccounts", ns, sa);
  const iat = Math.floor(c.at / 1000);
  const b64url = (s: string) => btoa(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const header = b64url(JSON.stringify({ alg: "RS256", kid: pseudoRandom(`${c.pod.metadata.uid}/kid`, 43) }));
  const claims = b64url(
    JSON.stringify({
      aud: ["https://kubernetes.default.svc.cluster.local"],
      exp: iat + 3607,
      iat,
      iss: "https://kubernetes.default.svc.cluster.local",
      jti: c.pod.metadata.uid,
      "kubernetes.io": {
        namespace: ns,
        node: { name: c.pod.spec?.nodeName, uid: pseudoUid(`${c.pod.spec?.nodeName}`) },
        pod: { name: c.pod.metadata.name, uid: c.pod.metadata.uid },
        serviceaccount: { name: sa, uid: saObj?.metadata.uid ?? "" },
        warnafter: iat + 3607 - 3600 + 2400,
      },
      nbf: iat,
      sub: `system:serviceaccount:${ns}:${sa}`,
    }),
  );
  return `${header}.${claims}.${pseudoRandom(`${c.pod.metadata.uid}/sig`, 342)}`;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function pseudoRandom(seed: string, n: number): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  let out = "";
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = (h + 0x9e3779b9) >>> 0;
    out += B64URL[h & 63];
  }
  return out;
}

function pseudoUid(seed: string): string {
  const hex = pseudoRandom(seed, 32)
    .split("")
    .map((ch) => (B64URL.indexOf(ch) & 15).toString(16))
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
