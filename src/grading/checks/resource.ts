/**
 * resource checks: an object exists (or not) and has the expected field values.
 *
 *   deployment "web" has spec.replicas 2; expected 3
 *   no deployment named "web" in namespace default (found: api, db)
 *   pod "my-pod" has status.phase Pending; expected Running; pod "my-pod" is Pending: 0/4 nodes
 *     are available: ...
 *
 * Without a name the check asks whether any object of the type (in the namespace) has the
 * fields. A failing check about a pod, or about the status of a workload, adds why the pod
 * (or the workload's first pod that is not Ready) is not running.
 */
import type { KObject } from "../../sim/k8s/api/object.ts";
import type { ResourceType } from "../../sim/k8s/api/resources.ts";
import type { Cluster } from "../../sim/k8s/cluster.ts";
import type { Check, CheckResult, FieldMatcher } from "../types.ts";
import { type CheckContext, fail, pass } from "./context.ts";
import {
  countWords,
  kindWord,
  kindWords,
  listObjects,
  lookupType,
  namespaceOf,
  objectWords,
  podsOf,
  whereWords,
} from "./lookup.ts";
import { evaluateMatchers } from "./matchers.ts";
import { diagnosePod, isPodReady } from "./pod-diagnosis.ts";
import { listSome, sorted } from "./text.ts";

export type ResourceCheck = Extract<Check, { kind: "resource" }>;

export function evaluateResource(check: ResourceCheck, ctx: CheckContext): CheckResult {
  const cluster = ctx.sim.cluster;
  const found = lookupType(cluster, check.resource);
  if (!found.ok) return fail(found.error);
  const t = found.type;
  const ns = namespaceOf(t, check.namespace);
  const fields = check.fields ?? [];
  const wantExists = check.exists ?? true;
  return check.name ? named(cluster, t, ns, check.name, fields, wantExists) : anyOf(cluster, t, ns, fields, wantExists);
}

function named(
  cluster: Cluster,
  t: ResourceType,
  ns: string | undefined,
  name: string,
  fields: FieldMatcher[],
  wantExists: boolean,
): CheckResult {
  const where = whereWords(t, ns);
  const obj = listObjects(cluster, t, ns).find((o) => o.metadata.name === name);
  if (!obj) {
    const missing = `no ${kindWord(t)} named "${name}"${where}`;
    if (!wantExists) return pass(missing);
    const others = sorted(listObjects(cluster, t, ns).map((o) => o.metadata.name ?? ""));
    let text = `${missing} (found: ${others.length ? listSome(others) : "none"})`;
    if (t.namespaced && ns !== undefined) {
      const elsewhere = sorted(
        listObjects(cluster, t, undefined)
          .filter((o) => o.metadata.name === name)
          .map((o) => o.metadata.namespace ?? ""),
      );
      if (elsewhere.length) text += `; there is one in namespace ${listSome(elsewhere)}`;
    }
    return fail(text);
  }
  const terminating = obj.metadata.deletionTimestamp ? " (it is being deleted)" : "";
  if (!wantExists) return fail(`${objectWords(t, obj)} exists${where}${terminating}; expected it to be absent`);
  const r = evaluateMatchers(obj, fields);
  if (!r.passed) {
    if (r.failure.error) return fail(r.failure.error);
    const failedPath = fields.find((f) => r.failure.found.includes(` ${f.path}`))?.path ?? "";
    const why = diagnosis(cluster, obj, failedPath);
    return fail(`${objectWords(t, obj)} ${r.failure.found}; ${r.failure.expected}${why ? `; ${why}` : ""}`);
  }
  return pass(`${objectWords(t, obj)} exists${where}${r.found.length ? ` and ${r.found.join(", ")}` : ""}`);
}

function anyOf(
  cluster: Cluster,
  t: ResourceType,
  ns: string | undefined,
  fields: FieldMatcher[],
  wantExists: boolean,
): CheckResult {
  const where = whereWords(t, ns);
  const objs = listObjects(cluster, t, ns);
  const matching = objs.filter((o) => evaluateMatchers(o, fields).passed);
  const names = (os: KObject[]) => listSome(os.map((o) => o.metadata.name ?? ""));
  if (!wantExists) {
    if (matching.length === 0) {
      return pass(
        fields.length
          ? `no ${kindWord(t)}${where} has the fields the check forbids`
          : `there are no ${kindWords(t)}${where}`,
      );
    }
    return fail(`found ${countWords(matching.length, t)}${where} (${names(matching)}); expected none`);
  }
  if (objs.length === 0) return fail(`there are no ${kindWords(t)}${where}`);
  if (matching.length > 0) {
    const r = evaluateMatchers(matching[0], fields);
    const detail = r.passed && r.found.length ? ` ${r.found.join(", ")}` : " exists";
    return pass(`${objectWords(t, matching[0])}${detail}${where}`);
  }
  const failures = objs.map((o) => {
    const r = evaluateMatchers(o, fields);
    return r.passed ? undefined : { name: o.metadata.name ?? "", ...r.failure };
  });
  const first = failures.find((f) => f !== undefined)!;
  if (first.error) return fail(first.error);
  const shown = listSome(failures.filter((f) => f !== undefined).map((f) => `${f.name} ${f.found}`));
  return fail(`no ${kindWord(t)}${where} matches: ${shown}; ${first.expected}`);
}

/** Why a pod is not running, for checks about a pod or about a workload's status. */
function diagnosis(cluster: Cluster, obj: KObject, failedPath: string): string | undefined {
  if (obj.kind === "Pod") return diagnosePod(cluster, obj);
  if (obj.kind === "Service" || !failedPath.startsWith("status")) return undefined;
  const pods = podsOf(cluster, obj);
  if (pods.length === 0) return undefined;
  const notReady = pods.find((p) => !isPodReady(p));
  return notReady ? diagnosePod(cluster, notReady) : undefined;
}
