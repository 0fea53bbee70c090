/**
 * Admission: the mutating and validating plugins a kubeadm API server runs by default, in
 * their upstream order. Each plugin is `(op, type, obj, old, api) => Result<void>`.
 */
import { fail, forbidden, ok, type Result } from "../../core/status.ts";
import type { KObject } from "../api/object.ts";
import { qualifiedResource, type ResourceType } from "../api/resources.ts";
import type { ApiServer } from "../apiserver.ts";
import { defaultTolerationSeconds } from "./default-toleration-seconds.ts";
import { priority } from "./priority.ts";
import { serviceAccount } from "./service-account.ts";

export type Operation = "CREATE" | "UPDATE";

export type AdmissionPlugin = (
  op: Operation,
  t: ResourceType,
  obj: KObject,
  old: KObject | undefined,
  api: ApiServer,
) => Result<void>;

const plugins: AdmissionPlugin[] = [serviceAccount, defaultTolerationSeconds, priority];

/** Lets later parts of the simulation (LimitRanger, ResourceQuota) join the chain. */
export function registerAdmissionPlugin(p: AdmissionPlugin): void {
  if (!plugins.includes(p)) plugins.push(p);
}

export function runAdmission(
  op: Operation,
  t: ResourceType,
  obj: KObject,
  old: KObject | undefined,
  api: ApiServer,
): Result<void> {
  for (const p of plugins) {
    const r = p(op, t, obj, old, api);
    if (!r.ok) return r;
  }
  return ok(undefined);
}

export function admissionForbidden(t: ResourceType, name: string, why: string): Result<void> {
  return fail(forbidden(qualifiedResource(t), name, why));
}
