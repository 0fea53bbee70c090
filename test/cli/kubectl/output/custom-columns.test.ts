import { describe, expect, it } from "vitest";
import {
  parseCustomColumnsSpec,
  parseCustomColumnsTemplate,
  printCustomColumns,
  relaxedJsonPathExpression,
} from "../../../../src/cli/kubectl/output/custom-columns.ts";

const list = {
  apiVersion: "v1",
  kind: "List",
  items: [
    {
      metadata: { name: "web-1", labels: { app: "web", tier: "front" } },
      spec: { containers: [{ image: "nginx:1.25" }, { image: "busybox" }], nodeName: "k8s-w1" },
    },
    { metadata: { name: "db-0" }, spec: { containers: [{ image: "postgres:16" }] } },
  ],
};

const print = (spec: string, obj: unknown = list, noHeaders = false) => {
  const p = parseCustomColumnsSpec(spec, noHeaders);
  if (!p.ok) return `spec error: ${p.error}`;
  const r = printCustomColumns(p.spec, obj);
  return r.ok ? r.text : `print error: ${r.error}`;
};

describe("kubectl -o custom-columns", () => {
  it("prints a header and one aligned row per item", () => {
    expect(print("NAME:.metadata.name,IMAGE:.spec.containers[*].image,NODE:.spec.nodeName")).toBe(
      "NAME    IMAGE                NODE\n" +
        "web-1   nginx:1.25,busybox   k8s-w1\n" +
        "db-0    postgres:16          <none>\n",
    );
  });

  it("columns are at least six wide", () => {
    expect(print("N:.metadata.name,A:.metadata.labels.app")).toBe("N       A\nweb-1   web\ndb-0    <none>\n");
  });

  it("--no-headers drops the header line", () => {
    expect(print("NAME:metadata.name", list, true)).toBe("web-1\ndb-0\n");
  });

  it("a map value prints as Go prints a map", () => {
    expect(print("LABELS:{.metadata.labels}")).toBe("LABELS\nmap[app:web tier:front]\n<none>\n");
  });

  it("a single object is one row", () => {
    expect(print("NAME:.metadata.name", list.items[1])).toBe("NAME\ndb-0\n");
  });

  const specErrors: [string, string, string][] = [
    ["a column without a colon", "NAME", "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"],
    ["an empty spec", "", "custom-columns format specified but no custom columns given"],
    [
      "braces inside the path",
      "NAME:{.a}{.b}",
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    ],
  ];
  it.each(specErrors)("%s is refused", (_name, spec, want) => {
    expect(parseCustomColumnsSpec(spec)).toEqual({ ok: false, error: want });
  });

  it("a path that does not parse fails when printing", () => {
    expect(print("NAME:.metadata[")).toBe("print error: unterminated array");
  });

  const relaxed: [string, string][] = [
    ["metadata.name", "{.metadata.name}"],
    [".metadata.name", "{.metadata.name}"],
    ["{metadata.name}", "{.metadata.name}"],
    ["{.metadata.name}", "{.metadata.name}"],
  ];
  it.each(relaxed)("the relaxed path %s means %s", (input, want) => {
    expect(relaxedJsonPathExpression(input)).toEqual({ ok: true, template: want });
  });
});

describe("kubectl -o custom-columns-file", () => {
  it("reads headers and paths from two whitespace separated lines", () => {
    const p = parseCustomColumnsTemplate("NAME      IMAGE\n.metadata.name   {.spec.containers[0].image}\n");
    expect(p.ok && printCustomColumns(p.spec, list)).toEqual({
      ok: true,
      text: "NAME    IMAGE\nweb-1   nginx:1.25\ndb-0    postgres:16\n",
    });
  });

  const errors: [string, string, string][] = [
    [
      "an empty file",
      "",
      "invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.",
    ],
    [
      "only headers",
      "NAME\n",
      "invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.",
    ],
    [
      "a count mismatch",
      "NAME IMAGE\n.metadata.name\n",
      "number of headers (2) and field specifications (1) don't match",
    ],
  ];
  it.each(errors)("%s is refused", (_name, text, want) => {
    expect(parseCustomColumnsTemplate(text)).toEqual({ ok: false, error: want });
  });
});
