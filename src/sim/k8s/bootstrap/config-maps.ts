/**
 * The ConfigMaps kubeadm and the control plane publish: kube-root-ca.crt in every namespace
 * (root-ca-cert-publisher, 1.20+), kubeadm-config (ClusterConfiguration; 1.21 also ClusterStatus,
 * dropped in 1.22), kubelet-config (named kubelet-config-1.21 before 1.24),
 * extension-apiserver-authentication (kube-apiserver) and kube-public/cluster-info (kubeadm,
 * signed by the bootstrap signer for the bootstrap token).
 */
import type { KObject } from "../api/object.ts";
import { type BootstrapContext, meta } from "./context.ts";
import { base64, detachedJws } from "./pem.ts";
import { kubeletConfigMapName } from "./versions.ts";

const cm = (
  ctx: BootstrapContext,
  name: string,
  namespace: string,
  data: Record<string, string>,
  createdAt: number,
  annotations?: Record<string, string>,
): KObject => ({
  apiVersion: "v1",
  data,
  kind: "ConfigMap",
  metadata: meta(ctx, { name, namespace, annotations, createdAt }),
});

export function buildRootCaConfigMap(ctx: BootstrapContext, namespace: string): KObject {
  const annotations =
    ctx.v.minor >= 25
      ? {
          "kubernetes.io/description":
            "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
        }
      : undefined;
  return cm(ctx, "kube-root-ca.crt", namespace, { "ca.crt": ctx.caCert }, 14, annotations);
}

export function buildExtensionApiserverAuthentication(ctx: BootstrapContext, frontProxyCa: string): KObject {
  return cm(
    ctx,
    "extension-apiserver-authentication",
    "kube-system",
    {
      "client-ca-file": ctx.caCert,
      "requestheader-allowed-names": '["front-proxy-client"]',
      "requestheader-client-ca-file": frontProxyCa,
      "requestheader-extra-headers-prefix": '["X-Remote-Extra-"]',
      "requestheader-group-headers": '["X-Remote-Group"]',
      "requestheader-username-headers": '["X-Remote-User"]',
    },
    3,
  );
}

export function buildKubeadmConfig(ctx: BootstrapContext): KObject {
  const { v } = ctx;
  const lines =
    v.minor >= 31
      ? [
          "apiServer: {}",
          `apiVersion: ${v.kubeadmApiVersion}`,
          "caCertificateValidityPeriod: 87600h0m0s",
          "certificateValidityPeriod: 8760h0m0s",
          "certificatesDir: /etc/kubernetes/pki",
          "clusterName: kubernetes",
          "controllerManager: {}",
          "dns: {}",
          "encryptionAlgorithm: RSA-2048",
          "etcd:",
          "  local:",
          "    dataDir: /var/lib/etcd",
          `imageRepository: ${v.registry}`,
          "kind: ClusterConfiguration",
          `kubernetesVersion: ${v.gitVersion}`,
          "networking:",
          "  dnsDomain: cluster.local",
          `  podSubnet: ${ctx.podCidr}`,
          `  serviceSubnet: ${ctx.serviceCidr}`,
          "proxy: {}",
          "scheduler: {}",
        ]
      : [
          "apiServer:",
          "  extraArgs:",
          "    authorization-mode: Node,RBAC",
          "  timeoutForControlPlane: 4m0s",
          `apiVersion: ${v.kubeadmApiVersion}`,
          "certificatesDir: /etc/kubernetes/pki",
          "clusterName: kubernetes",
          "controllerManager: {}",
          "dns:",
          "  type: CoreDNS",
          "etcd:",
          "  local:",
          "    dataDir: /var/lib/etcd",
          `imageRepository: ${v.registry}`,
          "kind: ClusterConfiguration",
          `kubernetesVersion: ${v.gitVersion}`,
          "networking:",
          "  dnsDomain: cluster.local",
          `  podSubnet: ${ctx.podCidr}`,
          `  serviceSubnet: ${ctx.serviceCidr}`,
          "scheduler: {}",
        ];
  const data: Record<string, string> = { ClusterConfiguration: `${lines.join("\n")}\n` };
  if (v.minor < 22) {
    const cp = ctx.controlPlane;
    data.ClusterStatus = [
      "apiEndpoints:",
      `  ${cp.name}:`,
      `    advertiseAddress: ${cp.ip}`,
      "    bindPort: 6443",
      `apiVersion: ${v.kubeadmApiVersion}`,
      "kind: ClusterStatus",
      "",
    ].join("\n");
  }
  return cm(ctx, "kubeadm-config", "kube-system", data, 8);
}

export function buildKubeletConfig(ctx: BootstrapContext): KObject {
  const modern = ctx.v.minor >= 24;
  const lines = [
    "apiVersion: kubelet.config.k8s.io/v1beta1",
    "authentication:",
    "  anonymous:",
    "    enabled: false",
    "  webhook:",
    "    cacheTTL: 0s",
    "    enabled: true",
    "  x509:",
    "    clientCAFile: /etc/kubernetes/pki/ca.crt",
    "authorization:",
    "  mode: Webhook",
    "  webhook:",
    "    cacheAuthorizedTTL: 0s",
    "    cacheUnauthorizedTTL: 0s",
    "cgroupDriver: systemd",
    "clusterDNS:",
    `- ${ctx.dnsServiceIP}`,
    "clusterDomain: cluster.local",
    ...(modern ? ['containerRuntimeEndpoint: ""'] : []),
    "cpuManagerReconcilePeriod: 0s",
    ...(ctx.v.minor >= 32 ? ["crashLoopBackOff: {}"] : []),
    "evictionPressureTransitionPeriod: 0s",
    "fileCheckFrequency: 0s",
    "healthzBindAddress: 127.0.0.1",
    "healthzPort: 10248",
    "httpCheckFrequency: 0s",
    ...(modern ? ["imageMaximumGCAge: 0s"] : []),
    "imageMinimumGCAge: 0s",
    "kind: KubeletConfiguration",
    ...(modern
      ? [
          "logging:",
          "  flushFrequency: 0",
          "  options:",
          "    json:",
          '      infoBufferSize: "0"',
          "    text:",
          '      infoBufferSize: "0"',
          "  verbosity: 0",
        ]
      : ["logging: {}"]),
    "memorySwap: {}",
    `nodeStatusReportFrequency: ${modern ? "0s" : "0s"}`,
    "nodeStatusUpdateFrequency: 0s",
    "rotateCertificates: true",
    "runtimeRequestTimeout: 0s",
    "shutdownGracePeriod: 0s",
    "shutdownGracePeriodCriticalPods: 0s",
    "staticPodPath: /etc/kubernetes/manifests",
    "streamingConnectionIdleTimeout: 0s",
    "syncFrequency: 0s",
    "volumeStatsAggPeriod: 0s",
    "",
  ];
  return cm(ctx, kubeletConfigMapName(ctx.v.minor), "kube-system", { kubelet: lines.join("\n") }, 9, {
    "kubeadm.kubernetes.io/component-config.hash": `sha256:${ctx.ids.hex(64)}`,
  });
}

export function buildClusterInfo(ctx: BootstrapContext, tokenId: string): KObject {
  const kubeconfig = [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${base64(ctx.caCert)}`,
    `    server: https://${ctx.controlPlane.ip}:6443`,
    '  name: ""',
    "contexts: null",
    'current-context: ""',
    "kind: Config",
    "preferences: {}",
    "users: null",
    "",
  ].join("\n");
  return cm(
    ctx,
    "cluster-info",
    "kube-public",
    { [`jws-kubeconfig-${tokenId}`]: detachedJws(ctx.ids, tokenId), kubeconfig },
    10,
  );
}
