/**
 * Grading benchmark: each catalogue lab's reference solution graded as a submission, per lab
 * the median and p99, against replaying the same commands alone (no checks, no report) in the
 * same run. Target: median at most 5 ms, p99 at most 20 ms for a 20-command transcript.
 * Warm figures: each lab is graded `warmup` times untimed first, as a grader that has been
 * serving for a while would have done; `runs` samples make the p99 the second-slowest of 200
 * rather than the slowest of a handful.
 */
import { grade, submissionCommands } from "../src/grading/grade.ts";
import { loadLab } from "../src/grading/lab/load.ts";
import { resolveParameters } from "../src/grading/lab/parameters.ts";
import { solutionSubmission } from "../src/grading/lab-test.ts";
import { replay, startEnvironment } from "../src/grading/replay.ts";
import { catalogueIds, readLab } from "../src/node/labs.ts";
import { fmt, measure, stats } from "./util.ts";

export async function benchGrading(runs = 200, warmup = 50): Promise<string[]> {
  const lines: string[] = [];
  for (const id of catalogueIds()) {
    const read = readLab(id);
    if (!read.ok) throw new Error(read.error);
    const loaded = await loadLab(read.source);
    if (!loaded.ok) throw new Error(`${id} does not load`);
    const lab = loaded.lab;
    const ref = lab.solutions.reference;
    const submission = solutionSubmission(lab, ref);
    const parsed = submissionCommands(submission);
    if (!parsed.ok) throw new Error(parsed.reason);
    const params = resolveParameters(lab, ref.student ?? "anonymous");
    const g = stats(await measure(() => grade(lab, submission, { student: ref.student }), runs, warmup));
    const r = stats(
      await measure(
        () => {
          const env = startEnvironment(lab, params);
          if (!env.ok) throw new Error(env.error);
          for (const f of parsed.files) env.sim.writeFile(f.name, f.content);
          replay(env.sim, parsed.commands, { record: false });
        },
        runs,
        warmup,
      ),
    );
    lines.push(
      `${id.padEnd(22)} ${String(parsed.commands.length).padStart(2)} commands  grade median ${fmt(g.median).padStart(9)}  p99 ${fmt(g.p99).padStart(9)}   replay alone median ${fmt(r.median).padStart(9)}   ratio ${(g.median / r.median).toFixed(2)}x`,
    );
  }
  lines.push(await benchTwentyCommands(runs, warmup));
  return lines;
}

/**
 * The target's own size: the deployment-rollout reference with the looks a student takes
 * between its steps (get, describe, history), 20 commands in all.
 */
async function benchTwentyCommands(runs: number, warmup: number): Promise<string> {
  const read = readLab("deployment-rollout");
  if (!read.ok) throw new Error(read.error);
  const loaded = await loadLab(read.source);
  if (!loaded.ok) throw new Error("deployment-rollout does not load");
  const lab = loaded.lab;
  const ref = lab.solutions.reference;
  const base = solutionSubmission(lab, ref);
  if (base.kind !== "transcript") throw new Error("the deployment-rollout reference is a transcript");
  const params = resolveParameters(lab, ref.student ?? "anonymous");
  const d = String(params.deploy);
  const looks: Record<string, string[]> = {
    "kubectl apply -f deploy.yaml": ["kubectl get deployments", "kubectl get pods -o wide"],
    [`kubectl set image deployment/${d} nginx=nginx:1.25`]: ["kubectl get rs", "kubectl get pods"],
    [`kubectl annotate deployment/${d} kubernetes.io/change-cause="image updated to 1.25"`]: [
      `kubectl get deployment ${d} -o jsonpath='{.metadata.annotations}'`,
    ],
    [`kubectl rollout history deployment/${d}`]: [`kubectl describe deployment ${d}`, "kubectl get pods"],
    [`kubectl rollout undo deployment/${d} --to-revision=1`]: ["kubectl get rs", "kubectl get events"],
  };
  const text = base.text
    .split("\n")
    .flatMap((l) => [l, ...(looks[l] ?? [])])
    .concat([`kubectl get deployment ${d} -o yaml`, "kubectl get all"])
    .join("\n");
  const submission = { ...base, text };
  const parsed = submissionCommands(submission);
  if (!parsed.ok) throw new Error(parsed.reason);
  const g = stats(await measure(() => grade(lab, submission, { student: ref.student }), runs, warmup));
  return `${"deployment-rollout+".padEnd(22)} ${String(parsed.commands.length).padStart(2)} commands  grade median ${fmt(g.median).padStart(9)}  p99 ${fmt(g.p99).padStart(9)}   (the reference with the gets and describes a student types between steps)`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of await benchGrading()) console.log(l);
}
