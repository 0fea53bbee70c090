/**
 * Deployments (with their ReplicaSet and pods) and DaemonSets (with their ControllerRevision
 * and one pod per node), as the deployment, replicaset and daemonset controllers leave them
 * once every pod is Ready. Names follow the controllers: `<deploy>-<pod-template-hash>-<5>`
 * and `<ds>-<5>`, hashes drawn from apimachinery's name alphabet.
 */
import { clone, type KObject } from "../api/object.ts";
import { type BootstrapContext, controllerRef, meta, sortKeys } from "./context.ts";
import { allocatePodIP } from "./nodes.ts";
import { buildRunningPod, defaultPodSpec, type Json, serviceAccountVolume, withDefaultTolerations } from "./pods.ts";
import type { ResolvedNode } from "./types.ts";

/** Defaults the API server applies to a pod template (not the pod-only ones like nodeName). */
export function defaultTemplateSpec(spec: Json): Json {
  const d = defaultPodSpec(spec, "");
  for (const podOnly of ["enableServiceLinks", "nodeName", "preemptionPolicy", "priority"]) delete d[podOnly];
  return d;
}

function template(labels: Record<string, string>, spec: Json): Json {
  return { metadata: { creationTimestamp: null, labels: sortKeys(labels) }, spec: defaultTemplateSpec(spec) };
}

/** A pod made from a template: admission adds the token volume and default tolerations. */
function podSpecFromTemplate(ctx: BootstrapContext, spec: Json, extraTolerations: Json[] = []): Json {
  const s = clone(spec);
  delete s.serviceAccount;
  if (s.serviceAccountName) {
    const { volume, mount } = serviceAccountVolume(ctx);
    s.volumes = [...(s.volumes ?? []), volume];
    const addMount = (c: Json) => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), mount] });
    s.containers = s.containers.map(addMount);
    if (s.initContainers) s.initContainers = s.initContainers.map(addMount);
  }
  s.tolerations = withDefaultTolerations([...(s.tolerations ?? []), ...extraTolerations]);
  return s;
}

export interface DeploymentInput {
  name: string;
  labels: Record<string, string>;
  replicas: number;
  strategy: Json;
  /** The pod template's spec as the manifest writes it. */
  podSpec: Json;
  /** Where each replica runs. */
  placement: ResolvedNode[];
  /** A known pod-template-hash (kubeadm's CoreDNS template hashes the same on every cluster). */
  podTemplateHash?: string;
  createdAt: number;
}

export function buildDeployment(ctx: BootstrapContext, d: DeploymentInput): KObject[] {
  const hash = d.podTemplateHash ?? ctx.ids.suffix(10);
  const rsName = `${d.name}-${hash}`;
  const tmpl = template(d.labels, d.podSpec);
  const ready = d.createdAt + 8;
  const counts = { replicas: d.replicas, readyReplicas: d.replicas, availableReplicas: d.replicas };
  const deployment: KObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(ctx, {
      name: d.name,
      namespace: "kube-system",
      labels: d.labels,
      annotations: { "deployment.kubernetes.io/revision": "1" },
      generation: 1,
      createdAt: d.createdAt,
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: d.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: d.labels },
      strategy: d.strategy,
      template: tmpl,
    },
    status: {
      availableReplicas: d.replicas,
      conditions: [
        {
          lastTransitionTime: ctx.at(ready),
          lastUpdateTime: ctx.at(ready),
          message: "Deployment has minimum availability.",
          reason: "MinimumReplicasAvailable",
          status: "True",
          type: "Available",
        },
        {
          lastTransitionTime: ctx.at(d.createdAt),
          lastUpdateTime: ctx.at(ready),
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
          reason: "NewReplicaSetAvailable",
          status: "True",
          type: "Progressing",
        },
      ],
      observedGeneration: 1,
      readyReplicas: d.replicas,
      replicas: d.replicas,
      updatedReplicas: d.replicas,
    },
  };
  const rsLabels = { ...d.labels, "pod-template-hash": hash };
  const surge = d.strategy.type === "RollingUpdate" ? Math.ceil(d.replicas * 0.25) : 0;
  const rs: KObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: meta(ctx, {
      name: rsName,
      namespace: "kube-system",
      labels: rsLabels,
      annotations: {
        "deployment.kubernetes.io/desired-replicas": String(d.replicas),
        "deployment.kubernetes.io/max-replicas": String(d.replicas + surge),
        "deployment.kubernetes.io/revision": "1",
      },
      ownerReferences: [controllerRef(deployment)],
      generation: 1,
      createdAt: d.createdAt,
    }),
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: sortKeys(rsLabels) },
      template: { metadata: { creationTimestamp: null, labels: sortKeys(rsLabels) }, spec: tmpl.spec },
    },
    status: { ...counts, fullyLabeledReplicas: d.replicas, observedGeneration: 1 },
  };
  rs.status = sortKeys(rs.status);
  const pods = d.placement.map((node) =>
    buildRunningPod(ctx, {
      name: `${rsName}-${ctx.ids.suffix(5)}`,
      labels: rsLabels,
      ownerReferences: [controllerRef(rs)],
      node,
      spec: podSpecFromTemplate(ctx, tmpl.spec),
      podIP: tmpl.spec.hostNetwork ? undefined : allocatePodIP(node),
      hostNetwork: tmpl.spec.hostNetwork,
      createdAt: d.createdAt,
    }),
  );
  return [deployment, rs, ...pods];
}

export interface DaemonSetInput {
  name: string;
  labels: Record<string, string>;
  podSpec: Json;
  createdAt: number;
}

/** Tolerations the DaemonSet controller adds to every pod it creates (pkg/controller/daemon/util). */
function daemonTolerations(hostNetwork: boolean): Json[] {
  const t = (key: string, effect: string) => ({ effect, key, operator: "Exists" });
  const out = [
    t("node.kubernetes.io/not-ready", "NoExecute"),
    t("node.kubernetes.io/unreachable", "NoExecute"),
    t("node.kubernetes.io/disk-pressure", "NoSchedule"),
    t("node.kubernetes.io/memory-pressure", "NoSchedule"),
    t("node.kubernetes.io/pid-pressure", "NoSchedule"),
    t("node.kubernetes.io/unschedulable", "NoSchedule"),
  ];
  if (hostNetwork) out.push(t("node.kubernetes.io/network-unavailable", "NoSchedule"));
  return out;
}

export function buildDaemonSet(
  ctx: BootstrapContext,
  d: DaemonSetInput,
  joinedAt: (n: ResolvedNode) => number,
): KObject[] {
  const tmpl = template(d.labels, d.podSpec);
  const n = ctx.nodes.length;
  const rollingUpdate = ctx.v.minor >= 22 ? { maxSurge: 0, maxUnavailable: 1 } : { maxUnavailable: 1 };
  const ds: KObject = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: meta(ctx, {
      name: d.name,
      namespace: "kube-system",
      labels: d.labels,
      annotations: { "deprecated.daemonset.template.generation": "1" },
      generation: 1,
      createdAt: d.createdAt,
    }),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: d.labels },
      template: tmpl,
      updateStrategy: { rollingUpdate, type: "RollingUpdate" },
    },
    status: {
      currentNumberScheduled: n,
      desiredNumberScheduled: n,
      numberAvailable: n,
      numberMisscheduled: 0,
      numberReady: n,
      observedGeneration: 1,
      updatedNumberScheduled: n,
    },
  };
  const revisionHash = ctx.ids.suffix(10);
  const revision: KObject = {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: meta(ctx, {
      name: `${d.name}-${revisionHash}`,
      namespace: "kube-system",
      labels: { ...d.labels, "controller-revision-hash": revisionHash },
      annotations: { "deprecated.daemonset.template.generation": "1" },
      ownerReferences: [controllerRef(ds)],
      createdAt: d.createdAt,
    }),
    data: { spec: { template: { $patch: "replace", ...tmpl } } },
    revision: 1,
  };
  const podLabels = { ...d.labels, "controller-revision-hash": revisionHash, "pod-template-generation": "1" };
  const pods = ctx.nodes.map((node) => {
    const spec = podSpecFromTemplate(ctx, tmpl.spec, daemonTolerations(!!tmpl.spec.hostNetwork));
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node.name] }] }],
        },
      },
    };
    return buildRunningPod(ctx, {
      name: `${d.name}-${ctx.ids.suffix(5)}`,
      labels: podLabels,
      ownerReferences: [controllerRef(ds)],
      node,
      spec,
      podIP: tmpl.spec.hostNetwork ? undefined : allocatePodIP(node),
      hostNetwork: tmpl.spec.hostNetwork,
      createdAt: Math.max(d.createdAt, joinedAt(node) + 1),
    });
  });
  return [ds, revision, ...pods];
}
