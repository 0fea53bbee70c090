import { describe, expect, it } from "vitest";
import { createIds } from "../../../src/sim/core/ids.ts";
import { byCodeUnits, sortedCopy, sortInPlace } from "../../../src/sim/core/sorted.ts";

describe("sortedCopy", () => {
  it("orders as the built-in sort does, keeping equal items in their order, at every length", () => {
    const ids = createIds(7);
    for (let n = 0; n <= 40; n++) {
      for (let round = 0; round < 20; round++) {
        const items = Array.from({ length: n }, (_, i) => ({ key: ids.int(5), at: i }));
        const compare = (a: { key: number }, b: { key: number }) => a.key - b.key;
        const got = sortedCopy(items, compare);
        expect(got).toEqual([...items].sort(compare));
        expect(got).not.toBe(items);
        // Stable: items with the same key keep their original order.
        for (let i = 1; i < got.length; i++)
          if (got[i - 1].key === got[i].key) expect(got[i - 1].at).toBeLessThan(got[i].at);
      }
    }
  });

  it("leaves its input as it was; sortInPlace sorts the array it is given", () => {
    const input = ["b", "a", "c"];
    expect(sortedCopy(input, byCodeUnits)).toEqual(["a", "b", "c"]);
    expect(input).toEqual(["b", "a", "c"]);
    expect(sortInPlace(input, byCodeUnits)).toBe(input);
    expect(input).toEqual(["a", "b", "c"]);
  });

  it("byCodeUnits orders strings as the built-in sort's default", () => {
    const words = ["b", "B", "a/b", "a-b", "ä", "z", "10", "9", ""];
    expect(sortedCopy(words, byCodeUnits)).toEqual([...words].sort());
  });
});
