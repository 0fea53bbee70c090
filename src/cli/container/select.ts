/**
 * How kubectl logs/exec find the pod and container they talk to: `POD`, `pod/POD`, or a
 * workload (`deploy/web`, `rs/x`, `job/x`, `sts/x`, `ds/x`, `svc/x`) whose selected pods are
 * sorted the way kubectl's AttachablePodForObject does (running and ready first, then the
 * oldest), and the container each command picks: `-c`, the
 * `kubectl.kubernetes.io/default-container` annotation, or the first one.
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import { fromLabelSelector, selectorFromSet } from "../../sim/k8s/selectors/labels.ts";
import type { Kubectl } from "../kubectl/context.ts";
import { resolveResource } from "../kubectl/resource-mapper.ts";

export type PodLookup = { ok: true; pod: KObject; candidates: number } | { ok: false; error: string };

// biome-ignore lint/suspicious/noExplicitAny: pod specs are schemaless JSON.
type Json = any;

export function findPod(k: Kubectl, target: string): PodLookup {
  const slash = target.indexOf("/");
  if (slash < 0) return getPod(k, target);
  const r = resolveResource(k.cluster.discovery, target.slice(0, slash));
  if (!r.ok) return { ok: false, error: `error: ${r.error}\n` };
  const t = r.types[0];
  const name = target.slice(slash + 1);
  if (t.kind === "Pod") return getPod(k, name);
  const got = k.cluster.api.get(t, k.namespace, name);
  if (!got.ok) return { ok: false, error: `Error from server (NotFound): ${got.status.message}\n` };
  const obj = got.value;
  const sel =
    t.kind === "Service" || t.kind === "ReplicationController"
      ? { ok: true as const, selector: selectorFromSet(obj.spec?.selector ?? {}) }
      : fromLabelSelector(obj.spec?.selector);
  if (!sel.ok) return { ok: false, error: `error: ${sel.error}\n` };
  const podsType = k.cluster.discovery.forKind("v1", "Pod")!;
  const pods = k.cluster.api.list(podsType, k.namespace, {
    filter: (p) => sel.selector.matches(p.metadata.labels ?? {}),
  });
  if (pods.length === 0) return { ok: false, error: `error: timed out waiting for the condition\n` };
  pods.sort(attachOrder);
  return { ok: true, pod: pods[0], candidates: pods.length };
}

function getPod(k: Kubectl, name: string): PodLookup {
  const podsType = k.cluster.discovery.forKind("v1", "Pod")!;
  const got = k.cluster.api.get(podsType, k.namespace, name);
  if (!got.ok) return { ok: false, error: `Error from server (NotFound): ${got.status.message}\n` };
  return { ok: true, pod: got.value, candidates: 1 };
}

/** podutils.ActivePods reversed: the pod kubectl prefers to attach to first. */
function attachOrder(a: KObject, b: KObject): number {
  const rank = (p: KObject) => {
    const phase = p.status?.phase;
    const ready = (p.status?.conditions ?? []).some((c: Json) => c.type === "Ready" && c.status === "True");
    return (p.spec?.nodeName ? 0 : 4) + (phase === "Running" ? 0 : phase === "Pending" ? 1 : 2) + (ready ? 0 : 1);
  };
  return (
    rank(a) - rank(b) ||
    String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) ||
    String(a.metadata.name).localeCompare(String(b.metadata.name))
  );
}

export type ContainerChoice = { ok: true; name: string; notice: string } | { ok: false; error: string };

const DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

/**
 * The container `kubectl exec` talks to. Both versions use podcmd.FindOrDefaultContainerByName:
 * the default-container annotation when it names a container of the pod, else the first
 * container, announced on stderr when the pod has more than one container or any init
 * container (`Defaulted container "a" out of: a, b, init (init)`). A `-c` name is not checked
 * by kubectl; the API server refuses an unknown one (see streamLocation in
 * pkg/registry/core/pod/strategy.go), which kubectl prints as a StatusError.
 */
export function chooseExecContainer(pod: KObject, requested: string): ContainerChoice {
  const podName = pod.metadata.name ?? "";
  if (requested) {
    if (allContainers(pod).some((c) => c.name === requested)) return { ok: true, name: requested, notice: "" };
    return {
      ok: false,
      error: `Error from server (BadRequest): container ${requested} is not valid for pod ${podName}\n`,
    };
  }
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated && allContainers(pod).some((c) => c.name === annotated))
    return { ok: true, name: annotated, notice: "" };
  return firstContainer(pod, "");
}

/**
 * The container `kubectl logs` reads (polymorphichelpers.logsForObjectWithClient). `-c` (or the
 * inline CONTAINER argument) is checked by kubectl itself; then the default-container
 * annotation, with a notice when it names no container of the pod. Without either, 1.21 takes
 * the only container and otherwise refuses with the list of names; from 1.23 (kubernetes#105964)
 * logs defaults to the first container like exec.
 */
export function chooseLogsContainer(minor: number, pod: KObject, requested: string): ContainerChoice {
  const podName = pod.metadata.name ?? "";
  if (requested) {
    if (allContainers(pod).some((c) => c.name === requested)) return { ok: true, name: requested, notice: "" };
    return { ok: false, error: `error: container ${requested} is not valid for pod ${podName}\n` };
  }
  let notice = "";
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated) {
    if (allContainers(pod).some((c) => c.name === annotated)) return { ok: true, name: annotated, notice: "" };
    notice = `Default container name "${annotated}" not found in pod ${podName}\n`;
  }
  const containers: Json[] = pod.spec?.containers ?? [];
  if (minor < 23) {
    if (containers.length === 1) return { ok: true, name: containers[0].name, notice };
    const names = (list: Json[]) => list.map((c) => c.name).join(" ");
    let err = `error: a container name must be specified for pod ${podName}, choose one of: [${names(containers)}]`;
    const inits: Json[] = pod.spec?.initContainers ?? [];
    const ephemeral: Json[] = pod.spec?.ephemeralContainers ?? [];
    if (inits.length) err += ` or one of the init containers: [${names(inits)}]`;
    if (ephemeral.length) err += ` or one of the ephemeral containers: [${names(ephemeral)}]`;
    return { ok: false, error: `${notice}${err}\n` };
  }
  return firstContainer(pod, notice);
}

function allContainers(pod: KObject): Json[] {
  return [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
}

/** podcmd's fallback: the first container, named on stderr when the pod has any other. */
function firstContainer(pod: KObject, notice: string): ContainerChoice {
  const containers: Json[] = pod.spec?.containers ?? [];
  const inits: Json[] = pod.spec?.initContainers ?? [];
  const ephemeral: Json[] = pod.spec?.ephemeralContainers ?? [];
  const name = containers[0]?.name ?? "";
  if (containers.length > 1 || inits.length > 0 || ephemeral.length > 0) {
    // podcmd.AllContainerNames order: containers, ephemeral containers, init containers.
    const all = [
      ...containers.map((c) => c.name),
      ...ephemeral.map((c) => `${c.name} (ephem)`),
      ...inits.map((c) => `${c.name} (init)`),
    ];
    notice += `Defaulted container "${name}" out of: ${all.join(", ")}\n`;
  }
  return { ok: true, name, notice };
}

/** Go's time.ParseDuration for the flags that take one (`--since=5m`). */
export function parseGoDuration(s: string): { ok: true; ms: number } | { ok: false; error: string } {
  if (s === "0") return { ok: true, ms: 0 };
  const re = /(\d+(?:\.\d*)?|\.\d+)([a-zµ]*)/gy;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let i = 0;
  let body = s;
  if (body.startsWith("-") || body.startsWith("+")) body = body.slice(1);
  if (body === "") return { ok: false, error: `time: invalid duration "${s}"` };
  re.lastIndex = 0;
  while (i < body.length) {
    re.lastIndex = i;
    const m = re.exec(body);
    if (!m || m.index !== i) return { ok: false, error: `time: invalid duration "${s}"` };
    if (!m[2]) return { ok: false, error: `time: missing unit in duration "${s}"` };
    if (!(m[2] in units)) return { ok: false, error: `time: unknown unit "${m[2]}" in duration "${s}"` };
    total += Number(m[1]) * units[m[2]];
    i = re.lastIndex;
  }
  return { ok: true, ms: s.startsWith("-") ? -total : total };
}
