import { describe, expect, it } from "vitest";
import { parseGolden, renderGolden } from "./transcript.ts";

const cases: {
  name: string;
  text: string;
  steps: { command: string; stdout: string; stderr: string; exitCode: number }[];
}[] = [
  {
    name: "a command's stdout, marked stderr and exit code are read back",
    text: '# kubernetes: 1.33\n$ kubectl get pod x\nout\n! Error from server (NotFound): pods "x" not found\n[exit 1]\n',
    steps: [
      {
        command: "kubectl get pod x",
        stdout: "out\n",
        stderr: 'Error from server (NotFound): pods "x" not found\n',
        exitCode: 1,
      },
    ],
  },
  {
    name: "continuation lines belong to the command and blank stderr lines keep their place",
    text: "# kubernetes: 1.21\n$ cat <<EOF\n> a\n> EOF\na\n!\n! b\n",
    steps: [{ command: "cat <<EOF\na\nEOF", stdout: "a\n", stderr: "\nb\n", exitCode: 0 }],
  },
  {
    name: "output without a final newline and lines that look like markup are escaped",
    text: "# kubernetes: 1.33\n$ printf x\n\\$ not a command\n\\! not stderr\nx\n[no newline at end of stdout]\n",
    steps: [{ command: "printf x", stdout: "$ not a command\n! not stderr\nx", stderr: "", exitCode: 0 }],
  },
];

describe("golden transcript format", () => {
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseGolden(c.text);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.golden.steps).toEqual(c.steps);
      expect(renderGolden(parsed.golden)).toBe(c.text);
    });
  }

  it("keeps files verbatim between their markers", () => {
    const text = "# kubernetes: 1.33\n=== file a.yaml\nkind: Pod\n---\nkind: Service\n=== end\n$ true\n";
    const parsed = parseGolden(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.golden.files).toEqual([{ name: "a.yaml", text: "kind: Pod\n---\nkind: Service\n" }]);
    expect(renderGolden(parsed.golden)).toBe(text);
  });

  it("names corpus files in the header and renders them back in place", () => {
    const text = "# kubernetes: 1.21\n=== corpus start-docker-kubernetes/chapter6/nginx-pod.yaml\n# note\n$ true\n";
    const parsed = parseGolden(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.golden.corpus).toEqual(["start-docker-kubernetes/chapter6/nginx-pod.yaml"]);
    expect(renderGolden(parsed.golden)).toBe(text);
  });

  it("refuses a transcript without a version", () => {
    expect(parseGolden("$ kubectl get pods\n")).toEqual({ ok: false, error: 'no "# kubernetes: X.Y" header' });
  });
});
