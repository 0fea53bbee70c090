/**
 * The Markdown subset lab instructions (and OpenAPI descriptions) are written in, rendered
 * to escaped HTML: ATX headings, paragraphs, fenced code blocks, bullet and numbered lists
 * (nested by indentation), block quotes, rules; inline code, strong, emphasis and links
 * (http, https, mailto and relative only). Raw HTML in the source is shown as text, never
 * interpreted: every piece of source text reaches the page through an escaping template.
 *
 * Instructions are an instructor's, but the page is a student's: the renderer stays linear
 * in the input (no backtracking regular expressions over whole paragraphs, failed searches
 * for a closing delimiter remembered), so no text can stall a request.
 */
import { type Html, type HtmlValue, html, safeUrl } from "./html.ts";

export interface MarkdownOptions {
  /** The element a `#` heading becomes: 2 for `<h2>`, so the page keeps its single `<h1>`. */
  headingLevel?: number;
}

export function renderMarkdown(source: string, options: MarkdownOptions = {}): Html {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const headingLevel = Math.min(6, Math.max(2, options.headingLevel ?? 2));
  return html`${renderBlocks(lines, { headingLevel, tight: false, depth: 0 })}`;
}

/**
 * Lists and quotes nest, and so do strong and emphasis; past this depth the rest is shown as
 * plain text, so no input can exhaust the stack or grow the work with its nesting.
 */
const MAX_DEPTH = 8;

interface BlockContext {
  headingLevel: number;
  /** Inside a tight list item: paragraphs are bare text, without `<p>`. */
  tight: boolean;
  /** Lists and quotes around these lines. */
  depth: number;
}

// Every pattern is anchored and unambiguous (no two adjacent parts can match the same
// characters), so none backtracks over a long line.
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;

const isBlank = (line: string) => line.trim() === "";
const indentOf = (line: string) => line.length - line.replace(/^ +/, "").length;

/** The opening fence and its language, if `line` opens a fenced code block. */
function openingFence(line: string): { marker: string; lang: string } | undefined {
  const m = FENCE.exec(line);
  if (!m || (m[1][0] === "`" && m[2].includes("`"))) return undefined;
  return { marker: m[1], lang: m[2].trim().split(/[ \t]/)[0] };
}

/** `## Title ##` -> `Title`: the text of an ATX heading, without its optional closing hashes. */
function headingText(line: string, hashes: number): string {
  let text = line.trim().slice(hashes).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === "#") end -= 1;
  if (end === 0) return "";
  if (end < text.length && /[ \t]/.test(text[end - 1])) text = text.slice(0, end).trimEnd();
  return text;
}

function startsBlock(line: string): boolean {
  return (
    openingFence(line) !== undefined ||
    HEADING.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    LIST_ITEM.test(line)
  );
}

function renderBlocks(lines: string[], ctx: BlockContext): Html[] {
  if (ctx.depth > MAX_DEPTH) {
    const text = lines.map((l) => l.trim()).join("\n");
    return [ctx.tight ? html`${text}` : html`<p>${text}</p>`];
  }
  const out: Html[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i += 1;
      continue;
    }
    const fence = openingFence(line);
    if (fence) {
      const { marker, lang } = fence;
      const indent = indentOf(line);
      const body: string[] = [];
      i += 1;
      const closes = (l: string) => {
        const t = l.trim();
        return indentOf(l) <= 3 && t.length >= marker.length && t === marker[0].repeat(t.length);
      };
      while (i < lines.length && !closes(lines[i])) {
        body.push(lines[i].slice(Math.min(indent, indentOf(lines[i]))));
        i += 1;
      }
      i += 1; // the closing fence (or the end of the text, which closes it too)
      const code = body.length > 0 ? `${body.join("\n")}\n` : "";
      out.push(
        lang ? html`<pre><code class="language-${lang}">${code}</code></pre>` : html`<pre><code>${code}</code></pre>`,
      );
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const hashes = heading[1].length;
      out.push(headingElement(ctx.headingLevel + hashes - 1, renderInline(headingText(line, hashes))));
      i += 1;
      continue;
    }
    if (RULE.test(line)) {
      out.push(html`<hr>`);
      i += 1;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) {
        quoted.push(lines[i].replace(QUOTE, ""));
        i += 1;
      }
      out.push(html`<blockquote>${renderBlocks(quoted, { ...ctx, tight: false, depth: ctx.depth + 1 })}</blockquote>`);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const list = readList(lines, i);
      out.push(renderList(list, ctx));
      i = list.end;
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && (paragraph.length === 0 || !startsBlock(lines[i]))) {
      paragraph.push(lines[i].trim());
      i += 1;
    }
    const text = renderInline(paragraph.join("\n"));
    out.push(ctx.tight ? text : html`<p>${text}</p>`);
  }
  return out;
}

/** `<h2>`..`<h6>`: deeper Markdown headings stay at `<h6>`. */
function headingElement(level: number, content: Html): Html {
  switch (Math.min(6, level)) {
    case 2:
      return html`<h2>${content}</h2>`;
    case 3:
      return html`<h3>${content}</h3>`;
    case 4:
      return html`<h4>${content}</h4>`;
    case 5:
      return html`<h5>${content}</h5>`;
    default:
      return html`<h6>${content}</h6>`;
  }
}

// ---------------------------------------------------------------------------------------------
// Lists

interface ListBlock {
  ordered: boolean;
  start: number;
  items: string[][];
  loose: boolean;
  /** Index of the first line after the list. */
  end: number;
}

/** The marker kind that continues a list: `-`, `*`, `+`, or the ordered delimiter `.`/`)`. */
const markerKind = (marker: string) => (/\d/.test(marker[0]) ? marker.slice(-1) : marker);

/**
 * An item holds its first line's text and every following line indented at least as far as
 * that text (`1. Create` then `   a Deployment`), blank lines between them, and unindented
 * lines that continue its paragraph. A new marker of the same kind starts the next item.
 */
function readList(lines: string[], from: number): ListBlock {
  const first = LIST_ITEM.exec(lines[from])!;
  const kind = markerKind(first[2]);
  const ordered = /\d/.test(first[2][0]);
  const list: ListBlock = {
    ordered,
    start: ordered ? Number.parseInt(first[2], 10) : 1,
    items: [],
    loose: false,
    end: from,
  };
  let i = from;
  while (i < lines.length) {
    const m = LIST_ITEM.exec(lines[i]);
    if (!m || markerKind(m[2]) !== kind || RULE.test(lines[i])) break;
    const contentIndent = m[1].length + m[2].length + (m[3].length === 0 || m[3].length > 4 ? 1 : m[3].length);
    const item = [lines[i].slice(Math.min(lines[i].length, contentIndent))];
    i += 1;
    while (i < lines.length) {
      const line = lines[i];
      if (isBlank(line)) {
        let next = i + 1;
        while (next < lines.length && isBlank(lines[next])) next += 1;
        if (next < lines.length && indentOf(lines[next]) >= contentIndent) {
          list.loose = true;
          for (; i < next; i += 1) item.push("");
          continue;
        }
        break;
      }
      if (indentOf(line) >= contentIndent) {
        item.push(line.slice(contentIndent));
      } else if (!startsBlock(line) && !isBlank(item[item.length - 1])) {
        item.push(line.trim());
      } else {
        break;
      }
      i += 1;
    }
    list.items.push(item);
    let next = i;
    while (next < lines.length && isBlank(lines[next])) next += 1;
    const following = next < lines.length ? LIST_ITEM.exec(lines[next]) : null;
    if (!following || markerKind(following[2]) !== kind || RULE.test(lines[next])) break;
    // A blank line between two items of this list makes the list loose.
    if (next > i) list.loose = true;
    i = next;
  }
  list.end = i;
  return list;
}

function renderList(list: ListBlock, ctx: BlockContext): Html {
  const itemCtx = { ...ctx, tight: !list.loose, depth: ctx.depth + 1 };
  const items = list.items.map((lines) => html`<li>${renderBlocks(lines, itemCtx)}</li>`);
  if (!list.ordered) return html`<ul>${items}</ul>`;
  return list.start === 1 ? html`<ol>${items}</ol>` : html`<ol start="${list.start}">${items}</ol>`;
}

// ---------------------------------------------------------------------------------------------
// Inline

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;

/**
 * Inline markup over one paragraph. Each opener searches forward once for its closer; a
 * search that finds none is remembered per delimiter, so a paragraph of a thousand lone `*`
 * costs one scan, not a thousand.
 */
export function renderInline(text: string, depth = 0): Html {
  if (depth > MAX_DEPTH) return html`${text}`;
  const parts: HtmlValue[] = [];
  let plain = "";
  const emit = (markup: Html) => {
    if (plain) parts.push(plain);
    plain = "";
    parts.push(markup);
  };
  const noneFrom = new Map<string, number>();
  const find = (needle: string, from: number): number => {
    const none = noneFrom.get(needle);
    if (none !== undefined && from >= none) return -1;
    const at = text.indexOf(needle, from);
    if (at < 0) noneFrom.set(needle, Math.min(none ?? from, from));
    return at;
  };
  /** The next run of exactly `n` backticks at or after `from`. */
  const findTicks = (n: number, from: number): number => {
    const ticks = "`".repeat(n);
    for (;;) {
      const at = find(ticks, from);
      if (at < 0) return -1;
      let end = at + n;
      while (text[end] === "`") end += 1;
      if (end - at === n) return at;
      from = end;
    }
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length && PUNCTUATION.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      let n = 1;
      while (text[i + n] === "`") n += 1;
      const close = findTicks(n, i + n);
      if (close < 0) {
        plain += "`".repeat(n);
        i += n;
        continue;
      }
      let code = text.slice(i + n, close).replace(/\n/g, " ");
      if (code.startsWith(" ") && code.endsWith(" ") && code.trim() !== "") code = code.slice(1, -1);
      emit(html`<code>${code}</code>`);
      i = close + n;
      continue;
    }
    if ((c === "*" || c === "_") && text[i + 1] === c) {
      const close = canOpen(text, i, 2) ? find(c + c, i + 2) : -1;
      if (close > i + 2 && canClose(text, close, 2)) {
        emit(html`<strong>${renderInline(text.slice(i + 2, close), depth + 1)}</strong>`);
        i = close + 2;
      } else {
        plain += c + c;
        i += 2;
      }
      continue;
    }
    if (c === "*" || c === "_") {
      const close = canOpen(text, i, 1) ? find(c, i + 1) : -1;
      if (close > i + 1 && canClose(text, close, 1)) {
        emit(html`<em>${renderInline(text.slice(i + 1, close), depth + 1)}</em>`);
        i = close + 1;
      } else {
        plain += c;
        i += 1;
      }
      continue;
    }
    if (c === "[") {
      const middle = find("](", i + 1);
      const end = middle < 0 ? -1 : find(")", middle + 2);
      // The label must be the text up to the first `]`: `[a] and [b](c)` links only `b`.
      if (middle >= 0 && end >= 0 && find("]", i + 1) === middle) {
        const label = renderInline(text.slice(i + 1, middle), depth + 1);
        const url = safeUrl(text.slice(middle + 2, end).trim());
        emit(url === undefined ? label : html`<a href="${url}">${label}</a>`);
        i = end + 1;
        continue;
      }
    }
    plain += c;
    i += 1;
  }
  if (plain) parts.push(plain);
  return html`${parts}`;
}

/** `*a*` opens at `*` followed by text; `_` also needs no letter before it (`snake_case` stays). */
function canOpen(text: string, at: number, width: number): boolean {
  const after = text[at + width];
  if (after === undefined || /\s/.test(after)) return false;
  return text[at] !== "_" || at === 0 || !WORD.test(text[at - 1]);
}

function canClose(text: string, at: number, width: number): boolean {
  if (/\s/.test(text[at - 1])) return false;
  const after = text[at + width];
  return text[at] !== "_" || after === undefined || !WORD.test(after);
}

/**
 * Grader text (explanations, hints, reasons) quotes commands and values in backticks and
 * means nothing else by punctuation: only `code` spans become markup; `*`, `_` and `[` stay
 * as written (`app_v2`, `nginx:*`).
 */
export function renderCodeSpans(text: string): Html {
  const pieces = text.split("`");
  // An odd number of backticks leaves the last one unpaired: it is shown as written.
  const unpaired = pieces.length % 2 === 0 ? pieces.pop() : undefined;
  const parts = pieces.map((piece, i) => (i % 2 === 1 ? html`<code>${piece}</code>` : piece));
  return unpaired === undefined ? html`${parts}` : html`${parts}\`${unpaired}`;
}
