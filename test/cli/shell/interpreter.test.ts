// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell syntax, not JS templates.
import { describe, expect, it } from "vitest";
import { type Case, runCase, session } from "./helpers.ts";

const cases: Case[] = [
  // persistence across exec calls
  { name: "a variable set in one exec is visible in the next", setup: ["A=hello"], run: "echo $A", stdout: "hello\n" },
  { name: "cd persists and pwd reports it", setup: ["cd /tmp"], run: "pwd", stdout: "/tmp\n" },
  { name: "cd - returns to the previous directory and prints it", setup: ["cd /tmp"], run: "cd -", stdout: "/root\n" },
  { name: "cd with no argument goes home", setup: ["cd /tmp"], run: "cd; pwd", stdout: "/root\n" },
  { name: "cd ~ goes home", setup: ["cd /etc"], run: "cd ~ && pwd", stdout: "/root\n" },
  {
    name: "cd into a missing directory fails with bash's wording",
    run: "cd nosuchdir",
    stderr: "bash: cd: nosuchdir: No such file or directory\n",
    exitCode: 1,
  },
  {
    name: "functions persist across exec calls",
    setup: ["greet() { echo hi $1; }"],
    run: "greet bob",
    stdout: "hi bob\n",
  },
  { name: "$? persists across exec calls", setup: ["false"], run: "echo $?", stdout: "1\n" },
  { name: "an exported variable is seen by env", setup: ["export K=v"], run: "env | grep ^K=", stdout: "K=v\n" },
  { name: "a plain variable is not exported to env", setup: ["K=v"], run: "env | grep ^K=", exitCode: 1 },
  {
    name: "a prefix assignment is exported to that command only",
    run: "K=v env | grep ^K=; echo [$K]",
    stdout: "K=v\n[]\n",
  },
  // pipes and lists
  { name: "a pipeline passes stdout to the next stdin", run: "echo hello | tr a-z A-Z", stdout: "HELLO\n" },
  { name: "the status of a pipeline is its last command's", run: "false | true; echo $?", stdout: "0\n" },
  {
    name: "pipefail makes a failing stage fail the pipeline",
    run: "set -o pipefail; false | true; echo $?",
    stdout: "1\n",
  },
  {
    name: "&& runs on success and || on failure",
    run: "true && echo yes; false && echo no; false || echo fallback",
    stdout: "yes\nfallback\n",
  },
  { name: "! negates a pipeline's status", run: "! false; echo $?", stdout: "0\n" },
  { name: "a background & runs in the foreground", run: "echo a & echo b", stdout: "a\nb\n" },
  {
    name: "stderr is collected separately from stdout",
    run: "ls /nope; echo done",
    stdout: "done\n",
    stderr: "ls: cannot access '/nope': No such file or directory\n",
  },
  // substitutions
  { name: "$(...) substitutes a command's output", run: "echo [$(echo hi)]", stdout: "[hi]\n" },
  { name: "backticks substitute too", run: "echo `echo hi`", stdout: "hi\n" },
  { name: "command substitutions nest", run: "echo $(echo $(echo deep))", stdout: "deep\n" },
  {
    name: "trailing newlines are stripped from a substitution",
    run: 'x="$(printf "a\\n\\n")"; echo "[$x]"',
    stdout: "[a]\n",
  },
  { name: "an assignment from a failing substitution sets $?", run: "x=$(false); echo $?", stdout: "1\n" },
  {
    name: "arithmetic expansion evaluates integers",
    run: "echo $((7 / 2)) $((2 ** 10)) $((10 % 3)) $((1 < 2 ? 5 : 6))",
    stdout: "3 1024 1 5\n",
  },
  { name: "arithmetic reads variables without $", run: "n=4; echo $((n * 2 + 1))", stdout: "9\n" },
  { name: "((...)) sets the status from the value", run: "((0)); echo $?; ((3)); echo $?", stdout: "1\n0\n" },
  {
    name: "division by zero is an error",
    run: "echo $((1/0))",
    stderr: 'bash: 1/0: division by 0 (error token is "0")\n',
    exitCode: 1,
  },
  // parameter expansion
  { name: "${VAR:-default} uses the default when unset", run: "echo ${NOPE:-dflt}", stdout: "dflt\n" },
  { name: "${VAR:=x} assigns", run: "echo ${V:=x}; echo $V", stdout: "x\nx\n" },
  { name: "${#VAR} is the length", run: "v=hello; echo ${#v}", stdout: "5\n" },
  {
    name: "${VAR#pat} and ${VAR%pat} remove affixes",
    run: "f=/a/b/c.txt; echo ${f##*/} ${f%.txt} ${f#/a}",
    stdout: "c.txt /a/b/c /b/c.txt\n",
  },
  { name: "${VAR/pat/rep} replaces", run: "v=a-b-c; echo ${v/-/+} ${v//-/+}", stdout: "a+b-c a+b+c\n" },
  { name: "${VAR:off:len} slices", run: "v=abcdef; echo ${v:1:3} ${v:2}", stdout: "bcd cdef\n" },
  {
    name: "${VAR:?msg} fails with the message",
    run: "echo ${NOPE:?is required}",
    stderr: "bash: NOPE: is required\n",
    exitCode: 1,
  },
  // quoting
  { name: "single quotes keep everything literal", run: "A=1; echo '$A \"x\"'", stdout: '$A "x"\n' },
  { name: "double quotes expand but do not split", run: 'A="a   b"; echo "$A"; echo $A', stdout: "a   b\na b\n" },
  { name: "a backslash escapes the next character", run: "echo \\$HOME \\* a\\ b", stdout: "$HOME * a b\n" },
  { name: "an empty quoted string is an argument", run: "set -- '' x; echo $#", stdout: "2\n" },
  { name: "ANSI-C quoting interprets escapes", run: "echo $'a\\tb'", stdout: "a\tb\n" },
  {
    name: "unquoted expansion splits on IFS",
    run: 'IFS=:; v="a:b:c"; for x in $v; do echo $x; done',
    stdout: "a\nb\nc\n",
  },
  {
    name: '"$@" keeps arguments intact',
    run: 'f() { for a in "$@"; do echo "<$a>"; done; }; f "a b" c',
    stdout: "<a b>\n<c>\n",
  },
  // heredocs
  { name: "a heredoc expands variables", run: "N=x; cat <<EOF\nhi $N\nEOF", stdout: "hi x\n" },
  {
    name: "a quoted heredoc delimiter disables expansion",
    run: "N=x; cat <<'EOF'\nhi $N $(date)\nEOF",
    stdout: "hi $N $(date)\n",
  },
  { name: "a heredoc can feed a pipeline", run: "cat <<EOF | grep b\na\nb\nEOF", stdout: "b\n" },
  { name: "<<- strips leading tabs", run: "cat <<-EOF\n\tindented\n\tEOF", stdout: "indented\n" },
  { name: "a here-string feeds one line", run: "tr a-z A-Z <<< hello", stdout: "HELLO\n" },
  { name: "two heredocs on one line are read in order", run: "cat <<A; cat <<B\none\nA\ntwo\nB", stdout: "one\ntwo\n" },
  // redirections
  { name: "> writes and >> appends", run: "echo a > f; echo b >> f; cat f", stdout: "a\nb\n" },
  { name: "> truncates", run: "echo a > f; echo b > f; cat f", stdout: "b\n" },
  { name: "2>&1 merges stderr into stdout", run: "ls /nope 2>&1 | wc -l", stdout: "1\n" },
  {
    name: "2> sends stderr to a file",
    run: "ls /nope 2> err; cat err",
    stdout: "ls: cannot access '/nope': No such file or directory\n",
  },
  { name: ">/dev/null discards", run: "echo x >/dev/null; ls /nope 2>/dev/null; echo $?", stdout: "2\n" },
  {
    name: "&> sends both streams",
    run: "{ echo out; ls /nope; } &> all; cat all",
    stdout: "out\nls: cannot access '/nope': No such file or directory\n",
  },
  { name: "< reads a file as stdin", run: "echo data > f; tr a-z A-Z < f", stdout: "DATA\n" },
  {
    name: "a redirection into a missing directory fails",
    run: "echo x > /no/dir/f",
    stderr: "bash: /no/dir/f: No such file or directory\n",
    exitCode: 1,
  },
  {
    name: "2>&1 >file sends stderr where stdout was (the terminal)",
    run: "ls /nope 2>&1 >f",
    stdout: "ls: cannot access '/nope': No such file or directory\n",
    exitCode: 2,
  },
  // globbing
  {
    name: "globs expand sorted against the VFS",
    setup: ["touch b.yaml a.yaml c.txt"],
    run: "echo *.yaml",
    stdout: "a.yaml b.yaml\n",
  },
  { name: "a glob without matches stays literal", run: "echo *.nomatch", stdout: "*.nomatch\n" },
  {
    name: "? and [...] match single characters",
    setup: ["touch a1 a2 b1"],
    run: "echo a? [ab]1",
    stdout: "a1 a2 a1 b1\n",
  },
  { name: "a quoted star is not globbed", setup: ["touch x.txt"], run: 'echo "*".txt', stdout: "*.txt\n" },
  {
    name: "hidden files need an explicit dot",
    setup: ["touch .hidden shown"],
    run: "echo *; echo .h*",
    stdout: "shown\n.hidden\n",
  },
  {
    name: "absolute globs keep their prefix",
    setup: ["mkdir /data; touch /data/x.log /data/y.log"],
    run: "echo /data/*.log",
    stdout: "/data/x.log /data/y.log\n",
  },
  // compound commands
  {
    name: "if/elif/else picks the first true branch",
    run: "x=2; if [ $x = 1 ]; then echo one; elif [ $x = 2 ]; then echo two; else echo other; fi",
    stdout: "two\n",
  },
  { name: "for iterates words", run: "for i in a b c; do echo -n $i; done; echo", stdout: "abc\n" },
  { name: "C-style for counts", run: "for ((i=0; i<3; i++)); do echo $i; done", stdout: "0\n1\n2\n" },
  {
    name: "while with read consumes stdin line by line",
    run: "printf 'a b\\nc d\\n' | while read x y; do echo \"$y-$x\"; done",
    stdout: "b-a\nd-c\n",
  },
  { name: "until loops until success", run: "n=0; until [ $n -ge 3 ]; do n=$((n+1)); done; echo $n", stdout: "3\n" },
  {
    name: "break and continue control loops",
    run: "for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done",
    stdout: "1\n3\n",
  },
  { name: "a group shares the shell state", run: "{ X=1; }; echo $X", stdout: "1\n" },
  { name: "a subshell does not leak state", run: "(X=1; cd /tmp); echo [$X] $(pwd)", stdout: "[] /root\n" },
  {
    name: "case matches glob patterns",
    run: "case web-1 in db*) echo db;; web*|api*) echo web;; *) echo other;; esac",
    stdout: "web\n",
  },
  { name: "case falls through to *", run: "case zzz in a) echo a;; *) echo default;; esac", stdout: "default\n" },
  {
    name: "local variables are restored after the function",
    run: "x=global; f() { local x=inner; echo $x; }; f; echo $x",
    stdout: "inner\nglobal\n",
  },
  { name: "return sets the function's status", run: "f() { return 3; }; f; echo $?", stdout: "3\n" },
  {
    name: "[[ ]] supports patterns, regex and && ||",
    run: "v=nginx-1; [[ $v == nginx* && $v =~ ^[a-z]+-[0-9]$ ]] && echo match",
    stdout: "match\n",
  },
  {
    name: "[[ ]] compares numbers with -lt",
    run: "[[ 2 -lt 10 ]] && echo yes; [[ 2 < 10 ]] || echo 'string order'",
    stdout: "yes\nstring order\n",
  },
  {
    name: "test checks files and strings",
    setup: ["touch f; mkdir d"],
    run: "[ -f f ] && [ -d d ] && [ ! -e nope ] && [ -z '' ] && [ -n x ] && echo ok",
    stdout: "ok\n",
  },
  {
    name: "test rejects a non-integer",
    run: "[ abc -eq 1 ]",
    stderr: "bash: [: abc: integer expression expected\n",
    exitCode: 2,
  },
  { name: "[ without ] is an error", run: "[ 1 = 1", stderr: "bash: [: missing `]'\n", exitCode: 2 },
  // builtins
  { name: "exit ends the exec with its code", run: "echo before; exit 3; echo after", stdout: "before\n", exitCode: 3 },
  { name: "set -e stops at the first failure", run: "set -e; echo a; false; echo b", stdout: "a\n", exitCode: 1 },
  {
    name: "set -e ignores failures in conditions",
    run: "set -e; if false; then :; fi; false || true; echo survived",
    stdout: "survived\n",
  },
  { name: "set -x traces commands to stderr", run: "set -x; echo 'a b'", stdout: "a b\n", stderr: "+ echo 'a b'\n" },
  { name: "shift drops positional parameters", run: "set -- a b c; shift; echo $# $1", stdout: "2 b\n" },
  { name: "alias expands the first word", setup: ["alias k=kubectl"], run: "k get pods", stdout: "kubectl get pods\n" },
  {
    name: "source runs a file in the current shell",
    setup: ["echo 'SRC=yes' > env.sh"],
    run: ". ./env.sh; echo $SRC",
    stdout: "yes\n",
  },
  { name: "eval runs its arguments as a command", run: "cmd='echo evaluated'; eval $cmd", stdout: "evaluated\n" },
  {
    name: "type describes builtins, tools and keywords",
    run: "type cd; type grep; type if",
    stdout: "cd is a shell builtin\ngrep is /usr/bin/grep\nif is a shell keyword\n",
  },
  {
    name: "which finds tools and simulation commands",
    run: "which grep kubectl",
    stdout: "/usr/bin/grep\n/usr/bin/kubectl\n",
  },
  { name: "read -r keeps backslashes", run: "read -r line <<< 'a\\b'; echo \"$line\"", stdout: "a\\b\n" },
  { name: "unset removes a variable", run: "A=1; unset A; echo [${A:-gone}]", stdout: "[gone]\n" },
  {
    name: "printf formats numbers and strings",
    run: "printf '%-5s|%05.1f|%x\\n' ab 3.14159 255",
    stdout: "ab   |003.1|ff\n",
  },
  {
    name: "echo -e interprets escapes, echo -n omits the newline",
    run: "echo -e 'a\\tb'; echo -n x",
    stdout: "a\tb\nx",
  },
  {
    name: "export -p lists exported variables",
    setup: ["export ZZ=1"],
    run: "export -p | grep ZZ",
    stdout: 'declare -x ZZ="1"\n',
  },
  {
    name: "bash -c runs a script in a subshell",
    run: "bash -c 'X=1; echo $0 $1' name arg; echo [$X]",
    stdout: "name arg\n[]\n",
  },
  // command lookup
  {
    name: "an unknown command is 127 with bash's message",
    run: "nosuchcmd --flag",
    stderr: "bash: nosuchcmd: command not found\n",
    exitCode: 127,
  },
  // Measured against bash 5.2.
  {
    name: "RANDOM is bash's generator: seeded by assignment, the same numbers as bash",
    run: "RANDOM=1; echo $RANDOM $RANDOM $RANDOM; RANDOM=42; echo $RANDOM",
    stdout: "16807 10791 19566\n17772\n",
  },
  {
    name: "LINENO is the line of the command in what the shell reads",
    setup: ["printf 'echo $LINENO\\n\\necho $LINENO\\n' > l.sh"],
    run: "bash l.sh",
    stdout: "1\n3\n",
  },
  { name: "printf -v sets a variable instead of printing", run: "printf -v y '%03d' 7; echo $y", stdout: "007\n" },
  {
    name: "printf -v refuses a name that is not an identifier",
    run: "printf -v 1x '%s' a",
    stderr: "bash: printf: `1x': not a valid identifier\n",
    exitCode: 2,
  },
  {
    name: "an EXIT trap runs as the shell ends, with its status, which it keeps",
    run: "bash -c \"trap 'echo st=\\$?' EXIT; echo work; false\"; echo rc=$?",
    stdout: "work\nst=1\nrc=1\n",
  },
  {
    name: "an exit in an EXIT trap sets the status",
    run: "bash -c \"trap 'echo bye; exit 3' EXIT; exit 5\"; echo rc=$?",
    stdout: "bye\nrc=3\n",
  },
  {
    name: "a subshell runs its own EXIT trap and not its parent's",
    run: "bash -c \"trap 'echo outer' EXIT; (trap 'echo inner' EXIT; echo sub); echo main\"",
    stdout: "sub\ninner\nmain\nouter\n",
  },
  {
    name: "trap lists what is set, EXIT first and signals by number, and resets with -",
    run: "trap 'echo t' INT TERM; trap \"echo it's\" 0; trap; trap - EXIT; trap -p",
    stdout:
      "trap -- 'echo it'\\''s' EXIT\ntrap -- 'echo t' SIGINT\ntrap -- 'echo t' SIGTERM\ntrap -- 'echo t' SIGINT\ntrap -- 'echo t' SIGTERM\n",
  },
  {
    name: "trap refuses a condition it does not know",
    run: "trap 'x' FOO",
    stderr: "bash: trap: FOO: invalid signal specification\n",
    exitCode: 1,
  },
  // Each shell's words for a command it cannot run, as bash 5.2 and dash 0.5 (the host's sh)
  // print them: the name it runs as, a line when it reads a script, and why.
  {
    name: "bash -c names the line, as a shell reading commands does",
    run: "bash -c 'true; nosuchcmd'",
    stderr: "bash: line 1: nosuchcmd: command not found\n",
    exitCode: 127,
  },
  {
    name: "bash -c with a name of its own names the line",
    run: "bash -c 'true\nnosuchcmd' myname",
    stderr: "myname: line 2: nosuchcmd: command not found\n",
    exitCode: 127,
  },
  {
    name: "bash reading a script from stdin names the line",
    run: "printf 'true\\nnosuchcmd\\n' | bash",
    stderr: "bash: line 2: nosuchcmd: command not found\n",
    exitCode: 127,
  },
  {
    name: "bash running a script file names the file and the line",
    setup: ["printf 'echo a\\nnosuchcmd\\n' > s.sh"],
    run: "bash s.sh",
    stdout: "a\n",
    stderr: "s.sh: line 2: nosuchcmd: command not found\n",
    exitCode: 127,
  },
  {
    name: "a builtin's error in bash -c names the line too",
    run: "bash -c 'true\ncd /nonexistent'",
    stderr: "bash: line 2: cd: /nonexistent: No such file or directory\n",
    exitCode: 1,
  },
  {
    name: "at the prompt, bash names no line",
    run: "cd /nonexistent",
    stderr: "bash: cd: /nonexistent: No such file or directory\n",
    exitCode: 1,
  },
  {
    name: "the host's sh is dash: its $0, the line and not found",
    run: "sh -c 'echo $0\nnosuchcmd'",
    stdout: "sh\n",
    stderr: "sh: 2: nosuchcmd: not found\n",
    exitCode: 127,
  },
  {
    name: "dash running a script file names it and the line",
    setup: ["printf 'nosuchcmd\\n' > s.sh"],
    run: "sh s.sh",
    stderr: "s.sh: 1: nosuchcmd: not found\n",
    exitCode: 127,
  },
  {
    name: "/bin/sh is sh, named as typed",
    run: "/bin/sh -c '/usr/bin/nosuchcmd'",
    stderr: "/bin/sh: 1: /usr/bin/nosuchcmd: not found\n",
    exitCode: 127,
  },
  {
    name: "a missing path is no such file for bash",
    run: "/usr/bin/nosuchcmd",
    stderr: "bash: /usr/bin/nosuchcmd: No such file or directory\n",
    exitCode: 127,
  },
  {
    name: "a directory run as a command is 126, in each shell's words",
    setup: ["mkdir -p d"],
    run: "./d; sh -c ./d",
    stderr: "bash: ./d: Is a directory\nsh: 1: ./d: Permission denied\n",
    exitCode: 126,
  },
  {
    name: "the simulation's commands are found through resolveCommand",
    run: "echo manifest | kubectl apply -f -",
    stdout: "kubectl apply -f -\nmanifest\n",
  },
  { name: "a tool found by path runs", run: "/usr/bin/echo hi", stdout: "hi\n" },
  {
    name: "a script file runs with its arguments",
    setup: ["printf 'echo script $1\\n' > s.sh"],
    run: "./s.sh one",
    stdout: "script one\n",
  },
  // syntax errors
  {
    name: "an unexpected ;; is a syntax error",
    run: "echo a;; echo b",
    stderr: "bash: syntax error near unexpected token `;;'\n",
    exitCode: 2,
  },
  {
    name: "an unterminated if is an unexpected end of file",
    run: "if true; then echo x",
    stderr: "bash: -c: line 1: syntax error: unexpected end of file\n",
    exitCode: 2,
  },
  {
    name: "an unterminated quote names the quote",
    run: "echo 'abc",
    stderr: "bash: -c: line 1: unexpected EOF while looking for matching `''\n",
    exitCode: 2,
  },
  {
    name: "a stray fi is unexpected",
    run: "fi",
    stderr: "bash: syntax error near unexpected token `fi'\n",
    exitCode: 2,
  },
  { name: "a syntax error sets $? to 2", setup: ["echo a;;"], run: "echo $?", stdout: "2\n" },
  { name: "comments are ignored", run: "echo a # not this\n# nor this", stdout: "a\n" },
  { name: "line continuations join lines", run: "echo a \\\n  b", stdout: "a b\n" },
];

describe("the sandboxed shell", () => {
  it.each(cases)("$name", (c) => {
    const { got, want } = runCase(c);
    expect(got).toEqual(want);
  });

  it("sleep advances the virtual clock by the parsed duration", () => {
    const s = session();
    const before = s.clock.now;
    expect(s.shell.exec("sleep 0.5; sleep 5s; sleep 2m; sleep 1h")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(s.clock.now - before).toBe(500 + 5000 + 120_000 + 3_600_000);
  });

  it("sleep rejects an invalid interval with GNU's wording, quoted as the locale quotes", () => {
    const s = session();
    expect(s.shell.exec("sleep abc")).toEqual({
      stdout: "",
      stderr: "sleep: invalid time interval \u2018abc\u2019\nTry 'sleep --help' for more information.\n",
      exitCode: 1,
    });
    expect(s.shell.exec("export LC_ALL=C; sleep abc")).toEqual({
      stdout: "",
      stderr: "sleep: invalid time interval 'abc'\nTry 'sleep --help' for more information.\n",
      exitCode: 1,
    });
  });

  it("a command that throws becomes an internal error result", () => {
    const s = session();
    const broken = {
      name: "broken",
      summary: "throws",
      run: () => {
        throw new Error("boom");
      },
    };
    const shell = new (s.shell.constructor as typeof import("../../../src/cli/shell/interpreter.ts").Shell)({
      fs: s.fs,
      host: { hostname: "h", now: () => 0, advance: () => true },
      resolveCommand: (n) => (n === "broken" ? broken : undefined),
    });
    expect(shell.exec("broken; echo next")).toEqual({
      stdout: "next\n",
      stderr: "labgrader: internal error in broken: boom\n",
      exitCode: 0,
    });
  });

  it("xargs runs commands through the same shell", () => {
    const s = session();
    expect(s.shell.exec("printf 'a\\nb\\n' | xargs -n1 echo item")).toEqual({
      stdout: "item a\nitem b\n",
      stderr: "",
      exitCode: 0,
    });
  });
});
