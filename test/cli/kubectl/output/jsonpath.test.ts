import { describe, expect, it } from "vitest";
import { goFloatV, goJsonMarshal, goSharpV, goSprint } from "../../../../src/cli/kubectl/output/go-values.ts";
import { compileJsonPath } from "../../../../src/cli/kubectl/output/jsonpath.ts";
import { newJsonPathPrinter } from "../../../../src/cli/kubectl/output/jsonpath-printer.ts";

const list = {
  apiVersion: "v1",
  kind: "List",
  items: [
    {
      kind: "Pod",
      metadata: { name: "web-1", labels: { app: "web", tier: "front" }, creationTimestamp: null },
      spec: {
        containers: [
          { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] },
          { name: "log", image: "busybox" },
        ],
      },
      status: {
        phase: "Running",
        conditions: [
          { type: "Initialized", status: "True" },
          { type: "Ready", status: "True" },
        ],
      },
    },
    {
      kind: "Pod",
      metadata: { name: "db-0", labels: { app: "db" } },
      spec: { containers: [{ name: "pg", image: "postgres:16", ports: [{ containerPort: 5432 }] }] },
      status: { phase: "Pending", conditions: [{ type: "Ready", status: "False" }] },
    },
  ],
};

const run = (template: string, data: unknown = list, allowMissingKeys = true) => {
  const c = compileJsonPath(template, { allowMissingKeys });
  if (!c.ok) return `parse error: ${c.error}`;
  const r = c.eval(data);
  return r.ok ? r.text : `error: ${r.error}`;
};

describe("evaluating a jsonpath template", () => {
  const cases: [string, string, string][] = [
    ["a field", "{.kind}", "List"],
    ["text around actions is printed as is", "kind is {.kind}\\n", "kind is List\\n"],
    ["a quoted string literal is unescaped", "{.kind}{\"\\n\"}{'\\t'}", "List\n\t"],
    ["several values of one action are space separated", "{.items[*].metadata.name}", "web-1 db-0"],
    ["an index", "{.items[0].metadata.name}", "web-1"],
    ["a negative index", "{.items[-1].metadata.name}", "db-0"],
    ["a slice", "{.items[0:1].metadata.name}", "web-1"],
    ["a slice to the end", "{.items[-1:].metadata.name}", "db-0"],
    // Each branch of a union runs over all inputs before the next branch.
    ["a union", "{.items[*].metadata['name','labels']}", 'web-1 db-0 {"app":"web","tier":"front"} {"app":"db"}'],
    ["a map prints as compact JSON with sorted keys", "{.items[0].metadata.labels}", '{"app":"web","tier":"front"}'],
    ["an array prints as JSON", "{.items[0].spec.containers[*].ports}", '[{"containerPort":80}]'],
    ["numbers print bare", "{.items[*].spec.containers[*].ports[*].containerPort}", "80 5432"],
    ["null prints as <nil>", "{.items[0].metadata.creationTimestamp}", "<nil>"],
    ["a dict key in brackets", "{.items[0].metadata.labels['app']}", "web"],
    // Containers are visited depth first, map values in key order (metadata < spec).
    ["recursive descent finds every name", "{..name}", "web-1 nginx log db-0 pg"],
    ["a wildcard over a map walks its values in key order", "{.items[1].metadata.labels.*}", "db"],
    ["a filter on equality", '{.items[*].status.conditions[?(@.type=="Ready")].status}', "True False"],
    ["a filter on inequality", "{.items[0].status.conditions[?(@.type!='Ready')].type}", "Initialized"],
    ["a filter on existence", "{.items[*].spec.containers[?(@.ports)].name}", "nginx pg"],
    ["a numeric filter", "{.items[*].spec.containers[*].ports[?(@.containerPort>100)].containerPort}", "5432"],
    ["a numeric equality", "{.items[*].spec.containers[*].ports[?(@.containerPort==80)].containerPort}", "80"],
    [
      "range prints the body once per item",
      '{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
      "web-1\tRunning\ndb-0\tPending\n",
    ],
    ["actions after end run once", "{range .items[*]}[{.metadata.name}]{end} done", "[web-1][db-0] done"],
    // Upstream quirk: an inner loop's {end} breaks out of the outer body except on the last item.
    ["nested range", "{range .items[*]}{range .spec.containers[*]}{.name},{end};{end}", "nginx,log,pg,;"],
    ["a missing key prints nothing when allowed", "{.foo}", ""],
    ["the root", "{.items[1].metadata}", '{"labels":{"app":"db"},"name":"db-0"}'],
    ["@ is the current object", "{@.kind}", "List"],
    ["a step", "{.items[0:2:2].metadata.name}", "web-1"],
  ];
  it.each(cases)("%s: %s", (_name, template, want) => {
    expect(run(template)).toBe(want);
  });

  const failures: [string, string, string][] = [
    ["a missing key when not allowed", "{.foo}", "error: foo is not found"],
    ["indexing past the end", "{.items[5]}", "error: array index out of bounds: index 5, length 2"],
    ["indexing a map", "{.items[0].metadata[0]}", "error: map[string]interface {} is not array or slice"],
    ["an unknown identifier", "{foo}", "error: unrecognized identifier foo"],
    ["end without range", "{end}", "error: not in range, nothing to end"],
    [
      "a filter that finds two values to compare",
      "{.items[?(@.spec.containers[*].name=='x')]}",
      "error: can only compare one element at a time",
    ],
    ["a zero step", "{.items[0:2:0]}", "error: step must be > 0"],
  ];
  it.each(failures)("%s: %s", (_name, template, want) => {
    expect(run(template, list, false)).toBe(want);
  });
});

describe("parsing a jsonpath template", () => {
  const cases: [string, string][] = [
    ["{.items", "unclosed action"],
    ["{.items[}", "unterminated array"],
    ["{.items[?(@.a==1}", "unterminated filter"],
    ["{.items[?(@.a==1)}", "unclosed array expect ]"],
    ['{"abc}', "unterminated quoted string"],
    ["{.a && .b}", "unrecognized character in action: U+0026 '&'"],
    ["{.items[a]}", "invalid array index a"],
    ["{.items[-]}", "array index - is not a number"],
    ["{....a}", "invalid multiple recursive descent"],
    ["{1.2.3}", "cannot parse number 1.2.3"],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
  ];
  it.each(cases)("%s fails with %j", (template, want) => {
    expect(compileJsonPath(template)).toEqual({ ok: false, error: want });
  });
});

describe("kubectl -o jsonpath", () => {
  it("prints with missing keys allowed by default", () => {
    const p = newJsonPathPrinter("jsonpath={.items[*].metadata.name}{.nope}");
    expect(p.ok && p.printer.printObj(list)).toEqual({ ok: true, text: "web-1 db-0" });
  });

  it("reports a parse error with the template", () => {
    expect(newJsonPathPrinter("jsonpath={.items[")).toEqual({
      ok: false,
      error: "error parsing jsonpath {.items[, unterminated array",
    });
  });

  it("needs a template", () => {
    expect(newJsonPathPrinter("jsonpath=")).toEqual({
      ok: false,
      error: "template format specified but no template given",
    });
  });

  it("dumps the object as Go sees it when execution fails", () => {
    const p = newJsonPathPrinter("jsonpath={.spec.foo}", { allowMissingTemplateKeys: false });
    const obj = {
      kind: "Pod",
      metadata: { name: "web", labels: { app: "web" } },
      spec: { replicas: 3, ratio: 0.5, paused: false, x: null, l: [] },
    };
    expect(p.ok && p.printer.printObj(obj)).toEqual({
      ok: false,
      error:
        'error executing jsonpath "{.spec.foo}": Error executing template: foo is not found. Printing more information for debugging the template:\n' +
        "\ttemplate was:\n\t\t{.spec.foo}\n" +
        '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"kind":"Pod", "metadata":map[string]interface {}{"labels":map[string]interface {}{"app":"web"}, "name":"web"}, "spec":map[string]interface {}{"l":[]interface {}{}, "paused":false, "ratio":0.5, "replicas":3, "x":interface {}(nil)}}\n\n\n',
    });
  });

  it("reads a template file", () => {
    const p = newJsonPathPrinter("jsonpath-file=t.txt", {
      readFile: (path) => (path === "t.txt" ? { ok: true, text: "{.kind}" } : { ok: false, error: "nope" }),
    });
    expect(p.ok && p.printer.printObj(list)).toEqual({ ok: true, text: "List" });
    expect(newJsonPathPrinter("jsonpath-file=missing.txt")).toEqual({
      ok: false,
      error: "error reading --template missing.txt, open missing.txt: no such file or directory",
    });
  });

  it("jsonpath-as-json prints each action's results as an indented JSON array", () => {
    const p = newJsonPathPrinter("jsonpath-as-json={.items[*].metadata.name}");
    expect(p.ok && p.printer.printObj(list)).toEqual({ ok: true, text: '[\n    "web-1",\n    "db-0"\n]\n' });
  });
});

describe("Go's printing of JSON values", () => {
  it("fmt.Sprint", () => {
    expect(goSprint({ b: [1, "x", null], a: { c: true } })).toBe("map[a:map[c:true] b:[1 x <nil>]]");
  });
  it("floats in %v", () => {
    expect([0.5, 1e6 + 0.5, 1e-5, 123456.5, 2.5e21].map(goFloatV)).toEqual([
      "0.5",
      "1.0000005e+06",
      "1e-05",
      "123456.5",
      "2.5e+21",
    ]);
  });
  it("%#v", () => {
    expect(goSharpV({ s: 'a"b', n: [] })).toBe('map[string]interface {}{"n":[]interface {}{}, "s":"a\\"b"}');
  });
  it("json.Marshal escapes HTML characters", () => {
    expect(goJsonMarshal({ z: "<a&b>", a: 1.5 })).toBe('{"a":1.5,"z":"\\u003ca\\u0026b\\u003e"}');
  });
});
