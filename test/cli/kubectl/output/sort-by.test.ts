import { describe, expect, it } from "vitest";
import { goSort } from "../../../../src/cli/kubectl/output/go-sort.ts";
import { sortBy } from "../../../../src/cli/kubectl/output/sort-by.ts";
import { isLess, naturalLess, parseQuantity } from "../../../../src/cli/kubectl/output/sort-compare.ts";

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, ...extra } });
const names = (r: ReturnType<typeof sortBy>) =>
  r.ok ? r.items.map((i) => (i as ReturnType<typeof pod>).metadata.name) : r.error;

describe("kubectl --sort-by", () => {
  const cases: [string, unknown[], string, string[]][] = [
    ["names in natural order", [pod("web-10"), pod("web-2"), pod("db")], ".metadata.name", ["db", "web-2", "web-10"]],
    [
      "timestamps as strings",
      [
        pod("b", { creationTimestamp: "2024-01-02T00:00:00Z" }),
        pod("a", { creationTimestamp: "2024-01-01T00:00:00Z" }),
      ],
      "{.metadata.creationTimestamp}",
      ["a", "b"],
    ],
    [
      "quantities by value",
      [pod("big", { q: "1Gi" }), pod("small", { q: "500m" }), pod("mid", { q: "2" })],
      "metadata.q",
      ["small", "mid", "big"],
    ],
    [
      "integers by value",
      [pod("c", { n: 10 }), pod("a", { n: 9 }), pod("b", { n: 100 })],
      ".metadata.n",
      ["a", "c", "b"],
    ],
    [
      "objects without the field come first",
      [pod("x", { n: 2 }), pod("y"), pod("z", { n: 1 })],
      ".metadata.n",
      ["y", "z", "x"],
    ],
  ];
  it.each(cases)("sorts %s", (_name, items, field, want) => {
    expect(names(sortBy(items, field, { minor: 33, table: false }))).toEqual(want);
  });

  it("objects without the field are reordered among themselves, as Go's insertion sort does", () => {
    // Less(missing, missing) is true, so every later missing object moves ahead of earlier ones.
    expect(names(sortBy([pod("a"), pod("b"), pod("c", { n: 1 })], ".metadata.n", { minor: 33, table: false }))).toEqual(
      ["b", "a", "c"],
    );
  });

  it("a field no object has is an error", () => {
    expect(sortBy([pod("a"), pod("b")], ".metadata.foo", { minor: 33, table: false })).toEqual({
      ok: false,
      error: 'couldn\'t find any field with path "{.metadata.foo}" in the list of objects',
    });
  });

  it("table rows are only checked when there are two or more", () => {
    expect(names(sortBy([pod("a")], ".metadata.foo", { minor: 33, table: true }))).toEqual(["a"]);
    expect(sortBy([pod("a")], ".metadata.foo", { minor: 33, table: false })).toEqual({
      ok: false,
      error: 'couldn\'t find any field with path "{.metadata.foo}" in the list of objects',
    });
  });

  it("a path that does not parse", () => {
    expect(sortBy([pod("a"), pod("b")], ".metadata[", { minor: 33, table: true })).toEqual({
      ok: false,
      error: "sorting error: unterminated array",
    });
    expect(sortBy([pod("a"), pod("b")], ".metadata[", { minor: 33, table: false })).toEqual({
      ok: false,
      error: "unterminated array",
    });
  });

  it("values of different types cannot be sorted", () => {
    expect(sortBy([pod("a", { v: "x" }), pod("b", { v: 1 })], ".metadata.v", { minor: 33, table: false })).toEqual({
      ok: false,
      error:
        "Field {.metadata.v} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable interface: interface",
      fatal: true,
    });
  });
});

describe("the orderings", () => {
  const natural: [string, string, boolean][] = [
    ["a2", "a10", true],
    ["a10", "a2", false],
    ["2", "02", true],
    ["1x", "x", true],
    ["abc", "abd", true],
    ["ab", "abc", true],
  ];
  it.each(natural)("naturalLess(%j, %j) is %s", (a, b, want) => {
    expect(naturalLess(a, b)).toBe(want);
  });

  const quantities: [string, boolean][] = [
    ["100m", true],
    ["1.5Gi", true],
    ["1e3", true],
    ["5", true],
    ["nginx", false],
    ["2024-01-01T00:00:00Z", false],
    ["", false],
  ];
  it.each(quantities)("%j parses as a quantity: %s", (s, want) => {
    expect(parseQuantity(s) !== undefined).toBe(want);
  });

  it("null sorts first; bools cannot be sorted", () => {
    expect(isLess(null, "a")).toEqual({ ok: true, less: true });
    expect(isLess(true, false)).toEqual({ ok: false, error: "unsortable type: bool" });
  });

  it("Go 1.16's sort shuffles ties with a gap-6 pass before insertion sort", () => {
    // Seven equal keys but one: the shell pass swaps index 6 with index 0 when 6 is less.
    const keys = [1, 1, 1, 1, 1, 1, 0];
    const ids = keys.map((_, i) => i);
    goSort(
      {
        len: ids.length,
        less: (i, j) => keys[ids[i]] < keys[ids[j]],
        swap: (i, j) => {
          [ids[i], ids[j]] = [ids[j], ids[i]];
        },
      },
      "go1.16",
    );
    expect(ids).toEqual([6, 1, 2, 3, 4, 5, 0]);
  });
});
