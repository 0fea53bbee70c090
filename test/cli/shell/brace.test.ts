/**
 * Brace expansion against what bash 5.2 prints for the same lines (measured): lists, sequences
 * of numbers (with widths and steps) and letters, nesting, several braces in a word, quoting,
 * expansions inside, malformed braces left alone, and the bound on words.
 */
import { describe, expect, it } from "vitest";
import { session } from "./helpers.ts";

const BASH: [line: string, stdout: string][] = [
  ["echo pod-{1..3}", "pod-1 pod-2 pod-3"],
  ["for i in {1..3}; do echo n$i; done", "n1\nn2\nn3"],
  ["echo {a,}", "a"],
  ["echo [{,a}]", "[] [a]"],
  ["echo x{a,}", "xa x"],
  ["f() { echo $#; }; f {,}; f {a,}", "0\n1"],
  ["echo {1..10..-3}", "1 4 7 10"],
  ["echo {1..3..0}", "1 2 3"],
  ["echo {05..1}", "05 04 03 02 01"],
  ["echo {-3..3..2}", "-3 -1 1 3"],
  ["echo {-05..5..5}", "-05 000 005"],
  ["echo {10..1..4}", "10 6 2"],
  ["echo {a..e..2}", "a c e"],
  ["echo {1..2}{a,b}", "1a 1b 2a 2b"],
  ["echo a{1,2}b{3,4}c", "a1b3c a1b4c a2b3c a2b4c"],
  ["echo {a,{b,c}d}", "a bd cd"],
  [`echo "{a,b}" {"x y",z}`, "{a,b} x y z"],
  ["echo '{a,b}' \\{a,b\\}", "{a,b} {a,b}"],
  ["echo {a,b\\,c}", "a b,c"],
  ["echo {a}{b,c}", "{a}b {a}c"],
  ["echo {1..x}", "{1..x}"],
  ["echo a{b..}", "a{b..}"],
  ["echo {,}", ""],
  ["echo ~/{a,b}", "/root/a /root/b"],
  ["x=7; echo {$x,y}", "7 y"],
  ["echo $(echo {1..2})", "1 2"],
  ["a={1,2}; echo $a", "{1,2}"],
];

describe("brace expansion, as bash does it", () => {
  it.each(BASH)("%s", (line, stdout) => {
    expect(session().shell.exec(line)).toEqual({ stdout: `${stdout}\n`, stderr: "", exitCode: 0 });
  });

  it("makes one word per alternative, for any command", () => {
    const s = session();
    expect(s.shell.exec("mkdir -p app/{logs,data}/{a,b} && ls app app/data")).toEqual({
      stdout: "app:\ndata\nlogs\n\napp/data:\na\nb\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("stops a brace expansion that would make too many words", () => {
    const r = session().shell.exec("echo {1..20000}");
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("a brace expansion yields more than 10000 words (brace expansion limit)");
    expect(r.exitCode).toBe(125);
    const nested = session().shell.exec("echo {1..100}{1..100}{1..100}");
    expect(nested.stderr).toContain("(brace expansion limit)");
  });
});
