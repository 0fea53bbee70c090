/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go). `sync(key)`
 * is syncDeployment, a dispatcher:
 *   get -> claim its ReplicaSets (adopt matching orphans, release non-matching) ->
 *   being deleted: status only -> paused/resumed condition ->
 *   paused: scale only -> a pending legacy rollback -> a scaling event: scale only ->
 *   otherwise the strategy: Recreate (recreate.ts) or RollingUpdate (rolling.ts).
 *
 * Watches, as the informer handlers: every deployment change (its own status writes too: the
 * sync after one is where a stuck rollout schedules its deadline check); a ReplicaSet change
 * enqueues its controlling deployment, or for an orphan every deployment in the namespace whose
 * selector matches its labels; a deleted pod of a Recreate deployment wakes it (it waits for
 * old pods to be gone).
 */
import type { Controller } from "../../../core/reconcile.ts";
import type { WatchEvent } from "../../../core/store.ts";
import type { KObject } from "../../api/object.ts";
import type { Cluster } from "../../cluster.ts";
import { fromLabelSelector } from "../../selectors/labels.ts";
import { Backoff } from "../controller-utils/backoff.ts";
import { controllerOf } from "../controller-utils/controller-ref.ts";
import { ownerIndex } from "../controller-utils/owner-index.ts";
import { WakeUps } from "../controller-utils/timers.ts";
import { CONTROLLER_NAME, copyForEdit, type DeploymentContext, event, now } from "./context.ts";
import { rolloutRecreate } from "./recreate.ts";
import { replicaSetsForDeployment } from "./replica-sets.ts";
import { rollback, rollbackTo } from "./rollback.ts";
import { rolloutRolling } from "./rolling.ts";
import { isScalingEvent, persistDeployment, syncScaling, syncStatusOnly } from "./sync.ts";
import { getCondition, hasProgressDeadline, newCondition, REASONS, setCondition } from "./util.ts";

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

export function deploymentController(cluster: Cluster): Controller {
  const store = cluster.store;
  const c: DeploymentContext = {
    cluster,
    deployType: cluster.discovery.forKind("apps/v1", "Deployment")!,
    rsType: cluster.discovery.forKind("apps/v1", "ReplicaSet")!,
    podsType: cluster.discovery.forKind("v1", "Pod")!,
    replicaSets: ownerIndex(store, "replicasets.apps"),
    pods: ownerIndex(store, "pods"),
    wake: new WakeUps(cluster.reconciler, CONTROLLER_NAME),
  };
  const backoff = new Backoff();

  const deploymentKey = (o: KObject): string | undefined => {
    const ref = controllerOf(o);
    return ref?.kind === "Deployment" ? `${o.metadata.namespace ?? ""}/${ref.name}` : undefined;
  };

  /** getDeploymentsForReplicaSet: deployments of the namespace whose selector matches the orphan. */
  const matchingDeployments = (rs: KObject): string[] => {
    const labels = rs.metadata.labels ?? {};
    return store
      .list("deployments.apps", rs.metadata.namespace ?? "")
      .filter((d) => {
        const s = fromLabelSelector(d.spec?.selector);
        return s.ok && !s.selector.empty() && s.selector.matches(labels);
      })
      .map(keyOf);
  };

  const onReplicaSet = (e: WatchEvent): string[] => {
    const keys: string[] = [];
    const cur = deploymentKey(e.object);
    const old = e.old ? deploymentKey(e.old) : undefined;
    if (old && old !== cur) keys.push(old);
    if (cur) keys.push(cur);
    else if (e.type !== "DELETED" && !e.object.metadata.deletionTimestamp) keys.push(...matchingDeployments(e.object));
    return keys;
  };

  const onPod = (e: WatchEvent): string[] => {
    if (e.type !== "DELETED") return [];
    const ref = controllerOf(e.object);
    if (ref?.kind !== "ReplicaSet") return [];
    const rs = store.get("replicasets.apps", e.object.metadata.namespace ?? "", ref.name);
    const key = rs ? deploymentKey(rs) : undefined;
    if (!rs || !key) return [];
    const d = store.get("deployments.apps", rs.metadata.namespace ?? "", controllerOf(rs)?.name ?? "");
    return d?.spec?.strategy?.type === "Recreate" ? [key] : [];
  };

  const sync = (key: string): void => {
    const slash = key.indexOf("/");
    const stored = store.get("deployments.apps", key.slice(0, slash), key.slice(slash + 1));
    if (!stored) {
      backoff.forget(key);
      return;
    }
    const d = copyForEdit(stored);
    const sel = d.spec?.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
      event(
        c,
        d,
        "Warning",
        "SelectingAll",
        "This deployment is selecting all pods. A non-empty selector is required.",
      );
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        const before = copyForEdit(d);
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        persistDeployment(c, d, before);
      }
      return;
    }
    const rsList = replicaSetsForDeployment(c, d);
    // Wait for the ReplicaSet controller to catch up with what was last asked of it, so
    // availability is never judged from a count that predates a scale-down.
    if (rsList.some((rs) => (rs.status?.observedGeneration ?? 0) < (rs.metadata.generation ?? 0))) return;
    let ok = true;
    if (d.metadata.deletionTimestamp) syncStatusOnly(c, d, rsList);
    else {
      checkPausedConditions(c, d);
      const pendingRollback = rollbackTo(d) !== undefined;
      if (d.spec?.paused) syncScaling(c, d, rsList, pendingRollback);
      else if (pendingRollback) ok = rollback(c, d, rsList);
      else if (isScalingEvent(c, d, rsList)) syncScaling(c, d, rsList, false);
      else if (d.spec?.strategy?.type === "Recreate") ok = rolloutRecreate(c, d, rsList);
      else ok = rolloutRolling(c, d, rsList);
    }
    if (ok) backoff.forget(key);
    else cluster.reconciler.requeueAt(CONTROLLER_NAME, key, now(c) + backoff.next(key));
  };

  return {
    name: CONTROLLER_NAME,
    watches: {
      "deployments.apps": (e) => (e.type === "DELETED" ? [] : [keyOf(e.object)]),
      "replicasets.apps": onReplicaSet,
      pods: onPod,
    },
    sync,
  };
}

/**
 * checkPausedConditions: pausing sets Progressing Unknown/DeploymentPaused `Deployment is
 * paused` and resuming Unknown/DeploymentResumed `Deployment is resumed`, so the time spent
 * paused never counts against the progress deadline. A timed-out rollout keeps its condition.
 */
function checkPausedConditions(c: DeploymentContext, d: KObject): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, "Progressing");
  if (cond?.reason === REASONS.timedOut) return;
  const pausedExists = cond?.reason === REASONS.paused;
  const before = copyForEdit(d);
  d.status ??= {};
  if (d.spec?.paused && !pausedExists) {
    setCondition(d.status, newCondition("Progressing", "Unknown", REASONS.paused, "Deployment is paused", now(c)));
  } else if (!d.spec?.paused && pausedExists) {
    setCondition(d.status, newCondition("Progressing", "Unknown", REASONS.resumed, "Deployment is resumed", now(c)));
  } else {
    d.status = before.status;
    return;
  }
  persistDeployment(c, d, before);
}
