/**
 * `kubectl describe` for Deployment, ReplicaSet, DaemonSet and Job.
 *
 * Deployment's OldReplicaSets lists only old ReplicaSets that still have replicas before 1.27,
 * and every old ReplicaSet of the deployment since (kubernetes PR #113083); since then both lines
 * are printed only when the deployment has any ReplicaSet.
 */
import { clone, jsonEqual, type KObject } from "../../../sim/k8s/api/object.ts";
import { formatRFC1123Z, humanDuration, parseTimestamp } from "../printers/age.ts";
import { formatLabels, intOrString, type Json, selectorString } from "../printers/format.ts";
import {
  controlledBy,
  type DescribeContext,
  describeEvents,
  podStatusCounts,
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
} from "./common.ts";
import { describePodTemplate } from "./containers.ts";
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from "./writer.ts";

const num = (v: unknown): number => (typeof v === "number" ? v : 0);

function templateWithoutHash(t: Json): Json {
  const copy = clone(t ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels["pod-template-hash"];
  return copy;
}

/** FindNewReplicaSet / FindOldReplicaSets over the ReplicaSets the deployment controls. */
export function deploymentReplicaSets(
  d: KObject,
  ctx: DescribeContext,
): { all: KObject[]; newRS?: KObject; old: KObject[] } {
  const all = controlledBy(ctx.list("replicasets.apps", d.metadata.namespace), d).sort(
    (a, b) =>
      (parseTimestamp(a.metadata.creationTimestamp) ?? 0) - (parseTimestamp(b.metadata.creationTimestamp) ?? 0) ||
      (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""),
  );
  const want = templateWithoutHash(d.spec?.template);
  const newRS = all.find((rs) => jsonEqual(templateWithoutHash(rs.spec?.template), want));
  const old = all.filter((rs) => rs !== newRS);
  return { all, newRS, old };
}

function replicaSetsByLabels(list: KObject[]): string {
  if (list.length === 0) return "<none>";
  return list
    .map((rs) => `${rs.metadata.name} (${num(rs.status?.replicas)}/${num(rs.spec?.replicas)} replicas created)`)
    .join(", ");
}

function printConditions(w: PrefixWriter, conditions: Json[] | undefined): void {
  if ((conditions ?? []).length === 0) return;
  w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(LEVEL_1, "----\t------\t------\n");
  for (const c of conditions ?? []) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
}

export function describeDeployment(d: KObject, ctx: DescribeContext): string {
  const spec = d.spec ?? {};
  const status = d.status ?? {};
  const { all, newRS, old } = deploymentReplicaSets(d, ctx);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", d.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${num(spec.replicas)} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | ${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${num(spec.minReadySeconds)}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) {
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    }
    describePodTemplate(spec.template, w, ctx);
    printConditions(w, status.conditions);
    const newList = newRS ? [newRS] : [];
    if (ctx.minor >= 27) {
      if (all.length > 0) {
        w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsByLabels(old)}\n`);
        w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsByLabels(newList)}\n`);
      }
    } else {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsByLabels(old.filter((rs) => num(rs.spec?.replicas) !== 0))}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsByLabels(newList)}\n`);
    }
    describeEvents(ctx.events(d), w, ctx);
  });
}

export function describeReplicaSet(rs: KObject, ctx: DescribeContext): string {
  const [running, waiting, succeeded, failed] = podStatusCounts(ctx.list("pods", rs.metadata.namespace), rs);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ""}\n`);
    const sel = selectorString(rs.spec?.selector);
    w.write(LEVEL_0, `Selector:\t${sel === "" ? "<none>" : sel}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata.annotations);
    const controller = printController(rs);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
    w.write(LEVEL_0, `Replicas:\t${num(rs.status?.replicas)} current / ${num(rs.spec?.replicas)} desired\n`);
    w.write(LEVEL_0, "Pods Status:\t");
    w.write(LEVEL_0, `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(rs.spec?.template, w, ctx);
    printConditions(w, rs.status?.conditions);
    describeEvents(ctx.events(rs), w, ctx);
  });
}

export function describeDaemonSet(ds: KObject, ctx: DescribeContext): string {
  const [running, waiting, succeeded, failed] = podStatusCounts(ctx.list("pods", ds.metadata.namespace), ds);
  const s = ds.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, "Labels", ds.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${num(s.desiredNumberScheduled)}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${num(s.currentNumberScheduled)}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${num(s.updatedNumberScheduled)}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${num(s.numberAvailable)}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${num(s.numberMisscheduled)}\n`);
    w.write(
      LEVEL_0,
      `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`,
    );
    describePodTemplate(ds.spec?.template, w, ctx);
    describeEvents(ctx.events(ds), w, ctx);
  });
}

export function describeJob(job: KObject, ctx: DescribeContext): string {
  const spec = job.spec ?? {};
  const status = job.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", job.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", job.metadata.annotations);
    const controller = printController(job);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
    if (typeof spec.parallelism === "number") w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${typeof spec.completions === "number" ? spec.completions : "<unset>"}\n`);
    if (spec.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (ctx.minor >= 30 && typeof spec.suspend === "boolean") w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (ctx.minor >= 30 && typeof spec.backoffLimit === "number")
      w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (typeof spec.ttlSecondsAfterFinished === "number")
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${formatRFC1123Z(status.completionTime)}\n`);
    const start = parseTimestamp(status.startTime);
    const end = parseTimestamp(status.completionTime);
    if (start !== undefined && end !== undefined) w.write(LEVEL_0, `Duration:\t${humanDuration(end - start)}\n`);
    if (typeof spec.activeDeadlineSeconds === "number")
      w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    if (typeof status.ready === "number") {
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${num(status.active)} Active (${status.ready} Ready) / ${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed\n`,
      );
    } else {
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${num(status.active)} Active / ${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed\n`,
      );
    }
    if (spec.completionMode === "Indexed")
      w.write(LEVEL_0, `Completed Indexes:\t${status.completedIndexes || "<none>"}\n`);
    describePodTemplate(spec.template, w, ctx);
    describeEvents(ctx.events(job), w, ctx);
  });
}
