/**
 * Safe HTML for the student pages: hono's `html` tagged template, which escapes every
 * interpolated string (`&`, `<`, `>`, `"`, `'`) unless it is already HTML made by `html`
 * or `raw`. Every attribute in a template is double-quoted, so an escaped value can never
 * leave its attribute.
 *
 * hono types the result as `HtmlEscapedString | Promise<...>` because a value may be a
 * promise; `HtmlValue` admits no promise (and no arbitrary object), so rendering here is
 * always synchronous and the narrower type below is exact.
 */
import { html as honoHtml, raw as honoRaw } from "hono/html";

/** Markup that is safe to emit as is (escaped, or built from escaped parts). */
export type Html = ReturnType<typeof honoRaw>;

/** What a template may interpolate: text (escaped), numbers, markup, nothing, or a list of these. */
export type HtmlValue = string | number | boolean | null | undefined | Html | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  return honoHtml(strings, ...values) as Html;
}

/** Marks trusted markup (the page's own CSS) as safe. Never pass user text here. */
export function raw(markup: string): Html {
  return honoRaw(markup);
}

const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * A URL fit for `href`/`action`, or undefined: relative URLs and http(s)/mailto only.
 * Browsers drop tabs, newlines and leading control characters inside URLs
 * (`java\tscript:` is `javascript:`), so any of those rejects the URL outright.
 */
export function safeUrl(url: string): string | undefined {
  if (/[\u0000-\u0020\u007f]/.test(url)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (scheme && !ALLOWED_SCHEMES.has(scheme[1].toLowerCase())) return undefined;
  return url;
}
