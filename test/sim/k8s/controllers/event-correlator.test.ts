import { describe, expect, it } from "vitest";
import { createClock, rfc3339 } from "../../../../src/sim/core/clock.ts";
import { createIds } from "../../../../src/sim/core/ids.ts";
import { ObjectStore } from "../../../../src/sim/core/store.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { EventRecorder } from "../../../../src/sim/k8s/controllers/events/recorder.ts";

const rs: KObject = {
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web-1", namespace: "default", uid: "u-rs" },
};
const pod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-1-x", namespace: "default", uid: "u-pod" },
};

function setup() {
  const store = new ObjectStore();
  const clock = createClock();
  const events = new EventRecorder(store, clock, createIds(1));
  const listed = () =>
    store
      .list("events", "default")
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
      .map((e) => `${e.reason} ${e.count} ${e.message}`);
  return { store, clock, events, listed };
}

describe("the event correlator", () => {
  it("combines similar events from the tenth different message on, counting them", () => {
    const { events, listed } = setup();
    for (let i = 1; i <= 14; i++)
      events.record(rs, "Normal", "SuccessfulCreate", `Created pod: web-1-${i}`, {
        component: "replicaset-controller",
      });
    expect(listed()).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `SuccessfulCreate 1 Created pod: web-1-${i + 1}`),
      "SuccessfulCreate 5 (combined from similar events): Created pod: web-1-14",
    ]);
  });

  it("starts again when similar events are more than 10 minutes apart", () => {
    const { clock, events, listed } = setup();
    for (let i = 1; i <= 9; i++)
      events.record(rs, "Normal", "SuccessfulCreate", `Created pod: a-${i}`, { component: "replicaset-controller" });
    clock.advanceTo(clock.now() + 601_000);
    events.record(rs, "Normal", "SuccessfulCreate", "Created pod: b-1", { component: "replicaset-controller" });
    expect(listed().filter((l) => l.includes("combined"))).toEqual([]);
    expect(listed()).toContain("SuccessfulCreate 1 Created pod: b-1");
  });

  it("lets a source write 25 events about an object, then one every 5 minutes, still counting what it held back", () => {
    const { clock, events, listed, store } = setup();
    const kubelet = { component: "kubelet", host: "k8s-w1" };
    for (let i = 0; i < 40; i++)
      events.record(pod, "Warning", "BackOff", "Back-off restarting failed container", kubelet);
    // 25 writes: the first creates the event, 24 more count it; 15 are held back.
    expect(listed()).toEqual(["BackOff 25 Back-off restarting failed container"]);
    const later = clock.now() + 300_000;
    clock.advanceTo(later);
    events.record(pod, "Warning", "BackOff", "Back-off restarting failed container", kubelet);
    expect(listed()).toEqual(["BackOff 41 Back-off restarting failed container"]);
    expect(store.list("events", "default")[0].lastTimestamp).toBe(rfc3339(later));
    // Another source has a budget of its own for the same object.
    events.record(pod, "Normal", "Killing", "Stopping container web", { component: "kubelet", host: "k8s-w2" });
    expect(listed()).toContain("Killing 1 Stopping container web");
  });

  it("observes a new event it holds back: the next one let through creates it, named and dated by its first occurrence, with every occurrence counted", () => {
    const { clock, events, listed, store } = setup();
    const kubelet = { component: "kubelet", host: "k8s-w1" };
    for (let i = 0; i < 25; i++)
      events.record(pod, "Warning", "BackOff", "Back-off restarting failed container", kubelet);
    // The budget is spent: a new event is held back, twice.
    const first = clock.now() + 1000;
    clock.advanceTo(first);
    events.record(pod, "Normal", "Killing", "Stopping container web", kubelet);
    clock.advanceTo(first + 1000);
    events.record(pod, "Normal", "Killing", "Stopping container web", kubelet);
    expect(listed()).toEqual(["BackOff 25 Back-off restarting failed container"]);
    // With a token again, the third occurrence creates it, counting all three.
    const later = first + 300_000;
    clock.advanceTo(later);
    events.record(pod, "Normal", "Killing", "Stopping container web", kubelet);
    const killing = store.list("events", "default").find((e) => e.reason === "Killing")!;
    expect(`${killing.reason} ${killing.count} ${killing.message}`).toBe("Killing 3 Stopping container web");
    expect(killing.firstTimestamp).toBe(rfc3339(first));
    expect(killing.lastTimestamp).toBe(rfc3339(later));
    // Its name carries the first occurrence's time (`<object>.<hex nanoseconds>`), as client-go
    // names an event when it first observes it.
    const nanos = BigInt(killing.metadata.name!.slice("web-1-x.".length).replace(/^/, "0x"));
    expect(nanos / 1_000_000n).toBe(BigInt(first));
    // And counts on from there like any event.
    clock.advanceTo(later + 300_000);
    events.record(pod, "Normal", "Killing", "Stopping container web", kubelet);
    expect(listed()).toContain("Killing 4 Stopping container web");
  });

  it("leaves the scheduler's events alone (it writes through events.k8s.io)", () => {
    const { events, listed } = setup();
    for (let i = 1; i <= 30; i++)
      events.record(pod, "Warning", "FailedScheduling", `0/${i} nodes are available`, {
        component: "default-scheduler",
      });
    expect(listed()).toHaveLength(30);
    expect(listed().some((l) => l.includes("combined"))).toBe(false);
  });
});
