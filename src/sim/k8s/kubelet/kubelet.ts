/**
 * The kubelets of every node, as one controller. Its watches play the pod informer of each
 * kubelet (pods bound to a node enter a pod worker; deletions start graceful termination) and
 * the node informer (a node that is not Ready has a stopped kubelet: its pods freeze). Each
 * pod worker is a `step(pod, now)` recipe (worker.ts) that does what is due at `now` and says
 * when it next needs to run; those wake-ups are grouped by instant and reach the reconciler
 * one instant at a time (timers.ts).
 *
 * Per node it keeps what the container runtime holds: the images pulled (a pull on one node
 * does not help another), the serial image puller's queue (the kubelet pulls one image at a
 * time per node by default: serializeImagePulls), and the pod IPs handed out from the node's
 * podCIDR.
 */
import type { Controller } from "../../core/reconcile.ts";
import { Slot } from "../../core/slots.ts";
import type { WatchEvent } from "../../core/store.ts";
import type { KObject } from "../api/object.ts";
import type { Cluster } from "../cluster.ts";
import { parseImageRef } from "../images/reference.ts";
import type { Runtime } from "../images/registry.ts";
import { Backoff } from "./backoff.ts";
import { WakeQueue } from "./timers.ts";
import type { PodRt } from "./types.ts";
import { adoptRunningPod, newPodRt, step } from "./worker.ts";

export const KUBELET = "kubelet";
const TICK = "tick";

export interface NodeRt {
  name: string;
  /** Normalised references (`docker.io/library/nginx:latest`) present on the node, and when each arrived. */
  images: Map<string, number>;
  /** The serial puller is busy until then. */
  pullFreeAt: number;
  /** Images with a pull queued or under way, and when it completes. */
  inFlight: Map<string, number>;
  podCidr?: string;
  /** `10.244.3.` of the podCIDR it was worked out from. */
  ipPrefix?: { cidr: string; prefix: string };
  usedIPs: Set<string>;
  nextHost: number;
  pods: Set<string>;
  ready: boolean;
  ip: string;
  kernel: string;
  cpus: number;
}

const KUBELETS = new Slot<Kubelet>();

/** A watch's answer when the write concerns no pod worker (never changed: the reconciler only reads it). */
const NO_KEYS: string[] = [];

/** The kubelets of a cluster (for kubectl logs/exec and the network). */
export function kubeletOf(cluster: Cluster): Kubelet | undefined {
  return KUBELETS.get(cluster);
}

export class Kubelet {
  readonly pods = new Map<string, PodRt>();
  readonly nodes = new Map<string, NodeRt>();
  private readonly wakes = new WakeQueue<PodRt>();
  private readonly registered = new Set<number>();
  /** The worker whose status is being written (writeStatus), while the write is under way. */
  writing: PodRt | undefined = undefined;
  /** Image pull back-off per pod and image (ErrImagePull, then ImagePullBackOff). */
  readonly imageBackoff = new Backoff();
  readonly runtime: Runtime;
  readonly podsType;

  constructor(readonly cluster: Cluster) {
    this.runtime = cluster.minor < 24 ? "docker" : "containerd";
    this.podsType = cluster.discovery.forKind("v1", "Pod")!;
    KUBELETS.set(cluster, this);
  }

  get minor(): number {
    return this.cluster.minor;
  }

  now(): number {
    return this.cluster.clock.now();
  }

  /** now(), as a function to hand out (one for all the containers that stamp files by it). */
  readonly clock = (): number => this.now();

  controller(): Controller {
    return {
      name: KUBELET,
      watches: {
        pods: (e) => this.onPod(e),
        nodes: (e) => this.onNode(e),
      },
      sync: (key) => this.sync(key),
    };
  }

  node(name: string): NodeRt {
    let n = this.nodes.get(name);
    if (!n) {
      n = {
        name,
        images: new Map(),
        pullFreeAt: 0,
        inFlight: new Map(),
        podCidr: undefined,
        ipPrefix: undefined,
        usedIPs: new Set(),
        nextHost: 1,
        pods: new Set(),
        ready: true,
        ip: "",
        kernel: "",
        cpus: 2,
      };
      this.nodes.set(name, n);
      const obj = this.cluster.store.get("nodes", "", name);
      if (obj) this.refreshNode(n, obj);
    }
    return n;
  }

  private refreshNode(n: NodeRt, obj: KObject): void {
    n.podCidr = obj.spec?.podCIDR;
    const addresses: { type: string; address: string }[] = obj.status?.addresses ?? [];
    n.ip = addresses.find((a) => a.type === "InternalIP")?.address ?? n.ip;
    n.kernel = obj.status?.nodeInfo?.kernelVersion ?? n.kernel;
    n.cpus = Number.parseInt(String(obj.status?.capacity?.cpu ?? "2"), 10) || 2;
    const ready = (obj.status?.conditions ?? []).find((c: { type: string }) => c.type === "Ready");
    n.ready = !ready || ready.status === "True";
  }

  private onNode(e: WatchEvent): string[] {
    const name = e.object.metadata.name ?? "";
    const n = this.nodes.get(name);
    if (!n || e.type === "DELETED") return NO_KEYS;
    const wasReady = n.ready;
    this.refreshNode(n, e.object);
    // A kubelet coming back syncs all its pods.
    return !wasReady && n.ready ? [...n.pods] : NO_KEYS;
  }

  private onPod(e: WatchEvent): string[] {
    const pod = e.object;
    // The kubelet's own status write comes back here: its worker is known without a lookup.
    const own = this.writing !== undefined && e.old !== undefined && e.old === this.writing.pod;
    const nodeName: string | undefined = pod.spec?.nodeName;
    // A pod that is not bound (most writes before the scheduler's) has no worker: no lookup.
    if (!nodeName && e.type !== "DELETED") return NO_KEYS;
    const key = own ? this.writing!.key : `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
    const known = own ? this.writing : this.pods.get(key);
    if (e.type === "DELETED") {
      if (known && known.uid === pod.metadata.uid) this.forget(known);
      return NO_KEYS;
    }
    if (!nodeName) return NO_KEYS;
    if (known && known.uid !== pod.metadata.uid) this.forget(known);
    // A pod bound to a node that does not exist has no kubelet to run it: it stays Pending.
    if (!known && !this.cluster.store.get("nodes", "", nodeName)) return NO_KEYS;
    const node = this.node(nodeName);
    const ip: string | undefined = pod.status?.podIP;
    if (ip && !pod.spec?.hostNetwork) node.usedIPs.add(ip);
    // The worker this key had, unless it was just forgotten (another pod of the same name).
    const current = known && known.uid === pod.metadata.uid ? known : undefined;
    if (current) {
      current.pod = pod;
      const newlyDeleting = !!pod.metadata.deletionTimestamp && !current.deleting;
      const shortened =
        !!current.deleting &&
        pod.metadata.deletionGracePeriodSeconds !== undefined &&
        current.deleting.observedAt + pod.metadata.deletionGracePeriodSeconds * 1000 < current.deleting.deadline;
      return newlyDeleting || shortened ? [key] : NO_KEYS;
    }
    const adopted = (pod.status?.containerStatuses ?? []).length > 0;
    const p = adopted ? adoptRunningPod(this, key, pod) : newPodRt(this, key, pod);
    this.pods.set(key, p);
    node.pods.add(key);
    if (adopted) {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
        node.images.set(parseImageRef(c.image).normalized, 0);
      }
      return pod.metadata.deletionTimestamp ? [key] : NO_KEYS;
    }
    return [key];
  }

  private forget(p: PodRt): void {
    p.forgotten = true;
    this.pods.delete(p.key);
    const n = this.nodes.get(p.node);
    if (!n) return;
    n.pods.delete(p.key);
    if (p.ip && !p.hostNetwork) n.usedIPs.delete(p.ip);
  }

  private sync(key: string): void {
    const now = this.now();
    if (key === TICK) {
      for (const t of this.registered) if (t <= now) this.registered.delete(t);
      for (;;) {
        const at = this.wakes.peek();
        if (at === undefined || at > now) break;
        // A pod woken again since (or twice at this instant) has a different nextWake by then;
        // a worker forgotten since (its pod deleted, or replaced by one of the same name) is done.
        for (const p of this.wakes.takeEarliest()!.items) {
          if (!p.forgotten && p.nextWake === at) this.run(p, now);
        }
      }
      this.armTimer();
      return;
    }
    const p = this.pods.get(key);
    if (p) this.run(p, now);
    this.armTimer();
  }

  private run(p: PodRt, now: number): void {
    const node = this.node(p.node);
    if (!node.ready && !p.deleting) return;
    p.nextWake = undefined;
    const next = step(this, p, now);
    if (next !== undefined && !p.forgotten) this.wake(p, Math.max(next, now + 1));
  }

  /**
   * Asks for `step(p)` at `at`, rounded up to the next whole second: the kubelet notices
   * changes at its once-a-second relist anyway, and pods whose pulls end at 150,000 different
   * instants then wake together at a few dozen, so every controller watching pods runs once a
   * second instead of once per pod. What happened keeps its exact time (startedAt, finishedAt,
   * pull durations); only when the API sees it is rounded.
   */
  wake(p: PodRt, exact: number): void {
    const at = Math.ceil(exact / 1000) * 1000;
    if (p.nextWake !== undefined && p.nextWake <= at) return;
    p.nextWake = at;
    this.wakes.push(at, p);
  }

  private armTimer(): void {
    const at = this.wakes.peek();
    if (at === undefined || this.registered.has(at)) return;
    for (const t of this.registered) if (t <= at) return;
    this.registered.add(at);
    this.cluster.reconciler.requeueAt(KUBELET, TICK, at);
  }

  /** Takes the next free pod IP in the node's podCIDR. */
  allocateIP(n: NodeRt): string {
    const cidr = n.podCidr ?? "10.244.0.0/24";
    if (n.ipPrefix === undefined || n.ipPrefix.cidr !== cidr) {
      const [a, b, c] = cidr.split("/")[0].split(".");
      n.ipPrefix = { cidr, prefix: `${a}.${b}.${c}.` };
    }
    const prefix = n.ipPrefix.prefix;
    for (let tries = 0; tries < 254; tries++) {
      const host = n.nextHost;
      n.nextHost = n.nextHost >= 254 ? 1 : n.nextHost + 1;
      const ip = prefix + host;
      if (!n.usedIPs.has(ip)) {
        n.usedIPs.add(ip);
        return ip;
      }
    }
    return prefix + n.nextHost;
  }

  /** The pod worker of a pod, if the pod runs on a node. */
  podRt(namespace: string, name: string): PodRt | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }
}
