/**
 * The two kinds the ReplicaSet controller runs: apps/v1 ReplicaSet and core/v1
 * ReplicationController (upstream runs the same controller for both, converting the RC's map
 * selector). What differs is only where the selector lives and the names in events.
 */
import type { KObject } from "../../api/object.ts";
import { fromLabelSelector, LabelSelector, selectorFromSet } from "../../selectors/labels.ts";

export interface ReplicaKind {
  /** The reconciler's name for the controller (timers are addressed by it). */
  controller: string;
  /** The event source component, as `kubectl describe` shows it under From. */
  component: string;
  /** Storage key of the resource. */
  resource: string;
  apiVersion: string;
  kind: string;
  /** The selector as a LabelSelector; `nothing` when it cannot be converted. */
  selector(obj: KObject): LabelSelector;
}

export const REPLICA_SET: ReplicaKind = {
  controller: "replicaset",
  component: "replicaset-controller",
  resource: "replicasets.apps",
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  selector(obj) {
    const r = fromLabelSelector(obj.spec?.selector);
    return r.ok ? r.selector : LabelSelector.nothing();
  },
};

export const REPLICATION_CONTROLLER: ReplicaKind = {
  controller: "replicationcontroller",
  component: "replication-controller",
  resource: "replicationcontrollers",
  apiVersion: "v1",
  kind: "ReplicationController",
  selector(obj) {
    const set = obj.spec?.selector;
    // An RC without a selector selects nothing (validation requires one anyway).
    return set && Object.keys(set).length > 0 ? selectorFromSet(set) : LabelSelector.nothing();
  },
};
