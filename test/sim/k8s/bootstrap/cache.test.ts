import { describe, expect, it } from "vitest";
import { createClock } from "../../../../src/sim/core/clock.ts";
import { createIds } from "../../../../src/sim/core/ids.ts";
import { cachedBootstrap } from "../../../../src/sim/k8s/bootstrap/cache.ts";
import { bootstrapObjects, defaultNodes } from "../../../../src/sim/k8s/bootstrap/index.ts";

function fresh(minor: number, seed: number) {
  const ids = createIds(seed);
  const objects = bootstrapObjects({ minor, nodes: defaultNodes(minor), clock: createClock(), ids });
  return { objects, next: ids.uid() };
}

function cached(minor: number, seed: number) {
  const r = cachedBootstrap({ minor, nodes: defaultNodes(minor), clock: createClock() }, createIds(seed).state());
  return { objects: r.objects, next: r.ids.uid() };
}

describe("cached bootstrap output", () => {
  it.each([
    [33, 1],
    [21, 7],
  ])(
    "gives 1.%i (seed %i) the same objects and the same ids afterwards as a fresh bootstrap, first and second time",
    (minor, seed) => {
      const want = fresh(minor, seed);
      const first = cached(minor, seed);
      const second = cached(minor, seed);
      expect(JSON.stringify(first)).toBe(JSON.stringify(want));
      expect(JSON.stringify(second)).toBe(JSON.stringify(want));
    },
  );

  it("hands out copies, so writing to one build leaves the next untouched", () => {
    const a = cached(33, 3);
    a.objects[0].metadata.resourceVersion = "999";
    a.objects[0].metadata.labels = { changed: "yes" };
    const b = cached(33, 3);
    expect(b.objects[0].metadata.resourceVersion).toBeUndefined();
    expect(JSON.stringify(b.objects)).toBe(JSON.stringify(fresh(33, 3).objects));
  });

  it("shares sub-objects where bootstrap shares them (aggregated roles, a Deployment and its ReplicaSet)", () => {
    const { objects } = cached(33, 1);
    const shared = (o: typeof objects) => {
      const seen = new Set<object>();
      let n = 0;
      const walk = (v: unknown) => {
        if (v === null || typeof v !== "object") return;
        if (seen.has(v)) {
          n++;
          return;
        }
        seen.add(v);
        for (const x of Object.values(v)) walk(x);
      };
      walk(o);
      return n;
    };
    const want = shared(fresh(33, 1).objects);
    expect(want).toBeGreaterThan(0);
    expect(shared(objects)).toBe(want);
    const fromCache = cached(33, 1).objects;
    expect(fromCache.some((o, i) => o === objects[i])).toBe(false);
  });

  it("leaves the caller's node specs as they were (not frozen, not shared with the cache)", () => {
    const nodes = defaultNodes(33).map((n) => ({
      ...n,
      taints: [{ key: "gpu", value: "yes", effect: "NoSchedule" as const }],
    }));
    cachedBootstrap({ minor: 33, nodes, clock: createClock() }, createIds(11).state());
    expect(Object.isFrozen(nodes[0].taints)).toBe(false);
    expect(Object.isFrozen(nodes[0].taints[0])).toBe(false);
  });
});
