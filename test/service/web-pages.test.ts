/**
 * The student pages and the API docs page as pure functions: every state of the assignment
 * page (open, not yet open, closed, out of attempts, cooling down, refused post), every
 * status of a report, the error page and the OpenAPI reference, each checked for its full
 * content, for escaping of hostile text, and for the structure assistive technology relies
 * on (one h1, a main landmark, a skip link, labels and references that resolve).
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/grading/types.ts";
import { type OpenApiDocument, renderApiDocsPage, schemaName } from "../../src/web/api-docs-page.ts";
import { renderAssignmentPage } from "../../src/web/assignment-page.ts";
import { assignmentAvailability } from "../../src/web/availability.ts";
import { renderErrorPage } from "../../src/web/error-page.ts";
import { formatDuration, formatScore, formatTime } from "../../src/web/format.ts";
import { html, safeUrl } from "../../src/web/html.ts";
import { renderCodeSpans, renderMarkdown } from "../../src/web/markdown.ts";
import { renderReportPage } from "../../src/web/report-page.ts";
import type { AssignmentView, ReportView } from "../../src/web/view-models.ts";

const NOW = new Date("2026-05-03T12:00:00Z");
const HOSTILE = `<script>alert("x")</script>`;
const HOSTILE_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";
const time = (iso: string, text: string) => `<time datetime="${iso}">${text}</time>`;

/** The text from the first `from` up to and including the next `to`. */
function slice(page: string, from: string, to: string): string {
  const start = page.indexOf(from);
  if (start < 0) throw new Error(`not found: ${from}`);
  const end = page.indexOf(to, start + from.length);
  if (end < 0) throw new Error(`not found after ${from}: ${to}`);
  return page.slice(start, end + to.length);
}

const count = (page: string, needle: string) => page.split(needle).length - 1;

/** What every page owes assistive technology, and that no page carries a script. */
function expectAccessibleDocument(page: string): void {
  expect(typeof page).toBe("string");
  expect(page.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
  expect(count(page, "<h1>")).toBe(1);
  expect(count(page, "<main ")).toBe(1);
  expect(page).toContain('<a class="skip-link" href="#main">Skip to main content</a>');
  expect(page).toContain('<main id="main" tabindex="-1">');
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/<link |src="http/);
  const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size).toBe(ids.length);
  for (const m of page.matchAll(/aria-(?:describedby|labelledby)="([^"]+)"/g)) {
    for (const id of m[1].split(" ")) expect(ids).toContain(id);
  }
  for (const m of page.matchAll(/<label for="([^"]+)"/g)) expect(ids).toContain(m[1]);
  for (const m of page.matchAll(/href="#([^"]+)"/g)) expect(ids).toContain(m[1]);
  for (const m of page.matchAll(/<(?:textarea|input)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)) {
    expect(page).toContain(`<label for="${m[1]}">`);
  }
}

// ---------------------------------------------------------------------------------------------
// Building blocks

describe("the HTML builder", () => {
  it("escapes every interpolated string and keeps markup built by the template", () => {
    const inner = html`<b>${"a & b"}</b>`;
    expect(String(html`<p title="${`"x" 'y'`}">${HOSTILE}${inner}${[1, " < ", 2]}${null}${false}</p>`)).toBe(
      `<p title="&quot;x&quot; &#39;y&#39;">${HOSTILE_ESCAPED}<b>a &amp; b</b>1 &lt; 2</p>`,
    );
  });

  it.each([
    ["a relative path", "/s/abc?x=1", "/s/abc?x=1"],
    ["a fragment", "#main", "#main"],
    ["an https address", "https://example.edu/lab", "https://example.edu/lab"],
    ["a mailto address", "mailto:staff@example.edu", "mailto:staff@example.edu"],
    ["a javascript address", "javascript:alert(1)", undefined],
    ["a javascript address in capitals", "JavaScript:alert(1)", undefined],
    ["a data address", "data:text/html,<b>", undefined],
    ["a scheme hidden by a tab", "java\tscript:alert(1)", undefined],
    ["a scheme behind a control character", "\u0001javascript:alert(1)", undefined],
    ["an address with a space", "/a b", undefined],
  ])("safeUrl takes %s as %j", (_name, url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });
});

describe("Markdown instructions", () => {
  it.each([
    ["a heading becomes the level given, below the page's h1", "# Services", 3, "<h3>Services</h3>"],
    ["closing hashes are dropped and a hash inside a word is kept", "## C# tips ##", 2, "<h3>C# tips</h3>"],
    ["deep headings stop at h6", "###### Six", 3, "<h6>Six</h6>"],
    [
      "blank lines separate paragraphs; a paragraph keeps its lines",
      "one\ntwo\n\nthree",
      2,
      "<p>one\ntwo</p><p>three</p>",
    ],
    [
      "inline code, strong and emphasis",
      "Run `kubectl get pods` in **default** and *wait*.",
      2,
      "<p>Run <code>kubectl get pods</code> in <strong>default</strong> and <em>wait</em>.</p>",
    ],
    [
      "underscores inside names are not emphasis",
      "set app_name_v2 and _this_",
      2,
      "<p>set app_name_v2 and <em>this</em></p>",
    ],
    ["a backslash shows a delimiter as written", "\\*not em\\*", 2, "<p>*not em*</p>"],
    ["raw HTML is shown as text", `${HOSTILE} & <b>'`, 2, `<p>${HOSTILE_ESCAPED} &amp; &lt;b&gt;&#39;</p>`],
    [
      "HTML inside a code block is escaped and the language named",
      "```yaml\nkind: <Pod>\n  spec: {}\n```",
      2,
      '<pre><code class="language-yaml">kind: &lt;Pod&gt;\n  spec: {}\n</code></pre>',
    ],
    [
      "a fence's language cannot leave its attribute",
      '~~~"><script>\nx\n~~~',
      2,
      '<pre><code class="language-&quot;&gt;&lt;script&gt;">x\n</code></pre>',
    ],
    ["an unclosed fence runs to the end", "```\na\nb", 2, "<pre><code>a\nb\n</code></pre>"],
    [
      "numbered items continue over indented lines and keep their start number",
      "3. Create\n   a pod.\n4. Delete it.",
      2,
      '<ol start="3"><li>Create\na pod.</li><li>Delete it.</li></ol>',
    ],
    ["lists nest by indentation", "- a\n  - b\n- c", 2, "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"],
    ["a blank line between items makes paragraphs", "- a\n\n- b", 2, "<ul><li><p>a</p></li><li><p>b</p></li></ul>"],
    ["a different marker starts a new list", "- a\n+ b", 2, "<ul><li>a</li></ul><ul><li>b</li></ul>"],
    [
      "links keep web and relative addresses",
      "[docs](https://kubernetes.io/docs/?a=1&b=2) and [home](/)",
      2,
      '<p><a href="https://kubernetes.io/docs/?a=1&amp;b=2">docs</a> and <a href="/">home</a></p>',
    ],
    [
      "a script link keeps its text and loses its address",
      "[click](javascript:void) [x](data:text/html,hi)",
      2,
      "<p>click x</p>",
    ],
    ["block quotes and rules", "> note\n> *more*\n\n---", 2, "<blockquote><p>note\n<em>more</em></p></blockquote><hr>"],
    ["a code span holds backticks when fenced by more of them", "`` a ` b ``", 2, "<p><code>a ` b</code></p>"],
    [
      "unmatched delimiters are shown as written",
      "2 * 3 = 6, a ` tick, [x] and **",
      2,
      "<p>2 * 3 = 6, a ` tick, [x] and **</p>",
    ],
    ["Windows line endings are read as newlines", "a\r\nb\r\n\r\nc", 2, "<p>a\nb</p><p>c</p>"],
  ])("%s", (_name, source, headingLevel, expected) => {
    expect(String(renderMarkdown(source, { headingLevel }))).toBe(expected);
  });

  it("nesting past eight levels is shown as text instead of exhausting the stack", () => {
    const quotes = `${">".repeat(20)} deep`;
    expect(String(renderMarkdown(quotes))).toBe(
      `${"<blockquote>".repeat(9)}<p>${"&gt;".repeat(11)} deep</p>${"</blockquote>".repeat(9)}`,
    );
    const list = Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i * 2)}- x`).join("\n");
    expect(() => String(renderMarkdown(list))).not.toThrow();
  });

  it("a paragraph of thousands of unmatched delimiters renders them all as text", () => {
    const text = `\` ${"*a [b _c ".repeat(5000)}`;
    expect(String(renderMarkdown(text))).toBe(`<p>${text.trim()}</p>`);
  });

  it("grader text turns only backtick spans into code", () => {
    expect(String(renderCodeSpans("pod `web` has label app_v2=*, not `<b>`; a lone ` stays"))).toBe(
      "pod <code>web</code> has label app_v2=*, not <code>&lt;b&gt;</code>; a lone ` stays",
    );
  });
});

describe("times, waits and scores", () => {
  it("times are UTC with the zone named, seconds only when they matter", () => {
    expect(formatTime(new Date("2026-05-03T14:05:00Z"))).toBe("2026-05-03 14:05 UTC");
    expect(formatTime(new Date("2026-05-03T14:05:30.400Z"))).toBe("2026-05-03 14:05:30 UTC");
  });

  it.each([
    [45_000, "45 seconds"],
    [44_001, "45 seconds"],
    [0, "1 second"],
    [60_000, "1 minute"],
    [125_400, "2 minutes 6 seconds"],
    [3_600_000, "1 hour"],
    [3_660_000, "1 hour 1 minute"],
    [90_061_000, "1 day 1 hour"],
  ])("a wait of %i ms reads %j", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([
    [7, 10, "7 of 10 points (70%)"],
    [1, 1, "1 of 1 point (100%)"],
    [0, 0, "0 of 0 points"],
    [2.5, 3, "2.5 of 3 points (83%)"],
  ])("a score of %d out of %d reads %j", (score, max, expected) => {
    expect(formatScore(score, max)).toBe(expected);
  });
});

describe("whether an assignment takes submissions", () => {
  const base = { now: NOW, attemptsUsed: 1 };
  it.each([
    ["with no dates and no limit it is open", {}, { open: true }],
    [
      "before its opening it is not yet open",
      { opensAt: new Date("2026-05-03T12:00:01Z") },
      { open: false, reason: "not-yet-open", until: new Date("2026-05-03T12:00:01Z") },
    ],
    ["at its opening it is open", { opensAt: NOW }, { open: true }],
    ["at its due time it is closed", { dueAt: NOW }, { open: false, reason: "closed", since: NOW }],
    [
      "with every attempt used it is closed to this student",
      { attemptLimit: 1 },
      { open: false, reason: "attempt-limit", limit: 1 },
    ],
    [
      "during a cooldown it waits",
      { cooldownUntil: new Date("2026-05-03T12:00:30Z") },
      { open: false, reason: "cooldown", until: new Date("2026-05-03T12:00:30Z") },
    ],
    ["after a cooldown it is open again", { cooldownUntil: NOW }, { open: true }],
    [
      "closed wins over attempts and cooldown",
      { dueAt: NOW, attemptLimit: 1, cooldownUntil: new Date("2026-05-03T13:00:00Z") },
      { open: false, reason: "closed", since: NOW },
    ],
  ])("%s", (_name, extra, expected) => {
    expect(assignmentAvailability({ ...base, ...extra })).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// The assignment page

const assignment = (extra: Partial<AssignmentView> = {}): AssignmentView => ({
  title: "Week 3: Services",
  labTitle: "Services",
  instructions: "# Services\n\nExpose `hostname` on port **8080**.",
  now: NOW,
  dueAt: new Date("2026-05-10T23:59:00Z"),
  attemptsUsed: 1,
  attemptLimit: 3,
  history: [],
  formAction: "/s/tok123",
  csrfToken: "csrf-abc",
  ...extra,
});

describe("the assignment page", () => {
  it("an open assignment shows its facts, the instructions and a form with every field labelled", () => {
    const page = renderAssignmentPage(assignment());
    expectAccessibleDocument(page);
    expect(page).toContain("<title>Week 3: Services · labgrader</title>");
    expect(page).toContain("<h1>Week 3: Services</h1>");
    expect(slice(page, '<dl class="facts">', "</dl>")).toBe(`<dl class="facts">
<dt>Lab</dt><dd>Services</dd>

<dt>Due</dt><dd>${time("2026-05-10T23:59:00.000Z", "2026-05-10 23:59 UTC")}</dd>
<dt>Attempts</dt><dd>1 of 3 used</dd>
</dl>`);
    expect(slice(page, '<section aria-labelledby="instructions-title">', "</section>")).toBe(
      `<section aria-labelledby="instructions-title">
<h2 id="instructions-title">Instructions</h2>
<h3>Services</h3><p>Expose <code>hostname</code> on port <strong>8080</strong>.</p>
</section>`,
    );
    expect(slice(page, "<form", "</form>")).toBe(`<form method="post" action="/s/tok123" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="csrf-abc">
<fieldset aria-describedby="submit-help">
<legend>Your submission</legend>
<p class="help" id="submit-help">Paste manifests, upload files, paste a transcript of your terminal session, or any mix of these. Grading takes a few seconds.</p>
<div class="field">
<label for="manifests">Manifests</label>
<p class="help" id="manifests-help">YAML or JSON, as you would give to <code>kubectl apply -f</code>. Separate several documents with a line <code>---</code>.</p>
<textarea id="manifests" name="manifests" rows="12" spellcheck="false" autocapitalize="off" aria-describedby="manifests-help">
</textarea>
</div>
<div class="field">
<label for="files">Files</label>
<p class="help" id="files-help">Manifests (.yaml, .yml, .json), a transcript (.txt, an asciinema recording .cast) or a script (.sh); several at once. After an error, choose them again: browsers do not keep them.</p>
<input type="file" id="files" name="files" multiple accept=".yaml,.yml,.json,.txt,.cast,.sh" aria-describedby="files-help">
</div>
<div class="field">
<label for="transcript">Transcript</label>
<p class="help" id="transcript-help">The commands you ran, with or without their output: a terminal copy, your shell history, or one command per line.</p>
<textarea id="transcript" name="transcript" rows="12" spellcheck="false" autocapitalize="off" aria-describedby="transcript-help">
</textarea>
</div>
<button type="submit">Submit for grading</button>
</fieldset>
</form>`);
    expect(page).not.toContain("<fieldset disabled");
    expect(page).not.toContain('role="alert"');
    expect(slice(page, '<section aria-labelledby="progress-title">', "</section>")).toBe(
      `<section aria-labelledby="progress-title">
<h2 id="progress-title">Your progress</h2>
<p>No graded attempt yet.</p>
<h3>Attempts</h3>
<p>You have not submitted anything yet.</p>
</section>`,
    );
  });

  it("hostile text in the title, instructions, refilled values and token is shown as text", () => {
    const page = renderAssignmentPage(
      assignment({
        title: `Week ${HOSTILE}`,
        labTitle: `<img src=x onerror=alert(1)>`,
        instructions: `Intro ${HOSTILE}\n\n\`\`\`\n${HOSTILE}\n\`\`\``,
        csrfToken: `"><script>x</script>`,
        formAction: "javascript:alert(1)",
        values: { manifests: `</textarea>${HOSTILE}`, transcript: "\n$ kubectl get pods\n" },
      }),
    );
    expectAccessibleDocument(page);
    expect(page).toContain(`<title>Week ${HOSTILE_ESCAPED} · labgrader</title>`);
    expect(page).toContain(`<h1>Week ${HOSTILE_ESCAPED}</h1>`);
    expect(page).toContain("<dt>Lab</dt><dd>&lt;img src=x onerror=alert(1)&gt;</dd>");
    expect(page).toContain(`<p>Intro ${HOSTILE_ESCAPED}</p><pre><code>${HOSTILE_ESCAPED}\n</code></pre>`);
    expect(page).toContain('<input type="hidden" name="csrf" value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">');
    // An unsafe action is dropped: the form then posts back to the page's own address.
    expect(page).toContain('<form method="post" enctype="multipart/form-data">');
    expect(page).toContain(`aria-describedby="manifests-help">\n&lt;/textarea&gt;${HOSTILE_ESCAPED}</textarea>`);
    // The newline after <textarea> is eaten by the parser, so a value's own leading newline survives.
    expect(page).toContain('aria-describedby="transcript-help">\n\n$ kubectl get pods\n</textarea>');
  });

  it("a refused post lists its errors at the top in an alert and the title says so", () => {
    const page = renderAssignmentPage(
      assignment({
        errors: ["notes.exe: only .yaml, .yml, .json, .txt, .cast and .sh files are accepted", `bad ${HOSTILE}`],
        values: { manifests: "kind: Pod" },
      }),
    );
    expectAccessibleDocument(page);
    expect(page).toContain("<title>Error: Week 3: Services · labgrader</title>");
    expect(slice(page, "<h1>", "</div>")).toBe(`<h1>Week 3: Services</h1>
<div class="alert" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">Your submission was not accepted</h2>
<ul><li>notes.exe: only .yaml, .yml, .json, .txt, .cast and .sh files are accepted</li><li>bad ${HOSTILE_ESCAPED}</li></ul>
</div>`);
    expect(page).toContain('aria-describedby="manifests-help">\nkind: Pod</textarea>');
    expect(page.indexOf('role="alert"')).toBeLessThan(page.indexOf('<dl class="facts">'));
  });

  it.each([
    [
      "not yet open",
      { opensAt: new Date("2026-05-04T09:00:00Z") },
      `This assignment opens at ${time("2026-05-04T09:00:00.000Z", "2026-05-04 09:00 UTC")} (in 21 hours). You can submit from then on.`,
    ],
    [
      "closed",
      { dueAt: NOW },
      `This assignment closed at ${time("2026-05-03T12:00:00.000Z", "2026-05-03 12:00 UTC")}. Submissions are no longer accepted.`,
    ],
    [
      "out of attempts",
      { attemptsUsed: 3 },
      "You have used all 3 attempts. Submissions are no longer accepted; your best score stands.",
    ],
    [
      "out of its single attempt",
      { attemptsUsed: 1, attemptLimit: 1 },
      "You have used all 1 attempt. Submissions are no longer accepted; your best score stands.",
    ],
    [
      "cooling down",
      { cooldownUntil: new Date("2026-05-03T12:00:45Z") },
      `You can submit again at ${time("2026-05-03T12:00:45.000Z", "2026-05-03 12:00:45 UTC")} (in 45 seconds). Attempts must be a short while apart. Reload this page then.`,
    ],
  ])("an assignment %s disables the form and says why with the time", (_name, extra, message) => {
    const page = renderAssignmentPage(assignment(extra));
    expectAccessibleDocument(page);
    expect(slice(page, '<h2 id="submit-title">', "<fieldset")).toBe(`<h2 id="submit-title">Submit your work</h2>
<p class="notice" id="form-state">${message}</p>
<form method="post" action="/s/tok123" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="csrf-abc">
<fieldset`);
    expect(page).toContain('<fieldset disabled aria-describedby="form-state">');
    expect(count(page, " disabled")).toBe(1);
  });

  it("an assignment without limits says so and shows its opening", () => {
    const page = renderAssignmentPage(
      assignment({
        attemptLimit: undefined,
        dueAt: undefined,
        attemptsUsed: 4,
        opensAt: new Date("2026-05-01T08:00:00Z"),
      }),
    );
    expect(slice(page, '<dl class="facts">', "</dl>")).toBe(`<dl class="facts">
<dt>Lab</dt><dd>Services</dd>
<dt>Opens</dt><dd>${time("2026-05-01T08:00:00.000Z", "2026-05-01 08:00 UTC")}</dd>

<dt>Attempts</dt><dd>4 used (no limit)</dd>
</dl>`);
    expect(page).not.toContain("<fieldset disabled");
  });

  it("progress shows the best score as a meter and each attempt with its status, score and report", () => {
    const page = renderAssignmentPage(
      assignment({
        attemptsUsed: 2,
        best: { score: 7, maxScore: 10 },
        history: [
          { id: "s4", at: new Date("2026-05-03T11:59:00Z"), status: "pending", href: "/s/tok123/submissions/s4" },
          {
            id: "s3",
            at: new Date("2026-05-03T11:50:00Z"),
            status: "graded",
            score: 7,
            maxScore: 10,
            href: "/s/tok123/submissions/s3",
          },
          { id: "s2", at: new Date("2026-05-03T11:40:30Z"), status: "ungradable", href: "javascript:alert(1)" },
          { id: "s1", at: new Date("2026-05-03T11:30:00Z"), status: "failed" },
        ],
      }),
    );
    expectAccessibleDocument(page);
    expect(slice(page, '<section aria-labelledby="progress-title">', "</section>")).toBe(
      `<section aria-labelledby="progress-title">
<h2 id="progress-title">Your progress</h2>
<p>Best score: <strong>7 of 10 points (70%)</strong></p>
<meter min="0" max="10" value="7" aria-label="Best score">7 of 10 points (70%)</meter>
<h3>Attempts</h3>
<ul class="history">` +
        `<li><a href="/s/tok123/submissions/s4">Report of ${time("2026-05-03T11:59:00.000Z", "2026-05-03 11:59 UTC")}</a> — Being graded</li>` +
        `<li><a href="/s/tok123/submissions/s3">Report of ${time("2026-05-03T11:50:00.000Z", "2026-05-03 11:50 UTC")}</a> — Graded: 7 of 10 points (70%)</li>` +
        `<li>${time("2026-05-03T11:40:30.000Z", "2026-05-03 11:40:30 UTC")} — Not gradable (no attempt used)</li>` +
        `<li>${time("2026-05-03T11:30:00.000Z", "2026-05-03 11:30 UTC")} — Grading failed (kept, to be graded again)</li>` +
        `</ul>
</section>`,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The report page

const report = (extra: Partial<Report> = {}): Report => ({
  lab: { id: "service-exposure", version: "sha256:0123456789abcdef", title: "Services" },
  student: "alice",
  gradable: true,
  score: 6,
  maxScore: 10,
  checkpoints: [
    {
      id: "cluster-ip",
      title: "A ClusterIP Service",
      points: 4,
      awarded: 4,
      passed: true,
      explanation: "Service `web` has type ClusterIP",
    },
    {
      id: "node-port",
      title: `NodePort ${HOSTILE}`,
      points: 4,
      awarded: 0,
      passed: false,
      explanation: `no Service \`web-np\` in namespace default; found ${HOSTILE}`,
      hint: "Use `type: NodePort` and `nodePort: 30080`",
    },
    {
      id: "curl",
      title: "Reachable with curl",
      points: 2,
      awarded: 2,
      passed: false,
      skipped: true,
      explanation: "skipped: requires node-port",
    },
  ],
  authenticity: [
    { line: 12, command: "kubectl get svc", message: "the output shown for `kubectl get svc` lists <none> as web-np" },
  ],
  replay: { commands: 1, virtualSeconds: 95, kubernetesVersion: "v1.29.0" },
  grader: { version: "0.1.0" },
  ...extra,
});

const reportView = (extra: Partial<ReportView> = {}): ReportView => ({
  assignmentTitle: "Week 3: Services",
  submittedAt: new Date("2026-05-03T11:50:00Z"),
  status: "graded",
  report: report(),
  backUrl: "/s/tok123",
  ...extra,
});

describe("the report page", () => {
  it("a graded report shows the score, the checkpoints in a table, the findings and how it was graded", () => {
    const page = renderReportPage(reportView());
    expectAccessibleDocument(page);
    expect(page).toContain("<title>Report: Week 3: Services · labgrader</title>");
    expect(slice(page, "<h1>", "</section>")).toBe(`<h1>Report: Week 3: Services</h1>
<p><a href="/s/tok123">Back to the assignment</a></p>
<dl class="facts">
<dt>Submitted</dt><dd>${time("2026-05-03T11:50:00.000Z", "2026-05-03 11:50 UTC")}</dd>
<dt>Status</dt><dd>Graded</dd>
</dl>
<section aria-labelledby="score-title">
<h2 id="score-title">Score</h2>
<p><strong>6 of 10 points (60%)</strong></p>
<meter min="0" max="10" value="6" aria-label="Score">6 of 10 points (60%)</meter>
</section>`);
    expect(slice(page, '<section aria-labelledby="checkpoints-title">', "</section>")).toBe(
      `<section aria-labelledby="checkpoints-title">
<h2 id="checkpoints-title">Checkpoints</h2>
<div class="table-wrap" role="region" aria-labelledby="checkpoints-caption" tabindex="0">
<table>
<caption id="checkpoints-caption">Each checkpoint, the points it gave, and why</caption>
<thead><tr><th scope="col">Checkpoint</th><th scope="col">Title</th><th scope="col">Points</th><th scope="col">Result</th><th scope="col">Explanation</th><th scope="col">Hint</th></tr></thead>
<tbody>
<tr>
<th scope="row"><code>cluster-ip</code></th>
<td>A ClusterIP Service</td>
<td>4 of 4</td>
<td><span class="passed">Passed</span></td>
<td class="text">Service <code>web</code> has type ClusterIP</td>
<td class="text"></td>
</tr><tr>
<th scope="row"><code>node-port</code></th>
<td>NodePort ${HOSTILE_ESCAPED}</td>
<td>0 of 4</td>
<td><span class="failed">Not passed</span></td>
<td class="text">no Service <code>web-np</code> in namespace default; found ${HOSTILE_ESCAPED}</td>
<td class="text">Use <code>type: NodePort</code> and <code>nodePort: 30080</code></td>
</tr><tr>
<th scope="row"><code>curl</code></th>
<td>Reachable with curl</td>
<td>2 of 2</td>
<td><span class="skipped">Skipped</span></td>
<td class="text">skipped: requires node-port</td>
<td class="text"></td>
</tr>
</tbody>
</table>
</div>
</section>`,
    );
    expect(slice(page, '<section aria-labelledby="authenticity-title">', "</section>")).toBe(
      `<section aria-labelledby="authenticity-title">
<h2 id="authenticity-title">Authenticity</h2>
<p>Outputs in the transcript that replaying its commands did not print:</p>
<ul><li>Line 12: <span class="text">the output shown for <code>kubectl get svc</code> lists &lt;none&gt; as web-np</span></li></ul>
</section>`,
    );
    expect(slice(page, '<section aria-labelledby="replay-title">', "</section>")).toBe(
      `<section aria-labelledby="replay-title">
<h2 id="replay-title">How it was graded</h2>
<dl class="facts">
<dt>Lab</dt><dd>Services (<code>service-exposure</code>, version <code>sha256:0123456789abcdef</code>)</dd>
<dt>Replay</dt><dd>1 command over 95 virtual seconds, Kubernetes v1.29.0</dd>
<dt>Grader</dt><dd>version 0.1.0</dd>
</dl>
</section>`,
    );
  });

  it("a report without findings or checkpoints says so", () => {
    const page = renderReportPage(reportView({ report: report({ authenticity: [], checkpoints: [] }) }));
    expectAccessibleDocument(page);
    expect(page).toContain("<p>This lab has no checkpoints.</p>");
    expect(page).toContain("<p>No findings: nothing in the submission disagrees with the replay.</p>");
    expect(page).not.toContain("<table");
  });

  it.each([
    [
      "pending",
      {},
      `<p class="notice" role="status">Your submission is stored and being graded. Reload this page in a few seconds to see the report.</p>`,
    ],
    [
      "failed",
      {},
      `<p class="alert" role="alert">Grading failed on our side. Your submission is stored, nothing is lost, and it will be graded again; this page shows the report then.</p>`,
    ],
    [
      "ungradable",
      {
        report: report({
          gradable: false,
          reason: `the transcript has no \`kubectl\` command ${HOSTILE}`,
          line: 7,
          score: 0,
          checkpoints: [],
        }),
      },
      `<div class="alert" role="alert">
<p>This submission could not be graded: <span class="text">the transcript has no <code>kubectl</code> command ${HOSTILE_ESCAPED}</span> (line 7).</p>
<p>It used no attempt. Fix it and submit again.</p>
</div>`,
    ],
    [
      "ungradable",
      { report: undefined },
      `<div class="alert" role="alert">
<p>This submission could not be graded: <span class="text">the reason was not recorded</span>.</p>
<p>It used no attempt. Fix it and submit again.</p>
</div>`,
    ],
    [
      "graded",
      { report: undefined },
      `<p class="notice" role="status">The report is not available yet. Reload this page in a few seconds.</p>`,
    ],
  ] as const)("a %s submission says what happens next", (status, extra, body) => {
    const page = renderReportPage(reportView({ status, report: undefined, ...extra }));
    expectAccessibleDocument(page);
    expect(slice(page, "<dt>Status</dt>", "</main>")).toBe(
      `<dt>Status</dt><dd>${
        {
          pending: "Being graded",
          failed: "Grading failed (kept, to be graded again)",
          ungradable: "Not gradable (no attempt used)",
          graded: "Graded",
        }[status]
      }</dd>\n</dl>\n${body}\n</main>`,
    );
  });

  it("a back link that is not a web address is left out", () => {
    const page = renderReportPage(reportView({ backUrl: "javascript:history.back()" }));
    expect(page).not.toContain("Back to the assignment");
    expect(page).not.toContain("javascript:");
  });
});

// ---------------------------------------------------------------------------------------------
// The error page

describe("the error page", () => {
  it("names the error, what to do, and the request id, all escaped", () => {
    const page = renderErrorPage({
      status: 404,
      title: "Assignment not found",
      detail: `The link is wrong or has expired ${HOSTILE}. Ask your instructor for a new one.`,
      requestId: "req_01J<x>",
      backUrl: "/",
    });
    expectAccessibleDocument(page);
    expect(page).toContain("<title>Assignment not found · labgrader</title>");
    expect(slice(page, "<h1>", "</main>")).toBe(`<h1>Assignment not found</h1>
<p>The link is wrong or has expired ${HOSTILE_ESCAPED}. Ask your instructor for a new one.</p>
<dl class="facts">
<dt>Error</dt><dd>404</dd>
<dt>Request id</dt><dd><code>req_01J&lt;x&gt;</code> (quote it when you ask for help)</dd>
</dl>
<p><a href="/">Go back</a></p>
</main>`);
  });

  it("without detail, request id or a safe back link it shows only the title and status", () => {
    const page = renderErrorPage({ status: 500, title: "Something went wrong", backUrl: "vbscript:x" });
    expectAccessibleDocument(page);
    expect(slice(page, "<h1>", "</main>")).toBe(`<h1>Something went wrong</h1>

<dl class="facts">
<dt>Error</dt><dd>500</dd>

</dl>

</main>`);
  });
});

// ---------------------------------------------------------------------------------------------
// The API docs page

const openApi: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "labgrader API", version: "1.0.0", description: "For **instructors**." },
  servers: [{ url: "/api/v1", description: "this service" }],
  tags: [{ name: "courses", description: "Courses of a tenant." }, { name: "labs" }, { name: "unused" }],
  security: [{ apiKey: [] }],
  paths: {
    "/labs": {
      post: {
        operationId: "uploadLab",
        tags: ["labs"],
        summary: "Upload a lab",
        requestBody: { required: true, content: { "application/yaml": { schema: { type: "string" } } } },
        responses: {
          "201": {
            description: "The new version",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Lab" } } },
          },
          "422": { $ref: "#/components/responses/Problem" },
        },
      },
    },
    "/courses/{courseId}": {
      parameters: [{ $ref: "#/components/parameters/CourseId" }],
      get: {
        operationId: "getCourse",
        tags: ["courses"],
        summary: `A course ${HOSTILE}`,
        parameters: [
          {
            name: "include",
            in: "query",
            description: "Related objects",
            schema: { type: "string", enum: ["assignments", "students"] },
          },
        ],
        responses: {
          "200": {
            description: "The course",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Course" } } },
          },
        },
      },
      delete: {
        operationId: "deleteCourse",
        tags: ["courses"],
        deprecated: true,
        security: [],
        responses: { "204": { description: "Deleted" } },
      },
    },
    "/health": { get: { summary: "Liveness", responses: { "200": { description: "OK" } } } },
  },
  components: {
    parameters: {
      CourseId: { name: "courseId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
    },
    responses: {
      Problem: {
        description: "Problem details",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    },
    schemas: {},
  },
};

describe("the API docs page", () => {
  const page = renderApiDocsPage(openApi, { specUrl: "/api/v1/openapi.json" });

  it("opens with the title, version, description, servers and a contents list in tag order", () => {
    expectAccessibleDocument(page);
    expect(page).toContain("<title>labgrader API reference · labgrader</title>");
    expect(slice(page, "<h1>", "</nav>")).toBe(`<h1>labgrader API</h1>
<p>Version 1.0.0 · OpenAPI 3.1.0 · <a href="/api/v1/openapi.json">the document as JSON</a></p>
<p>For <strong>instructors</strong>.</p>
<h2>Servers</h2>
<ul><li><code>/api/v1</code>: this service</li></ul>
<nav aria-labelledby="contents-title">
<h2 id="contents-title">Contents</h2>
<ul><li><a href="#tag-courses">courses</a>
<ul><li><a href="#op-getcourse">GET /courses/{courseId}</a>: A course ${HOSTILE_ESCAPED}</li><li><a href="#op-deletecourse">DELETE /courses/{courseId}</a></li></ul></li><li><a href="#tag-labs">labs</a>
<ul><li><a href="#op-uploadlab">POST /labs</a>: Upload a lab</li></ul></li><li><a href="#tag-other-operations">Other operations</a>
<ul><li><a href="#op-get-health">GET /health</a>: Liveness</li></ul></li></ul>
</nav>`);
    const headings = [...page.matchAll(/<h([23]) id="([^"]+)">(.*?)<\/h[23]>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(headings).toEqual([
      "2 contents-title Contents",
      "2 tag-courses courses",
      '3 op-getcourse <span class="method">get</span> <code>/courses/{courseId}</code>',
      '3 op-deletecourse <span class="method">delete</span> <code>/courses/{courseId}</code>',
      "2 tag-labs labs",
      '3 op-uploadlab <span class="method">post</span> <code>/labs</code>',
      "2 tag-other-operations Other operations",
      '3 op-get-health <span class="method">get</span> <code>/health</code>',
    ]);
  });

  it("an operation lists path and own parameters, its authentication and its responses", () => {
    expect(slice(page, '<section aria-labelledby="op-getcourse">', "</section>")).toBe(
      `<section aria-labelledby="op-getcourse">
<h3 id="op-getcourse"><span class="method">get</span> <code>/courses/{courseId}</code></h3>
<p>A course ${HOSTILE_ESCAPED}</p>


<p>Authentication: apiKey</p>
<div class="table-wrap" role="region" aria-labelledby="op-getcourse-parameters" tabindex="0"><table>
<caption id="op-getcourse-parameters">Parameters of GET /courses/{courseId}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Schema</th><th scope="col">Description</th></tr></thead>
<tbody><tr><th scope="row"><code>courseId</code></th><td>path</td><td>yes</td><td>string (uuid)</td><td></td></tr><tr><th scope="row"><code>include</code></th><td>query</td><td>no</td><td>string: &quot;assignments&quot; | &quot;students&quot;</td><td>Related objects</td></tr></tbody>
</table></div>

<div class="table-wrap" role="region" aria-labelledby="op-getcourse-responses" tabindex="0"><table>
<caption id="op-getcourse-responses">Responses of GET /courses/{courseId}</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Description</th><th scope="col">Body</th></tr></thead>
<tbody><tr><th scope="row">200</th><td>The course</td><td><code>application/json</code>: Course</td></tr></tbody>
</table></div>
</section>`,
    );
  });

  it("a deprecated operation without authentication says both", () => {
    const section = slice(page, '<section aria-labelledby="op-deletecourse">', "</section>");
    expect(section).toContain('<p class="notice"><strong>Deprecated.</strong></p>');
    expect(section).toContain("<p>Authentication: none</p>");
    expect(section).toContain('<tbody><tr><th scope="row">204</th><td>Deleted</td><td>none</td></tr></tbody>');
  });

  it("a request body names its media types and schema, and referenced responses are followed", () => {
    const section = slice(page, '<section aria-labelledby="op-uploadlab">', "</section>");
    expect(slice(section, "<p>No parameters.</p>", "</ul>")).toBe(`<p>No parameters.</p>
<h4>Request body (required)</h4>

<ul><li><code>application/yaml</code>: string</li></ul>`);
    expect(slice(section, "<tbody>", "</tbody>")).toBe(
      '<tbody><tr><th scope="row">201</th><td>The new version</td><td><code>application/json</code>: Lab</td></tr>' +
        '<tr><th scope="row">422</th><td>Problem details</td><td><code>application/problem+json</code>: Problem</td></tr></tbody>',
    );
  });

  it.each([
    ["a reference by its name", { $ref: "#/components/schemas/Course" }, "Course"],
    ["an escaped reference", { $ref: "#/components/schemas/a~1b" }, "a/b"],
    ["an array of references", { type: "array", items: { $ref: "#/components/schemas/Student" } }, "array of Student"],
    ["alternatives", { oneOf: [{ $ref: "#/x/A" }, { type: "null" }] }, "A or null"],
    ["a nullable type", { type: ["string", "null"] }, "string or null"],
    ["a titled object", { type: "object", title: "Gradebook row" }, "Gradebook row"],
    ["a formatted string", { type: "string", format: "date-time" }, "string (date-time)"],
    ["no schema", undefined, "any"],
  ])("a schema is named: %s", (_name, schema, expected) => {
    expect(schemaName(schema)).toBe(expected);
  });
});

describe("where the pages run", () => {
  it("every page module bundles for workerd without a Node built-in", async () => {
    const result = await build({
      entryPoints: [
        "src/web/assignment-page.ts",
        "src/web/report-page.ts",
        "src/web/error-page.ts",
        "src/web/api-docs-page.ts",
      ],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      conditions: ["workerd", "worker", "browser"],
      outdir: "out",
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    for (const file of result.outputFiles) expect(file.text).not.toMatch(/\b(require\(|from ")node:/);
  });
});
