import { describe, expect, it } from "vitest";
import { DESCRIBE_TABWRITER, GET_TABWRITER, tabwrite } from "../../../../src/cli/kubectl/printers/tabwriter.ts";

describe("tabwriter as Go's text/tabwriter lays out columns", () => {
  it("pads every column but the last and never pads the trailing cell", () => {
    expect(tabwrite("NAME\tAGE\nnginx\t5s\n", GET_TABWRITER)).toBe("NAME    AGE\nnginx   5s\n");
  });

  it("a column is at least six wide for kubectl get", () => {
    expect(tabwrite("A\tB\n", GET_TABWRITER)).toBe("A     B\n");
  });

  it("a line without the column ends the alignment block", () => {
    const text = "Name:\tnginx\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n";
    expect(tabwrite(text, DESCRIBE_TABWRITER)).toBe(
      "Name:       nginx\nNamespace:  default\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n",
    );
  });
});
