/**
 * How kubectl logs/exec find the pod and container they talk to: `POD`, `pod/POD`, or a
 * workload (`deploy/web`, `rs/x`, `job/x`, `sts/x`, `ds/x`, `svc/x`) whose selected pods are
 * sorted the way kubectl's AttachablePodForObject does (running and ready first, then the
 * oldest), and the container: `-c`, the `kubectl.kubernetes.io/default-container`
 * annotation, or the only one.
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

/**
 * The container a command without `-c` uses. 1.21 insists on a name when the pod has several
 * containers; later versions take the default-container annotation or the first container and
 * say so on stderr (`Defaulted container "a" out of: a, b, init (init)`).
 */
export function chooseContainer(k: Kubectl, pod: KObject, requested: string): ContainerChoice {
  const containers: Json[] = pod.spec?.containers ?? [];
  const inits: Json[] = pod.spec?.initContainers ?? [];
  const podName = pod.metadata.name ?? "";
  if (requested) {
    if ([...containers, ...inits].some((c) => c.name === requested)) return { ok: true, name: requested, notice: "" };
    return { ok: false, error: `error: container ${requested} is not valid for pod ${podName}\n` };
  }
  const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated && containers.some((c) => c.name === annotated)) return { ok: true, name: annotated, notice: "" };
  if (containers.length === 1) return { ok: true, name: containers[0].name, notice: "" };
  if (k.cluster.minor < 22) {
    let err = `error: a container name must be specified for pod ${podName}, choose one of: [${containers.map((c) => c.name).join(" ")}]`;
    if (inits.length) err += ` or one of the init containers: [${inits.map((c) => c.name).join(" ")}]`;
    return { ok: false, error: `${err}\n` };
  }
  const all = [...containers.map((c) => c.name), ...inits.map((c) => `${c.name} (init)`)];
  return {
    ok: true,
    name: containers[0].name,
    notice: `Defaulted container "${containers[0].name}" out of: ${all.join(", ")}\n`,
  };
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
