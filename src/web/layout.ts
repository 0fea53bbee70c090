/**
 * The document every page shares: `lang="en"`, a skip link to the single `<main>`, and the
 * stylesheet inline (no external assets: pages work offline and under a strict CSP). Student
 * links carry signed tokens, so pages send no referrer and ask not to be indexed.
 */
import { type Html, html, raw } from "./html.ts";

export interface PageOptions {
  /** The `<title>`: what the page is, before the site name. */
  title: string;
  /** The content of `<main>`, starting with its `<h1>`. */
  main: Html;
}

/** A policy the pages satisfy: no scripts at all, only the inline stylesheet, forms to the same origin. */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function renderPage({ title, main }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title} · labgrader</title>
<style>${raw(STYLES)}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><p class="brand">labgrader</p></header>
<main id="main" tabindex="-1">
${main}
</main>
</body>
</html>
`.toString();
}

// Colours meet WCAG AA contrast on white (text #1a1a1a 17.4:1, links #1d4ed8 6.7:1, green
// #166534 7.1:1, red #991b1b 8.3:1); states are said in words too, never by colour alone.
const STYLES = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
main,.site-header{max-width:62rem;margin:0 auto;padding:0 1rem}
main{padding-bottom:3rem}
main:focus{outline:none}
.site-header{padding-top:.75rem;padding-bottom:.75rem;border-bottom:1px solid #d1d5db}
.brand{margin:0;font-weight:700}
a{color:#1d4ed8;text-decoration:underline}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.skip-link{position:absolute;left:.5rem;top:-3rem;padding:.5rem 1rem;background:#fff;border:2px solid #1d4ed8;z-index:1}
.skip-link:focus{top:.5rem}
h1{font-size:1.75rem;line-height:1.25;margin:1.5rem 0 1rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3,h4,h5,h6{font-size:1.1rem;margin:1.5rem 0 .5rem}
code,pre,textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
code{background:#f3f4f6;padding:0 .2em;border-radius:3px}
pre{background:#f3f4f6;padding:.75rem;overflow-x:auto;border-radius:4px}
pre code{padding:0;background:none}
blockquote{margin:1rem 0;padding-left:1rem;border-left:4px solid #d1d5db}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
.notice,.alert{padding:.75rem 1rem;margin:1rem 0;border-left:6px solid #1d4ed8;background:#eff6ff}
.alert{border-color:#991b1b;background:#fef2f2}
.alert h2{margin-top:0;font-size:1.15rem}
.alert ul{margin:0}
.field{margin:1rem 0}
.field label{display:block;font-weight:600}
.help{margin:.25rem 0;color:#374151}
textarea{display:block;width:100%;padding:.5rem;border:2px solid #374151;border-radius:4px}
input[type=file]{padding:.25rem 0}
fieldset{border:1px solid #d1d5db;border-radius:4px;padding:0 1rem 1rem}
legend{font-weight:700;padding:0 .25rem}
fieldset:disabled{background:#f9fafb}
button{font:inherit;font-weight:600;padding:.5rem 1.25rem;border:2px solid #1d4ed8;border-radius:4px;background:#1d4ed8;color:#fff;cursor:pointer}
button:disabled{background:#6b7280;border-color:#6b7280;cursor:not-allowed}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #d1d5db}
thead th{border-bottom:2px solid #374151}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.passed{color:#166534;font-weight:600}
.failed{color:#991b1b;font-weight:600}
.skipped{color:#374151;font-weight:600}
meter{width:12rem;height:1.25rem}
ul.history{padding-left:1.25rem}
.method{font-weight:700;text-transform:uppercase}
`;
