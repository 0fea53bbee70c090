/**
 * Calico as kubeadm users install it (`kubectl apply -f calico.yaml`, manifest install with
 * the Kubernetes datastore): the calico-node DaemonSet, the calico-kube-controllers
 * Deployment, the calico-config ConfigMap, their ServiceAccounts and ClusterRoles.
 * Era: v3.21 for 1.21 (init containers upgrade-ipam, install-cni, flexvol-driver), v3.30 for
 * 1.33 (upgrade-ipam, install-cni, mount-bpffs; the calico-cni-plugin account since v3.26).
 * Calico's CRDs are not modelled.
 */
import type { KObject } from "../api/object.ts";
import { type BootstrapContext, meta } from "./context.ts";
import { nodeJoinedAt } from "./nodes.ts";
import type { Json } from "./pods.ts";
import { asWritten, type PolicyRule } from "./rbac/rules.ts";
import { buildDaemonSet, buildDeployment } from "./workloads.ts";

const modern = (ctx: BootstrapContext) => ctx.v.minor >= 24;
const image = (ctx: BootstrapContext, name: string) => `docker.io/calico/${name}:${ctx.v.calicoVersion}`;

export function calicoServiceAccounts(minor: number): string[] {
  return minor >= 24
    ? ["calico-cni-plugin", "calico-kube-controllers", "calico-node"]
    : ["calico-kube-controllers", "calico-node"];
}

export function buildCalicoConfig(ctx: BootstrapContext): KObject {
  const cni = {
    name: "k8s-pod-network",
    cniVersion: "0.3.1",
    plugins: [
      {
        type: "calico",
        log_level: "info",
        log_file_path: "/var/log/calico/cni/cni.log",
        datastore_type: "kubernetes",
        nodename: "__KUBERNETES_NODE_NAME__",
        mtu: "__CNI_MTU__",
        ipam: { type: "calico-ipam" },
        policy: { type: "k8s" },
        kubernetes: { kubeconfig: "__KUBECONFIG_FILEPATH__" },
      },
      { type: "portmap", snat: true, capabilities: { portMappings: true } },
      { type: "bandwidth", capabilities: { bandwidth: true } },
    ],
  };
  return {
    apiVersion: "v1",
    data: {
      calico_backend: "bird",
      cni_network_config: `${JSON.stringify(cni, null, 2)}\n`,
      typha_service_name: "none",
      veth_mtu: "0",
    },
    kind: "ConfigMap",
    metadata: meta(ctx, { name: "calico-config", namespace: "kube-system", createdAt: 40 }),
  };
}

function nodePodSpec(ctx: BootstrapContext): Json {
  const cfg = (key: string) => ({ valueFrom: { configMapKeyRef: { key, name: "calico-config" } } });
  const hostPath = (name: string, path: string, type?: string) => ({
    hostPath: type ? { path, type } : { path },
    name,
  });
  const initContainers: Json[] = [
    {
      command: ["/opt/cni/bin/calico-ipam", "-upgrade"],
      env: [
        { name: "KUBERNETES_NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        { name: "CALICO_NETWORKING_BACKEND", ...cfg("calico_backend") },
      ],
      envFrom: [{ configMapRef: { name: "kubernetes-services-endpoint", optional: true } }],
      image: image(ctx, "cni"),
      imagePullPolicy: "IfNotPresent",
      name: "upgrade-ipam",
      securityContext: { privileged: true },
      volumeMounts: [
        { mountPath: "/var/lib/cni/networks", name: "host-local-net-dir" },
        { mountPath: "/host/opt/cni/bin", name: "cni-bin-dir" },
      ],
    },
    {
      command: ["/opt/cni/bin/install"],
      env: [
        { name: "CNI_CONF_NAME", value: "10-calico.conflist" },
        { name: "CNI_NETWORK_CONFIG", ...cfg("cni_network_config") },
        { name: "KUBERNETES_NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        { name: "CNI_MTU", ...cfg("veth_mtu") },
        { name: "SLEEP", value: "false" },
      ],
      envFrom: [{ configMapRef: { name: "kubernetes-services-endpoint", optional: true } }],
      image: image(ctx, "cni"),
      imagePullPolicy: "IfNotPresent",
      name: "install-cni",
      securityContext: { privileged: true },
      volumeMounts: [
        { mountPath: "/host/opt/cni/bin", name: "cni-bin-dir" },
        { mountPath: "/host/etc/cni/net.d", name: "cni-net-dir" },
      ],
    },
    modern(ctx)
      ? {
          command: ["calico-node", "-init", "-best-effort"],
          image: image(ctx, "node"),
          imagePullPolicy: "IfNotPresent",
          name: "mount-bpffs",
          securityContext: { privileged: true },
          volumeMounts: [
            { mountPath: "/sys/fs", mountPropagation: "Bidirectional", name: "sys-fs" },
            { mountPath: "/var/run/calico", mountPropagation: "Bidirectional", name: "var-run-calico" },
            { mountPath: "/nodeproc", name: "nodeproc", readOnly: true },
          ],
        }
      : {
          image: image(ctx, "pod2daemon-flexvol"),
          name: "flexvol-driver",
          securityContext: { privileged: true },
          volumeMounts: [{ mountPath: "/host/driver", name: "flexvol-driver-host" }],
        },
  ];
  return {
    containers: [
      {
        env: [
          { name: "DATASTORE_TYPE", value: "kubernetes" },
          { name: "WAIT_FOR_DATASTORE", value: "true" },
          { name: "NODENAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
          { name: "CALICO_NETWORKING_BACKEND", ...cfg("calico_backend") },
          { name: "CLUSTER_TYPE", value: "k8s,bgp" },
          { name: "IP", value: "autodetect" },
          { name: "CALICO_IPV4POOL_IPIP", value: "Always" },
          { name: "CALICO_IPV4POOL_VXLAN", value: "Never" },
          { name: "CALICO_IPV6POOL_VXLAN", value: "Never" },
          { name: "FELIX_IPINIPMTU", ...cfg("veth_mtu") },
          { name: "FELIX_VXLANMTU", ...cfg("veth_mtu") },
          { name: "FELIX_WIREGUARDMTU", ...cfg("veth_mtu") },
          { name: "CALICO_IPV4POOL_CIDR", value: ctx.podCidr },
          { name: "CALICO_DISABLE_FILE_LOGGING", value: "true" },
          { name: "FELIX_DEFAULTENDPOINTTOHOSTACTION", value: "ACCEPT" },
          { name: "FELIX_IPV6SUPPORT", value: "false" },
          { name: "FELIX_HEALTHENABLED", value: "true" },
        ],
        envFrom: [{ configMapRef: { name: "kubernetes-services-endpoint", optional: true } }],
        image: image(ctx, "node"),
        imagePullPolicy: "IfNotPresent",
        lifecycle: { preStop: { exec: { command: ["/bin/calico-node", "-shutdown"] } } },
        livenessProbe: {
          exec: { command: ["/bin/calico-node", "-felix-live", "-bird-live"] },
          failureThreshold: 6,
          initialDelaySeconds: 10,
          periodSeconds: 10,
          timeoutSeconds: 10,
        },
        name: "calico-node",
        readinessProbe: {
          exec: { command: ["/bin/calico-node", "-felix-ready", "-bird-ready"] },
          periodSeconds: 10,
          timeoutSeconds: 10,
        },
        resources: { requests: { cpu: "250m" } },
        securityContext: { privileged: true },
        volumeMounts: [
          { mountPath: "/host/etc/cni/net.d", name: "cni-net-dir" },
          { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
          { mountPath: "/run/xtables.lock", name: "xtables-lock" },
          { mountPath: "/var/run/calico", name: "var-run-calico" },
          { mountPath: "/var/lib/calico", name: "var-lib-calico" },
          { mountPath: "/var/run/nodeagent", name: "policysync" },
          { mountPath: "/var/log/calico/cni", name: "cni-log-dir", readOnly: true },
        ],
      },
    ],
    hostNetwork: true,
    initContainers,
    nodeSelector: { "kubernetes.io/os": "linux" },
    priorityClassName: "system-node-critical",
    serviceAccountName: "calico-node",
    terminationGracePeriodSeconds: 0,
    tolerations: [
      { effect: "NoSchedule", operator: "Exists" },
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { effect: "NoExecute", operator: "Exists" },
    ],
    volumes: [
      hostPath("lib-modules", "/lib/modules"),
      hostPath("var-run-calico", "/var/run/calico", modern(ctx) ? "DirectoryOrCreate" : undefined),
      hostPath("var-lib-calico", "/var/lib/calico", modern(ctx) ? "DirectoryOrCreate" : undefined),
      hostPath("xtables-lock", "/run/xtables.lock", "FileOrCreate"),
      ...(modern(ctx)
        ? [hostPath("sys-fs", "/sys/fs/", "DirectoryOrCreate"), hostPath("nodeproc", "/proc")]
        : [
            hostPath(
              "flexvol-driver-host",
              "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/nodeagent~uds",
              "DirectoryOrCreate",
            ),
          ]),
      hostPath("cni-bin-dir", "/opt/cni/bin", modern(ctx) ? "DirectoryOrCreate" : undefined),
      hostPath("cni-net-dir", "/etc/cni/net.d"),
      hostPath("cni-log-dir", "/var/log/calico/cni"),
      hostPath("host-local-net-dir", "/var/lib/cni/networks"),
      hostPath("policysync", "/var/run/nodeagent", "DirectoryOrCreate"),
    ],
  };
}

function controllersPodSpec(ctx: BootstrapContext): Json {
  const tolerations: Json[] = [{ key: "CriticalAddonsOnly", operator: "Exists" }];
  if (ctx.v.minor < 25) tolerations.push({ effect: "NoSchedule", key: "node-role.kubernetes.io/master" });
  if (modern(ctx)) tolerations.push({ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" });
  return {
    containers: [
      {
        env: [
          { name: "ENABLED_CONTROLLERS", value: modern(ctx) ? "node,loadbalancer" : "node" },
          { name: "DATASTORE_TYPE", value: "kubernetes" },
        ],
        image: image(ctx, "kube-controllers"),
        imagePullPolicy: "IfNotPresent",
        livenessProbe: {
          exec: { command: ["/usr/bin/check-status", "-l"] },
          failureThreshold: 6,
          initialDelaySeconds: 10,
          periodSeconds: 10,
          timeoutSeconds: 10,
        },
        name: "calico-kube-controllers",
        readinessProbe: { exec: { command: ["/usr/bin/check-status", "-r"] }, periodSeconds: 10 },
      },
    ],
    nodeSelector: { "kubernetes.io/os": "linux" },
    priorityClassName: "system-cluster-critical",
    serviceAccountName: "calico-kube-controllers",
    tolerations,
  };
}

export function buildCalicoWorkloads(ctx: BootstrapContext): KObject[] {
  return [
    ...buildDaemonSet(
      ctx,
      { name: "calico-node", labels: { "k8s-app": "calico-node" }, podSpec: nodePodSpec(ctx), createdAt: 40 },
      (n) => nodeJoinedAt(ctx, n),
    ),
    ...buildDeployment(ctx, {
      name: "calico-kube-controllers",
      labels: { "k8s-app": "calico-kube-controllers" },
      replicas: 1,
      strategy: { type: "Recreate" },
      podSpec: controllersPodSpec(ctx),
      placement: [ctx.controlPlane],
      createdAt: 40,
    }),
  ];
}

/** calico.yaml's ClusterRoles, each bound to the ServiceAccount of the same name. */
export function calicoClusterRoles(minor: number): { name: string; rules: PolicyRule[] }[] {
  const w = asWritten;
  const roles = [
    {
      name: "calico-kube-controllers",
      rules: [
        w("watch,list,get", "", "nodes"),
        w("get", "", "pods"),
        w("get,list,watch", "", "services,endpoints"),
        w("get,list,create,update,delete", "crd.projectcalico.org", "ipreservations"),
        w("get,list,create,update,delete,watch", "crd.projectcalico.org", "blockaffinities,ipamblocks,ipamhandles"),
        w("get,list,create,update,delete", "crd.projectcalico.org", "hostendpoints"),
        w("get,create,update", "crd.projectcalico.org", "clusterinformations"),
        w("get,create,update,watch", "crd.projectcalico.org", "kubecontrollersconfigurations"),
      ],
    },
    {
      name: "calico-node",
      rules: [
        w("get", "", "pods,nodes,namespaces"),
        w("watch,list,get", "discovery.k8s.io", "endpointslices"),
        w("watch,list,get", "", "endpoints,services"),
        w("get", "", "configmaps"),
        w("patch", "", "nodes/status"),
        w("watch,list", "networking.k8s.io", "networkpolicies"),
        w("watch,list", "", "pods,namespaces,serviceaccounts"),
        w("patch", "", "pods/status"),
        w(
          "get,list,watch",
          "crd.projectcalico.org",
          "globalfelixconfigs,felixconfigurations,bgppeers,globalbgpconfigs,bgpconfigurations,ippools,ipreservations,ipamblocks,globalnetworkpolicies,globalnetworksets,networkpolicies,networksets,clusterinformations,hostendpoints,blockaffinities,caliconodestatuses",
        ),
        w("create,update", "crd.projectcalico.org", "ippools,felixconfigurations,clusterinformations"),
        w("update", "crd.projectcalico.org", "caliconodestatuses"),
        w("get,list,watch", "", "nodes"),
        w("get,list,create,update,delete", "crd.projectcalico.org", "blockaffinities,ipamblocks,ipamhandles"),
        w("get", "crd.projectcalico.org", "ipamconfigs"),
        w("watch", "crd.projectcalico.org", "blockaffinities"),
        w(
          "create",
          "",
          "serviceaccounts/token",
          "calico-node,calico-cni-plugin"
            .split(",")
            .slice(0, minor >= 24 ? 2 : 1)
            .join(","),
        ),
      ],
    },
  ];
  if (minor >= 24) {
    roles.unshift({
      name: "calico-cni-plugin",
      rules: [
        w("get", "", "pods,nodes,namespaces"),
        w("patch", "", "pods/status"),
        w(
          "get,list,create,update,delete",
          "crd.projectcalico.org",
          "blockaffinities,ipamblocks,ipamhandles,clusterinformations,ippools,ipreservations,ipamconfigs",
        ),
      ],
    });
  }
  return roles;
}
