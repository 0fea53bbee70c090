/**
 * rollback.go: the deprecated server-side rollback. Before apps/v1 a client set
 * spec.rollbackTo; apps/v1 round-trips it as the `deprecated.deployment.rollback.to`
 * annotation. `kubectl rollout undo` no longer uses it (it patches the template itself), but a
 * manifest or an old client may still set it, and the controller still honours it:
 * revision 0 means the previous one; the template of that revision's ReplicaSet is copied
 * back (a new revision number follows on the next sync) and the annotation removed.
 */
import { clone, type KObject } from "../../api/object.ts";
import { type DeploymentContext, event, updateDeployment } from "./context.ts";
import { getAllReplicaSetsAndSyncRevision } from "./sync.ts";
import {
  equalIgnoreHash,
  LAST_APPLIED,
  lastRevision,
  POD_TEMPLATE_HASH,
  ROLLBACK_TO,
  revisionOf,
  skipCopyAnnotation,
} from "./util.ts";

/** getRollbackTo: the requested revision, or undefined (absent or not an integer). */
export function rollbackTo(d: KObject): number | undefined {
  const v = d.metadata.annotations?.[ROLLBACK_TO];
  if (!v || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

export function rollback(c: DeploymentContext, d: KObject, rsList: KObject[]): boolean {
  const { newRS, oldRSs, failed } = getAllReplicaSetsAndSyncRevision(c, d, rsList, true);
  if (failed) return false;
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  let revision = rollbackTo(d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      event(c, d, "Warning", "DeploymentRollbackRevisionNotFound", "Unable to find last revision.");
      return clearRollbackTo(c, d);
    }
  }
  for (const rs of all) {
    if (revisionOf(rs) !== revision) continue;
    if (!equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
      const next = clone(d);
      const template = clone(rs.spec.template);
      if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
      next.spec.template = template;
      // SetDeploymentAnnotationsTo: the ReplicaSet's annotations, keeping the ones never copied.
      const kept = Object.fromEntries(
        Object.entries(next.metadata.annotations ?? {}).filter(([k]) => skipCopyAnnotation(k) || k === LAST_APPLIED),
      );
      next.metadata.annotations = { ...kept };
      for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
        if (!skipCopyAnnotation(k)) next.metadata.annotations[k] = v;
      delete next.metadata.annotations[ROLLBACK_TO];
      const u = updateDeployment(c, next);
      if (u)
        event(
          c,
          d,
          "Normal",
          "DeploymentRollback",
          `Rolled back deployment "${d.metadata.name}" to revision ${revision}`,
        );
      return true;
    }
    event(
      c,
      d,
      "Warning",
      "DeploymentRollbackTemplateUnchanged",
      `The rollback revision contains the same template as current deployment "${d.metadata.name}"`,
    );
    return clearRollbackTo(c, d);
  }
  event(c, d, "Warning", "DeploymentRollbackRevisionNotFound", "Unable to find the revision to rollback to.");
  return clearRollbackTo(c, d);
}

function clearRollbackTo(c: DeploymentContext, d: KObject): boolean {
  const next = clone(d);
  delete next.metadata.annotations?.[ROLLBACK_TO];
  updateDeployment(c, next);
  return true;
}
