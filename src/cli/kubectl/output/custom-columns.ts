/**
 * `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image` and
 * `-o custom-columns-file=PATH` (kubectl/pkg/cmd/get/customcolumn.go).
 *
 * Each column is a relaxed JSONPath (`metadata.name`, `.metadata.name`, `{metadata.name}` all
 * mean `{.metadata.name}`), evaluated with missing keys allowed. A cell shows every value the
 * path finds, as Go's fmt.Sprint prints them, joined by commas, or `<none>`; rows go through
 * kubectl get's tabwriter (printers/tabwriter.ts):
 *   NAME    IMAGE
 *   web-1   nginx:1.25,busybox
 */

import { GET_TABWRITER, tabwrite } from "../printers/tabwriter.ts";
import { goSprint } from "./go-values.ts";
import { compileJsonPath } from "./jsonpath.ts";

export interface Column {
  header: string;
  /** A full template: `{.metadata.name}`. */
  fieldSpec: string;
}

export interface CustomColumns {
  columns: Column[];
  noHeaders: boolean;
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression. An empty expression stays empty. */
export function relaxedJsonPathExpression(expr: string): { ok: true; template: string } | { ok: false; error: string } {
  if (expr.length === 0) return { ok: true, template: expr };
  const m = RELAXED.exec(expr);
  if (!m) {
    return {
      ok: false,
      error:
        "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    };
  }
  return { ok: true, template: `{.${m[1] ?? m[2]}}` };
}

type Parsed = { ok: true; spec: CustomColumns } | { ok: false; error: string };

/** NewCustomColumnsPrinterFromSpec: `HEADER:path,HEADER:path`. */
export function parseCustomColumnsSpec(spec: string, noHeaders = false): Parsed {
  if (spec.length === 0) return { ok: false, error: "custom-columns format specified but no custom columns given" };
  const columns: Column[] = [];
  for (const part of spec.split(",")) {
    const colon = part.indexOf(":");
    if (colon < 0)
      return { ok: false, error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    const relaxed = relaxedJsonPathExpression(part.slice(colon + 1));
    if (!relaxed.ok) return relaxed;
    columns.push({ header: part.slice(0, colon), fieldSpec: relaxed.template });
  }
  return { ok: true, spec: { columns, noHeaders } };
}

const FORMAT_HINT = "Expected format is one line of space separated headers, one line of space separated column specs.";

/**
 * NewCustomColumnsPrinterFromTemplate: a headers line and a specs line, whitespace separated.
 * (--no-headers does not apply to a template file, as upstream.)
 */
export function parseCustomColumnsTemplate(text: string): Parsed {
  // bufio.Scanner lines: split on \n, a trailing \r dropped; a final empty line is no line.
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  if (lines.at(-1) === "") lines.pop();
  if (lines.length < 1) return { ok: false, error: `invalid template, missing header line. ${FORMAT_HINT}` };
  if (lines.length < 2) return { ok: false, error: `invalid template, missing spec line. ${FORMAT_HINT}` };
  const words = (l: string) => l.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter((w) => w.length > 0);
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) {
    return {
      ok: false,
      error: `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    };
  }
  const columns: Column[] = [];
  for (let i = 0; i < headers.length; i++) {
    const relaxed = relaxedJsonPathExpression(specs[i]);
    if (!relaxed.ok) return relaxed;
    columns.push({ header: headers[i], fieldSpec: relaxed.template });
  }
  return { ok: true, spec: { columns, noHeaders: false } };
}

/** printers.EscapeTerminal: ESC and CR cannot reach the terminal (newer kubectl only). */
export function escapeTerminal(s: string): string {
  return s.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

export interface PrintOptions {
  /** Escape ESC/CR in cells as kubectl does since the terminal-escape fix; 1.21 did not. */
  escapeTerminal?: boolean;
}

/**
 * CustomColumnsPrinter.PrintObj for one object or a List (its `items`, one row each): the
 * header line unless --no-headers, then the rows, aligned. A column whose path cannot parse
 * fails the whole print with the parser's error.
 */
export function printCustomColumns(
  spec: CustomColumns,
  obj: unknown,
  opts: PrintOptions = {},
): { ok: true; text: string } | { ok: false; error: string } {
  const parsers = [];
  for (const col of spec.columns) {
    const p = compileJsonPath(col.fieldSpec, { allowMissingKeys: true });
    if (!p.ok) return p;
    parsers.push(p);
  }
  let text = spec.noHeaders ? "" : `${spec.columns.map((c) => c.header).join("\t")}\n`;
  const items = isList(obj) ? (obj as { items: unknown[] }).items : [obj];
  for (const item of items) {
    const cells: string[] = [];
    for (const p of parsers) {
      const found = p.findResults(item);
      if (!found.ok) return found;
      const values: string[] = [];
      if (found.results.length === 0 || found.results[0].length === 0) values.push("<none>");
      for (const set of found.results) {
        for (const v of set) values.push(opts.escapeTerminal === false ? goSprint(v) : escapeTerminal(goSprint(v)));
      }
      cells.push(values.join(","));
    }
    text += `${cells.join("\t")}\n`;
  }
  return { ok: true, text: tabwrite(text, GET_TABWRITER) };
}

/** meta.IsListType for unstructured content: an `items` array. */
function isList(obj: unknown): boolean {
  return typeof obj === "object" && obj !== null && Array.isArray((obj as { items?: unknown }).items);
}
