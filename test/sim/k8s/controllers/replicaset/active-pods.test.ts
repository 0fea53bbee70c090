import { describe, expect, it } from "vitest";
import type { KObject } from "../../../../../src/sim/k8s/api/object.ts";
import { sortForDeletion } from "../../../../../src/sim/k8s/controllers/controller-utils/active-pods.ts";

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString().replace(".000", "");

interface P {
  node?: string;
  phase?: string;
  readySince?: number;
  created?: number;
  restarts?: number;
  cost?: string;
  uid?: string;
}

function pod(name: string, p: P): KObject {
  const conditions =
    p.readySince === undefined ? [] : [{ type: "Ready", status: "True", lastTransitionTime: at(p.readySince) }];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      uid: p.uid ?? name,
      creationTimestamp: at(p.created ?? 600),
      annotations: p.cost === undefined ? {} : { "controller.kubernetes.io/pod-deletion-cost": p.cost },
    },
    spec: { nodeName: p.node ?? "n1" },
    status: { phase: p.phase ?? "Running", conditions, containerStatuses: [{ restartCount: p.restarts ?? 0 }] },
  };
}

const order = (pods: KObject[], minor: number, ranks: number[] = []) =>
  sortForDeletion(pods, ranks, { minor, now: NOW }).map((p) => p.metadata.name);

describe("scale-down victim order", () => {
  it.each([
    [
      "an unscheduled pod goes before a scheduled one",
      [pod("a", {}), pod("b", { node: "", phase: "Pending" })],
      ["b", "a"],
    ],
    ["a pending pod goes before a running one", [pod("a", {}), pod("b", { phase: "Pending" })], ["b", "a"]],
    ["an unknown pod goes between pending and running", [pod("a", {}), pod("b", { phase: "Unknown" })], ["b", "a"]],
    ["a pod that is not ready goes first", [pod("a", { readySince: 60 }), pod("b", {})], ["b", "a"]],
    [
      "the pod ready for less time goes first",
      [pod("a", { readySince: 500 }), pod("b", { readySince: 5 })],
      ["b", "a"],
    ],
    ["more restarts go first", [pod("a", { restarts: 1 }), pod("b", { restarts: 4 })], ["b", "a"]],
    ["the newer pod goes first", [pod("a", { created: 9000 }), pod("b", { created: 60 })], ["b", "a"]],
  ])("%s", (_name, pods, expected) => {
    expect(order(pods, 33)).toEqual(expected);
    expect(order(pods, 21)).toEqual(expected);
  });

  it("a doubled-up pod goes first", () => {
    expect(order([pod("a", { node: "n1" }), pod("b", { node: "n2" })], 33, [1, 2])).toEqual(["b", "a"]);
  });

  it("pod-deletion-cost counts from 1.22 only", () => {
    const pods = [pod("a", { cost: "-5", created: 9000 }), pod("b", { cost: "10", created: 60 })];
    expect(order(pods, 33)).toEqual(["a", "b"]);
    expect(order(pods, 21)).toEqual(["b", "a"]);
  });

  it("from 1.22 ages within the same power of two tie and the lower uid goes first", () => {
    // 50 s and 60 s ago: floor(log2(50e9)) = floor(log2(60e9)) = 35.
    const pods = [pod("a", { created: 50, uid: "z" }), pod("b", { created: 60, uid: "a" })];
    expect(order(pods, 33)).toEqual(["b", "a"]);
    expect(order(pods, 21)).toEqual(["a", "b"]);
  });
});
