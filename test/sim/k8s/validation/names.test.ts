import { describe, expect, it } from "vitest";
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
} from "../../../../src/sim/k8s/validation/names.ts";

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe("name syntax", () => {
  const cases: [string, () => string[], string[]][] = [
    ["a valid subdomain passes", () => isDNS1123Subdomain("web.example.com"), []],
    ["an uppercase subdomain gets the RFC 1123 subdomain message", () => isDNS1123Subdomain("Nginx"), [SUBDOMAIN]],
    [
      "a subdomain longer than 253 characters is too long",
      () => isDNS1123Subdomain("a".repeat(254)),
      ["must be no more than 253 characters"],
    ],
    ["a label with a dot gets the regex message in 1.21", () => isDNS1123Label("a.b", 21), [LABEL]],
    [
      "a label with a dot is told it must not contain dots in 1.33",
      () => isDNS1123Label("a.b", 33),
      ["must not contain dots"],
    ],
    [
      "a DNS-1035 label may not start with a digit",
      () => isDNS1035Label("1web"),
      [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ["a prefixed qualified name passes", () => isQualifiedName("app.kubernetes.io/name"), []],
    [
      "a qualified name with an empty prefix says so",
      () => isQualifiedName("/name"),
      ["prefix part must be non-empty"],
    ],
    [
      "a qualified name with two slashes gets the whole-name message",
      () => isQualifiedName("a/b/c"),
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    [
      "a label value ending in a dash is invalid",
      () => isValidLabelValue("web-"),
      [
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
    ["an empty label value is valid", () => isValidLabelValue(""), []],
    ["port 0 is out of range", () => isValidPortNum(0), ["must be between 1 and 65535, inclusive"]],
    ["port 65536 is out of range", () => isValidPortNum(65536), ["must be between 1 and 65535, inclusive"]],
    [
      "a port name needs a letter and no double dash",
      () => isValidPortName("80--1"),
      ["must contain at least one letter (a-z)", "must not contain consecutive hyphens"],
    ],
    [
      "a config key with a slash is invalid",
      () => isConfigMapKey("a/b"),
      [
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    ["a config key of '..' is refused", () => isConfigMapKey(".."), ["must not be '..'"]],
    [
      "an env var starting with a digit is invalid in 1.21",
      () => isEnvVarName("1ABC", 21),
      [
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      ],
    ],
    ["an env var starting with a digit is fine in 1.33", () => isEnvVarName("1ABC", 33), []],
    [
      "an env var with '=' is invalid in 1.33",
      () => isEnvVarName("A=B", 33),
      ["a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ],
  ];
  it.each(cases)("%s", (_name, run, want) => {
    expect(run()).toEqual(want);
  });
});
