/**
 * http checks: a request as a student would make it, with curl, on a fork of the final state
 * (a request can move a Service's load-balancing position; the graded state stays as it was):
 *   from a node (default: the control plane)    curl -sSv URL
 *   from inside a pod                           kubectl exec -n NS POD -- curl -sSv URL
 * `-S` keeps curl's error message despite `-s`; `-v` puts the status line on stderr (`< HTTP/1.1 200 OK`) and the body on stdout. The
 * answering pod is read from the body: the textbook's hostname images answer with the pod's
 * name, so `backend` (a pod name or prefix, or a Service whose pods may answer) is checked
 * against the longest pod name the body contains.
 *
 *   GET http://web.default.svc from k8s-m answered 200 from pod web-7d4b9-x2k8p
 *   curl http://10.96.0.20 from k8s-m failed: curl: (7) Failed to connect to ...; expected status 200
 */
import type { Simulation } from "../../cli/simulation.ts";
import type { KObject } from "../../sim/k8s/api/object.ts";
import type { Check, CheckResult } from "../types.ts";
import { adminHost, type CheckContext, fail, pass, tryFork } from "./context.ts";
import { podsOf } from "./lookup.ts";
import { clip } from "./text.ts";

export type HttpCheck = Extract<Check, { kind: "http" }>;

const STATUS_LINE = /^< HTTP\/[\d.]+ (\d{3})/m;

export function evaluateHttp(check: HttpCheck, ctx: CheckContext): CheckResult {
  const forked = tryFork(ctx);
  if (!forked.ok) return forked.result;
  const sim = forked.sim;
  const url = check.url;
  const quoted = shellQuote(url);
  let from: string;
  let result: { stdout: string; stderr: string; exitCode: number };
  if (check.from?.pod) {
    const ns = check.from.namespace ?? "default";
    from = `pod ${check.from.pod}`;
    result = adminHost(sim).shell.exec(
      `kubectl exec -n ${shellQuote(ns)} ${shellQuote(check.from.pod)} -- curl -sSv ${quoted}`,
    );
  } else {
    const nodeName = check.from?.node ?? adminHost(sim).name;
    const host = sim.hosts.get(nodeName);
    if (!host) return fail(`the lab asks for a request from node ${nodeName}, which is not in the cluster`);
    from = nodeName;
    result = host.shell.exec(`curl -sSv ${quoted}`);
  }
  if (/curl: command not found/.test(result.stderr)) {
    return fail(`the grader cannot send the request: there is no curl on ${from} in this simulation`);
  }
  const status = STATUS_LINE.exec(result.stderr);
  if (result.exitCode !== 0 || !status) {
    const err = lastErrorLine(result.stderr) || `exit code ${result.exitCode}`;
    const wanted = check.status !== undefined ? `; expected status ${check.status}` : "; expected an answer";
    return fail(`curl ${url} from ${from} failed: ${err}${wanted}`);
  }
  const code = Number(status[1]);
  const body = result.stdout;
  const pod = answeringPod(sim, body);
  const answered = `GET ${url} from ${from} answered ${code}${pod ? ` from pod ${pod.metadata.name}` : ""}`;
  const problems: string[] = [];
  if (check.status !== undefined && code !== Number(check.status)) problems.push(`expected status ${check.status}`);
  if (check.bodyContains !== undefined && !body.includes(String(check.bodyContains))) {
    problems.push(
      `the body ${body.trim() ? `(${JSON.stringify(clip(body.trim(), 80))})` : "(empty)"} does not contain ${JSON.stringify(check.bodyContains)}`,
    );
  }
  if (check.backend !== undefined) {
    const backend = String(check.backend);
    if (!pod) problems.push(`expected pod ${backend} to answer, but the response does not name the pod that answered`);
    else if (!isBackend(sim, pod, backend, check.from?.namespace)) problems.push(`expected ${backend} to answer`);
  }
  return problems.length ? fail(`${answered}; ${problems.join("; ")}`) : pass(answered);
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9@%_+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** curl's own error (`curl: (7) Failed to connect ...`), else the last line that is not verbose tracing. */
function lastErrorLine(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.trim() && !/^[*<>{}]/.test(l));
  const curl = lines.filter((l) => l.startsWith("curl: "));
  return clip(curl[curl.length - 1] ?? lines[lines.length - 1] ?? "");
}

/** The pod whose name the body contains (the longest, so `web-1` does not hide `web-10`). */
function answeringPod(sim: Simulation, body: string): KObject | undefined {
  let best: KObject | undefined;
  for (const p of sim.cluster.store.list("pods")) {
    const name = p.metadata.name ?? "";
    if (name && body.includes(name) && (!best || name.length > (best.metadata.name ?? "").length)) best = p;
  }
  return best;
}

/** A pod name, a name prefix (`web` for `web-7d4b9-x2k8p`), or a Service selecting the pod. */
function isBackend(sim: Simulation, pod: KObject, backend: string, namespace: string | undefined): boolean {
  const name = pod.metadata.name ?? "";
  if (name === backend || name.startsWith(`${backend}-`)) return true;
  const ns = pod.metadata.namespace ?? "default";
  const svc =
    sim.cluster.store.get("services", namespace ?? ns, backend) ?? sim.cluster.store.get("services", ns, backend);
  return (
    svc !== undefined && podsOf(sim.cluster, svc).some((p) => p.metadata.name === name && p.metadata.namespace === ns)
  );
}
