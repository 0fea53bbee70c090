import { describe, expect, it } from "vitest";
import {
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  QUANTITY_FORMAT_ERROR,
  roundUpMilli,
} from "../../../../src/sim/k8s/validation/quantity.ts";

describe("resource quantities", () => {
  const canonical: [string, string | number, string][] = [
    ["half a cpu is 500 millicores", "0.5", "500m"],
    ["a JSON number parses like its text", 0.5, "500m"],
    ["1000m is one", "1000m", "1"],
    ["100m stays", "100m", "100m"],
    ["128Mi stays", "128Mi", "128Mi"],
    ["1.5Gi becomes 1536Mi", "1.5Gi", "1536Mi"],
    ["2048Ki becomes 2Mi", "2048Ki", "2Mi"],
    ["0.5Ki is below 1024 so it prints in decimal", "0.5Ki", "512"],
    ["1500 stays", "1500", "1500"],
    ["2000 becomes 2k", "2000", "2k"],
    ["an exponent keeps its form", "1e3", "1e3"],
    ["12e2 normalises to 1200", "12e2", "1200"],
    ["100M stays", "100M", "100M"],
    ["zero is 0", "0Mi", "0"],
    ["a value finer than a nano rounds up", "0.0000000001", "1n"],
  ];
  it.each(canonical)("%s", (_n, input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  it("rejects text outside the quantity grammar with upstream's message", () => {
    expect(parseQuantity("abc")).toEqual({ ok: false, error: QUANTITY_FORMAT_ERROR });
    expect(QUANTITY_FORMAT_ERROR).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it("rejects an unknown suffix", () => {
    expect(parseQuantity("1Ki5")).toEqual({ ok: false, error: "unable to parse quantity's suffix" });
    expect(parseQuantity("1.5.5")).toEqual({ ok: false, error: QUANTITY_FORMAT_ERROR });
    expect(parseQuantity("1kk")).toEqual({ ok: false, error: "unable to parse quantity's suffix" });
  });

  it("rounds resource lists up to millis, as SetDefaults_ResourceList does", () => {
    const q = parseQuantity("0.0001");
    if (!q.ok) throw new Error("parse");
    expect(formatQuantity(roundUpMilli(q.value))).toBe("1m");
  });

  it("compares across suffixes", () => {
    const a = parseQuantity("1Gi");
    const b = parseQuantity("1000Mi");
    if (!a.ok || !b.ok) throw new Error("parse");
    expect(compareQuantities(a.value, b.value)).toBe(1);
  });
});
