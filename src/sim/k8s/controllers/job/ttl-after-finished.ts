/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * spec.ttlSecondsAfterFinished is deleted, with its pods, that many
 * seconds after its Complete or Failed condition. Example: finished 09:00:12, ttl 100 ->
 * deleted at 09:01:52; ttl 0 -> as soon as it finishes. It records no events.
 */
import { parseRfc3339 } from "../../../core/clock.ts";
import type { Controller } from "../../../core/reconcile.ts";
import type { Cluster } from "../../cluster.ts";
import { registerController } from "../../controller-registry.ts";
import { objectKey, splitKey } from "../controllerrevision/owned.ts";
import { jobFinishTime } from "./conditions.ts";

export const TTL_AFTER_FINISHED_CONTROLLER = "ttl-after-finished-controller";
const JOBS = "jobs.batch";

export function ttlAfterFinishedController(cluster: Cluster): Controller {
  return {
    name: TTL_AFTER_FINISHED_CONTROLLER,
    watches: {
      [JOBS]: (e) =>
        e.type !== "DELETED" && typeof e.object.spec?.ttlSecondsAfterFinished === "number" && jobFinishTime(e.object)
          ? [objectKey(e.object)]
          : [],
    },
    sync(key) {
      const [ns, name] = splitKey(key);
      const job = cluster.store.get(JOBS, ns, name);
      const ttl = job?.spec?.ttlSecondsAfterFinished;
      if (!job || typeof ttl !== "number" || job.metadata.deletionTimestamp) return;
      const finished = jobFinishTime(job);
      if (!finished) return;
      const expireAt = parseRfc3339(finished) + ttl * 1000;
      if (cluster.clock.now() < expireAt) {
        cluster.reconciler.requeueAt(TTL_AFTER_FINISHED_CONTROLLER, key, expireAt);
        return;
      }
      const t = cluster.typeOfStorage(JOBS);
      // Upstream deletes with Foreground propagation. The garbage collector here does not yet
      // finish a foreground deletion once its last dependent is gone (it does not requeue the
      // owner on a dependent's DELETED event), so Background is used: same end state.
      if (t) cluster.api.delete(t, ns, name, { propagationPolicy: "Background", uid: job.metadata.uid });
    },
  };
}

registerController(ttlAfterFinishedController);
