import { expect, it } from "vitest";
import { smartLabelFor } from "../../../../src/cli/kubectl/describe/generic.ts";

// kubectl's generic describer labels fields as fatih/camelcase splits them, acronyms upper-cased.
it.each([
  ["apiVersion", "API Version"],
  ["creationTimestamp", "Creation Timestamp"],
  ["scaleDown", "Scale Down"],
  ["stabilizationWindowSeconds", "Stabilization Window Seconds"],
  ["HTTPServer", "HTTP Server"],
  ["uid", "UID"],
  ["targetCPUUtilizationPercentage", "Target CPU Utilization Percentage"],
  ["x", "X"],
  ["port80", "port80"],
])("labels %s as %s", (field, label) => {
  expect(smartLabelFor(field)).toBe(label);
});
