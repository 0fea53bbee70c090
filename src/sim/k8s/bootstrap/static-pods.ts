/**
 * The control-plane static pods kubeadm writes to /etc/kubernetes/manifests, as their mirror
 * pods appear in the API (cmd/kubeadm/app/phases/controlplane/manifests.go, etcd/local.go,
 * util/staticpod). Flags are kubeadm's defaults, sorted as kubeadm sorts them. Checked against
 * real manifests: 1.21 (`--insecure-port=0`, `--port=0`, etcd `/health` probes) and 1.33
 * (`/livez`+`/readyz` probes, etcd corrupt-check flags, seccomp RuntimeDefault).
 */
import type { KObject } from "../api/object.ts";
import type { BootstrapContext } from "./context.ts";
import { buildRunningPod, type Json } from "./pods.ts";
import type { ResolvedNode } from "./types.ts";

const PKI = "/etc/kubernetes/pki";

interface Probe {
  path: string;
  port: number;
  scheme: "HTTP" | "HTTPS";
  host: string;
}

const liveness = (p: Probe) => ({
  failureThreshold: 8,
  httpGet: { host: p.host, path: p.path, port: p.port, scheme: p.scheme },
  initialDelaySeconds: 10,
  periodSeconds: 10,
  timeoutSeconds: 15,
});
const readiness = (p: Probe) => ({
  failureThreshold: 3,
  httpGet: { host: p.host, path: p.path, port: p.port, scheme: p.scheme },
  periodSeconds: 1,
  timeoutSeconds: 15,
});
const startup = (p: Probe) => ({ ...liveness(p), failureThreshold: 24 });

function hostPathVolume(name: string, path: string, type: string) {
  return { hostPath: { path, type }, name };
}

/** The CA bundle mounts kubeadm adds on Debian/Ubuntu hosts (apiserver and controller-manager). */
const CA_DIRS: [string, string][] = [
  ["ca-certs", "/etc/ssl/certs"],
  ["etc-ca-certificates", "/etc/ca-certificates"],
  ["k8s-certs", PKI],
  ["usr-local-share-ca-certificates", "/usr/local/share/ca-certificates"],
  ["usr-share-ca-certificates", "/usr/share/ca-certificates"],
];

function apiServer(ctx: BootstrapContext, ip: string): { container: Json; volumes: Json[] } {
  const { minor } = ctx.v;
  const flags = [
    `--advertise-address=${ip}`,
    "--allow-privileged=true",
    "--authorization-mode=Node,RBAC",
    `--client-ca-file=${PKI}/ca.crt`,
    "--enable-admission-plugins=NodeRestriction",
    "--enable-bootstrap-token-auth=true",
    `--etcd-cafile=${PKI}/etcd/ca.crt`,
    `--etcd-certfile=${PKI}/apiserver-etcd-client.crt`,
    `--etcd-keyfile=${PKI}/apiserver-etcd-client.key`,
    "--etcd-servers=https://127.0.0.1:2379",
    ...(minor < 24 ? ["--insecure-port=0"] : []),
    `--kubelet-client-certificate=${PKI}/apiserver-kubelet-client.crt`,
    `--kubelet-client-key=${PKI}/apiserver-kubelet-client.key`,
    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
    `--proxy-client-cert-file=${PKI}/front-proxy-client.crt`,
    `--proxy-client-key-file=${PKI}/front-proxy-client.key`,
    "--requestheader-allowed-names=front-proxy-client",
    `--requestheader-client-ca-file=${PKI}/front-proxy-ca.crt`,
    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
    "--requestheader-group-headers=X-Remote-Group",
    "--requestheader-username-headers=X-Remote-User",
    "--secure-port=6443",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${PKI}/sa.pub`,
    `--service-account-signing-key-file=${PKI}/sa.key`,
    `--service-cluster-ip-range=${ctx.serviceCidr}`,
    `--tls-cert-file=${PKI}/apiserver.crt`,
    `--tls-private-key-file=${PKI}/apiserver.key`,
  ];
  const probe = (path: string): Probe => ({ host: ip, path, port: 6443, scheme: "HTTPS" });
  return {
    container: {
      command: ["kube-apiserver", ...flags],
      image: `${ctx.v.registry}/kube-apiserver:${ctx.v.gitVersion}`,
      imagePullPolicy: "IfNotPresent",
      livenessProbe: liveness(probe("/livez")),
      name: "kube-apiserver",
      readinessProbe: readiness(probe("/readyz")),
      resources: { requests: { cpu: "250m" } },
      startupProbe: startup(probe("/livez")),
      volumeMounts: CA_DIRS.map(([name, mountPath]) => ({ mountPath, name, readOnly: true })),
    },
    volumes: CA_DIRS.map(([name, path]) => hostPathVolume(name, path, "DirectoryOrCreate")),
  };
}

function controllerManager(ctx: BootstrapContext): { container: Json; volumes: Json[] } {
  const conf = "/etc/kubernetes/controller-manager.conf";
  const flags = [
    "--allocate-node-cidrs=true",
    `--authentication-kubeconfig=${conf}`,
    `--authorization-kubeconfig=${conf}`,
    "--bind-address=127.0.0.1",
    `--client-ca-file=${PKI}/ca.crt`,
    `--cluster-cidr=${ctx.podCidr}`,
    "--cluster-name=kubernetes",
    `--cluster-signing-cert-file=${PKI}/ca.crt`,
    `--cluster-signing-key-file=${PKI}/ca.key`,
    "--controllers=*,bootstrapsigner,tokencleaner",
    `--kubeconfig=${conf}`,
    "--leader-elect=true",
    ...(ctx.v.minor < 22 ? ["--port=0"] : []),
    `--requestheader-client-ca-file=${PKI}/front-proxy-ca.crt`,
    `--root-ca-file=${PKI}/ca.crt`,
    `--service-account-private-key-file=${PKI}/sa.key`,
    `--service-cluster-ip-range=${ctx.serviceCidr}`,
    "--use-service-account-credentials=true",
  ];
  const probe: Probe = { host: "127.0.0.1", path: "/healthz", port: 10257, scheme: "HTTPS" };
  const dirs: [string, string, string][] = [
    ["ca-certs", "/etc/ssl/certs", "DirectoryOrCreate"],
    ["etc-ca-certificates", "/etc/ca-certificates", "DirectoryOrCreate"],
    ["flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", "DirectoryOrCreate"],
    ["k8s-certs", PKI, "DirectoryOrCreate"],
    ["kubeconfig", conf, "FileOrCreate"],
    ["usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", "DirectoryOrCreate"],
    ["usr-share-ca-certificates", "/usr/share/ca-certificates", "DirectoryOrCreate"],
  ];
  return {
    container: {
      command: ["kube-controller-manager", ...flags],
      image: `${ctx.v.registry}/kube-controller-manager:${ctx.v.gitVersion}`,
      imagePullPolicy: "IfNotPresent",
      livenessProbe: liveness(probe),
      name: "kube-controller-manager",
      resources: { requests: { cpu: "200m" } },
      startupProbe: startup(probe),
      volumeMounts: dirs.map(([name, mountPath]) =>
        name === "flexvolume-dir" ? { mountPath, name } : { mountPath, name, readOnly: true },
      ),
    },
    volumes: dirs.map(([name, path, type]) => hostPathVolume(name, path, type)),
  };
}

function scheduler(ctx: BootstrapContext): { container: Json; volumes: Json[] } {
  const conf = "/etc/kubernetes/scheduler.conf";
  const flags = [
    `--authentication-kubeconfig=${conf}`,
    `--authorization-kubeconfig=${conf}`,
    "--bind-address=127.0.0.1",
    `--kubeconfig=${conf}`,
    "--leader-elect=true",
    ...(ctx.v.minor < 22 ? ["--port=0"] : []),
  ];
  const probe = (path: string): Probe => ({ host: "127.0.0.1", path, port: 10259, scheme: "HTTPS" });
  const modern = ctx.v.minor >= 26;
  const container: Json = {
    command: ["kube-scheduler", ...flags],
    image: `${ctx.v.registry}/kube-scheduler:${ctx.v.gitVersion}`,
    imagePullPolicy: "IfNotPresent",
    livenessProbe: liveness(probe(modern ? "/livez" : "/healthz")),
    name: "kube-scheduler",
  };
  if (modern) container.readinessProbe = readiness(probe("/readyz"));
  container.resources = { requests: { cpu: "100m" } };
  container.startupProbe = startup(probe(modern ? "/livez" : "/healthz"));
  container.volumeMounts = [{ mountPath: conf, name: "kubeconfig", readOnly: true }];
  return { container, volumes: [hostPathVolume("kubeconfig", conf, "FileOrCreate")] };
}

function etcd(ctx: BootstrapContext, node: ResolvedNode): { container: Json; volumes: Json[] } {
  const ip = node.ip;
  const e = `${PKI}/etcd`;
  const modern = ctx.v.minor >= 22;
  const flags = [
    `--advertise-client-urls=https://${ip}:2379`,
    `--cert-file=${e}/server.crt`,
    "--client-cert-auth=true",
    "--data-dir=/var/lib/etcd",
    ...(ctx.v.minor >= 25
      ? ["--experimental-initial-corrupt-check=true", "--experimental-watch-progress-notify-interval=5s"]
      : []),
    `--initial-advertise-peer-urls=https://${ip}:2380`,
    `--initial-cluster=${node.name}=https://${ip}:2380`,
    `--key-file=${e}/server.key`,
    `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
    "--listen-metrics-urls=http://127.0.0.1:2381",
    `--listen-peer-urls=https://${ip}:2380`,
    `--name=${node.name}`,
    `--peer-cert-file=${e}/peer.crt`,
    "--peer-client-cert-auth=true",
    `--peer-key-file=${e}/peer.key`,
    `--peer-trusted-ca-file=${e}/ca.crt`,
    "--snapshot-count=10000",
    `--trusted-ca-file=${e}/ca.crt`,
  ];
  const probe = (path: string): Probe => ({ host: "127.0.0.1", path, port: 2381, scheme: "HTTP" });
  const container: Json = {
    command: ["etcd", ...flags],
    image: ctx.v.etcdImage,
    imagePullPolicy: "IfNotPresent",
    livenessProbe: liveness(probe(ctx.v.minor >= 29 ? "/livez" : "/health")),
    name: "etcd",
  };
  if (ctx.v.minor >= 29) container.readinessProbe = readiness(probe("/readyz"));
  container.resources = {
    requests: modern
      ? { cpu: "100m", memory: "100Mi" }
      : { cpu: "100m", "ephemeral-storage": "100Mi", memory: "100Mi" },
  };
  container.startupProbe = startup(probe(ctx.v.minor >= 29 ? "/readyz" : "/health"));
  container.volumeMounts = [
    { mountPath: "/var/lib/etcd", name: "etcd-data" },
    { mountPath: e, name: "etcd-certs" },
  ];
  return {
    container,
    volumes: [
      hostPathVolume("etcd-certs", e, "DirectoryOrCreate"),
      hostPathVolume("etcd-data", "/var/lib/etcd", "DirectoryOrCreate"),
    ],
  };
}

/** The four mirror pods, named `<component>-<node>`, owned by the control-plane Node. */
export function buildStaticPods(ctx: BootstrapContext, node: ResolvedNode): KObject[] {
  const components: [string, { container: Json; volumes: Json[] }, Record<string, string>][] = [
    ["etcd", etcd(ctx, node), { "kubeadm.kubernetes.io/etcd.advertise-client-urls": `https://${node.ip}:2379` }],
    [
      "kube-apiserver",
      apiServer(ctx, node.ip),
      { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${node.ip}:6443` },
    ],
    ["kube-controller-manager", controllerManager(ctx), {}],
    ["kube-scheduler", scheduler(ctx), {}],
  ];
  return components.map(([component, { container, volumes }, extra], i) => {
    const hash = ctx.ids.hex(32);
    const spec: Json = {
      containers: [container],
      hostNetwork: true,
      priorityClassName: "system-node-critical",
      // The kubelet gives every static pod this toleration.
      tolerations: [{ effect: "NoExecute", operator: "Exists" }],
      volumes,
    };
    if (ctx.v.minor >= 22) spec.securityContext = { seccompProfile: { type: "RuntimeDefault" } };
    return buildRunningPod(ctx, {
      name: `${component}-${node.name}`,
      labels: { component, tier: "control-plane" },
      annotations: {
        ...extra,
        "kubernetes.io/config.hash": hash,
        "kubernetes.io/config.mirror": hash,
        "kubernetes.io/config.seen": ctx.atNanos(5 + i),
        "kubernetes.io/config.source": "file",
      },
      ownerReferences: [{ apiVersion: "v1", controller: true, kind: "Node", name: node.name, uid: node.uid }],
      node,
      spec,
      hostNetwork: true,
      createdAt: 12 + i,
      staticPod: true,
    });
  });
}
