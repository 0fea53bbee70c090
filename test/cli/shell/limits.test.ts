import { describe, expect, it } from "vitest";
import { session } from "./helpers.ts";

const limit = (text: string) => ({ stdout: "", stderr: `labgrader: limit reached: ${text}\n`, exitCode: 125 });

describe("shell limits", () => {
  const cases: {
    name: string;
    limits: Record<string, number>;
    run: string;
    want: { stdout: string; stderr: string; exitCode: number };
  }[] = [
    {
      name: "an endless loop stops at the loop iteration limit",
      limits: { maxLoopIterations: 20 },
      run: "while true; do :; done",
      want: limit("more than 20 loop iterations (loop iteration limit)"),
    },
    {
      name: "too many commands stop at the command limit",
      limits: { maxCommands: 30 },
      run: "while true; do :; done",
      want: limit("more than 30 commands (command limit)"),
    },
    {
      name: "unbounded recursion stops at the call depth limit",
      limits: { maxCallDepth: 10 },
      run: "f() { f; }; f",
      want: limit("more than 10 nested function calls (call depth limit)"),
    },
    {
      name: "endless output stops at the output limit",
      limits: { maxOutputBytes: 100 },
      run: "yes",
      want: limit("more than 100 bytes of output (output limit)"),
    },
    {
      name: "deeply nested substitutions stop at the substitution depth limit",
      limits: { maxSubstitutionDepth: 2 },
      run: "echo $(echo $(echo $(echo x)))",
      want: limit("command substitution nested more than 2 levels (substitution depth limit)"),
    },
    {
      name: "a too long command line stops at the script size limit",
      limits: { maxScriptBytes: 20 },
      run: `echo ${"x".repeat(30)}`,
      want: limit("command line longer than 20 bytes (script size limit)"),
    },
    {
      name: "deeply nested syntax stops at the parser nesting limit",
      limits: { maxParseDepth: 50 },
      run: `${"( ".repeat(60)}true${" )".repeat(60)}`,
      want: limit("script nested more than 50 levels deep (parser nesting limit)"),
    },
    {
      name: "recursive source stops at the call depth limit",
      limits: { maxCallDepth: 5 },
      run: "echo '. ./self.sh' > self.sh; . ./self.sh",
      want: limit("more than 5 nested function calls (call depth limit)"),
    },
  ];

  it.each(cases)("$name", ({ limits, run, want }) => {
    expect(session(limits).shell.exec(run)).toEqual(want);
  });

  it("output written before the limit is kept", () => {
    expect(session({ maxLoopIterations: 2 }).shell.exec("for i in 1 2 3; do echo $i; done")).toEqual({
      stdout: "1\n2\n",
      stderr: "labgrader: limit reached: more than 2 loop iterations (loop iteration limit)\n",
      exitCode: 125,
    });
  });

  it("sleep past the virtual time bound stops the script", () => {
    const s = session(undefined, 60_000);
    expect(s.shell.exec("sleep 30; echo half; sleep 1m; echo never")).toEqual({
      stdout: "half\n",
      stderr: "labgrader: limit reached: virtual time bound exceeded (virtual time limit)\n",
      exitCode: 125,
    });
  });

  it("the session keeps working after a limit fired", () => {
    const s = session({ maxLoopIterations: 5 });
    s.shell.exec("X=kept; while :; do :; done");
    expect(s.shell.exec("echo $X $?")).toEqual({ stdout: "kept 125\n", stderr: "", exitCode: 0 });
  });

  it("a limit inside a pipeline stage still stops the script", () => {
    expect(session({ maxLoopIterations: 3 }).shell.exec("while :; do echo y; done | head -n 1; echo after")).toEqual(
      limit("more than 3 loop iterations (loop iteration limit)"),
    );
  });

  it("default limits stop an endless loop quickly", () => {
    const r = session().shell.exec("while true; do :; done");
    expect(r).toEqual(limit("more than 10000 commands (command limit)"));
  });

  it("awk's own loop bound stops a runaway program", () => {
    expect(session().shell.exec("awk 'BEGIN { while (1) {} }'")).toEqual({
      stdout: "",
      stderr: "labgrader: limit reached: more than 1000000 awk loop iterations (awk loop limit)\n",
      exitCode: 2,
    });
  });

  it("jq's own bound stops a huge generator", () => {
    expect(session().shell.exec("jq -n '[range(1e9)] | length'")).toEqual({
      stdout: "",
      stderr: "labgrader: limit reached: more than 1000000 jq results (jq output limit)\n",
      exitCode: 5,
    });
  });
});
