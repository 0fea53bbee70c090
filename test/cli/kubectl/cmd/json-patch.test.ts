import { describe, expect, it } from "vitest";
import { applyJsonPatch, decodeJsonPatch } from "../../../../src/sim/k8s/patch/json-patch.ts";

const apply = (doc: unknown, patch: unknown) => {
  const d = decodeJsonPatch(patch);
  if (!d.ok) return d;
  return applyJsonPatch(doc, d.ops);
};

describe("RFC 6902 JSON patch", () => {
  const table: { name: string; doc: unknown; patch: unknown; want: unknown }[] = [
    {
      name: "add sets a member",
      doc: { a: 1 },
      patch: [{ op: "add", path: "/b", value: 2 }],
      want: { ok: true, value: { a: 1, b: 2 } },
    },
    {
      name: "add - appends to an array",
      doc: { a: [1] },
      patch: [{ op: "add", path: "/a/-", value: 2 }],
      want: { ok: true, value: { a: [1, 2] } },
    },
    {
      name: "add inserts at an index",
      doc: { a: [1, 3] },
      patch: [{ op: "add", path: "/a/1", value: 2 }],
      want: { ok: true, value: { a: [1, 2, 3] } },
    },
    {
      name: "remove deletes",
      doc: { a: 1, b: 2 },
      patch: [{ op: "remove", path: "/a" }],
      want: { ok: true, value: { b: 2 } },
    },
    {
      name: "replace needs the key",
      doc: { a: 1 },
      patch: [{ op: "replace", path: "/b", value: 2 }],
      want: { ok: false, error: "replace operation does not apply: doc is missing key: /b: missing value" },
    },
    {
      name: "move",
      doc: { a: 1 },
      patch: [{ op: "move", from: "/a", path: "/b" }],
      want: { ok: true, value: { b: 1 } },
    },
    {
      name: "copy",
      doc: { a: { x: 1 } },
      patch: [{ op: "copy", from: "/a", path: "/b" }],
      want: { ok: true, value: { a: { x: 1 }, b: { x: 1 } } },
    },
    {
      name: "test failing",
      doc: { a: 1 },
      patch: [{ op: "test", path: "/a", value: 2 }],
      want: { ok: false, error: "testing value /a failed: test failed" },
    },
    {
      name: "pointer escapes",
      doc: { "a/b": { "c~d": 1 } },
      patch: [{ op: "replace", path: "/a~1b/c~0d", value: 2 }],
      want: { ok: true, value: { "a/b": { "c~d": 2 } } },
    },
    {
      name: "not an array",
      doc: {},
      patch: { op: "add" },
      want: { ok: false, error: "json: cannot unmarshal object into Go value of type jsonpatch.Patch" },
    },
    {
      name: "unknown op",
      doc: {},
      patch: [{ op: "frob", path: "/a" }],
      want: { ok: false, error: "Unexpected kind: frob" },
    },
  ];
  for (const t of table) it(t.name, () => expect(apply(t.doc, t.patch)).toEqual(t.want));
});
