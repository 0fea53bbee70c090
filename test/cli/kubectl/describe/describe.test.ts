import { expect, it, describe as suite } from "vitest";
import { type DescribeContext, describe } from "../../../../src/cli/kubectl/describe/index.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import {
  ago,
  cordonedNode,
  deployment,
  event,
  NOW,
  nodePortService,
  pendingPod,
  replicaSet,
  runningPod,
  webEndpoints,
  webSlice,
} from "../printers/fixtures.ts";

const lines = (...ls: string[]): string => `${ls.join("\n")}\n`;

function context(minor: number, store: Record<string, KObject[]>, events: KObject[] = []): DescribeContext {
  return {
    now: NOW,
    minor,
    list: (resource, namespace) =>
      (store[resource] ?? []).filter((o) => !namespace || o.metadata.namespace === namespace),
    events: (obj) => events.filter((e) => e.involvedObject.uid === obj.metadata.uid),
  };
}

const store = {
  pods: [runningPod, pendingPod],
  "replicasets.apps": [replicaSet],
  endpoints: [webEndpoints],
  "endpointslices.discovery.k8s.io": [webSlice],
};
const scheduling = event(pendingPod, "FailedScheduling", "0/4 nodes are available: 4 node(s) had untolerated taint.", {
  type: "Warning",
  component: "default-scheduler",
  count: 3,
  first: 300,
  last: 120,
});

const pendingTail = [
  "Labels:       run=nginx",
  "Annotations:  <none>",
  "Status:       Pending",
  "IP:           ",
  "IPs:          <none>",
  "Containers:",
  "  nginx:",
  "    Image:        nginx",
  "    Port:         80/TCP",
  "    Host Port:    0/TCP",
  "    Environment:  <none>",
  "    Mounts:       <none>",
  "Conditions:",
  "  Type           Status",
  "  PodScheduled   False ",
  "Volumes:         <none>",
  "QoS Class:       BestEffort",
  "Node-Selectors:  <none>",
  "Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
  "                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
  "Events:",
  "  Type     Reason            Age              From               Message",
  "  ----     ------            ----             ----               -------",
  "  Warning  FailedScheduling  2m (x3 over 5m)  default-scheduler  0/4 nodes are available: 4 node(s) had untolerated taint.",
];

suite("kubectl describe pod", () => {
  it("1.21: a pending nginx pod with no node and a repeated scheduling event", () => {
    expect(describe(pendingPod, context(21, store, [scheduling]))).toBe(
      lines("Name:         nginx", "Namespace:    default", "Priority:     0", "Node:         <none>", ...pendingTail),
    );
  });

  it("1.33: the same pod also names its service account, widening the first block", () => {
    expect(describe(pendingPod, context(33, store, [scheduling]))).toBe(
      lines(
        "Name:             nginx",
        "Namespace:        default",
        "Priority:         0",
        "Service Account:  default",
        "Node:             <none>",
        ...pendingTail.slice(0, 5).map((l) => l.replace(/^(\S+:)\s+/, (_m, k: string) => k.padEnd(18))),
        ...pendingTail.slice(5),
      ),
    );
  });

  it("1.21: a running pod with a restarted container, a projected token volume and a controller", () => {
    expect(describe(runningPod, context(21, store))).toBe(
      lines(
        "Name:         web-7d4b9c8f5-x2k9p",
        "Namespace:    default",
        "Priority:     0",
        "Node:         k8s-w1/192.168.56.11",
        "Start Time:   Wed, 01 May 2024 10:00:00 +0000",
        "Labels:       app=web",
        "              pod-template-hash=7d4b9c8f5",
        "Annotations:  <none>",
        "Status:       Running",
        "IP:           10.244.1.5",
        "IPs:",
        "  IP:           10.244.1.5",
        "Controlled By:  ReplicaSet/web-7d4b9c8f5",
        "Containers:",
        "  web:",
        "    Container ID:   containerd://4f1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
        "    Image:          nginx:1.25",
        "    Image ID:       docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
        "    Port:           80/TCP",
        "    Host Port:      0/TCP",
        "    State:          Running",
        "      Started:      Wed, 01 May 2024 11:55:00 +0000",
        "    Last State:     Terminated",
        "      Reason:       Error",
        "      Exit Code:    1",
        "      Started:      Wed, 01 May 2024 11:45:00 +0000",
        "      Finished:     Wed, 01 May 2024 11:54:59 +0000",
        "    Ready:          True",
        "    Restart Count:  2",
        "    Limits:",
        "      memory:  128Mi",
        "    Requests:",
        "      cpu:        100m",
        "      memory:     64Mi",
        "    Environment:  <none>",
        "    Mounts:",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-abcde (ro)",
        "Conditions:",
        "  Type              Status",
        "  Initialized       True ",
        "  Ready             True ",
        "  ContainersReady   True ",
        "  PodScheduled      True ",
        "Volumes:",
        "  kube-api-access-abcde:",
        "    Type:                    Projected (a volume that contains injected data from multiple sources)",
        "    TokenExpirationSeconds:  3607",
        "    ConfigMapName:           kube-root-ca.crt",
        "    ConfigMapOptional:       <nil>",
        "    DownwardAPI:             true",
        "QoS Class:                   Burstable",
        "Node-Selectors:              <none>",
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:                      <none>",
      ),
    );
  });
});

suite("kubectl describe node", () => {
  const nodeHead = [
    "Name:               k8s-w1",
    "Roles:              <none>",
    "Labels:             beta.kubernetes.io/arch=amd64",
    "                    beta.kubernetes.io/os=linux",
    "                    kubernetes.io/arch=amd64",
    "                    kubernetes.io/hostname=k8s-w1",
    "                    kubernetes.io/os=linux",
    "Annotations:        node.alpha.kubernetes.io/ttl: 0",
    "                    volumes.kubernetes.io/controller-managed-attach-detach: true",
    "CreationTimestamp:  Fri, 26 Apr 2024 09:00:00 +0000",
    "Taints:             node.kubernetes.io/unschedulable:NoSchedule",
    "Unschedulable:      true",
    "Lease:",
    "  HolderIdentity:  k8s-w1",
    "  AcquireTime:     <unset>",
    "  RenewTime:       Wed, 01 May 2024 11:59:55 +0000",
    "Conditions:",
    "  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message",
    "  ----             ------  -----------------                 ------------------                ------                       -------",
    "  MemoryPressure   False   Wed, 01 May 2024 11:59:40 +0000   Fri, 26 Apr 2024 12:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available",
    "  DiskPressure     False   Wed, 01 May 2024 11:59:40 +0000   Fri, 26 Apr 2024 12:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure",
    "  PIDPressure      False   Wed, 01 May 2024 11:59:40 +0000   Fri, 26 Apr 2024 12:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available",
    "  Ready            True    Wed, 01 May 2024 11:59:40 +0000   Fri, 26 Apr 2024 12:16:40 +0000   KubeletReady                 kubelet is posting ready status",
    "Addresses:",
    "  InternalIP:  192.168.56.11",
    "  Hostname:    k8s-w1",
    "Capacity:",
    "  cpu:                2",
    "  ephemeral-storage:  64800356Ki",
    "  hugepages-1Gi:      0",
    "  hugepages-2Mi:      0",
    "  memory:             2035152Ki",
    "  pods:               110",
    "Allocatable:",
    "  cpu:                2",
    "  ephemeral-storage:  59720007991",
    "  hugepages-1Gi:      0",
    "  hugepages-2Mi:      0",
    "  memory:             1932752Ki",
    "  pods:               110",
    "System Info:",
    "  Machine ID:                 8f3c1a2b4d5e6f708192a3b4c5d6e7f8",
    "  System UUID:                8f3c1a2b-4d5e-6f70-8192-a3b4c5d6e7f8",
    "  Boot ID:                    1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809",
    "  Kernel Version:             5.15.0-91-generic",
    "  OS Image:                   Ubuntu 22.04.3 LTS",
    "  Operating System:           linux",
    "  Architecture:               amd64",
    "  Container Runtime Version:  containerd://1.7.2",
    "  Kubelet Version:            v1.33.1",
  ];
  const nodeTail = [
    "PodCIDR:                      10.244.1.0/24",
    "PodCIDRs:                     10.244.1.0/24",
    "Non-terminated Pods:          (1 in total)",
    "  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age",
    "  ---------                   ----                   ------------  ----------  ---------------  -------------  ---",
    "  default                     web-7d4b9c8f5-x2k9p    100m (5%)     0 (0%)      64Mi (3%)        128Mi (6%)     120m",
    "Allocated resources:",
    "  (Total limits may be over 100 percent, i.e., overcommitted.)",
    "  Resource           Requests   Limits",
    "  --------           --------   ------",
    "  cpu                100m (5%)  0 (0%)",
    "  memory             64Mi (3%)  128Mi (6%)",
    "  ephemeral-storage  0 (0%)     0 (0%)",
    "  hugepages-1Gi      0 (0%)     0 (0%)",
    "  hugepages-2Mi      0 (0%)     0 (0%)",
    "Events:              <none>",
  ];
  const lease: KObject = {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "k8s-w1", namespace: "kube-node-lease", creationTimestamp: ago(400000) },
    spec: { holderIdentity: "k8s-w1", leaseDurationSeconds: 40, renewTime: ago(5) },
  };
  const nodeStore = { ...store, "leases.coordination.k8s.io": [lease] };

  it("1.33: a cordoned worker with its lease, pods and allocated resources", () => {
    expect(describe(cordonedNode, context(33, nodeStore))).toBe(lines(...nodeHead, ...nodeTail));
  });

  it("1.21 also prints the kube-proxy version", () => {
    expect(describe(cordonedNode, context(21, nodeStore))).toBe(
      lines(...nodeHead, "  Kube-Proxy Version:         v1.33.1", ...nodeTail),
    );
  });
});

suite("kubectl describe service", () => {
  const expected = lines(
    "Name:                     web",
    "Namespace:                default",
    "Labels:                   app=web",
    "Annotations:              <none>",
    "Selector:                 app=web",
    "Type:                     NodePort",
    "IP Family Policy:         SingleStack",
    "IP Families:              IPv4",
    "IP:                       10.96.142.17",
    "IPs:                      10.96.142.17",
    "Port:                     <unset>  80/TCP",
    "TargetPort:               80/TCP",
    "NodePort:                 <unset>  30080/TCP",
    "Endpoints:                10.244.1.5:80,10.244.2.7:80,10.244.3.4:80",
    "Session Affinity:         None",
    "External Traffic Policy:  Cluster",
    "Events:                   <none>",
  );
  it.each([
    ["1.21 reads the Endpoints object", 21],
    ["1.33 reads the EndpointSlices", 33],
  ])("a NodePort service: %s", (_name, minor) => {
    expect(describe(nodePortService, context(minor, store))).toBe(expected);
  });

  it("a service without endpoints prints <none>", () => {
    expect(describe(nodePortService, context(21, {}))).toContain("Endpoints:                <none>\n");
  });
});

suite("kubectl describe deployment", () => {
  const head = [
    "Name:                   web",
    "Namespace:              default",
    "CreationTimestamp:      Wed, 01 May 2024 09:59:00 +0000",
    "Labels:                 app=web",
    "Annotations:            deployment.kubernetes.io/revision: 1",
    "Selector:               app=web",
    "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable",
    "StrategyType:           RollingUpdate",
    "MinReadySeconds:        0",
    "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
    "Pod Template:",
    "  Labels:  app=web",
    "  Containers:",
    "   web:",
  ];
  const tail = [
    "Conditions:",
    "  Type           Status  Reason",
    "  ----           ------  ------",
    "  Available      True    MinimumReplicasAvailable",
    "  Progressing    True    NewReplicaSetAvailable",
    "OldReplicaSets:  <none>",
    "NewReplicaSet:   web-7d4b9c8f5 (3/3 replicas created)",
    "Events:          <none>",
  ];

  it("1.21: a 3-replica deployment with its new ReplicaSet", () => {
    expect(describe(deployment, context(21, store))).toBe(
      lines(
        ...head,
        "    Image:        nginx:1.25",
        "    Port:         80/TCP",
        "    Host Port:    0/TCP",
        "    Environment:  <none>",
        "    Mounts:       <none>",
        "  Volumes:        <none>",
        ...tail,
      ),
    );
  });

  it("1.33: the pod template also shows node selectors and tolerations", () => {
    expect(describe(deployment, context(33, store))).toBe(
      lines(
        ...head,
        "    Image:         nginx:1.25",
        "    Port:          80/TCP",
        "    Host Port:     0/TCP",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
        ...tail,
      ),
    );
  });

  it("after a rollout 1.21 hides scaled-down ReplicaSets and 1.33 lists them", () => {
    const oldRS: KObject = {
      ...replicaSet,
      metadata: { ...replicaSet.metadata, name: "web-5c6b8d7f9", uid: "u-rs-old", creationTimestamp: ago(9000) },
      spec: {
        ...replicaSet.spec,
        replicas: 0,
        template: {
          metadata: { labels: { app: "web", "pod-template-hash": "5c6b8d7f9" } },
          spec: { containers: [{ name: "web", image: "nginx:1.24" }] },
        },
      },
      status: { replicas: 0 },
    };
    const s = { ...store, "replicasets.apps": [replicaSet, oldRS] };
    expect(describe(deployment, context(21, s))).toContain("OldReplicaSets:  <none>\n");
    expect(describe(deployment, context(33, s))).toContain("OldReplicaSets:  web-5c6b8d7f9 (0/0 replicas created)\n");
  });
});

suite("kubectl describe replicaset", () => {
  it("counts the pods it controls by phase", () => {
    const out = describe(replicaSet, context(21, store));
    expect(out).toContain("Controlled By:  Deployment/web\nReplicas:       3 current / 3 desired\n");
    expect(out).toContain("Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed\n");
  });
});

suite("kubectl describe namespace", () => {
  it("reports no quota and no limit range", () => {
    const ns: KObject = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "dev", creationTimestamp: ago(60), labels: { "kubernetes.io/metadata.name": "dev" } },
      status: { phase: "Active" },
    };
    expect(describe(ns, context(33, {}))).toBe(
      lines(
        "Name:         dev",
        "Labels:       kubernetes.io/metadata.name=dev",
        "Annotations:  <none>",
        "Status:       Active",
        "",
        "No resource quota.",
        "",
        "No LimitRange resource.",
      ),
    );
  });
});
