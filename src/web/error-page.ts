/**
 * The page a student sees instead of an assignment or report: a link that expired or was
 * altered, an object that does not exist (or is another tenant's, which reads the same), a
 * server error. It names the request id, which support staff find in the logs.
 */
import { html, safeUrl } from "./html.ts";
import { renderPage } from "./layout.ts";
import type { ErrorView } from "./view-models.ts";

export function renderErrorPage(view: ErrorView): string {
  const back = view.backUrl === undefined ? undefined : safeUrl(view.backUrl);
  return renderPage({
    title: view.title,
    main: html`<h1>${view.title}</h1>
${view.detail === undefined ? "" : html`<p>${view.detail}</p>`}
<dl class="facts">
<dt>Error</dt><dd>${view.status}</dd>
${view.requestId === undefined ? "" : html`<dt>Request id</dt><dd><code>${view.requestId}</code> (quote it when you ask for help)</dd>`}
</dl>
${back === undefined ? "" : html`<p><a href="${back}">Go back</a></p>`}`,
  });
}
