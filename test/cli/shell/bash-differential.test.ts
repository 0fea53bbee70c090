// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the lines are bash, whose ${...} is no placeholder
/**
 * The sandboxed shell against the real bash 5.2 and GNU tools of this machine (Debian's, the
 * same bash as the nodes' Ubuntu): each line is run as a script file by both, and stdout,
 * stderr and the exit status must be the same to the byte. The lines are common idioms and
 * their errors; the test is skipped where the machine's bash is not 5.2.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/index.ts";

const version = spawnSync("bash", ["--version"], { encoding: "utf8" });
const HAVE_BASH_52 = version.status === 0 && /version 5\.2\./.test(version.stdout);

const LINES = [
  "echo hello | tr a-z A-Z",
  "printf '%s\\n' b a c a | sort | uniq -c",
  "printf 'x=1\\ny=2\\n' | cut -d= -f2",
  "printf 'one\\ntwo\\nthree\\n' | tail -n 1",
  "grep nosuch /nonexistent",
  "cat /nonexistent",
  "ls /nonexistent",
  "cd /nonexistent",
  "nosuchcommand --flag",
  "/usr/bin/nosuchcommand",
  "x=5; echo ${x:-none} ${y:-none}",
  "unset nope; echo ${nope?unset}",
  "x=hello; echo ${x^^} ${x^} ${x,,}",
  "x=a-b-c; echo ${x//-/_} ${x/-/_} ${x#*-} ${x##*-} ${x%-*} ${x%%-*}",
  "x=abcdef; echo ${x:2} ${x:1:3} ${x: -2} ${#x}",
  "while read -r a b; do echo \"[$a|$b]\"; done <<< $'1 2\\n3 4'",
  "f() { local v=in; echo $v; }; v=out; f; echo $v",
  "set -e; false; echo not-here",
  "echo $((2**10)) $((7%3)) $((1<<4))",
  "echo $((1/0))",
  's="a b  c"; set -- $s; echo $#',
  "printf '%d\\n' abc",
  "printf '%s %s\\n' a",
  "printf -v y '%03d' 7; echo $y",
  "RANDOM=1; echo $RANDOM $RANDOM; echo $LINENO",
  "trap 'echo bye' EXIT; trap 'echo t' INT TERM; trap; echo main",
  "(exit 3); echo $?",
  "echo a; exit 4; echo b",
  "mkdir -p d && mkdir d",
  "rmdir nope",
  "head -n x /etc/hostname",
  "sleep x",
  "seq x",
  "date -d bogus",
  "sort -k x /etc/hostname",
  "echo pod-{1..3} {a,b}{1,2} {05..1} {a..e..2}",
  "for i in {1..3}; do echo n$i; done",
  "echo {a,} [{,a}] {a}{b,c} {1..x} a{b..}",
  'echo {a,{b,c}d} "{a,b}" {"x y",z} \'{a,b}\' \\{a,b\\} {a,b\\,c}',
  "x=7; echo {$x,y} $(echo {1..2}); a={1,2}; echo $a",
];

describe.skipIf(!HAVE_BASH_52)("the shell against bash 5.2 and the GNU tools", () => {
  const dir = mkdtempSync(join(tmpdir(), "labgrader-bash-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(LINES)("%s", async (line) => {
    const work = mkdtempSync(join(dir, "w-"));
    writeFileSync(join(work, "s.sh"), `${line}\n`);
    const real = spawnSync("bash", ["s.sh"], {
      cwd: work,
      encoding: "utf8",
      env: { HOME: "/root", PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" },
    });
    const sim = await createSimulation({ seed: 1 });
    await sim.exec("mkdir -p /tmp/w && cd /tmp/w");
    sim.writeFile("/tmp/w/s.sh", `${line}\n`);
    const got = await sim.exec("bash s.sh");
    expect(got).toEqual({ stdout: real.stdout, stderr: real.stderr, exitCode: real.status });
  });
});
