/** Realistic objects as the simulated API server stores them, shared by printer and describe tests. */
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";

export const NOW = Date.parse("2024-05-01T12:00:00Z");
/** An RFC 3339 timestamp `s` seconds before NOW. */
export const ago = (s: number): string => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

export const pendingPod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "nginx",
    namespace: "default",
    uid: "u-pod-nginx",
    creationTimestamp: ago(30),
    labels: { run: "nginx" },
  },
  spec: {
    containers: [{ name: "nginx", image: "nginx", ports: [{ containerPort: 80, protocol: "TCP" }], resources: {} }],
    serviceAccountName: "default",
    priority: 0,
    tolerations: [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ],
  },
  status: {
    phase: "Pending",
    qosClass: "BestEffort",
    conditions: [
      {
        type: "PodScheduled",
        status: "False",
        reason: "Unschedulable",
        message: "0/4 nodes are available: 4 node(s) had untolerated taint.",
      },
    ],
  },
};

export const runningPod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-7d4b9c8f5-x2k9p",
    namespace: "default",
    uid: "u-pod-web",
    creationTimestamp: ago(7200),
    labels: { app: "web", "pod-template-hash": "7d4b9c8f5" },
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        name: "web-7d4b9c8f5",
        uid: "u-rs-web",
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    nodeName: "k8s-w1",
    serviceAccountName: "default",
    priority: 0,
    containers: [
      {
        name: "web",
        image: "nginx:1.25",
        ports: [{ containerPort: 80, protocol: "TCP" }],
        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        volumeMounts: [
          { name: "kube-api-access-abcde", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true },
        ],
      },
    ],
    volumes: [
      {
        name: "kube-api-access-abcde",
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
            { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            {
              downwardAPI: {
                items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
              },
            },
          ],
        },
      },
    ],
    tolerations: [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ],
  },
  status: {
    phase: "Running",
    hostIP: "192.168.56.11",
    podIP: "10.244.1.5",
    podIPs: [{ ip: "10.244.1.5" }],
    startTime: ago(7200),
    qosClass: "Burstable",
    conditions: [
      { type: "Initialized", status: "True" },
      { type: "Ready", status: "True" },
      { type: "ContainersReady", status: "True" },
      { type: "PodScheduled", status: "True" },
    ],
    containerStatuses: [
      {
        name: "web",
        ready: true,
        started: true,
        restartCount: 2,
        image: "docker.io/library/nginx:1.25",
        imageID: "docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
        containerID: "containerd://4f1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
        state: { running: { startedAt: ago(300) } },
        lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: ago(900), finishedAt: ago(301) } },
      },
    ],
  },
};

export const cordonedNode: KObject = {
  apiVersion: "v1",
  kind: "Node",
  metadata: {
    name: "k8s-w1",
    uid: "u-node-w1",
    creationTimestamp: ago(5 * 86400 + 3 * 3600),
    labels: {
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": "k8s-w1",
      "kubernetes.io/os": "linux",
    },
    annotations: {
      "node.alpha.kubernetes.io/ttl": "0",
      "volumes.kubernetes.io/controller-managed-attach-detach": "true",
    },
  },
  spec: {
    podCIDR: "10.244.1.0/24",
    podCIDRs: ["10.244.1.0/24"],
    unschedulable: true,
    taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule", timeAdded: ago(60) }],
  },
  status: {
    capacity: {
      cpu: "2",
      "ephemeral-storage": "64800356Ki",
      "hugepages-1Gi": "0",
      "hugepages-2Mi": "0",
      memory: "2035152Ki",
      pods: "110",
    },
    allocatable: {
      cpu: "2",
      "ephemeral-storage": "59720007991",
      "hugepages-1Gi": "0",
      "hugepages-2Mi": "0",
      memory: "1932752Ki",
      pods: "110",
    },
    conditions: [
      {
        type: "MemoryPressure",
        status: "False",
        lastHeartbeatTime: ago(20),
        lastTransitionTime: ago(432000),
        reason: "KubeletHasSufficientMemory",
        message: "kubelet has sufficient memory available",
      },
      {
        type: "DiskPressure",
        status: "False",
        lastHeartbeatTime: ago(20),
        lastTransitionTime: ago(432000),
        reason: "KubeletHasNoDiskPressure",
        message: "kubelet has no disk pressure",
      },
      {
        type: "PIDPressure",
        status: "False",
        lastHeartbeatTime: ago(20),
        lastTransitionTime: ago(432000),
        reason: "KubeletHasSufficientPID",
        message: "kubelet has sufficient PID available",
      },
      {
        type: "Ready",
        status: "True",
        lastHeartbeatTime: ago(20),
        lastTransitionTime: ago(431000),
        reason: "KubeletReady",
        message: "kubelet is posting ready status",
      },
    ],
    addresses: [
      { type: "InternalIP", address: "192.168.56.11" },
      { type: "Hostname", address: "k8s-w1" },
    ],
    nodeInfo: {
      machineID: "8f3c1a2b4d5e6f708192a3b4c5d6e7f8",
      systemUUID: "8f3c1a2b-4d5e-6f70-8192-a3b4c5d6e7f8",
      bootID: "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809",
      kernelVersion: "5.15.0-91-generic",
      osImage: "Ubuntu 22.04.3 LTS",
      containerRuntimeVersion: "containerd://1.7.2",
      kubeletVersion: "v1.33.1",
      kubeProxyVersion: "v1.33.1",
      operatingSystem: "linux",
      architecture: "amd64",
    },
  },
};

export const controlPlaneNode: KObject = {
  apiVersion: "v1",
  kind: "Node",
  metadata: {
    name: "k8s-m",
    creationTimestamp: ago(6 * 86400),
    labels: {
      "node-role.kubernetes.io/control-plane": "",
      "node-role.kubernetes.io/master": "",
      "kubernetes.io/hostname": "k8s-m",
    },
  },
  spec: { taints: [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }] },
  status: {
    conditions: [{ type: "Ready", status: "True" }],
    addresses: [{ type: "InternalIP", address: "192.168.56.10" }],
    nodeInfo: {
      kernelVersion: "5.4.0-80-generic",
      osImage: "Ubuntu 20.04.2 LTS",
      containerRuntimeVersion: "docker://20.10.7",
      kubeletVersion: "v1.21.14",
    },
  },
};

export const nodePortService: KObject = {
  apiVersion: "v1",
  kind: "Service",
  metadata: {
    name: "web",
    namespace: "default",
    uid: "u-svc-web",
    creationTimestamp: ago(600),
    labels: { app: "web" },
  },
  spec: {
    type: "NodePort",
    selector: { app: "web" },
    clusterIP: "10.96.142.17",
    clusterIPs: ["10.96.142.17"],
    ipFamilies: ["IPv4"],
    ipFamilyPolicy: "SingleStack",
    ports: [{ port: 80, targetPort: 80, nodePort: 30080, protocol: "TCP" }],
    sessionAffinity: "None",
    externalTrafficPolicy: "Cluster",
  },
  status: { loadBalancer: {} },
};

export const webEndpoints: KObject = {
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: { name: "web", namespace: "default", creationTimestamp: ago(600) },
  subsets: [
    {
      addresses: [{ ip: "10.244.1.5" }, { ip: "10.244.2.7" }, { ip: "10.244.3.4" }],
      ports: [{ port: 80, protocol: "TCP" }],
    },
  ],
};

export const webSlice: KObject = {
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: {
    name: "web-8xk2d",
    namespace: "default",
    creationTimestamp: ago(600),
    labels: { "kubernetes.io/service-name": "web" },
  },
  addressType: "IPv4",
  ports: [{ name: "", port: 80, protocol: "TCP" }],
  endpoints: ["10.244.1.5", "10.244.2.7", "10.244.3.4"].map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
};

export const template = {
  metadata: { labels: { app: "web" } },
  spec: {
    containers: [{ name: "web", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }], resources: {} }],
  },
};

export const deployment: KObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "web",
    namespace: "default",
    uid: "u-deploy-web",
    generation: 1,
    creationTimestamp: ago(7260),
    labels: { app: "web" },
    annotations: { "deployment.kubernetes.io/revision": "1" },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "web" } },
    template,
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {
    observedGeneration: 1,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
    ],
  },
};

export const replicaSet: KObject = {
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: {
    name: "web-7d4b9c8f5",
    namespace: "default",
    uid: "u-rs-web",
    creationTimestamp: ago(7260),
    labels: { app: "web", "pod-template-hash": "7d4b9c8f5" },
    annotations: {
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "deployment.kubernetes.io/revision": "1",
    },
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: "u-deploy-web",
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "web", "pod-template-hash": "7d4b9c8f5" } },
    template: { metadata: { labels: { app: "web", "pod-template-hash": "7d4b9c8f5" } }, spec: template.spec },
  },
  status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
};

export function event(
  involved: KObject,
  reason: string,
  message: string,
  opts: { type?: string; component?: string; count?: number; first: number; last?: number; fieldPath?: string },
): KObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: `${involved.metadata.name}.17c${reason.length}`,
      namespace: involved.metadata.namespace ?? "default",
      creationTimestamp: ago(opts.first),
    },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      namespace: involved.metadata.namespace,
      uid: involved.metadata.uid,
      ...(opts.fieldPath ? { fieldPath: opts.fieldPath } : {}),
    },
    reason,
    message,
    source: { component: opts.component ?? "kubelet" },
    firstTimestamp: ago(opts.first),
    lastTimestamp: ago(opts.last ?? opts.first),
    count: opts.count ?? 1,
    type: opts.type ?? "Normal",
  };
}
