import { describe, expect, it } from "vitest";
import { createClock } from "../../../../src/sim/core/clock.ts";
import { createIds } from "../../../../src/sim/core/ids.ts";
import { ObjectStore } from "../../../../src/sim/core/store.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { EventRecorder } from "../../../../src/sim/k8s/controllers/events/recorder.ts";

const pod: KObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid: "u-1" } };

describe("the event recorder's bound", () => {
  it("deletes the least recently written event, a repeat counting as a write", () => {
    const store = new ObjectStore();
    const events = new EventRecorder(store, createClock(), createIds(1), 3);
    const say = (message: string) => events.record(pod, "Normal", "Test", message, { component: "test" });
    say("A");
    say("B");
    say("C");
    say("A"); // A is now the most recent: B is the oldest
    say("D"); // evicts B
    say("E"); // evicts C
    say("B"); // B was evicted, so a new event; evicts A
    const left = store.list("events", "default").map((e) => [e.message, e.count]);
    expect(left.sort()).toEqual([
      ["B", 1],
      ["D", 1],
      ["E", 1],
    ]);
  });

  it("keeps counting a repeated event while it stays within the bound", () => {
    const store = new ObjectStore();
    const events = new EventRecorder(store, createClock(), createIds(1), 2);
    for (let i = 0; i < 5; i++) events.record(pod, "Warning", "BackOff", "again", { component: "kubelet" });
    expect(store.list("events", "default").map((e) => e.count)).toEqual([5]);
  });
});
