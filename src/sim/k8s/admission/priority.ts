/**
 * Priority admission: resolves spec.priorityClassName to spec.priority (0 when unnamed and no
 * global default exists) and rejects unknown classes with upstream's message.
 */

import { ok } from "../../core/status.ts";
import type { ObjectStore } from "../../core/store.ts";
import type { KObject } from "../api/object.ts";
import type { AdmissionPlugin } from "./index.ts";
import { admissionForbidden } from "./index.ts";

const PRIORITY_CLASSES = "priorityclasses.scheduling.k8s.io";

/**
 * The global default class: of several, the first by name, as a sorted list would find it.
 * Read from the store unsorted, since every pod created asks.
 */
function globalDefault(store: ObjectStore): KObject | undefined {
  let found: KObject | undefined;
  for (const c of store.objects(PRIORITY_CLASSES, "")) {
    if (c.globalDefault === true && (found === undefined || (c.metadata.name ?? "") < (found.metadata.name ?? ""))) {
      found = c;
    }
  }
  return found;
}

export const priority: AdmissionPlugin = (op, t, pod, _old, api) => {
  if (op !== "CREATE" || t.kind !== "Pod") return ok(undefined);
  const spec = pod.spec ?? {};
  const className: string | undefined = spec.priorityClassName;
  if (!className) {
    const global = globalDefault(api.store);
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
  const pc = api.store.get(PRIORITY_CLASSES, "", className);
  if (!pc) {
    return admissionForbidden(t, pod.metadata.name ?? "", `no PriorityClass with name ${className} was found`);
  }
  spec.priority = pc.value;
  if (pc.preemptionPolicy) spec.preemptionPolicy = pc.preemptionPolicy;
  pod.spec = spec;
  return ok(undefined);
};
