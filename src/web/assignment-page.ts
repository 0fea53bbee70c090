/**
 * The assignment page a student's link opens: the instructions, the submission form (paste
 * or upload manifests, paste a transcript), attempts and progress. It works without
 * JavaScript: the form posts `multipart/form-data`, and a refused post comes back as this
 * page with the errors listed at the top and the text the student typed refilled.
 */
import { type Availability, assignmentAvailability } from "./availability.ts";
import { formatDuration, formatScore, statusLabel, timeTag } from "./format.ts";
import { type Html, html, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import { renderMarkdown } from "./markdown.ts";
import type { AssignmentView, AttemptView } from "./view-models.ts";

/** The file types the upload takes, as the `accept` attribute lists them. */
export const ACCEPTED_UPLOADS = ".yaml,.yml,.json,.txt,.cast,.sh";

export function renderAssignmentPage(view: AssignmentView): string {
  const errors = view.errors ?? [];
  const availability = assignmentAvailability(view);
  return renderPage({
    title: errors.length > 0 ? `Error: ${view.title}` : view.title,
    main: html`<h1>${view.title}</h1>
${errors.length > 0 ? errorSummary(errors) : ""}
${facts(view)}
<section aria-labelledby="instructions-title">
<h2 id="instructions-title">Instructions</h2>
${renderMarkdown(view.instructions, { headingLevel: 3 })}
</section>
${submissionForm(view, availability)}
${progress(view)}`,
  });
}

function errorSummary(errors: string[]): Html {
  return html`<div class="alert" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">Your submission was not accepted</h2>
<ul>${errors.map((e) => html`<li>${e}</li>`)}</ul>
</div>`;
}

function facts(view: AssignmentView): Html {
  const attempts =
    view.attemptLimit === undefined
      ? `${view.attemptsUsed} used (no limit)`
      : `${view.attemptsUsed} of ${view.attemptLimit} used`;
  return html`<dl class="facts">
<dt>Lab</dt><dd>${view.labTitle}</dd>
${view.opensAt ? html`<dt>Opens</dt><dd>${timeTag(view.opensAt)}</dd>` : ""}
${view.dueAt ? html`<dt>Due</dt><dd>${timeTag(view.dueAt)}</dd>` : ""}
<dt>Attempts</dt><dd>${attempts}</dd>
</dl>`;
}

/** Why the form is disabled, with the time it changes; `now` makes the cooldown a countdown. */
function unavailableMessage(a: Exclude<Availability, { open: true }>, now: Date): Html {
  switch (a.reason) {
    case "not-yet-open":
      return html`This assignment opens at ${timeTag(a.until)} (in ${formatDuration(a.until.getTime() - now.getTime())}). You can submit from then on.`;
    case "closed":
      return html`This assignment closed at ${timeTag(a.since)}. Submissions are no longer accepted.`;
    case "attempt-limit":
      return html`You have used all ${a.limit} attempt${a.limit === 1 ? "" : "s"}. Submissions are no longer accepted; your best score stands.`;
    case "cooldown":
      return html`You can submit again at ${timeTag(a.until)} (in ${formatDuration(a.until.getTime() - now.getTime())}). Attempts must be a short while apart. Reload this page then.`;
  }
}

function submissionForm(view: AssignmentView, availability: Availability): Html {
  const action = safeUrl(view.formAction);
  const values = view.values ?? {};
  const closed = !availability.open;
  return html`<section aria-labelledby="submit-title">
<h2 id="submit-title">Submit your work</h2>
${availability.open ? "" : html`<p class="notice" id="form-state">${unavailableMessage(availability, view.now)}</p>`}
<form method="post"${action === undefined ? "" : html` action="${action}"`} enctype="multipart/form-data">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<fieldset${closed ? html` disabled aria-describedby="form-state"` : html` aria-describedby="submit-help"`}>
<legend>Your submission</legend>
<p class="help" id="submit-help">Paste manifests, upload files, paste a transcript of your terminal session, or any mix of these. Grading takes a few seconds.</p>
<div class="field">
<label for="manifests">Manifests</label>
<p class="help" id="manifests-help">YAML or JSON, as you would give to <code>kubectl apply -f</code>. Separate several documents with a line <code>---</code>.</p>
<textarea id="manifests" name="manifests" rows="12" spellcheck="false" autocapitalize="off" aria-describedby="manifests-help">
${values.manifests ?? ""}</textarea>
</div>
<div class="field">
<label for="files">Files</label>
<p class="help" id="files-help">Manifests (.yaml, .yml, .json), a transcript (.txt, an asciinema recording .cast) or a script (.sh); several at once. After an error, choose them again: browsers do not keep them.</p>
<input type="file" id="files" name="files" multiple accept="${ACCEPTED_UPLOADS}" aria-describedby="files-help">
</div>
<div class="field">
<label for="transcript">Transcript</label>
<p class="help" id="transcript-help">The commands you ran, with or without their output: a terminal copy, your shell history, or one command per line.</p>
<textarea id="transcript" name="transcript" rows="12" spellcheck="false" autocapitalize="off" aria-describedby="transcript-help">
${values.transcript ?? ""}</textarea>
</div>
<button type="submit">Submit for grading</button>
</fieldset>
</form>
</section>`;
}

function progress(view: AssignmentView): Html {
  const best = view.best;
  return html`<section aria-labelledby="progress-title">
<h2 id="progress-title">Your progress</h2>
${
  best
    ? html`<p>Best score: <strong>${formatScore(best.score, best.maxScore)}</strong></p>
<meter min="0" max="${best.maxScore}" value="${best.score}" aria-label="Best score">${formatScore(best.score, best.maxScore)}</meter>`
    : html`<p>No graded attempt yet.</p>`
}
<h3>Attempts</h3>
${
  view.history.length > 0
    ? html`<ul class="history">${view.history.map(attemptItem)}</ul>`
    : html`<p>You have not submitted anything yet.</p>`
}
</section>`;
}

function attemptItem(a: AttemptView): Html {
  const href = a.href === undefined ? undefined : safeUrl(a.href);
  const when = href === undefined ? timeTag(a.at) : html`<a href="${href}">Report of ${timeTag(a.at)}</a>`;
  const score =
    a.status === "graded" && a.score !== undefined && a.maxScore !== undefined
      ? html`: ${formatScore(a.score, a.maxScore)}`
      : "";
  return html`<li>${when} — ${statusLabel(a.status)}${score}</li>`;
}
