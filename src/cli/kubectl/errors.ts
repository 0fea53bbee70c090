/**
 * kubectl's error rendering (cmdutil.CheckErr): Status errors as
 * `Error from server (NotFound): pods "x" not found`, Invalid errors as
 * `The Pod "x" is invalid: ...` (one cause inline, several as a `* ` list), other errors as
 * `error: ...`. Exit code 1.
 */
import type { Status } from "../../sim/core/status.ts";

/** An error kubectl reports: a Status from the server, or a client-side message. */
export type KubectlError = { status: Status } | { message: string };

export function standardMessage(e: KubectlError): string {
  if ("message" in e) return e.message.startsWith("error: ") ? e.message : `error: ${e.message}`;
  const s = e.status;
  if (s.reason === "Unauthorized") return `error: You must be logged in to the server (${s.message})`;
  return s.reason ? `Error from server (${s.reason}): ${s.message}` : `Error from server: ${s.message}`;
}

/** What CheckErr prints for one error (with a trailing newline). */
export function renderError(e: KubectlError): string {
  if ("status" in e && e.status.reason === "Invalid" && e.status.details) {
    const d = e.status.details;
    let head = "The request is invalid";
    if (d.kind || d.name) head = `The ${d.kind ?? ""} "${d.name ?? ""}" is invalid`;
    const causes = d.causes ?? [];
    if (causes.length === 0) return `${head}\n`;
    const lines = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    if (lines.length === 1) return `${head}: ${lines[0]}\n`;
    return `${head}: \n${lines.map((l) => `* ${l}\n`).join("")}`;
  }
  return withNewline(standardMessage(e));
}

/**
 * What CheckErr prints for several errors collected by one command (an Aggregate):
 * MultipleErrors, one line per error through messageForError, so a Status error reads
 * `Error from server (NotFound): ...` but a plain one carries no `error: ` prefix.
 */
export function renderErrors(errs: KubectlError[]): string {
  if (errs.length === 1) return renderError(errs[0]);
  return errs.map((e) => withNewline(messageForError(e))).join("");
}

/** cmdutil.messageForError: StandardErrorMessage for Status errors, the bare text otherwise. */
export function messageForError(e: KubectlError): string {
  return "message" in e ? e.message : standardMessage(e);
}

/**
 * An aggregate nested inside another (apply's builder errors next to request errors) prints as
 * Go's aggregate Error(): the distinct texts in brackets, `[a, b]`; one error as itself.
 */
export function nestedAggregate(errs: KubectlError[]): KubectlError {
  if (errs.length === 1) return errs[0];
  const texts = [...new Set(errs.map((e) => ("message" in e ? e.message : e.status.message)))];
  return { message: texts.length === 1 ? texts[0] : `[${texts.join(", ")}]` };
}

/** cmdutil.AddSourceToErr: `error when creating "x.yaml": ...`. */
export function withSource(e: KubectlError, verb: string, source: string): KubectlError {
  if (!source) return e;
  if ("status" in e) return { status: { ...e.status, message: `error when ${verb} "${source}": ${e.status.message}` } };
  return { message: `error when ${verb} "${source}": ${e.message}` };
}

function withNewline(s: string): string {
  return s.endsWith("\n") ? s : `${s}\n`;
}
