/**
 * kubeadm's kube-proxy addon (cmd/kubeadm/app/phases/addons/proxy/manifests.go): the
 * `kube-proxy` DaemonSet (host network, privileged, one pod per node) and its ConfigMap with
 * `config.conf` (KubeProxyConfiguration as kubeadm marshals it, empty fields included) and
 * `kubeconfig.conf`.
 */
import type { KObject } from "../api/object.ts";
import { type BootstrapContext, meta } from "./context.ts";
import { nodeJoinedAt } from "./nodes.ts";
import type { Json } from "./pods.ts";
import { buildDaemonSet } from "./workloads.ts";

function podSpec(ctx: BootstrapContext): Json {
  return {
    containers: [
      {
        command: [
          "/usr/local/bin/kube-proxy",
          "--config=/var/lib/kube-proxy/config.conf",
          "--hostname-override=$(NODE_NAME)",
        ],
        env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
        image: `${ctx.v.registry}/kube-proxy:${ctx.v.gitVersion}`,
        imagePullPolicy: "IfNotPresent",
        name: "kube-proxy",
        securityContext: { privileged: true },
        volumeMounts: [
          { mountPath: "/var/lib/kube-proxy", name: "kube-proxy" },
          { mountPath: "/run/xtables.lock", name: "xtables-lock" },
          { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
        ],
      },
    ],
    hostNetwork: true,
    nodeSelector: { "kubernetes.io/os": "linux" },
    priorityClassName: "system-node-critical",
    serviceAccountName: "kube-proxy",
    tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, { operator: "Exists" }],
    volumes: [
      { configMap: { name: "kube-proxy" }, name: "kube-proxy" },
      { hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" }, name: "xtables-lock" },
      { hostPath: { path: "/lib/modules" }, name: "lib-modules" },
    ],
  };
}

export function buildKubeProxy(ctx: BootstrapContext): KObject[] {
  return buildDaemonSet(
    ctx,
    { name: "kube-proxy", labels: { "k8s-app": "kube-proxy" }, podSpec: podSpec(ctx), createdAt: 20 },
    (n) => nodeJoinedAt(ctx, n),
  );
}

function proxyConfig(ctx: BootstrapContext): string {
  const legacy = ctx.v.minor < 24;
  const lines = [
    "apiVersion: kubeproxy.config.k8s.io/v1alpha1",
    "bindAddress: 0.0.0.0",
    "bindAddressHardFail: false",
    "clientConnection:",
    '  acceptContentTypes: ""',
    "  burst: 0",
    '  contentType: ""',
    "  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf",
    "  qps: 0",
    `clusterCIDR: ${ctx.podCidr}`,
    "configSyncPeriod: 0s",
    "conntrack:",
    "  maxPerCore: null",
    "  min: null",
    ...(legacy ? [] : ["  tcpBeLiberal: false"]),
    "  tcpCloseWaitTimeout: null",
    "  tcpEstablishedTimeout: null",
    ...(legacy ? [] : ["  udpStreamTimeout: 0s", "  udpTimeout: 0s"]),
    'detectLocalMode: ""',
    ...(legacy ? [] : ["detectLocal:", '  bridgeInterface: ""', '  interfaceNamePrefix: ""']),
    "enableProfiling: false",
    'healthzBindAddress: ""',
    'hostnameOverride: ""',
    "iptables:",
    ...(legacy ? [] : ["  localhostNodePorts: null"]),
    "  masqueradeAll: false",
    "  masqueradeBit: null",
    "  minSyncPeriod: 0s",
    "  syncPeriod: 0s",
    "ipvs:",
    "  excludeCIDRs: null",
    "  minSyncPeriod: 0s",
    '  scheduler: ""',
    "  strictARP: false",
    "  syncPeriod: 0s",
    "  tcpFinTimeout: 0s",
    "  tcpTimeout: 0s",
    "  udpTimeout: 0s",
    "kind: KubeProxyConfiguration",
    ...(legacy
      ? []
      : [
          "logging:",
          "  flushFrequency: 0",
          "  options:",
          "    json:",
          '      infoBufferSize: "0"',
          "    text:",
          '      infoBufferSize: "0"',
          "  verbosity: 0",
        ]),
    'metricsBindAddress: ""',
    'mode: ""',
    ...(legacy
      ? []
      : ["nftables:", "  masqueradeAll: false", "  masqueradeBit: null", "  minSyncPeriod: 0s", "  syncPeriod: 0s"]),
    "nodePortAddresses: null",
    "oomScoreAdj: null",
    'portRange: ""',
    'showHiddenMetricsForVersion: ""',
    ...(legacy ? ["udpIdleTimeout: 0s"] : []),
    "winkernel:",
    "  enableDSR: false",
    ...(legacy ? [] : ["  forwardHealthCheckVip: false"]),
    '  networkName: ""',
    ...(legacy ? [] : ['  rootHnsEndpointName: ""']),
    '  sourceVip: ""',
  ];
  return lines.join("\n");
}

function proxyKubeconfig(ctx: BootstrapContext): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- cluster:",
    "    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
    `    server: https://${ctx.controlPlane.ip}:6443`,
    "  name: default",
    "contexts:",
    "- context:",
    "    cluster: default",
    "    namespace: default",
    "    user: default",
    "  name: default",
    "current-context: default",
    "users:",
    "- name: default",
    "  user:",
    "    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token",
  ].join("\n");
}

export function buildKubeProxyConfigMap(ctx: BootstrapContext): KObject {
  return {
    apiVersion: "v1",
    data: { "config.conf": proxyConfig(ctx), "kubeconfig.conf": proxyKubeconfig(ctx) },
    kind: "ConfigMap",
    metadata: meta(ctx, {
      name: "kube-proxy",
      namespace: "kube-system",
      labels: { app: "kube-proxy" },
      annotations: { "kubeadm.kubernetes.io/component-config.hash": `sha256:${ctx.ids.hex(64)}` },
      createdAt: 20,
    }),
  };
}
