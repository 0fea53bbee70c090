/**
 * LTI Deep Linking, the instructor's side (src/api/lti.ts): the tenant's assignments to choose
 * from, then the way back to the LMS with the choice. Plain forms, no script: the last step is
 * a button that posts the signed response to the LMS.
 */
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";

export interface DeepLinkChoice {
  id: string;
  title: string;
  course: string;
  lab: string;
}

export function renderDeepLinkPicker(view: {
  choices: DeepLinkChoice[];
  session: string;
  action: string;
  /** The LMS takes several items: one form of checkboxes instead of a button per assignment. */
  multiple: boolean;
}): string {
  const head = html`<thead><tr><th scope="col">Assignment</th><th scope="col">Course</th><th scope="col">Lab</th><th scope="col">Choose</th></tr></thead>`;
  const cells = (a: DeepLinkChoice) =>
    html`<th scope="row">${a.title}</th><td>${a.course}</td><td><code>${a.lab}</code></td>`;
  const table = view.multiple
    ? html`<form method="post" action="${view.action}">
<input type="hidden" name="session" value="${view.session}">
<div class="table-wrap"><table>
<caption>The school's assignments</caption>
${head}
<tbody>
${view.choices.map(
  (a) =>
    html`<tr>${cells(a)}<td><input type="checkbox" name="assignment" value="${a.id}" aria-label="Add ${a.title}"></td></tr>`,
)}
</tbody>
</table></div>
<button type="submit">Add the chosen assignments</button>
</form>`
    : html`<div class="table-wrap"><table>
<caption>The school's assignments</caption>
${head}
<tbody>
${view.choices.map(
  (a) => html`<tr>${cells(a)}<td><form method="post" action="${view.action}">
<input type="hidden" name="session" value="${view.session}">
<input type="hidden" name="assignment" value="${a.id}">
<button type="submit" aria-label="Add ${a.title} to the LMS">Add</button>
</form></td></tr>`,
)}
</tbody>
</table></div>`;
  return renderPage({
    title: "Add an assignment to the LMS",
    main: html`<h1>Add an assignment to the LMS</h1>
${
  view.choices.length === 0
    ? html`<p>This school has no assignments yet. Create one with the instructor API, then add it from the LMS again.</p>`
    : html`<p>${view.multiple ? "Choose the assignments to add: each becomes a link of its own in the LMS." : "Choose the assignment this LMS link opens."} Students who follow a link land on its assignment, and their grades go back to the LMS.</p>
${table}`
}`,
  });
}

export function renderDeepLinkReturn(view: { titles: string[]; returnUrl: string; jwt: string }): string {
  return renderPage({
    title: "Return to the LMS",
    main: html`<h1>Return to the LMS</h1>
<p>Chosen: ${view.titles.join(", ")}. The LMS adds ${view.titles.length === 1 ? "the link" : "the links"} when you return.</p>
<form method="post" action="${view.returnUrl}">
<input type="hidden" name="JWT" value="${view.jwt}">
<button type="submit">Return to the LMS</button>
</form>`,
  });
}
