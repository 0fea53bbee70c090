/**
 * The public images labs use, as data: which tags exist, how big each is (which drives pull
 * durations), the image config (entrypoint, cmd, env, working directory, exposed ports), the
 * base system (which decides the binaries `kubectl exec` finds) and the program the image runs
 * (`server`), which decides what the container logs, which ports answer and how it stops.
 *
 * Sizes are compressed bytes for linux/amd64, as containerd reports them in the Pulled event
 * ("Image size: N bytes"); they are close to Docker Hub's figures for the tag, rounded.
 */

/** The program an image runs by default; see src/sim/k8s/kubelet/program.ts for what each does. */
export type ServerKind =
  /** nginx: docker-entrypoint lines (1.19+), access log, 80/tcp, SIGQUIT graceful stop. */
  | "nginx"
  /** Apache httpd: AH00558/AH00489 lines, "It works!", 80/tcp. */
  | "httpd"
  /** The textbook's alicek106/rr-test:echo-hostname: an Apache page greeting with the hostname. */
  | "echo-hostname"
  | "redis"
  /** Refuses to start without MYSQL_ROOT_PASSWORD (or an alternative), as the real entrypoint does. */
  | "mysql"
  /** Long-running and silent: pause, the control-plane and add-on images. */
  | "idle";

export type BaseSystem = "debian" | "ubuntu" | "alpine" | "busybox" | "oraclelinux" | "distroless";

export interface TagInfo {
  /** Compressed size in bytes. */
  size: number;
  /** The software version the tag carries (nginx 1.27.5, httpd 2.4.65), for log lines. */
  version?: string;
  /** Overrides the entry's base system (the `-alpine` variants). */
  base?: BaseSystem;
  /**
   * The version of the curl the tag ships (`curl -V`, the User-Agent its requests carry), when
   * it differs from the entry's `curl`.
   */
  curl?: string;
}

export interface ImageEntry {
  /** Normalised repository: `docker.io/library/nginx`. */
  repository: string;
  tags: Record<string, TagInfo>;
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  workingDir?: string;
  exposedPorts: number[];
  base: BaseSystem;
  /** Binaries beyond the base system's (e.g. curl in the textbook's curl image). */
  extraBinaries?: string[];
  /** The version of the curl in `extraBinaries`, when known; a tag may override it. */
  curl?: string;
  server?: ServerKind;
}

const MB = 1_000_000;
const PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * nginx tags: version -> compressed size. `latest`/`mainline` follow the newest mainline, `stable`
 * the newest stable; `-alpine` variants are about a third of the size.
 */
const NGINX_VERSIONS: [string, number][] = [
  ["1.29.3", 59.8],
  ["1.28.0", 68.9],
  ["1.27.5", 72.2],
  ["1.26.3", 72.1],
  ["1.25.5", 71.0],
  ["1.24.0", 56.8],
  ["1.23.4", 56.9],
  ["1.22.1", 56.7],
  ["1.21.6", 56.7],
  ["1.20.2", 51.3],
  ["1.19.10", 53.6],
  ["1.18.0", 53.6],
  ["1.17.10", 51.0],
  ["1.16.1", 51.0],
  ["1.15.12", 44.6],
  ["1.14.2", 44.7],
  ["1.13.12", 43.9],
  ["1.12.2", 42.9],
  ["1.11.13", 73.6],
  ["1.10.3", 73.2],
  ["1.9.15", 72.6],
  ["1.7.9", 39.9],
];

function nginxTags(): Record<string, TagInfo> {
  const tags: Record<string, TagInfo> = {};
  const sizeFor = (mb: number, i: number) => Math.round(mb * MB + 31_337 + ((i * 7919) % 99_991));
  NGINX_VERSIONS.forEach(([version, mb], i) => {
    const [maj, min] = version.split(".");
    const minor = `${maj}.${min}`;
    const curl = nginxDebianCurl(version);
    tags[version] = { size: sizeFor(mb, i), version, ...(curl ? { curl } : {}) };
    tags[minor] ??= tags[version];
    const alpine = { size: sizeFor(mb / 3.1, i + 1), version, base: "alpine" as const };
    tags[`${version}-alpine`] = alpine;
    tags[`${minor}-alpine`] ??= alpine;
  });
  const latest = tags["1.29.3"];
  const stable = tags["1.28.0"];
  Object.assign(tags, {
    latest,
    mainline: latest,
    "1": latest,
    stable,
    alpine: tags["1.29.3-alpine"],
    "mainline-alpine": tags["1.29.3-alpine"],
    "stable-alpine": tags["1.28.0-alpine"],
    "alpine-slim": { size: 5_210_331, version: "1.29.3", base: "alpine" },
    perl: { size: 85_880_412, version: "1.29.3", curl: "8.14.1" },
  });
  return tags;
}

/**
 * The curl of the Debian nginx images: the Dockerfile installs Debian's own package from
 * 1.18.0 on (1.16.1 and 1.17 have none), so the version is that of the Debian release the
 * image was last built on: buster 7.64.0 (up to 1.21.2, 1.18, 1.19), bullseye 7.74.0 (1.20.2,
 * 1.21.3 to 1.25.0), bookworm 7.88.1 (1.25.1 to 1.28), trixie 8.14.1 (1.29.1 on).
 */
function nginxDebianCurl(version: string): string | undefined {
  const [, minor, patch] = version.split(".").map(Number);
  if (minor < 18) return undefined;
  if (minor < 20 || (minor === 21 && patch <= 2)) return "7.64.0";
  if (minor < 25 || (minor === 25 && patch === 0)) return "7.74.0";
  if (minor < 29 || (minor === 29 && patch === 0)) return "7.88.1";
  return "8.14.1";
}

const sized = (names: string[], bytes: number, extra: Partial<TagInfo> = {}): Record<string, TagInfo> =>
  Object.fromEntries(names.map((n, i) => [n, { size: bytes + i * 1_117, ...extra }]));

export const CATALOGUE: ImageEntry[] = [
  {
    repository: "docker.io/library/nginx",
    tags: nginxTags(),
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
    env: { PATH: PATH_ENV, NGINX_VERSION: "" },
    exposedPorts: [80],
    base: "debian",
    extraBinaries: ["nginx", "curl", "/docker-entrypoint.sh"],
    server: "nginx",
  },
  {
    repository: "docker.io/library/busybox",
    tags: {
      ...sized(["latest", "1.37", "1.37.0", "stable", "glibc", "1.36", "1.36.1", "1.35", "1.34", "1.33"], 2_160_406),
      "1.28": { size: 727_869 },
      musl: { size: 847_225 },
      uclibc: { size: 2_140_112 },
    },
    entrypoint: [],
    cmd: ["sh"],
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    exposedPorts: [],
    base: "busybox",
  },
  {
    repository: "docker.io/library/ubuntu",
    tags: {
      ...sized(["latest", "24.04", "noble", "rolling"], 29_723_147),
      ...sized(["22.04", "jammy"], 29_534_950),
      ...sized(["20.04", "focal"], 27_514_441),
      ...sized(["18.04", "bionic"], 25_691_407),
      ...sized(["16.04", "xenial"], 46_499_103),
    },
    entrypoint: [],
    cmd: ["/bin/bash"],
    env: { PATH: PATH_ENV },
    exposedPorts: [],
    base: "ubuntu",
  },
  {
    repository: "docker.io/library/alpine",
    tags: sized(
      ["latest", "3", "3.22", "3.21", "3.20", "3.19", "3.18", "3.17", "3.16", "3.15", "3.14", "3.13", "3.12", "edge"],
      3_799_587,
    ),
    entrypoint: [],
    cmd: ["/bin/sh"],
    env: { PATH: PATH_ENV },
    exposedPorts: [],
    base: "alpine",
  },
  {
    repository: "docker.io/library/httpd",
    tags: {
      ...sized(["latest", "2", "2.4", "2.4.65"], 44_895_140, { version: "2.4.65" }),
      ...sized(["alpine", "2-alpine", "2.4-alpine", "2.4.65-alpine"], 21_338_419, {
        version: "2.4.65",
        base: "alpine",
      }),
      ...sized(["2.4.46"], 54_521_097, { version: "2.4.46" }),
    },
    entrypoint: [],
    cmd: ["httpd-foreground"],
    env: { PATH: "/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    workingDir: "/usr/local/apache2",
    exposedPorts: [80],
    base: "debian",
    extraBinaries: ["httpd", "httpd-foreground", "apachectl"],
    server: "httpd",
  },
  {
    repository: "docker.io/library/redis",
    tags: {
      ...sized(["latest", "8", "8.2", "8.2.3"], 52_313_006, { version: "8.2.3" }),
      ...sized(["7", "7.4", "7.4.6"], 45_141_582, { version: "7.4.6" }),
      ...sized(["7.2", "7.2.11"], 40_980_140, { version: "7.2.11" }),
      ...sized(["6", "6.2", "6.2.20"], 40_031_115, { version: "6.2.20" }),
      ...sized(["5", "5.0", "5.0.14"], 39_001_870, { version: "5.0.14" }),
      ...sized(["alpine", "8-alpine", "7-alpine"], 17_210_881, { version: "8.2.3", base: "alpine" }),
    },
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["redis-server"],
    env: { PATH: PATH_ENV },
    workingDir: "/data",
    exposedPorts: [6379],
    base: "debian",
    extraBinaries: ["redis-server", "redis-cli", "docker-entrypoint.sh"],
    server: "redis",
  },
  {
    repository: "docker.io/library/mysql",
    tags: {
      ...sized(["latest", "9", "9.5", "9.5.0", "innovation"], 258_921_377, { version: "9.5.0-1.el9" }),
      ...sized(["8", "8.4", "8.4.7", "lts"], 233_114_003, { version: "8.4.7-1.el9" }),
      ...sized(["8.0", "8.0.44"], 236_004_551, { version: "8.0.44-1.el9" }),
      ...sized(["5.7", "5.7.44"], 171_310_223, { version: "5.7.44-1.el7" }),
    },
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["mysqld"],
    env: { PATH: PATH_ENV },
    exposedPorts: [3306, 33060],
    base: "oraclelinux",
    extraBinaries: ["mysqld", "mysql", "docker-entrypoint.sh"],
    server: "mysql",
  },
  // The textbook's images (start-docker-kubernetes, alicek106 on Docker Hub).
  {
    repository: "docker.io/alicek106/rr-test",
    tags: { "echo-hostname": { size: 135_201_877 }, curl: { size: 74_510_133 } },
    entrypoint: [],
    cmd: ["apachectl", "-DFOREGROUND"],
    env: { PATH: PATH_ENV },
    exposedPorts: [80],
    base: "ubuntu",
    extraBinaries: ["curl", "apachectl", "apache2"],
    server: "echo-hostname",
  },
  {
    repository: "docker.io/alicek106/ubuntu",
    tags: { curl: { size: 74_510_133 }, hostname: { size: 71_030_557 } },
    entrypoint: [],
    cmd: ["/bin/bash"],
    env: { PATH: PATH_ENV },
    exposedPorts: [],
    base: "ubuntu",
    extraBinaries: ["curl"],
  },
  {
    repository: "docker.io/alicek106/alpine-wget",
    tags: { latest: { size: 2_813_204 } },
    entrypoint: [],
    cmd: ["/bin/sh"],
    env: { PATH: PATH_ENV },
    exposedPorts: [],
    base: "alpine",
  },
  {
    repository: "docker.io/alicek106/k8s-sdk-python",
    tags: { latest: { size: 341_006_129 } },
    entrypoint: [],
    cmd: ["/bin/bash"],
    env: { PATH: PATH_ENV },
    exposedPorts: [],
    base: "debian",
    extraBinaries: ["python", "python3", "curl"],
  },
  {
    repository: "docker.io/alicek106/ingress-annotation-test",
    tags: { "0.0": { size: 56_940_311 } },
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
    env: { PATH: PATH_ENV },
    exposedPorts: [80],
    base: "debian",
    extraBinaries: ["nginx", "curl"],
    server: "nginx",
  },
  {
    repository: "docker.io/alicek106/nfs-server",
    tags: { "0.0": { size: 83_431_006 } },
    entrypoint: [],
    cmd: ["/usr/local/bin/run_nfs.sh", "/exports"],
    env: { PATH: PATH_ENV },
    exposedPorts: [2049, 20048, 111],
    base: "ubuntu",
    server: "idle",
  },
  {
    repository: "gcr.io/google_containers/volume-nfs",
    tags: { "0.8": { size: 92_117_200 } },
    entrypoint: ["/usr/local/bin/run_nfs.sh"],
    cmd: ["/exports"],
    env: { PATH: PATH_ENV },
    exposedPorts: [2049, 20048, 111],
    base: "debian",
    server: "idle",
  },
  {
    repository: "quay.io/prometheus/node-exporter",
    tags: { "v0.18.1": { size: 9_641_302 } },
    entrypoint: ["/bin/node_exporter"],
    cmd: [],
    env: { PATH: PATH_ENV },
    exposedPorts: [9100],
    base: "busybox",
    server: "idle",
  },
  {
    repository: "docker.io/grafana/grafana",
    tags: { "7.0.0": { size: 55_613_202 } },
    entrypoint: ["/run.sh"],
    cmd: [],
    env: { PATH: PATH_ENV },
    workingDir: "/usr/share/grafana",
    exposedPorts: [3000],
    base: "alpine",
    server: "idle",
  },
  ...systemImages(),
];

/** Control-plane, add-on and pause images of both eras: already on every node, long-running and silent. */
function systemImages(): ImageEntry[] {
  const idle = (repository: string, tags: string[], size: number, base: BaseSystem = "distroless"): ImageEntry => ({
    repository,
    tags: sized(tags, size),
    entrypoint: [],
    cmd: [],
    env: { PATH: PATH_ENV },
    exposedPorts: [],
    base,
    server: "idle",
  });
  const out: ImageEntry[] = [];
  for (const registry of ["registry.k8s.io", "k8s.gcr.io"]) {
    out.push(
      idle(`${registry}/pause`, ["3.10", "3.9", "3.8", "3.7", "3.6", "3.5", "3.4.1", "3.2", "3.1"], 320_368),
      idle(`${registry}/etcd`, ["3.5.21-0", "3.5.16-0", "3.4.13-0"], 57_680_541),
      idle(`${registry}/coredns/coredns`, ["v1.12.0", "v1.11.3", "v1.8.0"], 20_939_036),
      idle(`${registry}/metrics-server/metrics-server`, ["v0.3.7", "v0.7.2", "v0.8.0"], 19_494_617),
    );
    for (const component of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"]) {
      out.push(idle(`${registry}/${component}`, ["v1.21.14", "v1.33.1", "v1.33.2"], 30_104_312));
    }
  }
  for (const c of ["node", "cni", "kube-controllers", "pod2daemon-flexvol"]) {
    out.push(idle(`docker.io/calico/${c}`, ["v3.21.6", "v3.30.3"], 87_301_004));
  }
  return out;
}

const BY_REPOSITORY = new Map(CATALOGUE.map((e) => [e.repository, e]));

export function catalogueEntry(repository: string): ImageEntry | undefined {
  return BY_REPOSITORY.get(repository);
}
