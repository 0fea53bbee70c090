/**
 * Whatever a student types, the sandbox answers: random command lines (seeded, so every run
 * types the same ones) built from kubectl's verbs, resources and flags, and from the shell's
 * syntax and text tools, each return an exit code and text, never an exception, never a
 * JavaScript error's words, and never take long.
 */
import { describe, expect, it } from "vitest";
import { buildSimulation, type Simulation } from "../../src/cli/simulation.ts";

const KUBECTL_VERBS =
  `get describe delete create apply edit label annotate scale rollout expose run set taint cordon drain logs exec wait patch replace explain events top auth config api-resources version cluster-info`.split(
    " ",
  );
const KUBECTL_WORDS =
  `pods po deploy deployment svc nodes k8s-w1 web ns all rs ds -n kube-system -o yaml json wide name jsonpath={.items[*].metadata.name} -l app=web --all -A --replicas=3 3 --image=nginx status history undo restart -f x.yaml - -- sh -c echo ' " $( ) | && ; > /tmp/x * { } --for=condition=Ready --timeout=5s --dry-run=client --overwrite key=val:NoSchedule key- --type=merge -p '{"spec":{}}' image nginx=nginx:1.25 web= --port=80 = % \\ --selector deploy/web pod/web --to-revision=1 -it --rm --restart=Never --previous cm secret generic --from-literal=a=b sa role --verb=get --resource=pods can-i get-contexts use-context ing pdb --min-available=1`.split(
    " ",
  );
const SHELL_WORDS =
  `echo cat grep sed awk jq cut tr sort uniq head tail wc base64 printf ls cd mkdir rm cp mv touch export env for in do done while if then fi else case esac $(( )) 1+2 x=1 $x \${x:-y} \${#x} a 's/a/b/g' '{print $1}' '.a' -n -d -f -c -v -e -i | || && ; > >> < <<EOF EOF 2>&1 $( ) \` ( { } [ ] [[ ]] * ? ~ /tmp .. " ' \\ # ! -- = %d %s sleep 1 true false exit return f() local read set pipefail unset shift $@ $# $? $1 test seq 10 xargs tee kubectl get pods`.split(
    " ",
  );
const JS_ERROR =
  /TypeError|ReferenceError|RangeError|undefined is not|Cannot read prop|is not a function|\[object Object\]/;

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function world(): Simulation {
  const built = buildSimulation({ seed: 1 });
  if (!built.ok) throw new Error(built.error);
  const sim = built.simulation;
  sim.writeFile(
    "x.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
  );
  sim.current.shell.exec("kubectl create deployment web --image=nginx --replicas=2");
  return sim;
}

function typeAtRandom(seed: number, lines: number, line: (pick: <T>(a: T[]) => T, r: () => number) => string) {
  const r = lcg(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const sim = world();
  const problems: string[] = [];
  for (let i = 0; i < lines; i++) {
    const text = line(pick, r);
    const t0 = performance.now();
    try {
      const out = sim.current.shell.exec(text);
      if (typeof out.exitCode !== "number") problems.push(`${text}: no exit code`);
      if (JS_ERROR.test(out.stdout + out.stderr)) problems.push(`${text}: ${(out.stderr || out.stdout).slice(0, 200)}`);
    } catch (e) {
      problems.push(`${text}: threw ${(e as Error).message}`);
    }
    if (performance.now() - t0 > 5000) problems.push(`${text}: took more than 5 s`);
  }
  return problems;
}

describe("random command lines", () => {
  it.each([1, 2])("kubectl with random verbs, resources and flags (seed %i)", (seed) => {
    const problems = typeAtRandom(seed, 800, (pick, r) =>
      [
        "kubectl",
        pick(KUBECTL_VERBS),
        ...Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(KUBECTL_WORDS)),
      ].join(" "),
    );
    expect(problems).toEqual([]);
  });

  it.each([1, 2])("shell syntax and text tools at random (seed %i)", (seed) => {
    const problems = typeAtRandom(seed, 800, (pick, r) =>
      Array.from({ length: 1 + Math.floor(r() * 9) }, () => pick(SHELL_WORDS)).join(" "),
    );
    expect(problems).toEqual([]);
  });
});
