/**
 * Rows for Namespace, ConfigMap, Secret, ServiceAccount, RBAC bindings, Event, Lease,
 * PriorityClass, ResourceQuota, PersistentVolume(Claim) and StorageClass.
 *
 * Version differences: PV/PVC gained VOLUMEATTRIBUTESCLASS (1.29+); PriorityClass shows
 * PREEMPTIONPOLICY in the newer servers. ServiceAccount keeps SECRETS through 1.34.
 */
import type { KObject } from "../../../../sim/k8s/api/object.ts";
import { translateTimestampSince } from "../age.ts";
import { ageCol, col, type KindPrinter, nameCol, wideCol } from "../columns.ts";
import { byString, type Json } from "../format.ts";
import { canonicalQuantity } from "../quantity.ts";

const age = (o: KObject, now: number): string => translateTimestampSince(o.metadata.creationTimestamp, now);
const count = (m: unknown): number => (m && typeof m === "object" ? Object.keys(m).length : 0);

export const namespacePrinter: KindPrinter = {
  columns: () => [nameCol, col("Status"), ageCol],
  row: (ns, opts) => [ns.metadata.name ?? "", ns.status?.phase ?? "", age(ns, opts.now)],
};

export const configMapPrinter: KindPrinter = {
  columns: () => [nameCol, col("Data"), ageCol],
  row: (cm, opts) => [cm.metadata.name ?? "", String(count(cm.data) + count(cm.binaryData)), age(cm, opts.now)],
};

export const secretPrinter: KindPrinter = {
  columns: () => [nameCol, col("Type"), col("Data"), ageCol],
  row: (s, opts) => [s.metadata.name ?? "", s.type ?? "", String(count(s.data)), age(s, opts.now)],
};

export const serviceAccountPrinter: KindPrinter = {
  columns: () => [nameCol, col("Secrets"), ageCol],
  row: (sa, opts) => [sa.metadata.name ?? "", String((sa.secrets ?? []).length), age(sa, opts.now)],
};

/** SubjectsStrings: user names, group names and `namespace/name` of service accounts. */
export function subjectsStrings(subjects: Json[] | undefined): [string[], string[], string[]] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === "User") users.push(s.name);
    else if (s.kind === "Group") groups.push(s.name);
    else if (s.kind === "ServiceAccount") sas.push(`${s.namespace ?? ""}/${s.name}`);
  }
  return [users, groups, sas];
}

export const roleBindingPrinter: KindPrinter = {
  columns: () => [nameCol, col("Role"), ageCol, wideCol("Users"), wideCol("Groups"), wideCol("ServiceAccounts")],
  row: (rb, opts) => {
    const [users, groups, sas] = subjectsStrings(rb.subjects);
    return [
      rb.metadata.name ?? "",
      `${rb.roleRef?.kind ?? ""}/${rb.roleRef?.name ?? ""}`,
      age(rb, opts.now),
      users.join(", "),
      groups.join(", "),
      sas.join(", "),
    ];
  },
};

function eventSource(e: KObject): string {
  const component = e.source?.component || e.reportingController || "";
  const host = e.source?.host || e.reportingInstance || "";
  return host ? `${component}, ${host}` : component;
}

export const eventPrinter: KindPrinter = {
  columns: () => [
    col("Last Seen"),
    col("Type"),
    col("Reason"),
    col("Object"),
    wideCol("Subobject"),
    wideCol("Source"),
    col("Message"),
    wideCol("First Seen"),
    wideCol("Count"),
    { name: "Name", priority: 1, format: "name" },
  ],
  row: (e, opts) => {
    const first = e.firstTimestamp
      ? translateTimestampSince(e.firstTimestamp, opts.now)
      : translateTimestampSince(e.eventTime, opts.now);
    let last = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, opts.now) : first;
    let c: number = e.count ?? 0;
    if (e.series) {
      last = translateTimestampSince(e.series.lastObservedTime, opts.now);
      c = e.series.count ?? 0;
    } else if (c === 0) {
      c = 1;
    }
    const io = e.involvedObject ?? {};
    const target = io.name ? `${String(io.kind ?? "").toLowerCase()}/${io.name}` : String(io.kind ?? "").toLowerCase();
    return [
      last,
      e.type ?? "",
      e.reason ?? "",
      target,
      io.fieldPath ?? "",
      eventSource(e),
      String(e.message ?? "").trim(),
      first,
      String(c),
      e.metadata.name ?? "",
    ];
  },
};

export const leasePrinter: KindPrinter = {
  columns: () => [nameCol, col("Holder"), ageCol],
  row: (l, opts) => [l.metadata.name ?? "", l.spec?.holderIdentity ?? "", age(l, opts.now)],
};

export const priorityClassPrinter: KindPrinter = {
  columns: (minor) => [
    nameCol,
    col("Value"),
    col("Global-Default"),
    ageCol,
    ...(minor >= 27 ? [col("PreemptionPolicy")] : []),
  ],
  row: (pc, opts) => [
    pc.metadata.name ?? "",
    String(pc.value ?? 0),
    String(pc.globalDefault === true),
    age(pc, opts.now),
    ...(opts.minor >= 27 ? [pc.preemptionPolicy ?? ""] : []),
  ],
};

export const resourceQuotaPrinter: KindPrinter = {
  columns: () => [nameCol, ageCol, col("Request"), col("Limit")],
  row: (q, opts) => {
    const hard: Record<string, unknown> = q.status?.hard ?? {};
    const used: Record<string, unknown> = q.status?.used ?? {};
    const req: string[] = [];
    const lim: string[] = [];
    for (const r of Object.keys(hard).sort(byString)) {
      const text = `${r}: ${canonicalQuantity(used[r] ?? "0")}/${canonicalQuantity(hard[r])}`;
      const pieces = r.split(".");
      (pieces.length > 1 && pieces[0] === "limits" ? lim : req).push(text);
    }
    return [q.metadata.name ?? "", age(q, opts.now), req.join(", "), lim.join(", ")];
  },
};

/** GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order. */
export function accessModes(modes: string[] | undefined): string {
  const m = modes ?? [];
  const out: string[] = [];
  if (m.includes("ReadWriteOnce")) out.push("RWO");
  if (m.includes("ReadOnlyMany")) out.push("ROX");
  if (m.includes("ReadWriteMany")) out.push("RWX");
  if (m.includes("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

const storageClassOf = (o: KObject): string =>
  o.spec?.storageClassName ?? o.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";

export const persistentVolumePrinter: KindPrinter = {
  columns: (minor) => [
    nameCol,
    col("Capacity"),
    col("Access Modes"),
    col("Reclaim Policy"),
    col("Status"),
    col("Claim"),
    col("StorageClass"),
    ...(minor >= 29 ? [col("VolumeAttributesClass")] : []),
    col("Reason"),
    ageCol,
    wideCol("VolumeMode"),
  ],
  row: (pv, opts) => {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : "";
    return [
      pv.metadata.name ?? "",
      canonicalQuantity(spec.capacity?.storage ?? "0"),
      accessModes(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? "",
      pv.metadata.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? ""),
      claim,
      storageClassOf(pv),
      ...(opts.minor >= 29 ? [spec.volumeAttributesClassName ?? "<unset>"] : []),
      pv.status?.reason ?? "",
      age(pv, opts.now),
      spec.volumeMode ?? "<unset>",
    ];
  },
};

export const persistentVolumeClaimPrinter: KindPrinter = {
  columns: (minor) => [
    nameCol,
    col("Status"),
    col("Volume"),
    col("Capacity"),
    col("Access Modes"),
    col("StorageClass"),
    ...(minor >= 29 ? [col("VolumeAttributesClass")] : []),
    ageCol,
    wideCol("VolumeMode"),
  ],
  row: (pvc, opts) => {
    const spec = pvc.spec ?? {};
    const bound = !!spec.volumeName;
    return [
      pvc.metadata.name ?? "",
      pvc.metadata.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? ""),
      spec.volumeName ?? "",
      bound ? canonicalQuantity(pvc.status?.capacity?.storage ?? "0") : "",
      bound ? accessModes(pvc.status?.accessModes) : "",
      storageClassOf(pvc),
      ...(opts.minor >= 29 ? [spec.volumeAttributesClassName ?? "<unset>"] : []),
      age(pvc, opts.now),
      spec.volumeMode ?? "<unset>",
    ];
  },
};

export function isDefaultStorageClass(sc: KObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return (
    a["storageclass.kubernetes.io/is-default-class"] === "true" ||
    a["storageclass.beta.kubernetes.io/is-default-class"] === "true"
  );
}

export const storageClassPrinter: KindPrinter = {
  columns: () => [
    nameCol,
    col("Provisioner"),
    col("ReclaimPolicy"),
    col("VolumeBindingMode"),
    col("AllowVolumeExpansion"),
    ageCol,
  ],
  row: (sc, opts) => [
    (sc.metadata.name ?? "") + (isDefaultStorageClass(sc) ? " (default)" : ""),
    sc.provisioner ?? "",
    sc.reclaimPolicy ?? "Delete",
    sc.volumeBindingMode ?? "Immediate",
    String(sc.allowVolumeExpansion === true),
    age(sc, opts.now),
  ],
};
