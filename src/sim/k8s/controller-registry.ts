/**
 * The controllers (and the kubelet and scheduler, which behave as controllers here) that
 * every cluster runs, registered in one place. Each module registers itself on import;
 * src/sim/k8s/controllers/index.ts imports them all, in the order they run.
 */
import type { Controller } from "../core/reconcile.ts";
import type { Cluster } from "./cluster.ts";

export type ControllerFactory = (cluster: Cluster) => Controller;

const factories: ControllerFactory[] = [];

export function registerController(f: ControllerFactory): void {
  if (!factories.includes(f)) factories.push(f);
}

export function registeredControllers(): readonly ControllerFactory[] {
  return factories;
}
