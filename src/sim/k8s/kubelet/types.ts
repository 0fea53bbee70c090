/** The kubelet's in-memory view of its pods: what the runtime knows and the API does not store. */
import type { VirtualFs } from "../../../cli/shell/vfs.ts";
import type { KObject } from "../api/object.ts";
import type { ResolvedImage } from "../images/registry.ts";
import type { LogLine, Program } from "./program.ts";
import type { RootfsContext } from "./rootfs.ts";

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON.
export type Json = any;

/** One run of a container: restarts make new instances; the previous one is `lastState`. */
export interface Instance {
  id: string;
  image: ResolvedImage;
  env: Record<string, string>;
  startedAt: number;
  program: Program;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  /** When a stop was asked (deletion, liveness) and when it takes effect. */
  stopAt?: number;
  /** Lines written beyond the program's own: access-log lines for requests, shutdown notices. */
  extraLines: LogLine[];
  /** The live filesystem, built on first use; `applied` program changes have been replayed on it. */
  fs?: VirtualFs;
  applied: number;
  /**
   * What the container's filesystem is built from on first use (image files, kubelet files,
   * mounts), and the clock its files are stamped by. Data rather than a closure per container.
   */
  rootfs?: RootfsContext;
  fsClock?: () => number;
  /** `containerd://<id>` as statuses show it, built on the first status write that does. */
  statusID?: string;
}

export type ProbeKind = "startup" | "liveness" | "readiness";

export interface ProbeState {
  kind: ProbeKind;
  spec: Json;
  nextAt: number;
  successes: number;
  failures: number;
  /** The last settled result: readiness starts false, liveness true, startup unknown. */
  ok: boolean | undefined;
}

export interface Ctr {
  name: string;
  spec: Json;
  init: boolean;
  /** A restartable init container (restartPolicy: Always), 1.28+. */
  sidecar: boolean;
  restartCount: number;
  state: "waiting" | "running" | "terminated";
  waitingReason: string;
  waitingMessage?: string;
  current?: Instance;
  last?: Instance;
  ready: boolean;
  started: boolean;
  /** The image as last resolved (status.image/imageID once pulled). */
  image?: ResolvedImage;
  /** The kubelet notices an exit at its next relist: restart decisions happen from here on. */
  restartAt?: number;
  probes: ProbeState[];
  /** status.containerStatuses[].volumeMounts, built on first use (the spec's mounts do not change). */
  statusMounts?: Json[];
}

export interface PendingPull {
  ctr: Ctr;
  image: string;
  /** When the kubelet asked (the Pulling event); the wait behind other pulls counts from here. */
  askedAt: number;
  pullStart: number;
  doneAt: number;
  error?: string;
  resolved?: ResolvedImage;
}

export interface PodRt {
  key: string;
  uid: string;
  namespace: string;
  name: string;
  node: string;
  pod: KObject;
  acceptedAt: number;
  ip?: string;
  /** The IP reaches the status at the end of the first sync that is not stuck in a pull. */
  ipReported: boolean;
  hostNetwork: boolean;
  ctrs: Ctr[];
  pending?: PendingPull;
  /** The pod worker's retry after a failed sync (10 s). */
  resyncAt?: number;
  terminal: boolean;
  phase: string;
  deleting?: { observedAt: number; deadline: number };
  nextWake?: number;
  /**
   * Per condition type (status.ts), the status it last reported and since when, flat: status
   * then time for each of the four types (a Map and an object per type cost more than the pod's
   * other runtime state).
   */
  conditionSince: (string | number | undefined)[];
  /** Adopted from the bootstrap: already running when the simulation began. */
  adopted: boolean;
  /** The kubelet let go of it (the pod was deleted, or replaced by another of the same name). */
  forgotten: boolean;
  /** The Ready condition's message for these unready containers, built once while they stay so. */
  unreadyMessage?: { names: string[]; message: string };
  /** status.podIPs for `ip`, built once. */
  statusPodIPs?: readonly { readonly ip: string | undefined }[];
}
