/**
 * The report of one submission: the score, each checkpoint with what was found and a hint,
 * the authenticity findings, and what the replay did. A submission still being graded, one
 * that could not be graded, and one whose grading failed each say so and what happens next.
 */
import type { AuthenticityFinding, CheckpointReport, Report } from "../grading/types.ts";
import { formatScore, statusLabel, timeTag } from "./format.ts";
import { type Html, html, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import { renderCodeSpans } from "./markdown.ts";
import type { ReportView } from "./view-models.ts";

export function renderReportPage(view: ReportView): string {
  const back = safeUrl(view.backUrl);
  return renderPage({
    title: `Report: ${view.assignmentTitle}`,
    main: html`<h1>Report: ${view.assignmentTitle}</h1>
${back === undefined ? "" : html`<p><a href="${back}">Back to the assignment</a></p>`}
<dl class="facts">
<dt>Submitted</dt><dd>${timeTag(view.submittedAt)}</dd>
<dt>Status</dt><dd>${statusLabel(view.status)}</dd>
</dl>
${body(view)}`,
  });
}

function body(view: ReportView): Html {
  const report = view.report;
  switch (view.status) {
    case "pending":
      return html`<p class="notice" role="status">Your submission is stored and being graded. Reload this page in a few seconds to see the report.</p>`;
    case "failed":
      return html`<p class="alert" role="alert">Grading failed on our side. Your submission is stored, nothing is lost, and it will be graded again; this page shows the report then.</p>`;
    case "ungradable":
      return html`<div class="alert" role="alert">
<p>This submission could not be graded: <span class="text">${renderCodeSpans(report?.reason ?? "the reason was not recorded")}</span>${report?.line === undefined ? "" : html` (line ${report.line})`}.</p>
<p>It used no attempt. Fix it and submit again.</p>
</div>`;
    case "graded":
      return report
        ? gradedReport(report)
        : html`<p class="notice" role="status">The report is not available yet. Reload this page in a few seconds.</p>`;
  }
}

function gradedReport(report: Report): Html {
  return html`<section aria-labelledby="score-title">
<h2 id="score-title">Score</h2>
<p><strong>${formatScore(report.score, report.maxScore)}</strong></p>
<meter min="0" max="${report.maxScore}" value="${report.score}" aria-label="Score">${formatScore(report.score, report.maxScore)}</meter>
</section>
${checkpointTable(report.checkpoints)}
${authenticity(report.authenticity)}
<section aria-labelledby="replay-title">
<h2 id="replay-title">How it was graded</h2>
<dl class="facts">
<dt>Lab</dt><dd>${report.lab.title} (<code>${report.lab.id}</code>, version <code>${report.lab.version}</code>)</dd>
<dt>Replay</dt><dd>${report.replay.commands} command${report.replay.commands === 1 ? "" : "s"} over ${report.replay.virtualSeconds} virtual second${report.replay.virtualSeconds === 1 ? "" : "s"}, Kubernetes ${report.replay.kubernetesVersion}</dd>
<dt>Grader</dt><dd>version ${report.grader.version}</dd>
</dl>
</section>`;
}

function checkpointTable(checkpoints: CheckpointReport[]): Html {
  if (checkpoints.length === 0) return html`<p>This lab has no checkpoints.</p>`;
  return html`<section aria-labelledby="checkpoints-title">
<h2 id="checkpoints-title">Checkpoints</h2>
<div class="table-wrap" role="region" aria-labelledby="checkpoints-caption" tabindex="0">
<table>
<caption id="checkpoints-caption">Each checkpoint, the points it gave, and why</caption>
<thead><tr><th scope="col">Checkpoint</th><th scope="col">Title</th><th scope="col">Points</th><th scope="col">Result</th><th scope="col">Explanation</th><th scope="col">Hint</th></tr></thead>
<tbody>
${checkpoints.map(checkpointRow)}
</tbody>
</table>
</div>
</section>`;
}

function checkpointRow(c: CheckpointReport): Html {
  const result = c.skipped
    ? html`<span class="skipped">Skipped</span>`
    : c.passed
      ? html`<span class="passed">Passed</span>`
      : html`<span class="failed">Not passed</span>`;
  return html`<tr>
<th scope="row"><code>${c.id}</code></th>
<td>${c.title}</td>
<td>${c.awarded} of ${c.points}</td>
<td>${result}</td>
<td class="text">${renderCodeSpans(c.explanation)}</td>
<td class="text">${c.hint === undefined ? "" : renderCodeSpans(c.hint)}</td>
</tr>`;
}

function authenticity(findings: AuthenticityFinding[]): Html {
  return html`<section aria-labelledby="authenticity-title">
<h2 id="authenticity-title">Authenticity</h2>
${
  findings.length === 0
    ? html`<p>No findings: nothing in the submission disagrees with the replay.</p>`
    : html`<p>Outputs in the transcript that replaying its commands did not print:</p>
<ul>${findings.map((f) => html`<li>Line ${f.line}: <span class="text">${renderCodeSpans(f.message)}</span></li>`)}</ul>`
}
</section>`;
}
