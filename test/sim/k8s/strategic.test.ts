import { describe, expect, it } from "vitest";
import { jsonMergePatch, strategicMergePatch, threeWay } from "../../../src/sim/k8s/patch/strategic.ts";

describe("three-way merge as kubectl apply does it", () => {
  it("a field dropped from the manifest since the last apply is removed", () => {
    const original = { metadata: { labels: { app: "a", tier: "x" } } };
    const modified = { metadata: { labels: { app: "a" } } };
    const current = { metadata: { labels: { app: "a", tier: "x", added: "by-hand" } } };
    expect(threeWay(original, modified, current)).toEqual({ metadata: { labels: { app: "a", added: "by-hand" } } });
  });

  it("containers merge by name, keeping fields the server defaulted", () => {
    const original = { spec: { containers: [{ name: "web", image: "nginx:1.10" }] } };
    const modified = { spec: { containers: [{ name: "web", image: "nginx:1.11" }] } };
    const current = { spec: { containers: [{ name: "web", image: "nginx:1.10", imagePullPolicy: "IfNotPresent" }] } };
    expect(threeWay(original, modified, current)).toEqual({
      spec: { containers: [{ name: "web", image: "nginx:1.11", imagePullPolicy: "IfNotPresent" }] },
    });
  });

  it("a container removed from the manifest is removed live", () => {
    const original = {
      spec: {
        containers: [
          { name: "a", image: "x" },
          { name: "b", image: "y" },
        ],
      },
    };
    const modified = { spec: { containers: [{ name: "a", image: "x" }] } };
    expect(threeWay(original, modified, original)).toEqual(modified);
  });
});

describe("patches", () => {
  it("a strategic patch merges a container by name and leaves others", () => {
    const current = {
      spec: {
        containers: [
          { name: "a", image: "x" },
          { name: "b", image: "y" },
        ],
      },
    };
    expect(strategicMergePatch(current, { spec: { containers: [{ name: "b", image: "z" }] } })).toEqual({
      spec: {
        containers: [
          { name: "a", image: "x" },
          { name: "b", image: "z" },
        ],
      },
    });
  });

  it("a merge patch replaces lists and deletes with null", () => {
    const current = { spec: { containers: [{ name: "a" }, { name: "b" }], paused: true } };
    expect(jsonMergePatch(current, { spec: { containers: [{ name: "c" }], paused: null } })).toEqual({
      spec: { containers: [{ name: "c" }] },
    });
  });
});
