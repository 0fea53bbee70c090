/**
 * Running pods: the defaulted spec fields the API server adds and the status the kubelet
 * reports, in the shapes of `kubectl get pod -o yaml` on docker (dockershim) and containerd
 * nodes. Image IDs: dockershim prints `docker-pullable://repo@sha256:...`, containerd
 * `repo@sha256:...` (docker.io images keep their `docker.io/` prefix).
 */

import { projectedTokenVolume, SERVICE_ACCOUNT_MOUNT } from "../admission/service-account.ts";
import { clone, type KObject, type OwnerReference } from "../api/object.ts";
import { type BootstrapContext, imageDigest, meta, sortKeys } from "./context.ts";
import type { ResolvedNode } from "./types.ts";
import { hasPodReadyToStartContainers } from "./versions.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON here.
export type Json = any;

export interface PodInput {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  node: ResolvedNode;
  /** The pod spec as its template/manifest states it; defaults are filled in here. */
  spec: Json;
  hostNetwork?: boolean;
  podIP?: string;
  /** Seconds after init when the pod was created; it runs a few seconds later. */
  createdAt: number;
  /** Static pods read from /etc/kubernetes/manifests have kubelet-set annotations. */
  staticPod?: boolean;
}

export function buildRunningPod(ctx: BootstrapContext, p: PodInput): KObject {
  const spec = defaultPodSpec(p.spec, p.node.name);
  const podIP = p.hostNetwork ? p.node.ip : p.podIP!;
  const created = p.createdAt;
  const started = created + 2;
  const ready = created + 8;
  const metadata = meta(ctx, {
    name: p.name,
    namespace: p.namespace ?? "kube-system",
    labels: p.labels,
    annotations: p.annotations,
    ownerReferences: p.ownerReferences,
    createdAt: created,
  });
  const condition = (type: string, at: number) => ({
    lastProbeTime: null,
    lastTransitionTime: ctx.at(at),
    status: "True",
    type,
  });
  const conditions = [];
  if (hasPodReadyToStartContainers(ctx.v.minor)) conditions.push(condition("PodReadyToStartContainers", started));
  conditions.push(
    condition("Initialized", spec.initContainers ? started + 2 : started),
    condition("Ready", ready),
    condition("ContainersReady", ready),
    condition("PodScheduled", created),
  );
  const status: Json = {
    conditions,
    containerStatuses: spec.containers.map((c: Json) =>
      containerStatus(ctx, c, started + (spec.initContainers ? 3 : 1)),
    ),
    hostIP: p.node.ip,
  };
  if (ctx.v.minor >= 28) status.hostIPs = [{ ip: p.node.ip }];
  if (spec.initContainers) {
    status.initContainerStatuses = spec.initContainers.map((c: Json, i: number) =>
      initContainerStatus(ctx, c, started + i),
    );
  }
  status.phase = "Running";
  status.podIP = podIP;
  status.podIPs = [{ ip: podIP }];
  status.qosClass = qosClass(spec);
  status.startTime = ctx.at(started);
  return { apiVersion: "v1", kind: "Pod", metadata, spec, status };
}

function containerStatus(ctx: BootstrapContext, c: Json, startedAt: number): Json {
  const out: Json = {
    containerID: containerID(ctx),
    image: c.image,
    imageID: imageID(ctx, c.image),
    lastState: {},
    name: c.name,
    ready: true,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: ctx.at(startedAt) } },
  };
  if (ctx.v.minor >= 30 && c.volumeMounts) {
    // Since 1.30 the kubelet reports each mount (RecursiveReadOnlyMounts).
    out.volumeMounts = c.volumeMounts.map((m: Json) => {
      const vm: Json = { mountPath: m.mountPath, name: m.name };
      if (m.readOnly) {
        vm.readOnly = true;
        vm.recursiveReadOnly = "Disabled";
      }
      return vm;
    });
  }
  return out;
}

function initContainerStatus(ctx: BootstrapContext, c: Json, at: number): Json {
  const id = containerID(ctx);
  return {
    containerID: id,
    image: c.image,
    imageID: imageID(ctx, c.image),
    lastState: {},
    name: c.name,
    ready: true,
    restartCount: 0,
    started: false,
    state: {
      terminated: {
        containerID: id,
        exitCode: 0,
        finishedAt: ctx.at(at + 1),
        reason: "Completed",
        startedAt: ctx.at(at),
      },
    },
  };
}

function containerID(ctx: BootstrapContext): string {
  return `${ctx.v.runtime}://${ctx.ids.hex(64)}`;
}

function imageID(ctx: BootstrapContext, image: string): string {
  const repo = image.replace(/:[^:/]+$/, "");
  const digest = `${repo}@sha256:${imageDigest(image)}`;
  return ctx.v.runtime === "docker" ? `docker-pullable://${digest}` : digest;
}

/** Guaranteed when every container has equal requests and limits for cpu and memory; Burstable with any; else BestEffort. */
function qosClass(spec: Json): string {
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  const any = all.some(
    (c: Json) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length,
  );
  if (!any) return "BestEffort";
  const guaranteed = all.every((c: Json) => {
    const l = c.resources?.limits ?? {};
    const r = c.resources?.requests ?? {};
    return l.cpu && l.memory && (r.cpu ?? l.cpu) === l.cpu && (r.memory ?? l.memory) === l.memory;
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** The fields the API server defaults on a pod, plus scheduling results (nodeName, priority). */
export function defaultPodSpec(input: Json, nodeName: string): Json {
  const s: Json = clone(input);
  s.containers = s.containers.map(defaultContainer);
  if (s.initContainers) s.initContainers = s.initContainers.map(defaultContainer);
  s.dnsPolicy ??= "ClusterFirst";
  s.enableServiceLinks ??= true;
  s.nodeName = nodeName;
  s.preemptionPolicy ??= "PreemptLowerPriority";
  if (s.priorityClassName === "system-node-critical") s.priority = 2000001000;
  else if (s.priorityClassName === "system-cluster-critical") s.priority = 2000000000;
  else s.priority ??= 0;
  s.restartPolicy ??= "Always";
  s.schedulerName ??= "default-scheduler";
  s.securityContext ??= {};
  if (s.serviceAccountName) s.serviceAccount = s.serviceAccountName;
  s.terminationGracePeriodSeconds ??= 30;
  if (s.volumes) s.volumes = s.volumes.map(defaultVolume);
  return sortKeys(s);
}

function defaultContainer(c: Json): Json {
  const out: Json = { ...c };
  out.imagePullPolicy ??= "IfNotPresent";
  out.resources ??= {};
  out.terminationMessagePath ??= "/dev/termination-log";
  out.terminationMessagePolicy ??= "File";
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    if (out[probe])
      out[probe] = sortKeys({
        failureThreshold: 3,
        periodSeconds: 10,
        successThreshold: 1,
        timeoutSeconds: 1,
        ...out[probe],
      });
  }
  if (out.env)
    out.env = out.env.map((e: Json) =>
      e.valueFrom?.fieldRef ? { ...e, valueFrom: { fieldRef: { apiVersion: "v1", ...e.valueFrom.fieldRef } } } : e,
    );
  return sortKeys(out);
}

function defaultVolume(v: Json): Json {
  if (v.configMap) return { ...v, configMap: { defaultMode: 420, ...v.configMap } };
  if (v.secret) return { ...v, secret: { defaultMode: 420, ...v.secret } };
  if (v.hostPath && v.hostPath.type === undefined) return { ...v, hostPath: { ...v.hostPath, type: "" } };
  return v;
}

/** The kube-api-access-<5> projected volume the ServiceAccount admission plugin adds (1.21+). */
export function serviceAccountVolume(ctx: BootstrapContext): { volume: Json; mount: Json } {
  const name = `kube-api-access-${ctx.ids.suffix(5)}`;
  return {
    volume: projectedTokenVolume(name),
    mount: { mountPath: SERVICE_ACCOUNT_MOUNT, name, readOnly: true },
  };
}

/** Tolerations the DefaultTolerationSeconds admission plugin adds to pods that have none for them. */
export function withDefaultTolerations(tolerations: Json[] | undefined): Json[] {
  const out = [...(tolerations ?? [])];
  const has = (key: string) =>
    out.some((t) => t.key === key || (t.key === undefined && t.operator === "Exists" && !t.effect));
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
    if (!has(key)) out.push({ effect: "NoExecute", key, operator: "Exists", tolerationSeconds: 300 });
  }
  return out;
}
