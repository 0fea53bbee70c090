/**
 * Priority admission: resolves spec.priorityClassName to spec.priority (0 when unnamed and no
 * global default exists) and rejects unknown classes with upstream's message.
 */
import { ok } from "../../core/status.ts";
import type { AdmissionPlugin } from "./index.ts";
import { admissionForbidden } from "./index.ts";

export const priority: AdmissionPlugin = (op, t, pod, _old, api) => {
  if (op !== "CREATE" || t.kind !== "Pod") return ok(undefined);
  const spec = pod.spec ?? {};
  const className: string | undefined = spec.priorityClassName;
  const classes = api.store.list("priorityclasses.scheduling.k8s.io");
  if (!className) {
    const global = classes.find((c) => c.globalDefault === true);
    if (global) {
      spec.priorityClassName = global.metadata.name;
      spec.priority = global.value;
      if (global.preemptionPolicy) spec.preemptionPolicy = global.preemptionPolicy;
    } else {
      spec.priority ??= 0;
    }
    pod.spec = spec;
    return ok(undefined);
  }
  const pc = classes.find((c) => c.metadata.name === className);
  if (!pc) {
    return admissionForbidden(t, pod.metadata.name ?? "", `no PriorityClass with name ${className} was found`);
  }
  spec.priority = pc.value;
  if (pc.preemptionPolicy) spec.preemptionPolicy = pc.preemptionPolicy;
  pod.spec = spec;
  return ok(undefined);
};
