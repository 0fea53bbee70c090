/**
 * The kubelet's event reasons and messages, per version (pkg/kubelet/events, images/image_manager.go,
 * kuberuntime/kuberuntime_container.go and kuberuntime_manager.go, prober/prober.go).
 *
 * Version differences modelled:
 *   - Pulled: 1.21 prints time.Since at full precision, `in 4.127470185s`; since 1.28 the pull
 *     and the wait are truncated to ms, `in 4.127s (4.127s including waiting)`, and since 1.30
 *     the size follows: `. Image size: 72195292 bytes.`
 *   - Created: `Created container: nginx` since 1.33 (kubernetes#130471), `Created container nginx` before.
 *   - BackOff (crash loop): `Back-off restarting failed container` in 1.21; the container and the
 *     pod (`name_namespace(uid)`) are named since 1.26.
 */
import { goDuration } from "./backoff.ts";

export const COMPONENT = "kubelet";

/**
 * One string per distinct message: every replica of a Deployment says the same `Pulling image`,
 * `Created container` and `Started container`, and the events recorded keep them. A bounded
 * cache of pure functions of their arguments.
 */
function memo<A extends unknown[]>(f: (...args: A) => string): (...args: A) => string {
  const cache = new Map<string, string>();
  return (...args: A) => {
    const key = args.join("\u0000");
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= 10_000) cache.clear();
      v = f(...args);
      cache.set(key, v);
    }
    return v;
  };
}

export const pulling = memo((image: string) => `Pulling image "${image}"`);

export function pulled(minor: number, image: string, pullNanos: number, totalNanos: number, size: number): string {
  if (minor < 28) return `Successfully pulled image "${image}" in ${goDuration(totalNanos)}`;
  const ms = (n: number) => Math.floor(n / 1e6) * 1e6;
  const base = `Successfully pulled image "${image}" in ${goDuration(ms(pullNanos))} (${goDuration(ms(totalNanos))} including waiting)`;
  return minor >= 30 ? `${base}. Image size: ${size} bytes.` : base;
}

export const alreadyPresent = (image: string) => `Container image "${image}" already present on machine`;
export const neverPull = (image: string) => `Container image "${image}" is not present with pull policy of Never`;
export const failedToPull = (image: string, err: string) => `Failed to pull image "${image}": ${err}`;
export const backOffPulling = (image: string) => `Back-off pulling image "${image}"`;

export const created = memo((minor: number, name: string) =>
  minor >= 33 ? `Created container: ${name}` : `Created container ${name}`,
);
export const started = memo((name: string) => `Started container ${name}`);
export const stopping = (name: string) => `Stopping container ${name}`;

export function backOffRestarting(minor: number, container: string, podRef: string): string {
  return minor >= 26
    ? `Back-off restarting failed container ${container} in pod ${podRef}`
    : "Back-off restarting failed container";
}

/** The CrashLoopBackOff waiting message: `back-off 10s restarting failed container=x pod=y_default(uid)`. */
export const crashLoopMessage = (delayMs: number, container: string, podRef: string) =>
  `back-off ${goDuration(delayMs * 1e6)} restarting failed container=${container} pod=${podRef}`;

export const livenessKill = (name: string) => `Container ${name} failed liveness probe, will be restarted`;
export const startupKill = (name: string) => `Container ${name} failed startup probe, will be restarted`;

/** Field paths of container events: `spec.containers{nginx}`, `spec.initContainers{init}`. */
export const fieldPath = memo((init: boolean, name: string) =>
  init ? `spec.initContainers{${name}}` : `spec.containers{${name}}`,
);
