import { describe, expect, it } from "vitest";
import { parseScript, splitTopLevel } from "../../../src/cli/shell/parser.ts";

describe("splitTopLevel", () => {
  const cases: { name: string; script: string; want: string[] }[] = [
    { name: "one command per line", script: "echo a\necho b\n", want: ["echo a", "echo b"] },
    {
      name: "a heredoc belongs to its command",
      script: "cat <<EOF | grep x\nx1\ny\nEOF\necho next",
      want: ["cat <<EOF | grep x\nx1\ny\nEOF", "echo next"],
    },
    {
      name: "a quoted heredoc delimiter is found",
      script: "cat > f.yaml <<'END'\nkind: Pod\nEND\nls",
      want: ["cat > f.yaml <<'END'\nkind: Pod\nEND", "ls"],
    },
    {
      name: "backslash continuations stay together",
      script: "kubectl run x \\\n  --image=nginx\necho done",
      want: ["kubectl run x \\\n  --image=nginx", "echo done"],
    },
    { name: "an open quote spans lines", script: "echo 'a\nb'\necho c", want: ["echo 'a\nb'", "echo c"] },
    {
      name: "compound commands spanning lines stay together",
      script: "for i in 1 2; do\n  echo $i\ndone\nif true; then\n  echo y\nfi",
      want: ["for i in 1 2; do\n  echo $i\ndone", "if true; then\n  echo y\nfi"],
    },
    { name: "a function definition is one step", script: "f() {\n  echo hi\n}\nf", want: ["f() {\n  echo hi\n}", "f"] },
    {
      name: "&& at the end of a line continues the command",
      script: "true &&\n  echo yes\necho z",
      want: ["true &&\n  echo yes", "echo z"],
    },
    {
      name: "blank and comment-only lines are dropped",
      script: "# setup\n\necho a # trailing\n\n",
      want: ["echo a # trailing"],
    },
    { name: "several commands on one line are one step", script: "cd /tmp; ls", want: ["cd /tmp; ls"] },
    { name: "a syntax error keeps its line as a step", script: "echo a;; b\necho c", want: ["echo a;; b", "echo c"] },
    {
      name: "an unterminated construct keeps the rest",
      script: "echo ok\nif true; then\necho x",
      want: ["echo ok", "if true; then\necho x"],
    },
    {
      name: "a heredoc inside a command substitution stays with it",
      script: "X=$(cat <<EOF\nv\nEOF\n)\necho $X",
      want: ["X=$(cat <<EOF\nv\nEOF\n)", "echo $X"],
    },
  ];
  it.each(cases)("$name", ({ script, want }) => {
    expect(splitTopLevel(script)).toEqual(want);
  });
});

describe("parseScript", () => {
  const errors: { name: string; src: string; message: string }[] = [
    { name: "a leading pipe", src: "| grep x", message: "bash: syntax error near unexpected token `|'" },
    { name: "a missing then", src: "if true; fi", message: "bash: syntax error near unexpected token `fi'" },
    { name: "an empty group", src: "{ }", message: "bash: syntax error near unexpected token `}'" },
    { name: "an unclosed subshell", src: "(echo a", message: "bash: -c: line 1: syntax error: unexpected end of file" },
    {
      name: "an unclosed command substitution",
      src: "echo $(date",
      message: "bash: -c: line 1: unexpected EOF while looking for matching `('",
    },
    {
      name: "an unclosed double quote",
      src: 'echo "abc',
      message: "bash: -c: line 1: unexpected EOF while looking for matching `\"'",
    },
    {
      name: "a redirection without target",
      src: "echo >",
      message: "bash: syntax error near unexpected token `newline'",
    },
    {
      name: "a bad case terminator",
      src: "case x in a) echo;; ;; esac",
      message: "bash: syntax error near unexpected token `;;'",
    },
  ];
  it.each(errors)("reports $name with bash's wording", ({ src, message }) => {
    expect(parseScript(src)).toEqual({ ok: false, message, limit: false });
  });

  it("parses nested compound commands", () => {
    const r = parseScript("while read l; do case $l in a*) if [ -n x ]; then { echo $((1+2)); } fi;; esac; done < f");
    expect(r.ok).toBe(true);
  });
});
