import { describe, expect, it } from "vitest";
import { type Case, runCase } from "./helpers.ts";

const PEOPLE = "printf 'alice 30 admin\\nbob 25 dev\\ncarol 35 admin\\n' > p.txt";
const POD_JSON = `cat > pods.json <<'JSON'
{"items":[{"metadata":{"name":"web-1","labels":{"app":"web"}},"status":{"phase":"Running"},"spec":{"replicas":3}},
{"metadata":{"name":"db-1","labels":{}},"status":{"phase":"Pending"},"spec":{"replicas":1}}]}
JSON`;

const text: Case[] = [
  // cat
  { name: "cat concatenates files", setup: ["echo a > a; echo b > b"], run: "cat a b", stdout: "a\nb\n" },
  {
    name: "cat reports a missing file and goes on",
    setup: ["echo a > a"],
    run: "cat nofile a",
    stdout: "a\n",
    stderr: "cat: nofile: No such file or directory\n",
    exitCode: 1,
  },
  { name: "cat -n numbers lines", run: "printf 'x\\ny\\n' | cat -n", stdout: "     1\tx\n     2\ty\n" },
  { name: "cat of a directory is an error", run: "cat /tmp", stderr: "cat: /tmp: Is a directory\n", exitCode: 1 },
  // grep
  {
    name: "grep prints matching lines",
    setup: [PEOPLE],
    run: "grep admin p.txt",
    stdout: "alice 30 admin\ncarol 35 admin\n",
  },
  { name: "grep exits 1 without a match", setup: [PEOPLE], run: "grep zzz p.txt", exitCode: 1 },
  {
    name: "grep exits 2 on a missing file",
    run: "grep x nofile",
    stderr: "grep: nofile: No such file or directory\n",
    exitCode: 2,
  },
  { name: "grep -i -n ignores case and numbers", setup: [PEOPLE], run: "grep -in BOB p.txt", stdout: "2:bob 25 dev\n" },
  { name: "grep -v -c counts non-matching lines", setup: [PEOPLE], run: "grep -vc admin p.txt", stdout: "1\n" },
  {
    name: "grep -E takes alternation",
    setup: [PEOPLE],
    run: "grep -E '^(bob|carol)' p.txt",
    stdout: "bob 25 dev\ncarol 35 admin\n",
  },
  {
    name: "grep basic regex treats + literally and \\+ as repetition",
    run: "printf 'a+b\\naab\\n' | grep 'a+b'; printf 'aab\\n' | grep 'a\\+b'",
    stdout: "a+b\naab\n",
  },
  { name: "grep -F matches fixed strings", run: "printf 'a.c\\nabc\\n' | grep -F a.c", stdout: "a.c\n" },
  {
    name: "grep -o prints only the matches",
    setup: [PEOPLE],
    run: "grep -o '[0-9][0-9]' p.txt",
    stdout: "30\n25\n35\n",
  },
  { name: "grep -w matches whole words", run: "printf 'pod\\npods\\n' | grep -w pod", stdout: "pod\n" },
  { name: "grep -q is silent", setup: [PEOPLE], run: "grep -q bob p.txt && echo found", stdout: "found\n" },
  {
    name: "grep prefixes file names when given several",
    setup: ["echo x1 > a; echo x2 > b"],
    run: "grep x a b",
    stdout: "a:x1\nb:x2\n",
  },
  { name: "grep -l lists matching files", setup: ["echo x > a; echo y > b"], run: "grep -l x a b", stdout: "a\n" },
  {
    name: "grep -r searches a tree",
    setup: ["mkdir -p d/s; echo hit > d/s/f; echo miss > d/g"],
    run: "grep -r hit d",
    stdout: "d/s/f:hit\n",
  },
  {
    name: "grep -A/-B print context with separators",
    run: "seq 1 9 | grep -A1 -B1 -E '^(2|7)$'",
    stdout: "1\n2\n3\n--\n6\n7\n8\n",
  },
  { name: "grep -C prints context both sides", run: "seq 1 5 | grep -C1 3", stdout: "2\n3\n4\n" },
  // head / tail
  { name: "head -n takes the first lines", run: "seq 1 5 | head -n 2", stdout: "1\n2\n" },
  { name: "head -3 is head -n 3", run: "seq 1 5 | head -3", stdout: "1\n2\n3\n" },
  { name: "head -c takes bytes", run: "echo abcdef | head -c 3", stdout: "abc" },
  { name: "tail -n takes the last lines", run: "seq 1 5 | tail -n 2", stdout: "4\n5\n" },
  { name: "tail -n +K starts at line K", run: "seq 1 5 | tail -n +4", stdout: "4\n5\n" },
  { name: "tail -f does not follow", run: "seq 1 3 | tail -f -n 1", stdout: "3\n" },
  {
    name: "head prints headers for several files",
    setup: ["echo a > x; echo b > y"],
    run: "head x y",
    stdout: "==> x <==\na\n\n==> y <==\nb\n",
  },
  {
    name: "tail reports a missing file",
    run: "tail nofile",
    stderr: "tail: cannot open 'nofile' for reading: No such file or directory\n",
    exitCode: 1,
  },
  // wc
  { name: "wc aligns counts to the file size width", setup: [PEOPLE], run: "wc p.txt", stdout: " 3  9 41 p.txt\n" },
  { name: "wc on stdin uses width 7", setup: [PEOPLE], run: "cat p.txt | wc", stdout: "      3       9      41\n" },
  { name: "wc -l on stdin prints the bare count", run: "seq 1 4 | wc -l", stdout: "4\n" },
  { name: "wc -l with a file prints the name", setup: [PEOPLE], run: "wc -l p.txt", stdout: "3 p.txt\n" },
  {
    name: "wc totals several files",
    setup: ["echo a > x; echo bb > y"],
    run: "wc -c x y",
    stdout: "2 x\n3 y\n5 total\n",
  },
  // sort / uniq
  { name: "sort sorts bytewise", run: "printf 'b\\nB\\na\\n' | sort", stdout: "B\na\nb\n" },
  { name: "sort -n sorts numerically", run: "printf '10\\n9\\n100\\n' | sort -n", stdout: "9\n10\n100\n" },
  { name: "sort -r reverses", run: "printf 'a\\nc\\nb\\n' | sort -r", stdout: "c\nb\na\n" },
  {
    name: "sort -k2 -n sorts by a field",
    setup: [PEOPLE],
    run: "sort -k2 -n p.txt",
    stdout: "bob 25 dev\nalice 30 admin\ncarol 35 admin\n",
  },
  { name: "sort -t: -k3 uses a separator", run: "printf 'a:1:z\\nb:2:a\\n' | sort -t: -k3", stdout: "b:2:a\na:1:z\n" },
  { name: "sort -u drops duplicates", run: "printf 'b\\na\\nb\\n' | sort -u", stdout: "a\nb\n" },
  { name: "sort -h sorts human sizes", run: "printf '1G\\n10K\\n2M\\n' | sort -h", stdout: "10K\n2M\n1G\n" },
  {
    name: "uniq -c counts adjacent duplicates",
    run: "printf 'a\\na\\nb\\na\\n' | uniq -c",
    stdout: "      2 a\n      1 b\n      1 a\n",
  },
  {
    name: "uniq -d and -u split repeated from unique",
    run: "printf 'a\\na\\nb\\n' | uniq -d; printf 'a\\na\\nb\\n' | uniq -u",
    stdout: "a\nb\n",
  },
  // cut / tr
  {
    name: "cut -d -f selects fields",
    setup: [PEOPLE],
    run: "cut -d' ' -f1,3 p.txt",
    stdout: "alice admin\nbob dev\ncarol admin\n",
  },
  { name: "cut -f with a range", run: "echo a:b:c:d | cut -d: -f2-", stdout: "b:c:d\n" },
  { name: "cut -c selects characters", run: "echo abcdef | cut -c2-4", stdout: "bcd\n" },
  {
    name: "cut without a list is an error",
    run: "cut file",
    stderr: "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
    exitCode: 1,
  },
  { name: "tr maps ranges", run: "echo hello | tr a-z A-Z", stdout: "HELLO\n" },
  { name: "tr maps classes", run: "echo Hello | tr '[:upper:]' '[:lower:]'", stdout: "hello\n" },
  { name: "tr -d deletes", run: "echo 'a-b-c' | tr -d -- -", stdout: "abc\n" },
  { name: "tr -s squeezes", run: "echo 'a   b' | tr -s ' '", stdout: "a b\n" },
  { name: "tr -cd keeps only the set", run: "echo 'ab12cd' | tr -cd '0-9'", stdout: "12" },
  // sed
  {
    name: "sed s///g replaces everywhere",
    setup: [PEOPLE],
    run: "sed 's/a/A/g' p.txt | head -1",
    stdout: "Alice 30 Admin\n",
  },
  { name: "sed replaces the Nth match", run: "echo aaa | sed 's/a/b/2'", stdout: "aba\n" },
  { name: "sed s///i ignores case", run: "echo Hello | sed 's/hello/bye/i'", stdout: "bye\n" },
  {
    name: "sed uses & and \\1",
    run: "echo 'key=val' | sed 's/\\(.*\\)=\\(.*\\)/\\2=\\1 [&]/'",
    stdout: "val=key [key=val]\n",
  },
  {
    name: "sed -E uses extended groups",
    run: "echo 'v1.2' | sed -E 's/v([0-9]+)\\.([0-9]+)/\\2.\\1/'",
    stdout: "2.1\n",
  },
  { name: "sed -n with p prints selected lines", run: "seq 1 5 | sed -n '2,3p'", stdout: "2\n3\n" },
  {
    name: "sed d deletes by regex address",
    setup: [PEOPLE],
    run: "sed '/bob/d' p.txt",
    stdout: "alice 30 admin\ncarol 35 admin\n",
  },
  {
    name: "sed ranges from regex to regex",
    run: "printf 'a\\nstart\\nx\\nend\\nb\\n' | sed -n '/start/,/end/p'",
    stdout: "start\nx\nend\n",
  },
  { name: "sed $ addresses the last line", run: "seq 1 3 | sed -n '$p'", stdout: "3\n" },
  { name: "sed -e joins several scripts", run: "echo abc | sed -e 's/a/1/' -e 's/c/3/'", stdout: "1b3\n" },
  {
    name: "sed -i edits a file in place",
    setup: ["echo 'image: nginx:1.14' > d.yaml"],
    run: "sed -i 's/1.14/1.25/' d.yaml; cat d.yaml",
    stdout: "image: nginx:1.25\n",
  },
  {
    name: "sed a and i add lines",
    run: "echo mid | sed -e 'i\\\nbefore' -e 'a after'",
    stdout: "before\nmid\nafter\n",
  },
  { name: "sed y transliterates", run: "echo abc | sed 'y/abc/xyz/'", stdout: "xyz\n" },
  {
    name: "sed with an unknown command fails",
    run: "echo a | sed 'k'",
    stderr: "sed: -e expression #1, char 1: unknown command: `k'\n",
    exitCode: 1,
  },
  {
    name: "sed with an unterminated s fails",
    run: "echo a | sed 's/a/b'",
    stderr: "sed: -e expression #1, char 5: unterminated `s' command\n",
    exitCode: 1,
  },
  // awk
  { name: "awk prints fields", setup: [PEOPLE], run: "awk '{print $1}' p.txt", stdout: "alice\nbob\ncarol\n" },
  {
    name: "awk filters with a pattern",
    setup: [PEOPLE],
    run: "awk '$2 > 28 {print $1, $2}' p.txt",
    stdout: "alice 30\ncarol 35\n",
  },
  {
    name: "awk sums in END",
    setup: [PEOPLE],
    run: "awk '{s += $2} END {print s, NR, s/NR}' p.txt",
    stdout: "90 3 30\n",
  },
  {
    name: "awk -F sets the separator and OFS joins",
    run: "echo a:b:c | awk -F: -v OFS=- '{print $1, $3}'",
    stdout: "a-c\n",
  },
  {
    name: "awk arrays count by key",
    setup: [PEOPLE],
    run: "awk '{n[$3]++} END {for (k in n) print k, n[k]}' p.txt",
    stdout: "admin 2\ndev 1\n",
  },
  {
    name: "awk printf formats",
    run: 'awk \'BEGIN {printf "%-6s|%5.2f|%03d\\n", "ab", 3.14159, 7}\'',
    stdout: "ab    | 3.14|007\n",
  },
  {
    name: "awk string functions",
    run: "echo 'Hello World' | awk '{print length($0), toupper($1), substr($2, 2, 3), index($0, \"o\")}'",
    stdout: "11 HELLO orl 5\n",
  },
  {
    name: "awk gsub and sub edit the record",
    run: "echo 'a-b-c' | awk '{gsub(/-/, \"+\"); sub(/a/, \"[&]\"); print}'",
    stdout: "[a]+b+c\n",
  },
  {
    name: "awk split fills an array",
    run: "echo 'x,y,z' | awk '{n = split($0, parts, \",\"); print n, parts[3]}'",
    stdout: "3 z\n",
  },
  {
    name: "awk match sets RSTART and RLENGTH",
    run: "echo 'abc123' | awk '{match($0, /[0-9]+/); print RSTART, RLENGTH}'",
    stdout: "4 3\n",
  },
  {
    name: "awk if/else and while loops",
    run: 'awk \'BEGIN { i = 0; while (i < 3) { if (i % 2) print "odd", i; else print "even", i; i++ } }\'',
    stdout: "even 0\nodd 1\neven 2\n",
  },
  {
    name: "awk regex match operator",
    setup: [PEOPLE],
    run: "awk '$1 ~ /^c/ {print $1} $1 !~ /a/ {print \"no-a:\", $1}' p.txt",
    stdout: "no-a: bob\ncarol\n",
  },
  { name: "awk NF and $NF", run: "echo 'a b c' | awk '{print NF, $NF}'", stdout: "3 c\n" },
  {
    name: "awk assigning a field rebuilds the record",
    run: "echo 'a b c' | awk '{$2 = \"X\"; print}'",
    stdout: "a X c\n",
  },
  { name: "awk compares numeric fields as numbers", run: "printf '10\\n9\\n' | awk '$1 > 9'", stdout: "10\n" },
  {
    name: "awk user functions recurse",
    run: "awk 'function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } BEGIN { print fact(5) }'",
    stdout: "120\n",
  },
  { name: "awk prints non-integers with OFMT", run: "awk 'BEGIN { print 1/3, 2.5 * 2 }'", stdout: "0.333333 5\n" },
  {
    name: "awk reports a syntax error",
    run: "awk '{print $1'",
    stderr: "awk: line 1: syntax error at or near end of file\n",
    exitCode: 2,
  },
  // base64
  { name: "base64 encodes", run: "echo hello | base64", stdout: "aGVsbG8K\n" },
  {
    name: "base64 wraps at 76 columns",
    run: "printf '%0100d' 0 | base64 | awk '{print length($0)}'",
    stdout: "76\n60\n",
  },
  { name: "base64 -w 0 does not wrap", run: "printf '%0100d' 0 | base64 -w 0 | wc -l", stdout: "1\n" },
  { name: "base64 -d decodes", run: "echo aGVsbG8K | base64 -d", stdout: "hello\n" },
  { name: "base64 -d rejects garbage", run: "echo '!!!' | base64 -d", stderr: "base64: invalid input\n", exitCode: 1 },
  // jq
  {
    name: "jq pretty-prints with two spaces",
    run: 'echo \'{"a":[1,{"b":null}],"c":{}}\' | jq .',
    stdout: '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": {}\n}\n',
  },
  {
    name: "jq walks paths and iterates",
    setup: [POD_JSON],
    run: "jq '.items[].metadata.name' pods.json",
    stdout: '"web-1"\n"db-1"\n',
  },
  {
    name: "jq -r with select prints raw strings",
    setup: [POD_JSON],
    run: "jq -r '.items[] | select(.status.phase == \"Running\") | .metadata.name' pods.json",
    stdout: "web-1\n",
  },
  {
    name: "jq -c map and length",
    setup: [POD_JSON],
    run: "jq -c '[.items | length, (map(.spec.replicas) | add)]' pods.json",
    stdout: "[2,4]\n",
  },
  {
    name: "jq builds objects with interpolation",
    setup: [POD_JSON],
    run: "jq -c '.items[0] | {name: .metadata.name, desc: \"\\(.metadata.name) is \\(.status.phase)\"}' pods.json",
    stdout: '{"name":"web-1","desc":"web-1 is Running"}\n',
  },
  {
    name: "jq keys, has and //",
    run: 'echo \'{"b":1,"a":2}\' | jq -c \'[keys, has("a"), (.z // "none")]\'',
    stdout: '[["a","b"],true,"none"]\n',
  },
  {
    name: "jq to_entries and from_entries round-trip",
    run: "echo '{\"a\":1}' | jq -c 'to_entries, (to_entries | from_entries), with_entries(.value += 1)'",
    stdout: '[{"key":"a","value":1}]\n{"a":1}\n{"a":2}\n',
  },
  {
    name: "jq sort_by, group_by and unique",
    run: 'echo \'[{"k":2},{"k":1},{"k":2}]\' | jq -c \'sort_by(.k) | map(.k), (group_by(.k) | map(length)), ([.[].k] | unique)\'',
    stdout: "[1,2,2]\n[1,2]\n[1,2]\n",
  },
  {
    name: "jq first, last, join and split",
    run: 'echo \'["a","b","c"]\' | jq -r \'first, last, join("-"), (join(",") | split(",") | length)\'',
    stdout: "a\nc\na-b-c\n3\n",
  },
  {
    name: "jq test, ascii_downcase and tostring/tonumber",
    run: 'echo \'"Nginx-1"\' | jq -c \'[test("^nginx"; "i"), ascii_downcase, ("42" | tonumber), (1 | tostring)]\'',
    stdout: '[true,"nginx-1",42,"1"]\n',
  },
  { name: "jq --arg binds a variable", run: "jq -n -r --arg who world '\"hello \\($who)\"'", stdout: "hello world\n" },
  {
    name: "jq env reads exported variables",
    setup: ["export NS=kube-system"],
    run: "jq -n -r 'env.NS, $ENV.NS'",
    stdout: "kube-system\nkube-system\n",
  },
  { name: "jq @base64 and @base64d", run: "jq -n -r '\"hi\" | @base64, (@base64 | @base64d)'", stdout: "aGk=\nhi\n" },
  {
    name: "jq comparisons and boolean operators",
    run: 'jq -n -c \'[1 < 2, ("a" == "b"), (true and false), (null or 1), (1 | not)]\'',
    stdout: "[true,false,false,true,false]\n",
  },
  {
    name: "jq update assignment",
    run: 'echo \'{"a":{"b":1}}\' | jq -c \'.a.b |= . + 10 | .c = "new" | del(.a)\'',
    stdout: '{"c":"new"}\n',
  },
  {
    name: "jq reduce and if",
    run: 'jq -n \'reduce range(1;5) as $i (0; . + $i) | if . > 5 then "big" else "small" end\'',
    stdout: '"big"\n',
  },
  { name: "jq -e fails on null", run: "echo '{}' | jq -e .missing", stdout: "null\n", exitCode: 1 },
  {
    name: "jq reports an index error with jq's wording",
    run: "echo 1 | jq .foo",
    stderr: 'jq: error (at <stdin>:1): Cannot index number with "foo"\n',
    exitCode: 5,
  },
  {
    name: "jq reports invalid JSON input",
    run: "echo '{bad' | jq .",
    stderr: "parse error: Object keys must be strings at line 1, column 1\n",
    exitCode: 2,
  },
  {
    name: "jq reports a compile error",
    run: "jq '.a |' <<< '{}'",
    stderr: "jq: error: syntax error, unexpected end of file at <top-level>, line 1:\n.a |\njq: 1 compile error\n",
    exitCode: 3,
  },
  { name: "jq reads a stream of several inputs", run: 'printf \'{"a":1} {"a":2}\' | jq .a', stdout: "1\n2\n" },
  // files
  { name: "ls lists one name per line", setup: ["mkdir d; touch d/b d/a"], run: "ls d", stdout: "a\nb\n" },
  { name: "ls -a shows dot entries", setup: ["mkdir d; touch d/.h"], run: "ls -a d", stdout: ".\n..\n.h\n" },
  {
    name: "ls -l shows a long listing",
    setup: ["mkdir d; echo hello > d/f"],
    run: "ls -l d",
    stdout: "total 4\n-rw-r--r-- 1 root root 6 Jan  5 09:00 f\n",
  },
  {
    name: "ls -lh shows human sizes",
    setup: ["mkdir d; printf '%02000d' 0 > d/f"],
    run: "ls -lh d",
    stdout: "total 4.0K\n-rw-r--r-- 1 root root 2.0K Jan  5 09:00 f\n",
  },
  { name: "ls -R recurses", setup: ["mkdir -p d/s; touch d/s/f"], run: "ls -R d", stdout: "d:\ns\n\nd/s:\nf\n" },
  {
    name: "ls of a missing path exits 2",
    run: "ls nope",
    stderr: "ls: cannot access 'nope': No such file or directory\n",
    exitCode: 2,
  },
  {
    name: "mkdir without -p needs the parent",
    run: "mkdir a/b",
    stderr: "mkdir: cannot create directory \u2018a/b\u2019: No such file or directory\n",
    exitCode: 1,
  },
  {
    name: "mkdir of an existing directory fails",
    setup: ["mkdir a"],
    run: "mkdir a",
    stderr: "mkdir: cannot create directory \u2018a\u2019: File exists\n",
    exitCode: 1,
  },
  { name: "mkdir -p is idempotent", setup: ["mkdir -p a/b"], run: "mkdir -p a/b/c && ls a/b", stdout: "c\n" },
  { name: "cp copies into a directory", setup: ["mkdir d; echo x > f"], run: "cp f d/ && cat d/f", stdout: "x\n" },
  {
    name: "cp of a directory needs -r",
    setup: ["mkdir d"],
    run: "cp d e",
    stderr: "cp: -r not specified; omitting directory 'd'\n",
    exitCode: 1,
  },
  {
    name: "cp -r copies a tree",
    setup: ["mkdir -p d/s; echo x > d/s/f"],
    run: "cp -r d e && cat e/s/f",
    stdout: "x\n",
  },
  {
    name: "mv renames",
    setup: ["echo x > a"],
    run: "mv a b && cat b && ls a",
    stdout: "x\n",
    stderr: "ls: cannot access 'a': No such file or directory\n",
    exitCode: 2,
  },
  {
    name: "mv of a missing file fails",
    run: "mv nope x",
    stderr: "mv: cannot stat 'nope': No such file or directory\n",
    exitCode: 1,
  },
  {
    name: "rm of a directory needs -r",
    setup: ["mkdir d"],
    run: "rm d",
    stderr: "rm: cannot remove 'd': Is a directory\n",
    exitCode: 1,
  },
  {
    name: "rm -rf removes trees and ignores missing files",
    setup: ["mkdir -p d/s"],
    run: "rm -rf d nope && ls",
    stdout: "",
  },
  { name: "touch creates an empty file", run: "touch new && wc -c new", stdout: "0 new\n" },
  { name: "tee writes to files and stdout", run: "echo x | tee a b && cat a b", stdout: "x\nx\nx\n" },
  { name: "tee -a appends", setup: ["echo 1 > f"], run: "echo 2 | tee -a f >/dev/null; cat f", stdout: "1\n2\n" },
  // misc
  { name: "seq counts with a step and separator", run: "seq 1 2 7; seq -s, 3", stdout: "1\n3\n5\n7\n1,2,3\n" },
  { name: "seq -w pads", run: "seq -w 8 10", stdout: "08\n09\n10\n" },
  {
    name: "date prints the virtual clock in UTC",
    run: "date; date +%s; date -u '+%Y-%m-%dT%H:%M:%SZ'",
    stdout: "Mon Jan  5 09:00:00 UTC 2026\n1767603600\n2026-01-05T09:00:00Z\n",
  },
  { name: "date -d @N formats a timestamp", run: "date -d @0 +%F", stdout: "1970-01-01\n" },
  {
    name: "hostname, whoami and id describe the host",
    run: "hostname; whoami; id",
    stdout: "k8s-m\nroot\nuid=0(root) gid=0(root) groups=0(root)\n",
  },
  {
    name: "basename and dirname split paths",
    run: "basename /a/b/c.yaml .yaml; dirname /a/b/c.yaml; dirname c",
    stdout: "c\n/a/b\n.\n",
  },
  { name: "yes is bounded and feeds head", run: "yes ok | head -n 2", stdout: "ok\nok\n" },
  {
    name: "xargs -I substitutes each line",
    run: "printf 'a\\nb\\n' | xargs -I {} echo 'item {}'",
    stdout: "item a\nitem b\n",
  },
  { name: "env runs a command with extra variables", run: "env FOO=bar bash -c 'echo $FOO'", stdout: "bar\n" },
  {
    name: "diff prints the normal format",
    setup: ["printf 'a\\nb\\nc\\n' > 1; printf 'a\\nB\\nc\\nd\\n' > 2"],
    run: "diff 1 2",
    stdout: "2c2\n< b\n---\n> B\n3a4\n> d\n",
    exitCode: 1,
  },
  {
    name: "diff -u prints a unified hunk",
    setup: ["printf 'a\\nb\\n' > 1; printf 'a\\nc\\n' > 2"],
    run: "diff -u 1 2",
    stdout: "--- 1\n+++ 2\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
    exitCode: 1,
  },
  { name: "diff of equal files is silent", setup: ["echo a > 1; echo a > 2"], run: "diff 1 2" },
  { name: "clear prints nothing", run: "clear" },
];

describe("text tools", () => {
  it.each(text)("$name", (c) => {
    const { got, want } = runCase(c);
    expect(got).toEqual(want);
  });

  it("an unknown option is an error in the tool's own wording", () => {
    const { got } = runCase({ name: "", run: "sort --bogus" });
    expect(got).toEqual({
      stdout: "",
      stderr: "sort: unrecognized option '--bogus'\nTry 'sort --help' for more information.\n",
      exitCode: 2,
    });
  });
});
