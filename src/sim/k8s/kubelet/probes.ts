/**
 * Probes and lifecycle hooks (pkg/kubelet/prober, pkg/kubelet/lifecycle). A probe worker ticks
 * every periodSeconds from the container's start and skips ticks before initialDelaySeconds,
 * so the first probe runs at ceil(initialDelay / period) * period: initialDelaySeconds 10,
 * periodSeconds 5 -> first probe 10 s after the start, then 15 s, 20 s, ...
 * A result flips after successThreshold (readiness: to ready) or failureThreshold (to unready;
 * liveness/startup: kill and restart) consecutive results. Readiness starts unready, liveness
 * healthy; liveness and readiness wait for the startup probe to succeed.
 *
 * httpGet answers from the image's server (2xx/3xx succeed); a port nothing listens on is
 * refused. tcpSocket succeeds on a served port. exec runs the command in the container.
 * Failure messages are the prober's:
 *   Readiness probe failed: Get "http://10.244.1.5:8080/": dial tcp 10.244.1.5:8080: connect: connection refused
 *   Liveness probe failed: HTTP probe failed with statuscode: 404
 */
import { shellQuote } from "../../../cli/container/shell.ts";
import { runInContainer, serveHttp } from "./container-runtime.ts";
import type { Kubelet } from "./kubelet.ts";
import * as msg from "./messages.ts";
import type { Ctr, Json, PodRt, ProbeKind, ProbeState } from "./types.ts";

const KINDS: [ProbeKind, string][] = [
  ["startup", "startupProbe"],
  ["liveness", "livenessProbe"],
  ["readiness", "readinessProbe"],
];

const seconds = (v: unknown, d: number) => (typeof v === "number" ? v : d);

export function startProbes(c: Ctr, at: number): void {
  c.probes = [];
  for (const [kind, field] of KINDS) {
    const spec = c.spec[field];
    if (!spec) continue;
    const period = seconds(spec.periodSeconds, 10) * 1000;
    const delay = seconds(spec.initialDelaySeconds, 0) * 1000;
    c.probes.push({
      kind,
      spec,
      nextAt: at + Math.ceil(delay / period) * period,
      successes: 0,
      failures: 0,
      ok: kind === "readiness" ? false : kind === "liveness" ? true : undefined,
    });
  }
}

/** Runs every probe due up to `upTo`; returns the next probe time. */
export function runProbes(k: Kubelet, p: PodRt, c: Ctr, upTo: number): number | undefined {
  const startup = c.probes.find((x) => x.kind === "startup");
  for (;;) {
    if (c.state !== "running") return undefined;
    let due: ProbeState | undefined;
    for (const pr of c.probes) {
      if (pr.kind !== "startup" && startup && startup.ok !== true) continue;
      if (pr.kind === "startup" && pr.ok === true) continue;
      if (pr.nextAt <= upTo && (!due || pr.nextAt < due.nextAt)) due = pr;
    }
    if (!due) break;
    const at = due.nextAt;
    due.nextAt += seconds(due.spec.periodSeconds, 10) * 1000;
    probeOnce(k, p, c, due, at);
  }
  let next: number | undefined;
  for (const pr of c.probes) {
    if (pr.kind !== "startup" && startup && startup.ok !== true) continue;
    if (pr.kind === "startup" && pr.ok === true) continue;
    if (next === undefined || pr.nextAt < next) next = pr.nextAt;
  }
  return next;
}

function probeOnce(k: Kubelet, p: PodRt, c: Ctr, pr: ProbeState, at: number): void {
  const r = evaluate(k, p, c, pr.spec, at);
  const label = pr.kind === "startup" ? "Startup" : pr.kind === "liveness" ? "Liveness" : "Readiness";
  if (r.ok) {
    pr.failures = 0;
    pr.successes++;
    if (pr.successes >= seconds(pr.spec.successThreshold, 1) || pr.kind !== "readiness") pr.ok = true;
  } else {
    pr.successes = 0;
    pr.failures++;
    record(k, p, c, "Warning", "Unhealthy", `${label} probe failed: ${r.message}`, at);
    if (pr.failures >= seconds(pr.spec.failureThreshold, 3)) pr.ok = false;
  }
  if (pr.kind === "readiness") c.ready = pr.ok === true;
  if (pr.kind === "startup" && pr.ok === true) {
    c.started = true;
    c.ready = !c.probes.some((x) => x.kind === "readiness");
    for (const other of c.probes) if (other.kind !== "startup") other.nextAt = Math.max(other.nextAt, at);
  }
  if ((pr.kind === "liveness" || pr.kind === "startup") && pr.ok === false && c.current) {
    record(
      k,
      p,
      c,
      "Normal",
      "Killing",
      pr.kind === "liveness" ? msg.livenessKill(c.name) : msg.startupKill(c.name),
      at,
    );
    const inst = c.current;
    const grace = seconds(
      pr.spec.terminationGracePeriodSeconds,
      seconds(p.pod.spec?.terminationGracePeriodSeconds, 30),
    );
    const stopAt = inst.program.stopsOnSigterm ? at + 100 : at + grace * 1000;
    inst.stopAt = stopAt;
    if (c.spec.lifecycle?.preStop) runHook(k, p, c, c.spec.lifecycle.preStop, at);
    // Further probes stop: the container is going away.
    for (const other of c.probes) other.nextAt = Number.POSITIVE_INFINITY;
  }
}

function record(k: Kubelet, p: PodRt, c: Ctr, type: "Normal" | "Warning", reason: string, message: string, at: number) {
  void at;
  const pod = k.cluster.store.get("pods", p.namespace, p.name) ?? p.pod;
  k.cluster.events.record(
    pod,
    type,
    reason,
    message,
    { component: msg.COMPONENT, host: p.node },
    msg.fieldPath(c.init, c.name),
  );
}

type Outcome = { ok: true } | { ok: false; message: string };

function portOf(c: Ctr, port: unknown): number {
  if (typeof port === "number") return port;
  const named = (c.spec.ports ?? []).find((x: Json) => x.name === port);
  return named ? named.containerPort : Number(port);
}

function evaluate(k: Kubelet, p: PodRt, c: Ctr, spec: Json, at: number): Outcome {
  const ip = p.ip ?? "";
  if (spec.httpGet) {
    const port = portOf(c, spec.httpGet.port);
    const path: string = spec.httpGet.path ?? "/";
    const host = spec.httpGet.host ?? ip;
    const scheme = String(spec.httpGet.scheme ?? "HTTP").toLowerCase();
    const r = serveHttp(k, p, port, {
      method: "GET",
      path,
      clientIP: k.node(p.node).ip,
      userAgent: `kube-probe/1.${k.minor}`,
      at,
    });
    if (!r.ok)
      return {
        ok: false,
        message: `Get "${scheme}://${host}:${port}${path}": dial tcp ${host}:${port}: connect: connection refused`,
      };
    if (r.answer.status >= 200 && r.answer.status < 400) return { ok: true };
    return { ok: false, message: `HTTP probe failed with statuscode: ${r.answer.status}` };
  }
  if (spec.tcpSocket || spec.grpc) {
    const port = portOf(c, spec.tcpSocket?.port ?? spec.grpc?.port);
    const served = p.ctrs.some((x) => x.state === "running" && x.current?.program.ports.includes(port));
    return served ? { ok: true } : { ok: false, message: `dial tcp ${ip}:${port}: connect: connection refused` };
  }
  if (spec.exec) {
    const r = runInContainer(k, p, c, { script: shellQuote(spec.exec.command ?? []), at });
    if (r.exitCode === 0) return { ok: true };
    return { ok: false, message: `${r.stdout}${r.stderr}`.trimEnd() };
  }
  return { ok: true };
}

/** postStart / preStop: exec hooks run in the container (their changes stay); httpGet hooks hit the server. */
export function runHook(k: Kubelet, p: PodRt, c: Ctr, hook: Json, at: number): void {
  if (hook.exec?.command) {
    const argv: string[] = hook.exec.command;
    // `nginx -s quit` has nothing to run here: the kubelet stops nginx gracefully on its own.
    if (argv.some((a) => /nginx/.test(a)) && argv.includes("-s")) return;
    runInContainer(k, p, c, { script: shellQuote(argv), at });
  } else if (hook.httpGet) {
    const port = portOf(c, hook.httpGet.port);
    serveHttp(k, p, port, {
      method: "GET",
      path: hook.httpGet.path ?? "/",
      clientIP: k.node(p.node).ip,
      userAgent: `kube-lifecycle/1.${k.minor}`,
      at,
    });
  }
}
