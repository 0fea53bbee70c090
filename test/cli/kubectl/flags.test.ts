import { describe, expect, it } from "vitest";
import { type FlagSpec, parseFlags } from "../../../src/cli/kubectl/flags.ts";

const specs: FlagSpec[] = [
  { name: "namespace", short: "n", kind: "string" },
  { name: "filename", short: "f", kind: "stringArray" },
  { name: "all-namespaces", short: "A", kind: "bool" },
  { name: "stdin", short: "i", kind: "bool" },
  { name: "tty", short: "t", kind: "bool" },
  { name: "replicas", kind: "int", default: 1 },
  { name: "dry-run", kind: "string", default: "none", noOptDefault: "unchanged" },
];

describe("pflag-compatible parsing", () => {
  const cases: [string, string[], Record<string, unknown>, string[]][] = [
    ["a long flag takes the next word", ["--namespace", "kube-system", "pods"], { namespace: "kube-system" }, ["pods"]],
    ["a long flag takes =value", ["--namespace=x"], { namespace: "x" }, []],
    ["a shorthand takes the next word", ["-n", "x", "get"], { namespace: "x" }, ["get"]],
    ["a shorthand takes an attached value", ["-nx"], { namespace: "x" }, []],
    ["grouped booleans set each", ["-it"], { stdin: true, tty: true }, []],
    ["a repeatable flag accumulates", ["-f", "a.yaml", "-f", "b.yaml"], { filename: ["a.yaml", "b.yaml"] }, []],
    ["a bare flag with an optional value takes its default", ["--dry-run"], { "dry-run": "unchanged" }, []],
    ["an int flag parses", ["--replicas=3"], { replicas: 3 }, []],
  ];
  for (const [name, argv, want, args] of cases) {
    it(name, () => {
      const r = parseFlags(argv, specs);
      if (!r.ok) throw new Error(r.error);
      for (const [k, v] of Object.entries(want)) expect(r.flags.get(k)).toEqual(v);
      expect(r.args).toEqual(args);
    });
  }

  const errors: [string, string[], string][] = [
    ["an unknown long flag", ["--nope"], "unknown flag: --nope"],
    ["an unknown shorthand", ["-z"], "unknown shorthand flag: 'z' in -z"],
    ["a missing value for a long flag", ["--namespace"], "flag needs an argument: --namespace"],
    ["a missing value for a shorthand", ["-n"], "flag needs an argument: 'n' in -n"],
    [
      "a bad int",
      ["--replicas=x"],
      'invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax',
    ],
  ];
  for (const [name, argv, message] of errors) {
    it(`reports ${name} in pflag's words`, () => {
      expect(parseFlags(argv, specs)).toEqual({ ok: false, error: message });
    });
  }

  it("stops at -- and keeps the rest for the command", () => {
    const r = parseFlags(["pod", "--", "ls", "-l"], specs);
    expect(r).toMatchObject({ ok: true, args: ["pod"], afterDash: ["ls", "-l"] });
  });
});
