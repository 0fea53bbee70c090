/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go), as a `sync(key)`
 * recipe: get -> claim pods -> history (ControllerRevisions) -> manage (one pod per eligible
 * node, failed and excess pods deleted) -> rolling update -> history cleanup -> status.
 *
 * Pods are created with generateName `<ds>-`, the template's labels plus
 * `controller-revision-hash` and `pod-template-generation`, the daemon tolerations and a node
 * affinity pinning them to their node (matchFields metadata.name); the default scheduler then
 * binds them, as since 1.12. The bootstrap's kube-proxy and calico-node pods already carry
 * this DaemonSet's controller reference and current hash, so they are kept as they are.
 *
 * Events (component daemonset-controller): SuccessfulCreate "Created pod: x",
 * SuccessfulDelete "Deleted pod: x", FailedCreate "Error creating: ...", FailedDaemonPod
 * "Found failed daemon pod ns/x on node n, will try to kill it".
 */
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import { jsonEqual, type KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
import { fromLabelSelector } from "../../selectors/labels.ts";
import {
  CONTROLLER_REVISION_HASH,
  constructHistory,
  REVISIONS,
  templatePatch,
  truncateHistory,
} from "../controllerrevision/history.ts";
import {
  availableAt,
  claimChildren,
  isPodAvailable,
  isPodReady,
  type Json,
  Owners,
  objectKey,
  onlyStatusChanged,
  ownedObjects,
  podFromTemplate,
  splitKey,
} from "../controllerrevision/owned.ts";
import {
  affinityForNode,
  daemonPodShape,
  type Eligibility,
  nodeShouldRunDaemonPod,
  targetNodeName,
  withDaemonTolerations,
} from "./eligibility.ts";
import { DAEMONSET_TEMPLATE_GENERATION, isPodUpdated, planRollingUpdate, scaledValue } from "./rolling-update.ts";

export const DAEMONSET_CONTROLLER = "daemonset-controller";
const DAEMONSETS = "daemonsets.apps";
const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
/** failedPodsBackoff: 1 s doubling to 15 min per DaemonSet and node. */
const BACKOFF_INITIAL_MS = 1000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;

const source = { component: DAEMONSET_CONTROLLER };

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name. */
function byCreationAndPhase(a: KObject, b: KObject): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ca = a.metadata.creationTimestamp ?? "";
  const cb = b.metadata.creationTimestamp ?? "";
  if (ca !== cb) return ca < cb ? -1 : 1;
  const na = a.metadata.name ?? "";
  const nb = b.metadata.name ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function daemonSetController(cluster: Cluster): Controller {
  const store = cluster.store;
  /** uid -> key, and per namespace key -> selector (for orphan pods). */
  const owners = new Owners();
  const backoff = new Map<string, { delay: number; last: number }>();
  const podType = () => cluster.typeOfStorage("pods");

  const onDaemonSet = (e: WatchEvent): string[] => {
    const key = owners.observe(e);
    if (e.type === "DELETED") return [];
    // Our own status writes need no new sync.
    if (e.type === "MODIFIED" && e.old && onlyStatusChanged(e.old, e.object)) return [];
    return [key];
  };

  const onNode = (e: WatchEvent): string[] => {
    if (e.type === "MODIFIED" && e.old) {
      const a = e.old;
      const b = e.object;
      if (jsonEqual(a.metadata.labels, b.metadata.labels) && jsonEqual(a.spec?.taints, b.spec?.taints)) return [];
    }
    return owners.all();
  };

  /** Pods of `ds` by the node they are (or will be) on; terminal pods being deleted don't count. */
  const nodeToDaemonPods = (ds: KObject): Map<string, KObject[]> => {
    const out = new Map<string, KObject[]>();
    for (const pod of ownedObjects(cluster, "pods", ds)) {
      const phase = pod.status?.phase;
      if (pod.metadata.deletionTimestamp && (phase === "Succeeded" || phase === "Failed")) continue;
      const node = targetNodeName(pod);
      if (!node) continue;
      const list = out.get(node);
      if (list) list.push(pod);
      else out.set(node, [pod]);
    }
    return out;
  };

  const createPods = (ds: KObject, nodes: string[], hash: string, generation: string): void => {
    const t = podType();
    if (!t || nodes.length === 0) return;
    const template = ds.spec?.template ?? {};
    for (const node of nodes) {
      const pod = podFromTemplate(template, ds);
      pod.metadata.generateName = `${ds.metadata.name}-`;
      pod.metadata.labels = {
        ...(pod.metadata.labels ?? {}),
        [DAEMONSET_TEMPLATE_GENERATION]: generation,
        [CONTROLLER_REVISION_HASH]: hash,
      };
      pod.spec.tolerations = withDaemonTolerations(template.spec);
      pod.spec.affinity = affinityForNode(template.spec?.affinity, node);
      const r = cluster.api.create(t, pod);
      if (r.ok)
        cluster.events.record(ds, "Normal", "SuccessfulCreate", `Created pod: ${r.value.metadata.name}`, source);
      else cluster.events.record(ds, "Warning", "FailedCreate", `Error creating: ${r.status.message}`, source);
    }
  };

  const deletePods = (ds: KObject, names: string[]): void => {
    const t = podType();
    if (!t) return;
    for (const name of names) {
      const r = cluster.api.delete(t, ds.metadata.namespace ?? "", name);
      if (r.ok) cluster.events.record(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`, source);
    }
  };

  /** podsShouldBeOnNode for every node, then syncNodes. */
  const manage = (
    ds: KObject,
    nodes: KObject[],
    eligibility: Map<string, Eligibility>,
    hash: string,
    generation: string,
  ): void => {
    const byNode = nodeToDaemonPods(ds);
    const allowsSurge =
      cluster.minor >= 22 &&
      ds.spec?.updateStrategy?.type === "RollingUpdate" &&
      scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0, 1) > 0;
    const now = cluster.clock.now();
    const needing: string[] = [];
    const toDelete: string[] = [];
    for (const node of nodes) {
      const name = node.metadata.name ?? "";
      const { shouldRun, shouldContinueRunning } = eligibility.get(name)!;
      const daemonPods = byNode.get(name) ?? [];
      if (shouldRun && daemonPods.length === 0) {
        needing.push(name);
      } else if (shouldContinueRunning) {
        const running: KObject[] = [];
        for (const pod of daemonPods) {
          if (pod.metadata.deletionTimestamp) continue;
          if (pod.status?.phase === "Failed") {
            // Back off so the controller doesn't fight a kubelet that keeps rejecting the pod.
            const bkey = `${ds.metadata.uid}/${name}`;
            const b = backoff.get(bkey);
            if (b && now - b.last < b.delay) {
              cluster.reconciler.requeueAt(DAEMONSET_CONTROLLER, objectKey(ds), b.last + b.delay);
              continue;
            }
            const expired = !b || now - b.last > 2 * BACKOFF_MAX_MS;
            backoff.set(bkey, {
              delay: expired ? BACKOFF_INITIAL_MS : Math.min(b.delay * 2, BACKOFF_MAX_MS),
              last: now,
            });
            cluster.events.record(
              ds,
              "Warning",
              "FailedDaemonPod",
              `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`,
              source,
            );
            toDelete.push(pod.metadata.name ?? "");
          } else if (pod.status?.phase === "Succeeded") {
            toDelete.push(pod.metadata.name ?? "");
          } else {
            running.push(pod);
          }
        }
        if (running.length <= 1) continue;
        running.sort(byCreationAndPhase);
        if (!allowsSurge) {
          for (const p of running.slice(1)) toDelete.push(p.metadata.name ?? "");
          continue;
        }
        // Surge: keep the oldest new pod and, while it isn't Ready, the oldest old one.
        let oldestNew: KObject | undefined;
        let oldestOld: KObject | undefined;
        for (const p of running) {
          const isNew = p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash;
          if (isNew && !oldestNew) oldestNew = p;
          else if (!isNew && !oldestOld) oldestOld = p;
          else toDelete.push(p.metadata.name ?? "");
        }
        if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodReady(oldestNew))) {
          toDelete.push(oldestOld.metadata.name ?? "");
        }
      } else {
        for (const pod of daemonPods) if (!pod.metadata.deletionTimestamp) toDelete.push(pod.metadata.name ?? "");
      }
    }
    // Unscheduled pods aimed at a node that no longer exists.
    for (const [node, list] of byNode) {
      if (eligibility.has(node)) continue;
      for (const pod of list)
        if (!pod.spec?.nodeName && !pod.metadata.deletionTimestamp) toDelete.push(pod.metadata.name ?? "");
    }
    createPods(ds, needing, hash, generation);
    deletePods(ds, toDelete);
  };

  const updateStatus = (
    ds: KObject,
    nodes: KObject[],
    eligibility: Map<string, Eligibility>,
    hash: string,
    generation: string,
  ): void => {
    const byNode = nodeToDaemonPods(ds);
    const now = cluster.clock.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let wakeAt: number | undefined;
    for (const node of nodes) {
      const name = node.metadata.name ?? "";
      const wantToRun = eligibility.get(name)!.shouldRun;
      const daemonPods = [...(byNode.get(name) ?? [])].sort(byCreationAndPhase);
      if (wantToRun) {
        desired++;
        if (daemonPods.length === 0) continue;
        current++;
        const pod = daemonPods[0];
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, now)) available++;
          else {
            const at = availableAt(pod, minReady);
            if (at !== undefined && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
          }
        }
        if (isPodUpdated(pod, hash, generation)) updated++;
      } else if (daemonPods.length > 0) {
        misscheduled++;
      }
    }
    if (wakeAt !== undefined) cluster.reconciler.requeueAt(DAEMONSET_CONTROLLER, objectKey(ds), wakeAt);
    const prev = ds.status ?? {};
    const status: Json = {};
    if (prev.collisionCount !== undefined) status.collisionCount = prev.collisionCount;
    if (prev.conditions !== undefined) status.conditions = prev.conditions;
    status.currentNumberScheduled = current;
    status.desiredNumberScheduled = desired;
    if (available) status.numberAvailable = available;
    status.numberMisscheduled = misscheduled;
    status.numberReady = ready;
    if (desired - available > 0) status.numberUnavailable = desired - available;
    if (ds.metadata.generation) status.observedGeneration = ds.metadata.generation;
    if (updated) status.updatedNumberScheduled = updated;
    if (jsonEqual(status, ds.status)) return;
    const t = cluster.typeOfStorage(DAEMONSETS);
    if (t) cluster.api.update(t, { ...ds, status }, { subresource: "status" });
  };

  return {
    name: DAEMONSET_CONTROLLER,
    watches: {
      [DAEMONSETS]: onDaemonSet,
      pods: (e) => owners.concernedBy(e),
      nodes: onNode,
      [REVISIONS]: (e) => owners.controllersOf(e),
    },
    sync(key) {
      const [ns, name] = splitKey(key);
      const ds = store.get(DAEMONSETS, ns, name);
      if (!ds) return;
      const sel = fromLabelSelector(ds.spec?.selector);
      if (!sel.ok || sel.selector.empty()) return;
      claimChildren(cluster, "pods", ds, sel.selector);
      if (ds.metadata.deletionTimestamp) return;
      const template = ds.spec?.template ?? {};
      const history = constructHistory(cluster, ds, {
        labels: template.metadata?.labels ?? {},
        annotations: ds.metadata.annotations,
        hashInput: template,
        data: templatePatch(template),
      });
      if (!history) return;
      const hash = history.current.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? "";
      // The registry keeps templateGeneration in this annotation; without it, the generation.
      const generation =
        ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? String(ds.metadata.generation ?? 1);
      const nodes = store.list("nodes");
      const shape = daemonPodShape(template.spec);
      const eligibility = new Map<string, Eligibility>();
      for (const n of nodes) eligibility.set(n.metadata.name ?? "", nodeShouldRunDaemonPod(n, shape));

      manage(ds, nodes, eligibility, hash, generation);
      if (ds.spec?.updateStrategy?.type === "RollingUpdate") {
        const shouldRun = new Set([...eligibility].filter(([, e]) => e.shouldRun).map(([n]) => n));
        const plan = planRollingUpdate(
          ds,
          nodeToDaemonPods(ds),
          shouldRun,
          hash,
          generation,
          cluster.clock.now(),
          cluster.minor,
        );
        createPods(ds, plan.createOnNodes, hash, generation);
        deletePods(ds, plan.deletePods);
      }
      const live = new Set<string>();
      for (const list of nodeToDaemonPods(ds).values())
        for (const p of list) live.add(p.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? "");
      truncateHistory(cluster, history.old, ds.spec?.revisionHistoryLimit ?? 10, (cr) =>
        live.has(cr.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? ""),
      );
      const fresh = store.get(DAEMONSETS, ns, name) ?? ds;
      updateStatus(fresh, nodes, eligibility, hash, generation);
    },
  };
}

registerController(daemonSetController);
