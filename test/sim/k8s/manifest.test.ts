import { describe, expect, it } from "vitest";
import { parseManifestText } from "../../../src/sim/k8s/api/manifest.ts";

describe("manifest parsing at the edge", () => {
  it("reads several YAML documents and skips empty ones", () => {
    const r = parseManifestText("a: 1\n---\n---\nb: 2\n");
    expect(r).toEqual({ ok: true, documents: [{ a: 1 }, { b: 2 }] });
  });

  it("reads booleans and merge keys the YAML 1.1 way, as kubectl does", () => {
    const r = parseManifestText("base: &b {x: 1}\nv:\n  <<: *b\n  on: yes\n");
    expect(r).toEqual({ ok: true, documents: [{ base: { x: 1 }, v: { x: 1, true: true } }] });
  });

  it("keeps timestamps as strings", () => {
    expect(parseManifestText("t: 2021-01-01T00:00:00Z\n")).toEqual({
      ok: true,
      documents: [{ t: "2021-01-01T00:00:00Z" }],
    });
  });

  it("bounds alias expansion (billion laughs)", () => {
    let text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    let prev = "a";
    for (const n of ["b", "c", "d", "e", "f", "g"]) {
      text += `${n}: &${n} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]\n`;
      prev = n;
    }
    const r = parseManifestText(text);
    expect(r).toEqual({ ok: false, error: "the manifest expands to more than 500000 values (alias expansion limit)" });
  });

  it("bounds the number of documents", () => {
    const r = parseManifestText("a: 1\n---\n".repeat(1001));
    expect(r).toEqual({ ok: false, error: "more than 1000 YAML documents (document limit)" });
  });

  it("reports a YAML syntax error with its line", () => {
    const r = parseManifestText("spec:\n  a: 1\n b: 2\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^yaml: line \d+: /);
  });
});
