/**
 * `labgrader lab test`: a lab proves itself. Its reference solution must score full marks,
 * and each known-wrong solution must fail exactly the checkpoints it lists — no more, no
 * fewer — so a lab that grades unfairly is caught before students see it.
 */
import { grade } from "./grade.ts";
import { renderTemplate, resolveParameters } from "./lab/parameters.ts";
import type { Lab, Solution, Submission } from "./types.ts";

export interface LabTestOutcome {
  ok: boolean;
  lines: string[];
}

/** A solution as its student would submit it: `{{parameters}}` filled in with that student's values. */
export function solutionSubmission(lab: Lab, s: Solution): Submission {
  const params = resolveParameters(lab, s.student ?? "anonymous");
  const files = Object.entries(s.manifests ?? {}).map(([name, content]) => ({
    name,
    content: renderTemplate(content, params),
  }));
  if (s.transcript !== undefined) return { kind: "transcript", text: renderTemplate(s.transcript, params), files };
  return { kind: "manifests", files };
}

export function testLab(lab: Lab): LabTestOutcome {
  const lines: string[] = [];
  let ok = true;
  const ref = grade(lab, solutionSubmission(lab, lab.solutions.reference), {
    student: lab.solutions.reference.student,
  });
  const r = ref.report;
  if (!r.gradable) {
    ok = false;
    lines.push(`FAIL ${lab.id}: reference solution is not gradable: ${r.reason}`);
  } else if (r.score !== r.maxScore) {
    ok = false;
    const lost = r.checkpoints.filter((c) => !c.passed).map((c) => `${c.id} (${c.explanation})`);
    lines.push(`FAIL ${lab.id}: reference scored ${r.score}/${r.maxScore}; lost ${lost.join("; ")}`);
  } else {
    lines.push(`ok   ${lab.id}: reference ${r.score}/${r.maxScore}`);
  }
  for (const w of lab.solutions.wrong) {
    const g = grade(lab, solutionSubmission(lab, w), { student: w.student }).report;
    if (!g.gradable) {
      ok = false;
      lines.push(`FAIL ${lab.id}: wrong solution "${w.name}" is not gradable: ${g.reason}`);
      continue;
    }
    const failed = g.checkpoints.filter((c) => !c.passed).map((c) => c.id);
    const expected = [...w.fails].sort();
    const actual = [...failed].sort();
    if (expected.join(",") !== actual.join(",")) {
      ok = false;
      const extra = actual.filter((x) => !expected.includes(x));
      const missing = expected.filter((x) => !actual.includes(x));
      const detail = [
        missing.length ? `passed ${missing.join(", ")} which it must fail` : "",
        extra.length
          ? `also failed ${extra
              .map((x) => `${x} (${g.checkpoints.find((c) => c.id === x)?.explanation ?? ""})`)
              .join(", ")}`
          : "",
      ]
        .filter(Boolean)
        .join("; ");
      lines.push(`FAIL ${lab.id}: wrong solution "${w.name}": ${detail}`);
    } else {
      lines.push(`ok   ${lab.id}: wrong solution "${w.name}" fails ${expected.join(", ")} (${g.score}/${g.maxScore})`);
    }
  }
  return { ok, lines };
}
