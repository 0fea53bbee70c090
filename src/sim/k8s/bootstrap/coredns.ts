/**
 * kubeadm's CoreDNS addon (cmd/kubeadm/app/phases/addons/dns/manifests.go): the `coredns`
 * Deployment (2 replicas), its Corefile ConfigMap, the `kube-dns` Service and the
 * system:coredns RBAC. Differences checked against real clusters:
 *   1.21  image coredns/coredns:v1.8.0, no pod anti-affinity, capabilities drop `all`,
 *         tolerates the `master` and `control-plane` taints; ReplicaSet coredns-558bd4d5db
 *   1.33  image coredns/coredns:v1.12.0, preferred anti-affinity by hostname, drop `ALL`,
 *         tolerates the `control-plane` taint; ReplicaSet coredns-674b8bbfcf
 */
import type { KObject } from "../api/object.ts";
import { type BootstrapContext, meta } from "./context.ts";
import type { Json } from "./pods.ts";
import { rule } from "./rbac/rules.ts";
import { buildDeployment } from "./workloads.ts";

const KNOWN_HASHES: Record<string, string> = { "v1.8.0": "558bd4d5db", "v1.12.0": "674b8bbfcf" };

export function corefile(): string {
  return [
    ".:53 {",
    "    errors",
    "    health {",
    "       lameduck 5s",
    "    }",
    "    ready",
    "    kubernetes cluster.local in-addr.arpa ip6.arpa {",
    "       pods insecure",
    "       fallthrough in-addr.arpa ip6.arpa",
    "       ttl 30",
    "    }",
    "    prometheus :9153",
    "    forward . /etc/resolv.conf {",
    "       max_concurrent 1000",
    "    }",
    "    cache 30",
    "    loop",
    "    reload",
    "    loadbalance",
    "}",
    "",
  ].join("\n");
}

function podSpec(ctx: BootstrapContext): Json {
  const modern = ctx.v.minor >= 24;
  const tolerations: Json[] = [{ key: "CriticalAddonsOnly", operator: "Exists" }];
  if (ctx.v.minor < 25) tolerations.push({ effect: "NoSchedule", key: "node-role.kubernetes.io/master" });
  tolerations.push({ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" });
  const spec: Json = {};
  if (modern) {
    spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            podAffinityTerm: {
              labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] },
              topologyKey: "kubernetes.io/hostname",
            },
            weight: 100,
          },
        ],
      },
    };
  }
  spec.containers = [
    {
      args: ["-conf", "/etc/coredns/Corefile"],
      image: ctx.v.coreDnsImage,
      imagePullPolicy: "IfNotPresent",
      livenessProbe: {
        failureThreshold: 5,
        httpGet: { path: "/health", port: 8080, scheme: "HTTP" },
        initialDelaySeconds: 60,
        periodSeconds: 10,
        successThreshold: 1,
        timeoutSeconds: 5,
      },
      name: "coredns",
      ports: [
        { containerPort: 53, name: "dns", protocol: "UDP" },
        { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
        { containerPort: 9153, name: "metrics", protocol: "TCP" },
      ],
      readinessProbe: {
        failureThreshold: 3,
        httpGet: { path: "/ready", port: 8181, scheme: "HTTP" },
        periodSeconds: 10,
        successThreshold: 1,
        timeoutSeconds: 1,
      },
      resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { add: ["NET_BIND_SERVICE"], drop: [modern ? "ALL" : "all"] },
        readOnlyRootFilesystem: true,
      },
      volumeMounts: [{ mountPath: "/etc/coredns", name: "config-volume", readOnly: true }],
    },
  ];
  spec.dnsPolicy = "Default";
  spec.nodeSelector = { "kubernetes.io/os": "linux" };
  spec.priorityClassName = "system-cluster-critical";
  spec.serviceAccountName = "coredns";
  spec.tolerations = tolerations;
  spec.volumes = [
    { configMap: { items: [{ key: "Corefile", path: "Corefile" }], name: "coredns" }, name: "config-volume" },
  ];
  return spec;
}

/** Deployment, ReplicaSet and pods. Both replicas run on the control plane: CoreDNS became schedulable there once Calico was up, before any worker joined. */
export function buildCoreDns(ctx: BootstrapContext): KObject[] {
  const tag = ctx.v.coreDnsImage.split(":").pop()!;
  return buildDeployment(ctx, {
    name: "coredns",
    labels: { "k8s-app": "kube-dns" },
    replicas: 2,
    strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 }, type: "RollingUpdate" },
    podSpec: podSpec(ctx),
    placement: [ctx.controlPlane, ctx.controlPlane],
    podTemplateHash: KNOWN_HASHES[tag],
    createdAt: 20,
  });
}

export function buildCoreDnsConfigMap(ctx: BootstrapContext): KObject {
  return {
    apiVersion: "v1",
    data: { Corefile: corefile() },
    kind: "ConfigMap",
    metadata: meta(ctx, { name: "coredns", namespace: "kube-system", createdAt: 20 }),
  };
}

export function buildKubeDnsService(ctx: BootstrapContext): KObject {
  const spec: Json = {
    clusterIP: ctx.dnsServiceIP,
    clusterIPs: [ctx.dnsServiceIP],
  };
  if (ctx.v.minor >= 22) spec.internalTrafficPolicy = "Cluster";
  spec.ipFamilies = ["IPv4"];
  spec.ipFamilyPolicy = "SingleStack";
  spec.ports = [
    { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
    { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
    { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
  ];
  spec.selector = { "k8s-app": "kube-dns" };
  spec.sessionAffinity = "None";
  spec.type = "ClusterIP";
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(ctx, {
      name: "kube-dns",
      namespace: "kube-system",
      labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      createdAt: 20,
    }),
    spec,
    status: { loadBalancer: {} },
  };
}

/** system:coredns ClusterRole rules: 1.21 still asked for `nodes get`. */
export function coreDnsRules(minor: number): Json[] {
  const rules = [rule("list,watch", "", "endpoints,services,pods,namespaces")];
  if (minor < 22) rules.push(rule("get", "", "nodes"));
  rules.push(rule("list,watch", "discovery.k8s.io", "endpointslices"));
  return rules;
}
