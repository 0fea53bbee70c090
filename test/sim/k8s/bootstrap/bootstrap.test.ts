import { describe, expect, it } from "vitest";
import { createClock } from "../../../../src/sim/core/clock.ts";
import { createIds } from "../../../../src/sim/core/ids.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import {
  bootstrapObjects,
  controlPlaneLabels,
  controlPlaneTaint,
  defaultNodes,
} from "../../../../src/sim/k8s/bootstrap/index.ts";

function cluster(minor: number, seed = 1): KObject[] {
  return bootstrapObjects({ minor, nodes: defaultNodes(minor), clock: createClock(), ids: createIds(seed) });
}

const find = (objs: KObject[], kind: string, name: string, namespace?: string) =>
  objs.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);

function countBy(objs: KObject[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of objs) {
    const key = `${o.metadata.namespace ?? "(cluster)"}/${o.kind}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe("bootstrapObjects object counts", () => {
  const cases: [number, Record<string, number>][] = [
    [
      21,
      {
        "(cluster)/Namespace": 4,
        "(cluster)/Node": 4,
        "(cluster)/PriorityClass": 2,
        "default/ServiceAccount": 1,
        "default/Secret": 1,
        "default/Service": 1,
        "default/Endpoints": 1,
        "default/EndpointSlice": 1,
        "default/ConfigMap": 1,
        "kube-node-lease/Lease": 4,
        "kube-node-lease/ServiceAccount": 1,
        "kube-public/ConfigMap": 2,
        "kube-public/ServiceAccount": 1,
        "kube-system/Pod": 15,
        "kube-system/Deployment": 2,
        "kube-system/ReplicaSet": 2,
        "kube-system/DaemonSet": 2,
        "kube-system/Service": 1,
        "kube-system/ServiceAccount": 37,
        "kube-system/Secret": 38,
        "kube-system/Lease": 2,
      },
    ],
    [
      33,
      {
        "(cluster)/Namespace": 4,
        "(cluster)/Node": 4,
        "(cluster)/PriorityClass": 2,
        "default/ServiceAccount": 1,
        "default/Service": 1,
        "default/Endpoints": 1,
        "default/EndpointSlice": 1,
        "default/ConfigMap": 1,
        "kube-node-lease/Lease": 4,
        "kube-public/ConfigMap": 2,
        "kube-system/Pod": 15,
        "kube-system/Deployment": 2,
        "kube-system/ReplicaSet": 2,
        "kube-system/DaemonSet": 2,
        "kube-system/Service": 1,
        "kube-system/ServiceAccount": 40,
        "kube-system/Secret": 1,
        "kube-system/Lease": 3,
      },
    ],
  ];
  it.each(cases)("a 1.%i cluster has the expected objects per namespace and kind", (minor, expected) => {
    const counts = countBy(cluster(minor));
    for (const [key, n] of Object.entries(expected)) expect([key, counts[key]]).toEqual([key, n]);
  });
});

describe("control-plane node labels and taints", () => {
  it("1.21 labels the control plane master and control-plane and taints it master only", () => {
    const node = find(cluster(21), "Node", "k8s-m")!;
    expect(node.metadata.labels).toEqual({
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": "k8s-m",
      "kubernetes.io/os": "linux",
      "node-role.kubernetes.io/control-plane": "",
      "node-role.kubernetes.io/master": "",
      "node.kubernetes.io/exclude-from-external-load-balancers": "",
    });
    expect(node.spec.taints).toEqual([{ effect: "NoSchedule", key: "node-role.kubernetes.io/master" }]);
  });

  it("1.33 labels and taints the control plane control-plane only", () => {
    const node = find(cluster(33), "Node", "k8s-m")!;
    expect(node.metadata.labels).toEqual({
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": "k8s-m",
      "kubernetes.io/os": "linux",
      "node-role.kubernetes.io/control-plane": "",
      "node.kubernetes.io/exclude-from-external-load-balancers": "",
    });
    expect(node.spec.taints).toEqual([{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }]);
  });

  it("workers carry only the kubelet's labels and no taints", () => {
    for (const minor of [21, 33]) {
      const node = find(cluster(minor), "Node", "k8s-w2")!;
      expect(Object.keys(node.metadata.labels!)).toEqual([
        "beta.kubernetes.io/arch",
        "beta.kubernetes.io/os",
        "kubernetes.io/arch",
        "kubernetes.io/hostname",
        "kubernetes.io/os",
      ]);
      expect(node.spec.taints).toBeUndefined();
    }
  });

  it("1.24 has both taints and the exported helpers agree with the nodes", () => {
    expect(controlPlaneTaint(24).map((t) => t.key)).toEqual([
      "node-role.kubernetes.io/master",
      "node-role.kubernetes.io/control-plane",
    ]);
    expect(Object.keys(controlPlaneLabels(24))).not.toContain("node-role.kubernetes.io/master");
  });

  it("the Ready condition says what the kubelet of that version says", () => {
    const ready = (minor: number) =>
      find(cluster(minor), "Node", "k8s-w1")!.status.conditions.find((c: { type: string }) => c.type === "Ready");
    expect(ready(21).message).toBe("kubelet is posting ready status. AppArmor enabled");
    expect(ready(33).message).toBe("kubelet is posting ready status");
    expect(ready(33).reason).toBe("KubeletReady");
  });
});

describe("kube-system pods", () => {
  it.each([21, 33])("1.%i pods are named as kubeadm and the controllers name them", (minor) => {
    const names = cluster(minor)
      .filter((o) => o.kind === "Pod")
      .map((o) => o.metadata.name!);
    const patterns = [
      /^etcd-k8s-m$/,
      /^kube-apiserver-k8s-m$/,
      /^kube-controller-manager-k8s-m$/,
      /^kube-scheduler-k8s-m$/,
      /^coredns-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      /^calico-kube-controllers-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      /^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      /^calico-node-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    ];
    for (const name of names)
      expect(
        patterns.some((p) => p.test(name)),
        name,
      ).toBe(true);
    expect(names.filter((n) => n.startsWith("coredns-"))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith("kube-proxy-"))).toHaveLength(4);
    expect(names.filter((n) => n.startsWith("calico-node-"))).toHaveLength(4);
  });

  it("every pod references an existing node, and owned pods an existing owner", () => {
    for (const minor of [21, 33]) {
      const objs = cluster(minor);
      const uids = new Map(objs.map((o) => [o.metadata.uid, o]));
      const nodes = new Set(objs.filter((o) => o.kind === "Node").map((o) => o.metadata.name));
      for (const pod of objs.filter((o) => o.kind === "Pod")) {
        expect(nodes.has(pod.spec.nodeName), pod.metadata.name).toBe(true);
        for (const ref of pod.metadata.ownerReferences ?? []) {
          const owner = uids.get(ref.uid);
          expect(owner?.kind, pod.metadata.name).toBe(ref.kind);
          expect(owner?.metadata.name).toBe(ref.name);
        }
      }
    }
  });

  it("every pod is Running and Ready with the runtime's container ids", () => {
    for (const [minor, runtime] of [
      [21, "docker"],
      [33, "containerd"],
    ] as const) {
      for (const pod of cluster(minor).filter((o) => o.kind === "Pod")) {
        expect(pod.status.phase).toBe("Running");
        const ready = pod.status.conditions.find((c: { type: string }) => c.type === "Ready");
        expect(ready.status).toBe("True");
        for (const cs of pod.status.containerStatuses) {
          expect(cs.containerID).toMatch(new RegExp(`^${runtime}://[0-9a-f]{64}$`));
          expect(cs.ready).toBe(true);
        }
      }
    }
  });

  it("host-network pods take the node IP, others an IP from their node's pod CIDR", () => {
    const objs = cluster(33);
    for (const pod of objs.filter((o) => o.kind === "Pod")) {
      const node = find(objs, "Node", pod.spec.nodeName)!;
      if (pod.spec.hostNetwork) expect(pod.status.podIP).toBe(node.status.addresses[0].address);
      else expect(pod.status.podIP.startsWith(node.spec.podCIDR.replace(/0\/24$/, ""))).toBe(true);
    }
  });

  it("static pods use each era's registry and image tag", () => {
    expect(find(cluster(21), "Pod", "kube-apiserver-k8s-m", "kube-system")!.spec.containers[0].image).toBe(
      "k8s.gcr.io/kube-apiserver:v1.21.14",
    );
    expect(find(cluster(33), "Pod", "kube-apiserver-k8s-m", "kube-system")!.spec.containers[0].image).toBe(
      "registry.k8s.io/kube-apiserver:v1.33.1",
    );
    expect(find(cluster(21), "Pod", "kube-apiserver-k8s-m", "kube-system")!.spec.containers[0].command).toContain(
      "--insecure-port=0",
    );
  });
});

describe("service account tokens", () => {
  it("1.21 auto-creates a token Secret per ServiceAccount and lists it", () => {
    const objs = cluster(21);
    const accounts = objs.filter((o) => o.kind === "ServiceAccount");
    for (const sa of accounts) {
      expect(sa.secrets).toHaveLength(1);
      const secret = find(objs, "Secret", sa.secrets[0].name, sa.metadata.namespace)!;
      expect(secret.type).toBe("kubernetes.io/service-account-token");
      expect(secret.metadata.name).toMatch(new RegExp(`^${sa.metadata.name}-token-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(secret.metadata.annotations!["kubernetes.io/service-account.uid"]).toBe(sa.metadata.uid);
      expect(Object.keys(secret.data)).toEqual(["ca.crt", "namespace", "token"]);
    }
  });

  it("1.33 has no token Secrets, only the bootstrap token", () => {
    const objs = cluster(33);
    expect(objs.filter((o) => o.kind === "Secret").map((s) => s.type)).toEqual(["bootstrap.kubernetes.io/token"]);
    expect(objs.filter((o) => o.kind === "ServiceAccount").every((sa) => sa.secrets === undefined)).toBe(true);
  });
});

describe("determinism", () => {
  it("the same seed gives the same objects byte for byte", () => {
    for (const minor of [21, 33]) expect(JSON.stringify(cluster(minor, 7))).toBe(JSON.stringify(cluster(minor, 7)));
  });

  it("a different seed gives different name suffixes and uids", () => {
    const names = (seed: number) =>
      cluster(33, seed)
        .filter((o) => o.kind === "Pod" && o.metadata.name!.startsWith("kube-proxy-"))
        .map((o) => o.metadata.name);
    expect(names(1)).not.toEqual(names(2));
    expect(cluster(33, 1)[0].metadata.uid).not.toBe(cluster(33, 2)[0].metadata.uid);
  });

  it("objects come ordered by kind, then namespace, then name, with unique uids", () => {
    const objs = cluster(21);
    expect(objs[0].kind).toBe("Namespace");
    expect(objs[objs.length - 1].kind).toBe("Pod");
    expect(new Set(objs.map((o) => o.metadata.uid)).size).toBe(objs.length);
  });
});

describe("services and RBAC", () => {
  it("kube-dns endpoints point at the CoreDNS pods", () => {
    const objs = cluster(33);
    const podIPs = objs
      .filter((o) => o.kind === "Pod" && o.metadata.name!.startsWith("coredns-"))
      .map((p) => p.status.podIP)
      .sort();
    const ep = find(objs, "Endpoints", "kube-dns", "kube-system")!;
    expect(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip)).toEqual(podIPs);
    expect(find(objs, "Service", "kube-dns", "kube-system")!.spec.clusterIP).toBe("10.96.0.10");
    expect(find(objs, "Service", "kubernetes", "default")!.spec.clusterIP).toBe("10.96.0.1");
  });

  it("admin, edit and view are aggregated from the aggregate-to roles", () => {
    const objs = cluster(33);
    const rules = (name: string) => JSON.stringify(find(objs, "ClusterRole", name)!.rules);
    expect(rules("view")).toContain('"pods/log"');
    expect(rules("edit")).toContain('"pods/exec"');
    expect(rules("admin")).toContain('"rolebindings"');
    expect(rules("view")).not.toContain('"secrets"');
  });

  it("the kubelet-config Role follows the ConfigMap's versioned name", () => {
    expect(find(cluster(21), "ConfigMap", "kubelet-config-1.21", "kube-system")).toBeDefined();
    expect(find(cluster(21), "Role", "kubeadm:kubelet-config-1.21", "kube-system")).toBeDefined();
    expect(find(cluster(33), "ConfigMap", "kubelet-config", "kube-system")).toBeDefined();
    expect(find(cluster(33), "ClusterRoleBinding", "kubeadm:cluster-admins")).toBeDefined();
    expect(find(cluster(21), "ClusterRoleBinding", "kubeadm:cluster-admins")).toBeUndefined();
  });
});
