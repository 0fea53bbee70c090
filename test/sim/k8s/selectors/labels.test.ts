import { describe, expect, it } from "vitest";
import {
  formatLabelSelector,
  fromLabelSelector,
  LabelSelector,
  parseLabelSelector,
  selectorFromSet,
  validateLabelSelector,
} from "../../../../src/sim/k8s/selectors/labels.ts";
import { enhanceListErrorMessage, groupVersionResourceString } from "../../../../src/sim/k8s/selectors/list-error.ts";
import { aggregate } from "../../../../src/sim/k8s/validation/field-errors.ts";

const parse = (s: string) => {
  const r = parseLabelSelector(s);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
};
const parseError = (s: string) => {
  const r = parseLabelSelector(s);
  return r.ok ? `parsed as ${r.selector}` : r.error;
};

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("parsing a label selector string", () => {
  const canonical: [string, string, string][] = [
    ["an equality", "app=nginx", "app=nginx"],
    ["a double equals keeps its spelling", "app==nginx", "app==nginx"],
    ["requirements come out sorted by key", "tier!=front,app=nginx", "app=nginx,tier!=front"],
    ["set values are sorted and unique", "env in (qa, prod,qa)", "env in (prod,qa)"],
    ["notin", "env notin (dev)", "env notin (dev)"],
    ["a bare key means exists", "canary", "canary"],
    ["a bang means does not exist", "!canary", "!canary"],
    ["greater and less than", "x>5,y<3", "x>5,y<3"],
    ["whitespace around tokens is ignored", "  app = nginx ,\ttier in ( a ) ", "app=nginx,tier in (a)"],
    ["an empty value after = is the empty string", "app=", "app="],
    ["empty parentheses hold the empty value", "x in ()", "x in ()"],
    ["in and notin are values inside parentheses", "x in (in,notin)", "x in (in,notin)"],
    ["a prefixed key", "app.kubernetes.io/name=web", "app.kubernetes.io/name=web"],
    ["the empty selector", "", ""],
  ];
  it.each(canonical)("%s: %j -> %j", (_name, input, want) => {
    expect(parse(input).toString()).toBe(want);
  });

  const errors: [string, string, string][] = [
    ["two words", "a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ["a trailing comma", "a=b,", "found '', expected: identifier after ','"],
    ["a leading operator", "=b", "found '=', expected: !, identifier, or 'end of string'"],
    ["a bang alone", "!", "unable to parse requirement: found '', expected: identifier"],
    [
      "not in is two words",
      "component not in (x)",
      "unable to parse requirement: found 'not', expected: in, notin, =, ==, !=, gt, lt",
    ],
    ["a missing parenthesis", "x in a", "unable to parse requirement: found 'a' expected: '('"],
    ["an unclosed set", "x in (a", "unable to parse requirement: found '', expected: ',' or ')'"],
    [
      "an operator inside a set",
      "x in (=)",
      "unable to parse requirement: found '=', expected: ',', ')' or identifier",
    ],
    ["a value followed by an operator", "a=b=c", "found '=', expected: ',' or 'end of string'"],
    ["a negated equality", "!a=b", "found '=', expected: ',' or 'end of string'"],
    [
      "a colon in the key",
      "app:monolith",
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART}`,
    ],
    ["an invalid value", "app=-x", `unable to parse requirement: values[0][app]: Invalid value: "-x": ${LABEL_VALUE}`],
    [
      "a non-integer for gt",
      "x>abc",
      "unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    [
      "two invalid set values",
      "x in (-a,-b)",
      `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${LABEL_VALUE}, values[1][x]: Invalid value: "-b": ${LABEL_VALUE}]`,
    ],
  ];
  it.each(errors)("%s: %j fails with the API server's words", (_name, input, want) => {
    expect(parseError(input)).toBe(want);
  });

  it("a prefix that is not a DNS subdomain is reported as the prefix part", () => {
    expect(parseError("app.kubernetes_io/name=x")).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });
});

describe("matching labels", () => {
  const labels = { app: "nginx", tier: "front", replicas: "3" };
  const cases: [string, string, boolean][] = [
    ["equality holds", "app=nginx", true],
    ["equality fails on another value", "app=web", false],
    ["inequality holds when the key is absent", "env!=prod", true],
    ["in holds for a listed value", "tier in (front,back)", true],
    ["in fails when the key is absent", "env in (prod)", false],
    ["notin holds when the key is absent", "env notin (prod)", true],
    ["exists", "tier", true],
    ["does not exist", "!tier", false],
    ["greater than compares integers", "replicas>2", true],
    ["less than compares integers", "replicas<3", false],
    ["gt fails on a non-integer label", "app>1", false],
    ["all requirements must hold", "app=nginx,tier=back", false],
    ["the empty selector matches everything", "", true],
  ];
  it.each(cases)("%s (%s)", (_name, selector, want) => {
    expect(parse(selector).matches(labels)).toBe(want);
  });

  it("nothing matches nothing, even no labels", () => {
    expect(LabelSelector.nothing().matches({})).toBe(false);
    expect(LabelSelector.nothing().empty()).toBe(false);
    expect(LabelSelector.everything().matches({})).toBe(true);
    expect(LabelSelector.everything().empty()).toBe(true);
  });

  it("a map selector (Service, ReplicationController) is a sorted set of equalities", () => {
    const s = selectorFromSet({ tier: "web", app: "nginx" });
    expect(s.toString()).toBe("app=nginx,tier=web");
    expect(
      s.matches(
        new Map([
          ["app", "nginx"],
          ["tier", "web"],
          ["x", "y"],
        ]),
      ),
    ).toBe(true);
    expect(s.requiresExactMatch("app")).toBe("nginx");
  });
});

describe("metav1.LabelSelector", () => {
  it("matchLabels and matchExpressions combine, sorted, as kubectl describe shows them", () => {
    const ps = {
      matchLabels: { app: "nginx" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["b", "a"] },
        { key: "canary", operator: "DoesNotExist" },
        { key: "env", operator: "Exists" },
        { key: "zone", operator: "NotIn", values: ["x"] },
      ],
    };
    expect(formatLabelSelector(ps)).toBe("app=nginx,!canary,env,tier in (a,b),zone notin (x)");
    const r = fromLabelSelector(ps);
    expect(r.ok && r.selector.matches({ app: "nginx", env: "1", tier: "a" })).toBe(true);
    expect(r.ok && r.selector.matches({ app: "nginx", env: "1", tier: "a", canary: "" })).toBe(false);
  });

  it("nil selects nothing and empty selects everything", () => {
    expect(formatLabelSelector(null)).toBe("<none>");
    expect(formatLabelSelector({})).toBe("<none>");
    const nil = fromLabelSelector(undefined);
    expect(nil.ok && nil.selector.matchesNothing()).toBe(true);
    const empty = fromLabelSelector({ matchLabels: {} });
    expect(empty.ok && empty.selector.empty()).toBe(true);
  });

  it("conversion errors are Go's text", () => {
    expect(fromLabelSelector({ matchExpressions: [{ key: "a", operator: "Foo" }] })).toEqual({
      ok: false,
      error: '"Foo" is not a valid label selector operator',
    });
    expect(fromLabelSelector({ matchExpressions: [{ key: "a", operator: "In" }] })).toEqual({
      ok: false,
      error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
    expect(fromLabelSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] })).toEqual({
      ok: false,
      error: 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    });
    expect(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Foo" }] })).toBe("<error>");
  });

  it("API validation reports every problem with its field path", () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { "bad key": "v" },
        matchExpressions: [
          { key: "a", operator: "In" },
          { key: "b", operator: "Exists", values: ["x"] },
          { key: "c", operator: "Like" },
        ],
      },
      "spec.selector",
    );
    expect(aggregate(errs)).toBe(
      `[spec.selector.matchLabels: Invalid value: "bad key": ${NAME_PART}, ` +
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn', " +
        "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist', " +
        'spec.selector.matchExpressions[2].operator: Invalid value: "Like": not a valid selector operator]',
    );
  });

  it("newer servers also check expression values", () => {
    const ps = { matchExpressions: [{ key: "a", operator: "In", values: ["-x"] }] };
    expect(validateLabelSelector(ps, "spec.selector")).toEqual([]);
    expect(aggregate(validateLabelSelector(ps, "spec.selector", { validateExpressionValues: true }))).toBe(
      `spec.selector.matchExpressions[0].values[0]: Invalid value: "-x": ${LABEL_VALUE}`,
    );
  });
});

describe("how kubectl frames a selector error from a list call", () => {
  it("names the resource and both selectors", () => {
    const msg = parseError("a b");
    expect(
      enhanceListErrorMessage(msg, { resource: groupVersionResourceString("", "v1", "pods"), labelSelector: "a b" }),
    ).toBe(
      'Unable to find "/v1, Resource=pods" that match label selector "a b", field selector "": unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt',
    );
  });

  it("without selectors it says it was unable to list", () => {
    expect(enhanceListErrorMessage("boom", { resource: groupVersionResourceString("apps", "v1", "deployments") })).toBe(
      'Unable to list "apps/v1, Resource=deployments": boom',
    );
  });
});
