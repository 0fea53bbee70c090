/**
 * Rows for the workload controllers (Deployment, ReplicaSet, ReplicationController, DaemonSet,
 * StatefulSet, Job, CronJob), ControllerRevision, HorizontalPodAutoscaler and PDB.
 *
 * Version differences (kubernetes PRs): Job gained a STATUS column and CronJob a TIMEZONE column
 * in 1.30 (#123226, #122231); HPA TARGETS name the resource ("cpu: 40%/80%") since 1.30 (#122804).
 */
import type { KObject } from "../../../../sim/k8s/api/object.ts";
import { humanDuration, parseTimestamp, translateTimestampSince } from "../age.ts";
import { ageCol, type Column, col, type KindPrinter, nameCol, wideCol } from "../columns.ts";
import {
  formatLabelSelector,
  formatLabels,
  intOrString,
  type Json,
  layoutContainerCells,
  selectorString,
} from "../format.ts";
import { canonicalQuantity } from "../quantity.ts";

const n = (v: unknown): string => String(typeof v === "number" ? v : 0);
const age = (o: KObject, now: number): string => translateTimestampSince(o.metadata.creationTimestamp, now);
const templateWide = (o: KObject, selector: string): string[] => [
  ...layoutContainerCells(o.spec?.template?.spec?.containers),
  selector,
];

export const deploymentPrinter: KindPrinter = {
  columns: () => [
    nameCol,
    col("Ready"),
    col("Up-to-date"),
    col("Available"),
    ageCol,
    wideCol("Containers"),
    wideCol("Images"),
    wideCol("Selector"),
  ],
  row: (d, opts) => [
    d.metadata.name ?? "",
    `${n(d.status?.readyReplicas)}/${n(d.spec?.replicas)}`,
    n(d.status?.updatedReplicas),
    n(d.status?.availableReplicas),
    age(d, opts.now),
    ...templateWide(d, selectorString(d.spec?.selector)),
  ],
};

const replicaColumns = (): Column[] => [
  nameCol,
  col("Desired"),
  col("Current"),
  col("Ready"),
  ageCol,
  wideCol("Containers"),
  wideCol("Images"),
  wideCol("Selector"),
];

export const replicaSetPrinter: KindPrinter = {
  columns: replicaColumns,
  row: (rs, opts) => [
    rs.metadata.name ?? "",
    n(rs.spec?.replicas),
    n(rs.status?.replicas),
    n(rs.status?.readyReplicas),
    age(rs, opts.now),
    ...templateWide(rs, formatLabelSelector(rs.spec?.selector)),
  ],
};

export const replicationControllerPrinter: KindPrinter = {
  columns: replicaColumns,
  row: (rc, opts) => [
    rc.metadata.name ?? "",
    n(rc.spec?.replicas),
    n(rc.status?.replicas),
    n(rc.status?.readyReplicas),
    age(rc, opts.now),
    ...templateWide(rc, formatLabels(rc.spec?.selector)),
  ],
};

export const daemonSetPrinter: KindPrinter = {
  columns: () => [
    nameCol,
    col("Desired"),
    col("Current"),
    col("Ready"),
    col("Up-to-date"),
    col("Available"),
    col("Node Selector"),
    ageCol,
    wideCol("Containers"),
    wideCol("Images"),
    wideCol("Selector"),
  ],
  row: (ds, opts) => [
    ds.metadata.name ?? "",
    n(ds.status?.desiredNumberScheduled),
    n(ds.status?.currentNumberScheduled),
    n(ds.status?.numberReady),
    n(ds.status?.updatedNumberScheduled),
    n(ds.status?.numberAvailable),
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    age(ds, opts.now),
    ...templateWide(ds, formatLabelSelector(ds.spec?.selector)),
  ],
};

export const statefulSetPrinter: KindPrinter = {
  columns: () => [nameCol, col("Ready"), ageCol, wideCol("Containers"), wideCol("Images")],
  row: (ss, opts) => [
    ss.metadata.name ?? "",
    `${n(ss.status?.readyReplicas)}/${n(ss.spec?.replicas)}`,
    age(ss, opts.now),
    ...layoutContainerCells(ss.spec?.template?.spec?.containers),
  ],
};

const hasCondition = (conds: Json[] | undefined, type: string): boolean => {
  const c = (conds ?? []).find((x) => x.type === type);
  return c?.status === "True";
};

export function jobStatus(job: KObject): string {
  const conds = job.status?.conditions;
  if (hasCondition(conds, "Complete")) return "Complete";
  if (hasCondition(conds, "Failed")) return "Failed";
  if (job.metadata.deletionTimestamp) return "Terminating";
  if (hasCondition(conds, "Suspended")) return "Suspended";
  if (hasCondition(conds, "FailureTarget")) return "FailureTarget";
  return "Running";
}

export const jobPrinter: KindPrinter = {
  columns: (minor) => [
    nameCol,
    ...(minor >= 30 ? [col("Status")] : []),
    col("Completions"),
    col("Duration"),
    ageCol,
    wideCol("Containers"),
    wideCol("Images"),
    wideCol("Selector"),
  ],
  row: (job, opts) => {
    const spec = job.spec ?? {};
    const succeeded = n(job.status?.succeeded);
    let completions: string;
    if (typeof spec.completions === "number") completions = `${succeeded}/${spec.completions}`;
    else if ((spec.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${spec.parallelism}`;
    else completions = `${succeeded}/1`;
    const start = parseTimestamp(job.status?.startTime);
    const end = parseTimestamp(job.status?.completionTime);
    let duration = "";
    if (start !== undefined) duration = humanDuration((end ?? opts.now) - start);
    return [
      job.metadata.name ?? "",
      ...(opts.minor >= 30 ? [jobStatus(job)] : []),
      completions,
      duration,
      age(job, opts.now),
      ...templateWide(job, formatLabelSelector(spec.selector)),
    ];
  },
};

const boolPtr = (v: unknown): string => (v === true ? "True" : v === false ? "False" : "<unset>");

export const cronJobPrinter: KindPrinter = {
  columns: (minor) => [
    nameCol,
    col("Schedule"),
    ...(minor >= 30 ? [col("Timezone")] : []),
    col("Suspend"),
    col("Active"),
    col("Last Schedule"),
    ageCol,
    wideCol("Containers"),
    wideCol("Images"),
    wideCol("Selector"),
  ],
  row: (cj, opts) => {
    const spec = cj.spec ?? {};
    const last = cj.status?.lastScheduleTime ? translateTimestampSince(cj.status.lastScheduleTime, opts.now) : "<none>";
    const jobSpec = spec.jobTemplate?.spec ?? {};
    return [
      cj.metadata.name ?? "",
      spec.schedule ?? "",
      ...(opts.minor >= 30 ? [spec.timeZone ?? "<none>"] : []),
      boolPtr(spec.suspend),
      String((cj.status?.active ?? []).length),
      last,
      age(cj, opts.now),
      ...layoutContainerCells(jobSpec.template?.spec?.containers),
      formatLabelSelector(jobSpec.selector),
    ];
  },
};

export const controllerRevisionPrinter: KindPrinter = {
  columns: () => [nameCol, col("Controller"), col("Revision"), ageCol],
  row: (cr, opts) => {
    const ref = cr.metadata.ownerReferences?.find((r) => r.controller === true);
    let controller = "<none>";
    if (ref) {
      const slash = ref.apiVersion.indexOf("/");
      const group = slash < 0 ? "" : ref.apiVersion.slice(0, slash);
      controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
    }
    return [cr.metadata.name ?? "", controller, n(cr.revision), age(cr, opts.now)];
  },
};

export const podDisruptionBudgetPrinter: KindPrinter = {
  columns: () => [nameCol, col("Min Available"), col("Max Unavailable"), col("Allowed Disruptions"), ageCol],
  row: (pdb, opts) => [
    pdb.metadata.name ?? "",
    pdb.spec?.minAvailable !== undefined ? intOrString(pdb.spec.minAvailable) : "N/A",
    pdb.spec?.maxUnavailable !== undefined ? intOrString(pdb.spec.maxUnavailable) : "N/A",
    n(pdb.status?.disruptionsAllowed),
    age(pdb, opts.now),
  ],
};

/** HPA metrics as the internal (v2) type sees them; autoscaling/v1 objects are converted. */
function hpaMetrics(hpa: KObject): { specs: Json[]; statuses: Json[] } {
  const spec = hpa.spec ?? {};
  if (Array.isArray(spec.metrics)) return { specs: spec.metrics, statuses: hpa.status?.currentMetrics ?? [] };
  if (typeof spec.targetCPUUtilizationPercentage === "number") {
    const current = hpa.status?.currentCPUUtilizationPercentage;
    return {
      specs: [
        {
          type: "Resource",
          resource: {
            name: "cpu",
            target: { type: "Utilization", averageUtilization: spec.targetCPUUtilizationPercentage },
          },
        },
      ],
      statuses:
        typeof current === "number"
          ? [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: current } } }]
          : [],
    };
  }
  return { specs: [], statuses: [] };
}

/** formatHPAMetrics: at most two metrics, then " + N more...". */
function formatHPAMetrics(hpa: KObject, minor: number): string {
  const { specs, statuses } = hpaMetrics(hpa);
  if (specs.length === 0) return "<none>";
  const named = (name: string, text: string): string => (minor >= 30 ? `${name}: ${text}` : text);
  const q = (v: unknown): string => canonicalQuantity(v);
  const list: string[] = [];
  specs.forEach((s, i) => {
    const st = statuses[i];
    switch (s.type) {
      case "External": {
        const avg = s.external?.target?.averageValue;
        if (avg !== undefined) {
          const cur = st?.external?.current?.averageValue;
          list.push(`${cur !== undefined ? q(cur) : "<unknown>"}/${q(avg)} (avg)`);
        } else {
          const cur = st?.external ? q(st.external.current?.value) : "<unknown>";
          list.push(`${cur}/${q(s.external?.target?.value)}`);
        }
        break;
      }
      case "Pods": {
        const cur = st?.pods ? q(st.pods.current?.averageValue) : "<unknown>";
        list.push(`${cur}/${q(s.pods?.target?.averageValue)}`);
        break;
      }
      case "Object": {
        const avg = s.object?.target?.averageValue;
        if (avg !== undefined) {
          const cur = st?.object?.current?.averageValue;
          list.push(`${cur !== undefined ? q(cur) : "<unknown>"}/${q(avg)} (avg)`);
        } else {
          const cur = st?.object ? q(st.object.current?.value) : "<unknown>";
          list.push(`${cur}/${q(s.object?.target?.value)}`);
        }
        break;
      }
      case "Resource":
      case "ContainerResource": {
        const r = s.type === "Resource" ? s.resource : s.containerResource;
        const cr = s.type === "Resource" ? st?.resource : st?.containerResource;
        const name = r?.name ?? "";
        if (r?.target?.averageValue !== undefined) {
          const cur = cr ? q(cr.current?.averageValue) : "<unknown>";
          list.push(named(name, `${cur}/${q(r.target.averageValue)}`));
        } else {
          const util = cr?.current?.averageUtilization;
          const cur = typeof util === "number" ? `${util}%` : "<unknown>";
          const target =
            typeof r?.target?.averageUtilization === "number" ? `${r.target.averageUtilization}%` : "<auto>";
          list.push(named(name, `${cur}/${target}`));
        }
        break;
      }
      default:
        list.push("<unknown type>");
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(", ")} + ${list.length - max} more...`;
  return list.join(", ");
}

export const horizontalPodAutoscalerPrinter: KindPrinter = {
  columns: () => [nameCol, col("Reference"), col("Targets"), col("MinPods"), col("MaxPods"), col("Replicas"), ageCol],
  row: (hpa, opts) => {
    const spec = hpa.spec ?? {};
    return [
      hpa.metadata.name ?? "",
      `${spec.scaleTargetRef?.kind ?? ""}/${spec.scaleTargetRef?.name ?? ""}`,
      formatHPAMetrics(hpa, opts.minor),
      typeof spec.minReplicas === "number" ? String(spec.minReplicas) : "<unset>",
      n(spec.maxReplicas),
      n(hpa.status?.currentReplicas),
      age(hpa, opts.now),
    ];
  },
};
